import { CATEGORY_PRESETS, DEFAULT_GRADE_MATRIX, gradeOf, parseGrade, RISK_INDEX_WEIGHTS, riskIndex, RiskFactors, riskSettingsFor, STEP_PRESETS } from './risk.presets';

describe('risk presets', () => {
  it('grades by 002: a high likelihood OR a severe harm is 一级', () => {
    const s = { gradeMatrix: DEFAULT_GRADE_MATRIX };
    expect(gradeOf(s, 3, 1)).toBe(1);
    expect(gradeOf(s, 1, 3)).toBe(1);
    expect(gradeOf(s, 2, 2)).toBe(2);
    expect(gradeOf(s, 2, 1)).toBe(2);
    expect(gradeOf(s, 1, 1)).toBe(3);
  });

  it('ships the taxonomies and step variants of the seeds', () => {
    expect(CATEGORY_PRESETS['002'].map((c) => c.label.zh)).toEqual(['岗位职责', '业务流程', '制度机制', '外部环境']);
    expect(CATEGORY_PRESETS['003'].map((c) => c.label.zh)).toEqual(['思想道德', '制度机制', '岗位职责']);
    expect(CATEGORY_PRESETS['000'].map((c) => c.label.zh)).toEqual(['决策', '个人', '用人', '失职']);
    expect(CATEGORY_PRESETS['001'].map((c) => c.label.zh)).toEqual(['决策', '受理', '执行', '履职', '监督']);
    expect(STEP_PRESETS['003'].map((s) => s.label.zh)).toEqual(['自己找', '同事帮', '领导点', '集体定', '组织审']);
    expect(STEP_PRESETS['001'].map((s) => s.label.zh)).toEqual(['自己查', '领导点', '群众提', '互相找', '集体定']);
    expect(STEP_PRESETS['002'].map((s) => s.label.zh)).toEqual(['自己查', '群众提', '互相找', '领导点', '组织评']);
  });

  it('picks responsibility and grade wording from the grading preset, overridable in config', () => {
    const s000 = riskSettingsFor({ gradingPreset: '000', risk: undefined });
    expect(s000.gradeScale).toBe('abc');
    expect([1, 2, 3].map((g) => s000.responsibility[g as 1 | 2 | 3].responsible)).toEqual(['head', 'deputy-in-charge', 'department-head']);
    const s002 = riskSettingsFor({ gradingPreset: '002', risk: { identification: '002', categories: '003', selfCheckDueDates: ['06-30', '12-10'] } });
    expect(s002.gradeScale).toBe('level');
    expect(s002.responsibility[1]).toEqual({ responsible: 'deputy-in-charge', supervisor: 'head' });
    expect(s002.responsibility[3]).toEqual({ responsible: 'post-holder', supervisor: 'department-head' });
    expect(s002.steps[4].label.zh).toBe('组织评');
    expect(s002.categories[0].label.zh).toBe('思想道德');
    expect(s002.selfCheckDueDates).toEqual(['06-30', '12-10']);
  });

  it('ranks by the risk index and reads grades written either way', () => {
    expect(riskIndex({ likelihood: 3, harm: 3, scope: 3, frequency: 3 })).toBe(100);
    expect(riskIndex({ likelihood: 1, harm: 1, scope: 1, frequency: 1 })).toBe(33);
    expect(riskIndex({ likelihood: 3, harm: 2, scope: 1, frequency: 1 })).toBeGreaterThan(riskIndex({ likelihood: 2, harm: 2, scope: 2, frequency: 2 }));
    expect(['A', 'b级', '一级', '三级', '2', 'D'].map(parseGrade)).toEqual([1, 2, 1, 3, 2, null]);
  });

  describe('the seven-factor risk index (003 篇1)', () => {
    const levels = [1, 2, 3];
    const optional = [null, 1, 2, 3];
    // Every combination of the seven factors, the last three also unassessed: 3^4 × 4^3 = 5184.
    const all: RiskFactors[] = levels.flatMap((likelihood) => levels.flatMap((harm) => levels.flatMap((scope) => levels.flatMap((frequency) =>
      optional.flatMap((variability) => optional.flatMap((distribution) => optional.map((duration) => ({ likelihood, harm, scope, frequency, variability, distribution, duration }))))))));
    const keys = Object.keys(RISK_INDEX_WEIGHTS) as (keyof RiskFactors)[];

    it('keeps every four-factor index exactly when the three new factors are not assessed', () => {
      for (const f of all.filter((x) => x.variability === null && x.distribution === null && x.duration === null)) {
        const before = Math.round(100 * (0.4 * (f.likelihood / 3) + 0.4 * (f.harm / 3) + 0.1 * (f.scope / 3) + 0.1 * (f.frequency / 3)));
        expect({ f, index: riskIndex(f) }).toEqual({ f, index: before });
        expect(riskIndex({ likelihood: f.likelihood, harm: f.harm, scope: f.scope, frequency: f.frequency })).toBe(before);
      }
    });

    it('stays within 33..100, reaching both ends', () => {
      const values = all.map(riskIndex);
      expect(Math.min(...values)).toBe(33);
      expect(Math.max(...values)).toBe(100);
      expect(riskIndex({ likelihood: 1, harm: 1, scope: 1, frequency: 1, variability: 1, distribution: 1, duration: 1 })).toBe(33);
      expect(riskIndex({ likelihood: 3, harm: 3, scope: 3, frequency: 3, variability: 3, distribution: 3, duration: 3 })).toBe(100);
      expect(values.every((v) => Number.isInteger(v))).toBe(true);
    });

    it('rises strictly with each assessed factor, the others held', () => {
      let pairs = 0;
      const flat: { f: RiskFactors; k: string }[] = [];
      for (const f of all) {
        for (const k of keys) {
          const v = f[k];
          if (v === null || v === undefined || v === 3) continue;
          if (!(riskIndex({ ...f, [k]: v + 1 }) > riskIndex(f))) flat.push({ f, k });
          pairs++;
        }
      }
      expect(flat).toEqual([]);
      expect(pairs).toBeGreaterThan(5000);
    });

    it('weighs likelihood and harm most and the three new factors least (weights 8/8/2/2/1/1/1)', () => {
      expect(RISK_INDEX_WEIGHTS).toEqual({ likelihood: 8, harm: 8, scope: 2, frequency: 2, variability: 1, distribution: 1, duration: 1 });
      const mid = { likelihood: 2, harm: 2, scope: 2, frequency: 2, variability: 2, distribution: 2, duration: 2 };
      expect(riskIndex(mid)).toBe(67);
      // Assessing a factor at the level of the others leaves the index where it was: "not assessed" is neutral.
      expect(riskIndex({ ...mid, variability: null, distribution: null, duration: null })).toBe(67);
      expect(riskIndex({ ...mid, likelihood: 3 }) - riskIndex(mid)).toBeGreaterThan(riskIndex({ ...mid, scope: 3 }) - riskIndex(mid));
      expect(riskIndex({ ...mid, scope: 3 }) - riskIndex(mid)).toBeGreaterThan(riskIndex({ ...mid, duration: 3 }) - riskIndex(mid));
      // The seed example of risk-excel.e2e: likelihood 2, harm 3, scope and frequency 1, variability 3, distribution 2, duration 3.
      expect(riskIndex({ likelihood: 2, harm: 3, scope: 1, frequency: 1, variability: 3, distribution: 2, duration: 3 })).toBe(75);
    });
  });
});
