import type { FactContext, PluginDefinition, PluginRecordView, RecordGroup, RecordWhere, RuleDef, RuleHitView, RuleSubject, SubjectSourceDef } from '../../core/plugin-api';
import { listSubjects } from '../../core/plugin-api';
import { checkConstraints } from '../../core/plugin-host/constraints';
import { validateFields } from '../../core/plugin-host/field-validation';
import { aggregateSource } from '../../core/rules/models/aggregate-subjects';
import { evaluateRule, thresholdsFor } from '../../core/rules/rule-engine';

/**
 * A plugin's records and rules in memory, with the same validation and rule semantics as core
 * (RecordsService + RulesService), for fast rule-edge tests without a database.
 */
export class MemoryPlugin {
  records: PluginRecordView[] = [];
  hits: RuleHitView[] = [];
  private seq = 0;

  constructor(
    readonly plugin: PluginDefinition,
    readonly options: Record<string, unknown> = {},
    readonly overrides: Record<string, Record<string, number>> = {},
  ) {
    const check = validateFields(plugin.options ?? [], options);
    if (check.problems.length) throw new Error(JSON.stringify(check.problems));
    this.options = check.values;
  }

  add(recordType: string, input: Record<string, unknown>): PluginRecordView {
    const def = this.plugin.recordTypes!.find((t) => t.id === recordType)!;
    const check = validateFields(def.fields, input);
    const problems = [...check.problems, ...(check.problems.length ? [] : checkConstraints(def.constraints, check.values, this.options))];
    if (problems.length) throw new Error(`${recordType}: ${JSON.stringify(problems)}`);
    const view: PluginRecordView = { id: ++this.seq, institutionId: 1, pluginId: this.plugin.id, recordType, title: String(check.values[def.titleField] ?? ''), values: check.values, createdAt: '', updatedAt: '' };
    this.records.push(view);
    return view;
  }

  ctx(now: Date, record?: PluginRecordView): FactContext {
    const records = this.records;
    const ctx: FactContext = {
      institutionId: 1,
      record,
      options: this.options,
      now,
      records: {
        list: async (type) => this.records.filter((r) => r.recordType === type),
        each: async (type, where, fn, opts) => {
          const by = opts?.orderBy;
          const found = this.records.filter((r) => r.recordType === type && matchesWhere(r.values, where, r.id) && (!by || r.values[by] != null));
          if (by) found.sort((a, b) => String(a.values[by]).localeCompare(String(b.values[by])) || a.id - b.id);
          if (found.length) await fn(found);
        },
        pages: async function* (type, where, opts) {
          const by = opts?.orderBy;
          const found = records.filter((r) => r.recordType === type && matchesWhere(r.values, where, r.id) && (!by || r.values[by] != null));
          if (by) found.sort((a, b) => String(a.values[by]).localeCompare(String(b.values[by])) || a.id - b.id);
          // Small pages, so a source's paging is exercised in memory too.
          for (let i = 0; i < found.length; i += 2) yield found.slice(i, i + 2);
        },
        find: async (type, where, opts) => {
          const by = opts?.orderBy;
          const found = this.records.filter((r) => r.recordType === type && matchesWhere(r.values, where, r.id) && (!by || r.values[by] != null));
          if (by) found.sort((a, b) => String(a.values[by]).localeCompare(String(b.values[by])) || a.id - b.id);
          return opts?.limit ? found.slice(0, opts.limit) : found;
        },
        total: async (type, where, field) => {
          const [g] = groupsOf(this.records.filter((r) => r.recordType === type && matchesWhere(r.values, where, r.id)), [], field);
          return g ? { count: g.count, sum: g.sum, min: g.min, max: g.max } : { count: 0, sum: 0, min: null, max: null };
        },
        groups: async (type, where, by, field) => groupsOf(this.records.filter((r) => r.recordType === type && matchesWhere(r.values, where, r.id)), by, field),
        get: async (id) => this.records.find((r) => r.id === id) ?? null,
        hits: async () => this.hits,
        subjects: (sourceId) => listSubjects(this.subjectSource(sourceId), ctx),
      },
    };
    return ctx;
  }

  /** Every rule over every record and subject, as the nightly scan does; returns `ruleId subjectKey` lines of NEW hits. */
  async scan(now: Date): Promise<string[]> {
    const facts = new Map((this.plugin.facts ?? []).map((f) => [f.id, f]));
    const operators = new Map((this.plugin.operators ?? []).map((o) => [o.id, o]));
    const out: string[] = [];
    // The message as declared: these runs compare which hits arise, not their wording.
    const raise = (rule: RuleDef, key: string, recordId: number | null) => {
      if (this.hits.some((h) => h.ruleId === rule.id && h.subjectKey === key && h.ruleVersion === rule.version)) return;
      this.hits.push({ id: this.hits.length + 1, ruleId: rule.id, ruleVersion: rule.version, level: rule.level, recordId, subjectKey: key, createdAt: now.toISOString(), message: rule.message });
      out.push(`${rule.id} ${key}`);
    };
    for (const rule of this.plugin.rules ?? []) {
      if (rule.subjects) {
        const source = this.subjectSource(rule.subjects);
        const listed = await listSubjects(source, { ...this.ctx(now), thresholds: thresholdsFor(rule, this.overrides) });
        if (source.around) await this.checkAround(now, rule.recordType, source.around, listed, thresholdsFor(rule, this.overrides));
        for (const subject of listed) {
          const r = await evaluateRule(rule, { ...this.ctx(now), subject, thresholds: thresholdsFor(rule, this.overrides) }, facts, operators, this.overrides);
          if (r.hit) raise(rule, `${rule.subjects}:${subject.key}`, subject.recordId ?? null);
        }
      } else {
        const candidates = rule.candidates ? await rule.candidates({ ...this.ctx(now), thresholds: thresholdsFor(rule, this.overrides) }) : null;
        for (const record of this.records.filter((x) => x.recordType === rule.recordType)) {
          const r = await evaluateRule(rule, { ...this.ctx(now, record), thresholds: thresholdsFor(rule, this.overrides) }, facts, operators, this.overrides);
          // The scan reads only a rule's candidates: a hit outside them would be missed at scale.
          if (r.hit && candidates && !candidates.some((w) => matchesWhere(record.values, w))) throw new Error(`${rule.id}: record ${record.id} hits but matches none of its candidates ${JSON.stringify(candidates)}`);
          if (r.hit) raise(rule, `record:${record.id}`, record.id);
        }
      }
    }
    return out;
  }

  /** A source by id; one declared as data compiled by core, as the plugin host does. */
  private subjectSource(id: string): SubjectSourceDef {
    const data = this.plugin.aggregateSubjects?.find((s) => s.id === id);
    return data ? aggregateSource(data, this.plugin.recordTypes ?? []) : this.plugin.subjects!.find((s) => s.id === id)!;
  }

  /** What a save evaluates must be what the scan lists: every subject `around` gives for a record equals the listed one of its key. */
  private async checkAround(now: Date, recordType: string, around: NonNullable<NonNullable<PluginDefinition['subjects']>[number]['around']>, listed: RuleSubject[], thresholds: Record<string, number>): Promise<void> {
    const byKey = new Map(listed.map((s) => [s.key, s]));
    for (const record of this.records.filter((r) => r.recordType === recordType)) {
      for (const s of await around({ ...this.ctx(now, record), record, thresholds })) {
        const same = byKey.get(s.key);
        if (!same || JSON.stringify(same) !== JSON.stringify(s)) throw new Error(`around(${record.id}) gives ${JSON.stringify(s)}, the scan lists ${JSON.stringify(same)}`);
      }
    }
  }
}

/** RecordWhere as core's SQL reads it (NULL never matches a comparison), for records in memory. */
export function matchesWhere(values: Record<string, unknown>, where: RecordWhere, id?: number): boolean {
  const v = (k: string) => values[k] ?? null;
  if (where.idFrom !== undefined && (id === undefined || id < where.idFrom)) return false;
  for (const [k, want] of Object.entries(where.equal ?? {})) if (Array.isArray(want) ? !want.includes(v(k) as string) : v(k) !== want) return false;
  for (const [k, r] of Object.entries(where.range ?? {})) {
    const x = v(k) as string | number | null;
    if (x === null || (r.from !== undefined && x < r.from) || (r.to !== undefined && x > r.to) || (r.below !== undefined && !((x as number) < r.below))) return false;
  }
  for (const k of where.present ?? []) if (v(k) === null || v(k) === '') return false;
  if (where.rowHas) {
    const { field, column, values: any } = where.rowHas;
    if (!((v(field) as Record<string, unknown>[] | null) ?? []).some((row) => (any ? any.includes(row[column] as string) : (row[column] ?? null) !== null))) return false;
  }
  return true;
}

export function groupsOf(records: PluginRecordView[], by: (string | { key: string; chars: number })[], field?: string): RecordGroup[] {
  const out = new Map<string, RecordGroup>();
  for (const r of records) {
    const keyed = Object.fromEntries(by.map((b) => (typeof b === 'string' ? [b, (r.values[b] ?? null) as string | number | null] : [b.key, r.values[b.key] == null ? null : String(r.values[b.key]).slice(0, b.chars)])));
    const id = JSON.stringify(keyed);
    const g = out.get(id) ?? { by: keyed, count: 0, sum: 0, min: null, max: null };
    g.count++;
    const x = field ? ((r.values[field] ?? null) as string | number | null) : null;
    if (x !== null) {
      if (typeof x === 'number') g.sum += x;
      if (g.min === null || x < g.min) g.min = x;
      if (g.max === null || x > g.max) g.max = x;
    }
    out.set(id, g);
  }
  return [...out.values()];
}

/** For a demo seed run outside the platform: these plugins seed no people, so a call is a test failure. */
export const noPeople = (): Promise<never> => Promise.reject(new Error('this demo seed was not expected to create people'));
