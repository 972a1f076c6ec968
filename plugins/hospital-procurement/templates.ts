import * as path from 'node:path';
import type { FactContext, RuleHitView, TemplateDef } from '../../core/plugin-api';
import { firstDayOfMonth, lastDayOfMonth, monthOf, quarterBounds, quarterOf, yuan } from '../../core/plugin-api';
import { CATEGORIES, METHODS } from './records';
import { awardedProjects, maxPriceExcessPercent, RULES, separationOverlaps, SUPPLIER_TYPE } from './rules';

const file = (name: string) => path.join(__dirname, 'templates', `${name}.hbs`);
const QUARTER_ZH = ['', '一', '二', '三', '四'];

/** A period as documents write it: 2026-03 → 2026年3月, 2026-Q1 → 2026年第一季度. */
export function periodText(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}年第${QUARTER_ZH[Number(q[2])]}季度`;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${m[1]}年${Number(m[2])}月` : period;
}

/** What an opinion says about a project's hit: the rule's message, with the record's particulars where the rule has them. */
function problemText(hit: RuleHitView, values: Record<string, unknown>): string {
  const ruleId = hit.ruleId;
  const message = hit.message.zh;
  // The record may have been corrected since the hit: then the particulars are left out, not shown empty.
  const people = ruleId === 'three-separation-breach' ? separationOverlaps(values) : [];
  if (people.length) return `${message}（涉及人员：${people.join('、')}）`;
  const excess = ruleId === 'price-above-reference' ? maxPriceExcessPercent(values) : null;
  if (excess !== null && excess > 0) return `${message}（最高超出参考价${excess.toFixed(1)}%）`;
  return message;
}

/** Spend of the report's period (a month or a quarter) by category and by method. */
async function periodData(ctx: FactContext) {
  const period = String(ctx.record?.values.period ?? '');
  const inPeriod = (d: string) => (period.includes('Q') ? quarterOf(d) : monthOf(d)) === period;
  const projects = (await awardedProjects(ctx)).filter((p) => inPeriod(p.values.awardedOn as string));
  const total = projects.reduce((s, p) => s + (p.values.totalFen as number), 0);
  const group = (key: string, options: { value: string; label: { zh: string } }[]) =>
    options
      .map((o) => {
        const list = projects.filter((p) => p.values[key] === o.value);
        const fen = list.reduce((s, p) => s + (p.values.totalFen as number), 0);
        return { label: o.label.zh, count: list.length, amount: yuan(fen), share: total ? ((fen * 100) / total).toFixed(1) : '0.0' };
      })
      .filter((r) => r.count > 0);
  const suppliers = new Map((await ctx.records.list(SUPPLIER_TYPE)).map((s) => [s.id, s.title]));
  const large = projects
    .filter((p) => p.values.method === 'public-tender' || p.values.method === 'invitation-tender' || p.values.method === 'single-source' || p.values.method === 'emergency')
    .map((p) => ({ no: p.values.projectNo, name: p.title, method: METHODS.find((m) => m.value === p.values.method)?.label.zh, amount: yuan(p.values.totalFen as number), supplier: suppliers.get(p.values.supplier as number) ?? '' }));
  const bounds = period.includes('Q') ? quarterBounds(period) : { from: firstDayOfMonth(period), to: lastDayOfMonth(period) };
  const hitsByRule = new Map((await ctx.records.hitCounts!({ by: 'rule', ...bounds })).map((c) => [c.key, c.count]));
  const byRule = RULES.map((r) => ({ label: r.label.zh, count: hitsByRule.get(r.id) ?? 0 })).filter((r) => r.count > 0);
  return { period, periodText: periodText(period), count: projects.length, total: yuan(total), byCategory: group('category', CATEGORIES), byMethod: group('method', METHODS), large, byRule, hitCount: [...hitsByRule.values()].reduce((a, n) => a + n, 0) };
}

export const TEMPLATES: TemplateDef[] = [
  { id: 'monthly-report', label: { zh: '月度采购情况报告（报财务部门）', en: 'Monthly procurement report to finance' }, kind: 'report', file: file('monthly-report'), recordType: 'procurement-report', data: periodData },
  { id: 'quarterly-report', label: { zh: '季度采购情况报告（报纪检监察）', en: 'Quarterly procurement report to supervision' }, kind: 'report', file: file('quarterly-report'), recordType: 'procurement-report', data: periodData },
  {
    id: 'supervision-opinion',
    label: { zh: '采购监督意见书', en: 'Procurement supervision opinion' },
    kind: 'letter',
    file: file('supervision-opinion'),
    recordType: 'procurement-project',
    data: async (ctx) => {
      const hits = ctx.record ? await ctx.records.hits!({ recordId: ctx.record.id }) : [];
      const problems = hits.map((h) => problemText(h, ctx.record?.values ?? {}));
      return { department: ctx.record?.values.department, problems, amount: yuan((ctx.record?.values.totalFen as number) ?? 0) };
    },
  },
];
