import { ASSESSMENT_PRESET_IDS, ConfigError, parseInstitutionConfig } from '../plugin-host/institution-config';
import { ASSESSMENT_PRESETS } from './scoring';

const BASE = 'code: unit-a\nname: 甲单位\ntype: hospital\nletterhead: 甲单位纪委\ndocNumberPrefix: 甲纪\n';
const parse = (extra: string) => parseInstitutionConfig('/x/unit-a.yaml', BASE + extra, 'unit-a.yaml');

describe('institution config: assessmentPreset', () => {
  it('lists the same presets as the scoring module', () => {
    expect([...ASSESSMENT_PRESET_IDS]).toEqual([...ASSESSMENT_PRESETS]);
  });

  it('defaults from gradingPreset: 000 → 000, otherwise 004-p1', () => {
    expect(parse('').assessmentPreset).toBe('004-p1');
    expect(parse('gradingPreset: "000"\n').assessmentPreset).toBe('000');
    expect(parse('gradingPreset: "001"\n').assessmentPreset).toBe('004-p1');
  });

  it('accepts an explicit preset and rejects an unknown one with file, field and reason', () => {
    expect(parse('assessmentPreset: 004-p2\n').assessmentPreset).toBe('004-p2');
    let err: unknown;
    try {
      parse('assessmentPreset: 004-p3\n');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe('unit-a.yaml: assessmentPreset: must be one of 004-p1, 004-p2, 000, got "004-p3"');
  });
});
