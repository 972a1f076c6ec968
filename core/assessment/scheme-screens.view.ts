import { Lang, pick } from '../i18n/i18n';
import type { LocalizedText } from '../plugin-api';
import { FACT_LABELS } from './assessment-facts';
import { Form, str } from './assessment-forms';
import type { AssessmentLabels } from './assessment-labels';
import { ITEM_METHODS } from './assessment.dto';
import type { AssessmentItemEntity, AssessmentSchemeEntity } from './assessment.entities';
import { AssessmentPresetId, formatHundredths, GRADE_SCALE_DEFS, GradeBand, PRESET_PARTS, PresetOverrides } from './scoring';
import type { SubjectResult } from './subject-result';
import { VETO_FACTS, VetoRule } from './veto-rules';

/** Empty item rows on the new-scheme form. */
export const ITEM_ROWS = 6;

type Indicator = { pluginId: string; indicatorId: string; label: LocalizedText };
type ItemFields = { id?: string; area: string; name: string; maxPoints: string; perMissing: string; method: string; indicator: string };

export const methodLabel = (L: AssessmentLabels, m: string) => L[m === 'indicator' ? 'indicatorMethod' : (m as 'manual')];

/** One row of an items table: what was typed or stored, with its method and indicator picked. */
export function itemRowView(i: number, f: ItemFields, L: AssessmentLabels, lang: Lang, indicators: Indicator[], error: string) {
  const { method, indicator, ...typed } = f;
  return {
    i,
    ...typed,
    methods: ITEM_METHODS.map((m) => ({ value: m, label: methodLabel(L, m), selected: method === m })),
    indicators: indicators.map((d) => ({ value: `${d.pluginId}/${d.indicatorId}`, label: pick(d.label, lang), selected: indicator === `${d.pluginId}/${d.indicatorId}` })),
    error,
  };
}

/** The item rows of the edit form: as posted when re-shown after a refusal, else the stored items and three empty rows. */
export function editItemRows(items: AssessmentItemEntity[], posted: Form | null, errors: Record<number, string[]>, L: AssessmentLabels, lang: Lang, indicators: Indicator[]) {
  const count = posted ? Object.keys(posted).filter((k) => /^name\d+$/.test(k)).length : items.length + 3;
  return Array.from({ length: count }, (_, i) => {
    const it = items[i];
    const v = (k: string, dflt: string) => (posted ? str(posted[`${k}${i}`]) : dflt);
    const fields = {
      id: v('id', it ? String(it.id) : ''),
      area: v('area', it?.area ?? ''),
      name: v('name', it?.name ?? ''),
      maxPoints: v('maxPoints', it ? String(it.maxPoints) : ''),
      perMissing: v('perMissing', it?.perMissingHundredths ? formatHundredths(it.perMissingHundredths) : ''),
      method: v('method', it?.method ?? 'manual'),
      indicator: v('indicator', it?.pluginId ? `${it.pluginId}/${it.indicatorId}` : ''),
    };
    return itemRowView(i, fields, L, lang, indicators, (errors[i] ?? []).join('；'));
  });
}

/** The rule rows of the edit form: as posted when re-shown after a refusal, else the stored rules and one empty row. */
export function editRuleRows(rules: VetoRule[], posted: Form | null, errors: Record<number, string[]>, bands: GradeBand[], L: AssessmentLabels, lang: Lang) {
  const count = posted ? Object.keys(posted).filter((k) => /^fact\d+$/.test(k)).length : rules.length + 1;
  return Array.from({ length: count }, (_, i) => {
    const r = rules[i];
    const v = (k: string, dflt: string) => (posted ? str(posted[`${k}${i}`]) : dflt);
    const fact = v('fact', r?.fact ?? '');
    const cap = v('capGrade', r?.capGrade ?? '');
    return {
      i,
      ruleId: v('ruleId', r?.id ?? ''),
      min: v('min', r ? String(r.min) : '1'),
      exclude: posted ? str(posted[`exclude${i}`]) === 'on' : (r?.excludeFromPromotion ?? false),
      labelZh: v('labelZh', r?.label.zh ?? ''),
      labelEn: v('labelEn', r?.label.en ?? ''),
      facts: VETO_FACTS.map((f) => ({ value: f, label: pick(FACT_LABELS[f], lang), selected: fact === f })),
      caps: [{ value: '', label: L.noCap, selected: cap === '' }, ...bands.map((b) => ({ value: b.code, label: pick(b.label, lang), selected: cap === b.code }))],
      error: (errors[i] ?? []).join('；'),
    };
  });
}

/** Messages of one form part grouped by the form row they came from; `rowOf` maps a DTO index back to its row. */
export function errorsByRow(errors: Record<string, string>, prefix: RegExp, rowOf: number[]): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const [field, msg] of Object.entries(errors)) {
    const m = prefix.exec(field);
    if (m) (out[rowOf[Number(m[1] ?? m[2])] ?? 0] ??= []).push(msg);
  }
  return out;
}

/** Numbered form rows (`name3`, `fact3`, …) present in the post, in order. */
export function postedRows(body: Form, field: 'name' | 'fact'): number[] {
  const re = field === 'name' ? /^name\d{1,3}$/ : /^fact\d{1,2}$/;
  return Object.keys(body).filter((k) => re.test(k)).map((k) => Number(k.slice(field.length))).sort((a, b) => a - b);
}

/** The items typed into the given rows, as ItemDto fields. */
export function itemsFromForm(body: Form, rows: number[]): Record<string, unknown>[] {
  return rows.map((i) => {
    const [pluginId, indicatorId] = str(body[`indicator${i}`]).split('/');
    const method = str(body[`method${i}`]);
    return {
      ...(str(body[`id${i}`]) ? { id: Number(str(body[`id${i}`])) } : {}),
      area: str(body[`area${i}`]),
      name: str(body[`name${i}`]),
      maxPoints: Number(str(body[`maxPoints${i}`])),
      method,
      ...(method === 'deduction' && str(body[`perMissing${i}`]) ? { perMissing: Number(str(body[`perMissing${i}`])) } : {}),
      ...(method === 'indicator' ? { pluginId, indicatorId } : {}),
    };
  });
}

/** The veto rules typed into the given rows; a new rule gets its fact as id, numbered when the fact is taken. */
export function vetoRulesFromForm(body: Form, rows: number[]): Record<string, unknown>[] {
  const taken = new Set(rows.map((i) => str(body[`ruleId${i}`])).filter(Boolean));
  return rows.map((i) => {
    const fact = str(body[`fact${i}`]);
    let ruleId = str(body[`ruleId${i}`]);
    if (!ruleId) {
      ruleId = taken.has(fact) ? `${fact}-${i + 1}` : fact;
      taken.add(ruleId);
    }
    return {
      id: ruleId,
      fact,
      min: Number(str(body[`min${i}`])),
      capGrade: str(body[`capGrade${i}`]) || null,
      excludeFromPromotion: str(body[`exclude${i}`]) === 'on',
      label: { zh: str(body[`labelZh${i}`]), en: str(body[`labelEn${i}`]) || str(body[`labelZh${i}`]) },
    };
  });
}

/** The preset's name; when the scheme chose its own scale or 差-ballot rule, that scale and whether the rule applies. */
export function presetText(scheme: AssessmentSchemeEntity, lang: Lang): string {
  const parts = PRESET_PARTS[scheme.preset as AssessmentPresetId];
  const o = JSON.parse(scheme.overrides) as PresetOverrides;
  if (!parts) return scheme.preset;
  if (o.scale === undefined && o.poorShare === undefined) return pick(parts.label, lang);
  const rule = o.poorShare ?? parts.poorShare;
  const ruleText = lang === 'en' ? (rule ? 'with the 30 % poor-ballot rule' : 'without the 30 % poor-ballot rule') : rule ? '适用差票达到30%定为最低等次' : '不适用差票30%规则';
  return `${pick(GRADE_SCALE_DEFS[o.scale ?? parts.scale].label, lang)}${lang === 'en' ? '; ' : '；'}${ruleText}`;
}

/** A subject's result with its texts in the request language. */
export function resultRow(r: SubjectResult, lang: Lang) {
  return {
    ...r,
    evaluation: r.evaluationHundredths === null ? '—' : formatHundredths(r.evaluationHundredths),
    baseGradeText: pick(r.baseGradeLabel, lang),
    gradeText: pick(r.gradeLabel, lang),
    capped: r.caps.length > 0,
    unitBarred: r.kind === 'unit' && r.excludedFromPromotion,
    redWarningLinks: (r.redWarnings ?? []).map((w) => ({ href: `/warning/warnings/${w.id}`, text: `#${w.id} ${w.title}（${pick(w.level, lang)}，${w.since}）` })),
    capTexts: r.caps.map((c) => `${pick(c.fromLabel, lang)} → ${pick(c.toLabel, lang)}：${pick(c.reason, lang)}`),
    otherTexts: r.notBinding.map((c) => pick(c.reason, lang)),
    consequenceTexts: r.consequences.map((c) => pick(c.label, lang)),
    items: r.items.map((i) => ({
      ...i,
      indicatorText: i.indicator ? (i.indicator.error ? i.indicator.error : `${i.indicator.value ?? '—'} / ${i.indicator.target ?? '—'}`) : '',
    })),
  };
}
