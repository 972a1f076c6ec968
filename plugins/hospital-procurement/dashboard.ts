import type { DashboardPanel, FactContext } from '../../core/plugin-api';
import { monthOf, nextMonth, today, windowStart } from '../../core/plugin-api';
import { INDICATORS } from './indicators';
import { CATEGORIES } from './records';
import { awardedProjects, RULES, SUPPLIER_TYPE } from './rules';

// Whole yuan: a dashboard column of totals, not a document amount (core/plugin-api yuan keeps the fen).
const wholeYuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 0 });

/** Spend by category and month, supplier concentration and hits by rule, over the last 12 months. */
export async function dashboard(ctx: FactContext): Promise<DashboardPanel[]> {
  const to = today(ctx);
  const from = windowStart(to, 365);
  const projects = (await awardedProjects(ctx)).filter((p) => (p.values.awardedOn as string) >= from);
  const fen = (p: { values: Record<string, unknown> }) => p.values.totalFen as number;
  const byCategory = CATEGORIES.map((c) => ({ label: c.label.zh, value: projects.filter((p) => p.values.category === c.value).reduce((s, p) => s + fen(p), 0) }));
  const months: { label: string; value: number }[] = [];
  for (let m = monthOf(from); m <= monthOf(to); m = nextMonth(m)) months.push({ label: m, value: projects.filter((p) => monthOf(p.values.awardedOn as string) === m).reduce((s, p) => s + fen(p), 0) });
  const suppliers = new Map((await ctx.records.list(SUPPLIER_TYPE)).map((s) => [s.id, s.title]));
  const concentration = CATEGORIES.map((c) => {
    const inCat = projects.filter((p) => p.values.category === c.value && typeof p.values.supplier === 'number');
    const total = inCat.reduce((s, p) => s + fen(p), 0);
    const per = new Map<number, number>();
    for (const p of inCat) per.set(p.values.supplier as number, (per.get(p.values.supplier as number) ?? 0) + fen(p));
    const [topId, topFen] = [...per].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
    return [c.label.zh, suppliers.get(topId) ?? '—', total ? `${((topFen * 100) / total).toFixed(1)}%` : '—', wholeYuan(total), per.size];
  });
  const hits = ctx.records.hits ? await ctx.records.hits() : [];
  const byRule = RULES.map((r) => ({ label: r.label.zh, value: hits.filter((h) => h.ruleId === r.id).length }));
  const stats = [];
  for (const i of INDICATORS) {
    const v = await i.compute(ctx);
    stats.push({ label: i.label, value: i.unit === '%' ? `${v.value}%` : String(v.value) });
  }
  return [
    { kind: 'stats', title: { zh: '考核指标', en: 'Indicators' }, stats },
    { kind: 'bars', title: { zh: '近12个月各类别采购金额', en: 'Spend by category, last 12 months' }, unit: 'fen', bars: byCategory },
    { kind: 'bars', title: { zh: '近12个月逐月采购金额', en: 'Spend by month' }, unit: 'fen', bars: months },
    {
      kind: 'table',
      title: { zh: '供应商集中度（各类别最大供应商）', en: 'Supplier concentration (largest supplier per category)' },
      columns: [
        { zh: '类别', en: 'Category' },
        { zh: '最大供应商', en: 'Largest supplier' },
        { zh: '份额', en: 'Share' },
        { zh: '类别金额（元）', en: 'Category spend (yuan)' },
        { zh: '供应商数', en: 'Suppliers' },
      ],
      rows: concentration,
    },
    { kind: 'bars', title: { zh: '各规则命中次数', en: 'Hits by rule' }, unit: 'count', bars: byRule },
  ];
}
