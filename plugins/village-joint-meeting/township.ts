import type { DashboardLink, DashboardPanel, FactContext } from '../../core/plugin-api';
import { num, yuanText } from '../../core/plugin-api';
import { EXPENDITURE, MEETING } from './records';
import { expenditureAuthorised, needsDecision } from './rules';

const SCREEN = '/p/village-joint-meeting';

/** One village's figures for the township view, from its own records, options and hits. */
export interface VillageFigures {
  id: number;
  name: string;
  regularMeetings: number;
  weeksWithMeeting: number;
  weeks: number;
  unauthorisedCount: number;
  unauthorisedFen: number;
  overduePublications: number;
  ruleHits: number;
}

export async function villageFigures(v: { id: number; name: string; context: FactContext }): Promise<VillageFigures> {
  const ctx = v.context;
  const weeks = await ctx.records.subjects!('meeting-weeks');
  const regular = (await ctx.records.list(MEETING)).filter((m) => m.values.kind === 'weekly-regular' || m.values.kind === 'weekly-analysis');
  let unauthorisedCount = 0;
  let unauthorisedFen = 0;
  for (const e of await ctx.records.list(EXPENDITURE)) {
    if (!needsDecision(ctx, e.values) || (await expenditureAuthorised(ctx, e.values))) continue;
    unauthorisedCount++;
    unauthorisedFen += num(e.values.amountFen);
  }
  return {
    id: v.id,
    name: v.name,
    regularMeetings: regular.length,
    weeksWithMeeting: weeks.filter((w) => (w.values.meetings as number) > 0).length,
    weeks: weeks.length,
    unauthorisedCount,
    unauthorisedFen,
    overduePublications: (await ctx.records.subjects!('publication-due')).filter((s) => s.values.onTime !== true).length,
    ruleHits: (await ctx.records.hitCounts!({ by: 'rule' })).reduce((a, c) => a + c.count, 0),
  };
}

/**
 * 镇 view across its villages: per village, regular meetings against the weeks, spending without a
 * valid decision, publications overdue and rule hits; each figure opens the village's own screen read-only.
 */
export async function townshipDashboard(ctx: FactContext): Promise<DashboardPanel[]> {
  const villages: VillageFigures[] = [];
  // 示范县东溪镇青石村 under 示范县东溪镇 reads 青石村: short enough for a phone.
  const township = ctx.records.institution ? (await ctx.records.institution()).name : '';
  const short = (name: string) => (township && name.startsWith(township) && name.length > township.length ? name.slice(township.length) : name);
  // One after another: the contexts share one read transaction.
  for (const v of ctx.descendants ? await ctx.descendants() : []) villages.push(await villageFigures({ ...v, name: short(v.name) }));
  // `at` opens the village's screen read-only; the session stays at the township, so going back works.
  const go = (v: VillageFigures, text: string, path: string): DashboardLink => ({ text, href: `${path}${path.includes('?') ? '&' : '?'}at=${v.id}` });
  const sum = (f: (v: VillageFigures) => number) => villages.reduce((s, v) => s + f(v), 0);
  const unauthorised = yuanText(sum((v) => v.unauthorisedFen));
  return [
    {
      kind: 'stats',
      title: { zh: '全镇合计', en: 'Township totals' },
      stats: [
        { label: { zh: '村数', en: 'Villages' }, value: String(villages.length) },
        { label: { zh: '缺开例会的周数', en: 'Weeks without a regular meeting' }, value: String(sum((v) => v.weeks - v.weeksWithMeeting)) },
        { label: { zh: '未经决议的支出', en: 'Spending without a decision' }, value: { zh: `${sum((v) => v.unauthorisedCount)}笔 ${unauthorised.zh}`, en: `${sum((v) => v.unauthorisedCount)}, ${unauthorised.en}` } },
        { label: { zh: '逾期未公开', en: 'Publications overdue' }, value: String(sum((v) => v.overduePublications)) },
        { label: { zh: '规则命中', en: 'Rule hits' }, value: String(sum((v) => v.ruleHits)) },
      ],
    },
    {
      kind: 'table',
      title: { zh: '各村联席会议监督情况', en: 'Villages at a glance' },
      columns: [
        { zh: '村', en: 'Village' },
        { zh: '例会/应开周数', en: 'Regular meetings / weeks' },
        { zh: '未经决议支出', en: 'Spending without a decision' },
        { zh: '金额', en: 'Amount' },
        { zh: '逾期未公开', en: 'Publications overdue' },
        { zh: '规则命中', en: 'Rule hits' },
      ],
      rows: villages.map((v) => [
        go(v, v.name, `${SCREEN}/dashboard`),
        go(v, `${v.regularMeetings}/${v.weeks}`, `${SCREEN}/meetings?filter=kind%3Dweekly-regular`),
        go(v, String(v.unauthorisedCount), `${SCREEN}/expenditures?flagged=1`),
        yuanText(v.unauthorisedFen),
        go(v, String(v.overduePublications), `${SCREEN}/decisions?flagged=1`),
        // The township's own board lists its villages' matters: no village screen to open.
        { text: String(v.ruleHits), href: '/warning/board' },
      ]),
    },
  ];
}
