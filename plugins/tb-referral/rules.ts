import type { FactContext, FactDef, FollowUpRecord, PluginRecordView, RuleDef, RuleSubject, SubjectSourceDef } from '../../core/plugin-api';
import { addDays, addMonths, chinesePeriod, daysBetween, firstDayOfMonth, lastDayOfMonth, monthOf, nextMonth, quarterOf, str, today } from '../../core/plugin-api';
import { REFERRAL, SUPERVISION, TASK } from './records';

type Row = Record<string, unknown>;
const rows = (v: unknown): Row[] => (Array.isArray(v) ? (v as Row[]) : []);

/** Intensive phase: 2 months for new patients, 3 for retreatment (the continuation phase follows). */
export const intensiveMonths = (r: PluginRecordView) => (r.values.treatmentType === 'retreatment' ? 3 : 2);
/** Sputum exams at the end of months 2, 5 and 6; 8 too for retreatment (000 第五篇). */
export const sputumMonths = (r: PluginRecordView) => (r.values.treatmentType === 'retreatment' ? [2, 5, 6, 8] : [2, 5, 6]);
/** The last day a treatment is followed: its outcome date, else today. */
const treatmentEnd = (r: PluginRecordView, day: string) => str(r.values.outcomeDate) || day;

/** Referrals in this institution's network that name it in `field` (the township managing them, the hospital receiving them). */
export async function addressedTo(ctx: FactContext, field: 'township' | 'toHospital'): Promise<PluginRecordView[]> {
  const code = ctx.records.institution ? (await ctx.records.institution()).code : '';
  // In SQL across the network: only the referrals naming it are read, not the district's.
  return ctx.records.find!(REFERRAL, { equal: { [field]: code } }, { scope: 'network' });
}

export const treated = (list: PluginRecordView[]) => list.filter((r) => typeof r.values.treatmentStart === 'string');

/** Days from referral to arrival, or to today when the person has not arrived. */
export function daysWithoutArrival(r: PluginRecordView, day: string): number {
  return daysBetween(str(r.values.referralDate), str(r.values.arrivalDate) || day);
}

/** Days from the start of tracking to arrival, or to today when the person has still not arrived. */
export function daysSinceTracking(start: string, r: PluginRecordView, day: string): number {
  return daysBetween(start, str(r.values.arrivalDate) || day);
}

/** The township's tracking task for a referral that has not arrived: due 7 days after tracking starts. */
export async function trackingTask(ctx: FactContext): Promise<FollowUpRecord | null> {
  const r = ctx.record;
  if (!r || str(r.values.arrivalDate) || !str(r.values.township)) return null;
  const start = today(ctx);
  const by = ctx.records.institution ? (await ctx.records.institution()).name : '';
  return {
    recordType: TASK,
    institutionCode: str(r.values.township),
    values: { referralNo: r.values.referralNo, referralId: r.id, referredBy: by, referralDate: r.values.referralDate, startDate: start, dueDate: addDays(start, 7) },
  };
}

/** The longest gap in days between village visits from treatment start to its end (or today). */
export function longestVillageGap(r: PluginRecordView, day: string): number {
  const start = str(r.values.treatmentStart);
  if (!start) return 0;
  const end = treatmentEnd(r, day);
  const dates = [start, ...rows(r.values.villageVisits).map((v) => str(v.date)).filter((d) => d >= start && d <= end).sort(), end];
  let max = 0;
  for (let i = 1; i < dates.length; i++) max = Math.max(max, daysBetween(dates[i - 1], dates[i]));
  return max;
}

/** Township-visit periods that have ended without a visit: each calendar month of the intensive phase, each 2 months after. */
export function missedTownshipPeriods(r: PluginRecordView, day: string): string[] {
  const start = str(r.values.treatmentStart);
  if (!start) return [];
  const end = treatmentEnd(r, day);
  const visits = rows(r.values.townshipVisits).map((v) => str(v.date));
  const out: string[] = [];
  const continuation = addMonths(start, intensiveMonths(r));
  for (let m = monthOf(start); firstDayOfMonth(m) < continuation; m = nextMonth(m)) {
    const last = lastDayOfMonth(m);
    if (last >= end || last >= day) break;
    if (!visits.some((d) => monthOf(d) === m)) out.push(m);
  }
  for (let from = continuation; ; from = addMonths(from, 2)) {
    const to = addDays(addMonths(from, 2), -1);
    if (to >= end || to >= day) break;
    if (!visits.some((d) => d >= from && d <= to)) out.push(`${from}~${to}`);
  }
  return out;
}

/** Sputum exams past their due day (end of the treatment month) plus `graceDays`, with no result. */
export function overdueSputum(r: PluginRecordView, day: string, graceDays: number): number[] {
  const start = str(r.values.treatmentStart);
  if (!start) return [];
  const done = new Set(rows(r.values.sputumExams).map((e) => e.month));
  const stop = str(r.values.outcomeDate);
  return sputumMonths(r).filter((m) => {
    const due = addMonths(start, m);
    if (stop && stop < due) return false;
    return !done.has(m) && daysBetween(due, day) > graceDays;
  });
}

const subject = (key: string, r: PluginRecordView, values: Record<string, unknown>): RuleSubject => ({ key, label: r.title, recordId: r.id, values });

const SUBJECTS: SubjectSourceDef[] = [
  {
    id: 'tracked-referrals',
    label: { zh: '乡镇追踪中的转诊', en: 'Referrals under township tracking' },
    list: async (ctx) => {
      // Tracking starts on the recorded date, else on the day core created the township's tracking task.
      const tasks = new Map((await ctx.records.list(TASK)).map((t) => [t.values.referralId, str(t.values.startDate)]));
      return (await addressedTo(ctx, 'township'))
        .map((r) => ({ r, start: str(r.values.trackingStartDate) || tasks.get(r.id) || '' }))
        .filter((x) => x.start)
        .map(({ r, start }) => subject(`referral:${r.id}`, r, { daysSinceTracking: daysSinceTracking(start, r, today(ctx)) }));
    },
  },
  {
    id: 'township-visit-periods',
    label: { zh: '乡镇访视周期', en: 'Township visit periods' },
    values: { period: { label: { zh: '访视周期', en: 'Period' }, unit: 'period' } },
    list: async (ctx) => treated(await addressedTo(ctx, 'township')).flatMap((r) => missedTownshipPeriods(r, today(ctx)).map((p) => subject(`${r.id}:${p}`, r, { period: p, visits: 0 }))),
  },
  {
    id: 'finished-treatments',
    label: { zh: '已结束治疗的患者', en: 'Finished treatments' },
    list: async (ctx) =>
      treated(await addressedTo(ctx, 'township'))
        .filter((r) => str(r.values.outcome) && str(r.values.outcomeDate) <= today(ctx))
        .map((r) => subject(`${r.id}`, r, { townshipVisits: rows(r.values.townshipVisits).length })),
  },
  {
    id: 'sputum-due',
    label: { zh: '到期复查痰检', en: 'Sputum exams due' },
    values: { month: { label: { zh: '应复查时点（治疗满）', en: 'Due after treatment of' }, unit: 'count', counter: { zh: '个月', en: 'month|months' } } },
    list: async (ctx) => treated(await addressedTo(ctx, 'toHospital')).flatMap((r) => overdueSputum(r, today(ctx), ctx.thresholds?.graceDays ?? 14).map((m) => subject(`${r.id}:m${m}`, r, { month: m, overdue: true }))),
  },
  {
    id: 'monthly-costs',
    label: { zh: '门诊月自费费用', en: 'Monthly self-paid cost' },
    values: { month: { label: { zh: '费用月份', en: 'Month' }, unit: 'period' } },
    list: async (ctx) => (await addressedTo(ctx, 'toHospital')).flatMap((r) => rows(r.values.monthlyCosts).map((c) => subject(`${r.id}:${str(c.month)}`, r, { month: c.month, selfPaidFen: c.selfPaidFen }))),
  },
  {
    id: 'supervision-periods',
    label: { zh: '督导周期', en: 'Supervision periods' },
    values: { target: { label: { zh: '被督导单位', en: 'Supervised institution' }, unit: 'institution' }, period: { label: { zh: '督导周期', en: 'Period' }, unit: 'period' } },
    list: async (ctx) => {
      const visits = await ctx.records.list(SUPERVISION);
      const day = today(ctx);
      const lookback = ctx.thresholds?.lookbackMonths ?? 12;
      const out: RuleSubject[] = [];
      const targets = (key: string) => (Array.isArray(ctx.options[key]) ? (ctx.options[key] as string[]) : []);
      // The label names the unit as the latest visit record did; the code only when it was never visited.
      const named = new Map(visits.filter((v) => str(v.values.targetName)).map((v) => [v.values.target, str(v.values.targetName)]));
      const label = (t: string, period: string) => `${named.get(t) ?? t} ${chinesePeriod(period) ?? period}`;
      // Complete months and quarters within the look-back window, each target institution once per period.
      const first = monthOf(addMonths(day, -lookback));
      for (let m = first; m < monthOf(day); m = nextMonth(m)) {
        for (const t of targets('superviseMonthly')) {
          const done = visits.some((v) => v.values.target === t && monthOf(str(v.values.date)) === m);
          out.push({ key: `${t}:${m}`, label: label(t, m), values: { target: t, period: m, visits: done ? 1 : 0 } });
        }
        const q = quarterOf(firstDayOfMonth(m));
        if (quarterOf(firstDayOfMonth(nextMonth(m))) !== q && quarterOf(firstDayOfMonth(first)) !== q) {
          for (const t of targets('superviseQuarterly')) {
            const done = visits.some((v) => v.values.target === t && quarterOf(str(v.values.date)) === q);
            out.push({ key: `${t}:${q}`, label: label(t, q), values: { target: t, period: q, visits: done ? 1 : 0 } });
          }
        }
      }
      return out;
    },
  },
];
export { SUBJECTS };

const VISITS = { zh: '次', en: 'visits' };

export const FACTS: FactDef[] = [
  { id: 'referral.daysWithoutArrival', label: { zh: '转诊后未到位天数', en: 'Days without arrival' }, unit: 'days', compute: (ctx) => (ctx.record ? daysWithoutArrival(ctx.record, today(ctx)) : 0) },
  { id: 'referral.longestVillageGap', label: { zh: '村卫生室访视最长间隔', en: 'Longest gap between village visits' }, unit: 'days', compute: (ctx) => (ctx.record ? longestVillageGap(ctx.record, today(ctx)) : 0) },
  ...(
    [
      ['daysSinceTracking', { label: { zh: '开始追踪后未到位天数', en: 'Days since tracking started' }, unit: 'days' }],
      ['visits', { label: { zh: '本周期访视（督导）次数', en: 'Visits in the period' }, unit: 'count', counter: VISITS }],
      ['townshipVisits', { label: { zh: '全程乡镇访视次数', en: 'Township visits over the treatment' }, unit: 'count', counter: VISITS }],
      ['overdue', { label: { zh: '痰检逾期未做', en: 'Sputum exam overdue' }, unit: 'boolean' }],
      ['selfPaidFen', { label: { zh: '当月自费费用', en: 'Self-paid in the month' }, unit: 'fen' }],
    ] as const
  ).map(([k, d]): FactDef => ({ id: `subject.${k}`, ...d, compute: (ctx) => ctx.subject?.values[k] })),
];

export const RULES: RuleDef[] = [
  {
    id: 'referral-not-arrived',
    version: 1,
    label: { zh: '转诊后7天未到位', en: 'No arrival within 7 days of referral' },
    recordType: REFERRAL,
    level: 'blue',
    thresholds: { days: 7 },
    inputs: { days: { label: { zh: '规定到位天数', en: 'Allowed days' }, unit: 'days' } },
    when: { fact: 'referral.daysWithoutArrival', operator: 'greaterThan', value: { threshold: 'days' } },
    followUp: trackingTask,
    message: { zh: '转诊的可疑者超过{days}未到定点医院就诊，应由乡镇卫生院追踪', en: 'The referred person has not arrived within {days}; the township must track them' },
  },
  {
    id: 'tracking-not-arrived',
    // v2: hits on the 7th day after tracking started (day 15 after a day-8 start), no longer the 8th.
    version: 2,
    label: { zh: '追踪7天后仍未到位', en: 'Still no arrival 7 days after tracking' },
    recordType: REFERRAL,
    subjects: 'tracked-referrals',
    level: 'yellow',
    thresholds: { days: 7 },
    inputs: { days: { label: { zh: '追踪期限', en: 'Allowed days' }, unit: 'days' } },
    when: { fact: 'subject.daysSinceTracking', operator: 'greaterThanInclusive', value: { threshold: 'days' } },
    message: { zh: '开始追踪{days}后患者仍未到定点医院', en: 'The person has not arrived {days} after tracking started' },
  },
  {
    id: 'township-visit-missing',
    version: 1,
    label: { zh: '乡镇访视缺失（强化期每月、继续期每2月）', en: 'Township visit missing for a period' },
    recordType: REFERRAL,
    subjects: 'township-visit-periods',
    level: 'blue',
    when: { fact: 'subject.visits', operator: 'equal', value: 0 },
    inputs: { 'subject.visits': { label: { zh: '本周期乡镇访视次数', en: 'Township visits in the period' }, unit: 'count', counter: VISITS } },
    message: { zh: '强化期内某月或继续期内某2个月无乡镇卫生院访视记录', en: 'No township visit in an intensive-phase month or a 2-month continuation period' },
  },
  {
    id: 'village-visit-gap',
    version: 1,
    label: { zh: '村卫生室访视间隔超过14天', en: 'Village visit gap over 14 days' },
    recordType: REFERRAL,
    level: 'blue',
    thresholds: { days: 14 },
    inputs: { days: { label: { zh: '规定最长间隔', en: 'Allowed gap' }, unit: 'days' } },
    when: { fact: 'referral.longestVillageGap', operator: 'greaterThan', value: { threshold: 'days' } },
    message: { zh: '村卫生室对治疗中患者的访视间隔超过{days}', en: 'The village clinic left more than {days} between visits' },
  },
  {
    id: 'sputum-overdue',
    version: 1,
    label: { zh: '复查痰检逾期14天', en: 'Sputum exam overdue by 14 days' },
    recordType: REFERRAL,
    subjects: 'sputum-due',
    level: 'blue',
    thresholds: { graceDays: 14 },
    inputs: { graceDays: { label: { zh: '逾期宽限天数', en: 'Grace period' }, unit: 'days' } },
    when: { fact: 'subject.overdue', operator: 'equal', value: true },
    message: { zh: '第2、5、6（复治8）月末复查痰检逾期未做', en: 'A month-2/5/6 (8) sputum exam is overdue' },
  },
  {
    id: 'township-visits-under-4',
    version: 1,
    label: { zh: '全程乡镇访视少于4次', en: 'Fewer than 4 township visits over the treatment' },
    recordType: REFERRAL,
    subjects: 'finished-treatments',
    level: 'yellow',
    thresholds: { minVisits: 4 },
    inputs: { minVisits: { label: { zh: '规定最少访视次数', en: 'Minimum visits' }, unit: 'count', counter: VISITS } },
    when: { fact: 'subject.townshipVisits', operator: 'lessThan', value: { threshold: 'minVisits' } },
    message: { zh: '患者全程治疗期间乡镇卫生院访视少于4次', en: 'Fewer than 4 township visits over a finished treatment' },
  },
  {
    id: 'self-paid-over-limit',
    version: 1,
    label: { zh: '门诊月自费费用超过150元', en: 'Monthly self-paid cost over 150 yuan' },
    recordType: REFERRAL,
    subjects: 'monthly-costs',
    level: 'yellow',
    thresholds: { limitFen: 15000 },
    inputs: { limitFen: { label: { zh: '控费标准', en: 'Limit' }, unit: 'fen' } },
    when: { fact: 'subject.selfPaidFen', operator: 'greaterThan', value: { threshold: 'limitFen' } },
    message: { zh: '一般门诊肺结核患者月自费费用超过150元控费标准', en: 'Monthly self-paid outpatient cost above the 150-yuan limit' },
  },
  {
    id: 'supervision-missing',
    version: 1,
    label: { zh: '督导检查缺失', en: 'Supervision visit missing' },
    recordType: SUPERVISION,
    subjects: 'supervision-periods',
    level: 'blue',
    thresholds: { lookbackMonths: 12 },
    when: { fact: 'subject.visits', operator: 'equal', value: 0 },
    inputs: { lookbackMonths: { label: { zh: '回溯月数', en: 'Months looked back' }, unit: 'count', counter: { zh: '个月', en: 'month|months' } }, 'subject.visits': { label: { zh: '本周期督导次数', en: 'Supervision visits in the period' }, unit: 'count', counter: VISITS } },
    message: { zh: '本周期内未开展规定的督导检查（疾控对定点医院每月、对乡镇每季度；乡镇对村卫生室每月）', en: 'A required supervision visit is missing for its period' },
  },
];
