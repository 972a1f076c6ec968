import type { DashboardPanel, FactContext, PluginRecordView } from '../../core/plugin-api';
import { addDays, addMonths, chineseDate, firstDayOfMonth, lastDayOfMonth, monthOf, str, today } from '../../core/plugin-api';
import { referralsOf } from './indicators';
import { intensiveMonths, missedTownshipPeriods, treated } from './rules';

const dates = (v: unknown) => (Array.isArray(v) ? (v as { date?: unknown }[]).map((x) => str(x.date)).filter(Boolean).sort() : []);

export interface VisitDue {
  referralNo: string;
  phase: 'intensive' | 'continuation';
  /** Township: the current period's last day (end of month in the intensive phase, of the 2-month window after). */
  townshipDue: string;
  /** The last day of the latest township period that ended with no visit, if any. */
  townshipMissed: string;
  townshipDone: string;
  /** Village: 14 days after the last village visit (or the treatment start). */
  villageDue: string;
  lastVillage: string;
}

/** What each patient under treatment (no outcome yet) needs next, as of `day`: the cadences of the visit rules. */
export function visitDue(r: PluginRecordView, day: string): VisitDue {
  const start = str(r.values.treatmentStart);
  const continuation = addMonths(start, intensiveMonths(r));
  const township = dates(r.values.townshipVisits);
  let from: string;
  let to: string;
  if (day < continuation) {
    from = firstDayOfMonth(monthOf(day));
    to = lastDayOfMonth(monthOf(day));
  } else {
    for (from = continuation; addMonths(from, 2) <= day; from = addMonths(from, 2));
    to = addDays(addMonths(from, 2), -1);
  }
  const village = dates(r.values.villageVisits).filter((d) => d >= start && d <= day);
  const lastVillage = village.at(-1) ?? '';
  // A period that ended without a township visit stays overdue until the current period has one.
  const missed = missedTownshipPeriods(r, day).at(-1);
  return {
    referralNo: r.title,
    phase: day < continuation ? 'intensive' : 'continuation',
    townshipDue: to,
    townshipMissed: !missed ? '' : missed.includes('~') ? missed.split('~')[1] : lastDayOfMonth(missed),
    townshipDone: township.filter((d) => d >= from && d <= day).at(-1) ?? '',
    villageDue: addDays(lastVillage || start, 14),
    lastVillage,
  };
}

type VisitState = 'visited' | 'overdue' | 'due' | 'later';
const VISIT_STATES: Record<VisitState, { zh: string; en: string }> = {
  visited: { zh: '本期已访视', en: 'Visited this period' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  due: { zh: '本月应访视', en: 'Due this month' },
  later: { zh: '本月后到期', en: 'Due later' },
};

/** The visit calendar of a township (its managed patients) or a village clinic (the patients it referred or supervises). */
export async function visitCalendar(ctx: FactContext): Promise<DashboardPanel[]> {
  const day = today(ctx);
  const code = ctx.records.institution ? (await ctx.records.institution()).code : '';
  const mine = ctx.options.networkRole === 'village' ? (await ctx.records.list('tb-referral', { scope: 'network' })).filter((r) => r.institutionId === ctx.institutionId || r.values.supervisingVillage === code) : await referralsOf(ctx);
  const active = treated(mine).filter((r) => !str(r.values.outcome) && str(r.values.treatmentStart) <= day);
  const township = ctx.options.networkRole === 'township';
  const monthEnd = lastDayOfMonth(monthOf(day));
  const rows = active
    .map((r) => visitDue(r, day))
    .map((v) => {
      const due = township ? (v.townshipDone ? '' : v.townshipMissed || v.townshipDue) : v.villageDue;
      const state: VisitState = !due ? 'visited' : due < day ? 'overdue' : due <= monthEnd ? 'due' : 'later';
      return { v, due, state };
    })
    .sort((a, b) => (a.due || '9999').localeCompare(b.due || '9999') || a.v.referralNo.localeCompare(b.v.referralNo));
  const count = (s: VisitState) => rows.filter((x) => x.state === s).length;
  return [
    {
      kind: 'stats',
      title: { zh: `访视日历（${chineseDate(day)}）`, en: `Visit calendar (${day})` },
      stats: [
        { label: { zh: '在治患者', en: 'Under treatment' }, value: String(rows.length) },
        { label: { zh: '已逾期', en: 'Overdue' }, value: String(count('overdue')) },
        { label: { zh: '本月应访视', en: 'Due this month' }, value: String(count('due')) },
        { label: { zh: '本期已访视', en: 'Visited this period' }, value: String(count('visited')) },
      ],
    },
    {
      kind: 'table',
      title: township ? { zh: '乡镇访视（强化期每月、继续期每2个月至少1次）', en: 'Township visits (monthly, then every 2 months)' } : { zh: '村卫生室访视（间隔不超过14天）', en: 'Village visits (every 14 days)' },
      columns: [
        { zh: '转诊单编号', en: 'Referral code' },
        { zh: '治疗阶段', en: 'Phase' },
        { zh: township ? '本期已访视日期' : '上次访视日期', en: township ? 'Visited this period' : 'Last visit' },
        { zh: '应访视日期', en: 'Due by' },
        { zh: '状态', en: 'Status' },
      ],
      rows: rows.map(({ v, due, state }) => [v.referralNo, v.phase === 'intensive' ? { zh: '强化期', en: 'Intensive' } : { zh: '继续期', en: 'Continuation' }, (township ? v.townshipDone : v.lastVillage) || '—', due || '—', VISIT_STATES[state]]),
    },
  ];
}
