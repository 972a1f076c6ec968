import type { FieldProblem } from '../http/app-error';
import { registerMessages } from '../i18n/i18n';
import type { FieldDef, LocalizedText } from '../plugin-api';


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
export function institutionProblems(fields: FieldDef[], values: Record<string, unknown>, allowed: (f: FieldDef) => ReadonlySet<string>, typeLabel: (type: string) => LocalizedText, changed?: string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const f of fields) {
    const v = values[f.key];
    if (!f.institution || v === null || v === undefined || v === '' || (changed && !changed.includes(f.key))) continue;
    if (typeof v === 'string' && allowed(f).has(v)) continue;
    const types = f.institution.types.map(typeLabel);
    const names = { zh: types.map((x) => x.zh).join('或'), en: types.map((x) => x.en).join(' or ') };
    problems.push({ field: f.key, key: 'validation.institution_type', params: { code: String(v).slice(0, 64), types: names } });
  }
  return problems;
}
