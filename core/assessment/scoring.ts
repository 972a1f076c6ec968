/**
 * Assessment arithmetic: pure functions, no I/O. Every score is an integer number of hundredths of a point.
 *
 * ROUNDING RULE (applies everywhere in this module):
 * - A quotient is computed exactly on integers (BigInt) and rounded ONCE, half up, to 0.01 point.
 *   Example: 3 ballots 100 + 80 + 80 = 260 / 3 = 86.666… → 86.67; 79.995 exactly → 80.00.
 * - That rounded number is the score of record: it is shown, stored, ranked and graded. A score shown
 *   as 80.00 is therefore never graded as if it were 79.995 (display and grade always agree).
 * - Grade bands compare the score of record with integer thresholds in hundredths, so there is no
 *   floating-point comparison at any boundary.
 * - 004 第1篇 writes the bands as "95以上 / 95-80 / 79-60 / 59以下", which leaves gaps (94–95, 79–80,
 *   59–60). The bands here are half-open: ≥ 95.00 优秀; 80.00–94.99 良好; 60.00–79.99 一般; < 60.00 差.
 * - "得分低于59分的, 给予诫勉谈话" is taken literally: a score of record below 59.00 proposes the
 *   admonishment talk; 59.00–59.99 is graded 差 without that proposal.
 * - 004 第2篇 "差票达到30%以上": 差 ballots ≥ 30 % of VALID ballots, tested on integers as 差×10 ≥ valid×3.
 * - A scheme score is the sum of its items' points, each item already rounded to 0.01 as above.
 */
import type { LocalizedText } from '../plugin-api';

export const BALLOT_CHOICES = ['excellent', 'good', 'fair', 'poor'] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];

export const BALLOT_LABELS: Record<BallotChoice, LocalizedText> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  good: { zh: '良好', en: 'Good' },
  fair: { zh: '一般', en: 'Fair' },
  poor: { zh: '差', en: 'Poor' },
};

export interface Tally {
  excellent: number;
  good: number;
  fair: number;
  poor: number;
  invalid: number;
}

export const EMPTY_TALLY: Tally = { excellent: 0, good: 0, fair: 0, poor: 0, invalid: 0 };

export const ASSESSMENT_PRESETS = ['004-p1', '004-p2', '000'] as const;
export type AssessmentPresetId = (typeof ASSESSMENT_PRESETS)[number];

export interface GradeBand {
  code: string;
  label: LocalizedText;
  /** Lowest score of record (hundredths) that reaches this band. */
  minHundredths: number;
}

export type ConsequenceCode = 'admonishment-talk' | 'rectification-notice' | 'reassessment' | 'criticism-rectification' | 'accountability';

export const CONSEQUENCE_LABELS: Record<ConsequenceCode, LocalizedText> = {
  'admonishment-talk': { zh: '建议给予诫勉谈话或组织处理', en: 'Propose an admonishment talk or organisational handling' },
  'rectification-notice': { zh: '书面下达整改通知', en: 'Issue a written rectification notice' },
  reassessment: { zh: '安排再次评估考核', en: 'Schedule a re-assessment' },
  'criticism-rectification': { zh: '给予批评诫勉并限期整改', en: 'Criticise, admonish and order rectification by a deadline' },
  accountability: { zh: '再次评估仍不合格：追究相关领导干部和人员责任', en: 'Failed again on re-assessment: hold the leaders and staff concerned accountable' },
};

export interface ScoringPreset {
  id: AssessmentPresetId;
  label: LocalizedText;
  /** Points each ballot choice is worth (whole points, 0–100). */
  weights: Record<BallotChoice, number>;
  /** Best band first; the last band must start at 0. */
  bands: GradeBand[];
  /** 差 ballots at or above num/den of valid ballots force the lowest band (004 第2篇). */
  poorShareRule?: { num: number; den: number };
  /** A score of record strictly below this proposes an admonishment talk (004 第1篇: 59). */
  admonishBelowHundredths?: number;
  /** What the lowest band triggers. */
  lowestBandConsequences: ConsequenceCode[];
  /** What the lowest band triggers on a re-assessment (000: accountability instead of another round). */
  lowestBandOnReassessment?: ConsequenceCode[];
}

const WEIGHTS_004: Record<BallotChoice, number> = { excellent: 100, good: 80, fair: 60, poor: 0 };

export const GRADE_SCALES = ['004-four', 'three', '000-four'] as const;
export type GradeScaleId = (typeof GRADE_SCALES)[number];

/** A grade scale with what its source document attaches to its grades; the 差-ballot rule is chosen separately. */
export interface GradeScale {
  id: GradeScaleId;
  label: LocalizedText;
  bands: GradeBand[];
  admonishBelowHundredths?: number;
  lowestBandConsequences: ConsequenceCode[];
  lowestBandOnReassessment?: ConsequenceCode[];
}

export const GRADE_SCALE_DEFS: Record<GradeScaleId, GradeScale> = {
  '004-four': {
    id: '004-four',
    label: { zh: '优秀/良好/一般/差（004第1篇）', en: 'Excellent/good/fair/poor (004 part 1)' },
    bands: [
      { code: 'excellent', label: { zh: '优秀', en: 'Excellent' }, minHundredths: 9500 },
      { code: 'good', label: { zh: '良好', en: 'Good' }, minHundredths: 8000 },
      { code: 'fair', label: { zh: '一般', en: 'Fair' }, minHundredths: 6000 },
      { code: 'poor', label: { zh: '差', en: 'Poor' }, minHundredths: 0 },
    ],
    admonishBelowHundredths: 5900,
    lowestBandConsequences: [],
  },
  // 004 第2篇 gives the grade names but no point bands: the 004 第1篇 bands are merged (好 = 优秀 + 良好).
  three: {
    id: 'three',
    label: { zh: '好/一般/差（004第2篇）', en: 'Good/fair/poor (004 part 2)' },
    bands: [
      { code: 'good', label: { zh: '好', en: 'Good' }, minHundredths: 8000 },
      { code: 'fair', label: { zh: '一般', en: 'Fair' }, minHundredths: 6000 },
      { code: 'poor', label: { zh: '差', en: 'Poor' }, minHundredths: 0 },
    ],
    lowestBandConsequences: ['criticism-rectification'],
  },
  // 000 names four grades without point bands: the 004 第1篇 thresholds are used, configurable per scheme.
  '000-four': {
    id: '000-four',
    label: { zh: '优秀/良好/合格/不合格（000）', en: 'Excellent/good/pass/fail (000)' },
    bands: [
      { code: 'excellent', label: { zh: '优秀', en: 'Excellent' }, minHundredths: 9500 },
      { code: 'good', label: { zh: '良好', en: 'Good' }, minHundredths: 8000 },
      { code: 'pass', label: { zh: '合格', en: 'Pass' }, minHundredths: 6000 },
      { code: 'fail', label: { zh: '不合格', en: 'Fail' }, minHundredths: 0 },
    ],
    lowestBandConsequences: ['rectification-notice', 'reassessment'],
    lowestBandOnReassessment: ['accountability'],
  },
};

/** 004 第2篇 "测评中差票达到30%以上定等为差". */
export const POOR_SHARE_RULE = { num: 3, den: 10 } as const;

/** A preset is a named combination of a grade scale and whether the 差-ballot rule applies. */
export const PRESET_PARTS: Record<AssessmentPresetId, { label: LocalizedText; scale: GradeScaleId; poorShare: boolean }> = {
  '004-p1': { label: { zh: '004第1篇：优秀/良好/一般/差（民主测评计分）', en: '004 part 1: excellent/good/fair/poor' }, scale: '004-four', poorShare: false },
  '004-p2': { label: { zh: '004第2篇：好/一般/差（差票≥30%定为差）', en: '004 part 2: good/fair/poor (≥ 30 % poor ballots → poor)' }, scale: 'three', poorShare: true },
  '000': { label: { zh: '000：优秀/良好/合格/不合格', en: '000: excellent/good/pass/fail' }, scale: '000-four', poorShare: false },
};

/** The scoring rules of a grade scale with or without the 差-ballot rule, under the preset id the scheme names. */
export function combine(id: AssessmentPresetId, scale: GradeScaleId, poorShare: boolean, label: LocalizedText = PRESET_PARTS[id].label): ScoringPreset {
  const s = GRADE_SCALE_DEFS[scale];
  return {
    id,
    label,
    weights: WEIGHTS_004,
    bands: s.bands.map((b) => ({ ...b })),
    ...(poorShare ? { poorShareRule: { ...POOR_SHARE_RULE } } : {}),
    ...(s.admonishBelowHundredths !== undefined ? { admonishBelowHundredths: s.admonishBelowHundredths } : {}),
    lowestBandConsequences: [...s.lowestBandConsequences],
    ...(s.lowestBandOnReassessment ? { lowestBandOnReassessment: [...s.lowestBandOnReassessment] } : {}),
  };
}

export const PRESETS: Record<AssessmentPresetId, ScoringPreset> = {
  '004-p1': combine('004-p1', '004-four', false),
  '004-p2': combine('004-p2', 'three', true),
  '000': combine('000', '000-four', false),
};

/** Which assessment preset an institution gets when its config names none. */
export function defaultAssessmentPreset(gradingPreset: string): AssessmentPresetId {
  return gradingPreset === '000' ? '000' : '004-p1';
}

/** Overrides a scheme may set; checked so a typo cannot produce an unreachable band. */
export interface PresetOverrides {
  /** Another grade scale than the preset's. */
  scale?: GradeScaleId;
  /** Whether 差 ballots ≥ 30 % force the lowest grade, when the scheme chose it apart from the preset. */
  poorShare?: boolean;
  weights?: Partial<Record<BallotChoice, number>>;
  /** Band code → lowest score in hundredths. */
  thresholds?: Record<string, number>;
}

export function resolvePreset(id: AssessmentPresetId, overrides: PresetOverrides = {}): ScoringPreset {
  if (overrides.scale !== undefined && !GRADE_SCALES.includes(overrides.scale)) throw new RangeError(`unknown grade scale "${overrides.scale}"`);
  const parts = PRESET_PARTS[id];
  const base = overrides.scale === undefined && overrides.poorShare === undefined ? PRESETS[id] : combine(id, overrides.scale ?? parts.scale, overrides.poorShare ?? parts.poorShare);
  const weights = { ...base.weights, ...(overrides.weights ?? {}) };
  for (const c of BALLOT_CHOICES) {
    const w = weights[c];
    if (!Number.isInteger(w) || w < 0 || w > 100) throw new RangeError(`weight of ${c} must be a whole number 0–100, got ${w}`);
  }
  const bands = base.bands.map((b) => ({ ...b, minHundredths: overrides.thresholds?.[b.code] ?? b.minHundredths }));
  for (const code of Object.keys(overrides.thresholds ?? {})) {
    if (!base.bands.some((b) => b.code === code)) throw new RangeError(`preset ${id} has no grade "${code}"`);
  }
  bands.forEach((b, i) => {
    if (!Number.isInteger(b.minHundredths) || b.minHundredths < 0 || b.minHundredths > 10000) throw new RangeError(`threshold of ${b.code} must be 0–10000 hundredths`);
    if (i > 0 && b.minHundredths >= bands[i - 1].minHundredths) throw new RangeError(`threshold of ${b.code} must be below that of ${bands[i - 1].code}`);
  });
  if (bands[bands.length - 1].minHundredths !== 0) throw new RangeError('the lowest grade must start at 0');
  return { ...base, weights, bands };
}

/** Exact num/den rounded half up, for non-negative integers. */
export function divRoundHalfUp(num: number | bigint, den: number | bigint): number {
  const n = BigInt(num);
  const d = BigInt(den);
  if (d <= 0n || n < 0n) throw new RangeError(`divRoundHalfUp needs num ≥ 0 and den > 0, got ${n}/${d}`);
  return Number((2n * n + d) / (2n * d));
}

export function validBallots(t: Tally): number {
  return t.excellent + t.good + t.fair + t.poor;
}

export function ballotPointSum(t: Tally, preset: ScoringPreset): number {
  return BALLOT_CHOICES.reduce((s, c) => s + t[c] * preset.weights[c], 0);
}

export function assertTally(t: Tally): void {
  for (const k of [...BALLOT_CHOICES, 'invalid'] as const) {
    if (!Number.isSafeInteger(t[k]) || t[k] < 0) throw new RangeError(`tally ${k} must be a whole number ≥ 0, got ${t[k]}`);
  }
}

/** 004 第1篇: sum of ballot points / valid ballots, in hundredths; null without valid ballots. */
export function evaluationScore(t: Tally, preset: ScoringPreset): number | null {
  assertTally(t);
  const valid = validBallots(t);
  if (valid === 0) return null;
  return divRoundHalfUp(BigInt(ballotPointSum(t, preset)) * 100n, valid);
}

/** 差×den ≥ valid×num on integers: the exact boundary of "差票达到30%以上". */
export function poorShareReached(t: Tally, rule: { num: number; den: number }): boolean {
  const valid = validBallots(t);
  return valid > 0 && t.poor * rule.den >= valid * rule.num;
}

export function gradeFor(scoreHundredths: number, preset: ScoringPreset): GradeBand {
  if (!Number.isInteger(scoreHundredths)) throw new RangeError(`score must be whole hundredths, got ${scoreHundredths}`);
  return preset.bands.find((b) => scoreHundredths >= b.minHundredths) ?? preset.bands[preset.bands.length - 1];
}

/** Position of a grade, 0 = best; caps compare ranks. */
export function gradeRank(code: string, preset: ScoringPreset): number {
  const i = preset.bands.findIndex((b) => b.code === code);
  if (i < 0) throw new RangeError(`preset ${preset.id} has no grade "${code}"`);
  return i;
}

/** Points of a scheme item scored by "缺1扣2": max − perMissing × missing, never below 0. */
export function deductionPoints(maxPoints: number, perMissingHundredths: number, missing: number): number {
  for (const [k, v] of Object.entries({ maxPoints, perMissingHundredths, missing })) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${k} must be a whole number ≥ 0, got ${v}`);
  }
  return Math.max(0, maxPoints * 100 - perMissingHundredths * missing);
}

/** Indicator values are taken to 6 decimals so the comparison with the target is exact. */
function micro(x: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`indicator value must be a finite number, got ${x}`);
  return BigInt(Math.round(x * 1e6));
}

/**
 * Points an indicator yields. Higher is better (default): full points at or above target, in proportion
 * value/target below it, nothing for a value ≤ 0. Lower is better (a cost, a count of rule hits): full points
 * at or below target, in proportion target/value above it (so nothing above a target of 0).
 * No target means full points for any positive value (higher) or for 0 (lower).
 */
export function indicatorPoints(maxPoints: number, value: number, target: number | undefined, better: 'higher' | 'lower' = 'higher'): number {
  const full = maxPoints * 100;
  const v = micro(value);
  if (better === 'lower') {
    const t = target === undefined ? 0n : micro(target);
    if (v <= t) return full;
    return t <= 0n ? 0 : divRoundHalfUp(BigInt(full) * t, v);
  }
  if (v <= 0n) return 0;
  if (target === undefined) return full;
  const t = micro(target);
  if (t <= 0n || v >= t) return full;
  return divRoundHalfUp(BigInt(full) * v, t);
}

/** Points of an item fed by a democratic evaluation: max × (sum / valid) / 100, one rounding. */
export function evaluationItemPoints(maxPoints: number, t: Tally, preset: ScoringPreset): number | null {
  const valid = validBallots(t);
  if (valid === 0) return null;
  return divRoundHalfUp(BigInt(maxPoints) * BigInt(ballotPointSum(t, preset)), valid);
}

export interface CapInput {
  ruleId: string;
  /** Highest grade the rule allows; null when the rule only excludes from promotion lists. */
  capGrade: string | null;
  excludeFromPromotion: boolean;
  reason: LocalizedText;
}

export interface AppliedCap extends CapInput {
  /** Grade before this rule, and after it. */
  from: string;
  to: string;
}

export interface FinalResult {
  scoreHundredths: number;
  baseGrade: string;
  grade: string;
  caps: AppliedCap[];
  /** Rules that matched but did not lower the grade (it was already at or below the cap). */
  notBinding: CapInput[];
  excludedFromPromotion: boolean;
  consequences: ConsequenceCode[];
}

/**
 * Final score and grade of one subject: items' points summed, graded, then the 30 % rule, then caps in
 * the given order. A cap can only lower a grade.
 */
export function finalResult(input: { preset: ScoringPreset; itemPoints: number[]; tally?: Tally | null; caps?: CapInput[]; reassessment?: boolean }): FinalResult {
  const { preset } = input;
  const score = input.itemPoints.reduce((s, p) => {
    if (!Number.isSafeInteger(p) || p < 0) throw new RangeError(`item points must be whole hundredths ≥ 0, got ${p}`);
    return s + p;
  }, 0);
  if (score > 10000) throw new RangeError(`score ${score / 100} exceeds 100`);
  const baseGrade = gradeFor(score, preset).code;
  let grade = baseGrade;
  const caps: AppliedCap[] = [];
  const notBinding: CapInput[] = [];
  const lowest = preset.bands[preset.bands.length - 1].code;
  const all: CapInput[] = [];
  if (preset.poorShareRule && input.tally && poorShareReached(input.tally, preset.poorShareRule)) {
    const valid = validBallots(input.tally);
    all.push({
      ruleId: 'poor-share',
      capGrade: lowest,
      excludeFromPromotion: false,
      reason: {
        zh: `差票 ${input.tally.poor}/${valid} 达到 ${(preset.poorShareRule.num * 100) / preset.poorShareRule.den}%，定为“${preset.bands[preset.bands.length - 1].label.zh}”`,
        en: `${input.tally.poor} of ${valid} valid ballots are poor, at least ${(preset.poorShareRule.num * 100) / preset.poorShareRule.den} %`,
      },
    });
  }
  all.push(...(input.caps ?? []));
  let excluded = false;
  for (const cap of all) {
    excluded ||= cap.excludeFromPromotion;
    if (cap.capGrade !== null && gradeRank(cap.capGrade, preset) > gradeRank(grade, preset)) {
      caps.push({ ...cap, from: grade, to: cap.capGrade });
      grade = cap.capGrade;
    } else {
      notBinding.push(cap);
    }
  }
  const consequences: ConsequenceCode[] = [];
  if (preset.admonishBelowHundredths !== undefined && score < preset.admonishBelowHundredths) consequences.push('admonishment-talk');
  if (grade === lowest) consequences.push(...((input.reassessment && preset.lowestBandOnReassessment) || preset.lowestBandConsequences));
  return { scoreHundredths: score, baseGrade, grade, caps, notBinding, excludedFromPromotion: excluded, consequences };
}

/** "86.67": hundredths shown with two decimals, no float formatting involved. */
export function formatHundredths(h: number): string {
  const sign = h < 0 ? '-' : '';
  const a = Math.abs(h);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
