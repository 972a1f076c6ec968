import type { DashboardPanel, FactContext } from '../../core/plugin-api';
import { monthOf, nextMonth, today, windowStart } from '../../core/plugin-api';
import { INDICATORS } from './indicators';
import { INSPECTION, RECEIPT_QUESTIONS, REMINDER, REMINDER_OCCASIONS } from './records';
import { reminderAcknowledgeDays, reminderDaysWaiting, RULES } from './rules';

/** Receipts and their answers, hits by rule and by month, and the indicators. */
export async function dashboard(ctx: FactContext): Promise<DashboardPanel[]> {
  const to = today(ctx);
  const from = windowStart(to, 365);
  const inspections = (await ctx.records.list(INSPECTION)).filter((r) => String(r.values.endedOn) >= from);
  const returned = inspections.filter((r) => typeof r.values.receiptReturnedOn === 'string');
  const answerRows = RECEIPT_QUESTIONS.map((q) => {
    const negative = returned.filter((r) => r.values[q.key] === q.negative).length;
    const answered = returned.filter((r) => typeof r.values[q.key] === 'string').length;
    return [{ zh: q.zh, en: q.en }, answered, negative];
  });
  const hitsByMonth = new Map((await ctx.records.hitCounts!({ by: 'month' })).map((c) => [c.key, c.count]));
  const hitsByRule = new Map((await ctx.records.hitCounts!({ by: 'rule' })).map((c) => [c.key, c.count]));
  const months: { label: string; value: number }[] = [];
  for (let m = monthOf(from); m <= monthOf(to); m = nextMonth(m)) months.push({ label: m, value: hitsByMonth.get(m) ?? 0 });
  const stats = [
    { label: { zh: '近12个月税务检查', en: 'Inspections, last 12 months' }, value: String(inspections.length) },
    { label: { zh: '已反馈回执', en: 'Receipts returned' }, value: String(returned.length) },
    { label: { zh: '待反馈回执', en: 'Receipts outstanding' }, value: String(inspections.length - returned.length) },
  ];
  for (const i of INDICATORS) {
    const v = await i.compute(ctx);
    stats.push({ label: i.label, value: i.unit === '%' ? `${v.value}%` : String(v.value) });
  }
  return [
    { kind: 'stats', title: { zh: '廉政回执与考核指标', en: 'Receipts and indicators' }, stats },
    {
      kind: 'table',
      title: { zh: '廉政回执反馈情况（近12个月）', en: 'Receipt answers, last 12 months' },
      columns: [
        { zh: '问题', en: 'Question' },
        { zh: '作答数', en: 'Answered' },
        { zh: '反映有问题', en: 'Negative' },
      ],
      rows: answerRows,
    },
    { kind: 'bars', title: { zh: '各规则命中次数', en: 'Hits by rule' }, unit: 'count', bars: RULES.map((r) => ({ label: r.label, value: hitsByRule.get(r.id) ?? 0 })) },
    { kind: 'bars', title: { zh: '逐月规则命中次数', en: 'Hits by month' }, unit: 'count', bars: months },
  ];
}

/** 双提制 tracker: what was issued and signed in the last 12 months, and every reminder still unsigned with its days waiting. */
export async function reminderTracker(ctx: FactContext): Promise<DashboardPanel[]> {
  const to = today(ctx);
  const from = windowStart(to, 365);
  const limit = reminderAcknowledgeDays(ctx.options);
  const all = await ctx.records.list(REMINDER);
  const recent = all.filter((r) => String(r.values.issuedOn) >= from);
  const waiting = all
    .map((r) => ({ r, days: reminderDaysWaiting(r.values, to) }))
    .filter((x): x is { r: (typeof all)[number]; days: number } => x.days !== null)
    .sort((a, b) => b.days - a.days || a.r.id - b.r.id);
  const kind = (v: unknown) => (v === 'card' ? { zh: '提示卡', en: 'Card' } : { zh: '提醒书', en: 'Letter' });
  const occasion = (v: unknown) => REMINDER_OCCASIONS.find((o) => o.value === v)?.label ?? '';
  return [
    {
      kind: 'stats',
      title: { zh: '近12个月发放与签收', en: 'Issued and acknowledged, last 12 months' },
      stats: [
        { label: { zh: '发放提醒书', en: 'Letters issued' }, value: String(recent.filter((r) => r.values.kind === 'letter').length) },
        { label: { zh: '发放提示卡', en: 'Cards issued' }, value: String(recent.filter((r) => r.values.kind === 'card').length) },
        { label: { zh: '已签收', en: 'Acknowledged' }, value: String(recent.filter((r) => typeof r.values.acknowledgedOn === 'string').length) },
        { label: { zh: '待签收（全部）', en: 'Awaiting signature (all)' }, value: String(waiting.length) },
        { label: { zh: `超过${limit}天未签收`, en: `Unsigned after ${limit} days` }, value: String(waiting.filter((x) => x.days > limit).length) },
      ],
    },
    {
      kind: 'table',
      title: { zh: `待签收的提醒书/提示卡（签收期限${limit}天，按等待天数排列）`, en: `Awaiting signature (limit ${limit} days, longest first)` },
      columns: [
        { zh: '编号', en: 'No.' },
        { zh: '类别', en: 'Kind' },
        { zh: '事由', en: 'Occasion' },
        { zh: '提醒对象', en: 'Issued to' },
        { zh: '发放日期', en: 'Issued on' },
        { zh: '已等待（天）', en: 'Days waiting' },
        { zh: '状态', en: 'Status' },
      ],
      rows: waiting.length ? waiting.map(({ r, days }) => [
        String(r.values.reminderNo),
        kind(r.values.kind),
        occasion(r.values.occasion),
        r.title,
        String(r.values.issuedOn),
        days,
        days > limit ? { zh: '逾期未签收', en: 'Overdue' } : { zh: '期限内', en: 'Within the limit' },
      ]) : [[{ zh: '无待签收的提醒书/提示卡', en: 'No reminder awaits a signature' }, '', '', '', '', '', '']],
    },
  ];
}
