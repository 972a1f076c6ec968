import type { AggregateSourceDef, FactContext, FactDef, PluginRecordView, RuleDef, RuleSubject, SubjectSourceDef } from '../../core/plugin-api';
import { addDays, num, str, today } from '../../core/plugin-api';
import { AGREEING_PARTIES, DECISION, EXPENDITURE, MEETING, PUBLICATION } from './records';

export const DEFAULT_LARGE_EXPENDITURE_FEN = 1_000_000;
export const DEFAULT_QUORUM_PERCENT = 67;
export const DEFAULT_PUBLISH_DAYS = 7;

type Values = Record<string, unknown>;

/** Attendance as a share of those expected, and which of the three agreeing parties had nobody there. */
export function attendance(values: Values): { expected: number; present: number; percent: number; partiesAbsent: string[] } {
  const rows = Array.isArray(values.attendance) ? (values.attendance as Values[]) : [];
  const expected = rows.reduce((s, r) => s + num(r.expected), 0);
  const present = rows.reduce((s, r) => s + num(r.present), 0);
  const partiesAbsent = AGREEING_PARTIES.filter((p) => !rows.some((r) => (p.parties as readonly string[]).includes(str(r.party)) && num(r.present) > 0)).map((p) => p.label);
  return { expected, present, percent: expected > 0 ? Math.round((present * 1000) / expected) / 10 : 0, partiesAbsent };
}

/** Below quorum: fewer present than the quorum share, or one of the three parties missing (no consensus is possible). */
export function belowQuorum(values: Values, quorumPercent: number): boolean {
  const a = attendance(values);
  return a.percent < quorumPercent || a.partiesAbsent.length > 0;
}

export const partiesAgreeing = (values: Values) => AGREEING_PARTIES.filter((p) => values[p.key] === 'agree').length;

/** A decision binds (第四篇 四) when all three parties agree at a meeting that had its quorum. */
export async function decisionValid(ctx: FactContext, decision: PluginRecordView, meetings?: Map<number, PluginRecordView>): Promise<boolean> {
  if (partiesAgreeing(decision.values) < 3 || typeof decision.values.meeting !== 'number') return false;
  // A caller walking every decision passes the meetings it has loaded: one query per decision made each write O(n).
  const meeting = meetings ? meetings.get(decision.values.meeting) : await ctx.records.get?.(decision.values.meeting);
  return !!meeting && !belowQuorum(meeting.values, num(ctx.options.quorumPercent, DEFAULT_QUORUM_PERCENT));
}

/** The expenditure names a valid decision of a meeting held on or before the day it was paid. */
export async function expenditureAuthorised(ctx: FactContext, values: Values): Promise<boolean> {
  if (typeof values.decision !== 'number' || !ctx.records.get) return false;
  const decision = await ctx.records.get(values.decision);
  if (!decision || decision.recordType !== DECISION || !(await decisionValid(ctx, decision))) return false;
  const meeting = await ctx.records.get(decision.values.meeting as number);
  return !!meeting && str(meeting.values.date) <= str(values.paidOn);
}

/** Needs a meeting decision: at or above the large-expenditure threshold, or any 一事一议 item. */
export const needsDecision = (ctx: FactContext, values: Values) => values.oneMatter === true || num(values.amountFen) >= num(ctx.options.largeExpenditureThresholdFen, DEFAULT_LARGE_EXPENDITURE_FEN);

/** Late when a convener's signature is missing after the deadline, or was given after it. */
export function minutesSignedLate(values: Values, day: string, signDays: number): boolean {
  const deadline = addDays(str(values.date), signDays);
  const signatures = [str(values.signedBranchOn), str(values.signedTeamOn)];
  if (signatures.some((s) => s && s > deadline)) return true;
  return day > deadline && signatures.some((s) => !s);
}

/** Past its deadline with no execution report dated on or before it. */
export function executionOverdue(values: Values, day: string): boolean {
  const deadline = str(values.deadline);
  if (!deadline || deadline >= day) return false;
  const reports = Array.isArray(values.executionReports) ? (values.executionReports as Values[]) : [];
  return !reports.some((r) => str(r.reportedOn) && str(r.reportedOn) <= deadline);
}

const PARTIES = { zh: '方', en: 'party|parties' };

export const FACTS: FactDef[] = [
  { id: 'meeting.attendancePercent', label: { zh: '出席率', en: 'Attendance' }, unit: 'percent', compute: (ctx) => attendance(ctx.record?.values ?? {}).percent },
  { id: 'meeting.partiesAbsent', label: { zh: '无人出席的一方', en: 'Parties with nobody present' }, unit: 'list', compute: (ctx) => attendance(ctx.record?.values ?? {}).partiesAbsent },
  { id: 'meeting.partiesAbsentCount', label: { zh: '无人出席的方数', en: 'Parties absent' }, unit: 'count', counter: PARTIES, compute: (ctx) => attendance(ctx.record?.values ?? {}).partiesAbsent.length },
  { id: 'meeting.signedLate', label: { zh: '纪要未按期签字', en: 'Minutes signed late' }, unit: 'boolean', compute: (ctx) => minutesSignedLate(ctx.record?.values ?? {}, today(ctx), ctx.thresholds?.signDays ?? 3) },
  { id: 'decision.partiesAgreeing', label: { zh: '同意的方数', en: 'Parties agreeing' }, unit: 'count', counter: PARTIES, compute: (ctx) => partiesAgreeing(ctx.record?.values ?? {}) },
  { id: 'decision.executionOverdue', label: { zh: '逾期未报告执行情况', en: 'Overdue without an execution report' }, unit: 'boolean', compute: (ctx) => executionOverdue(ctx.record?.values ?? {}, today(ctx)) },
  { id: 'decision.deadline', label: { zh: '完成时限', en: 'Deadline' }, unit: 'date', compute: (ctx) => ctx.record?.values.deadline ?? null },
  { id: 'expenditure.amountFen', label: { zh: '支出金额', en: 'Amount' }, unit: 'fen', compute: (ctx) => ctx.record?.values.amountFen },
  { id: 'expenditure.oneMatter', label: { zh: '“一事一议”事项', en: 'One-matter item' }, unit: 'boolean', compute: (ctx) => ctx.record?.values.oneMatter === true },
  { id: 'expenditure.authorised', label: { zh: '有有效的授权决议', en: 'Authorised by a valid decision' }, unit: 'boolean', compute: (ctx) => expenditureAuthorised(ctx, ctx.record?.values ?? {}) },
  ...(
    [
      ['period.meetings', { label: { zh: '期间召开的会议', en: 'Meetings held' }, unit: 'count', counter: { zh: '次', en: 'meetings' } }],
      ['period.from', { label: { zh: '期间起始日', en: 'From' }, unit: 'date' }],
      ['period.to', { label: { zh: '期间截止日', en: 'To' }, unit: 'date' }],
      ['publication.onTime', { label: { zh: '按期公开', en: 'Published on time' }, unit: 'boolean' }],
      ['publication.dueDate', { label: { zh: '公开期限', en: 'Due' }, unit: 'date' }],
      ['publication.publishedOn', { label: { zh: '公开日期', en: 'Published on' }, unit: 'date', none: { zh: '未公开', en: 'Not published' } }],
    ] as const
  ).map(([id, d]): FactDef => ({ id, ...d, compute: (ctx) => ctx.subject?.values[id.split('.')[1]] ?? null })),
];

/**
 * One subject per closed period since the first meeting (of any kind), the periods without one too: how many meetings
 * of the kinds that count were held. As data: core counts them in SQL, period by period.
 */
function periods(id: string, zh: string, en: string, kinds: string[], period: 'week' | 'day' | 'month', fourInOneOnly: boolean): AggregateSourceDef {
  return {
    id,
    label: { zh, en },
    values: { to: { label: { zh: '期间截止日', en: 'To' }, unit: 'date' } },
    aggregate: {
      recordType: MEETING,
      filters: [{ field: 'kind', operator: 'in', values: kinds }],
      groupBy: [],
      window: { field: 'date', period, sinceFirst: true },
      measure: { kind: 'count' },
      label: period === 'day' ? '{period}' : '{period}（{span}）',
      key: `${period}:{period}`,
      ...(fourInOneOnly ? { when: { option: 'variant', equal: 'four-in-one' } } : {}),
      values: { meetings: 'count', from: 'from', to: 'to' },
    },
  };
}

/** Weeks: every week, whatever the variant (the four-in-one weekly meeting is the analysis meeting). */
const weeks = periods('meeting-weeks', '自首次会议起的每一周', 'Every week since the first meeting', ['weekly-regular', 'weekly-analysis'], 'week', false);
const days = periods('meeting-days', '每日联席会（四位一体）', 'Days (four-in-one)', ['daily-joint'], 'day', true);
const months = periods('meeting-months', '每月群众通报会（四位一体）', 'Months (four-in-one)', ['monthly-briefing'], 'month', true);

/** Valid decisions (from their meeting day) and 一事一议 expenditures (from the day paid) whose publication deadline has passed or which were published late. */
const publicationDue: SubjectSourceDef = {
  id: 'publication-due',
  label: { zh: '应公开的决议和“一事一议”支出', en: 'Decisions and one-matter expenditures due for publication' },
  values: {
    kind: { label: { zh: '公开事项', en: 'Item' }, unit: 'enum', options: [{ value: 'decision', label: { zh: '联席会议决议', en: 'Meeting decision' } }, { value: 'expenditure', label: { zh: '“一事一议”支出', en: 'One-matter expenditure' } }] },
    publishedOn: { label: { zh: '公开日期', en: 'Published on' }, unit: 'date', none: { zh: '未公开', en: 'Not published' } },
  },
  list: async (ctx) => {
    const day = today(ctx);
    const days = num(ctx.options.publishDays, DEFAULT_PUBLISH_DAYS);
    const pubs = await ctx.records.list(PUBLICATION);
    const firstPublished = (field: string, id: number) =>
      pubs
        .filter((p) => p.values[field] === id)
        .map((p) => str(p.values.publishedOn))
        .sort()[0] ?? null;
    const out: RuleSubject[] = [];
    const push = (kind: string, r: PluginRecordView, from: string) => {
      const dueDate = addDays(from, days);
      const publishedOn = firstPublished(kind, r.id);
      const onTime = !!publishedOn && publishedOn <= dueDate;
      if (dueDate >= day && !publishedOn) return;
      out.push({ key: `${kind}:${r.id}`, label: r.title, recordId: r.id, values: { onTime, dueDate, publishedOn, kind } });
    };
    const meetings = new Map((await ctx.records.list(MEETING)).map((m) => [m.id, m]));
    for (const d of await ctx.records.list(DECISION)) {
      const meeting = meetings.get(d.values.meeting as number);
      if (meeting && str(meeting.values.date) <= day && (await decisionValid(ctx, d, meetings))) push('decision', d, str(meeting.values.date));
    }
    for (const e of await ctx.records.list(EXPENDITURE)) if (e.values.oneMatter === true && str(e.values.paidOn) <= day) push('expenditure', e, str(e.values.paidOn));
    return out;
  },
};

export const SUBJECTS: SubjectSourceDef[] = [publicationDue];
export const AGGREGATE_SUBJECTS: AggregateSourceDef[] = [weeks, days, months];

const noMeeting = (id: string, subjects: string, zh: string, en: string, msgZh: string, msgEn: string): RuleDef => ({
  id,
  version: 1,
  label: { zh, en },
  recordType: MEETING,
  subjects,
  level: 'yellow',
  // The second condition always holds: it keeps the period's bounds with the hit's inputs.
  when: { all: [{ fact: 'period.meetings', operator: 'equal', value: 0 }, { fact: 'period.from', operator: 'notEqual', value: null }] },
  message: { zh: msgZh, en: msgEn },
});

export const RULES: RuleDef[] = [
  noMeeting('no-weekly-meeting', 'meeting-weeks', '本周未召开联席会议例会', 'No regular meeting this week', '该周没有召开联席会议例会（四位一体为分析研判会），不符合“每周召开一次”的规定', 'No regular (or, four-in-one, analysis) meeting was held in this week'),
  noMeeting('no-daily-joint-meeting', 'meeting-days', '当日未召开联席会（四位一体）', 'No daily joint meeting (four-in-one)', '四位一体机制要求每天召开联席会，当日没有会议记录', 'The four-in-one variant meets daily; no meeting was recorded that day'),
  noMeeting('no-monthly-briefing', 'meeting-months', '当月未召开群众通报会（四位一体）', 'No monthly briefing (four-in-one)', '四位一体机制要求每月召开群众通报会，当月没有会议记录', 'The four-in-one variant briefs villagers monthly; none was recorded that month'),
  {
    id: 'expenditure-without-decision',
    version: 1,
    label: { zh: '大额或“一事一议”支出未经联席会议决议', en: 'Large or one-matter expenditure without a meeting decision' },
    recordType: EXPENDITURE,
    level: 'red',
    when: {
      all: [
        { any: [{ fact: 'expenditure.amountFen', operator: 'greaterThanInclusive', value: { option: 'largeExpenditureThresholdFen' } }, { fact: 'expenditure.oneMatter', operator: 'equal', value: true }] },
        { fact: 'expenditure.authorised', operator: 'equal', value: false },
      ],
    },
    inputs: { largeExpenditureThresholdFen: { label: { zh: '大额支出标准', en: 'Large-expenditure threshold' }, unit: 'fen' } },
    message: { zh: '达到大额标准或属于“一事一议”的支出，没有联席会议三方一致的有效决议授权', en: 'A large or one-matter expenditure has no valid, unanimous meeting decision behind it' },
  },
  {
    id: 'decision-without-consensus',
    version: 1,
    label: { zh: '决议未经三方一致同意', en: 'Decision without all three parties' },
    recordType: DECISION,
    level: 'red',
    when: { fact: 'decision.partiesAgreeing', operator: 'lessThan', value: 3 },
    message: { zh: '决议未经村党支部、工作组、警务室三方一致同意', en: 'The branch, the work team and the police office did not all agree' },
  },
  {
    id: 'meeting-below-quorum',
    version: 1,
    label: { zh: '会议出席人数不足', en: 'Meeting below quorum' },
    recordType: MEETING,
    level: 'yellow',
    when: { any: [{ fact: 'meeting.attendancePercent', operator: 'lessThan', value: { option: 'quorumPercent' } }, { fact: 'meeting.partiesAbsentCount', operator: 'greaterThan', value: 0 }] },
    inputs: { quorumPercent: { label: { zh: '规定出席比例', en: 'Quorum' }, unit: 'percent' } },
    message: { zh: '出席人数低于规定比例或有一方无人出席，会议所作决议无效', en: 'Attendance under the quorum or a party absent: the decisions taken are invalid' },
  },
  {
    id: 'minutes-not-signed',
    version: 1,
    label: { zh: '会议纪要未在3日内签字', en: 'Minutes not signed within 3 days' },
    recordType: MEETING,
    level: 'blue',
    when: { fact: 'meeting.signedLate', operator: 'equal', value: true },
    thresholds: { signDays: 3 },
    message: { zh: '两名召集人未在会后3日内在会议纪要上签字', en: 'The two conveners did not sign the minutes within 3 days' },
  },
  {
    id: 'not-published',
    version: 1,
    label: { zh: '决议或“一事一议”支出未按期公开', en: 'Decision or one-matter expenditure not published in time' },
    recordType: DECISION,
    subjects: 'publication-due',
    level: 'yellow',
    when: { all: [{ fact: 'publication.onTime', operator: 'equal', value: false }, { fact: 'publication.dueDate', operator: 'notEqual', value: null }] },
    message: { zh: '联席会议决议或“一事一议”支出未在规定天数内进行村务公开', en: 'Not published to villagers within the configured number of days' },
  },
  {
    id: 'decision-overdue',
    version: 1,
    label: { zh: '决议逾期未报告执行情况', en: 'Decision overdue with no execution report' },
    recordType: DECISION,
    level: 'yellow',
    when: { all: [{ fact: 'decision.executionOverdue', operator: 'equal', value: true }, { fact: 'decision.deadline', operator: 'notEqual', value: null }] },
    message: { zh: '决议已过完成时限，没有执行情况报告', en: 'The deadline has passed and no execution report was filed' },
  },
];
