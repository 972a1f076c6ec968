import { ConfigError, parseInstitutionConfig } from '../plugin-host/institution-config';

const base = `code: x-hospital
name: 某医院
type: hospital
letterhead: 某医院
docNumberPrefix: 某
gradingPreset: '002'
`;

const parse = (extra: string) => parseInstitutionConfig('/cfg/institutions/x-hospital.yaml', base + extra, 'x-hospital.yaml');

describe('institution config: optional risk block', () => {
  it('is optional, and read when present', () => {
    expect(parse('').risk).toBeUndefined();
    expect(parse(`risk:\n  identification: '001'\n  categories: '003'\n  gradeMatrix: [[3, 3, 2], [3, 2, 1], [2, 1, 1]]\n  selfCheckDueDates: ['06-30', '12-10']\n`).risk).toEqual({
      identification: '001',
      categories: '003',
      gradeMatrix: [
        [3, 3, 2],
        [3, 2, 1],
        [2, 1, 1],
      ],
      selfCheckDueDates: ['06-30', '12-10'],
    });
  });

  it('names the file, the field and the reason when a value is wrong', () => {
    const cases: [string, string, RegExp][] = [
      [`risk:\n  identification: '004'\n`, 'risk.identification', /one of 001, 002, 003/],
      [`risk:\n  gradeMatrix: [[1, 2], [3]]\n`, 'risk.gradeMatrix', /3 rows/],
      [`risk:\n  selfCheckDueDates: ['11-20', '06-20']\n`, 'risk.selfCheckDueDates', /in order/],
      [`risk:\n  cadence: yearly\n`, 'risk.cadence', /unknown field/],
      [`risk: yes\n`, 'risk', /mapping/],
    ];
    for (const [yaml, field, reason] of cases) {
      let err: unknown;
      try {
        parse(yaml);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).file).toBe('x-hospital.yaml');
      expect((err as ConfigError).field).toBe(field);
      expect((err as ConfigError).reason).toMatch(reason);
    }
  });
});
