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

describe('institution config: resultPublication', () => {
  const error = (extra: string) => {
    try {
      parse(extra);
    } catch (e) {
      return (e as ConfigError).message;
    }
    return null;
  };

  it('is absent by default (each scheme’s own visibility, no end) and reads to/days', () => {
    expect(parse('').resultPublication).toBeUndefined();
    expect(parse('resultPublication: { to: staff, days: 7 }\n').resultPublication).toEqual({ to: 'staff', days: 7 });
    expect(parse('resultPublication: { to: none }\n').resultPublication).toEqual({ to: 'none' });
    expect(parse('resultPublication: { to: subjects }\n').resultPublication).toEqual({ to: 'subjects' });
  });

  it('names the file, the field and the reason when it is wrong', () => {
    expect(error('resultPublication: staff\n')).toBe('unit-a.yaml: resultPublication: must be a mapping, e.g. { to: staff, days: 30 }');
    expect(error('resultPublication: { to: all }\n')).toBe('unit-a.yaml: resultPublication.to: must be one of staff, subjects, none, got "all"');
    expect(error('resultPublication: { to: staff, days: 0 }\n')).toBe('unit-a.yaml: resultPublication.days: must be a whole number of days from 1 to 3650, got 0');
    expect(error('resultPublication: { to: staff, days: 2.5 }\n')).toContain('resultPublication.days: must be a whole number');
    expect(error('resultPublication: { to: none, days: 3 }\n')).toBe('unit-a.yaml: resultPublication.days: applies only when to is staff');
    expect(error('resultPublication: { to: staff, weeks: 1 }\n')).toBe('unit-a.yaml: resultPublication.weeks: unknown field (allowed: to, days)');
  });
});
