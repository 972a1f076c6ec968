import type { LocalizedText } from '../plugin-api';
import type { Channel, DeliveryStatus } from './notify.entities';

export const DELIVERY_LABELS = {
  title: { zh: '消息发送', en: 'Message delivery' },
  help: { zh: '短信和邮件只提示“您有一条待办事项”并附平台链接，不含人名、等级或事项内容；通道未配置时消息保持排队。', en: 'SMS and e-mails only say that a to-do waits, with a link to the platform: no names, levels or matter details. A channel without its settings keeps its messages queued.' },
  channelState: { zh: '通道', en: 'Channels' },
  on: { zh: '已配置', en: 'on' },
  off: { zh: '未配置（消息排队）', en: 'off (messages wait)' },
  status: { zh: '状态', en: 'Status' },
  channel: { zh: '渠道', en: 'Channel' },
  all: { zh: '全部', en: 'All' },
  filter: { zh: '筛选', en: 'Filter' },
  clear: { zh: '清除筛选', en: 'Clear' },
  person: { zh: '接收人', en: 'Recipient' },
  institution: { zh: '单位', en: 'Institution' },
  createdAt: { zh: '排队时间', en: 'Queued at' },
  attempts: { zh: '尝试次数', en: 'Attempts' },
  lastError: { zh: '最近错误', en: 'Last error' },
  sentAt: { zh: '发送时间', en: 'Sent at' },
  nextAttempt: { zh: '下次尝试', en: 'Next attempt' },
  actions: { zh: '操作', en: 'Actions' },
  retry: { zh: '重新发送', en: 'Retry' },
  retryConfirm: { zh: '确定重新发送这条消息吗？', en: 'Send this message again?' },
  retried: { zh: '已重新排队。', en: 'Queued again.' },
  none: { zh: '暂无消息。', en: 'No messages.' },
} satisfies Record<string, LocalizedText>;

export const CHANNEL_LABELS: Record<Channel, LocalizedText> = {
  sms: { zh: '短信', en: 'SMS' },
  email: { zh: '邮件', en: 'E-mail' },
};

export const STATUS_LABELS: Record<DeliveryStatus, LocalizedText> = {
  queued: { zh: '排队中', en: 'Queued' },
  retrying: { zh: '等待重试', en: 'Retrying' },
  sent: { zh: '已发送', en: 'Sent' },
  failed: { zh: '失败', en: 'Failed' },
};
