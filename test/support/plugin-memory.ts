import type { FactContext, PluginDefinition, PluginRecordView, RuleHitView } from '../../core/plugin-api';
import { checkConstraints } from '../../core/plugin-host/constraints';
import { validateFields } from '../../core/plugin-host/field-validation';
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
    return {
      institutionId: 1,
      record,
      options: this.options,
      now,
      records: {
        list: async (type) => this.records.filter((r) => r.recordType === type),
        get: async (id) => this.records.find((r) => r.id === id) ?? null,
        hits: async () => this.hits,
      },
    };
  }

  /** Every rule over every record and subject, as the nightly scan does; returns `ruleId subjectKey` lines of NEW hits. */
  async scan(now: Date): Promise<string[]> {
    const facts = new Map((this.plugin.facts ?? []).map((f) => [f.id, f]));
    const operators = new Map((this.plugin.operators ?? []).map((o) => [o.id, o]));
    const out: string[] = [];
    const raise = (ruleId: string, version: number, level: string, key: string, recordId: number | null) => {
      if (this.hits.some((h) => h.ruleId === ruleId && h.subjectKey === key && h.ruleVersion === version)) return;
      this.hits.push({ id: this.hits.length + 1, ruleId, ruleVersion: version, level, recordId, subjectKey: key, createdAt: now.toISOString() });
      out.push(`${ruleId} ${key}`);
    };
    for (const rule of this.plugin.rules ?? []) {
      if (rule.subjects) {
        const source = this.plugin.subjects!.find((s) => s.id === rule.subjects)!;
        for (const subject of await source.list({ ...this.ctx(now), thresholds: thresholdsFor(rule, this.overrides) })) {
          const r = await evaluateRule(rule, { ...this.ctx(now), subject, thresholds: thresholdsFor(rule, this.overrides) }, facts, operators, this.overrides);
          if (r.hit) raise(rule.id, rule.version, rule.level, `${rule.subjects}:${subject.key}`, subject.recordId ?? null);
        }
      } else {
        for (const record of this.records.filter((x) => x.recordType === rule.recordType)) {
          const r = await evaluateRule(rule, { ...this.ctx(now, record), thresholds: thresholdsFor(rule, this.overrides) }, facts, operators, this.overrides);
          if (r.hit) raise(rule.id, rule.version, rule.level, `record:${record.id}`, record.id);
        }
      }
    }
    return out;
  }
}
