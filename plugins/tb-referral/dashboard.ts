import type { DashboardPanel, DashboardText, FactContext } from '../../core/plugin-api';
import { yuanText } from '../../core/plugin-api';
import { detection, DETECTION_LABEL, DETECTION_TARGET, LABELS, NO_DATA, NOT_CONFIGURED, percent, RATIOS, selfPaid, targetOf } from './indicators';
import { RULES } from './rules';

const SELF_PAID_LABEL = { zh: '门诊患者月均自费费用', en: 'Monthly self-paid cost per outpatient' };
const verdict = (met: boolean) => (met ? { zh: '达标', en: 'Met' } : { zh: '未达标', en: 'Not met' });

/** Each indicator against its 000 第五篇 target, with numerator and denominator to check by hand. */
export async function dashboard(ctx: FactContext): Promise<DashboardPanel[]> {
  const rows: (DashboardText | number)[][] = [];
  const bars: { label: DashboardText; value: number }[] = [];
  for (const [id, compute] of Object.entries(RATIOS)) {
    const r = await compute(ctx);
    const value = percent(r);
    const target = targetOf(id, ctx);
    if (!r.denominator) {
      rows.push([LABELS[id], r.numerator, r.denominator, '—', `≥${target}%`, NO_DATA]);
      continue;
    }
    rows.push([LABELS[id], r.numerator, r.denominator, `${value}%`, `≥${target}%`, verdict(value >= target)]);
    bars.push({ label: LABELS[id], value });
  }
  const found = await detection(ctx);
  if (!found) rows.push([DETECTION_LABEL, '—', '—', '—', `≥${DETECTION_TARGET}%`, NOT_CONFIGURED]);
  else rows.push([DETECTION_LABEL, found.numerator, found.denominator, `${percent(found)}%`, `≥${DETECTION_TARGET}%`, verdict(percent(found) >= DETECTION_TARGET)]);
  const cost = await selfPaid(ctx);
  const costTarget = { zh: '≤150元', en: '≤ CNY 150' };
  if (!cost.months) rows.push([SELF_PAID_LABEL, '—', 0, '—', costTarget, NO_DATA]);
  else rows.push([SELF_PAID_LABEL, cost.fen, cost.months, yuanText(cost.fen), costTarget, verdict(cost.fen <= 15000)]);
  // The hits flagged on the records of every institution the board summarises (a CDC's townships and villages), as their lists show them.
  const hits = ctx.records.hits ? await ctx.records.hits({ scope: 'network' }) : [];
  return [
    {
      kind: 'table',
      title: { zh: '考核指标（对照000第五篇目标）', en: 'Indicators against targets' },
      columns: [
        { zh: '指标', en: 'Indicator' },
        { zh: '分子', en: 'Numerator' },
        { zh: '分母', en: 'Denominator' },
        { zh: '实际值', en: 'Value' },
        { zh: '目标', en: 'Target' },
        { zh: '结论', en: 'Result' },
      ],
      rows,
    },
    { kind: 'bars', title: { zh: '各指标完成率', en: 'Indicator values' }, unit: '%', bars },
    {
      kind: 'table',
      title: { zh: '分单位、分季度指标及明细', en: 'Per institution and quarter, with the records' },
      columns: [{ zh: '看板', en: 'Board' }],
      rows: [[{ text: { zh: '区级结核病防治指标看板（各单位对照目标，可查看每项指标的记录）', en: 'District TB indicator board (each institution against its targets, with the records behind each figure)' }, href: '/indicators?plugin=tb-referral' }]],
    },
    { kind: 'bars', title: { zh: '各规则命中次数', en: 'Hits by rule' }, unit: 'count', bars: RULES.map((r) => ({ label: r.label, value: hits.filter((h) => h.ruleId === r.id).length })) },
  ];
}
