import { createHash } from 'node:crypto';
import { addDays, isoWeek, lastDayOfMonth, mondayOf, monthOf, quarterBounds, quarterOf, windowStart, yuan } from '../../plugin-api';
import type { LocalizedText, RecordGroup, RecordTypeDef, RecordWhere, SourcePeriod } from '../../plugin-api';
import type { ModelDefinition, ModelFilter, ModelWindow } from './model-definition';

/** The days a subject is measured over at `to`, and the id that makes its hit unique. */
export interface WindowSpan {
  from: string;
  to: string;
  /** Rolling: the last day (one hit per subject and day); a period: its id (one hit per subject and period). */
  id: string;
}

/** The window ending at `day`: the `days` up to it, or its month/quarter/year up to it. */
export function windowAt(w: ModelWindow, day: string): WindowSpan {
  if (w.days !== undefined) return { from: windowStart(day, w.days), to: day, id: day };
  return { ...periodAt(w.period!, day), to: day };
}

/** The whole period holding `day`, by its id (2026-05, 2026-Q2, 2026; for subject sources also 2026-W19 and the day). */
export function periodAt(period: SourcePeriod, day: string): WindowSpan {
  if (period === 'day') return { from: day, to: day, id: day };
  if (period === 'week') return { from: mondayOf(day), to: addDays(mondayOf(day), 6), id: isoWeek(day) };
  if (period === 'month') return { from: `${monthOf(day)}-01`, to: lastDayOfMonth(monthOf(day)), id: monthOf(day) };
  if (period === 'quarter') return { ...quarterBounds(quarterOf(day)), id: quarterOf(day) };
  return { from: `${day.slice(0, 4)}-01-01`, to: `${day.slice(0, 4)}-12-31`, id: day.slice(0, 4) };
}

/** Filters as a RecordWhere on top of `base`; two ranges on one field keep the narrower bounds. */
export function filtersWhere(filters: ModelFilter[], base: RecordWhere = {}): RecordWhere {
  const out: RecordWhere = { equal: { ...base.equal }, range: { ...base.range }, present: [...(base.present ?? [])] };
  for (const x of filters) {
    if (x.operator === 'equal') out.equal![x.field] = x.value!;
    else if (x.operator === 'in') out.equal![x.field] = x.values!;
    else if (x.operator === 'present') out.present!.push(x.field);
    else out.range![x.field] = narrower(out.range![x.field], { from: x.from, to: x.to });
  }
  return out;
}

type Bounds = { from?: string | number; to?: string | number };
function narrower(a: Bounds | undefined, b: Bounds): Bounds {
  if (!a) return b;
  const from = a.from === undefined ? b.from : b.from === undefined ? a.from : a.from > b.from ? a.from : b.from;
  const to = a.to === undefined ? b.to : b.to === undefined ? a.to : a.to < b.to ? a.to : b.to;
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

/** The model's records in a window (optionally of one group): its filters, the window's days, its group fields filled in. */
export function modelWhere(d: ModelDefinition, span: { from: string; to: string }, group?: Record<string, unknown>): RecordWhere {
  const where = filtersWhere(d.filters, { range: { [d.window.field]: { from: span.from, to: span.to } }, present: [...d.groupBy] });
  for (const [k, v] of Object.entries(group ?? {})) where.equal![k] = v as string | number | boolean;
  return where;
}

/** Whether a saved record's values pass the filters: only such a record is a day a subject is measured at. */
export function matchesFilters(filters: ModelFilter[], values: Record<string, unknown>): boolean {
  return filters.every((x) => {
    const v = values[x.field];
    if (x.operator === 'present') return v !== null && v !== undefined && v !== '';
    if (v === null || v === undefined) return false;
    if (x.operator === 'equal') return v === x.value;
    if (x.operator === 'in') return x.values!.includes(v as string | number);
    return (x.from === undefined || (v as string | number) >= x.from) && (x.to === undefined || (v as string | number) <= x.to);
  });
}

/** What was measured for one subject. */
export interface Measured {
  count: number;
  sum?: number;
  max?: number | null;
  distinct?: number;
  share?: number;
  /** The measure's value, compared with the threshold. */
  value: number;
}

/** One subject that passes the threshold: its group values, the window it was measured over, the values measured. */
export interface ModelSubject {
  group: Record<string, string | number | boolean | null>;
  window: WindowSpan;
  measured: Measured;
}

/** Per-day aggregates of one group (SQL's GROUP BY group fields and day), measured over sliding or period windows. */
interface Day {
  day: string;
  count: number;
  sum: number;
  max: number | null;
  values: Set<string>;
  partCount: number;
  partSum: number;
}

/**
 * The subjects over the threshold among the days `from`..`to` that hold a matching record, from grouped rows: `whole`
 * grouped by the group fields and the day (and the distinct field), `part` likewise for a share. Rows are aggregates
 * (one per group, day and value), never records.
 */
export function subjectsFromDays(d: ModelDefinition, whole: RecordGroup[], part: RecordGroup[], from: string, to: string): ModelSubject[] {
  const groups = new Map<string, { group: ModelSubject['group']; days: Map<string, Day> }>();
  const dayOf = (g: RecordGroup) => {
    const group = Object.fromEntries(d.groupBy.map((k) => [k, g.by[k] as string | number | null]));
    const key = JSON.stringify(d.groupBy.map((k) => g.by[k]));
    const entry = groups.get(key) ?? { group, days: new Map<string, Day>() };
    groups.set(key, entry);
    const day = String(g.by[d.window.field]);
    const found = entry.days.get(day) ?? { day, count: 0, sum: 0, max: null, values: new Set<string>(), partCount: 0, partSum: 0 };
    entry.days.set(day, found);
    return found;
  };
  for (const g of whole) {
    const x = dayOf(g);
    x.count += g.count;
    x.sum += g.sum;
    if (typeof g.max === 'number' && (x.max === null || g.max > x.max)) x.max = g.max;
    if (d.measure.kind === 'distinct' && g.by[d.measure.field!] !== null) x.values.add(String(g.by[d.measure.field!]));
  }
  for (const g of part) {
    const x = dayOf(g);
    x.partCount += g.count;
    x.partSum += g.sum;
  }
  const out: ModelSubject[] = [];
  for (const { group, days } of groups.values()) {
    const sorted = [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
    const raised = new Set<string>();
    let left = 0;
    for (let i = 0; i < sorted.length; i++) {
      const anchor = sorted[i];
      if (anchor.day < from || anchor.day > to || !anchor.count) continue;
      const window = windowAt(d.window, anchor.day);
      if (raised.has(window.id)) continue;
      while (sorted[left].day < window.from) left++;
      const inside = sorted.slice(left, i + 1);
      const measured = measure(d, {
        count: inside.reduce((n, x) => n + x.count, 0),
        sum: inside.reduce((n, x) => n + x.sum, 0),
        max: inside.reduce<number | null>((n, x) => (x.max !== null && (n === null || x.max > n) ? x.max : n), null),
        distinct: new Set(inside.flatMap((x) => [...x.values])).size,
        partCount: inside.reduce((n, x) => n + x.partCount, 0),
        partSum: inside.reduce((n, x) => n + x.partSum, 0),
      });
      if (measured.value > d.threshold) {
        raised.add(window.id);
        out.push({ group, window, measured });
      }
    }
  }
  return out.sort((a, b) => a.window.to.localeCompare(b.window.to) || subjectKey(a).localeCompare(subjectKey(b)));
}

/** The measure's value from the window's totals (a share in percent to one decimal). */
export function measure(d: ModelDefinition, t: { count: number; sum: number; max: number | null; distinct: number; partCount: number; partSum: number }): Measured {
  switch (d.measure.kind) {
    case 'count':
      return { count: t.count, value: t.count };
    case 'sum':
      return { count: t.count, sum: t.sum, value: t.sum };
    case 'max':
      return { count: t.count, max: t.max, value: t.max ?? 0 };
    case 'distinct':
      return { count: t.count, distinct: t.distinct, value: t.distinct };
    case 'share': {
      const [part, whole] = d.measure.field ? [t.partSum, t.sum] : [t.partCount, t.count];
      const share = whole > 0 ? Math.round((part * 1000) / whole) / 10 : 0;
      return { count: t.count, ...(d.measure.field ? { sum: t.sum } : {}), share, value: share };
    }
  }
}

/** What makes a hit unique for the model: the group's values and the window's id (hashed when too long for the column). */
export function subjectKey(s: Pick<ModelSubject, 'group' | 'window'>): string {
  const key = `${Object.values(s.group).map((v) => String(v)).join('|')}@${s.window.id}`;
  return key.length <= 180 ? key : `${key.slice(0, 140)}#${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

type Lang = keyof LocalizedText;

/** A group value as people read it: an option by its label, anything else as stored. */
function groupText(def: RecordTypeDef, key: string, v: unknown, lang: Lang): string {
  const f = def.fields.find((x) => x.key === key);
  const option = f?.options?.find((o) => o.value === v);
  if (option) return option.label[lang];
  if (typeof v === 'boolean') return v ? { zh: '是', en: 'Yes' }[lang] : { zh: '否', en: 'No' }[lang];
  return String(v ?? '');
}

const trimmed = (n: number) => String(Math.round(n * 10) / 10);

/** The values a message's placeholders take for one subject (see modelPlaceholders). */
export function placeholderValues(d: ModelDefinition, def: RecordTypeDef, s: ModelSubject, lang: Lang): Record<string, string> {
  const money = def.fields.find((f) => f.key === d.measure.field)?.type === 'money' && (d.measure.kind === 'sum' || d.measure.kind === 'max');
  const m = s.measured;
  const out: Record<string, string> = {
    threshold: money ? yuan(d.threshold) : trimmed(d.threshold),
    value: money ? yuan(m.value) : trimmed(m.value),
    count: String(m.count),
    windowFrom: s.window.from,
    windowTo: s.window.to,
    ...(d.window.days !== undefined ? { windowDays: String(d.window.days) } : { period: s.window.id }),
  };
  if (money) Object.assign(out, { amountYuan: yuan(m.value), thresholdYuan: yuan(d.threshold) });
  else if (m.sum !== undefined) out.sum = trimmed(m.sum);
  if (m.max !== undefined && !money) out.max = trimmed(m.max ?? 0);
  if (m.distinct !== undefined) out.distinct = String(m.distinct);
  if (m.share !== undefined) out.share = trimmed(m.share);
  for (const k of d.groupBy) out[k] = groupText(def, k, s.group[k], lang);
  if (d.personField) out.person = String(s.group[d.personField] ?? '');
  return out;
}

/** The model's message for one subject, its placeholders filled in each language. */
export function modelMessage(d: ModelDefinition, def: RecordTypeDef, s: ModelSubject): LocalizedText {
  const fill = (lang: Lang) => {
    const values = placeholderValues(d, def, s, lang);
    return d.message[lang].replace(/\{([A-Za-z][A-Za-z0-9_.]*)\}/g, (all, name: string) => values[name] ?? all);
  };
  return { zh: fill('zh'), en: fill('en') };
}

/** Who or what the hit is about: the group's values and the window, e.g. 吴文静（2026-05-03至2026-06-01）. */
export function subjectLabel(d: ModelDefinition, def: RecordTypeDef, s: ModelSubject): string {
  const who = d.groupBy.map((k) => groupText(def, k, s.group[k], 'zh')).join('、');
  return `${who}${who ? '（' : ''}${s.window.from}至${s.window.to}${who ? '）' : ''}`.slice(0, 200);
}
