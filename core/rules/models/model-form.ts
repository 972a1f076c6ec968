import { fenFromYuan, yuanInput } from '../../plugin-api';
import type { FieldDef, RecordTypeDef } from '../../plugin-api';
import { fieldUse, type FilterOperator, type ModelDefinition, type ModelFilter, type ModelProblem, OPERATORS, PERIODS, type WindowPeriod } from './model-definition';

/**
 * The model form as posted and shown: every input as the text it holds. A filter row's condition is one choice of
 * field and operator (`method:in`), or of field and value for an option (`method:equal:single-source`), so the screen
 * offers only what fits each field's type; amounts are typed in yuan, shares in percent.
 */
export interface FilterRowState {
  cond: string;
  value: string;
  to: string;
}

export interface ModelFormState {
  id: string;
  nameZh: string;
  nameEn: string;
  filters: FilterRowState[];
  part: FilterRowState[];
  groupBy: string[];
  personField: string;
  windowField: string;
  windowKind: string;
  windowDays: string;
  measure: string;
  threshold: string;
  level: string;
  messageZh: string;
  messageEn: string;
}

const SPLIT = /[、,，;；\s]+/;
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const blank = (r: FilterRowState) => !r.cond;

/** The posted form's rows `<prefix><i>.cond|value|to`, empty ones dropped (their indexes then match the definition's). */
function rowsOf(form: Record<string, unknown>, prefix: string): FilterRowState[] {
  const idx = new Set(Object.keys(form).map((k) => new RegExp(`^${prefix}(\\d{1,2})\\.`).exec(k)?.[1]).filter((x): x is string => !!x));
  return [...idx]
    .map(Number)
    .sort((a, b) => a - b)
    .map((i) => ({ cond: text(form[`${prefix}${i}.cond`]), value: text(form[`${prefix}${i}.value`]), to: text(form[`${prefix}${i}.to`]) }))
    .filter((r) => !blank(r));
}

/** The posted form as its state (group fields are checkboxes named `group:<key>`). */
export function stateFromForm(form: Record<string, unknown>): ModelFormState {
  return {
    id: text(form.id),
    nameZh: text(form.nameZh),
    nameEn: text(form.nameEn),
    filters: rowsOf(form, 'f'),
    part: rowsOf(form, 'p'),
    groupBy: Object.keys(form)
      .filter((k) => k.startsWith('group:') && form[k])
      .map((k) => k.slice('group:'.length)),
    personField: text(form.personField),
    windowField: text(form.windowField),
    windowKind: text(form.windowKind) || 'days',
    windowDays: text(form.windowDays),
    measure: text(form.measure) || 'count',
    threshold: text(form.threshold),
    level: text(form.level),
    messageZh: text(form.messageZh),
    messageEn: text(form.messageEn),
  };
}

/** A new model's starting form: counting records of the type, its first date field as the window. */
export function blankState(def: RecordTypeDef): ModelFormState {
  const date = def.fields.find((f) => fieldUse(f)?.window);
  return { id: '', nameZh: '', nameEn: '', filters: [], part: [], groupBy: [], personField: '', windowField: date?.key ?? '', windowKind: 'days', windowDays: '30', measure: 'count', threshold: '', level: 'yellow', messageZh: '', messageEn: '' };
}

/** A definition's measure as the form's one choice: `count`, `sum:totalFen`, `share`. */
export const measureChoice = (m: ModelDefinition['measure']): string => (m.field ? `${m.kind}:${m.field}` : m.kind);

/** Whether the measure sums or takes the largest of a money field: its threshold is then typed in yuan. */
export function moneyMeasure(measure: string, def: RecordTypeDef): boolean {
  const [kind, field] = measure.split(':');
  return (kind === 'sum' || kind === 'max') && def.fields.find((f) => f.key === field)?.type === 'money';
}

/**
 * The state as a definition for validateModel, and the problems only the form can see (an amount that is not yuan):
 * anything else malformed is passed on as typed, for validateModel to name the exact part.
 */
export function definitionFromState(s: ModelFormState, pluginId: string, def: RecordTypeDef): { definition: Record<string, unknown>; problems: ModelProblem[] } {
  const problems: ModelProblem[] = [];
  const filters = (rows: FilterRowState[], at: string) => rows.map((r, i) => filterFromRow(r, def, `${at}[${i}]`, problems));
  const [kind, field] = s.measure.split(':');
  const measure: Record<string, unknown> = { kind, ...(field ? { field } : {}) };
  if (kind === 'share') measure.part = filters(s.part, 'measure.part');
  const period = PERIODS.includes(s.windowKind as WindowPeriod);
  const definition: Record<string, unknown> = {
    id: s.id,
    name: { zh: s.nameZh, en: s.nameEn || s.nameZh },
    pluginId,
    recordType: def.id,
    filters: filters(s.filters, 'filters'),
    groupBy: s.groupBy,
    window: { field: s.windowField, ...(period ? { period: s.windowKind } : { days: s.windowDays === '' ? undefined : Number(s.windowDays) }) },
    measure,
    threshold: thresholdFrom(s, def, problems),
    level: s.level,
    ...(s.personField ? { personField: s.personField } : {}),
    message: { zh: s.messageZh, en: s.messageEn || s.messageZh },
  };
  return { definition, problems };
}

function thresholdFrom(s: ModelFormState, def: RecordTypeDef, problems: ModelProblem[]): number | string {
  if (s.threshold === '') return '';
  if (!moneyMeasure(s.measure, def)) return Number(s.threshold.replace(/[,，%％]/g, ''));
  const fen = fenFromYuan(s.threshold);
  if (fen === null) problems.push({ field: 'threshold', key: 'validation.money' });
  return fen ?? s.threshold;
}

/** One row as a filter: values parsed by the field's type (options by value or label, amounts from yuan). */
function filterFromRow(r: FilterRowState, def: RecordTypeDef, at: string, problems: ModelProblem[]): ModelFilter {
  const [key, op, ...rest] = r.cond.split(':');
  const f = def.fields.find((x) => x.key === key);
  const operator = op as FilterOperator;
  const parse = (typed: string, part: string) => parseValue(f, typed, `${at}.${part}`, problems);
  if (operator === 'equal') return { field: key, operator, value: rest.length ? optionValue(f, rest.join(':')) : parse(r.value, 'value') };
  if (operator === 'in') return { field: key, operator, values: r.value.split(SPLIT).filter(Boolean).map((v, i) => parse(v, `values[${i}]`)) as (string | number)[] };
  if (operator === 'range') return { field: key, operator, ...(r.value ? { from: parse(r.value, 'from') as string | number } : {}), ...(r.to ? { to: parse(r.to, 'to') as string | number } : {}) };
  return { field: key, operator };
}

/** A value chosen with the condition: an option's value, or a yes/no. */
function optionValue(f: FieldDef | undefined, v: string): string | boolean {
  return f?.type === 'boolean' ? v === 'true' : v;
}

function parseValue(f: FieldDef | undefined, typed: string, at: string, problems: ModelProblem[]): string | number | boolean {
  switch (f?.type) {
    case 'enum':
      return f.options?.find((o) => o.value === typed || o.label.zh === typed || o.label.en === typed)?.value ?? typed;
    case 'money': {
      const fen = fenFromYuan(typed);
      if (fen === null) problems.push({ field: at, key: 'validation.money' });
      return fen ?? typed;
    }
    case 'integer':
    case 'decimal':
    case 'reference':
      return typed === '' || Number.isNaN(Number(typed)) ? typed : Number(typed);
    default:
      return typed;
  }
}

/** A stored definition as the form shows it, for a change. */
export function stateFromDefinition(d: ModelDefinition, def: RecordTypeDef): ModelFormState {
  const rows = (list: ModelFilter[]) => list.map((x) => rowFromFilter(x, def));
  const measure = measureChoice(d.measure);
  return {
    id: d.id,
    nameZh: d.name.zh,
    nameEn: d.name.en === d.name.zh ? '' : d.name.en,
    filters: rows(d.filters),
    part: rows(d.measure.part ?? []),
    groupBy: [...d.groupBy],
    personField: d.personField ?? '',
    windowField: d.window.field,
    windowKind: d.window.period ?? 'days',
    windowDays: d.window.days === undefined ? '' : String(d.window.days),
    measure,
    threshold: moneyMeasure(measure, def) ? yuanInput(d.threshold) : String(d.threshold),
    level: d.level,
    messageZh: d.message.zh,
    messageEn: d.message.en === d.message.zh ? '' : d.message.en,
  };
}

function rowFromFilter(x: ModelFilter, def: RecordTypeDef): FilterRowState {
  const f = def.fields.find((y) => y.key === x.field);
  const shown = (v: unknown) => (f?.type === 'money' && typeof v === 'number' ? yuanInput(v) : f?.type === 'enum' ? (f.options?.find((o) => o.value === v)?.label.zh ?? String(v)) : String(v ?? ''));
  if (x.operator === 'equal' && (f?.type === 'enum' || f?.type === 'boolean')) return { cond: `${x.field}:equal:${String(x.value)}`, value: '', to: '' };
  if (x.operator === 'equal') return { cond: `${x.field}:equal`, value: shown(x.value), to: '' };
  if (x.operator === 'in') return { cond: `${x.field}:in`, value: (x.values ?? []).map(shown).join('、'), to: '' };
  if (x.operator === 'range') return { cond: `${x.field}:range`, value: x.from === undefined ? '' : shown(x.from), to: x.to === undefined ? '' : shown(x.to) };
  return { cond: `${x.field}:${x.operator}`, value: '', to: '' };
}

/** The conditions a row may choose for the record type: each usable field with each operator that fits it. */
export function conditionChoices(def: RecordTypeDef): { value: string; field: FieldDef; operator: FilterOperator; option?: { value: string; label: FieldDef['label'] } }[] {
  const out: ReturnType<typeof conditionChoices> = [];
  for (const f of def.fields) {
    const u = fieldUse(f);
    if (!u) continue;
    for (const operator of OPERATORS.filter((o) => u.operators.includes(o))) {
      const options = operator === 'equal' ? (f.type === 'boolean' ? [{ value: 'true', label: { zh: '是', en: 'yes' } }, { value: 'false', label: { zh: '否', en: 'no' } }] : f.options) : undefined;
      if (options) for (const o of options) out.push({ value: `${f.key}:equal:${o.value}`, field: f, operator, option: { value: o.value, label: o.label } });
      else out.push({ value: `${f.key}:${operator}`, field: f, operator });
    }
  }
  return out;
}
