import { INSTITUTION_TYPES, type LocalizedText, type PluginDefinition } from '../plugin-api';
import { PluginError } from './plugin-error';

/** Core's institution types by name, for screens and for a refusal that says which kind of institution a field takes. */
export const CORE_INSTITUTION_TYPE_LABELS: Record<(typeof INSTITUTION_TYPES)[number], LocalizedText> = {
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

const TYPE_ID = /^[a-z][a-z0-9-]{1,39}$/;

/**
 * Core's types plus those the installed plugins declare. A declared id must be new (not core's, not another plugin's);
 * every type a plugin, its screens or its institution fields name must be known.
 */
export function institutionTypeLabels(plugins: PluginDefinition[]): Map<string, LocalizedText> {
  const labels = new Map<string, LocalizedText>(Object.entries(CORE_INSTITUTION_TYPE_LABELS));
  const declaredBy = new Map<string, string>();
  for (const p of plugins) {
    for (const t of p.declaresInstitutionTypes ?? []) {
      if (!TYPE_ID.test(t.id)) throw new PluginError(p.id, `institution type "${t.id}" must be kebab-case (2-40 characters, a-z, 0-9, -)`);
      if (!t.label?.zh || !t.label?.en) throw new PluginError(p.id, `institution type "${t.id}" needs a label in zh and en`);
      if (labels.has(t.id)) throw new PluginError(p.id, `institution type "${t.id}" is already ${declaredBy.has(t.id) ? `declared by plugin "${declaredBy.get(t.id)}"` : "one of core's"}`);
      labels.set(t.id, t.label);
      declaredBy.set(t.id, p.id);
    }
  }
  for (const p of plugins) {
    const named = [
      ...(p.institutionTypes ?? []).map((t) => [t, 'institutionTypes'] as const),
      ...(p.screens ?? []).flatMap((s) => (s.institutionTypes ?? []).map((t) => [t, `screen "${s.id}"`] as const)),
      ...(p.recordTypes ?? []).flatMap((rt) => rt.fields.flatMap((f) => (f.institution?.types ?? []).map((t) => [t, `field "${rt.id}.${f.key}"`] as const))),
    ];
    for (const [t, where] of named) if (!labels.has(t)) throw new PluginError(p.id, `${where} names unknown institution type "${t}" (known: ${[...labels.keys()].join(', ')})`);
  }
  return labels;
}
