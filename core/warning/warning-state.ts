import { AppError } from '../http/app-error';
import type { LocalizedText } from '../plugin-api';

export const WARNING_STATES = ['decided', 'notified', 'interviewed', 'answered', 'rejected', 'accepted', 'followed-up', 'appealed', 'released', 'revoked', 'archived'] as const;
export type WarningState = (typeof WARNING_STATES)[number];

export const STATE_LABELS: Record<WarningState, LocalizedText> = {
  decided: { zh: '已决定，待发通知', en: 'Decided, notice pending' },
  notified: { zh: '已发通知，待答复', en: 'Notified, answer due' },
  interviewed: { zh: '已约谈，待答复', en: 'Interviewed, answer due' },
  answered: { zh: '已答复，待审核', en: 'Answered, under review' },
  rejected: { zh: '答复未通过，待重新答复', en: 'Answer rejected, answer again' },
  accepted: { zh: '答复已采纳，待回访', en: 'Answer accepted, follow-up due' },
  'followed-up': { zh: '已回访，待解除', en: 'Followed up, release pending' },
  appealed: { zh: '申诉中', en: 'Under appeal' },
  released: { zh: '已解除预警', en: 'Released' },
  revoked: { zh: '申诉成立，已撤销', en: 'Revoked on appeal' },
  archived: { zh: '已归档', en: 'Archived' },
};

/** States in which the warned person owes an answer by the due date. */
export const AWAITING_ANSWER: WarningState[] = ['notified', 'interviewed', 'rejected'];
/** States that are still open (on the board, counted as active). */
export const OPEN_STATES: WarningState[] = ['decided', 'notified', 'interviewed', 'answered', 'rejected', 'accepted', 'followed-up', 'appealed'];

export type WarningAction =
  | 'issue'
  | 'schedule-interview'
  | 'interview'
  | 'answer'
  | 'accept'
  | 'reject'
  | 'request-extension'
  | 'decide-extension'
  | 'follow-up'
  | 'release'
  | 'appeal'
  | 'answer-appeal'
  | 'archive'
  | 'escalate';

/** For each action: the states it may start from, and the state it leads to (null: decided by the step itself). */
export const TRANSITIONS: Record<WarningAction, { from: WarningState[]; to: WarningState | null }> = {
  issue: { from: ['decided'], to: 'notified' },
  'schedule-interview': { from: ['notified', 'interviewed', 'rejected'], to: null },
  interview: { from: ['notified', 'interviewed', 'rejected'], to: 'interviewed' },
  answer: { from: ['notified', 'interviewed', 'rejected'], to: 'answered' },
  accept: { from: ['answered'], to: 'accepted' },
  reject: { from: ['answered'], to: 'rejected' },
  'request-extension': { from: ['notified', 'interviewed', 'rejected'], to: null },
  'decide-extension': { from: ['notified', 'interviewed', 'rejected', 'answered'], to: null },
  'follow-up': { from: ['accepted'], to: 'followed-up' },
  release: { from: ['followed-up'], to: 'released' },
  appeal: { from: ['notified', 'interviewed', 'answered', 'rejected', 'accepted', 'followed-up'], to: 'appealed' },
  'answer-appeal': { from: ['appealed'], to: null },
  archive: { from: ['released', 'revoked'], to: 'archived' },
  escalate: { from: ['notified', 'interviewed', 'answered', 'rejected', 'accepted', 'followed-up'], to: 'notified' },
};

const ACTION_LABELS: Record<WarningAction, LocalizedText> = {
  issue: { zh: '发出预警通知', en: 'issue the notice' },
  'schedule-interview': { zh: '安排约谈', en: 'schedule an interview' },
  interview: { zh: '登记约谈', en: 'record an interview' },
  answer: { zh: '提交答复', en: 'answer' },
  accept: { zh: '采纳答复', en: 'accept the answer' },
  reject: { zh: '退回答复', en: 'reject the answer' },
  'request-extension': { zh: '申请延期', en: 'request an extension' },
  'decide-extension': { zh: '审批延期', en: 'decide the extension' },
  'follow-up': { zh: '回访登记', en: 'record the follow-up visit' },
  release: { zh: '解除预警', en: 'release the warning' },
  appeal: { zh: '提出申诉', en: 'appeal' },
  'answer-appeal': { zh: '答复申诉', en: 'answer the appeal' },
  archive: { zh: '归档', en: 'archive' },
  escalate: { zh: '升级预警', en: 'escalate' },
};

export function canDo(state: string, action: WarningAction): boolean {
  return TRANSITIONS[action].from.includes(state as WarningState);
}

/** The state after `action`, or a 409 naming the current state and where the action is allowed. */
export function transition(state: string, action: WarningAction): WarningState | null {
  if (!canDo(state, action)) {
    const cur = STATE_LABELS[state as WarningState] ?? { zh: state, en: state };
    const from = TRANSITIONS[action].from.map((s) => STATE_LABELS[s]);
    throw AppError.conflict({
      zh: `当前状态为“${cur.zh}”，不能${ACTION_LABELS[action].zh}（仅限：${from.map((f) => f.zh).join('、')}）`,
      en: `The warning is "${cur.en}"; cannot ${ACTION_LABELS[action].en} (only when: ${from.map((f) => f.en).join(', ')})`,
    });
  }
  return TRANSITIONS[action].to;
}

export function actionsFrom(state: string): WarningAction[] {
  return (Object.keys(TRANSITIONS) as WarningAction[]).filter((a) => a !== 'escalate' && canDo(state, a));
}
