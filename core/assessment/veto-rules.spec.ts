import { finalResult, PRESETS } from './scoring';
import { capsFor, checkVetoRules, defaultVetoRules } from './veto-rules';

describe('veto rules', () => {
  it('default caps per preset: red warnings → not the top grade; yellow card → head not 好', () => {
    expect(defaultVetoRules(PRESETS['004-p1']).map((r) => [r.id, r.capGrade])).toEqual([
      ['red-warnings', 'good'],
      ['yellow-card-head', 'fair'],
      ['dossier-veto', 'good'],
    ]);
    expect(defaultVetoRules(PRESETS['004-p2']).map((r) => r.capGrade)).toEqual(['fair', 'fair', 'fair']);
    expect(defaultVetoRules(PRESETS['000']).map((r) => r.capGrade)).toEqual(['good', 'pass', 'good']);
    for (const p of Object.values(PRESETS)) expect(checkVetoRules(defaultVetoRules(p), p)).toEqual([]);
  });

  it('fires at its threshold only: 1 red warning does nothing, 2 cap 优秀 to 良好 and say why', () => {
    const p = PRESETS['004-p1'];
    const rules = defaultVetoRules(p);
    expect(capsFor(rules, { 'red-warnings': 1, 'yellow-card-head': 0, 'dossier-veto': 0 }, p)).toEqual([]);
    const caps = capsFor(rules, { 'red-warnings': 2, 'yellow-card-head': 0, 'dossier-veto': 0 }, p);
    expect(caps).toHaveLength(1);
    expect(caps[0].reason.zh).toContain('本年度红色（一级）预警次数：2（规则：≥ 2）');
    expect(caps[0].reason.zh).toContain('最高评为“良好”');
    const r = finalResult({ preset: p, itemPoints: [9800], caps });
    expect([r.baseGrade, r.grade, r.excludedFromPromotion]).toEqual(['excellent', 'good', true]);
  });

  it('rejects malformed rules with the field and the reason', () => {
    const p = PRESETS['004-p2'];
    const bad = [
      { id: 'x1', fact: 'nope' as never, min: 0, capGrade: 'excellent', excludeFromPromotion: false, label: { zh: '', en: '' } },
      { id: 'x1', fact: 'red-warnings' as const, min: 1, capGrade: null, excludeFromPromotion: false, label: { zh: '', en: '' } },
    ];
    expect(checkVetoRules(bad, p).map((x) => x.field)).toEqual(['vetoRules[0].fact', 'vetoRules[0].min', 'vetoRules[0].capGrade', 'vetoRules[1].id', 'vetoRules[1]']);
  });
});
