/**
 * An aggregate over one record type as data: the shape a warning model (core/rules/models) and a plugin's subject
 * source (`SubjectSourceDef.aggregate`) share, so both compile to SQL through one compiler.
 */

export type FilterOperator = 'equal' | 'in' | 'range' | 'present';

export interface AggregateFilter {
  field: string;
  operator: FilterOperator;
  /** equal */
  value?: string | number | boolean;
  /** in */
  values?: (string | number)[];
  /** range, inclusive (dates YYYY-MM-DD, money in fen) */
  from?: string | number;
  to?: string | number;
}

export type WindowPeriod = 'month' | 'quarter' | 'year';
/** A subject source's periods: a model's, and the ISO week (Monday to Sunday, id 2026-W07) or the day (id 2026-02-09). */
export type SourcePeriod = WindowPeriod | 'week' | 'day';

export type MeasureKind = 'count' | 'sum' | 'max' | 'distinct' | 'share';

export interface AggregateMeasure {
  kind: MeasureKind;
  /** sum, max: a number or money field; distinct: the field whose values are counted; share: summed (absent: counted). */
  field?: string;
  /** share: the part, as filters on top of the aggregate's; the whole is the subject's window without them. */
  part?: AggregateFilter[];
  /**
   * share, subject sources only: the subject's group is the part and the whole is every group sharing these group
   * fields (a supplier's share of its category: groupBy category and supplier, within category).
   */
  within?: string[];
}

/** What a subject source's value holds: a group field's value by its key, or one of these measured numbers. */
export type AggregateValue = 'count' | 'sum' | 'max' | 'distinct' | 'part' | 'whole' | 'share' | 'from' | 'to' | 'period' | { group: string };

/**
 * A subject source as data: one subject per group (and per period), measured in SQL over the type's indexes. A rule
 * over it compares the subject's values with its thresholds as with any subject (so institutions override them alike).
 */
export interface AggregateSubjectsDef {
  recordType: string;
  filters?: AggregateFilter[];
  /** Fields whose values make one subject; empty: the institution as a whole. */
  groupBy: string[];
  /**
   * `field` a date field; `days` the last days up to today (a number, or a threshold of the rule by name), or
   * `period` every whole period that has ended (the one under way is not judged yet). `sinceFirst` (a period, no group
   * fields): every period since the one of the type's first record up to today (whatever the filters), the periods
   * without a record too, at count 0: for rules on what did not happen (no meeting in a week).
   */
  window: { field: string; days?: number | { threshold: string }; period?: SourcePeriod; sinceFirst?: boolean };
  measure: AggregateMeasure;
  /**
   * The subject's label: `{field}` a group value as people read it (a reference by its record's title, an option by its
   * label), `{period}` the period in words, `{span}` its first and last day in words.
   */
  label: string;
  /** The subject's key, `{period}` its period's id; by default the group values and the period id joined by ':'. Hits are unique by it: keep it. */
  key?: string;
  /** Subjects only while the institution's plugin option `option` is `equal` (a variant's own duties). */
  when?: { option: string; equal: string | number | boolean };
  /** A reference among the group fields: the hit is about its record (a supplier), else about no one record. */
  about?: string;
  /** The subject's values (kept with its hit, read by facts), by key, in order. Share: `part` * 100 / `whole`, unrounded. */
  values: Record<string, AggregateValue>;
}
