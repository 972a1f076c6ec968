/**
 * The hospital's subject sources as they were before rules ran in SQL (git 5a84538): every save lists every record of
 * the type into JavaScript and recomputes every aggregate. `npm run bench:rules` runs them as the naive baseline.
 */
import type { FactContext, PluginRecordView, RuleSubject, SubjectSourceDef } from '../../core/plugin-api';
import { chinesePeriod, dayOfNextMonth, daysBetween, monthOf, nextMonth, nextQuarter, num, quarterBounds, quarterOf, today, trimmedStr, windowStart } from '../../core/plugin-api';
import { CATEGORIES, NON_COMPETITIVE, REPORT_KINDS } from '../../plugins/hospital-procurement/records';
import { PROJECT_TYPE, REPORT_TYPE, reportDueDays, SUPPLIER_TYPE } from '../../plugins/hospital-procurement/rules';

const categoryLabel = (c: unknown) => CATEGORIES.find((o) => o.value === c)?.label.zh ?? String(c);

async function awardedProjects(ctx: FactContext): Promise<PluginRecordView[]> {
  const day = today(ctx);
  return (await ctx.records.list(PROJECT_TYPE)).filter((p) => typeof p.values.awardedOn === 'string' && p.values.awardedOn <= day);
}

/** Each supplier's share of each category's spend over the last `windowDays` (threshold, default 365). */
export const supplierShares: SubjectSourceDef = {
  id: 'supplier-category-share',
  label: { zh: '供应商在类别中的份额', en: "Supplier's share of a category" },
  values: {
    category: { label: { zh: '采购类别', en: 'Category' }, unit: 'enum', options: CATEGORIES },
    supplierFen: { label: { zh: '该供应商中标金额', en: "Supplier's awards" }, unit: 'fen' },
    categoryFen: { label: { zh: '同类采购总额', en: 'Category total' }, unit: 'fen' },
    from: { label: { zh: '统计起始日', en: 'From' }, unit: 'date' },
    to: { label: { zh: '统计截止日', en: 'To' }, unit: 'date' },
  },
  list: async (ctx) => {
    const to = today(ctx);
    const from = windowStart(to, ctx.thresholds?.windowDays ?? 365);
    const projects = (await awardedProjects(ctx)).filter((p) => (p.values.awardedOn as string) >= from && typeof p.values.supplier === 'number');
    const byCategory = new Map<string, number>();
    const byPair = new Map<string, { category: string; supplierId: number; fen: number }>();
    for (const p of projects) {
      const category = String(p.values.category);
      const supplierId = p.values.supplier as number;
      byCategory.set(category, (byCategory.get(category) ?? 0) + num(p.values.totalFen));
      const key = `${category}:${supplierId}`;
      const e = byPair.get(key) ?? { category, supplierId, fen: 0 };
      e.fen += num(p.values.totalFen);
      byPair.set(key, e);
    }
    const suppliers = new Map((await ctx.records.list(SUPPLIER_TYPE)).map((s) => [s.id, s.title]));
    return [...byPair].map(([key, e]): RuleSubject => {
      const categoryFen = byCategory.get(e.category) ?? 0;
      return {
        key,
        label: `${suppliers.get(e.supplierId) ?? e.supplierId}（${categoryLabel(e.category)}）`,
        recordId: e.supplierId,
        values: { category: e.category, supplierId: e.supplierId, supplierFen: e.fen, categoryFen, percent: categoryFen > 0 ? (e.fen * 100) / categoryFen : 0, from, to },
      };
    });
  },
};

/**
 * Groups of below-threshold purchases within `windowDays` of the first one, from the same supplier
 * or of the same item. A window inside an earlier one is skipped, so one split raises one hit.
 */
export const purchaseClusters: SubjectSourceDef = {
  id: 'purchase-clusters',
  label: { zh: '时间窗口内的同类小额采购', en: 'Small purchases within the window' },
  values: {
    projects: {
      label: { zh: '所涉项目', en: 'Projects' },
      unit: 'list',
      fields: {
        projectNo: { label: { zh: '项目编号', en: 'Project no.' }, unit: 'text', title: true },
        awardedOn: { label: { zh: '定标日期', en: 'Awarded on' }, unit: 'date' },
        totalFen: { label: { zh: '金额', en: 'Amount' }, unit: 'fen' },
      },
    },
  },
  list: async (ctx) => {
    const limit = num(ctx.options.tenderThresholdFen);
    const windowDays = ctx.thresholds?.windowDays ?? 30;
    const small = (await awardedProjects(ctx)).filter((p) => num(p.values.totalFen) < limit);
    const groups = new Map<string, PluginRecordView[]>();
    const add = (k: string, p: PluginRecordView) => {
      const g = groups.get(k) ?? [];
      if (!g.includes(p)) g.push(p);
      groups.set(k, g);
    };
    for (const p of small) {
      if (typeof p.values.supplier === 'number') add(`supplier:${p.values.supplier}`, p);
      for (const it of (p.values.items as Record<string, unknown>[] | null) ?? []) if (trimmedStr(it.itemName)) add(`item:${trimmedStr(it.itemName)}`, p);
    }
    const out = new Map<string, RuleSubject>();
    for (const [group, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      list.sort((a, b) => (a.values.awardedOn as string).localeCompare(b.values.awardedOn as string) || a.id - b.id);
      let reached = -1;
      for (let i = 0; i < list.length; i++) {
        let j = i;
        while (j + 1 < list.length && daysBetween(list[i].values.awardedOn as string, list[j + 1].values.awardedOn as string) <= windowDays) j++;
        if (j <= reached || j === i) continue;
        reached = j;
        const members = list.slice(i, j + 1);
        const ids = members.map((p) => p.id).sort((a, b) => a - b);
        const key = ids.join('+');
        if (out.has(key)) continue;
        out.set(key, {
          key,
          label: members.map((p) => p.values.projectNo).join('、'),
          recordId: members[members.length - 1].id,
          recordIds: ids,
          values: {
            group,
            count: members.length,
            totalFen: members.reduce((s, p) => s + num(p.values.totalFen), 0),
            projects: members.map((p) => ({ id: p.id, projectNo: p.values.projectNo, awardedOn: p.values.awardedOn, totalFen: p.values.totalFen })),
          },
        });
      }
    }
    return [...out.values()];
  },
};

/** Every quarter that has ended, from the first award: total spend and the non-competitive share. */
export const closedQuarters: SubjectSourceDef = {
  id: 'closed-quarters',
  label: { zh: '已结束的季度', en: 'Closed quarters' },
  values: {
    quarter: { label: { zh: '季度', en: 'Quarter' }, unit: 'period' },
    totalFen: { label: { zh: '本季度采购总额', en: "Quarter's spend" }, unit: 'fen' },
    nonCompetitiveFen: { label: { zh: '单一来源和应急采购金额', en: 'Single-source and emergency spend' }, unit: 'fen' },
  },
  list: async (ctx) => {
    const projects = await awardedProjects(ctx);
    if (!projects.length) return [];
    const day = today(ctx);
    const first = projects.map((p) => p.values.awardedOn as string).sort()[0];
    const out: RuleSubject[] = [];
    for (let q = quarterOf(first); quarterBounds(q).to < day; q = nextQuarter(q)) {
      const inQ = projects.filter((p) => quarterOf(p.values.awardedOn as string) === q);
      const totalFen = inQ.reduce((s, p) => s + num(p.values.totalFen), 0);
      const nonCompetitiveFen = inQ.filter((p) => NON_COMPETITIVE.includes(String(p.values.method))).reduce((s, p) => s + num(p.values.totalFen), 0);
      out.push({ key: q, label: chinesePeriod(q) ?? q, values: { quarter: q, totalFen, nonCompetitiveFen, nonCompetitivePercent: totalFen > 0 ? (nonCompetitiveFen * 100) / totalFen : 0 } });
    }
    return out;
  },
};

/** Every monthly and quarterly report due since the first award whose due date has passed. */
export const reportPeriods: SubjectSourceDef = {
  id: 'report-periods',
  label: { zh: '应报送的报告期', en: 'Reporting periods due' },
  values: {
    kind: { label: { zh: '报告类型', en: 'Report' }, unit: 'enum', options: REPORT_KINDS },
    period: { label: { zh: '报告期', en: 'Period' }, unit: 'period' },
    dueDate: { label: { zh: '报送期限', en: 'Due' }, unit: 'date' },
    filedOn: { label: { zh: '报送日期', en: 'Filed on' }, unit: 'date', none: { zh: '未报送', en: 'Not filed' } },
  },
  list: async (ctx) => {
    const projects = await awardedProjects(ctx);
    if (!projects.length) return [];
    const day = today(ctx);
    const first = projects.map((p) => p.values.awardedOn as string).sort()[0];
    const reports = await ctx.records.list(REPORT_TYPE);
    const filed = (kind: string, period: string) =>
      reports
        .filter((r) => r.values.kind === kind && r.values.period === period)
        .sort((a, b) => String(a.values.filedOn).localeCompare(String(b.values.filedOn)))[0];
    const out: RuleSubject[] = [];
    const push = (kind: string, period: string, due: string) => {
      if (due >= day) return;
      const r = filed(kind, period);
      const filedOn = r ? (r.values.filedOn as string) : null;
      const kindLabel = REPORT_KINDS.find((k) => k.value === kind)!.label.zh;
      out.push({ key: `${kind}:${period}`, label: `${kindLabel}（${chinesePeriod(period) ?? period}）`, recordId: r?.id, values: { kind, period, dueDate: due, filedOn, filedOnTime: !!filedOn && filedOn <= due } });
    };
    const { monthlyDueDay, quarterlyDueDay } = reportDueDays(ctx.options);
    for (let m = monthOf(first); m <= monthOf(day); m = nextMonth(m)) push('monthly-finance', m, dayOfNextMonth(m, monthlyDueDay));
    for (let q = quarterOf(first); q <= quarterOf(day); q = nextQuarter(q)) push('quarterly-supervision', q, dayOfNextMonth(quarterBounds(q).to.slice(0, 7), quarterlyDueDay));
    return out;
  },
};

export const NAIVE_SUBJECTS: SubjectSourceDef[] = [supplierShares, purchaseClusters, closedQuarters, reportPeriods];
