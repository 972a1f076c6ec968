import type { FactContext, IndicatorDef, IndicatorPeriod, IndicatorRecordRef, PluginRecordView } from '../../core/plugin-api';
import { addMonths, daysBetween, firstDayOfMonth, inPeriod, percentOf, str, today } from '../../core/plugin-api';
import { PERSON, REFERRAL, TASK } from './records';
import { longestVillageGap, missedTownshipPeriods, sputumMonths, treated } from './rules';

/** A rate with the records behind it, so a number can be checked by hand. */
export interface Ratio {
  numerator: number;
  denominator: number;
  /** The records counted in the denominator; `ok` marks those in the numerator. */
  records: IndicatorRecordRef[];
}

export const percent = (r: Ratio) => percentOf(r.numerator, r.denominator, 100);
const ratio = (list: PluginRecordView[], ok: (r: PluginRecordView) => boolean): Ratio => {
  const records = list.map((r) => ({ id: r.id, title: r.title, ok: ok(r) }));
  return { numerator: records.filter((r) => r.ok).length, denominator: records.length, records };
};

/** The referrals an institution answers for: its own (village, township, other), those it receives (hospital) or all (CDC). */
export async function referralsOf(ctx: FactContext): Promise<PluginRecordView[]> {
  const role = ctx.options.networkRole;
  const all = await ctx.records.list(REFERRAL, { scope: 'network' });
  const code = ctx.records.institution ? (await ctx.records.institution()).code : '';
  if (role === 'cdc') return all;
  if (role === 'designated-hospital') return all.filter((r) => r.values.toHospital === code);
  if (role === 'township') return all.filter((r) => r.values.township === code);
  return all.filter((r) => r.institutionId === ctx.institutionId);
}

/** The suspects an institution found: the CDC's and a township's network (its villages), else its own. */
async function suspectsOf(ctx: FactContext): Promise<PluginRecordView[]> {
  const role = ctx.options.networkRole;
  return ctx.records.list(PERSON, { scope: role === 'cdc' || role === 'township' ? 'network' : 'own' });
}

/** Each indicator counts a record in the period its anchor day falls in (the referral's, the treatment's start). */
const referredIn = (ctx: FactContext, list: PluginRecordView[]) => list.filter((r) => inPeriod(str(r.values.referralDate), ctx.period));
const startedIn = (ctx: FactContext, list: PluginRecordView[]) => treated(list).filter((r) => inPeriod(str(r.values.treatmentStart), ctx.period));
/** Referrals old enough to have arrived (the 7-day window has passed). */
const matured = (ctx: FactContext, list: PluginRecordView[]) => referredIn(ctx, list).filter((r) => daysBetween(str(r.values.referralDate), today(ctx)) > 7);

export const RATIOS: Record<string, (ctx: FactContext) => Promise<Ratio>> = {
  'report-rate': async (ctx) => ratio(referredIn(ctx, await referralsOf(ctx)).filter((r) => r.values.diagnosis === 'confirmed'), (r) => !!str(r.values.reportDate)),
  'referral-rate': async (ctx) => {
    const referred = new Set((await referralsOf(ctx)).map((r) => r.values.person));
    return ratio((await suspectsOf(ctx)).filter((p) => str(p.values.firstVisitDate) && inPeriod(str(p.values.firstVisitDate), ctx.period)), (p) => referred.has(p.id));
  },
  'referral-arrival': async (ctx) => ratio(matured(ctx, await referralsOf(ctx)), (r) => !!str(r.values.arrivalDate) && daysBetween(str(r.values.referralDate), str(r.values.arrivalDate)) <= 7),
  'overall-arrival': async (ctx) => ratio(matured(ctx, await referralsOf(ctx)), (r) => !!str(r.values.arrivalDate)),
  'tracking-rate': async (ctx) => {
    // Referrals not arrived within 7 days; tracked = a township tracking start recorded, or core's tracking task for it.
    const tasks = new Set((await ctx.records.list(TASK, { scope: 'network' })).map((t) => t.values.referralId));
    const late = matured(ctx, await referralsOf(ctx)).filter((r) => !str(r.values.arrivalDate) || daysBetween(str(r.values.referralDate), str(r.values.arrivalDate)) > 7);
    return ratio(late, (r) => !!str(r.values.trackingStartDate) || tasks.has(r.id));
  },
  'tracking-arrival': async (ctx) => ratio(referredIn(ctx, await referralsOf(ctx)).filter((r) => str(r.values.trackingStartDate)), (r) => !!str(r.values.arrivalDate)),
  'system-management': async (ctx) => ratio(startedIn(ctx, await referralsOf(ctx)), (r) => missedTownshipPeriods(r, today(ctx)).length === 0),
  'visit-compliance': async (ctx) =>
    ratio(startedIn(ctx, await referralsOf(ctx)), (r) => {
      // Township cadence, the village's 2-weekly visits, and at least 4 township visits over a finished treatment.
      const finished = !!str(r.values.outcome);
      const townshipVisits = Array.isArray(r.values.townshipVisits) ? r.values.townshipVisits.length : 0;
      return missedTownshipPeriods(r, today(ctx)).length === 0 && longestVillageGap(r, today(ctx)) <= 14 && (!finished || townshipVisits >= 4);
    }),
  'sputum-exam': async (ctx) => {
    // One entry per exam due by today (and in the period): the patient's month-2/5/6(/8) exam, with or without a result.
    const due: PluginRecordView[] = [];
    const done = new Set<string>();
    for (const r of treated(await referralsOf(ctx))) {
      for (const m of sputumMonths(r)) {
        const at = addMonths(str(r.values.treatmentStart), m);
        if (at > today(ctx) || !inPeriod(at, ctx.period) || (str(r.values.outcomeDate) && str(r.values.outcomeDate) < at)) continue;
        const entry = { ...r, title: `${r.title}#${m}` };
        due.push(entry);
        if ((r.values.sputumExams as { month: number }[] | null)?.some((e) => e.month === m)) done.add(entry.title);
      }
    }
    return ratio(due, (r) => done.has(r.title));
  },
  'contact-screening': async (ctx) =>
    ratio(
      startedIn(ctx, await referralsOf(ctx)).filter((r) => r.values.smear === 'positive' && typeof r.values.contacts === 'number'),
      (r) => Number(r.values.contactsScreened ?? 0) >= Number(r.values.contacts),
    ),
  'cure-rate': async (ctx) =>
    ratio(
      startedIn(ctx, await referralsOf(ctx)).filter((r) => r.values.smear === 'positive' && r.values.treatmentType !== 'retreatment' && str(r.values.outcome) && r.values.outcome !== 'transferred'),
      (r) => r.values.outcome === 'cured',
    ),
  // Patients whose treatment started in the period; an unanswered regimen choice is not counted as free.
  'free-standard-regimen': async (ctx) => ratio(startedIn(ctx, await referralsOf(ctx)), (r) => r.values.freeStandardRegimen === 'yes'),
  // Suspected MDR-TB patients, in the period of their referral (like the report rate), with a specimen sent date.
  'mdr-specimen-sent': async (ctx) => ratio(referredIn(ctx, await referralsOf(ctx)).filter((r) => r.values.mdrSuspected === 'yes'), (r) => !!str(r.values.mdrSpecimenSentDate)),
};

/** 000 第五篇 targets, in per cent. */
const TARGETS: Record<string, number | ((ctx: FactContext) => number)> = {
  'report-rate': 100,
  'referral-rate': 100,
  'referral-arrival': 85,
  'overall-arrival': 90,
  'tracking-rate': 100,
  'tracking-arrival': (ctx) => (ctx.options.networkRole === 'township' ? 95 : 85),
  'system-management': 95,
  'visit-compliance': 95,
  'sputum-exam': 90,
  'contact-screening': 85,
  'cure-rate': 85,
  'free-standard-regimen': 90,
  'mdr-specimen-sent': 100,
};

export const LABELS: Record<string, { zh: string; en: string }> = {
  'report-rate': { zh: '病人报告率', en: 'Case report rate' },
  'referral-rate': { zh: '可疑者转诊率', en: 'Suspect referral rate' },
  'referral-arrival': { zh: '转诊到位率（7天内）', en: 'Referral arrival within 7 days' },
  'overall-arrival': { zh: '总体到位率', en: 'Overall arrival' },
  'tracking-rate': { zh: '患者追踪率', en: 'Tracking rate' },
  'tracking-arrival': { zh: '追踪到位率', en: 'Tracking arrival' },
  'system-management': { zh: '患者系统管理率', en: 'System management' },
  'visit-compliance': { zh: '患者规范管理（访视）率', en: 'Visit compliance' },
  'sputum-exam': { zh: '2、5、6（复治8）月末痰检率', en: 'Sputum exams at months 2, 5, 6 (8)' },
  'contact-screening': { zh: '涂阳患者密切接触者筛查率', en: 'Close-contact screening, smear-positive' },
  'cure-rate': { zh: '新涂阳患者治愈率', en: 'Cure rate, new smear-positive' },
  'free-standard-regimen': { zh: '免费标准化疗率', en: 'Free standard regimen' },
  'mdr-specimen-sent': { zh: '耐多药可疑者送检率', en: 'Suspected MDR-TB specimens sent' },
};

export const targetOf = (id: string, ctx: FactContext) => {
  const t = TARGETS[id];
  return typeof t === 'function' ? t(ctx) : t;
};

/** Average self-paid outpatient cost per patient-month, in fen (000 第五篇: within 150 yuan); months in the period. */
export async function selfPaid(ctx: FactContext): Promise<{ fen: number; months: number; records: IndicatorRecordRef[] }> {
  const records: IndicatorRecordRef[] = [];
  let total = 0;
  for (const r of await referralsOf(ctx)) {
    for (const c of (r.values.monthlyCosts as { month: string; selfPaidFen: number }[] | null) ?? []) {
      if (!inPeriod(firstDayOfMonth(c.month), ctx.period)) continue;
      total += c.selfPaidFen;
      records.push({ id: r.id, title: `${r.title}@${c.month}`, ok: c.selfPaidFen <= 15000 });
    }
  }
  return { fen: records.length ? Math.round(total / records.length) : 0, months: records.length, records };
}

/** 000 第五篇: 新涂阳病人发现率 ≥ 70% (the designated hospital). */
export const DETECTION_TARGET = 70;
export const DETECTION_LABEL = { zh: '新涂阳病人发现率', en: 'New smear-positive case detection' };
export const NOT_CONFIGURED = { zh: '未配置', en: 'Not configured' };
/** A rate over nothing (0/0) is not a result: shown as — and 无数据, never as 100% met. */
export const NO_DATA = { zh: '无数据', en: 'No data' };

/**
 * Expected new smear-positive cases in the period, from the yearly option: a year (or no period: the demo and
 * reports cover one year) takes it whole; a quarter takes a quarter of it rounded half up, at least 1.
 */
export function expectedInPeriod(perYear: number, period?: IndicatorPeriod): number {
  if (!period || /^\d{4}$/.test(period.id)) return perYear;
  return Math.max(1, Math.round(perYear / 4));
}

/** New smear-positive patients registered (registration number, treatment started in the period) against the expected number; null when the option is unset. */
export async function detection(ctx: FactContext): Promise<{ numerator: number; denominator: number; records: IndicatorRecordRef[] } | null> {
  const perYear = ctx.options.expectedNewSmearPositivePerYear;
  if (typeof perYear !== 'number' || perYear < 1) return null;
  const found = startedIn(ctx, await referralsOf(ctx)).filter((r) => r.values.smear === 'positive' && r.values.treatmentType !== 'retreatment' && !!str(r.values.registrationNo));
  return { numerator: found.length, denominator: expectedInPeriod(perYear, ctx.period), records: found.map((r) => ({ id: r.id, title: r.title, ok: true })) };
}

export const INDICATORS: IndicatorDef[] = [
  ...Object.keys(RATIOS).map(
    (id): IndicatorDef => ({
      id,
      label: LABELS[id],
      unit: '%',
      target: typeof TARGETS[id] === 'number' ? (TARGETS[id] as number) : undefined,
      compute: async (ctx) => {
        const r = await RATIOS[id](ctx);
        if (!r.denominator) return { value: 0, target: targetOf(id, ctx), unavailable: NO_DATA, ...r };
        return { value: percent(r), target: targetOf(id, ctx), ...r };
      },
    }),
  ),
  {
    id: 'new-smear-positive-detection',
    label: DETECTION_LABEL,
    unit: '%',
    target: DETECTION_TARGET,
    compute: async (ctx) => {
      const d = await detection(ctx);
      if (!d) return { value: 0, target: DETECTION_TARGET, unavailable: NOT_CONFIGURED, records: [] };
      return { value: percent(d), target: DETECTION_TARGET, ...d };
    },
  },
  {
    id: 'self-paid-per-month',
    label: { zh: '门诊患者月均自费费用', en: 'Average monthly self-paid cost' },
    unit: 'fen',
    target: 15000,
    better: 'lower',
    compute: async (ctx) => {
      const s = await selfPaid(ctx);
      // No month of costs is no result: not 0.00元 met.
      if (!s.months) return { value: 0, target: 15000, unavailable: NO_DATA, records: [] };
      return { value: s.fen, target: 15000, records: s.records };
    },
  },
];
