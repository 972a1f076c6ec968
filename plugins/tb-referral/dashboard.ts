import type { DashboardPanel, FactContext } from '../../core/plugin-api';
import { percent, RATIOS, selfPaid, targetOf } from './indicators';
import { RULES } from './rules';

const LABEL: Record<string, string> = {
  'referral-arrival': '转诊到位率（7天内）',
  'overall-arrival': '总体到位率',
  'tracking-arrival': '追踪到位率',
  'system-management': '患者系统管理率',
  'sputum-exam': '2、5、6（复治8）月末痰检率',
  'cure-rate': '新涂阳患者治愈率',
};

/** Each indicator against its 000 第五篇 target, with numerator and denominator to check by hand. */
export async function dashboard(ctx: FactContext): Promise<DashboardPanel[]> {
  const rows: (string | number)[][] = [];
  const bars: { label: string; value: number }[] = [];
  for (const [id, compute] of Object.entries(RATIOS)) {
    const r = await compute(ctx);
    const value = percent(r);
    const target = targetOf(id, ctx);
    rows.push([LABEL[id], r.numerator, r.denominator, `${value}%`, `≥${target}%`, value >= target ? '达标' : '未达标']);
    bars.push({ label: LABEL[id], value });
  }
  const cost = await selfPaid(ctx);
  rows.push(['门诊患者月均自费费用', cost.fen, cost.months, `${(cost.fen / 100).toFixed(2)}元`, '≤150元', cost.fen <= 15000 ? '达标' : '未达标']);
  const hits = ctx.records.hits ? await ctx.records.hits() : [];
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
    { kind: 'bars', title: { zh: '各规则命中次数', en: 'Hits by rule' }, unit: 'count', bars: RULES.map((r) => ({ label: r.label.zh, value: hits.filter((h) => h.ruleId === r.id).length })) },
  ];
}
