import { Lang, pick } from '../i18n/i18n';
import { ROLE_LABELS } from '../plugin-api';
import type { ExtensionFields } from './risk-context.service';
import { riskLabels } from './risk-labels';
import { FACTOR_LABELS, Grade, GRADE_HELP, gradeLabel, HARM_LABELS, LIKELIHOOD_LABELS, RISK_INDEX_WEIGHTS, RiskSettings } from './risk.presets';

/** The index factors besides likelihood × harm; the last three may stay unassessed. */
export const OPTIONAL_FACTORS = ['scope', 'frequency', 'variability', 'distribution', 'duration'] as const;
export const UNASSESSABLE_FACTORS = ['variability', 'distribution', 'duration'] as const;

/** The institution's risk settings as the API and forms show them (labels in the request language). */
export function riskSettingsView(s: RiskSettings, exts: ExtensionFields[], lang: Lang) {
  const roleName = (r: string | null) => (r === null ? null : r === 'post-holder' ? pick({ zh: '岗位本人', en: 'Post holder' }, lang) : pick(ROLE_LABELS[r as keyof typeof ROLE_LABELS], lang));
  return {
    categoryPreset: s.categoryPreset,
    categories: s.categories.map((c) => ({ key: c.key, label: pick(c.label, lang) })),
    stepPreset: s.stepPreset,
    steps: s.steps.map((st, i) => ({ number: i + 1, key: st.key, kind: st.kind, label: pick(st.label, lang) })),
    gradeScale: s.gradeScale,
    grades: ([1, 2, 3] as Grade[]).map((g) => ({
      grade: g,
      label: pick(gradeLabel(s, g), lang),
      help: pick(GRADE_HELP[g], lang),
      responsible: roleName(s.responsibility[g].responsible),
      supervisor: roleName(s.responsibility[g].supervisor),
    })),
    likelihood: [1, 2, 3].map((v) => ({ value: v, label: pick(LIKELIHOOD_LABELS[v], lang) })),
    harm: [1, 2, 3].map((v) => ({ value: v, label: pick(HARM_LABELS[v], lang) })),
    factors: OPTIONAL_FACTORS.map((key) => ({
      key,
      label: riskLabels(lang)[key],
      weight: RISK_INDEX_WEIGHTS[key],
      optional: (UNASSESSABLE_FACTORS as readonly string[]).includes(key),
      options: [1, 2, 3].map((v) => ({ value: v, label: pick(FACTOR_LABELS[key][v], lang) })),
    })),
    riskIndexWeights: RISK_INDEX_WEIGHTS,
    riskIndexHelp: riskLabels(lang).riskIndexHelp,
    gradeMatrix: s.gradeMatrix,
    selfCheckDueDates: s.selfCheckDueDates,
    extensionFields: exts.map((e) => ({ pluginId: e.pluginId, fields: e.fields.map((f) => ({ key: f.key, type: f.type, label: pick(f.label, lang), required: !!f.required, options: (f.options ?? []).map((o) => ({ value: o.value, label: pick(o.label, lang) })) })) })),
  };
}
