import * as path from 'node:path';
import type { FactContext, Role, TemplateDef } from '../../core/plugin-api';
import { chineseDate, chineseDateOrEmpty, num, quarterBounds, today, yuan } from '../../core/plugin-api';
import { ARREARS, INSPECTION, INTEGRITY_REPORT, RECEIPT_QUESTIONS, REDUCTION, REMINDER, REMINDER_OCCASIONS, VIOLATION_TYPES } from './records';
import { bandFor, negativeAnswers, penaltyOutsideBand, RULES } from './rules';

const file = (name: string) => path.join(__dirname, 'templates', `${name}.hbs`);
const names = (v: unknown) => (Array.isArray(v) ? v.join('、') : '');

/** The inspection's taxpayer name, inspectors and dates in Chinese form. */
async function inspectionData(ctx: FactContext) {
  const v = ctx.record?.values ?? {};
  const taxpayer = typeof v.taxpayer === 'number' && ctx.records.get ? await ctx.records.get(v.taxpayer) : null;
  return { taxpayer: taxpayer?.title ?? '', inspectors: names(v.inspectors), startedOn: chineseDateOrEmpty(v.startedOn), endedOn: chineseDateOrEmpty(v.endedOn) };
}

/** Why the reminder is given, as the clause its letter or card opens with (双提制, 004 第4篇). */
const OCCASION_CLAUSE: Record<string, string> = {
  promotion: '你即将提拔任用',
  transfer: '你即将调整工作岗位',
  moving: '你即将乔迁新居',
  wedding: '你即将操办婚嫁事宜',
  funeral: '你家中即将办理丧葬事宜',
  holiday: '重要节日即将来临',
  'groundless-clue': '有关反映你的问题经调查查无实据',
};

const reminderData = (ctx: FactContext) => {
  const occasion = String(ctx.record?.values.occasion ?? '');
  return { occasion: REMINDER_OCCASIONS.find((o) => o.value === occasion)?.label.zh ?? '', clause: OCCASION_CLAUSE[occasion] ?? '', issuedOn: chineseDateOrEmpty(ctx.record?.values.issuedOn) };
};

/**
 * 季度廉政报告 figures, all from the quarter's records: inspections ended and receipts returned in it,
 * penalties against their bands, reductions approved, arrears written off or deferred, rule hits raised,
 * reminders issued. Receipts still out are counted as of the day the report is issued.
 */
export async function quarterData(ctx: FactContext) {
  const period = String(ctx.record?.values.period ?? '');
  const { from, to } = quarterBounds(period);
  const inQ = (d: unknown) => typeof d === 'string' && d >= from && d <= to;
  const inspections = await ctx.records.list(INSPECTION);
  const taxpayerOf = async (id: unknown) => (typeof id === 'number' && ctx.records.get ? ((await ctx.records.get(id))?.title ?? '') : '');

  const ended = inspections.filter((r) => inQ(r.values.endedOn));
  const returned = inspections.filter((r) => inQ(r.values.receiptReturnedOn));
  const negative = [];
  for (const r of returned.filter((x) => negativeAnswers(x.values).length > 0)) {
    negative.push({ no: r.title, taxpayer: await taxpayerOf(r.values.taxpayer), inspectors: names(r.values.inspectors), answers: negativeAnswers(r.values).join('、'), comment: String(r.values.receiptComment ?? '') });
  }
  const outstanding = ended.filter((r) => typeof r.values.receiptReturnedOn !== 'string').length;

  const penalised = ended.filter((r) => penaltyOutsideBand(r.values, ctx.options) !== null);
  const outside = [];
  for (const r of penalised.filter((x) => penaltyOutsideBand(x.values, ctx.options) === true)) {
    const band = bandFor(ctx.options, r.values.violationType)!;
    const bandText = band.unit === 'fen' ? `${yuan(band.min)}元至${yuan(band.max)}元` : `涉及税款的${band.min}%至${band.max}%`;
    outside.push({ no: r.title, taxpayer: await taxpayerOf(r.values.taxpayer), violation: VIOLATION_TYPES.find((t) => t.value === r.values.violationType)?.label.zh ?? '', penalty: yuan(num(r.values.penaltyFen)), band: bandText });
  }
  const withinBand = penalised.length - outside.length;

  const reductions = (await ctx.records.list(REDUCTION)).filter((r) => inQ(r.values.approvedOn));
  const arrears = (await ctx.records.list(ARREARS)).filter((r) => inQ(r.values.decidedOn));
  const writeOffs = arrears.filter((r) => r.values.decision === 'write-off');
  const deferrals = arrears.filter((r) => r.values.decision === 'deferral');
  const threshold = num(ctx.options.writeOffCollectiveThresholdFen);
  const large = writeOffs.filter((r) => num(r.values.amountFen) > threshold);

  const hitsByRule = new Map((await ctx.records.hitCounts!({ by: 'rule', from, to })).map((c) => [c.key, c.count]));
  const byRule = RULES.map((rule) => ({ label: rule.label.zh, count: hitsByRule.get(rule.id) ?? 0 }));

  const reminders = (await ctx.records.list(REMINDER)).filter((r) => inQ(r.values.issuedOn));
  const sum = (list: { values: Record<string, unknown> }[], key: string) => yuan(list.reduce((s, r) => s + num(r.values[key]), 0));
  const pct = (part: number, whole: number) => (whole ? ((part * 100) / whole).toFixed(1) : '100.0');

  return {
    period,
    year: period.slice(0, 4),
    quarter: ['', '一', '二', '三', '四'][Number(period.slice(6))] ?? '',
    from: chineseDate(from),
    to: chineseDate(to),
    asOf: chineseDate(today(ctx)),
    inspections: ended.length,
    returned: returned.length,
    negative: negative.length,
    negativeList: negative,
    outstanding,
    byQuestion: RECEIPT_QUESTIONS.map((q) => ({ label: q.zh, count: returned.filter((r) => r.values[q.key] === q.negative).length })),
    penalised: penalised.length,
    withinBand,
    withinShare: pct(withinBand, penalised.length),
    outside,
    reductions: reductions.length,
    reductionAmount: sum(reductions, 'amountFen'),
    writeOffs: writeOffs.length,
    writeOffAmount: sum(writeOffs, 'amountFen'),
    largeWriteOffs: large.length,
    // A round threshold reads as 10万元: a long figure in brackets cannot start a line and leaves the line before it loose.
    threshold: threshold > 0 && threshold % 1_000_000 === 0 ? `${threshold / 1_000_000}万元` : `${yuan(threshold)}元`,
    collective: large.filter((r) => !!r.values.collectiveDecisionDate && !!r.values.minutesRef).length,
    deferrals: deferrals.length,
    deferralAmount: sum(deferrals, 'amountFen'),
    hitCount: [...hitsByRule.values()].reduce((a, n) => a + n, 0),
    byRule,
    cards: reminders.filter((r) => r.values.kind === 'card').length,
    letters: reminders.filter((r) => r.values.kind === 'letter').length,
    acknowledged: reminders.filter((r) => typeof r.values.acknowledgedOn === 'string').length,
    unacknowledged: reminders.filter((r) => typeof r.values.acknowledgedOn !== 'string').length,
  };
}

/** The inspection's officers hand the taxpayer the supervision card and the receipt themselves (the answers go to the discipline group only). */
const INSPECTORS: Role[] = ['staff', 'department-head', 'deputy-in-charge'];

export const TEMPLATES: TemplateDef[] = [
  { id: 'integrity-receipt', label: { zh: '税务检查廉政回执（含二维码）', en: 'Integrity receipt (with QR code)' }, kind: 'form', file: file('integrity-receipt'), recordType: INSPECTION, data: inspectionData, issueRoles: INSPECTORS },
  { id: 'supervision-card', label: { zh: '税务检查廉政监督卡', en: 'Inspection integrity supervision card' }, kind: 'form', file: file('supervision-card'), recordType: INSPECTION, data: inspectionData, issueRoles: INSPECTORS },
  { id: 'reminder-letter', label: { zh: '廉政提醒书', en: 'Reminder letter' }, kind: 'letter', file: file('reminder-letter'), recordType: REMINDER, data: reminderData },
  { id: 'reminder-card', label: { zh: '廉政提示卡', en: 'Reminder card' }, kind: 'letter', file: file('reminder-card'), recordType: REMINDER, data: reminderData },
  { id: 'quarterly-integrity-report', label: { zh: '季度廉政报告', en: 'Quarterly integrity report' }, kind: 'report', file: file('quarterly-integrity-report'), recordType: INTEGRITY_REPORT, data: quarterData },
];
