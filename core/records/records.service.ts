import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEvents } from '../events/domain-events';
import { InstitutionEntity } from '../org/org.entities';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { Page, pageOf, PageWindow } from '../http/pagination';
import { AccessService } from '../org/access.service';
import { maskValue, PluginRecordView, RecordTypeDef, Role, ValueCondition } from '../plugin-api';
import type { FieldProblem } from '../http/app-error';
import { toStored, validateFields } from '../plugin-host/field-validation';
import { checkConstraints, testCondition } from '../plugin-host/constraints';
import { PluginHost } from '../plugin-host/plugin-host';
import { RuleOutbox } from '../rules/rule-outbox.service';
import { Clock } from '../clock/clock';
import { PluginRecordEntity, RuleHitEntity } from './record.entities';
import { PluginRecordRepository, RecordSearch } from './plugin-record.repository';
import { fieldsWithOptionDefaults } from './record-defaults';
import { assertUnique, uniqueProblems } from './record-uniqueness';
import { allowedInstitutionCodes, institutionProblems } from './record-institutions';
import { toRecordView } from './record-view';
import { FieldCipher } from './field-cipher';
import { RecordSharesService } from './record-shares.service';
import { RecordVersionsService } from './record-versions.service';
import { RecordWritePolicy, WriteTarget } from './record-write-policy.service';
import { changedKeys, present, splitReason, writeRuleProblems } from './record-write-rules';
import { clearSensitiveKeys, hasSensitive, maskValues, pseudonymOf, sealStored } from './sensitive-fields';
// Registers the messages of protected fields and record history (zh + en) with the i18n catalogue.
import './records.i18n';

/** A public form's one-time code, once its record is answered. */
export const PUBLIC_FORM_USED = { zh: '该回执码已使用，不能重复提交', en: 'This code has already been used' };

export interface RecordListQuery {
  institutionId?: number;
  q?: string;
  limit?: number;
  offset?: number;
  /** Exact matches on field values (enum, reference, boolean fields), e.g. `{ category: 'drugs' }`. */
  where?: Record<string, unknown>;
  /** Only records with (true) or without (false) a rule hit. */
  flagged?: boolean;
  /** Only records whose values meet this condition (a list screen's `show`: a work queue). */
  show?: ValueCondition;
  /** A field key to sort by (default: newest first), and the direction. */
  sort?: string;
  dir?: 'asc' | 'desc';
}

/** Plugin business records: validated by the plugin's field declarations, scoped, audited, checked by rules. */
@Injectable()
export class RecordsService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly rules: RuleOutbox,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
    private readonly shares: RecordSharesService,
    private readonly events: DomainEvents,
    private readonly repo: PluginRecordRepository,
    private readonly policy: RecordWritePolicy,
    private readonly versions: RecordVersionsService,
  ) {}

  onModuleInit(): void {
    // A mistaken write rule would leave a field open or shut to everyone: stop the boot instead.
    const problems = this.host.plugins.flatMap((p) => (p.recordTypes ?? []).flatMap((t) => [...writeRuleProblems(t), ...uniqueProblems(t)].map((x) => `plugin "${p.id}": ${x}`)));
    if (problems.length) throw new Error(problems.join('\n'));
    // A rule's follow-up record (a tracking task) is created in the hit's own transaction.
    this.events.on('rule.follow-up', async (m, e) => {
      const owner = e.institutionCode ? (await m.getRepository(InstitutionEntity).findOneBy({ code: e.institutionCode }))?.id : e.institutionId;
      if (!owner) throw AppError.validation([{ field: 'institutionCode', key: 'validation.institution', params: { code: e.institutionCode } }]);
      await this.create(null, owner, e.pluginId, e.recordType, e.values, { systemActor: `system:rules:${e.ruleId}` });
    });
  }

  private typeDef(pluginId: string, recordType: string): RecordTypeDef {
    const def = this.host.recordType(pluginId, recordType);
    if (!def) throw new AppError(HttpStatus.NOT_FOUND, 'error.unknown_record_type', { type: `${pluginId}/${recordType}` });
    return def;
  }

  toView(row: PluginRecordEntity): PluginRecordView {
    return toRecordView(this.host, row, this.cipher);
  }

  /** The title column is stored and searched in clear, so a sensitive title field is stored masked there. */
  titleOf(def: RecordTypeDef, values: Record<string, unknown>): string {
    const f = def.fields.find((x) => x.key === def.titleField);
    const v = values[def.titleField];
    return String((f?.sensitive ? maskValue(f.sensitive.mask, v) : v) ?? '').slice(0, 300);
  }

  /** The stored JSON of validated values: keyed by field id, sensitive fields sealed. */
  storedData(def: RecordTypeDef, values: Record<string, unknown>): string {
    return JSON.stringify(sealStored(def, toStored(def.fields, values), this.cipher));
  }

  /**
   * What this actor may see of a record: sensitive values masked (or pseudonymised) unless the actor holds a
   * `visibleTo` role at the record's institution or at an institution it is shared with (the hospital a
   * referral goes to). `audit` names the read (api, list, ...): each read showing a clear identifying value is logged.
   */
  async forActor(actor: Actor | null, view: PluginRecordView, audit?: string): Promise<PluginRecordView> {
    const def = this.host.recordType(view.pluginId, view.recordType);
    if (!actor || !hasSensitive(def)) return view;
    return (await this.maskFor(actor, def!, [view], audit))[0];
  }

  /** Roles per record: at its institution, plus at each of the caller's own institutions it is shared with. */
  private async rolesPerRecord(actor: Actor, views: PluginRecordView[]): Promise<Map<number, Role[]>> {
    const at = new Map<number, Role[]>();
    const rolesAt = async (institutionId: number) => {
      if (!at.has(institutionId)) at.set(institutionId, await this.access.rolesAt(actor, institutionId));
      return at.get(institutionId)!;
    };
    const own = await this.access.ownInstitutionIds(actor);
    const ids = views.map((v) => v.id);
    const shares = own.length && ids.length ? await this.db.read((m) => this.repo.sharesOf(m, ids, own)) : [];
    const out = new Map<number, Role[]>();
    for (const v of views) {
      const roles = new Set(await rolesAt(v.institutionId));
      for (const sh of shares.filter((x) => x.recordId === v.id)) for (const r of await rolesAt(sh.institutionId)) roles.add(r);
      out.set(v.id, [...roles]);
    }
    return out;
  }

  private async maskFor(actor: Actor, def: RecordTypeDef, views: PluginRecordView[], audit?: string): Promise<PluginRecordView[]> {
    // Most record types hold nothing sensitive: skip the per-record role and share lookups.
    if (!hasSensitive(def)) return views;
    const roles = await this.rolesPerRecord(actor, views);
    const seen: { id: number; fields: string[] }[] = [];
    const out = views.map((v) => {
      const r = roles.get(v.id) ?? [];
      const fields = clearSensitiveKeys(def, v.values, r);
      if (fields.length) seen.push({ id: v.id, fields });
      return { ...v, values: maskValues(def, v.values, r, (fieldId) => pseudonymOf(this.cipher, fieldId, v.id)) };
    });
    if (audit && seen.length) {
      // One entry per read: who, when, which records and which identifying fields were shown in clear.
      const type = `${views[0].pluginId}/${views[0].recordType}`;
      await this.db.write((m) =>
        this.audit.append(m, { actor: actorLabel(actor), institutionId: actor.currentInstitutionId ?? null, action: 'record.sensitive-view', objectType: type, objectId: seen.length === 1 ? seen[0].id : seen.map((x) => x.id).join(','), detail: { via: audit, records: seen } }),
      );
    }
    return out;
  }

  /** Views with every sensitive field masked, as for a reader without any right: nothing to look up, nothing to log. */
  maskedForAnyone(views: PluginRecordView[]): PluginRecordView[] {
    return views.map((v) => {
      const def = this.host.recordType(v.pluginId, v.recordType);
      return hasSensitive(def) ? { ...v, values: maskValues(def!, v.values, [], (fieldId) => pseudonymOf(this.cipher, fieldId, v.id)) } : v;
    });
  }

  /** The clear value of one sensitive field for an oversight role (`pseudonymFor`), given a logged reason. */
  async reveal(actor: Actor, id: number, field: string, reason: string): Promise<{ recordId: number; field: string; value: unknown }> {
    const current = await this.getClear(actor, id);
    const def = this.typeDef(current.pluginId, current.recordType);
    const f = def.fields.find((x) => x.key === field && x.sensitive);
    if (!f) throw AppError.validation([{ field: 'field', key: 'validation.invalid' }]);
    if (reason.trim().length < 10) throw AppError.validation([{ field: 'reason', key: 'validation.min_length', params: { min: 10 } }]);
    const roles = (await this.rolesPerRecord(actor, [current])).get(id) ?? [];
    const allowed = [...f.sensitive!.visibleTo, ...(f.sensitive!.pseudonymFor ?? [])].some((r) => roles.includes(r));
    const entry = { actor: actorLabel(actor), institutionId: current.institutionId, action: 'record.reveal', objectType: `${current.pluginId}/${current.recordType}`, objectId: id, detail: { field, reason: reason.trim() } };
    if (!allowed) {
      await this.audit.record({ ...entry, outcome: 'denied' });
      throw AppError.forbidden();
    }
    await this.db.write((m) => this.audit.append(m, entry));
    return { recordId: id, field, value: current.values[field] ?? null };
  }

  /** Cross-field constraints, institutions of the allowed types, references (a record of the same plugin and institution) and business numbers no other record holds. */
  private async checkRecord(m: EntityManager, def: RecordTypeDef, pluginId: string, institutionId: number, code: string, values: Record<string, unknown>, recordId: number | null, changed?: string[]): Promise<void> {
    const problems: FieldProblem[] = checkConstraints(def.constraints, values, this.host.optionsFor(code, pluginId));
    if (def.fields.some((f) => f.institution)) {
      const all = await this.access.institutions();
      problems.push(...institutionProblems(def.fields, values, (f) => allowedInstitutionCodes(f, all, (c) => this.host.isEnabled(c, pluginId)), (t) => this.host.institutionTypeLabel(t), changed));
    }
    const today = this.clock.today();
    for (const f of def.fields) {
      const v = values[f.key];
      // Only a day being written now: a stored day stays valid whatever the clock says later.
      if (f.notAfterToday && typeof v === 'string' && v > today && (!changed || changed.includes(f.key))) problems.push({ field: f.key, key: 'validation.not_after_today', params: { today } });
      if (f.type !== 'reference' || typeof v !== 'number') continue;
      if (!(await this.repo.referenceExists(m, { id: v, institutionId, pluginId, recordType: f.ref!.recordType }))) problems.push({ field: f.key, key: 'validation.reference', params: { id: v } });
    }
    if (problems.length) throw AppError.validation(problems);
    await assertUnique(m, this.repo, def, { pluginId, institutionId, recordId }, values, changed);
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

  /** `skipRules`: a bulk load (demo seed) runs one scan at the end instead of rules per record. */
  async create(actor: Actor | null, institutionId: number, pluginId: string, recordType: string, input: unknown, opts: { skipRules?: boolean; systemActor?: string } = {}): Promise<PluginRecordView> {
    const def = this.typeDef(pluginId, recordType);
    if (actor) await this.access.assertVisible(actor, institutionId, { type: 'institution', id: institutionId }, pluginId);
    const code = await this.assertEnabled(institutionId, pluginId);
    const fields = fieldsWithOptionDefaults(def.fields, this.host.optionsFor(code, pluginId));
    const check = validateFields(fields, input);
    if (check.problems.length) throw AppError.validation(check.problems);
    return this.db.write(async (m) => {
      // A field left at its default is not written by the caller: only the others meet the fields' write rules.
      const written = changedKeys(def.fields, Object.fromEntries(fields.map((f) => [f.key, f.default ?? null])), check.values);
      if (actor) await this.policy.assertAccountWrite(m, actor, def, { pluginId, recordType, institutionId, recordId: null, createdBy: actor.userId, stored: {} }, written, null);
      await this.checkRecord(m, def, pluginId, institutionId, code, check.values, null);
      const now = this.clock.now().toISOString();
      const row = await this.repo.insert(m, {
        institutionId,
        pluginId,
        recordType,
        title: this.titleOf(def, check.values),
        data: this.storedData(def, check.values),
        version: 1,
        createdBy: actor?.userId ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await this.shares.sync(m, def, pluginId, row.id, check.values, { created: true });
      const who = actor ? actorLabel(actor) : (opts.systemActor ?? 'system:seed');
      await this.versions.record(m, { row, def, before: {}, after: check.values, changed: changedKeys(def.fields, {}, check.values), actor: who, userId: actor?.userId ?? null, reason: null, action: 'record.create' });
      const view = this.toView(row);
      if (!opts.skipRules) await this.rules.queue(m, view, code);
      return view;
    }).then((view) => this.forActor(actor, view));
  }

  /**
   * Changes what the body sets (a partial update; a value sent unchanged is no change). The body may carry the
   * `reason` of a correction, required when the record is evidence of an open clue or warning.
   */
  async update(actor: Actor, id: number, input: unknown): Promise<PluginRecordView> {
    const { values: patch, reason } = splitReason(input);
    const current = await this.getClear(actor, id);
    const def = this.typeDef(current.pluginId, current.recordType);
    const check = validateFields(def.fields, patch, { partial: true });
    if (check.problems.length) throw AppError.validation(check.problems);
    const code = await this.institutionCode(current.institutionId);
    return this.db.write(async (m) => {
      // Read again inside the write: the checks and the diff see what this transaction overwrites.
      const row = await this.repo.findByIdOrFail(m, id);
      const before = this.toView(row);
      const full = validateFields(def.fields, present({ ...before.values, ...check.values }));
      if (full.problems.length) throw AppError.validation(full.problems);
      const changed = changedKeys(def.fields, before.values, full.values);
      if (!changed.length) return before;
      const assertReason = await this.policy.assertAccountWrite(m, actor, def, this.target(row, before.values), changed, reason);
      await this.checkRecord(m, def, row.pluginId, row.institutionId, code, full.values, row.id, changed);
      assertReason();
      const view = await this.save(m, row, def, full.values);
      await this.versions.record(m, { row, def, before: before.values, after: full.values, changed, actor: actorLabel(actor), userId: actor.userId, reason, action: 'record.update' });
      await this.rules.queue(m, view);
      return view;
    }).then((view) => this.forActor(actor, view));
  }

  /** A public form's answers (PublicFormService checked the link): saved with the answered stamp, as a version, then the rules run. */
  async answerPublicForm(recordId: number, form: { pluginId: string; formId: string; answeredField: string }, answers: Record<string, unknown>): Promise<void> {
    await this.db.write(async (m) => {
      const row = await this.repo.findByIdOrFail(m, recordId);
      const def = this.typeDef(row.pluginId, row.recordType);
      const before = this.toView(row);
      // Re-read inside the write: of two submissions racing each other, only the first counts.
      if (before.values[form.answeredField]) throw AppError.conflict(PUBLIC_FORM_USED);
      const full = validateFields(def.fields, present({ ...before.values, ...answers, [form.answeredField]: this.clock.today() }));
      if (full.problems.length) throw AppError.validation(full.problems);
      const changed = changedKeys(def.fields, before.values, full.values);
      await this.policy.assertPublicWrite(def, this.target(row, before.values), changed);
      await assertUnique(m, this.repo, def, { pluginId: row.pluginId, institutionId: row.institutionId, recordId: row.id }, full.values, changed);
      const view = await this.save(m, row, def, full.values);
      await this.versions.record(m, { row, def, before: before.values, after: full.values, changed, actor: 'public:form', userId: null, reason: null, action: 'record.public-answer', detail: { form: form.formId, answered: Object.keys(answers) } });
      await this.rules.queue(m, view);
    });
  }

  private target(row: PluginRecordEntity, stored: Record<string, unknown>): WriteTarget {
    return { pluginId: row.pluginId, recordType: row.recordType, institutionId: row.institutionId, recordId: row.id, createdBy: row.createdBy, stored };
  }

  /** The record as an edit form sees it: the stored values in clear and its creator, for RecordWritePolicy.formAccess. */
  async writeTarget(id: number): Promise<WriteTarget> {
    const row = await this.db.read((m) => this.repo.findByIdOrFail(m, id));
    return this.target(row, this.toView(row).values);
  }

  /** Stores new values as the row's next version. */
  private async save(m: EntityManager, row: PluginRecordEntity, def: RecordTypeDef, values: Record<string, unknown>): Promise<PluginRecordView> {
    row.data = this.storedData(def, values);
    row.title = this.titleOf(def, values);
    row.version += 1;
    row.updatedAt = this.clock.now().toISOString();
    await this.repo.save(m, row);
    await this.shares.sync(m, def, row.pluginId, row.id, values);
    return this.toView(row);
  }

  /** `via` names the read for the audit of clear identifying values (api, detail page, edit form, document). */
  async get(actor: Actor, id: number, via = 'api'): Promise<PluginRecordView> {
    return this.forActor(actor, await this.getClear(actor, id), via);
  }

  /**
   * As `get`, plus the `visibleTo` roles of every sensitive field the actor sees in clear: who alone may read a
   * copy made from it (an issued document). `clear` is a record already read in clear (a template's related record).
   */
  async getWithReaders(actor: Actor, id: number, via: string, clear?: PluginRecordView): Promise<{ view: PluginRecordView; readers: Role[] }> {
    const current = clear ?? (await this.getClear(actor, id));
    const def = this.host.recordType(current.pluginId, current.recordType);
    if (!hasSensitive(def)) return { view: current, readers: [] };
    const keys = clearSensitiveKeys(def, current.values, (await this.rolesPerRecord(actor, [current])).get(current.id) ?? []);
    const readers = [...new Set(def!.fields.filter((f) => keys.includes(f.key)).flatMap((f) => f.sensitive!.visibleTo))];
    return { view: await this.forActor(actor, current, via), readers };
  }

  /** Scoped like `get`, but with sensitive values in clear: for core's own merging and checks, never for output. */
  private async getClear(actor: Actor, id: number): Promise<PluginRecordView> {
    const row = await this.db.read((m) => this.repo.findById(m, id));
    if (!row) throw AppError.notFound();
    const shared = await this.db.read((m) => this.shares.reaching(m, actor, id));
    if (!shared.length) await this.access.assertVisible(actor, row.institutionId, { type: `${row.pluginId}/${row.recordType}`, id }, row.pluginId);
    return this.toView(row);
  }

  async list(actor: Actor, pluginId: string, recordType: string, query: RecordListQuery, via = 'list'): Promise<{ total: number; items: PluginRecordView[] }> {
    const def = this.typeDef(pluginId, recordType);
    const result = await this.listClear(actor, pluginId, recordType, query);
    if (!hasSensitive(def) || !result.items.length) return result;
    return { total: result.total, items: await this.maskFor(actor, def, result.items, via) };
  }

  private async listClear(actor: Actor, pluginId: string, recordType: string, query: RecordListQuery): Promise<{ total: number; items: PluginRecordView[] }> {
    const def = this.typeDef(pluginId, recordType);
    const visible = await this.access.visibleInstitutionIds(actor, pluginId);
    const scope = query.institutionId !== undefined ? visible.filter((id) => id === query.institutionId) : visible;
    // Records shared with the caller's own institutions (second owners) are listed beside their owners' records.
    const own = def.shares !== undefined || this.host.plugin(pluginId)?.recordTypes?.some((t) => t.shares?.length) ? await this.access.ownInstitutionIds(actor) : [];
    const sharedTo = query.institutionId !== undefined ? own.filter((id) => id === query.institutionId) : own;
    const where = Object.entries(query.where ?? {}).map(([k, v]) => [def.fields.find((f) => f.key === k), v] as const);
    // A filter on a field the type does not have matches nothing.
    if ((!scope.length && !sharedTo.length) || where.some(([f]) => !f)) return { total: 0, items: [] };
    const reach = { pluginId, recordType, owners: scope, sharedTo };
    const sortField = def.fields.find((f) => f.key === query.sort && !f.sensitive && f.type !== 'rows');
    const spec: RecordSearch = {
      q: query.q,
      // Every listed column and every business number, but never personal data (a search would tell what it holds).
      searchFields: def.fields.filter((f) => (f.list || f.unique) && !f.sensitive),
      where: where.map(([f, v]) => [f!, v]),
      flagged: query.flagged,
      sort: { field: sortField, dir: query.dir === 'asc' ? 'ASC' : 'DESC' },
    };
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    return this.db.read(async (m) => {
      if (!query.show) {
        const [rows, total] = await this.repo.page(m, reach, spec, limit, offset);
        return { total, items: rows.map((r) => this.toView(r)) };
      }
      // A work queue's condition is plugin logic over decoded values: SQL narrows, the condition picks, the total stays true.
      const items = (await this.repo.all(m, reach, spec)).map((r) => this.toView(r)).filter((r) => testCondition(query.show!, r.values));
      return { total: items.length, items: items.slice(offset, offset + limit) };
    });
  }

  /**
   * Titles of exactly these records of one type, in one read, scoped as `list` is (visible institutions, or shared
   * with the caller's own): a reference cell shows the title, and an id out of reach stays an id.
   */
  async titles(actor: Actor, pluginId: string, recordType: string, ids: number[]): Promise<Map<number, string>> {
    const wanted = [...new Set(ids.filter((id) => Number.isSafeInteger(id) && id > 0))];
    const out = new Map<number, string>();
    if (!wanted.length) return out;
    const visible = await this.access.visibleInstitutionIds(actor, pluginId);
    const own = await this.access.ownInstitutionIds(actor);
    if (!visible.length && !own.length) return out;
    const rows = await this.db.read((m) => this.repo.titles(m, { pluginId, recordType, owners: visible, sharedTo: own }, wanted));
    for (const r of rows) out.set(r.id, r.title);
    return out;
  }

  /** Rule hits per record id (for flag columns). */
  async hitsByRecord(recordIds: number[]): Promise<Map<number, { ruleId: string; level: string; message: unknown }[]>> {
    const out = new Map<number, { ruleId: string; level: string; message: unknown }[]>();
    if (!recordIds.length) return out;
    const rows = await this.db.read((m) => this.repo.hitsOfRecords(m, recordIds));
    for (const h of rows) out.set(h.recordId!, [...(out.get(h.recordId!) ?? []), { ruleId: h.ruleId, level: h.level, message: JSON.parse(h.message) }]);
    return out;
  }

  async ruleHits(actor: Actor, institutionId: number | undefined, w: PageWindow): Promise<Page<Omit<RuleHitEntity, 'inputs' | 'message'> & { inputs: unknown; message: unknown }>> {
    const scope = institutionId !== undefined ? actor.visibleInstitutionIds.filter((id) => id === institutionId) : actor.visibleInstitutionIds;
    if (!scope.length) return pageOf([], 0, w);
    const [rows, total] = await this.db.read((m) => this.repo.recentHits(m, scope, w.limit, w.offset));
    return pageOf(rows.map((h) => ({ ...h, inputs: JSON.parse(h.inputs), message: JSON.parse(h.message) })), total, w);
  }
}
