import type { LocalizedText } from '../plugin-api';

export const ASSIGNMENT_STATES = ['assigned', 'reported', 'closed', 'taken-over'] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];
/** States in which the assignment is still being worked on (the unit or the supervising body owes a step). */
export const OPEN_ASSIGNMENT_STATES: AssignmentState[] = ['assigned', 'reported'];

export const ASSIGNMENT_STATE_LABELS: Record<AssignmentState, LocalizedText> = {
  assigned: { zh: '已交办，待报告', en: 'Assigned, report due' },
  reported: { zh: '已报告，待审核', en: 'Reported, under review' },
  closed: { zh: '已办结', en: 'Closed' },
  'taken-over': { zh: '已提级办理', en: 'Taken over' },
};

export type AssignmentAction = 'assign' | 'report' | 'accept' | 'return' | 'take-over';

export const ASSIGNMENT_STEP_LABELS: Record<AssignmentAction, LocalizedText> = {
  assign: { zh: '交办', en: 'Assigned' },
  report: { zh: '报告办理结果', en: 'Outcome reported' },
  accept: { zh: '审核通过，办结', en: 'Accepted and closed' },
  return: { zh: '退回重办', en: 'Returned for rework' },
  'take-over': { zh: '提级办理', en: 'Taken over' },
};

/** Which states each action leaves from, and where it goes. */
export const ASSIGNMENT_TRANSITIONS: Record<Exclude<AssignmentAction, 'assign'>, { from: AssignmentState[]; to: AssignmentState }> = {
  report: { from: ['assigned'], to: 'reported' },
  accept: { from: ['reported'], to: 'closed' },
  return: { from: ['reported'], to: 'assigned' },
  'take-over': { from: ['assigned', 'reported'], to: 'taken-over' },
};

/** Labels of the step data fields shown on the timeline, in this order. */
export const ASSIGNMENT_FIELD_LABELS: Record<string, LocalizedText> = {
  unit: { zh: '承办单位', en: 'Unit' },
  deadline: { zh: '办理期限', en: 'Deadline' },
  instructions: { zh: '交办要求', en: 'Instructions' },
  outcome: { zh: '办理结果', en: 'Outcome' },
  warning: { zh: '所立预警', en: 'Warning raised' },
  reason: { zh: '理由', en: 'Reason' },
  note: { zh: '说明', en: 'Note' },
};
