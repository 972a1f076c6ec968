import type { DashboardPanel, FactContext } from '../../core/plugin-api';
import { addDays, str, today, yesNo, yuanText } from '../../core/plugin-api';
import { INDICATORS } from './indicators';
import { DECISION, EXPENDITURE, MEETING, MEETING_KINDS, PUBLICATION } from './records';
import { RULES } from './rules';

/** From one day to another, in words of both languages. */
const span = (from: string, to: string) => ({ zh: `${from} 至 ${to}`, en: `${from} to ${to}` });

// Checked only in the four-in-one variant: a three-in-one village's board does not list them.
const FOUR_IN_ONE_RULES = ['no-daily-joint-meeting', 'no-monthly-briefing'];

/** The officers' view: indicators, a meeting calendar by week, and hits by rule. */
export async function dashboard(ctx: FactContext): Promise<DashboardPanel[]> {
  const stats = [];
  for (const i of INDICATORS) stats.push({ label: i.label, value: `${(await i.compute(ctx)).value}%` });
  const meetings = await ctx.records.list(MEETING);
  const weeks = (await ctx.records.subjects!('meeting-weeks')).reverse();
  const kind = (v: unknown) => MEETING_KINDS.find((k) => k.value === v)?.label ?? { zh: str(v), en: str(v) };
  const calendar = weeks.map((w) => {
    const inWeek = meetings.filter((m) => str(m.values.date) >= str(w.values.from) && str(m.values.date) <= str(w.values.to));
    const held = (lang: 'zh' | 'en') => inWeek.map((m) => `${str(m.values.date)} ${kind(m.values.kind)[lang]}`).join(lang === 'zh' ? '；' : '; ');
    return [w.key.replace('week:', ''), span(str(w.values.from), str(w.values.to)), inWeek.length ? { zh: held('zh'), en: held('en') } : { zh: '未召开例会', en: 'No regular meeting' }];
  });
  const hitsByRule = new Map((await ctx.records.hitCounts!({ by: 'rule' })).map((c) => [c.key, c.count]));
  const fourInOne = ctx.options.variant === 'four-in-one';
  return [
    { kind: 'stats', title: { zh: '考核指标', en: 'Indicators' }, stats },
    { kind: 'table', title: { zh: '会议日历（按周）', en: 'Meeting calendar (by week)' }, columns: [{ zh: '周次', en: 'Week' }, { zh: '日期', en: 'Dates' }, { zh: '召开的会议', en: 'Meetings held' }], rows: calendar },
    { kind: 'bars', title: { zh: '各规则命中次数', en: 'Hits by rule' }, unit: 'count', bars: RULES.filter((r) => fourInOne || !FOUR_IN_ONE_RULES.includes(r.id)).map((r) => ({ label: r.label, value: hitsByRule.get(r.id) ?? 0 })) },
  ];
}

/** 村务公开栏: only what has been published, while it is on display and for 90 days after. Shown without login. */
export async function publicBoard(ctx: FactContext): Promise<DashboardPanel[]> {
  const day = today(ctx);
  const since = addDays(day, -90);
  const until = (p: { values: Record<string, unknown> }) => addDays(str(p.values.publishedOn), (p.values.days as number) - 1);
  const pubs = (await ctx.records.list(PUBLICATION)).filter((p) => str(p.values.publishedOn) <= day && until(p) >= since).sort((a, b) => str(b.values.publishedOn).localeCompare(str(a.values.publishedOn)));
  const decisions = new Map((await ctx.records.list(DECISION)).map((d) => [d.id, d]));
  const expenditures = new Map((await ctx.records.list(EXPENDITURE)).map((e) => [e.id, e]));
  const meetings = new Map((await ctx.records.list(MEETING)).map((m) => [m.id, m]));
  const decisionRows = pubs
    .filter((p) => p.values.item === 'decision' && decisions.has(p.values.decision as number))
    .map((p) => {
      const d = decisions.get(p.values.decision as number)!;
      return [str(meetings.get(d.values.meeting as number)?.values.date), str(d.values.content), str(d.values.responsible), str(d.values.deadline), span(str(p.values.publishedOn), until(p))];
    });
  const expenditureRows = pubs
    .filter((p) => p.values.item === 'expenditure' && expenditures.has(p.values.expenditure as number))
    .map((p) => {
      const e = expenditures.get(p.values.expenditure as number)!;
      return [str(e.values.paidOn), str(e.values.purpose), yuanText(e.values.amountFen as number), str(e.values.payee), yesNo(e.values.oneMatter === true), span(str(p.values.publishedOn), until(p))];
    });
  return [
    { kind: 'table', title: { zh: '联席会议决议公开', en: 'Decisions published' }, columns: [{ zh: '会议日期', en: 'Meeting' }, { zh: '决议事项', en: 'Decision' }, { zh: '责任人', en: 'Responsible' }, { zh: '完成时限', en: 'Deadline' }, { zh: '公开期', en: 'On display' }], rows: decisionRows },
    { kind: 'table', title: { zh: '村级支出公开', en: 'Expenditures published' }, columns: [{ zh: '支出日期', en: 'Paid on' }, { zh: '事由', en: 'Purpose' }, { zh: '金额', en: 'Amount' }, { zh: '收款人', en: 'Payee' }, { zh: '一事一议', en: 'One matter' }, { zh: '公开期', en: 'On display' }], rows: expenditureRows },
  ];
}
