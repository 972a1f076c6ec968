import type { FieldProblem } from '../http/app-error';
import { registerMessages } from '../i18n/i18n';
import type { FieldDef, InstitutionType, LocalizedText } from '../plugin-api';

/** Institution types by name, for a refusal that says which kind of institution a field takes. */
export const INSTITUTION_TYPE_LABELS: Record<InstitutionType, LocalizedText> = {
  hospital: { zh: '医院', en: 'hospital' },
  'tax-bureau': { zh: '税务局', en: 'tax bureau' },
  cdc: { zh: '疾病预防控制中心', en: 'CDC' },
  'designated-hospital': { zh: '结核病定点医院', en: 'designated TB hospital' },
  'township-health-centre': { zh: '乡镇卫生院', en: 'township health centre' },
  'village-clinic': { zh: '村卫生室', en: 'village clinic' },
  village: { zh: '村', en: 'village' },
  government: { zh: '政府机关', en: 'government body' },
  'discipline-commission': { zh: '纪检监察机关', en: 'discipline commission' },
  other: { zh: '其他单位', en: 'other institution' },
};

registerMessages({
  'validation.institution_type': { zh: '{field}：“{code}”不是可选的单位（须为启用本插件的{types}）', en: '{field}: "{code}" cannot be chosen here (it must be a {types} that uses this plugin)' },
});

/** What an institution field may hold: the codes of the institutions of its types that enable the plugin. */
export function allowedInstitutionCodes(f: FieldDef, institutions: { code: string; type: string }[], isEnabled: (code: string) => boolean): Set<string> {
  return new Set(institutions.filter((i) => f.institution!.types.includes(i.type) && isEnabled(i.code)).map((i) => i.code));
}

/**
 * Refuses an institution field naming anything but an allowed institution. Only fields being written (`changed`, or all
 * on create): a stored code whose plugin was since disabled stays valid until someone changes it.
 */
export function institutionProblems(fields: FieldDef[], values: Record<string, unknown>, allowed: (f: FieldDef) => ReadonlySet<string>, changed?: string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const f of fields) {
    const v = values[f.key];
    if (!f.institution || v === null || v === undefined || v === '' || (changed && !changed.includes(f.key))) continue;
    if (typeof v === 'string' && allowed(f).has(v)) continue;
    const types = f.institution.types.map((t) => INSTITUTION_TYPE_LABELS[t as InstitutionType] ?? { zh: t, en: t });
    const names = { zh: types.map((x) => x.zh).join('或'), en: types.map((x) => x.en).join(' or ') };
    problems.push({ field: f.key, key: 'validation.institution_type', params: { code: String(v).slice(0, 64), types: names } });
  }
  return problems;
}
