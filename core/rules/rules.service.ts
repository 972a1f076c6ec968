import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CalendarService } from '../calendar/calendar.service';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { DomainEvents } from '../events/domain-events';
import { InstitutionEntity } from '../org/org.entities';
import { listSubjects } from '../plugin-api';
import type { DescendantContext, FactContext, LocalizedText, PluginRecordView, RecordGroup, RecordWhere, RuleDef, RuleHitView, RuleSubject } from '../plugin-api';
import { fillMessage, hitSpecOf, messagePlaceholders, withNamedThresholds } from './rule-facts';
import { PluginHost } from '../plugin-host/plugin-host';
import { PluginRecordEntity, RecordShareEntity, RuleHitEntity } from '../records/record.entities';
import { PluginRecordRepository, type RecordAt } from '../records/plugin-record.repository';
import { AccessService } from '../org/access.service';
import { toRecordView } from '../records/record-view';
import { FieldCipher } from '../records/field-cipher';
import { evaluateRule, thresholdsFor } from './rule-engine';
import { RuleHitWriter } from './rule-hit-writer';
import { ModelEvaluator, modelRuleId } from './models/model-evaluator.service';
import type { ModelDefinition } from './models/model-definition';
import { ModelRepository } from './models/model.repository';

export interface ScanResult {
  institutionId: number;
  evaluated: number;
  newHits: number;
}

/**
 * Runs plugin rules: record rules for the saved record, subject rules (aggregates, periods) for
 * every subject their source lists. Hits are unique per institution, rule version and subject key,
 * so running again (on save or in the nightly scan) never raises the same hit twice.
 */
@Injectable()
export class RulesService {
  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly hits: RuleHitWriter,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
    private readonly access: AccessService,
    private readonly records: PluginRecordRepository,
    private readonly calendars: CalendarService,
    private readonly models: ModelEvaluator,
    private readonly modelRows: ModelRepository,
  ) {}

  /** A read-only view of one plugin's records in one institution, memoised for one evaluation pass (lists, records and groupings). */
  context(m: EntityManager, institutionId: number, pluginId: string, options: Record<string, unknown>, now: Date, record?: PluginRecordView): FactContext {
    const lists = new Map<string, Promise<PluginRecordView[]>>();
    const view = (rows: PluginRecordEntity[]) => rows.map((r) => toRecordView(this.host, r, this.cipher));
    const typeDef = (type: string) => {
      const def = this.host.recordType(pluginId, type);
      if (!def) throw new Error(`plugin ${pluginId} has no record type ${type}`);
      return def;
    };
    const at = (type: string) => ({ pluginId, recordType: type, institutionId });
    // The network's condition once per context: a scan asks for it per page.
    let network: Promise<{ sql: string; params: Record<string, unknown> }> | undefined;
    const scoped = async (type: string, scope?: 'own' | 'network'): Promise<RecordAt> => (scope === 'network' ? { ...at(type), network: await (network ??= this.network(m, institutionId, pluginId)) } : at(type));
    const records = this.records;
    // Records asked for in one turn (a screen's Promise.all over its rows) are read in one query.
    let pending: { ids: number[]; rows: Promise<Map<number, PluginRecordEntity>> } | null = null;
    const fetchRow = (id: number): Promise<PluginRecordEntity | undefined> => {
      if (!pending) {
        const ids: number[] = [];
        const rows = Promise.resolve().then(async () => {
          pending = null;
          return new Map((await m.getRepository(PluginRecordEntity).findBy({ id: In(ids), pluginId })).map((r) => [r.id, r]));
        });
        pending = { ids, rows };
      }
      pending.ids.push(id);
      return pending.rows.then((rows) => rows.get(id));
    };
    const getOne = async (id: number): Promise<PluginRecordView | null> => {
      const row = await fetchRow(id);
      if (!row) return null;
      // Own records always; a network record (a shared referral's person) too, since network lists show them.
      if (row.institutionId !== institutionId) {
        const network = await this.network(m, institutionId, pluginId);
        const found = await m.getRepository(PluginRecordEntity).createQueryBuilder('r').where('r.id = :id', { id }).andWhere(network.sql, network.params).getCount();
        if (!found) return null;
      }
      return toRecordView(this.host, row, this.cipher);
    };
    const got = new Map<number, Promise<PluginRecordView | null>>();
    // Groupings too: a screen's panels and indicators ask the same one more than once. (Not totals: a scan asks one per subject.)
    const grouped = new Map<string, Promise<RecordGroup[]>>();
    const listed = new Map<string, Promise<RuleSubject[]>>();
    const ctx: FactContext = {
      institutionId,
      record,
      options,
      now,
      calendar: this.calendars.workingDays,
      records: {
        list: (type, opts) => {
          const key = `${type}:${opts?.limit ?? ''}:${opts?.scope ?? 'own'}`;
          if (!lists.has(key)) {
            // Every record unless the caller names a limit: read in pages, never cut off silently.
            const limit = opts?.limit;
            const rows = !limit
              ? scoped(type, opts?.scope).then((reach) => this.records.find(m, reach, typeDef(type)))
              : opts?.scope === 'network'
                ? scoped(type, 'network').then(({ network: net }) =>
                    m.getRepository(PluginRecordEntity).createQueryBuilder('r').where('r.plugin_id = :pluginId AND r.record_type = :type', { pluginId, type }).andWhere(net!.sql, net!.params).orderBy('r.id', 'ASC').take(limit).getMany(),
                  )
                : m.getRepository(PluginRecordEntity).find({ where: { institutionId, pluginId, recordType: type }, order: { id: 'ASC' }, take: limit });
            lists.set(key, rows.then(view));
          }
          return lists.get(key)!;
        },
        find: async (type, where, opts) => view(await this.records.find(m, await scoped(type, opts?.scope), typeDef(type), where, opts)),
        each: (type, where, fn, opts) => this.records.each(m, at(type), typeDef(type), where, (page) => fn(view(page)), { orderKey: opts?.orderBy }),
        pages: async function* (type, where, opts) {
          for await (const page of records.pages(m, await scoped(type, opts?.scope), typeDef(type), where, { orderKey: opts?.orderBy })) yield view(page);
        },
        total: (type, where, field) => this.records.total(m, at(type), typeDef(type), where, field),
        groups: (type, where, by, field) => {
          const key = JSON.stringify([type, where, by, field]);
          if (!grouped.has(key)) grouped.set(key, this.records.groups(m, at(type), typeDef(type), where, by, field));
          return grouped.get(key)!;
        },
        // Memoised for the context's life (one save, one scan, one screen): a scan asks for each supplier once, not per project.
        get: (id) => {
          if (!got.has(id)) got.set(id, getOne(id));
          return got.get(id)!;
        },
        institution: async () => {
          const inst = await m.getRepository(InstitutionEntity).findOneByOrFail({ id: institutionId });
          return { id: inst.id, code: inst.code, name: inst.name };
        },
        hits: async (opts) => {
          const institutions = opts?.scope === 'network' ? In(await this.access.networkOf(institutionId, pluginId)) : institutionId;
          const rows = await m.getRepository(RuleHitEntity).find({ where: { institutionId: institutions, pluginId, ...(opts?.recordId ? { recordId: opts.recordId } : {}) }, order: { id: 'ASC' } });
          return rows.map((h): RuleHitView => ({ id: h.id, ruleId: h.ruleId.slice(pluginId.length + 1), ruleVersion: h.ruleVersion, level: h.level, recordId: h.recordId, subjectKey: h.subjectKey, createdAt: h.createdAt, message: JSON.parse(h.message) as LocalizedText }));
        },
        hitCounts: async (opts) => {
          const ids = opts.scope === 'network' ? await this.access.networkOf(institutionId, pluginId) : [institutionId];
          const rows = await this.hitCounts(m, { ...opts, institutionIds: ids, pluginId });
          return rows.map((r) => ({ key: opts.by === 'rule' ? r.key.slice(pluginId.length + 1) : r.key, count: r.count }));
        },
        // Once per context: a dashboard and its indicators ask for the same source.
        subjects: (sourceId) => {
          const source = this.host.subjectSources(pluginId).get(sourceId);
          if (!source) throw new Error(`plugin ${pluginId} has no subject source "${sourceId}"`);
          if (!listed.has(sourceId)) listed.set(sourceId, listSubjects(source, ctx));
          return listed.get(sourceId)!;
        },
      },
    };
    return ctx;
  }

  /** Rule hits of the institutions counted in SQL by full rule id ('plugin/rule') or by month, within day bounds: plugins and the county board count alike. */
  async hitCounts(m: EntityManager, opts: { institutionIds: number[]; by: 'rule' | 'month'; pluginId?: string; from?: string; to?: string }): Promise<{ key: string; count: number }[]> {
    if (!opts.institutionIds.length) return [];
    // created_at is an ISO instant: its first 10 characters are the day, its first 7 the month.
    const qb = m
      .getRepository(RuleHitEntity)
      .createQueryBuilder('h')
      .select(opts.by === 'rule' ? 'h.rule_id' : 'substr(h.created_at, 1, 7)', 'k')
      .addSelect('COUNT(*)', 'n')
      .where('h.institution_id IN (:...ids)', { ids: opts.institutionIds });
    if (opts.pluginId) qb.andWhere('h.plugin_id = :pluginId', { pluginId: opts.pluginId });
    if (opts.from) qb.andWhere('h.created_at >= :from', { from: opts.from });
    if (opts.to) qb.andWhere('substr(h.created_at, 1, 10) <= :to', { to: opts.to });
    const rows: { k: string; n: string | number }[] = await qb.groupBy('k').orderBy('k').getRawMany();
    return rows.map((r) => ({ key: r.k, count: Number(r.n) }));
  }

  /** A rule's label by its full id ('plugin/rule'); null when no installed plugin declares it. */
  /** Names of plugin rules and of warning models (a model's newest name where institutions share its key), for lists of hits. */
  async ruleLabels(fullIds: string[]): Promise<(fullId: string) => RuleDef['label'] | null> {
    const keys = [...new Set(fullIds.map((id) => /^[^/]+\/model\.(.+)$/.exec(id)?.[1]).filter((k): k is string => !!k))];
    const rows = keys.length ? await this.db.read((m) => this.modelRows.byKeys(m, keys)) : [];
    const names = new Map(rows.map((r) => [modelRuleId({ pluginId: r.pluginId, id: r.modelKey }), (JSON.parse(r.definition) as ModelDefinition).name]));
    return (fullId) => this.ruleLabel(fullId) ?? names.get(fullId) ?? null;
  }

  ruleLabel(fullId: string): RuleDef['label'] | null {
    const [pluginId, ruleId] = [fullId.slice(0, fullId.indexOf('/')), fullId.slice(fullId.indexOf('/') + 1)];
    return this.host.plugins.find((p) => p.id === pluginId)?.rules?.find((r) => r.id === ruleId)?.label ?? null;
  }

  /**
   * Each institution of `institutionId`'s network for the plugin (itself, its descendants, institutions granting it
   * visibility: RecordQuery scope 'network') that enables the plugin, with its own context, by id.
   */
  async networkContexts(m: EntityManager, institutionId: number, pluginId: string, now: Date): Promise<DescendantContext[]> {
    const ids = await this.access.networkOf(institutionId, pluginId);
    const all = await m.getRepository(InstitutionEntity).find({ order: { id: 'ASC' } });
    return all
      .filter((i) => ids.includes(i.id) && this.host.isEnabled(i.code, pluginId))
      .map((i) => ({ id: i.id, code: i.code, name: i.name, parentId: i.parentId, context: this.context(m, i.id, pluginId, this.host.optionsFor(i.code, pluginId), now) }));
  }

  /** SQL over alias `r`: records of the institution's network (RecordQuery scope 'network'). */
  private async network(m: EntityManager, institutionId: number, pluginId: string): Promise<{ sql: string; params: Record<string, unknown> }> {
    const ids = await this.access.networkOf(institutionId, pluginId);
    const shared = m.getRepository(RecordShareEntity).createQueryBuilder('s').select('s.record_id').where('s.institution_id = :netSelf').getQuery();
    return { sql: `(r.institution_id IN (:...netIds) OR r.id IN (${shared}))`, params: { netIds: ids, netSelf: institutionId } };
  }

  private async institutionCode(m: EntityManager, institutionId: number): Promise<string> {
    return (await m.getRepository(InstitutionEntity).findOneByOrFail({ id: institutionId })).code;
  }

  /**
   * A saved record's record rules, or the subject rules it triggers (through the sources' `around`), or both. The caller
   * may pass the institution's code it already holds.
   */
  async onSave(m: EntityManager, record: PluginRecordView, institutionCode?: string, only?: 'record' | 'subjects'): Promise<number> {
    const rules = this.host.rulesFor(record.pluginId, record.recordType).filter((r) => !only || (only === 'subjects') === !!r.subjects);
    if (!rules.length) return 0;
    const code = institutionCode ?? (await this.institutionCode(m, record.institutionId));
    const ctx = this.context(m, record.institutionId, record.pluginId, this.host.optionsFor(code, record.pluginId), this.clock.now(), record);
    let raised = 0;
    for (const rule of rules) raised += rule.subjects ? await this.runSubjects(m, code, record.pluginId, rule, ctx) : await this.runRecord(m, code, record.pluginId, rule, ctx, record);
    return raised;
  }

  /** Every rule and enabled warning model of every plugin the institution enables, over all its records and subjects. Idempotent. */
  async scan(institutionId: number, now: Date = this.clock.now()): Promise<ScanResult> {
    return this.run(institutionId, now, 'rules.scan', (pluginId) => ({ rules: this.host.rules(pluginId), fromId: 0 }));
  }

  /**
   * After a bulk import of one record type: its record rules over the new records (ids from `fromId`) and its subject
   * rules and warning models once over all subjects — once for the file, not once per row.
   */
  async afterImport(institutionId: number, pluginId: string, recordType: string, fromId: number): Promise<ScanResult> {
    return this.run(institutionId, this.clock.now(), 'rules.import-scan', (id) => (id === pluginId ? { rules: this.host.rules(id).filter((r) => r.recordType === recordType), fromId, recordType } : null));
  }

  private async run(institutionId: number, now: Date, action: string, select: (pluginId: string) => { rules: RuleDef[]; fromId: number; recordType?: string } | null): Promise<ScanResult> {
    return this.db.write(async (m) => {
      const code = await this.institutionCode(m, institutionId);
      let evaluated = 0;
      let newHits = 0;
      for (const { plugin, options } of this.host.enabledFor(code)) {
        const chosen = select(plugin.id);
        if (!chosen) continue;
        const ctx = this.context(m, institutionId, plugin.id, options, now);
        // After an import its sources may list only the subjects the new records belong to.
        const sourceCtx = chosen.fromId > 0 ? { ...ctx, importedFromId: chosen.fromId } : ctx;
        for (const rule of chosen.rules.filter((r) => r.subjects)) {
          evaluated++;
          newHits += await this.runSubjects(m, code, plugin.id, rule, sourceCtx);
        }
        const models = await this.models.scan(m, institutionId, plugin.id, now.toISOString().slice(0, 10), chosen.recordType);
        evaluated += models.evaluated;
        newHits += models.newHits;
        // Record rules type by type, each record read once and page by page, so memory does not grow with the records.
        const byType = new Map<string, RuleDef[]>();
        for (const rule of chosen.rules.filter((r) => !r.subjects)) byType.set(rule.recordType, [...(byType.get(rule.recordType) ?? []), rule]);
        for (const [type, rules] of byType) {
          const def = this.host.recordType(plugin.id, type)!;
          const at = { pluginId: plugin.id, recordType: type, institutionId };
          // Every rule is decided for every record: outside its candidates by their SQL, inside them by its `when`.
          evaluated += rules.length * (await this.records.count(m, at, chosen.fromId));
          const visit = async (rows: PluginRecordEntity[]) => {
            for (const row of rows) {
              const record = toRecordView(this.host, row, this.cipher);
              for (const rule of rules) newHits += await this.runRecord(m, code, plugin.id, rule, { ...ctx, record }, record);
            }
          };
          const wheres = await this.candidates(code, plugin.id, rules, ctx);
          if (wheres) await this.records.eachAny(m, at, def, wheres, visit, { fromId: chosen.fromId });
          else await this.records.each(m, at, def, {}, visit, { fromId: chosen.fromId });
        }
      }
      await this.audit.append(m, { actor: 'system:rules', institutionId, action, objectType: 'institution', objectId: institutionId, detail: { evaluated, newHits, at: now.toISOString() } });
      return { institutionId, evaluated, newHits };
    });
  }

  async scanAll(now: Date = this.clock.now()): Promise<ScanResult[]> {
    const institutions = await this.db.read((m) => m.getRepository(InstitutionEntity).find({ order: { id: 'ASC' } }));
    const out: ScanResult[] = [];
    for (const inst of institutions) if (this.host.enabledFor(inst.code).some((e) => e.plugin.rules?.length)) out.push(await this.scan(inst.id, now));
    return out;
  }

  /** The records any of these record rules can hit (RuleDef.candidates), or null when one of them may hit any record. */
  private async candidates(code: string, pluginId: string, rules: RuleDef[], ctx: FactContext): Promise<RecordWhere[] | null> {
    const overrides = this.host.thresholdOverrides(code, pluginId);
    const out: RecordWhere[] = [];
    for (const rule of rules) {
      const wheres = rule.candidates ? await rule.candidates({ ...ctx, record: undefined, thresholds: thresholdsFor(rule, overrides) }) : null;
      if (!wheres) return null;
      out.push(...wheres);
    }
    return out;
  }

  private async runRecord(m: EntityManager, code: string, pluginId: string, rule: RuleDef, ctx: FactContext, record: PluginRecordView): Promise<number> {
    const overrides = this.host.thresholdOverrides(code, pluginId);
    const thresholds = thresholdsFor(rule, overrides);
    const outcome = await evaluateRule(rule, { ...ctx, thresholds }, this.host.facts(pluginId), this.host.operators(pluginId), overrides);
    if (!outcome.hit) return 0;
    return this.raise(m, pluginId, rule, { ...ctx, thresholds }, { key: `record:${record.id}`, label: record.title, recordId: record.id, values: {} }, outcome.inputs);
  }

  private async runSubjects(m: EntityManager, code: string, pluginId: string, rule: RuleDef, ctx: FactContext): Promise<number> {
    const source = this.host.subjectSources(pluginId).get(rule.subjects!)!;
    const overrides = this.host.thresholdOverrides(code, pluginId);
    // The source sees the rule's thresholds (a window, a limit) as its facts do.
    const thresholds = thresholdsFor(rule, overrides);
    // On a save, only the subjects the saved record belongs to (when the source can say which); in a scan, all.
    const subjects = ctx.record && source.around ? await source.around({ ...ctx, record: ctx.record, thresholds }) : await source.list({ ...ctx, record: undefined, thresholds });
    let raised = 0;
    // A generator's subjects are evaluated as it yields them: the scan never holds them all.
    for await (const subject of subjects) {
      const outcome = await evaluateRule(rule, { ...ctx, record: undefined, subject, thresholds }, this.host.facts(pluginId), this.host.operators(pluginId), overrides);
      if (outcome.hit) raised += await this.raise(m, pluginId, rule, { ...ctx, record: undefined, subject, thresholds }, subject, outcome.inputs);
    }
    return raised;
  }

  private async raise(m: EntityManager, pluginId: string, rule: RuleDef, ctx: FactContext, subject: RuleSubject, inputs: Record<string, unknown>): Promise<number> {
    const ruleId = `${pluginId}/${rule.id}`;
    inputs = withNamedThresholds(rule.message, inputs, ctx.thresholds ?? {});
    // The message as applied: an overridden threshold reads as this institution set it.
    // Most messages name nothing: the catalogue lookup (institution names included) is only for those that do.
    const found = messagePlaceholders(rule.message).zh.length ? hitSpecOf(this.host, ruleId) : null;
    const message = found ? fillMessage(rule.message, inputs, found.spec) : rule.message;
    const hit = await this.hits.raise(m, {
      institutionId: ctx.institutionId,
      pluginId,
      ruleId,
      ruleVersion: rule.version,
      level: rule.level,
      recordId: subject.recordId ?? null,
      recordIds: subject.recordIds ?? (subject.recordId ? [subject.recordId] : []),
      subjectKey: rule.subjects ? `${rule.subjects}:${subject.key}` : subject.key,
      subjectLabel: subject.label,
      inputs,
      message,
    });
    if (!hit) return 0;
    const follow = rule.followUp ? await rule.followUp(ctx) : null;
    if (follow) await this.events.emit(m, 'rule.follow-up', { pluginId, ruleId, hitId: hit.id, institutionId: ctx.institutionId, ...follow });
    return 1;
  }

}
