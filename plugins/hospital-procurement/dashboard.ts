import type { DashboardPanel, FactContext } from '../../core/plugin-api';
import { monthOf, nextMonth, today, wholeYuan, windowStart } from '../../core/plugin-api';
import { INDICATORS } from './indicators';
import { CATEGORIES } from './records';
import { PROJECT_TYPE, RULES } from './rules';

/** Spend by category and month, supplier concentration and hits by rule, over the last 12 months, in SQL (any volume). */
export async function dashboard(ctx: FactContext): Promise<DashboardPanel[]> {
  const to = today(ctx);
  const from = windowStart(to, 365);
  const where = { range: { awardedOn: { from, to } } };
  // One grouping serves both panels: category totals are its sums per category (projects without a supplier included).
  const all = await ctx.records.groups!(PROJECT_TYPE, where, ['category', 'supplier'], 'totalFen');
  const perCategory = new Map<unknown, number>();
  for (const g of all) perCategory.set(g.by.category, (perCategory.get(g.by.category) ?? 0) + g.sum);
  const byCategory = CATEGORIES.map((c) => ({ label: c.label, value: perCategory.get(c.value) ?? 0 }));
  const perMonth = new Map((await ctx.records.groups!(PROJECT_TYPE, where, [{ key: 'awardedOn', chars: 7 }], 'totalFen')).map((g) => [g.by.awardedOn, g.sum]));
  const months: { label: string; value: number }[] = [];
  for (let m = monthOf(from); m <= monthOf(to); m = nextMonth(m)) months.push({ label: m, value: perMonth.get(m) ?? 0 });
  const pairs = all.filter((g) => g.by.supplier !== null);
  const concentration = await Promise.all(
    CATEGORIES.map(async (c) => {
      const inCat = pairs.filter((g) => g.by.category === c.value);
      const total = inCat.reduce((s, g) => s + g.sum, 0);
      const top = inCat.reduce<(typeof inCat)[number] | undefined>((best, g) => (!best || g.sum > best.sum ? g : best), undefined);
      const supplier = top ? await ctx.records.get!(Number(top.by.supplier)) : null;
      return [c.label, supplier?.title ?? '—', total && top ? `${((top.sum * 100) / total).toFixed(1)}%` : '—', wholeYuan(total), inCat.length];
    }),
  );
  const hitsByRule = new Map((await ctx.records.hitCounts!({ by: 'rule' })).map((c) => [c.key, c.count]));
  const byRule = RULES.map((r) => ({ label: r.label, value: hitsByRule.get(r.id) ?? 0 }));
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
