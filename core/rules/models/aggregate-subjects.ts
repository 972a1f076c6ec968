import { addDays, chinesePeriod, today, windowStart } from '../../plugin-api';
import type { AggregateSourceDef, AggregateSubjectsDef, FactContext, PluginRecordView, RecordGroup, RecordQuery, RecordTypeDef, RecordWhere, RuleSubject, SubjectSourceDef } from '../../plugin-api';
import { filtersWhere, matchesFilters, periodAt, type WindowSpan } from './model-compile';
import { checkAggregate, type ModelProblem } from './model-definition';

type GroupValue = string | number | boolean;

/** One subject's totals: its own records, and for a share the part of them or the whole around them. */
interface Cell {
  group: Record<string, GroupValue>;
  window: WindowSpan;
  count: number;
  sum: number;
  max: number | null;
  distinct: Set<string>;
  part: { count: number; sum: number };
}

const NUMERIC = ['reference', 'integer', 'money', 'decimal'];
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * A subject source declared as data, as the rule engine runs any source: `list` one grouped query per part of the
 * measure (SQL through the type's indexes), `around` the saved record's own subject in one or two indexed totals.
 */
export function aggregateSource(src: AggregateSourceDef, types: RecordTypeDef[]): SubjectSourceDef {
  const a = src.aggregate;
  const def = types.find((t) => t.id === a.recordType);
  if (!def) throw new Error(`subject source "${src.id}": unknown record type "${a.recordType}"`);
  const run = new Compiled(src.id, a, def);
  return { id: src.id, label: src.label, values: src.values, list: (ctx) => run.list(ctx), around: (ctx) => run.around(ctx, ctx.record) };
}

/** What is wrong with a plugin's aggregate source, as readable lines (the plugin then refuses to load). */
export function aggregateSourceProblems(src: AggregateSourceDef, types: RecordTypeDef[]): string[] {
  const def = types.find((t) => t.id === src.aggregate.recordType);
  if (!def) return [`unknown record type "${src.aggregate.recordType}"`];
  const out: ModelProblem[] = [];
  const a = src.aggregate;
  checkAggregate(a as unknown as Record<string, unknown>, def, (field, key, params) => void out.push({ field, key, ...(params ? { params } : {}) }), true);
  const lines = out.map((p) => `${p.field}: ${p.key}${p.params ? ` ${JSON.stringify(p.params)}` : ''}`);
  const named = [...a.label.matchAll(PLACEHOLDER)].map((x) => x[1]);
  for (const n of named) if (n !== 'period' && n !== 'span' && !a.groupBy.includes(n)) lines.push(`label names {${n}}, neither a group field nor {period} or {span}`);
  if ((named.includes('period') || named.includes('span')) && !a.window.period) lines.push('label names {period} or {span} but the window is in days');
  if (a.key !== undefined && (!a.window.period || !a.key.includes('{period}') || [...a.key.matchAll(PLACEHOLDER)].some((x) => x[1] !== 'period'))) lines.push('key must name {period}, and only it, over a window of periods');
  if (a.when !== undefined && (typeof a.when.option !== 'string' || !['string', 'number', 'boolean'].includes(typeof a.when.equal))) lines.push('when needs an option key and the value it must equal');
  if (a.about && def.fields.find((f) => f.key === a.about)?.type !== 'reference') lines.push(`about "${a.about}" is not a reference field`);
  if (a.about && !a.groupBy.includes(a.about)) lines.push(`about "${a.about}" is not a group field`);
  for (const [key, v] of Object.entries(a.values)) {
    if (typeof v === 'object' ? !a.groupBy.includes(v.group) : !measuredValues(a).includes(v)) lines.push(`values.${key}: ${JSON.stringify(v)} is not measured here`);
  }
  return lines;
}

/** The measured values a source may state, by its measure and window. */
function measuredValues(a: AggregateSubjectsDef): string[] {
  const k = a.measure.kind;
  return ['count', 'from', 'to', ...(a.window.period ? ['period'] : []), ...(k === 'share' ? ['part', 'whole', 'share', ...(a.measure.field ? ['sum'] : [])] : k === 'count' ? [] : [k])];
}

/** One source's queries, and how their rows (or a saved record's totals) become subjects. */
class Compiled {
  constructor(
    private readonly id: string,
    private readonly a: AggregateSubjectsDef,
    private readonly def: RecordTypeDef,
  ) {}

  /** Every subject: grouped by the group fields (and, for periods, the month or for weeks and days the day), then folded into periods. */
  async list(ctx: FactContext): Promise<RuleSubject[]> {
    const { a } = this;
    if (!this.applies(ctx)) return [];
    const q = ctx.records;
    const span = await this.span(ctx);
    if (!span) return [];
    const where = filtersWhere(a.filters ?? [], { range: { [a.window.field]: span.from ? { from: span.from, to: span.to } : { to: span.to } }, present: [...a.groupBy] });
    // Months fold into quarters and years; weeks and days are counted from days.
    const chars = a.window.period === 'week' || a.window.period === 'day' ? 10 : 7;
    const byPeriod = a.window.period ? [{ key: a.window.field, chars }] : [];
    const distinct = a.measure.kind === 'distinct' ? [a.measure.field!] : [];
    const field = distinct.length ? undefined : a.measure.field;
    const cells = new Map<string, Cell>();
    // A row's group (of `keys`) and window, and the key that makes them one subject (or one whole).
    const place = (g: RecordGroup, keys: string[]) => {
      const group = Object.fromEntries(keys.map((k) => [k, this.value(k, g.by[k])]));
      const window: WindowSpan = a.window.period ? periodAt(a.window.period, chars === 7 ? `${g.by[a.window.field]}-01` : String(g.by[a.window.field])) : { from: span.from!, to: span.to, id: span.to };
      return { group, window, key: JSON.stringify([keys.map((k) => group[k]), window.id]) };
    };
    const cellOf = (g: RecordGroup) => {
      const { group, window, key } = place(g, a.groupBy);
      const c = cells.get(key) ?? { group, window, count: 0, sum: 0, max: null, distinct: new Set<string>(), part: { count: 0, sum: 0 } };
      cells.set(key, c);
      return c;
    };
    for (const g of await q.groups!(a.recordType, where, [...a.groupBy, ...byPeriod, ...distinct], field)) {
      const c = cellOf(g);
      c.count += g.count;
      c.sum += g.sum;
      if (typeof g.max === 'number' && (c.max === null || g.max > c.max)) c.max = g.max;
      if (distinct.length && g.by[distinct[0]] !== null) c.distinct.add(String(g.by[distinct[0]]));
    }
    if (a.measure.part) {
      for (const g of await q.groups!(a.recordType, filtersWhere(a.measure.part, where), [...a.groupBy, ...byPeriod], field)) {
        const c = cellOf(g);
        c.part = { count: c.part.count + g.count, sum: c.part.sum + g.sum };
      }
    }
    const wholes = new Map<string, { count: number; sum: number }>();
    const within = a.measure.within;
    if (within) {
      for (const g of await q.groups!(a.recordType, where, [...within, ...byPeriod], field)) {
        const { key } = place(g, within);
        const w = wholes.get(key) ?? { count: 0, sum: 0 };
        wholes.set(key, { count: w.count + g.count, sum: w.sum + g.sum });
      }
    }
    // The periods without a record are subjects too (sinceFirst has no group fields).
    if (a.window.sinceFirst) {
      for (let p = periodAt(a.window.period!, span.from!); p.to <= span.to; p = periodAt(a.window.period!, addDays(p.to, 1))) {
        const key = JSON.stringify([[], p.id]);
        if (!cells.has(key)) cells.set(key, { group: {}, window: p, count: 0, sum: 0, max: null, distinct: new Set<string>(), part: { count: 0, sum: 0 } });
      }
    }
    const titles = await this.titles(q);
    const wholeOf = (c: Cell) => wholes.get(JSON.stringify([within!.map((k) => c.group[k]), c.window.id]))!;
    const out = [...cells.values()].map((c) => ({ to: c.window.to, s: this.subject(c, within ? wholeOf(c) : null, (k, v) => titles.get(k)?.get(Number(v))) }));
    return out.sort((x, y) => x.to.localeCompare(y.to) || x.s.key.localeCompare(y.s.key)).map((x) => x.s);
  }

  /** The saved record's own subject (none when the record is outside every window the list would measure). */
  async around(ctx: FactContext, record: PluginRecordView): Promise<RuleSubject[]> {
    const { a } = this;
    const day = record.values[a.window.field];
    if (record.recordType !== a.recordType || typeof day !== 'string' || !this.applies(ctx)) return [];
    const span = await this.span(ctx);
    if (!span) return [];
    // The first record (of any filter) sets where the periods start: it may have added periods before the others.
    if (a.window.sinceFirst && day <= span.first!) return this.list(ctx);
    if (!matchesFilters(a.filters ?? [], record.values)) return [];
    if (a.groupBy.some((k) => record.values[k] === null || record.values[k] === undefined || record.values[k] === '')) return [];
    const window = a.window.period ? periodAt(a.window.period, day) : { from: span.from!, to: span.to, id: span.to };
    if (day < window.from || day > span.to) return [];
    const q = ctx.records;
    const group = Object.fromEntries(a.groupBy.map((k) => [k, this.value(k, record.values[k])]));
    const of = (keys: string[]): RecordWhere => {
      const where = filtersWhere(a.filters ?? [], { range: { [a.window.field]: { from: window.from, to: window.to } }, present: [...a.groupBy] });
      for (const k of keys) where.equal![k] = group[k];
      return where;
    };
    const where = of(a.groupBy);
    const c: Cell = { group, window, count: 0, sum: 0, max: null, distinct: new Set<string>(), part: { count: 0, sum: 0 } };
    if (a.measure.kind === 'distinct') {
      for (const g of await q.groups!(a.recordType, where, [a.measure.field!])) {
        c.count += g.count;
        if (g.by[a.measure.field!] !== null) c.distinct.add(String(g.by[a.measure.field!]));
      }
    } else {
      const t = await q.total!(a.recordType, where, a.measure.field);
      Object.assign(c, { count: t.count, sum: t.sum, max: typeof t.max === 'number' ? t.max : null });
    }
    if (a.measure.part) c.part = await q.total!(a.recordType, filtersWhere(a.measure.part, where), a.measure.field);
    const whole = a.measure.within ? await q.total!(a.recordType, of(a.measure.within), a.measure.field) : null;
    const titles = new Map<string, string | undefined>();
    for (const k of this.referencesNamed()) titles.set(k, (await q.get!(Number(group[k])))?.title);
    return [this.subject(c, whole, (k) => titles.get(k))];
  }

  /** Whether the institution's options call for these subjects at all. */
  private applies(ctx: FactContext): boolean {
    return !this.a.when || ctx.options[this.a.when.option] === this.a.when.equal;
  }

  /**
   * The days the list reads: the window's days up to today, or everything up to the end of the last whole period;
   * since the first record, from its period (and `first` its day), or null when there is no record yet.
   */
  private async span(ctx: FactContext): Promise<{ from?: string; to: string; first?: string } | null> {
    const day = today(ctx);
    const w = this.a.window;
    if (w.period && w.sinceFirst) {
      const first = (await ctx.records.total!(this.a.recordType, { range: { [w.field]: { to: day } } }, w.field)).min;
      return typeof first === 'string' ? { from: periodAt(w.period, first).from, to: addDays(periodAt(w.period, day).from, -1), first } : null;
    }
    if (w.period) return { to: addDays(periodAt(w.period, day).from, -1) };
    const days = typeof w.days === 'number' ? w.days : ctx.thresholds?.[w.days!.threshold];
    if (typeof days !== 'number') throw new Error(`subject source "${this.id}": threshold ${JSON.stringify(w.days)} has no value`);
    return { from: windowStart(day, days), to: day };
  }

  private subject(c: Cell, whole: { count: number; sum: number } | null, title: (key: string, v: GroupValue) => string | undefined): RuleSubject {
    const { a } = this;
    const summed = !!a.measure.field;
    const [part, total] = whole ? [summed ? c.sum : c.count, summed ? whole.sum : whole.count] : [summed ? c.part.sum : c.part.count, summed ? c.sum : c.count];
    const measured: Record<string, unknown> = { count: c.count, sum: c.sum, max: c.max, distinct: c.distinct.size, part, whole: total, share: total > 0 ? (part * 100) / total : 0, from: c.window.from, to: c.window.to, period: c.window.id };
    const values = Object.fromEntries(Object.entries(a.values).map(([k, v]) => [k, typeof v === 'object' ? c.group[v.group] : measured[v]]));
    const label = a.label.replace(PLACEHOLDER, (_, name: string) =>
      name === 'period' ? (chinesePeriod(c.window.id) ?? c.window.id) : name === 'span' ? (chinesePeriod(`${c.window.from}~${c.window.to}`) ?? `${c.window.from}~${c.window.to}`) : this.readable(name, c.group[name], title),
    );
    const key = a.key ? a.key.replace('{period}', c.window.id) : [...a.groupBy.map((k) => String(c.group[k])), ...(a.window.period ? [c.window.id] : [])].join(':');
    return { key, label, ...(a.about ? { recordId: Number(c.group[a.about]) } : {}), values };
  }

  /** A group value as people read it: a reference by its record's title (else its id), an option by its label. */
  private readable(key: string, v: GroupValue, title: (key: string, v: GroupValue) => string | undefined): string {
    const f = this.def.fields.find((x) => x.key === key);
    if (f?.type === 'reference') return title(key, v) ?? String(v);
    return f?.options?.find((o) => o.value === v)?.label.zh ?? String(v);
  }

  /** The referenced records' titles for the reference fields the label names, one list per referenced type. */
  private async titles(q: RecordQuery): Promise<Map<string, Map<number, string>>> {
    const out = new Map<string, Map<number, string>>();
    for (const k of this.referencesNamed()) {
      const type = this.def.fields.find((f) => f.key === k)!.ref!.recordType;
      out.set(k, new Map((await q.list(type)).map((r) => [r.id, r.title])));
    }
    return out;
  }

  private referencesNamed(): string[] {
    return this.a.groupBy.filter((k) => this.a.label.includes(`{${k}}`) && this.def.fields.find((f) => f.key === k)?.type === 'reference');
  }

  /** A group value as SQL and a saved record give it alike: numbers as numbers, the rest as text. */
  private value(key: string, v: unknown): GroupValue {
    const type = this.def.fields.find((f) => f.key === key)?.type;
    if (type && NUMERIC.includes(type)) return Number(v);
    if (type === 'boolean') return v === true || v === 1 || v === '1' || v === 'true';
    return String(v);
  }
}
