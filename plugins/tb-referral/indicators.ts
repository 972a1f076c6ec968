import type { FactContext, IndicatorDef, PluginRecordView } from '../../core/plugin-api';
import { addMonths, daysBetween, isoDay } from '../../core/plugin-api';
import { REFERRAL } from './records';
import { missedTownshipPeriods, sputumMonths, treated } from './rules';

/** A rate with the records behind it, so a number can be checked by hand. */
export interface Ratio {
  numerator: number;
  denominator: number;
  /** Referral codes counted in the denominator; `ok` marks those in the numerator. */
  records: { id: number; title: string; ok: boolean }[];
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const round1 = (x: number) => Math.round(x * 10) / 10;
export const percent = (r: Ratio) => (r.denominator ? round1((r.numerator * 100) / r.denominator) : 100);
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

const day = (ctx: FactContext) => isoDay(ctx.now);
/** Referrals old enough to have arrived (the 7-day window has passed). */
const matured = (ctx: FactContext, list: PluginRecordView[]) => list.filter((r) => daysBetween(str(r.values.referralDate), day(ctx)) > 7);

export const RATIOS: Record<string, (ctx: FactContext) => Promise<Ratio>> = {
  'referral-arrival': async (ctx) => ratio(matured(ctx, await referralsOf(ctx)), (r) => !!str(r.values.arrivalDate) && daysBetween(str(r.values.referralDate), str(r.values.arrivalDate)) <= 7),
  'overall-arrival': async (ctx) => ratio(matured(ctx, await referralsOf(ctx)), (r) => !!str(r.values.arrivalDate)),
  'tracking-arrival': async (ctx) => ratio((await referralsOf(ctx)).filter((r) => str(r.values.trackingStartDate)), (r) => !!str(r.values.arrivalDate)),
  'system-management': async (ctx) => ratio(treated(await referralsOf(ctx)), (r) => missedTownshipPeriods(r, day(ctx)).length === 0),
  'sputum-exam': async (ctx) => {
    // One entry per exam due by today: the patient's month-2/5/6(/8) exam, with or without a result.
    const due: PluginRecordView[] = [];
    const done = new Set<string>();
    for (const r of treated(await referralsOf(ctx))) {
      for (const m of sputumMonths(r)) {
        const at = addMonths(str(r.values.treatmentStart), m);
        if (at > day(ctx) || (str(r.values.outcomeDate) && str(r.values.outcomeDate) < at)) continue;
        const entry = { ...r, title: `${r.title}#${m}` };
        due.push(entry);
        if ((r.values.sputumExams as { month: number }[] | null)?.some((e) => e.month === m)) done.add(entry.title);
      }
    }
    return ratio(due, (r) => done.has(r.title));
  },
  'cure-rate': async (ctx) =>
    ratio(
      treated(await referralsOf(ctx)).filter((r) => r.values.smear === 'positive' && r.values.treatmentType !== 'retreatment' && str(r.values.outcome) && r.values.outcome !== 'transferred'),
      (r) => r.values.outcome === 'cured',
    ),
};

const TARGETS: Record<string, number | ((ctx: FactContext) => number)> = {
  'referral-arrival': 85,
  'overall-arrival': 90,
  'tracking-arrival': (ctx) => (ctx.options.networkRole === 'township' ? 95 : 85),
  'system-management': 95,
  'sputum-exam': 90,
  'cure-rate': 85,
};

const LABELS: Record<string, { zh: string; en: string }> = {
  'referral-arrival': { zh: '转诊到位率（7天内）', en: 'Referral arrival within 7 days' },
  'overall-arrival': { zh: '总体到位率', en: 'Overall arrival' },
  'tracking-arrival': { zh: '追踪到位率', en: 'Tracking arrival' },
  'system-management': { zh: '患者系统管理率', en: 'System management' },
  'sputum-exam': { zh: '2、5、6（复治8）月末痰检率', en: 'Sputum exams at months 2, 5, 6 (8)' },
  'cure-rate': { zh: '新涂阳患者治愈率', en: 'Cure rate, new smear-positive' },
};

export const targetOf = (id: string, ctx: FactContext) => {
  const t = TARGETS[id];
  return typeof t === 'function' ? t(ctx) : t;
};

/** Average self-paid outpatient cost per patient-month, in fen (000 第五篇: within 150 yuan). */
export async function selfPaid(ctx: FactContext): Promise<{ fen: number; months: number }> {
  const rows = (await referralsOf(ctx)).flatMap((r) => (r.values.monthlyCosts as { selfPaidFen: number }[] | null) ?? []);
  const total = rows.reduce((s, c) => s + c.selfPaidFen, 0);
  return { fen: rows.length ? Math.round(total / rows.length) : 0, months: rows.length };
}

export const INDICATORS: IndicatorDef[] = [
  ...Object.keys(RATIOS).map(
    (id): IndicatorDef => ({
      id,
      label: LABELS[id],
      unit: '%',
      target: typeof TARGETS[id] === 'number' ? (TARGETS[id] as number) : undefined,
      compute: async (ctx) => ({ value: percent(await RATIOS[id](ctx)), target: targetOf(id, ctx) }),
    }),
  ),
  {
    id: 'self-paid-per-month',
    label: { zh: '门诊患者月均自费费用', en: 'Average monthly self-paid cost' },
    unit: 'fen',
    target: 15000,
    better: 'lower',
    compute: async (ctx) => ({ value: (await selfPaid(ctx)).fen, target: 15000 }),
  },
];
