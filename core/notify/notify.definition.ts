import type { DomainModuleDefinition } from '../platform/domain-module';
import { NOTIFY_MIGRATIONS } from './migrations';
import { NOTIFY_ENTITIES } from './notify.entities';

/** Notification delivery's outbox table and the admin's menu entry; listed after the warning module, whose sms_outbox it replaces. */
export const NOTIFY_MODULE: DomainModuleDefinition = {
  id: 'notify',
  entities: NOTIFY_ENTITIES,
  migrations: NOTIFY_MIGRATIONS,
  nav: [{ href: '/admin/deliveries', label: { zh: '消息发送', en: 'Message delivery' }, roles: ['system-admin'], group: { zh: '系统管理', en: 'Administration' } }],
  templateFields: {},
  templateDemoData: {},
  auditActions: {
    'notification.retry': { zh: '重新发送消息', en: 'Message sent again' },
  },
};
