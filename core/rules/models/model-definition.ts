import type { AggregateFilter, AggregateMeasure, FieldDef, FieldType, FilterOperator, LocalizedText, MeasureKind, RecordTypeDef, RuleLevel, SourcePeriod, WindowPeriod } from '../../plugin-api';

/**
 * A warning model (监督模型) as data: an aggregate over one plugin record type that an implementer or a discipline
 * officer defines without a release. Validated here (API, import and institution YAML alike), compiled to SQL in
 * model-compile.ts.
 */
export interface ModelDefinition {
  /** Stable key within the institution: hits carry it as rule id `<plugin>/model.<id>`. */
  id: string;
  name: LocalizedText;
  pluginId: string;
  recordType: string;
  filters: ModelFilter[];
  /** Fields whose values make one subject (a buyer, a supplier and a category); empty: the institution as a whole. */
  groupBy: string[];
  window: ModelWindow;
  measure: ModelMeasure;
  /** A hit when the measured value is greater than this (count, fen, percent for a share). */
  threshold: number;
  level: RuleLevel;
  /** A group field naming the person concerned (its value is kept with the hit). */
  personField?: string;
  /** `{count}`, `{amountYuan}`, `{threshold}`, `{windowDays}`, a group field's key... (see modelPlaceholders). */
  message: LocalizedText;
}

export type { FilterOperator, MeasureKind, WindowPeriod };
export type ModelFilter = AggregateFilter;

/** The records counted for a subject at a day: the `days` up to it, or its month/quarter/year up to it. */
export interface ModelWindow {
  field: string;
  days?: number;
  period?: WindowPeriod;
}

/** A model's measure: a subject source's without `within` (a model's share is of a part of its own group). */
export type ModelMeasure = Omit<AggregateMeasure, 'within'>;

export const LEVELS: RuleLevel[] = ['blue', 'yellow', 'red'];
export const OPERATORS: FilterOperator[] = ['equal', 'in', 'range', 'present'];
export const MEASURES: MeasureKind[] = ['count', 'sum', 'max', 'distinct', 'share'];
export const PERIODS: WindowPeriod[] = ['month', 'quarter', 'year'];
const SOURCE_PERIODS: SourcePeriod[] = [...PERIODS, 'week', 'day'];
export const MAX_WINDOW_DAYS = 3660;

/** What a field can do in a model, by its type; null: not usable (lists, rows). */
type FieldKind = 'text' | 'enum' | 'reference' | 'boolean' | 'date' | 'number';
const KINDS: Partial<Record<FieldType, FieldKind>> = { string: 'text', text: 'text', enum: 'enum', reference: 'reference', boolean: 'boolean', date: 'date', money: 'number', integer: 'number', decimal: 'number' };
const OPERATORS_BY_KIND: Record<FieldKind, FilterOperator[]> = {
  text: ['equal', 'in', 'present'],
  enum: ['equal', 'in', 'present'],
  reference: ['equal', 'in', 'present'],
  boolean: ['equal', 'present'],
  date: ['range', 'present'],
  number: ['range', 'present'],
};

/** A field as a model may use it: the operators that fit its type, whether it can group, be measured or be a window. */
export interface FieldUse {
  key: string;
  type: FieldType;
  label: LocalizedText;
  operators: FilterOperator[];
  measures: MeasureKind[];
  groupable: boolean;
  window: boolean;
  personField: boolean;
  options?: { value: string; label: LocalizedText }[];
}

/** How a model may use the field; null when it may not at all (a sensitive field, a list). */
export function fieldUse(f: FieldDef): FieldUse | null {
  const kind = KINDS[f.type];
  if (!kind || f.sensitive) return null;
  const measures: MeasureKind[] = kind === 'number' ? ['sum', 'max', 'distinct', 'share'] : kind === 'boolean' ? [] : ['distinct'];
  return {
    key: f.key,
    type: f.type,
    label: f.label,
    operators: OPERATORS_BY_KIND[kind],
    measures,
    groupable: f.type !== 'text' && f.type !== 'decimal' && f.type !== 'money',
    window: kind === 'date',
    personField: f.type === 'string',
    ...(f.options ? { options: f.options.map((o) => ({ value: o.value, label: o.label })) } : {}),
  };
}

/** One refusal: the exact part (`filters[1].operator`) and a message key of models.i18n.ts with its parameters. */
export interface ModelProblem {
  field: string;
  key: string;
  params?: Record<string, unknown>;
}

/** The record types a model may read: the institution's enabled plugins. */
export interface ModelScope {
  plugins: { id: string; recordTypes?: RecordTypeDef[] }[];
}

const ID = /^[a-z0-9][a-z0-9-]{1,47}$/;
const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_.]*)\}/g;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const TOP_KEYS = ['id', 'name', 'pluginId', 'recordType', 'filters', 'groupBy', 'window', 'measure', 'threshold', 'level', 'personField', 'message'];

/** The placeholders a model's message may name: the threshold, what was measured, the window and the group's values. */
export function modelPlaceholders(d: Pick<ModelDefinition, 'measure' | 'window' | 'groupBy' | 'personField'>, def: RecordTypeDef): string[] {
  const out = ['threshold', 'value', 'count', 'windowFrom', 'windowTo'];
  out.push(d.window.days !== undefined ? 'windowDays' : 'period');
  const measured = d.measure.field ? def.fields.find((f) => f.key === d.measure.field) : undefined;
  if ((d.measure.kind === 'sum' || d.measure.kind === 'max') && measured) out.push(...(measured.type === 'money' ? ['amountYuan', 'thresholdYuan'] : [d.measure.kind]));
  if (d.measure.kind === 'distinct') out.push('distinct');
  if (d.measure.kind === 'share') out.push('share');
  if (d.personField) out.push('person');
  return [...out, ...d.groupBy];
}

/**
 * Checks a model against the institution's enabled plugins; the problems name the exact part. An empty list means
 * `raw` is a valid ModelDefinition.
 */
export function validateModel(raw: unknown, scope: ModelScope): ModelProblem[] {
  const out: ModelProblem[] = [];
  const bad = (field: string, key: string, params?: Record<string, unknown>) => void out.push({ field, key, ...(params ? { params } : {}) });
  if (!isObj(raw)) return [{ field: '(model)', key: 'validation.object' }];
  for (const k of Object.keys(raw)) if (!TOP_KEYS.includes(k)) bad(k, 'validation.unknown_field');
  if (typeof raw.id !== 'string' || !ID.test(raw.id)) bad('id', typeof raw.id === 'string' ? 'validation.pattern' : 'validation.required');
  text(raw.name, 'name', 120, bad);
  text(raw.message, 'message', 500, bad);
  if (!LEVELS.includes(raw.level as RuleLevel)) bad('level', 'validation.enum', { values: LEVELS.join(', ') });
  const plugin = scope.plugins.find((p) => p.id === raw.pluginId);
  if (!plugin) {
    bad('pluginId', 'model.unknown_plugin', { plugin: String(raw.pluginId ?? '') });
    return out;
  }
  const def = plugin.recordTypes?.find((t) => t.id === raw.recordType);
  if (!def) {
    bad('recordType', 'model.unknown_record_type', { type: String(raw.recordType ?? ''), plugin: plugin.id });
    return out;
  }
  const { measuredType, groupBy } = checkAggregate(raw, def, bad, false);
  if (isObj(raw.measure)) checkThreshold(raw.threshold, raw.measure.kind as MeasureKind, measuredType, bad);
  if (raw.personField !== undefined) {
    const u = fieldChecker(def, bad)(raw.personField, 'personField', (x) => x.personField, 'person');
    if (u && !groupBy.includes(raw.personField)) bad('personField', 'model.person_grouped');
  }
  // Placeholders are checked once the parts they depend on are sound: an unknown one is then the message's fault.
  if (!out.length) {
    const allowed = modelPlaceholders(raw as unknown as ModelDefinition, def);
    for (const lang of ['zh', 'en'] as const) {
      for (const [, name] of (raw.message as LocalizedText)[lang].matchAll(PLACEHOLDER)) if (!allowed.includes(name)) bad(`message.${lang}`, 'model.unknown_placeholder', { name, allowed: allowed.map((a) => `{${a}}`).join(' ') });
    }
  }
  return out;
}

type Bad = (f: string, k: string, p?: Record<string, unknown>) => void;

/** A field by key, usable as `use` requires; a problem at `at` otherwise. */
function fieldChecker(def: RecordTypeDef, bad: Bad) {
  return (key: unknown, at: string, need?: (u: FieldUse) => boolean, use?: string): FieldUse | null => {
    if (typeof key !== 'string' || !key) return bad(at, 'validation.required'), null;
    const f = def.fields.find((x) => x.key === key);
    if (!f) return bad(at, 'model.unknown_field', { name: key, type: def.id }), null;
    const u = fieldUse(f);
    if (!u || (need && !need(u))) return bad(at, 'model.field_unfit', { name: key, fieldType: f.type, use: use ?? '' }), null;
    return u;
  };
}

/**
 * The aggregate part of a model or of a plugin's subject source (filters, groupBy, window, measure), checked against its
 * record type. A subject source (`source`) may take its window days from a rule threshold and measure a share `within`.
 */
export function checkAggregate(raw: Record<string, unknown>, def: RecordTypeDef, bad: Bad, source: boolean): { measuredType?: FieldType; groupBy: unknown[] } {
  const field = fieldChecker(def, bad);
  const filters = (list: unknown, at: string) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) return bad(at, 'validation.array');
    list.forEach((x, i) => checkFilter(x, `${at}[${i}]`, def, field, bad));
  };
  filters(raw.filters, 'filters');
  const groupBy = Array.isArray(raw.groupBy) ? raw.groupBy : raw.groupBy === undefined ? [] : (bad('groupBy', 'validation.array'), []);
  groupBy.forEach((k, i) => field(k, `groupBy[${i}]`, (u) => u.groupable, 'group'));
  if (new Set(groupBy).size !== groupBy.length) bad('groupBy', 'model.duplicate');
  const w = raw.window;
  if (!isObj(w)) bad('window', 'model.window_field');
  else {
    if (w.field === undefined) bad('window.field', 'model.window_field');
    else field(w.field, 'window.field', (u) => u.window, 'window');
    const hasDays = w.days !== undefined;
    const fromThreshold = source && isObj(w.days) && typeof w.days.threshold === 'string' && Object.keys(w.days).length === 1;
    const periods: SourcePeriod[] = source ? SOURCE_PERIODS : PERIODS;
    if (hasDays === (w.period !== undefined)) bad('window', 'model.window_span');
    else if (hasDays && !fromThreshold && (!Number.isInteger(w.days) || (w.days as number) < 1 || (w.days as number) > MAX_WINDOW_DAYS)) bad('window.days', 'model.integer_between', { min: 1, max: MAX_WINDOW_DAYS });
    else if (!hasDays && !periods.includes(w.period as SourcePeriod)) bad('window.period', 'validation.enum', { values: periods.join(', ') });
    // Every period since the first record, empty ones too: one subject per period, so no group fields.
    if (source && w.sinceFirst !== undefined && (w.sinceFirst !== true || hasDays || groupBy.length)) bad('window.sinceFirst', 'model.since_first');
    for (const k of Object.keys(w)) if (!['field', 'days', 'period', ...(source ? ['sinceFirst'] : [])].includes(k)) bad(`window.${k}`, 'validation.unknown_field');
  }
  const m = raw.measure;
  let measuredType: FieldType | undefined;
  if (!isObj(m) || !MEASURES.includes(m.kind as MeasureKind)) bad(isObj(m) ? 'measure.kind' : 'measure', 'validation.enum', { values: MEASURES.join(', ') });
  else {
    const kind = m.kind as MeasureKind;
    const within = source && m.within !== undefined;
    if (kind === 'count' && m.field !== undefined) bad('measure.field', 'model.measure_no_field');
    if (kind === 'sum' || kind === 'max' || kind === 'distinct' || (kind === 'share' && m.field !== undefined)) measuredType = field(m.field, 'measure.field', (u) => u.measures.includes(kind), kind)?.type;
    if (within) {
      // The whole is a coarser group than the subject's: some, not all, of its group fields.
      const fit = kind === 'share' && m.part === undefined && Array.isArray(m.within) && m.within.length < groupBy.length && m.within.every((k) => groupBy.includes(k));
      if (!fit) bad('measure.within', 'model.share_within');
    } else if (kind === 'share') {
      if (!Array.isArray(m.part) || !m.part.length) bad('measure.part', 'model.share_part');
      else filters(m.part, 'measure.part');
    } else if (m.part !== undefined) bad('measure.part', 'model.share_only');
    for (const k of Object.keys(m)) if (!['kind', 'field', 'part', ...(source ? ['within'] : [])].includes(k)) bad(`measure.${k}`, 'validation.unknown_field');
  }
  return { measuredType, groupBy };
}

function text(v: unknown, at: string, max: number, bad: (f: string, k: string, p?: Record<string, unknown>) => void): void {
  if (!isObj(v)) return bad(at, 'validation.required');
  for (const lang of ['zh', 'en']) {
    const s = v[lang];
    if (typeof s !== 'string' || !s.trim()) bad(`${at}.${lang}`, 'validation.required');
    else if (s.length > max) bad(`${at}.${lang}`, 'validation.max_length', { max });
    // Shown on the board and in documents: no control characters (line breaks included), as every other text input.
    else if (/[\u0000-\u001f\u007f]/.test(s)) bad(`${at}.${lang}`, 'validation.control_chars');
  }
}

function checkFilter(x: unknown, at: string, def: RecordTypeDef, field: (k: unknown, at: string) => FieldUse | null, bad: (f: string, k: string, p?: Record<string, unknown>) => void): void {
  if (!isObj(x)) return bad(at, 'validation.object');
  const u = field(x.field, `${at}.field`);
  const op = x.operator as FilterOperator;
  if (!OPERATORS.includes(op)) return bad(`${at}.operator`, 'validation.enum', { values: OPERATORS.join(', ') });
  if (!u) return;
  if (!u.operators.includes(op)) return bad(`${at}.operator`, 'model.operator_unfit', { operator: op, name: u.key, fieldType: u.type, allowed: u.operators.join(', ') });
  const f = def.fields.find((y) => y.key === u.key)!;
  const fits = (v: unknown) => valueFits(f, v);
  if (op === 'equal' && !fits(x.value)) bad(`${at}.value`, 'model.value_unfit', { name: u.key, fieldType: f.type });
  if (op === 'in') {
    if (!Array.isArray(x.values) || !x.values.length) bad(`${at}.values`, 'validation.array');
    else x.values.forEach((v, i) => fits(v) || bad(`${at}.values[${i}]`, 'model.value_unfit', { name: u.key, fieldType: f.type }));
  }
  if (op === 'range') {
    if (x.from === undefined && x.to === undefined) bad(at, 'model.range_bound');
    for (const k of ['from', 'to'] as const) if (x[k] !== undefined && !fits(x[k])) bad(`${at}.${k}`, 'model.value_unfit', { name: u.key, fieldType: f.type });
  }
  const allowedKeys = { equal: ['value'], in: ['values'], range: ['from', 'to'], present: [] }[op];
  for (const k of Object.keys(x)) if (!['field', 'operator', ...allowedKeys].includes(k)) bad(`${at}.${k}`, 'validation.unknown_field');
}

/** A filter value of the field's type: an option of an enum, a record id, fen as an integer, an ISO day. */
function valueFits(f: FieldDef, v: unknown): boolean {
  switch (f.type) {
    case 'enum':
      return typeof v === 'string' && !!f.options?.some((o) => o.value === v);
    case 'string':
    case 'text':
      return typeof v === 'string' && v.length <= 200;
    case 'reference':
    case 'money':
    case 'integer':
      return Number.isInteger(v);
    case 'decimal':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'date':
      return typeof v === 'string' && ISO_DAY.test(v);
    default:
      return false;
  }
}

/** Counts and fen are whole numbers; a share is a percent 0..100; decimals any number not below 0. */
function checkThreshold(v: unknown, kind: MeasureKind, measured: FieldType | undefined, bad: (f: string, k: string, p?: Record<string, unknown>) => void): void {
  const whole = kind === 'count' || kind === 'distinct' || measured === 'money' || measured === 'integer';
  const ok = typeof v === 'number' && Number.isFinite(v) && v >= 0 && (!whole || Number.isInteger(v)) && (kind !== 'share' || v <= 100);
  if (!ok) bad('threshold', kind === 'share' ? 'model.threshold_percent' : whole ? (measured === 'money' ? 'model.threshold_fen' : 'model.threshold_whole') : 'model.threshold_number');
}
