import type { FieldDef } from '../plugin-api';
import { t } from '../i18n/i18n';
import { CORE_INSTITUTION_TYPE_LABELS } from '../plugin-host/institution-types';
import { allowedInstitutionCodes, institutionProblems } from './record-institutions';

const hospital: FieldDef = { key: 'toHospital', id: 'x-to', type: 'string', label: { zh: '接诊定点医院', en: 'Hospital' }, institution: { types: ['designated-hospital'] } };
const plain: FieldDef = { key: 'note', id: 'x-note', type: 'string', label: { zh: '备注', en: 'Note' } };
const institutions = [
  { code: 'tb-hosp', type: 'designated-hospital' },
  { code: 'other-hosp', type: 'designated-hospital' },
  { code: 'clinic', type: 'village-clinic' },
];
// other-hosp does not enable the plugin.
const allowed = (f: FieldDef) => allowedInstitutionCodes(f, institutions, (code) => code !== 'other-hosp');
const label = (type: string) => CORE_INSTITUTION_TYPE_LABELS[type as keyof typeof CORE_INSTITUTION_TYPE_LABELS];

describe('institution fields', () => {
  it('offers only institutions of the field types that enable the plugin', () => {
    expect([...allowed(hospital)]).toEqual(['tb-hosp']);
  });

  it('accepts an allowed code and an empty value, and leaves other fields alone', () => {
    expect(institutionProblems([hospital, plain], { toHospital: 'tb-hosp', note: 'clinic' }, allowed, label)).toEqual([]);
    expect(institutionProblems([hospital], { toHospital: null }, allowed, label)).toEqual([]);
  });

  it('refuses another type, a disabled institution and an unknown code, naming the field and the type in both languages', () => {
    for (const code of ['clinic', 'other-hosp', 'nowhere']) {
      const problems = institutionProblems([hospital], { toHospital: code }, allowed, label);
      expect(problems).toHaveLength(1);
      expect(problems[0].field).toBe('toHospital');
      expect(t('zh', problems[0].key, { ...problems[0].params, field: '接诊定点医院' })).toBe(`接诊定点医院：“${code}”不是可选的单位（须为启用本插件的结核病定点医院）`);
      expect(t('en', problems[0].key, { ...problems[0].params, field: 'Hospital' })).toContain('designated TB hospital');
    }
  });

  it('checks only the fields being written on an update', () => {
    expect(institutionProblems([hospital], { toHospital: 'other-hosp' }, allowed, label, ['note'])).toEqual([]);
    expect(institutionProblems([hospital], { toHospital: 'other-hosp' }, allowed, label, ['toHospital'])).toHaveLength(1);
  });
});
