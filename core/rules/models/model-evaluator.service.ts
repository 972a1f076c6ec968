import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addMonths, monthOf } from '../../plugin-api';
import type { PluginRecordView, RecordTypeDef } from '../../plugin-api';
import { PluginHost } from '../../plugin-host/plugin-host';
import { PluginRecordRepository, type RecordAt } from '../../records/plugin-record.repository';
import { RuleHitEntity } from '../../records/record.entities';
import { RuleHitWriter } from '../rule-hit-writer';
import { filtersWhere, matchesFilters, measure, Measured, modelMessage, ModelSubject, modelWhere, subjectKey, subjectLabel, subjectsFromDays, windowAt, WindowSpan } from './model-compile';
import type { ModelDefinition } from './model-definition';
import type { WarningModelEntity } from './model.entities';
import { ModelRepository } from './model.repository';

/** Records a hit names as its evidence (the window's first ones by id). */
const EVIDENCE = 50;

/** Hits of a model are those of rule `<plugin>/model.<id>`. */
export const modelRuleId = (d: Pick<ModelDefinition, 'pluginId' | 'id'>): string => `${d.pluginId}/model.${d.id}`;

/** The days a scan and a backtest look at: the first of the month eleven months back, to today (twelve months). */
export function horizon(today: string): { from: string; to: string } {
  return { from: addMonths(`${monthOf(today)}-01`, -11), to: today };
}

/**
 * Runs warning models as SQL through the record repository: on a save only the saved record's subject (its group
 * values, the window ending at its date: one indexed aggregate), in a scan one grouped query per model. Definitions are
 * read from the database each time (one indexed query), so a change made by any process counts at once.
 */
@Injectable()
export class ModelEvaluator {
  constructor(
    private readonly host: PluginHost,
    private readonly records: PluginRecordRepository,
    private readonly models: ModelRepository,
    private readonly hits: RuleHitWriter,
  ) {}

  /** Whether a save of this record needs the models to run after it commits. */
  hasEnabled(m: EntityManager, record: Pick<PluginRecordView, 'institutionId' | 'pluginId' | 'recordType'>): Promise<boolean> {
    return this.models.anyEnabled(m, record.institutionId, record.pluginId, record.recordType);
  }

  /** The enabled models of the saved record's type, each over the one subject the record belongs to. */
  async onSave(m: EntityManager, record: PluginRecordView): Promise<number> {
    let raised = 0;
    for (const row of await this.models.enabled(m, record.institutionId, record.pluginId, record.recordType)) {
      const d = JSON.parse(row.definition) as ModelDefinition;
      const def = this.typeOf(d);
      const day = record.values[d.window.field];
      // Only a record the model counts is a day its subject is measured at (as in a scan).
      if (typeof day !== 'string' || !matchesFilters(d.filters, record.values)) continue;
      const group = Object.fromEntries(d.groupBy.map((k) => [k, record.values[k] as string | number | boolean | null]));
      if (Object.values(group).some((v) => v === null || v === undefined || v === '')) continue;
      const window = windowAt(d.window, day);
      const measured = await this.measureAt(m, { pluginId: d.pluginId, recordType: d.recordType, institutionId: record.institutionId }, def, d, group, window);
      if (measured.value > d.threshold) raised += await this.raise(m, row, d, def, { group, window, measured });
    }
    return raised;
  }

  /** Every enabled model of the plugin (of one record type when given) over the scan horizon; hits raised before are skipped. */
  async scan(m: EntityManager, institutionId: number, pluginId: string, today: string, recordType?: string): Promise<{ evaluated: number; newHits: number }> {
    const rows = await this.models.enabled(m, institutionId, pluginId, recordType);
    let newHits = 0;
    for (const row of rows) {
      const d = JSON.parse(row.definition) as ModelDefinition;
      const { from, to } = horizon(today);
      const subjects = await this.subjectsBetween(m, institutionId, d, from, to);
      // One look at the hits this version raised, rather than one per subject.
      const known = new Set((await m.getRepository(RuleHitEntity).find({ select: { subjectKey: true }, where: { institutionId, ruleId: modelRuleId(d), ruleVersion: row.version } })).map((h) => h.subjectKey));
      for (const s of subjects) if (!known.has(subjectKey(s))) newHits += await this.raise(m, row, d, this.typeOf(d), s);
    }
    return { evaluated: rows.length, newHits };
  }

  /**
   * The subjects over the threshold at the days `from`..`to` holding a matching record: one query grouped by the
   * group fields and the day (two for a share), the windows then slid over those daily aggregates.
   */
  async subjectsBetween(m: EntityManager, institutionId: number, d: ModelDefinition, from: string, to: string): Promise<ModelSubject[]> {
    const def = this.typeOf(d);
    const at: RecordAt = { pluginId: d.pluginId, recordType: d.recordType, institutionId };
    const where = modelWhere(d, { from: windowAt(d.window, from).from, to });
    const distinct = d.measure.kind === 'distinct' ? d.measure.field! : null;
    const by = [...d.groupBy, { key: d.window.field, chars: 10 }, ...(distinct ? [distinct] : [])];
    const field = distinct ? undefined : d.measure.field;
    const whole = await this.records.groups(m, at, def, where, by, field);
    const part = d.measure.kind === 'share' ? await this.records.groups(m, at, def, filtersWhere(d.measure.part!, where), by, field) : [];
    return subjectsFromDays(d, whole, part, from, to);
  }

  /** One subject's measure over one window: one aggregate query through the type's indexes (two for a share). */
  async measureAt(m: EntityManager, at: RecordAt, def: RecordTypeDef, d: ModelDefinition, group: Record<string, unknown>, window: WindowSpan): Promise<Measured> {
    const where = modelWhere(d, window, group);
    if (d.measure.kind === 'distinct') {
      const groups = await this.records.groups(m, at, def, where, [d.measure.field!]);
      const distinct = groups.filter((g) => g.by[d.measure.field!] !== null).length;
      return measure(d, { count: groups.reduce((n, g) => n + g.count, 0), sum: 0, max: null, distinct, partCount: 0, partSum: 0 });
    }
    const t = await this.records.total(m, at, def, where, d.measure.field);
    const part = d.measure.kind === 'share' ? await this.records.total(m, at, def, filtersWhere(d.measure.part!, where), d.measure.field) : { count: 0, sum: 0 };
    return measure(d, { count: t.count, sum: t.sum, max: typeof t.max === 'number' ? t.max : null, distinct: 0, partCount: part.count, partSum: part.sum });
  }

  private typeOf(d: ModelDefinition): RecordTypeDef {
    const def = this.host.recordType(d.pluginId, d.recordType);
    if (!def) throw new Error(`model "${d.id}": plugin ${d.pluginId} has no record type ${d.recordType}`);
    return def;
  }

  /** The subject's hit through the rule-hit path plugin rules take, under the model's version, with what was measured. */
  private async raise(m: EntityManager, row: WarningModelEntity, d: ModelDefinition, def: RecordTypeDef, s: ModelSubject): Promise<number> {
    const at: RecordAt = { pluginId: d.pluginId, recordType: d.recordType, institutionId: row.institutionId };
    const ids = (await this.records.find(m, at, def, modelWhere(d, s.window, s.group), { limit: EVIDENCE })).map((r) => r.id);
    const window = { field: d.window.field, from: s.window.from, to: s.window.to, ...(d.window.days !== undefined ? { days: d.window.days } : { period: s.window.id }) };
    const hit = await this.hits.raise(m, {
      institutionId: row.institutionId,
      pluginId: d.pluginId,
      ruleId: modelRuleId(d),
      ruleVersion: row.version,
      level: d.level,
      recordId: ids.length ? ids[ids.length - 1] : null,
      recordIds: ids,
      subjectKey: subjectKey(s),
      subjectLabel: subjectLabel(d, def, s),
      inputs: { model: { id: d.id, version: row.version, name: d.name }, measure: d.measure.kind, ...unitOf(d, def), threshold: d.threshold, measured: s.measured, window, group: s.group, ...(d.personField ? { person: s.group[d.personField] } : {}) },
      message: modelMessage(d, def, s),
      ruleLabel: d.name,
    });
    return hit ? 1 : 0;
  }
}

/** How the threshold and the measured value read: fen for a sum or maximum of money, percent for a share. */
function unitOf(d: ModelDefinition, def: RecordTypeDef): { unit?: 'fen' | 'percent' } {
  if (d.measure.kind === 'share') return { unit: 'percent' };
  const money = (d.measure.kind === 'sum' || d.measure.kind === 'max') && def.fields.find((f) => f.key === d.measure.field)?.type === 'money';
  return money ? { unit: 'fen' } : {};
}
