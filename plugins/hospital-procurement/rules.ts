import type { AggregateSourceDef, FactContext, FactDef, PluginRecordView, RuleDef, RuleSubject, SubjectSourceDef } from '../../core/plugin-api';
import { addDays, chinesePeriod, dayOfNextMonth, daysBetween, monthOf, nextMonth, nextQuarter, num, quarterBounds, quarterOf, today, trimmedStr } from '../../core/plugin-api';
import { CATEGORIES, NON_COMPETITIVE, REPORT_KINDS } from './records';

export const PROJECT_TYPE = 'procurement-project';
export const SUPPLIER_TYPE = 'supplier';
export const REPORT_TYPE = 'procurement-report';

/** Projects with an award date on or before today (future-dated rows are plans, not spend). */
export async function awardedProjects(ctx: FactContext): Promise<PluginRecordView[]> {
  const day = today(ctx);
  return (await ctx.records.list(PROJECT_TYPE)).filter((p) => typeof p.values.awardedOn === 'string' && p.values.awardedOn <= day);
}

/** People named in two or more of the separated roles (qualification review, evaluation, award). */
export function separationOverlaps(values: Record<string, unknown>): string[] {
  const roles = [[trimmedStr(values.qualificationReviewer)], Array.isArray(values.evaluators) ? values.evaluators.map(trimmedStr) : [], [trimmedStr(values.awardDecider)]].map((names) => new Set(names.filter(Boolean)));
  const count = new Map<string, number>();
  for (const set of roles) for (const n of set) count.set(n, (count.get(n) ?? 0) + 1);
  return [...count].filter(([, c]) => c >= 2).map(([n]) => n).sort();
}

/** The largest excess of an item's unit price over its reference price, in percent; null when no item has one. */
export function maxPriceExcessPercent(values: Record<string, unknown>): number | null {
  const items = Array.isArray(values.items) ? (values.items as Record<string, unknown>[]) : [];
  let max: number | null = null;
  for (const it of items) {
    const ref = num(it.referencePriceFen);
    if (ref <= 0) continue;
    const pct = ((num(it.unitPriceFen) - ref) * 100) / ref;
    if (max === null || pct > max) max = pct;
  }
  return max;
}

const PEOPLE = { zh: '人', en: 'person|people' };

export const FACTS: FactDef[] = [
  { id: 'project.totalFen', label: { zh: '采购金额', en: 'Amount' }, unit: 'fen', compute: (ctx) => ctx.record?.values.totalFen },
  {
    id: 'project.hasCollectiveDecision',
    label: { zh: '有集体决策记录', en: 'Collective decision recorded' },
    unit: 'boolean',
    compute: (ctx) => !!trimmedStr(ctx.record?.values.decisionMeetingDate) && !!trimmedStr(ctx.record?.values.decisionMinutesRef),
  },
  { id: 'project.separationOverlaps', label: { zh: '兼任分离岗位的人数', en: 'People in two separated roles' }, unit: 'count', counter: PEOPLE, compute: (ctx) => separationOverlaps(ctx.record?.values ?? {}).length },
  { id: 'project.separationPeople', label: { zh: '兼任人员', en: 'People concerned' }, unit: 'list', compute: (ctx) => separationOverlaps(ctx.record?.values ?? {}) },
  { id: 'project.maxPriceExcessPercent', label: { zh: '单价超出参考价的最大幅度', en: 'Largest excess over the reference price' }, unit: 'percent', compute: (ctx) => maxPriceExcessPercent(ctx.record?.values ?? {}) },
  {
    id: 'project.supplierBlacklistedOnAward',
    label: { zh: '定标时供应商在黑名单期内', en: 'Supplier blacklisted on the award date' },
    unit: 'boolean',
    compute: async (ctx) => {
      const v = ctx.record?.values ?? {};
      if (typeof v.supplier !== 'number' || typeof v.awardedOn !== 'string' || !ctx.records.get) return false;
      const s = await ctx.records.get(v.supplier);
      if (!s || s.values.blacklisted !== true || typeof s.values.blacklistFrom !== 'string') return false;
      const to = s.values.blacklistTo;
      return s.values.blacklistFrom <= v.awardedOn && (typeof to !== 'string' || v.awardedOn <= to);
    },
  },
  ...(
    [
      ['share.percent', { label: { zh: '该供应商占同类采购金额的比例', en: "Supplier's share of the category" }, unit: 'percent' }],
      ['cluster.count', { label: { zh: '低于限额的采购笔数', en: 'Purchases under the threshold' }, unit: 'count', counter: { zh: '笔', en: 'purchases' } }],
      ['cluster.totalFen', { label: { zh: '合计金额', en: 'Total' }, unit: 'fen' }],
      ['quarter.nonCompetitivePercent', { label: { zh: '单一来源和应急采购占比', en: 'Single-source and emergency share' }, unit: 'percent' }],
      ['period.filedOnTime', { label: { zh: '按期报送', en: 'Filed on time' }, unit: 'boolean' }],
    ] as const
  ).map(([id, d]): FactDef => ({ id, ...d, compute: (ctx) => ctx.subject?.values[id.split('.')[1]] })),
];

/** Each supplier's share of its category's spend over the last `windowDays` (threshold, default 365), as data core sums in SQL. */
const supplierShares: AggregateSourceDef = {
  id: 'supplier-category-share',
  label: { zh: '供应商在类别中的份额', en: "Supplier's share of a category" },
  aggregate: {
    recordType: PROJECT_TYPE,
    groupBy: ['category', 'supplier'],
    window: { field: 'awardedOn', days: { threshold: 'windowDays' } },
    measure: { kind: 'share', field: 'totalFen', within: ['category'] },
    label: '{supplier}（{category}）',
    about: 'supplier',
    values: { category: { group: 'category' }, supplierId: { group: 'supplier' }, supplierFen: 'part', categoryFen: 'whole', percent: 'share', from: 'from', to: 'to' },
  },
  values: {
    category: { label: { zh: '采购类别', en: 'Category' }, unit: 'enum', options: CATEGORIES },
    supplierFen: { label: { zh: '该供应商中标金额', en: "Supplier's awards" }, unit: 'fen' },
    categoryFen: { label: { zh: '同类采购总额', en: 'Category total' }, unit: 'fen' },
    from: { label: { zh: '统计起始日', en: 'From' }, unit: 'date' },
    to: { label: { zh: '统计截止日', en: 'To' }, unit: 'date' },
  },
};

/** The groups a small purchase belongs to: its supplier's and each of its items'. */
function clusterGroups(p: PluginRecordView): string[] {
  const out: string[] = [];
  if (typeof p.values.supplier === 'number') out.push(`supplier:${p.values.supplier}`);
  for (const it of (p.values.items as Record<string, unknown>[] | null) ?? []) if (trimmedStr(it.itemName)) out.push(`item:${trimmedStr(it.itemName)}`);
  return out.length > 1 ? [...new Set(out)] : out;
}

/**
 * Finds clusters as purchases arrive in award order (date, then id), holding per group only the purchases within
 * `windowDays` of the oldest window start, so memory does not grow with the history. Within a group each window runs
 * from a purchase to the last one within `windowDays` of it; a window inside an earlier one is skipped, so one split
 * raises one hit; a cluster found in several groups is kept under the first group by name.
 */
interface OpenGroup {
  start: number;
  reached: number;
  members: PluginRecordView[];
  /** Each member's award as a day number (daysBetween from 1970-01-01), parsed once per purchase. */
  days: number[];
}

class ClusterFinder {
  private readonly open = new Map<string, OpenGroup>();
  private readonly found = new Map<string, { group: string; subject: RuleSubject }>();

  constructor(private readonly windowDays: number) {}

  add(p: PluginRecordView): void {
    const day = daysBetween('1970-01-01', p.values.awardedOn as string);
    for (const group of clusterGroups(p)) {
      let g = this.open.get(group);
      if (!g) this.open.set(group, (g = { start: 0, reached: -1, members: [], days: [] }));
      while (g.members.length && day - g.days[0] > this.windowDays) this.closeFirst(group, g);
      g.members.push(p);
      g.days.push(day);
    }
  }

  /** Every cluster, in the order of their groups' names. */
  finish(): RuleSubject[] {
    for (const [group, g] of this.open) while (g.members.length) this.closeFirst(group, g);
    // Each name compared once (collation is slow, and a million purchases make about 100,000 clusters): its rank, equal names equal.
    const names = [...new Set([...this.found.values()].map((f) => f.group))].sort((a, b) => a.localeCompare(b));
    const rank = new Map<string, number>();
    names.forEach((n, i) => rank.set(n, i > 0 && names[i - 1].localeCompare(n) === 0 ? rank.get(names[i - 1])! : i));
    return [...this.found.values()].sort((a, b) => rank.get(a.group)! - rank.get(b.group)!).map((f) => f.subject);
  }

  /** The window starting at the group's first open purchase holds every open purchase (a later one would have closed it). */
  private closeFirst(group: string, g: OpenGroup): void {
    const end = g.start + g.members.length - 1;
    if (end > g.reached && g.members.length > 1) {
      g.reached = end;
      const members = g.members;
      const ids = members.map((p) => p.id).sort((a, b) => a - b);
      const key = ids.join('+');
      const known = this.found.get(key);
      if (!known || group.localeCompare(known.group) < 0) this.found.set(key, { group, subject: clusterSubject(group, key, ids, members) });
    }
    // In place: the cluster above copied what it needs.
    g.members.shift();
    g.days.shift();
    g.start++;
  }
}

function clusterSubject(group: string, key: string, ids: number[], members: PluginRecordView[]): RuleSubject {
  return {
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
  };
}

const byAward = (a: PluginRecordView, b: PluginRecordView) => (a.values.awardedOn as string).localeCompare(b.values.awardedOn as string) || a.id - b.id;

/**
 * Groups of below-threshold purchases within `windowDays` of the first one, from the same supplier
 * or of the same item. A window inside an earlier one is skipped, so one split raises one hit.
 */
const purchaseClusters: SubjectSourceDef = {
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
    const windowDays = ctx.thresholds?.windowDays ?? 30;
    const below = num(ctx.options.tenderThresholdFen);
    const day = today(ctx);
    let awardedOn: { from?: string; to: string } = { to: day };
    const imported = ctx.importedFromId;
    if (imported) {
      // A cluster holding a new purchase starts at most windowDays before the first new award, and whether it is skipped
      // depends only on windows starting windowDays before that: reading from twice the window gives what a full scan gives.
      const span = await ctx.records.total!(PROJECT_TYPE, { range: { awardedOn: { to: day }, totalFen: { below } }, idFrom: imported }, 'awardedOn');
      if (!span.count) return [];
      const to = addDays(String(span.max), windowDays);
      awardedOn = { from: addDays(String(span.min), -2 * windowDays), to: to < day ? to : day };
    }
    const finder = new ClusterFinder(windowDays);
    await ctx.records.each!(PROJECT_TYPE, { range: { awardedOn, totalFen: { below } } }, (page) => page.forEach((p) => finder.add(p)), { orderBy: 'awardedOn' });
    const found = finder.finish();
    // Clusters of old purchases only were listed before the import (it cannot make one).
    return imported ? found.filter((s) => s.recordIds!.some((id) => id >= imported)) : found;
  },
  // Every cluster holding the purchase lies within `windowDays` of its award, in its supplier's or its items' groups.
  around: async (ctx) => {
    const p = ctx.record;
    const limit = num(ctx.options.tenderThresholdFen);
    const windowDays = ctx.thresholds?.windowDays ?? 30;
    const day = today(ctx);
    if (typeof p.values.awardedOn !== 'string' || p.values.awardedOn > day || num(p.values.totalFen) >= limit) return [];
    const to = addDays(p.values.awardedOn, windowDays);
    const range = { awardedOn: { from: addDays(p.values.awardedOn, -windowDays), to: to < day ? to : day }, totalFen: { below: limit } };
    const names = clusterGroups(p).filter((g) => g.startsWith('item:')).map((g) => g.slice(5));
    const near = new Map<number, PluginRecordView>();
    if (typeof p.values.supplier === 'number') for (const x of await ctx.records.find!(PROJECT_TYPE, { equal: { supplier: p.values.supplier }, range })) near.set(x.id, x);
    if (names.length) for (const x of await ctx.records.find!(PROJECT_TYPE, { rowHas: { field: 'items', column: 'itemName', values: names }, range })) near.set(x.id, x);
    const finder = new ClusterFinder(windowDays);
    // A neighbour's other groups are partial here, but no cluster of theirs holds the saved purchase.
    for (const x of [...near.values()].sort(byAward)) finder.add(x);
    return finder.finish().filter((s) => s.recordIds!.includes(p.id));
  },
};

/** Every quarter that has ended: its spend and the single-source and emergency share of it, as data core sums in SQL. */
const closedQuarters: AggregateSourceDef = {
  id: 'closed-quarters',
  label: { zh: '已结束的季度', en: 'Closed quarters' },
  aggregate: {
    recordType: PROJECT_TYPE,
    groupBy: [],
    window: { field: 'awardedOn', period: 'quarter' },
    measure: { kind: 'share', field: 'totalFen', part: [{ field: 'method', operator: 'in', values: NON_COMPETITIVE }] },
    label: '{period}',
    values: { quarter: 'period', totalFen: 'whole', nonCompetitiveFen: 'part', nonCompetitivePercent: 'share' },
  },
  values: {
    quarter: { label: { zh: '季度', en: 'Quarter' }, unit: 'period' },
    totalFen: { label: { zh: '本季度采购总额', en: "Quarter's spend" }, unit: 'fen' },
    nonCompetitiveFen: { label: { zh: '单一来源和应急采购金额', en: 'Single-source and emergency spend' }, unit: 'fen' },
  },
};

/** The institution's due days (day of the month after the period), so the rule and the on-time indicator agree. */
export function reportDueDays(options: Record<string, unknown>): { monthlyDueDay: number; quarterlyDueDay: number } {
  return { monthlyDueDay: num(options.monthlyReportDueDay, 10), quarterlyDueDay: num(options.quarterlyReportDueDay, 15) };
}

/** The first award on or before today, or null: reporting is due from its month and quarter. */
async function firstAward(ctx: FactContext): Promise<string | null> {
  const [first] = await ctx.records.find!(PROJECT_TYPE, { range: { awardedOn: { to: today(ctx) } } }, { orderBy: 'awardedOn', limit: 1 });
  return first ? (first.values.awardedOn as string) : null;
}

/** A period's subject: its due date passed (else none), and the earliest report filed for it, if any. */
function periodSubject(kind: string, period: string, due: string, day: string, reports: PluginRecordView[]): RuleSubject | null {
  if (due >= day) return null;
  const r = reports.filter((x) => x.values.kind === kind && x.values.period === period).sort((a, b) => String(a.values.filedOn).localeCompare(String(b.values.filedOn)))[0];
  const filedOn = r ? (r.values.filedOn as string) : null;
  const kindLabel = REPORT_KINDS.find((k) => k.value === kind)!.label.zh;
  return { key: `${kind}:${period}`, label: `${kindLabel}（${chinesePeriod(period) ?? period}）`, recordId: r?.id, values: { kind, period, dueDate: due, filedOn, filedOnTime: !!filedOn && filedOn <= due } };
}

const monthlyDue = (ctx: FactContext, m: string) => dayOfNextMonth(m, reportDueDays(ctx.options).monthlyDueDay);
const quarterlyDue = (ctx: FactContext, q: string) => dayOfNextMonth(quarterBounds(q).to.slice(0, 7), reportDueDays(ctx.options).quarterlyDueDay);

/** Every monthly and quarterly report due since the first award whose due date has passed. */
const reportPeriods: SubjectSourceDef = {
  id: 'report-periods',
  label: { zh: '应报送的报告期', en: 'Reporting periods due' },
  values: {
    kind: { label: { zh: '报告类型', en: 'Report' }, unit: 'enum', options: REPORT_KINDS },
    period: { label: { zh: '报告期', en: 'Period' }, unit: 'period' },
    dueDate: { label: { zh: '报送期限', en: 'Due' }, unit: 'date' },
    filedOn: { label: { zh: '报送日期', en: 'Filed on' }, unit: 'date', none: { zh: '未报送', en: 'Not filed' } },
  },
  list: async (ctx) => {
    const first = await firstAward(ctx);
    if (!first) return [];
    const day = today(ctx);
    const reports = await ctx.records.list(REPORT_TYPE);
    const out: (RuleSubject | null)[] = [];
    for (let m = monthOf(first); m <= monthOf(day); m = nextMonth(m)) out.push(periodSubject('monthly-finance', m, monthlyDue(ctx, m), day, reports));
    for (let q = quarterOf(first); q <= quarterOf(day); q = nextQuarter(q)) out.push(periodSubject('quarterly-supervision', q, quarterlyDue(ctx, q), day, reports));
    return out.filter((x): x is RuleSubject => !!x);
  },
  // A report changes only the period it is filed for.
  around: async (ctx) => {
    const { kind, period } = ctx.record.values;
    const first = await firstAward(ctx);
    if (!first || typeof period !== 'string') return [];
    const day = today(ctx);
    const reports = await ctx.records.find!(REPORT_TYPE, { equal: { kind: String(kind), period } });
    const monthly = kind === 'monthly-finance' && /^\d{4}-\d{2}$/.test(period) && monthOf(first) <= period && period <= monthOf(day);
    const quarterly = kind === 'quarterly-supervision' && /^\d{4}-Q[1-4]$/.test(period) && quarterOf(first) <= period && period <= quarterOf(day);
    const subject = monthly ? periodSubject(kind, period, monthlyDue(ctx, period), day, reports) : quarterly ? periodSubject(kind, period, quarterlyDue(ctx, period), day, reports) : null;
    return subject ? [subject] : [];
  },
};

export const SUBJECTS: SubjectSourceDef[] = [purchaseClusters, reportPeriods];
/** What SQL can say is data; the clusters and the due dates above stay in code. */
export const AGGREGATE_SUBJECTS: AggregateSourceDef[] = [supplierShares, closedQuarters];

export const RULES: RuleDef[] = [
  {
    id: 'major-matter-without-decision',
    version: 1,
    label: { zh: '大额采购未经“三重一大”集体决策', en: 'Major purchase without a collective decision' },
    recordType: PROJECT_TYPE,
    level: 'red',
    when: { all: [{ fact: 'project.totalFen', operator: 'greaterThanInclusive', value: { option: 'majorMatterThresholdFen' } }, { fact: 'project.hasCollectiveDecision', operator: 'equal', value: false }] },
    inputs: { majorMatterThresholdFen: { label: { zh: '“三重一大”大额资金标准', en: 'Major-matter threshold' }, unit: 'fen' } },
    // Only amounts at the threshold can hit: the scan reads them through the amount in the index.
    candidates: (ctx) => (typeof ctx.options.majorMatterThresholdFen === 'number' ? [{ range: { totalFen: { from: ctx.options.majorMatterThresholdFen } } }] : null),
    message: { zh: '采购金额达到“三重一大”大额资金标准，但没有集体决策会议记录', en: 'The amount reaches the major-matter threshold but no collective decision is recorded' },
  },
  {
    id: 'three-separation-breach',
    version: 1,
    label: { zh: '资格预审、评标、定标未分离', en: 'Qualification, evaluation and award not separated' },
    recordType: PROJECT_TYPE,
    level: 'red',
    // The second condition always holds once the first does: it keeps the names with the hit's inputs.
    when: { all: [{ fact: 'project.separationOverlaps', operator: 'greaterThan', value: 0 }, { fact: 'project.separationPeople', operator: 'notEqual', value: null }] },
    // Two of the three roles filled in: the reviewer's or the decider's is one of them.
    candidates: () => [{ present: ['qualificationReviewer'] }, { present: ['awardDecider'] }],
    message: { zh: '同一人在资格预审、评标、定标中兼任两个以上环节', en: 'One person acts in two or more of qualification review, evaluation and award' },
  },
  {
    id: 'supplier-share-too-high',
    version: 1,
    label: { zh: '单一供应商占同类采购份额过高', en: "A supplier's share of a category is too high" },
    recordType: PROJECT_TYPE,
    subjects: 'supplier-category-share',
    level: 'yellow',
    when: { fact: 'share.percent', operator: 'greaterThan', value: { threshold: 'maxSharePercent' } },
    thresholds: { maxSharePercent: 30, windowDays: 365 },
    inputs: { maxSharePercent: { label: { zh: '份额上限', en: 'Share limit' }, unit: 'percent' }, windowDays: { label: { zh: '统计期', en: 'Window' }, unit: 'days' } },
    message: { zh: '近{windowDays}内该供应商占同类采购金额的比例超过{maxSharePercent}', en: 'Over the last {windowDays} this supplier has more than {maxSharePercent} of the category' },
  },
  {
    id: 'split-purchase',
    version: 1,
    label: { zh: '化整为零、拆分采购', en: 'Split purchases' },
    recordType: PROJECT_TYPE,
    subjects: 'purchase-clusters',
    level: 'red',
    // Each purchase is under the tender threshold; together they reach it, which would have required a tender.
    when: { all: [{ fact: 'cluster.count', operator: 'greaterThanInclusive', value: 2 }, { fact: 'cluster.totalFen', operator: 'greaterThanInclusive', value: { option: 'tenderThresholdFen' } }] },
    thresholds: { windowDays: 30 },
    inputs: { tenderThresholdFen: { label: { zh: '招标限额', en: 'Tender threshold' }, unit: 'fen' }, windowDays: { label: { zh: '时间窗口', en: 'Window' }, unit: 'days' } },
    message: { zh: '{windowDays}内同一供应商或同一品目的多笔采购均低于招标限额，合计达到限额', en: 'Purchases within {windowDays} from one supplier or of one item are each under the tender threshold but together reach it' },
  },
  {
    id: 'price-above-reference',
    version: 1,
    label: { zh: '采购单价高于参考价', en: 'Unit price above the reference price' },
    recordType: PROJECT_TYPE,
    level: 'yellow',
    when: { fact: 'project.maxPriceExcessPercent', operator: 'greaterThan', value: { threshold: 'maxExcessPercent' } },
    // Only an item with a reference price can exceed it.
    candidates: () => [{ rowHas: { field: 'items', column: 'referencePriceFen' } }],
    thresholds: { maxExcessPercent: 10 },
    inputs: { maxExcessPercent: { label: { zh: '允许超出幅度', en: 'Allowed excess' }, unit: 'percent' } },
    message: { zh: '有品目的单价高于参考价{maxExcessPercent}以上', en: 'An item costs more than {maxExcessPercent} above its reference price' },
  },
  {
    id: 'non-competitive-share-too-high',
    version: 1,
    label: { zh: '单一来源和应急采购占比过高', en: 'Too much single-source and emergency purchasing' },
    recordType: PROJECT_TYPE,
    subjects: 'closed-quarters',
    level: 'yellow',
    when: { fact: 'quarter.nonCompetitivePercent', operator: 'greaterThan', value: { threshold: 'maxPercent' } },
    thresholds: { maxPercent: 20 },
    inputs: { maxPercent: { label: { zh: '占比上限', en: 'Share limit' }, unit: 'percent' } },
    message: { zh: '本季度单一来源和应急采购金额超过采购总额的{maxPercent}', en: 'Single-source and emergency purchases exceed {maxPercent} of the quarter’s spend' },
  },
  {
    id: 'award-to-blacklisted-supplier',
    version: 1,
    label: { zh: '向黑名单供应商授标', en: 'Award to a blacklisted supplier' },
    recordType: PROJECT_TYPE,
    level: 'red',
    when: { fact: 'project.supplierBlacklistedOnAward', operator: 'equal', value: true },
    // Only awards to a supplier whose blacklist flag is set (the fact needs it as well as the period).
    candidates: async (ctx) => [{ equal: { supplier: (await ctx.records.find!(SUPPLIER_TYPE, { equal: { blacklisted: true } })).map((s) => s.id) } }],
    message: { zh: '中标供应商在定标日处于黑名单期内', en: 'The winning supplier was blacklisted on the award date' },
  },
  {
    id: 'report-not-filed',
    version: 1,
    label: { zh: '采购情况未按期报告', en: 'Procurement report not filed on time' },
    recordType: REPORT_TYPE,
    subjects: 'report-periods',
    level: 'yellow',
    // Due days are plugin options (monthlyReportDueDay, quarterlyReportDueDay), shared with the reports-on-time indicator.
    when: { fact: 'period.filedOnTime', operator: 'equal', value: false },
    message: { zh: '月度报财务部门或季度报纪检监察的采购情况报告未在期限内报送', en: 'The monthly report to finance or the quarterly report to supervision was not filed by its due date' },
  },
];
