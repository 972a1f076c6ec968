import { chineseDate, chinesePeriod, yuan } from '../plugin-api';
import type { FactDef, LocalizedText, RuleDef, SubjectSourceDef, ValueDescription, ValueUnit } from '../plugin-api';

type Lang = keyof LocalizedText;

/** One fact of a rule hit as people read it: its label and its value, in both languages. */
export interface FactRow {
  label: LocalizedText;
  value: LocalizedText;
}

/** What describes a hit's inputs: the plugin's facts, the rule's own wording, its subject source's values, institution names. */
export interface HitSpec {
  facts: ReadonlyMap<string, FactDef>;
  rule?: Pick<RuleDef, 'inputs'>;
  subject?: Pick<SubjectSourceDef, 'values'>;
  /** An institution's name by its code (for 'institution' values); unknown codes are left out. */
  institutionName?: (code: string) => LocalizedText | undefined;
}

/** The definitions behind a rule id as hits store it (`<plugin>/<rule>`), from the plugin host or a fake of it. */
export interface RuleCatalogue {
  rules(pluginId: string): RuleDef[];
  facts(pluginId: string): Map<string, FactDef>;
  subjectSources(pluginId: string): Map<string, SubjectSourceDef>;
  institutions: readonly { code: string; name: string; nameEn?: string }[];
}

/** The rule a stored hit names and how to describe its inputs; null when no installed plugin defines it (an outside engine's rule). */
export function hitSpecOf(catalogue: RuleCatalogue, qualifiedRuleId: string): { rule: RuleDef; spec: HitSpec } | null {
  const slash = qualifiedRuleId.indexOf('/');
  if (slash < 1) return null;
  const pluginId = qualifiedRuleId.slice(0, slash);
  const rule = catalogue.rules(pluginId).find((r) => r.id === qualifiedRuleId.slice(slash + 1));
  if (!rule) return null;
  const names = new Map(catalogue.institutions.map((i): [string, LocalizedText] => [i.code, { zh: i.name, en: i.nameEn || i.name }]));
  return {
    rule,
    spec: { facts: catalogue.facts(pluginId), rule, subject: rule.subjects ? catalogue.subjectSources(pluginId).get(rule.subjects) : undefined, institutionName: (code) => names.get(code) },
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ISO_DAY = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const SEP = { zh: { list: '、', rows: '；', fields: '，', colon: '：', open: '（', close: '）', end: '。' }, en: { list: ', ', rows: '; ', fields: ', ', colon: ': ', open: ' (', close: ')', end: '.' } };

/** English for a period id: 2026-Q4 → Q4 2026, 2026-W07 → week 7 of 2026, a~b → a to b; months and days stay ISO. */
function englishPeriod(id: string): string | null {
  if (!chinesePeriod(id)) return null;
  return id
    .split('~')
    .map((p) => (/-Q/.test(p) ? `${p.slice(5)} ${p.slice(0, 4)}` : /-W/.test(p) ? `week ${Number(p.slice(6))} of ${p.slice(0, 4)}` : p))
    .join(' to ');
}

const counted = (n: number, word: LocalizedText | undefined, lang: Lang) => {
  if (!word) return String(n);
  if (lang === 'zh') return `${n} ${word.zh}`;
  // English words come as 'person|people', or as a plural that drops its s for one.
  const [one, many] = word.en.includes('|') ? word.en.split('|') : [word.en.replace(/s$/, ''), word.en];
  return `${n} ${n === 1 ? one : many}`;
};

/** A scalar in its unit, or null when the value does not fit the unit. */
function scalar(v: unknown, unit: ValueUnit, d: Omit<ValueDescription, 'unit'>, spec: HitSpec, lang: Lang): string | null {
  const finite = typeof v === 'number' && Number.isFinite(v);
  switch (unit) {
    case 'fen':
      return finite ? (lang === 'zh' ? `${yuan(v)} 元` : `CNY ${yuan(v)}`) : null;
    case 'percent':
      // A whole percent as people write a limit (30%), a measured share to one decimal (34.7%).
      return finite ? (Number.isInteger(v) ? `${v}%` : `${v.toFixed(1)}%`) : null;
    case 'count':
      return finite && Number.isInteger(v) ? counted(v, d.counter, lang) : null;
    case 'days':
      return finite && Number.isInteger(v) ? counted(v, { zh: '天', en: 'days' }, lang) : null;
    case 'date':
      return typeof v === 'string' && ISO_DAY.test(v) ? (lang === 'zh' ? chineseDate(v) : v) : null;
    case 'period':
      return typeof v === 'string' ? (lang === 'zh' ? chinesePeriod(v) : englishPeriod(v)) : null;
    case 'text': {
      // A sentence typed by someone ends inside the row, not with its own full stop.
      const text = typeof v === 'string' ? v.trim().replace(/[。；;，,\s]+$/, '') : '';
      return text || null;
    }
    case 'boolean':
      return typeof v === 'boolean' ? (v ? { zh: '是', en: 'Yes' } : { zh: '否', en: 'No' })[lang] : null;
    case 'enum': {
      const o = d.options?.find((x) => x.value === v);
      return o ? o.label[lang] : null;
    }
    case 'institution':
      return (typeof v === 'string' && spec.institutionName?.(v)?.[lang]) || null;
    default:
      return null;
  }
}

/** An object by its described fields: the title field first, the others as 「label：value」 in brackets (or alone). */
function objectText(o: unknown, d: Omit<ValueDescription, 'unit'>, spec: HitSpec, lang: Lang): string | null {
  if (!isRecord(o) || !d.fields) return null;
  const s = SEP[lang];
  let title: string | null = null;
  const parts: string[] = [];
  for (const [key, f] of Object.entries(d.fields)) {
    const unit = f.unitFrom ? (o[f.unitFrom] as ValueUnit) : f.unit;
    const text = valueText(o[key], { ...f, unit }, spec, lang);
    if (text === null) continue;
    if (f.title && title === null) title = text;
    else parts.push(`${f.label[lang]}${s.colon}${text}`);
  }
  if (title === null) return parts.length ? parts.join(s.fields) : null;
  return parts.length ? `${title}${s.open}${parts.join(s.fields)}${s.close}` : title;
}

/** A value in its description's words, or null when it cannot be described (then it is left out, never printed raw). */
export function valueText(v: unknown, d: ValueDescription, spec: HitSpec, lang: Lang): string | null {
  if (v === null || v === undefined) return d.none ? d.none[lang] : null;
  if (d.unit === 'object') return objectText(v, d, spec, lang);
  if (d.unit === 'list') {
    if (!Array.isArray(v)) return null;
    const items = v.map((x) => (d.fields ? objectText(x, d, spec, lang) : scalar(x, 'text', d, spec, lang) ?? (typeof x === 'number' && Number.isFinite(x) ? String(x) : null)));
    // A list with an item it cannot state would mislead by omission: the whole row is left out.
    if (!items.length || items.some((x) => x === null)) return null;
    return items.join(SEP[lang].list);
  }
  return scalar(v, d.unit, d, spec, lang);
}

function row(v: unknown, d: ValueDescription | undefined): ((spec: HitSpec) => FactRow | null) | null {
  if (!d) return null;
  return (spec) => {
    const zh = valueText(v, d, spec, 'zh');
    const en = valueText(v, d, spec, 'en');
    return zh === null || en === null ? null : { label: d.label, value: { zh, en } };
  };
}

const described = (f: FactDef | undefined): ValueDescription | undefined => (f?.unit ? { ...f, unit: f.unit } : undefined);

/** A hit's inputs by name (fact id, threshold or option name, subject value key), each with its description. */
function describedInputs(inputs: unknown, spec: HitSpec): [string, FactRow][] {
  if (!isRecord(inputs)) return [];
  const wording = spec.rule?.inputs ?? {};
  const entries = (o: unknown) => (isRecord(o) ? Object.entries(o) : []);
  const makers = [
    ...entries(inputs.facts).map(([id, v]) => [id, row(v, wording[id] ?? described(spec.facts.get(id)))] as const),
    ...entries(inputs.thresholds).map(([name, v]) => [name, row(v, wording[name])] as const),
    ...entries(inputs.options).map(([name, v]) => [name, row(v, wording[name])] as const),
    ...entries(isRecord(inputs.subject) ? inputs.subject.values : null).map(([key, v]) => [key, row(v, spec.subject?.values?.[key])] as const),
  ];
  return makers.map(([name, make]) => [name, make?.(spec) ?? null] as const).filter((x): x is [string, FactRow] => x[1] !== null);
}

/**
 * A hit's inputs (rule-engine's { facts, thresholds, options?, subject? }) as labelled rows: the facts the rule
 * saw, then the thresholds and options it compared them with, then the subject's described values. Whatever has
 * no description, or a value that does not fit it, is left out.
 */
export function describeHitInputs(inputs: unknown, spec: HitSpec): FactRow[] {
  return describedInputs(inputs, spec).map(([, r]) => r);
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_.]*)\}/g;

/** The `{name}` placeholders of a rule message, in both languages. */
export function messagePlaceholders(message: LocalizedText): { zh: string[]; en: string[] } {
  const names = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
  return { zh: names(message.zh), en: names(message.en) };
}

/** The hit's inputs plus each threshold the message names that a fact or the subject source applied rather than the condition. */
export function withNamedThresholds(message: LocalizedText, inputs: Record<string, unknown>, applied: Record<string, number>): Record<string, unknown> {
  const used = isRecord(inputs.thresholds) ? inputs.thresholds : {};
  const named = messagePlaceholders(message).zh.filter((n) => n in applied && !(n in used));
  return named.length ? { ...inputs, thresholds: { ...used, ...Object.fromEntries(named.map((n) => [n, applied[n]])) } } : inputs;
}

/**
 * A rule's message with each `{name}` replaced by that input of the hit in its description's words, so a threshold
 * an institution overrode reads as it was applied (超过{maxDays}未反馈 → 超过20 天未反馈). The host checks at boot that
 * every placeholder names a described threshold, option or fact; one the hit lacks stays as written.
 */
export function fillMessage(message: LocalizedText, inputs: unknown, spec: HitSpec): LocalizedText {
  const names = messagePlaceholders(message);
  if (!names.zh.length && !names.en.length) return message;
  const values = new Map(describedInputs(inputs, spec));
  const fill = (lang: Lang) => message[lang].replace(PLACEHOLDER, (all, name: string) => values.get(name)?.value[lang] ?? all);
  return { zh: fill('zh'), en: fill('en') };
}

const trimEnd = (s: string) => s.trim().replace(/[。．.；;，,\s]+$/, '');

/** The rows as one sentence: 采购笔数：3 笔；合计金额：240,000.00 元。 ('' with no rows). */
export function factsSentence(rows: FactRow[], lang: Lang): string {
  if (!rows.length) return '';
  const s = SEP[lang];
  return rows.map((r) => `${r.label[lang]}${s.colon}${r.value[lang]}`).join(s.rows) + s.end;
}

/**
 * What a rule hit says to people: the rule's name and the matter, its message, then its facts, e.g.
 * 化整为零、拆分采购（YY-CG-2026-0450、YY-CG-2026-0467）：30天内…合计达到限额。采购笔数：3 笔；合计金额：240,000.00 元。
 * No rule id, version, level or record id: those have their own columns.
 */
export function hitText(rule: { label: LocalizedText; message: LocalizedText }, subjectLabel: string, rows: FactRow[], lang: Lang): string {
  const s = SEP[lang];
  const about = subjectLabel.trim() ? `${s.open}${subjectLabel.trim()}${s.close}` : '';
  const facts = factsSentence(rows, lang);
  return `${rule.label[lang]}${about}${s.colon}${trimEnd(rule.message[lang])}${s.end}${facts ? (lang === 'en' ? ' ' : '') + facts : ''}`;
}
