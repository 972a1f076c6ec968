import { finalResult, PRESETS, resolvePreset } from './scoring';
import { capsFor, checkVetoRules, defaultUnitVetoRules } from './veto-rules';

const warning = (id: number, title: string) => ({ id, title, subjectLabel: '示范县人民医院', level: { zh: '一级（红色）预警', en: 'Level 1 (red)' }, since: '2026-06-30' });
const facts = (red: number) => ({ 'red-warnings': red, 'yellow-card-head': 0, 'dossier-veto': 0 });

describe('unit veto (003 篇5 七(二))', () => {
  const rules = defaultUnitVetoRules();

  it('is a valid rule under every scale: ≥ 2 red warnings, grade untouched, excluded from 先进', () => {
    expect(rules.map((r) => [r.id, r.fact, r.min, r.capGrade, r.excludeFromPromotion])).toEqual([['unit-red-warnings', 'red-warnings', 2, null, true]]);
    for (const p of Object.values(PRESETS)) expect(checkVetoRules(rules, p)).toEqual([]);
  });

  it('one red warning bars nothing', () => {
    expect(capsFor(rules, facts(1), PRESETS['000'], { redWarnings: [warning(7, '村级工程款拨付违规')] })).toEqual([]);
  });

  it('two red warnings bar the unit from 先进, keep its grade, and the reason names the count, the seed and each warning', () => {
    const p = PRESETS['000'];
    const caps = capsFor(rules, facts(2), p, { redWarnings: [warning(11, '药品集中采购未执行三分离'), warning(12, '药剂科违规接受供应商宴请')] });
    expect(caps).toHaveLength(1);
    expect(caps[0].reason.zh).toBe(
      '单位一年内受到两次及以上一级预警的，当年不得评为先进单位（003篇5 七（二））。本单位本年度受到一级（红色）预警次数：2（规则：≥ 2）；当年不得评为先进单位；' +
        '一级预警：#11「药品集中采购未执行三分离」（示范县人民医院，2026-06-30）、#12「药剂科违规接受供应商宴请」（示范县人民医院，2026-06-30）',
    );
    const r = finalResult({ preset: p, itemPoints: [5800, 3900], caps });
    expect([r.scoreHundredths, r.baseGrade, r.grade, r.excludedFromPromotion, r.caps.length, r.notBinding.length]).toEqual([9700, 'excellent', 'excellent', true, 0, 1]);
  });

  it('a person’s red-warning rule keeps the person’s wording', () => {
    const caps = capsFor([{ ...rules[0], capGrade: 'good' }], facts(2), PRESETS['004-p1']);
    expect(caps[0].reason.zh).toContain('本年度红色（一级）预警次数：2');
    expect(caps[0].reason.zh).toContain('不列入评先评优及提拔名单');
  });
});

describe('grade scale and the 30 % poor-ballot rule chosen apart (004 第1篇 / 第2篇 / 000)', () => {
  const tally = { excellent: 5, good: 2, fair: 0, poor: 3, invalid: 0 }; // 差 3 of 10 = 30 %, (500 + 160) / 10 = 66.00

  it('presets are named combinations: their scales and rules are unchanged', () => {
    expect(PRESETS['004-p1'].bands.map((b) => b.label.zh)).toEqual(['优秀', '良好', '一般', '差']);
    expect(PRESETS['004-p1'].poorShareRule).toBeUndefined();
    expect(PRESETS['004-p2'].bands.map((b) => `${b.label.zh}≥${b.minHundredths}`)).toEqual(['好≥8000', '一般≥6000', '差≥0']);
    expect(PRESETS['004-p2'].poorShareRule).toEqual({ num: 3, den: 10 });
    expect(PRESETS['000'].bands.map((b) => b.label.zh)).toEqual(['优秀', '良好', '合格', '不合格']);
  });

  it('004 第1篇’s four grades with the 30 % rule: 差 3 of 10 forces 差, keeping the four grades', () => {
    const p = resolvePreset('004-p1', { poorShare: true });
    expect(p.bands.map((b) => b.label.zh)).toEqual(['优秀', '良好', '一般', '差']);
    const r = finalResult({ preset: p, itemPoints: [6600], tally });
    expect([r.baseGrade, r.grade, r.caps[0].ruleId]).toEqual(['fair', 'poor', 'poor-share']);
    // 66.00 is not below 59, and 004 第1篇 attaches nothing more to 差.
    expect(r.consequences).toEqual([]);
  });

  it('000’s scale with the rule forces 不合格 and its re-assessment', () => {
    const r = finalResult({ preset: resolvePreset('000', { poorShare: true }), itemPoints: [6600], tally });
    expect([r.baseGrade, r.grade, r.consequences]).toEqual(['pass', 'fail', ['rectification-notice', 'reassessment']]);
  });

  it('004-p2’s three grades without the rule: 差 3 of 10 stays 一般 by points', () => {
    const p = resolvePreset('004-p2', { poorShare: false });
    expect(p.poorShareRule).toBeUndefined();
    const r = finalResult({ preset: p, itemPoints: [6600], tally });
    expect([r.baseGrade, r.grade, r.caps]).toEqual(['fair', 'fair', []]);
  });

  it('a preset takes another scale with thresholds of that scale only', () => {
    const p = resolvePreset('004-p1', { scale: 'three', thresholds: { good: 8500 } });
    expect(p.bands.map((b) => `${b.code}≥${b.minHundredths}`)).toEqual(['good≥8500', 'fair≥6000', 'poor≥0']);
    expect(() => resolvePreset('004-p1', { scale: 'three', thresholds: { excellent: 9000 } })).toThrow(/no grade "excellent"/);
    expect(() => resolvePreset('004-p1', { scale: 'five' as never })).toThrow(/unknown grade scale/);
  });
});
