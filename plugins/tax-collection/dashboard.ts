import type { DashboardPanel, FactContext } from '../../core/plugin-api';
import { addDays, isoDay, monthOf, nextMonth } from '../../core/plugin-api';
import { INDICATORS } from './indicators';
import { INSPECTION, RECEIPT_QUESTIONS } from './records';
import { RULES } from './rules';

/** Receipts and their answers, hits by rule and by month, and the indicators. */
export async function dashboard(ctx: FactContext): Promise<DashboardPanel[]> {
  const to = isoDay(ctx.now);
  const from = addDays(to, -364);
  const inspections = (await ctx.records.list(INSPECTION)).filter((r) => String(r.values.endedOn) >= from);
  const returned = inspections.filter((r) => typeof r.values.receiptReturnedOn === 'string');
  const answerRows = RECEIPT_QUESTIONS.map((q) => {
    const negative = returned.filter((r) => r.values[q.key] === q.negative).length;
    const answered = returned.filter((r) => typeof r.values[q.key] === 'string').length;
    return [q.zh, answered, negative];
  });
  const hits = ctx.records.hits ? await ctx.records.hits() : [];
  const months: { label: string; value: number }[] = [];
  for (let m = monthOf(from); m <= monthOf(to); m = nextMonth(m)) months.push({ label: m, value: hits.filter((h) => h.createdAt.slice(0, 7) === m).length });
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
    { kind: 'bars', title: { zh: '各规则命中次数', en: 'Hits by rule' }, unit: 'count', bars: RULES.map((r) => ({ label: r.label.zh, value: hits.filter((h) => h.ruleId === r.id).length })) },
    { kind: 'bars', title: { zh: '逐月规则命中次数', en: 'Hits by month' }, unit: 'count', bars: months },
  ];
}
