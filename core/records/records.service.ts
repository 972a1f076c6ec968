import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { FactContext, PluginRecordView, RecordTypeDef } from '../plugin-api';
import { fromStored, toStored, validateFields } from '../plugin-host/field-validation';
import { PluginHost } from '../plugin-host/plugin-host';
import { evaluateRule } from '../rules/rule-engine';
import { PluginRecordEntity, RuleHitEntity } from './record.entities';
import { InstitutionEntity } from '../org/org.entities';
import { HttpStatus } from '@nestjs/common';
import { DomainEvents } from '../events/domain-events';

export interface RecordListQuery {
  institutionId?: number;
  q?: string;
  limit?: number;
  offset?: number;
}

/** Plugin business records: validated by the plugin's field declarations, scoped, audited, checked by rules. */
@Injectable()
export class RecordsService {
  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  private typeDef(pluginId: string, recordType: string): RecordTypeDef {
    const def = this.host.recordType(pluginId, recordType);
    if (!def) throw new AppError(HttpStatus.NOT_FOUND, 'error.unknown_record_type', { type: `${pluginId}/${recordType}` });
    return def;
  }

  toView(row: PluginRecordEntity): PluginRecordView {
    const def = this.host.recordType(row.pluginId, row.recordType);
    return {
      id: row.id,
      institutionId: row.institutionId,
      pluginId: row.pluginId,
      recordType: row.recordType,
      title: row.title,
      values: def ? fromStored(def.fields, JSON.parse(row.data)) : {},
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  private async institutionCode(institutionId: number): Promise<string> {
    const inst = (await this.access.institutions()).find((i) => i.id === institutionId);
    if (!inst) throw AppError.notFound();
    return inst.code;
  }

  private async assertEnabled(institutionId: number, pluginId: string): Promise<string> {
    const code = await this.institutionCode(institutionId);
    if (!this.host.isEnabled(code, pluginId)) throw new AppError(HttpStatus.NOT_FOUND, 'error.plugin_not_enabled', { plugin: pluginId });
    return code;
  }

  async create(actor: Actor | null, institutionId: number, pluginId: string, recordType: string, input: unknown): Promise<PluginRecordView> {
    const def = this.typeDef(pluginId, recordType);
    if (actor) await this.access.assertVisible(actor, institutionId, { type: 'institution', id: institutionId }, pluginId);
    await this.assertEnabled(institutionId, pluginId);
    const check = validateFields(def.fields, input);
    if (check.problems.length) throw AppError.validation(check.problems);
    return this.db.write(async (m) => {
      const now = new Date().toISOString();
      const row = m.getRepository(PluginRecordEntity).create({
        institutionId,
        pluginId,
        recordType,
        title: String(check.values[def.titleField] ?? '').slice(0, 300),
        data: JSON.stringify(toStored(def.fields, check.values)),
        version: 1,
        createdBy: actor?.userId ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await m.getRepository(PluginRecordEntity).insert(row);
      await this.audit.append(m, { actor: actor ? actorLabel(actor) : 'system:seed', institutionId, action: 'record.create', objectType: `${pluginId}/${recordType}`, objectId: row.id });
      const view = this.toView(row);
      await this.runRules(m, view);
      return view;
    });
  }

  async update(actor: Actor, id: number, input: unknown): Promise<PluginRecordView> {
    const current = await this.get(actor, id);
    const def = this.typeDef(current.pluginId, current.recordType);
    const check = validateFields(def.fields, input, { partial: true });
    if (check.problems.length) throw AppError.validation(check.problems);
    const values = { ...current.values, ...check.values };
    const full = validateFields(def.fields, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)));
    if (full.problems.length) throw AppError.validation(full.problems);
    return this.db.write(async (m) => {
      const repo = m.getRepository(PluginRecordEntity);
      const row = await repo.findOneByOrFail({ id });
      row.data = JSON.stringify(toStored(def.fields, full.values));
      row.title = String(full.values[def.titleField] ?? '').slice(0, 300);
      row.version += 1;
      row.updatedAt = new Date().toISOString();
      await repo.save(row);
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: row.institutionId, action: 'record.update', objectType: `${row.pluginId}/${row.recordType}`, objectId: row.id, detail: { version: row.version, changed: Object.keys(check.values) } });
      const view = this.toView(row);
      await this.runRules(m, view);
      return view;
    });
  }

  async get(actor: Actor, id: number): Promise<PluginRecordView> {
    const row = await this.db.read((m) => m.getRepository(PluginRecordEntity).findOneBy({ id }));
    if (!row) throw AppError.notFound();
    await this.access.assertVisible(actor, row.institutionId, { type: `${row.pluginId}/${row.recordType}`, id }, row.pluginId);
    return this.toView(row);
  }

  async list(actor: Actor, pluginId: string, recordType: string, query: RecordListQuery): Promise<{ total: number; items: PluginRecordView[] }> {
    this.typeDef(pluginId, recordType);
    const visible = await this.access.visibleInstitutionIds(actor, pluginId);
    const scope = query.institutionId !== undefined ? visible.filter((id) => id === query.institutionId) : visible;
    if (!scope.length) return { total: 0, items: [] };
    return this.db.read(async (m) => {
      const qb = m
        .getRepository(PluginRecordEntity)
        .createQueryBuilder('r')
        .where('r.plugin_id = :pluginId AND r.record_type = :recordType', { pluginId, recordType })
        .andWhere('r.institution_id IN (:...scope)', { scope });
      if (query.q) qb.andWhere('r.title LIKE :q', { q: `%${query.q.replace(/[%_]/g, '')}%` });
      const [rows, total] = await qb.orderBy('r.id', 'DESC').take(query.limit ?? 50).skip(query.offset ?? 0).getManyAndCount();
      return { total, items: rows.map((r) => this.toView(r)) };
    });
  }

  /** Rules run inside the write that saved the record; a hit is unique per rule version and subject. */
  private async runRules(m: EntityManager, record: PluginRecordView): Promise<void> {
    const rules = this.host.rulesFor(record.pluginId, record.recordType);
    if (!rules.length) return;
    const inst = await m.getRepository(InstitutionEntity).findOneByOrFail({ id: record.institutionId });
    const ctx: FactContext = {
      institutionId: record.institutionId,
      record,
      options: this.host.optionsFor(inst.code, record.pluginId),
      now: new Date(),
      records: {
        list: async (type, opts) => {
          const rows = await m.getRepository(PluginRecordEntity).find({
            where: { institutionId: record.institutionId, pluginId: record.pluginId, recordType: type },
            order: { id: 'ASC' },
            take: opts?.limit ?? 10_000,
          });
          return rows.map((r) => this.toView(r));
        },
      },
    };
    for (const rule of rules) {
      const outcome = await evaluateRule(rule, ctx, this.host.facts(record.pluginId), this.host.operators(record.pluginId), this.host.thresholdOverrides(inst.code, record.pluginId));
      if (!outcome.hit) continue;
      const subjectKey = `record:${record.id}`;
      const repo = m.getRepository(RuleHitEntity);
      const ruleId = `${record.pluginId}/${rule.id}`;
      if (await repo.findOneBy({ institutionId: record.institutionId, ruleId, ruleVersion: rule.version, subjectKey })) continue;
      const hit = repo.create({
        institutionId: record.institutionId,
        pluginId: record.pluginId,
        ruleId,
        ruleVersion: rule.version,
        level: rule.level,
        recordId: record.id,
        subjectKey,
        inputs: JSON.stringify(outcome.inputs),
        message: JSON.stringify(rule.message),
        createdAt: new Date().toISOString(),
      });
      await repo.insert(hit);
      await this.audit.append(m, { actor: 'system:rules', institutionId: record.institutionId, action: 'rule.hit', objectType: 'rule-hit', objectId: hit.id, detail: { ruleId, version: rule.version, recordId: record.id } });
      await this.events.emit(m, 'rule.hit', {
        institutionId: record.institutionId,
        ruleId,
        ruleVersion: rule.version,
        level: rule.level,
        hitId: hit.id,
        recordId: record.id,
        subjectLabel: record.title,
        message: rule.message,
        inputs: outcome.inputs,
      });
    }
  }

  async ruleHits(actor: Actor, institutionId?: number): Promise<(Omit<RuleHitEntity, 'inputs' | 'message'> & { inputs: unknown; message: unknown })[]> {
    const scope = institutionId !== undefined ? actor.visibleInstitutionIds.filter((id) => id === institutionId) : actor.visibleInstitutionIds;
    if (!scope.length) return [];
    const rows = await this.db.read((m) =>
      m.getRepository(RuleHitEntity).createQueryBuilder('h').where('h.institution_id IN (:...scope)', { scope }).orderBy('h.id', 'DESC').take(500).getMany(),
    );
    return rows.map((h) => ({ ...h, inputs: JSON.parse(h.inputs), message: JSON.parse(h.message) }));
  }
}
