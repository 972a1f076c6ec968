import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Actor, actorLabel } from '../../auth/actor';
import { Clock } from '../../clock/clock';
import { Db } from '../../db/db';
import { AppError } from '../../http/app-error';
import { t } from '../../i18n/i18n';
import { AccessService } from '../../org/access.service';
import type { LocalizedText, Role } from '../../plugin-api';
import { PluginHost } from '../../plugin-host/plugin-host';
import { BacktestResult, ModelBacktest } from './model-backtest.service';
import { fieldUse, FieldUse, LEVELS, MEASURES, ModelDefinition, ModelScope, OPERATORS, PERIODS, validateModel } from './model-definition';
import { modelRuleId } from './model-evaluator.service';
import type { ModelStatus, WarningModelEntity } from './model.entities';
import { ModelRepository } from './model.repository';
import './models.i18n';

/** Who defines, tests and switches models: the institution's discipline officer (and the system admin, as everywhere). */
export const MODEL_ROLES: Role[] = ['discipline-officer'];
/** The `format` of an exported model file. */
export const MODEL_FILE_FORMAT = 'lianzheng-warning-model';

export interface ModelView {
  id: number;
  institutionId: number;
  key: string;
  ruleId: string;
  status: ModelStatus;
  version: number;
  definition: ModelDefinition;
  configFile: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ModelVersionView {
  version: number;
  definition: ModelDefinition;
  actor: string;
  reason: string;
  createdAt: string;
}

export interface ModelFile {
  format: string;
  formatVersion: number;
  exportedAt: string;
  definition: ModelDefinition;
}

/** What a model screen may offer for one record type: each usable field with its operators and measures. */
export interface ModelSchemaType {
  pluginId: string;
  pluginName: LocalizedText;
  recordType: string;
  label: LocalizedText;
  fields: FieldUse[];
}

/**
 * Warning models of an institution: define (draft), change, enable, disable, backtest, export and import. Enabling
 * makes version 1, every change a new version with who, when and why; every step is audited.
 */
@Injectable()
export class ModelsService {
  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly models: ModelRepository,
    private readonly backtests: ModelBacktest,
  ) {}

  /** The record types of the institution's enabled plugins, as a model may read them. */
  scopeOf(institutionCode: string): ModelScope {
    return { plugins: this.host.enabledFor(institutionCode).map((e) => ({ id: e.plugin.id, recordTypes: e.plugin.recordTypes })) };
  }

  async schema(actor: Actor, institutionId: number) {
    const code = await this.guard(actor, institutionId);
    const types: ModelSchemaType[] = this.host.enabledFor(code).flatMap((e) =>
      (e.plugin.recordTypes ?? []).map((t) => ({ pluginId: e.plugin.id, pluginName: e.plugin.name, recordType: t.id, label: t.label, fields: t.fields.map(fieldUse).filter((u): u is FieldUse => !!u) })),
    );
    return { institutionId, recordTypes: types, operators: OPERATORS, measures: MEASURES, periods: PERIODS, levels: LEVELS };
  }

  async list(actor: Actor, institutionId: number): Promise<ModelView[]> {
    await this.guard(actor, institutionId);
    return this.db.read(async (m) => (await this.models.list(m, institutionId)).map(view));
  }

  async get(actor: Actor, id: number): Promise<ModelView & { versions: ModelVersionView[] }> {
    return this.db.read(async (m) => {
      const row = await this.owned(m, actor, id);
      const versions = (await this.models.versions(m, row.id)).map((v) => ({ version: v.version, definition: JSON.parse(v.definition) as ModelDefinition, actor: v.actor, reason: v.reason, createdAt: v.createdAt }));
      return { ...view(row), versions };
    });
  }

  /** A new model, as a draft: it raises nothing until enabled, and may be backtested meanwhile. */
  async create(actor: Actor, institutionId: number, definition: unknown, action: 'model.create' | 'model.import' = 'model.create'): Promise<ModelView> {
    const code = await this.guard(actor, institutionId);
    const d = this.valid(definition, this.scopeOf(code));
    return this.db.write(async (m) => {
      if (await this.models.byKey(m, institutionId, d.id)) throw AppError.conflict(refusal('model.exists', { id: d.id }));
      const now = this.clock.now().toISOString();
      const row = await this.models.insert(m, { institutionId, modelKey: d.id, pluginId: d.pluginId, recordType: d.recordType, status: 'draft', version: 0, definition: JSON.stringify(d), configFile: null, createdAt: now, updatedAt: now });
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action, objectType: 'warning-model', objectId: row.id, detail: { key: d.id, definition: d } });
      return view(row);
    });
  }

  /** A changed definition: a new version once the model has been enabled (hits keep the version that raised them). */
  async update(actor: Actor, id: number, definition: unknown, reason: string): Promise<ModelView> {
    return this.db.write(async (m) => {
      const row = await this.changeable(m, actor, id);
      const d = this.valid(definition, this.scopeOf(await this.codeOf(row.institutionId)));
      if (d.id !== row.modelKey) throw AppError.validation([{ field: 'id', key: 'validation.invalid' }]);
      Object.assign(row, { pluginId: d.pluginId, recordType: d.recordType });
      row.definition = JSON.stringify(d);
      if (row.version > 0) {
        row.version++;
        await this.models.addVersion(m, { modelId: row.id, version: row.version, definition: row.definition, actor: actorLabel(actor), userId: actor.userId, reason, createdAt: this.clock.now().toISOString() });
      }
      return this.saved(m, actor, row, 'model.update', reason);
    });
  }

  /** Enabled at once for saves and scans of every process; the first enabling makes version 1. */
  async enable(actor: Actor, id: number, reason: string): Promise<ModelView> {
    return this.db.write(async (m) => {
      const row = await this.changeable(m, actor, id);
      // The institution's plugins may have changed since the model was saved.
      this.valid(JSON.parse(row.definition), this.scopeOf(await this.codeOf(row.institutionId)));
      if (row.status === 'enabled') return view(row);
      if (row.version === 0) {
        row.version = 1;
        await this.models.addVersion(m, { modelId: row.id, version: 1, definition: row.definition, actor: actorLabel(actor), userId: actor.userId, reason, createdAt: this.clock.now().toISOString() });
      }
      row.status = 'enabled';
      return this.saved(m, actor, row, 'model.enable', reason);
    });
  }

  /** Raises nothing from now on; its versions and hits stay. */
  async disable(actor: Actor, id: number, reason: string): Promise<ModelView> {
    return this.db.write(async (m) => {
      const row = await this.changeable(m, actor, id);
      if (row.status !== 'enabled') return view(row);
      row.status = 'disabled';
      return this.saved(m, actor, row, 'model.disable', reason);
    });
  }

  /** A stored model's backtest, or an unsaved definition's (the officer adjusting the threshold before saving). */
  async backtest(actor: Actor, target: { id: number } | { institutionId: number; definition: unknown }, budgetMs?: number): Promise<BacktestResult> {
    if ('id' in target) {
      const row = await this.db.read((m) => this.owned(m, actor, target.id));
      return this.backtests.run(row.institutionId, JSON.parse(row.definition) as ModelDefinition, budgetMs);
    }
    const code = await this.guard(actor, target.institutionId);
    return this.backtests.run(target.institutionId, this.valid(target.definition, this.scopeOf(code)), budgetMs);
  }

  async exportFile(actor: Actor, id: number): Promise<{ name: string; file: ModelFile }> {
    const row = await this.db.read((m) => this.owned(m, actor, id));
    const file: ModelFile = { format: MODEL_FILE_FORMAT, formatVersion: 1, exportedAt: this.clock.now().toISOString(), definition: JSON.parse(row.definition) as ModelDefinition };
    return { name: `${row.modelKey}.model.json`, file };
  }

  /** An exported model into this institution, checked against its enabled plugins; it arrives as a draft. */
  async importFile(actor: Actor, institutionId: number, file: unknown): Promise<ModelView> {
    const f = file as Partial<ModelFile> | null;
    if (!f || typeof f !== 'object' || f.format !== MODEL_FILE_FORMAT || f.formatVersion !== 1) throw AppError.validation([{ field: 'file.format', key: 'model.import_format' }]);
    return this.create(actor, institutionId, f.definition, 'model.import');
  }

  /** The definition, or 400 naming every refused part. */
  private valid(definition: unknown, scope: ModelScope): ModelDefinition {
    const problems = validateModel(definition, scope);
    if (problems.length) throw AppError.validation(problems);
    return definition as ModelDefinition;
  }

  /** The institution's code, once the caller may see it (404 otherwise) and is its discipline officer (403 otherwise). */
  private async guard(actor: Actor, institutionId: number): Promise<string> {
    await this.access.assertVisible(actor, institutionId, { type: 'institution', id: institutionId });
    await this.access.requireAccess(actor, institutionId, MODEL_ROLES);
    return this.codeOf(institutionId);
  }

  private async codeOf(institutionId: number): Promise<string> {
    const inst = (await this.access.institutions()).find((i) => i.id === institutionId);
    if (!inst) throw AppError.notFound();
    return inst.code;
  }

  /** A model of an institution where the caller is discipline officer; any other answers like a missing one. */
  private async owned(m: EntityManager, actor: Actor, id: number): Promise<WarningModelEntity> {
    const row = await this.models.byId(m, id);
    if (!row) throw AppError.notFound();
    await this.access.requireReadable(actor, row.institutionId, MODEL_ROLES, { type: 'warning-model', id });
    return row;
  }

  /** A model changed through the API: not one an institution's YAML defines (the file would undo the change at the next start). */
  private async changeable(m: EntityManager, actor: Actor, id: number): Promise<WarningModelEntity> {
    const row = await this.owned(m, actor, id);
    if (row.configFile) throw AppError.conflict(refusal('model.config_owned', { file: row.configFile }));
    return row;
  }

  private async saved(m: EntityManager, actor: Actor, row: WarningModelEntity, action: string, reason: string): Promise<ModelView> {
    row.updatedAt = this.clock.now().toISOString();
    await this.models.update(m, row);
    await this.audit.append(m, { actor: actorLabel(actor), institutionId: row.institutionId, action, objectType: 'warning-model', objectId: row.id, detail: { key: row.modelKey, version: row.version, status: row.status, reason } });
    return view(row);
  }
}

function view(row: WarningModelEntity): ModelView {
  const definition = JSON.parse(row.definition) as ModelDefinition;
  return { id: row.id, institutionId: row.institutionId, key: row.modelKey, ruleId: modelRuleId(definition), status: row.status, version: row.version, definition, configFile: row.configFile, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/** A refusal in both languages from a models.i18n.ts message. */
function refusal(key: string, params: Record<string, unknown>): LocalizedText {
  return { zh: t('zh', key, params), en: t('en', key, params) };
}
