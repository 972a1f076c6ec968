import type { FactContext, FactDef, PluginRecordView, RuleDef, RuleSubject, SubjectSourceDef } from '../../core/plugin-api';
import { addDays, daysBetween, num, today, trimmedStr } from '../../core/plugin-api';
import { ARREARS, COLLECTION, DEFAULT_BANDS, INSPECTION, RECEIPT_QUESTIONS, REDUCTION, REMINDER, VIOLATION_TYPES } from './records';


export interface Band {
  violationType: string;
  unit: 'fen' | 'percent';
  min: number;
  max: number;
}

/** The bureau's band for a violation type (options.discretionBands), or the default. */
export function bandFor(options: Record<string, unknown>, violationType: unknown): Band | null {
  const bands = (Array.isArray(options.discretionBands) ? options.discretionBands : DEFAULT_BANDS) as Band[];
  return bands.find((b) => b.violationType === violationType) ?? null;
}

/** The penalty measured in the band's unit: fen, or percent of the tax involved (null when that is unknown). */
export function penaltyMeasure(values: Record<string, unknown>, band: Band): number | null {
  if (band.unit === 'fen') return num(values.penaltyFen);
  const tax = num(values.taxInvolvedFen);
  return tax > 0 ? (num(values.penaltyFen) * 100) / tax : null;
}

/** Whether a penalised inspection's penalty lies outside its type's band (null when there is no penalty). */
export function penaltyOutsideBand(values: Record<string, unknown>, options: Record<string, unknown>): boolean | null {
  if (typeof values.penaltyFen !== 'number' || !values.violationType) return null;
  const band = bandFor(options, values.violationType);
  if (!band) return null;
  const m = penaltyMeasure(values, band);
  return m === null ? true : m < band.min || m > band.max;
}

/** Negative answers on an inspection's integrity receipt, by question label. */
export function negativeAnswers(values: Record<string, unknown>): string[] {
  return RECEIPT_QUESTIONS.filter((q) => values[q.key] === q.negative).map((q) => q.zh);
}

/** Days the receipt has been out: issue (or end of inspection) to return, or to today when not back. */
export function receiptDaysOut(values: Record<string, unknown>, day: string): number | null {
  const from = trimmedStr(values.receiptIssuedOn) || trimmedStr(values.endedOn);
  if (!from) return null;
  return daysBetween(from, trimmedStr(values.receiptReturnedOn) || day);
}

/** Days an assessed amount has been outstanding without an approved deferral; 0 when collected or deferred. */
export function daysUncollected(values: Record<string, unknown>, day: string): number {
  if (num(values.collectedFen) >= num(values.assessedFen)) return 0;
  if (values.deferralApproved === true && trimmedStr(values.deferralApprover) && trimmedStr(values.deferralUntil) >= day) return 0;
  return typeof values.assessedOn === 'string' ? Math.max(0, daysBetween(values.assessedOn, day)) : 0;
}

/** Days a reminder letter or card has waited for its signature; null once acknowledged. */
export function reminderDaysWaiting(values: Record<string, unknown>, day: string): number | null {
  if (trimmedStr(values.acknowledgedOn) || !trimmedStr(values.issuedOn)) return null;
  return Math.max(0, daysBetween(trimmedStr(values.issuedOn), day));
}

/** The bureau's days for signing a reminder (options.reminderAcknowledgeDays). */
export const reminderAcknowledgeDays = (options: Record<string, unknown>) => num(options.reminderAcknowledgeDays, 7);

const inspectors = (values: Record<string, unknown>) => (Array.isArray(values.inspectors) ? [...new Set(values.inspectors.map(trimmedStr).filter(Boolean))] : []);

const PEOPLE = { zh: '人', en: 'person|people' };
const TIMES = { zh: '次', en: 'times' };
const PENALTY_IN = (label: { zh: string; en: string }) => ({ label, unit: 'fen' as const, unitFrom: 'unit' });

export const FACTS: FactDef[] = [
  { id: 'inspection.inspectorCount', label: { zh: '检查人员人数', en: 'Inspectors' }, unit: 'count', counter: PEOPLE, compute: (ctx) => inspectors(ctx.record?.values ?? {}).length },
  { id: 'inspection.penaltyOutsideBand', label: { zh: '罚款超出裁量基准', en: 'Penalty outside the band' }, unit: 'boolean', compute: (ctx) => penaltyOutsideBand(ctx.record?.values ?? {}, ctx.options) },
  {
    id: 'inspection.band',
    label: { zh: '裁量基准与本案处罚', en: 'Band and penalty' },
    unit: 'object',
    // min, max and penalty are in the band's unit: fen, or percent of the tax involved.
    fields: {
      violationType: { label: { zh: '违法行为', en: 'Violation' }, unit: 'text', title: true },
      min: PENALTY_IN({ zh: '基准下限', en: 'band minimum' }),
      max: PENALTY_IN({ zh: '基准上限', en: 'band maximum' }),
      penalty: PENALTY_IN({ zh: '本案处罚', en: 'penalty' }),
    },
    compute: (ctx) => {
      const v = ctx.record?.values ?? {};
      const band = bandFor(ctx.options, v.violationType);
      const m = band ? penaltyMeasure(v, band) : null;
      return band ? { violationType: VIOLATION_TYPES.find((t) => t.value === band.violationType)?.label.zh, unit: band.unit, min: band.min, max: band.max, penalty: m === null ? null : Math.round(m * 100) / 100 } : null;
    },
  },
  {
    id: 'inspection.receiptDaysOut',
    label: { zh: '廉政回执未反馈天数', en: 'Days the receipt has been out' },
    unit: 'days',
    compute: (ctx) => receiptDaysOut(ctx.record?.values ?? {}, today(ctx)),
  },
  { id: 'arrears.isWriteOff', label: { zh: '核销决定', en: 'Write-off' }, unit: 'boolean', compute: (ctx) => ctx.record?.values.decision === 'write-off' },
  { id: 'arrears.amountFen', label: { zh: '欠税金额', en: 'Amount' }, unit: 'fen', compute: (ctx) => num(ctx.record?.values.amountFen) },
  {
    id: 'arrears.hasCollectiveDecision',
    label: { zh: '有集体决策记录', en: 'Collective decision recorded' },
    unit: 'boolean',
    compute: (ctx) => !!trimmedStr(ctx.record?.values.collectiveDecisionDate) && !!trimmedStr(ctx.record?.values.minutesRef),
  },
  { id: 'collection.daysUncollected', label: { zh: '未征收且未批准延期的天数', en: 'Days uncollected without deferral' }, unit: 'days', compute: (ctx) => daysUncollected(ctx.record?.values ?? {}, today(ctx)) },
  { id: 'collection.outstandingFen', label: { zh: '未征收税额', en: 'Outstanding' }, unit: 'fen', compute: (ctx) => Math.max(0, num(ctx.record?.values.assessedFen) - num(ctx.record?.values.collectedFen)) },
  { id: 'reminder.daysWaiting', label: { zh: '提醒书/提示卡待签收天数', en: 'Days waiting for acknowledgement' }, unit: 'days', compute: (ctx) => reminderDaysWaiting(ctx.record?.values ?? {}, today(ctx)) },
  ...(
    [
      ['group.count', { label: { zh: '减免次数', en: 'Reductions' }, unit: 'count', counter: TIMES }],
      ['group.officer', { label: { zh: '经办人', en: 'Officer' }, unit: 'text' }],
      ['receipt.negativeCount', { label: { zh: '反映问题的项数', en: 'Problems reported' }, unit: 'count', counter: { zh: '项', en: 'items' } }],
      ['receipt.negative', { label: { zh: '反映的问题', en: 'Problems' }, unit: 'list' }],
      ['receipt.inspectors', { label: { zh: '检查人员', en: 'Inspectors' }, unit: 'list' }],
    ] as const
  ).map(([id, d]): FactDef => ({ id, ...d, compute: (ctx) => ctx.subject?.values[id.split('.')[1]] })),
];

/** Which officer the repeated-reductions rule counts: the approver (default) or the reviewer (options.repeatedReductionsOfficer). */
export type ReductionOfficerRole = 'approver' | 'reviewer';
export const reductionOfficerRole = (options: Record<string, unknown>): ReductionOfficerRole => (options.repeatedReductionsOfficer === 'reviewer' ? 'reviewer' : 'approver');
const ROLE_ZH: Record<ReductionOfficerRole, string> = { approver: '审批人', reviewer: '审核人' };

/**
 * Reductions handled by one officer (approver or reviewer, per the bureau's option) for one taxpayer,
 * grouped into windows of `windowDays` from the first; a window inside an earlier one is skipped, so
 * one run of approvals raises one hit.
 */
const reductionGroups: SubjectSourceDef = {
  id: 'reduction-groups',
  label: { zh: '同一审批（审核）人对同一纳税人的减免', en: 'Reductions by one officer for one taxpayer' },
  values: {
    role: { label: { zh: '经办环节', en: 'As' }, unit: 'enum', options: [{ value: 'approver', label: { zh: '审批人', en: 'Approver' } }, { value: 'reviewer', label: { zh: '审核人', en: 'Reviewer' } }] },
    reductions: {
      label: { zh: '所涉减免', en: 'Reductions' },
      unit: 'list',
      fields: {
        no: { label: { zh: '文号', en: 'No.' }, unit: 'text', title: true },
        approvedOn: { label: { zh: '批准日期', en: 'Approved on' }, unit: 'date' },
        amountFen: { label: { zh: '减免税额', en: 'Amount' }, unit: 'fen' },
        reviewer: { label: { zh: '审核人', en: 'Reviewer' }, unit: 'text' },
        approver: { label: { zh: '审批人', en: 'Approver' }, unit: 'text' },
      },
    },
  },
  // Read in taxpayer order, page by page: a taxpayer's groups are whole when the next taxpayer starts, so a scan holds
  // one taxpayer's reductions, not the bureau's history.
  list: async function* (ctx) {
    const role = reductionOfficerRole(ctx.options);
    let taxpayer: PluginRecordView[] = [];
    for await (const page of ctx.records.pages!(REDUCTION, { present: ['taxpayer', role] }, { orderBy: 'taxpayer' })) {
      // The page's taxpayers' names in one query (get batches the calls of one turn).
      await Promise.all([...new Set(page.map((r) => r.values.taxpayer as number))].map((id) => ctx.records.get!(id)));
      for (const r of page) {
        if (taxpayer.length && taxpayer[0].values.taxpayer !== r.values.taxpayer) {
          yield* await taxpayerWindows(ctx, taxpayer, role);
          taxpayer = [];
        }
        taxpayer.push(r);
      }
    }
    if (taxpayer.length) yield* await taxpayerWindows(ctx, taxpayer, role);
  },
  // A reduction changes only its taxpayer's and officer's group: that group is read whole, through its index.
  around: async (ctx) => {
    const role = reductionOfficerRole(ctx.options);
    const key = reductionGroupKey(ctx.record, role);
    if (!key) return [];
    const group = (await ctx.records.find!(REDUCTION, { equal: { taxpayer: ctx.record.values.taxpayer as number } })).filter((r) => reductionGroupKey(r, role) === key);
    const name = (await ctx.records.get!(ctx.record.values.taxpayer as number))?.title;
    return reductionWindows(ctx, key, group, role, name).filter((s) => (s.values.reductions as { id: number }[]).some((x) => x.id === ctx.record.id));
  },
};

/** One taxpayer's reductions as the windows of each of its officers' groups, by group key. */
async function taxpayerWindows(ctx: FactContext, reductions: PluginRecordView[], role: ReductionOfficerRole): Promise<RuleSubject[]> {
  const groups = new Map<string, PluginRecordView[]>();
  for (const r of reductions) {
    const key = reductionGroupKey(r, role);
    if (key) groups.set(key, groups.get(key) ?? []).get(key)!.push(r);
  }
  const name = (await ctx.records.get!(reductions[0].values.taxpayer as number))?.title;
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).flatMap(([key, list]) => reductionWindows(ctx, key, list, role, name));
}

/** The group a reduction counts in: its taxpayer and its officer in the bureau's chosen role; null without both. */
function reductionGroupKey(r: PluginRecordView, role: ReductionOfficerRole): string | null {
  if (typeof r.values.taxpayer !== 'number' || !trimmedStr(r.values[role])) return null;
  // Approver keys keep their original form so hits raised before the option existed stay unique.
  return `${r.values.taxpayer}:${role === 'reviewer' ? 'reviewer:' : ''}${trimmedStr(r.values[role])}`;
}

/** The windows of `windowDays` from each reduction of one group; a window inside an earlier one is skipped. */
function reductionWindows(ctx: FactContext, key: string, list: PluginRecordView[], role: ReductionOfficerRole, taxpayerName: string | undefined): RuleSubject[] {
  const windowDays = ctx.thresholds?.windowDays ?? 365;
  const out: RuleSubject[] = [];
  list.sort((a, b) => String(a.values.approvedOn).localeCompare(String(b.values.approvedOn)) || a.id - b.id);
  let reached = -1;
  for (let i = 0; i < list.length; i++) {
    let j = i;
    while (j + 1 < list.length && daysBetween(list[i].values.approvedOn as string, list[j + 1].values.approvedOn as string) < windowDays) j++;
    if (j <= reached) continue;
    reached = j;
    const members = list.slice(i, j + 1);
    const officer = trimmedStr(members[0].values[role]);
    out.push({
      key: `${key}:${members[0].id}`,
      label: `${taxpayerName ?? ''}（${ROLE_ZH[role]}：${officer}）`,
      recordId: members[members.length - 1].id,
      values: { count: members.length, officer, role, taxpayerId: members[0].values.taxpayer, reductions: members.map((r) => ({ id: r.id, no: r.values.reductionNo, approvedOn: r.values.approvedOn, amountFen: r.values.amountFen, reviewer: r.values.reviewer, approver: r.values.approver })) },
    });
  }
  return out;
}

/** Inspections whose receipt came back with a negative answer: the subject is the inspectors. */
const negativeReceipts: SubjectSourceDef = {
  id: 'negative-receipts',
  label: { zh: '廉政回执反映问题的检查', en: 'Inspections with a negative receipt' },
  values: {
    comment: { label: { zh: '纳税人意见', en: "Taxpayer's comment" }, unit: 'text' },
    returnedOn: { label: { zh: '回执反馈日期', en: 'Returned on' }, unit: 'date' },
  },
  list: async function* (ctx) {
    for await (const page of ctx.records.pages!(INSPECTION, {})) yield* page.flatMap(receiptSubject);
  },
  around: (ctx) => receiptSubject(ctx.record),
};

/** An inspection whose receipt answers include a negative one, as a subject about its inspectors; else none. */
function receiptSubject(r: PluginRecordView): RuleSubject[] {
  const negative = negativeAnswers(r.values);
  if (!negative.length) return [];
  const names = inspectors(r.values);
  return [{ key: String(r.id), label: `检查人员：${names.join('、')}（${r.title}）`, recordId: r.id, values: { negativeCount: negative.length, negative, inspectors: names, comment: r.values.receiptComment ?? null, returnedOn: r.values.receiptReturnedOn } }];
}

export const SUBJECTS: SubjectSourceDef[] = [reductionGroups, negativeReceipts];

export const RULES: RuleDef[] = [
  {
    id: 'penalty-outside-band',
    version: 1,
    label: { zh: '罚款超出自由裁量基准', en: 'Penalty outside the discretion band' },
    recordType: INSPECTION,
    level: 'red',
    // The second condition always holds once the first does: it keeps the band with the hit's inputs.
    when: { all: [{ fact: 'inspection.penaltyOutsideBand', operator: 'equal', value: true }, { fact: 'inspection.band', operator: 'notEqual', value: null }] },
    message: { zh: '处罚金额超出该违法行为的自由裁量基准', en: 'The penalty lies outside the discretion band for the violation' },
  },
  {
    id: 'repeated-reductions',
    version: 1,
    label: { zh: '同一人对同一纳税人多次批准减免', en: 'Repeated reductions for one taxpayer by one officer' },
    recordType: REDUCTION,
    subjects: 'reduction-groups',
    level: 'yellow',
    when: { all: [{ fact: 'group.count', operator: 'greaterThanInclusive', value: { threshold: 'minCount' } }, { fact: 'group.officer', operator: 'notEqual', value: null }] },
    thresholds: { minCount: 3, windowDays: 365 },
    inputs: { minCount: { label: { zh: '次数标准', en: 'Limit' }, unit: 'count', counter: TIMES } },
    message: { zh: '12个月内同一审批（审核）人为同一纳税人办理减免税{minCount}以上', en: 'One officer approved (or reviewed) reductions for one taxpayer {minCount} or more within 12 months' },
  },
  {
    id: 'receipt-not-returned',
    version: 1,
    label: { zh: '廉政回执逾期未反馈', en: 'Integrity receipt not returned in time' },
    recordType: INSPECTION,
    level: 'yellow',
    when: { fact: 'inspection.receiptDaysOut', operator: 'greaterThan', value: { threshold: 'maxDays' } },
    thresholds: { maxDays: 15 },
    inputs: { maxDays: { label: { zh: '反馈期限', en: 'Allowed days' }, unit: 'days' } },
    message: { zh: '税务检查结束后廉政回执超过{maxDays}未反馈', en: 'The integrity receipt was not returned within {maxDays} of the inspection' },
  },
  {
    id: 'too-few-inspectors',
    version: 1,
    label: { zh: '税务检查人员少于两人', en: 'Fewer than two inspectors' },
    recordType: INSPECTION,
    level: 'red',
    when: { fact: 'inspection.inspectorCount', operator: 'lessThan', value: { threshold: 'minInspectors' } },
    thresholds: { minInspectors: 2 },
    inputs: { minInspectors: { label: { zh: '规定最少人数', en: 'Minimum' }, unit: 'count', counter: PEOPLE } },
    message: { zh: '税务检查应由{minInspectors}以上检查人员实施', en: 'A tax inspection needs at least {minInspectors}' },
  },
  {
    id: 'write-off-without-collective-decision',
    version: 1,
    label: { zh: '大额欠税核销未经集体决策', en: 'Large write-off without a collective decision' },
    recordType: ARREARS,
    level: 'red',
    when: {
      all: [
        { fact: 'arrears.isWriteOff', operator: 'equal', value: true },
        { fact: 'arrears.amountFen', operator: 'greaterThan', value: { option: 'writeOffCollectiveThresholdFen' } },
        { fact: 'arrears.hasCollectiveDecision', operator: 'equal', value: false },
      ],
    },
    inputs: { writeOffCollectiveThresholdFen: { label: { zh: '集体决策标准', en: 'Collective-decision threshold' }, unit: 'fen' } },
    message: { zh: '欠税核销金额超过集体决策标准，但没有局务会集体决策记录', en: 'The write-off exceeds the collective-decision threshold but no collective decision is recorded' },
  },
  {
    id: 'uncollected-without-deferral',
    version: 1,
    label: { zh: '应征税款超期未征且未批准延期', en: 'Assessed tax uncollected with no deferral' },
    recordType: COLLECTION,
    level: 'yellow',
    when: { all: [{ fact: 'collection.daysUncollected', operator: 'greaterThan', value: { threshold: 'maxDays' } }, { fact: 'collection.outstandingFen', operator: 'greaterThan', value: 0 }] },
    thresholds: { maxDays: 90 },
    inputs: { maxDays: { label: { zh: '规定期限', en: 'Allowed days' }, unit: 'days' } },
    message: { zh: '税款核定后超过{maxDays}未征收入库，且未经批准延期缴纳', en: 'Tax assessed more than {maxDays} ago is uncollected and no deferral was approved' },
  },
  {
    id: 'negative-receipt',
    version: 1,
    label: { zh: '廉政回执反映检查人员问题', en: 'Integrity receipt reports misconduct' },
    recordType: INSPECTION,
    subjects: 'negative-receipts',
    level: 'red',
    when: { all: [{ fact: 'receipt.negativeCount', operator: 'greaterThan', value: 0 }, { fact: 'receipt.negative', operator: 'notEqual', value: null }, { fact: 'receipt.inspectors', operator: 'notEqual', value: null }] },
    message: { zh: '纳税人在廉政回执中反映检查人员存在吃拿卡要、宴请、收礼或态度问题', en: 'The taxpayer reports misconduct by the inspectors on the integrity receipt' },
  },
  {
    id: 'reminder-unacknowledged',
    version: 1,
    label: { zh: '提醒书/提示卡逾期未签收', en: 'Reminder not acknowledged in time' },
    recordType: REMINDER,
    level: 'blue',
    // The days are a plugin option, not a rule threshold, so the reminder tracker screen reads the same number.
    when: { fact: 'reminder.daysWaiting', operator: 'greaterThan', value: { option: 'reminderAcknowledgeDays' } },
    inputs: { reminderAcknowledgeDays: { label: { zh: '签收期限', en: 'Allowed days' }, unit: 'days' } },
    message: { zh: '廉政提醒书/提示卡发放后超过{reminderAcknowledgeDays}未签收', en: 'The reminder letter or card was not acknowledged within {reminderAcknowledgeDays}' },
  },
];

/** Inspections whose receipt is due: issued (or ended) at least `maxDays` ago, or already returned. */
export async function dueReceipts(ctx: FactContext, maxDays = 15): Promise<PluginRecordView[]> {
  const cutoff = addDays(today(ctx), -maxDays);
  return (await ctx.records.list(INSPECTION)).filter((r) => !!trimmedStr(r.values.receiptReturnedOn) || (trimmedStr(r.values.receiptIssuedOn) || trimmedStr(r.values.endedOn)) <= cutoff);
}
