import fc from 'fast-check';
import {
  BALLOT_CHOICES,
  BallotChoice,
  deductionPoints,
  defaultAssessmentPreset,
  divRoundHalfUp,
  evaluationItemPoints,
  evaluationScore,
  finalResult,
  formatHundredths,
  gradeFor,
  gradeRank,
  indicatorPoints,
  poorShareReached,
  PRESETS,
  resolvePreset,
  Tally,
} from './scoring';

const p1 = PRESETS['004-p1'];
const p2 = PRESETS['004-p2'];
const p000 = PRESETS['000'];
const tally = (excellent: number, good: number, fair: number, poor: number, invalid = 0): Tally => ({ excellent, good, fair, poor, invalid });

const tallyArb = fc.record({
  excellent: fc.nat(200),
  good: fc.nat(200),
  fair: fc.nat(200),
  poor: fc.nat(200),
  invalid: fc.nat(50),
});

describe('rounding rule', () => {
  it('rounds exact quotients half up to hundredths', () => {
    expect(divRoundHalfUp(260 * 100, 3)).toBe(8667); // 86.666… → 86.67
    expect(divRoundHalfUp(200 * 100, 3)).toBe(6667); // 66.666… → 66.67
    expect(divRoundHalfUp(100 * 100, 3)).toBe(3333); // 33.333… → 33.33
    expect(divRoundHalfUp(15999, 2)).toBe(8000); // 79.995 → 80.00 (half goes up)
    expect(divRoundHalfUp(15997, 2)).toBe(7999); // 79.985 → 79.99
    expect(divRoundHalfUp(1, 3)).toBe(0);
    expect(() => divRoundHalfUp(1, 0)).toThrow(RangeError);
  });

  it('formats hundredths without floating point', () => {
    expect(formatHundredths(8667)).toBe('86.67');
    expect(formatHundredths(5)).toBe('0.05');
    expect(formatHundredths(10000)).toBe('100.00');
  });

  it('grades the rounded score of record: an exact 79.995 shows as 80.00 and is 良好', () => {
    // exact mean 159.99 / 2 = 79.995 → 80.00; 159.97 / 2 = 79.985 → 79.99
    expect(gradeFor(divRoundHalfUp(15999, 2), p1).code).toBe('good');
    expect(gradeFor(divRoundHalfUp(15997, 2), p1).code).toBe('fair');
  });
});

describe('004 第1篇 scoring', () => {
  it('scores sum / valid ballots: 优秀100 良好80 一般60 差0, invalid ballots left out', () => {
    // 10 × 100 + 20 × 80 + 6 × 60 + 2 × 0 = 1000 + 1600 + 360 = 2960; 2960 / 38 = 77.894… → 77.89
    expect(evaluationScore(tally(10, 20, 6, 2, 5), p1)).toBe(7789);
    expect(evaluationScore(tally(0, 0, 0, 0, 9), p1)).toBeNull();
    expect(evaluationScore(tally(3, 0, 0, 0), p1)).toBe(10000);
  });

  it.each([
    [10000, 'excellent'],
    [9500, 'excellent'],
    [9499, 'good'],
    [8000, 'good'],
    [7999, 'fair'],
    [6000, 'fair'],
    [5999, 'poor'],
    [5900, 'poor'],
    [0, 'poor'],
  ])('score %i hundredths grades %s', (score, grade) => {
    expect(gradeFor(score, p1).code).toBe(grade);
  });

  it.each([
    // [score, grade, admonishment proposed]
    [5800, 'poor', true],
    [5899, 'poor', true],
    [5900, 'poor', false], // 59 is not "低于59"
    [5999, 'poor', false], // 59.99
    [6000, 'fair', false], // 60
    [7999, 'fair', false], // 79.99
    [8000, 'good', false], // 80
    [9499, 'good', false], // 94.99
    [9500, 'excellent', false], // 95
  ])('table edge %i: grade %s, admonishment %s', (score, grade, admonish) => {
    const r = finalResult({ preset: p1, itemPoints: [score] });
    expect(r.grade).toBe(grade);
    expect(r.consequences.includes('admonishment-talk')).toBe(admonish);
  });

  it('property: score is within [0, 100] and grade is monotonic in ballots (a better ballot never lowers the grade)', () => {
    fc.assert(
      fc.property(tallyArb, fc.constantFrom(...BALLOT_CHOICES.slice(1)), (t, from: BallotChoice) => {
        const s = evaluationScore(t, p1);
        if (s !== null) {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(10000);
        }
        if (t[from] === 0) return;
        const better = BALLOT_CHOICES[BALLOT_CHOICES.indexOf(from) - 1];
        const u = { ...t, [from]: t[from] - 1, [better]: t[better] + 1 };
        for (const preset of [p1, p2, p000]) {
          const a = finalResult({ preset, itemPoints: [evaluationItemPoints(100, t, preset)!], tally: t });
          const b = finalResult({ preset, itemPoints: [evaluationItemPoints(100, u, preset)!], tally: u });
          expect(b.scoreHundredths).toBeGreaterThanOrEqual(a.scoreHundredths);
          expect(gradeRank(b.grade, preset)).toBeLessThanOrEqual(gradeRank(a.grade, preset));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: invalid ballots never change the score', () => {
    fc.assert(
      fc.property(tallyArb, fc.nat(100), (t, extra) => {
        expect(evaluationScore({ ...t, invalid: t.invalid + extra }, p1)).toBe(evaluationScore(t, p1));
      }),
    );
  });

  it('property: the score of record is the exact mean rounded half up (checked against rational bounds)', () => {
    fc.assert(
      fc.property(tallyArb, (t) => {
        const s = evaluationScore(t, p1);
        const valid = t.excellent + t.good + t.fair + t.poor;
        if (s === null) return expect(valid).toBe(0);
        const sum100 = (t.excellent * 100 + t.good * 80 + t.fair * 60) * 100;
        // s − 0.5 ≤ exact < s + 0.5, multiplied out by 2·valid to stay on integers.
        expect((2 * s - 1) * valid).toBeLessThanOrEqual(2 * sum100);
        expect(2 * sum100).toBeLessThan((2 * s + 1) * valid);
      }),
    );
  });
});

describe('004 第2篇: 差 ballots ≥ 30 % → 差 whatever the mean', () => {
  it('holds at its exact boundary: 3 of 10 is 差, 2 of 10 is not; 30 of 100 yes, 29 of 100 no', () => {
    expect(poorShareReached(tally(7, 0, 0, 3), p2.poorShareRule!)).toBe(true);
    expect(poorShareReached(tally(8, 0, 0, 2), p2.poorShareRule!)).toBe(false);
    expect(poorShareReached(tally(70, 0, 0, 30, 40), p2.poorShareRule!)).toBe(true); // invalid ballots do not dilute
    expect(poorShareReached(tally(71, 0, 0, 29), p2.poorShareRule!)).toBe(false);
    // 3 of 10: mean 70 → 一般 by points, 差 by the rule
    const r = finalResult({ preset: p2, itemPoints: [evaluationItemPoints(100, tally(7, 0, 0, 3), p2)!], tally: tally(7, 0, 0, 3) });
    expect(r.scoreHundredths).toBe(7000);
    expect(r.baseGrade).toBe('fair');
    expect(r.grade).toBe('poor');
    expect(r.caps[0].ruleId).toBe('poor-share');
  });

  it('property: the rule fires exactly when 差 × 10 ≥ valid × 3', () => {
    fc.assert(
      fc.property(tallyArb, (t) => {
        const valid = t.excellent + t.good + t.fair + t.poor;
        const r = finalResult({ preset: p2, itemPoints: [evaluationItemPoints(100, t, p2) ?? 0], tally: t });
        const fired = r.caps.some((c) => c.ruleId === 'poor-share') || r.notBinding.some((c) => c.ruleId === 'poor-share');
        expect(fired).toBe(valid > 0 && t.poor * 10 >= valid * 3);
        if (fired) expect(r.grade).toBe('poor');
      }),
      { numRuns: 1000 },
    );
  });

  it('property: at the boundary (valid = 10k, 差 = 3k) it fires, with one fewer 差 it does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), (k) => {
        expect(poorShareReached(tally(7 * k, 0, 0, 3 * k), p2.poorShareRule!)).toBe(true);
        expect(poorShareReached(tally(7 * k + 1, 0, 0, 3 * k - 1), p2.poorShareRule!)).toBe(false);
      }),
    );
  });
});

describe('000: 优秀/良好/合格/不合格', () => {
  it('不合格 issues a written rectification notice and schedules a re-assessment', () => {
    const r = finalResult({ preset: p000, itemPoints: [5999] });
    expect(r.grade).toBe('fail');
    expect(r.consequences).toEqual(['rectification-notice', 'reassessment']);
    expect(finalResult({ preset: p000, itemPoints: [6000] }).grade).toBe('pass');
    expect(finalResult({ preset: p000, itemPoints: [6000] }).consequences).toEqual([]);
  });

  it('failing again on re-assessment calls for accountability', () => {
    expect(finalResult({ preset: p000, itemPoints: [5000], reassessment: true }).consequences).toEqual(['accountability']);
    expect(finalResult({ preset: p000, itemPoints: [6000], reassessment: true }).consequences).toEqual([]);
  });

  it('is the default for institutions on the 000 grading preset', () => {
    expect(defaultAssessmentPreset('000')).toBe('000');
    expect(defaultAssessmentPreset('002')).toBe('004-p1');
  });
});

describe('configurable thresholds and weights', () => {
  it('accepts descending thresholds and rejects anything else with a clear reason', () => {
    const p = resolvePreset('004-p1', { thresholds: { excellent: 9000 } });
    expect(gradeFor(9000, p).code).toBe('excellent');
    expect(() => resolvePreset('004-p1', { thresholds: { good: 9600 } })).toThrow(/below that of excellent/);
    expect(() => resolvePreset('004-p1', { thresholds: { pass: 100 } })).toThrow(/no grade "pass"/);
    expect(() => resolvePreset('004-p1', { weights: { good: 101 } })).toThrow(/0–100/);
  });
});

describe('scheme items', () => {
  it('缺1扣2: max − 2 × missing, never below 0', () => {
    expect(deductionPoints(18, 200, 0)).toBe(1800);
    expect(deductionPoints(18, 200, 4)).toBe(1000);
    expect(deductionPoints(18, 200, 9)).toBe(0);
    expect(deductionPoints(18, 200, 50)).toBe(0);
  });

  it('indicator: full points at or above target, proportional below, 0 at 0', () => {
    expect(indicatorPoints(10, 90, 85)).toBe(1000);
    expect(indicatorPoints(10, 85, 85)).toBe(1000);
    expect(indicatorPoints(10, 68, 85)).toBe(800); // 10 × 68 / 85 = 8.00
    expect(indicatorPoints(10, 0.7, 0.9)).toBe(778); // 10 × 7/9 = 7.777… → 7.78
    expect(indicatorPoints(10, 0, 85)).toBe(0);
    expect(indicatorPoints(10, 3, undefined)).toBe(1000);
  });

  it('lower-is-better indicator: full points at or below target, target/value above it', () => {
    expect(indicatorPoints(10, 120, 150, 'lower')).toBe(1000); // cost 120 yuan, target ≤ 150
    expect(indicatorPoints(10, 150, 150, 'lower')).toBe(1000);
    expect(indicatorPoints(10, 200, 150, 'lower')).toBe(750); // 10 × 150 / 200
    expect(indicatorPoints(10, 0, 0, 'lower')).toBe(1000); // no rule hits, target 0
    expect(indicatorPoints(10, 2.5, 0, 'lower')).toBe(0);
  });

  it('property: item points stay within [0, max]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.double({ min: -10, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), (max, v, tg) => {
        for (const better of ['higher', 'lower'] as const) {
          const p = indicatorPoints(max, v, tg, better);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(max * 100);
        }
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), tallyArb, (max, t) => {
        const p = evaluationItemPoints(max, t, p1);
        if (p !== null) expect(p).toBeLessThanOrEqual(max * 100);
      }),
    );
  });

  it('caps only lower a grade and say which rule did it', () => {
    const r = finalResult({
      preset: p1,
      itemPoints: [9700],
      caps: [
        { ruleId: 'red-warnings', capGrade: 'good', excludeFromPromotion: false, reason: { zh: '红色预警2次', en: '2 red warnings' } },
        { ruleId: 'veto', capGrade: 'excellent', excludeFromPromotion: true, reason: { zh: '档案否决', en: 'dossier veto' } },
      ],
    });
    expect(r.baseGrade).toBe('excellent');
    expect(r.grade).toBe('good');
    expect(r.caps).toEqual([expect.objectContaining({ ruleId: 'red-warnings', from: 'excellent', to: 'good' })]);
    expect(r.notBinding.map((c) => c.ruleId)).toEqual(['veto']);
    expect(r.excludedFromPromotion).toBe(true);
  });
});
