import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import * as path from 'node:path';
import { In } from 'typeorm';
import { Actor, actorLabel } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import { EnvConfig } from '../config/env.config';
import { Db } from '../db/db';
import { AppError, type FieldProblem } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { InstitutionEntity } from '../org/org.entities';
import { OrgService } from '../org/org.service';
import { validateFields } from './field-validation';
import { checkInstitutionSet, ConfigError, InstitutionConfig, isBelow, parseInstitutionObject, PluginSetting } from './institution-config';
import { InstitutionSettingsEntity } from './institution-settings.entity';
import './institution-settings.i18n';
import { institutionDocument } from './institution-yaml';
import { PluginHost } from './plugin-host';

/** How often a process looks for institutions saved by another process (the worker, a second web process). */
const POLL_MS = 5_000;

/** An institution's name in either language, for refusals. */
const named = (c: InstitutionConfig) => ({ zh: c.name, en: c.nameEn || c.name });

/** Where a saved row's refusal points, as a YAML refusal names its file. */
const rowName = (code: string) => `database: institution_settings (${code})`;

/** The saved rows as institutions, checked one by one and then together with the others, as the YAML files are. */
function parseRows(host: PluginHost, configDir: string, rows: InstitutionSettingsEntity[]): { list: InstitutionConfig[]; changed: InstitutionConfig[] } {
  const folder = path.join(configDir, 'institutions');
  const changed = rows.map((row) => parseInstitutionObject(JSON.parse(row.config) as Record<string, unknown>, rowName(row.institutionCode), host.institutionTypes(), folder));
  const list = [...host.institutions.filter((i) => !changed.some((c) => c.code === i.code)), ...changed];
  checkInstitutionSet(list);
  for (const cfg of changed) host.checkInstitution(cfg);
  return { list, changed };
}

/** Applies every saved institution over its YAML file (or adds it); a row that no longer passes stops boot, as a bad file does. */
export async function applySavedInstitutions(db: Db, host: PluginHost, configDir: string): Promise<void> {
  const rows = await db.read((m) => m.getRepository(InstitutionSettingsEntity).find({ order: { institutionCode: 'ASC' } }));
  for (const cfg of parseRows(host, configDir, rows).changed) host.putInstitution(cfg);
}

export interface SavedInstitution {
  version: number;
  updatedAt: string;
  reason: string;
}

/** The institution part of the screen's form; the rest of the institution (plugins, grants, risk choices) is kept. */
export interface InstitutionFields {
  name: string;
  nameEn: string;
  type: string;
  parent: string | null;
  letterhead: string;
  docNumberPrefix: string;
  warningPalette: InstitutionConfig['warningPalette'];
  gradingPreset: InstitutionConfig['gradingPreset'];
  assessmentPreset: InstitutionConfig['assessmentPreset'];
}

/** Institutions and their plugins saved on screen: checked as the YAML files are, applied at once, audited, exported. */
@Injectable()
export class InstitutionSettingsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('InstitutionSettings');
  /** The version of each institution's row this process has applied. */
  private readonly applied = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly env: EnvConfig,
    private readonly org: OrgService,
    private readonly access: AccessService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.refresh().catch((err) => this.log.warn(`institution settings not refreshed: ${(err as Error).message}`)), POLL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  institution(code: string): InstitutionConfig {
    const cfg = this.host.institutions.find((i) => i.code === code);
    if (!cfg) throw AppError.notFound();
    return cfg;
  }

  /** Every institution saved on screen, by code: one query for the list. */
  async savedAll(): Promise<Map<string, SavedInstitution>> {
    const rows = await this.db.read((m) => m.getRepository(InstitutionSettingsEntity).find({ select: { institutionCode: true, version: true, updatedAt: true, reason: true } }));
    return new Map(rows.map((r) => [r.institutionCode, { version: r.version, updatedAt: r.updatedAt, reason: r.reason }]));
  }

  async saved(code: string): Promise<SavedInstitution | null> {
    const row = await this.db.read((m) => m.getRepository(InstitutionSettingsEntity).findOneBy({ institutionCode: code }));
    return row && { version: row.version, updatedAt: row.updatedAt, reason: row.reason };
  }

  /** A new institution (`code`), or an existing one's name, type, parent, letterhead, number prefix and presets. */
  async saveInstitution(actor: Actor, code: string, fields: InstitutionFields, reason: string, isNew: boolean): Promise<void> {
    const existing = this.host.institutions.find((i) => i.code === code);
    if (isNew && existing) throw AppError.validation([{ field: 'code', key: 'validation.institution_code_taken', params: { name: named(existing) } }]);
    const before = isNew ? null : this.institution(code);
    const next: InstitutionConfig = before
      ? { ...before, ...fields }
      : { file: rowName(code), code, ...fields, plugins: [], grants: [], oversight: { parentSeesWarnings: true }, templateDir: path.join(this.env.CONFIG_DIR, 'institutions', code, 'templates') };
    const problems = this.institutionProblems(next);
    if (before) problems.push(...this.pluginProblems(next, next.plugins).map((p) => ({ ...p, field: 'type' })));
    if (problems.length) throw AppError.validation(problems);
    await this.store(actor, next, reason, 'institution.settings', { from: before && institutionDocument(before), to: institutionDocument(next) });
  }

  /** Which plugins the institution runs, with their options and rule thresholds. */
  async savePlugins(actor: Actor, code: string, settings: PluginSetting[], reason: string): Promise<void> {
    const before = this.institution(code);
    const problems = this.pluginProblems(before, settings);
    if (problems.length) throw AppError.validation(problems);
    // The screen does not edit the warning models a file declares under a plugin: they stay with it.
    const kept = settings.map((s) => ({ ...s, models: before.plugins.find((p) => p.id === s.id)?.models ?? [] }));
    await this.store(actor, { ...before, plugins: kept }, reason, 'institution.plugins', { from: before.plugins, to: kept });
  }

  /** Stores the institution with the reason, audits old and new, applies it here (and in the database's institutions); others follow within POLL_MS. */
  private async store(actor: Actor, next: InstitutionConfig, reason: string, action: string, change: Record<string, unknown>): Promise<void> {
    try {
      checkInstitutionSet([...this.host.institutions.filter((i) => i.code !== next.code), next]);
      this.host.checkInstitution(next);
    } catch (err) {
      // The screen's own checks come first; this is the YAML loader's, for anything they do not cover.
      if (err instanceof ConfigError) throw new AppError(400, 'validation.institution_settings', { reason: `${err.field}: ${err.reason}` });
      throw err;
    }
    const version = await this.db.write(async (m) => {
      const repo = m.getRepository(InstitutionSettingsEntity);
      const v = ((await repo.findOneBy({ institutionCode: next.code }))?.version ?? 0) + 1;
      await repo.save({ institutionCode: next.code, config: JSON.stringify(institutionDocument(next)), version: v, updatedBy: actor.userId, updatedAt: this.clock.now().toISOString(), reason });
      const institutionId = (await m.getRepository(InstitutionEntity).findOneBy({ code: next.code }))?.id ?? null;
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action, objectType: 'institution', objectId: next.code, detail: { ...change, reason, version: v } });
      return v;
    });
    this.host.putInstitution(next);
    this.applied.set(next.code, version);
    await this.org.syncFromConfig(this.host.institutions);
  }

  /** Applies rows saved by other processes since this one last looked. */
  async refresh(): Promise<number> {
    const versions = await this.db.read((m) => m.getRepository(InstitutionSettingsEntity).find({ select: { institutionCode: true, version: true } }));
    const stale = versions.filter((r) => this.applied.get(r.institutionCode) !== r.version).map((r) => r.institutionCode);
    if (!stale.length) return 0;
    const fresh = await this.db.read((m) => m.getRepository(InstitutionSettingsEntity).find({ where: { institutionCode: In(stale) }, order: { institutionCode: 'ASC' } }));
    try {
      for (const cfg of parseRows(this.host, this.env.CONFIG_DIR, fresh).changed) this.host.putInstitution(cfg);
      this.access.invalidate();
    } catch (err) {
      this.log.error(`${(err as Error).message}: kept the institutions in force`);
    }
    for (const r of fresh) this.applied.set(r.institutionCode, r.version);
    return fresh.length;
  }

  /** What only the set of institutions can refuse, in the request's language: the parent and the number prefix. */
  private institutionProblems(next: InstitutionConfig): FieldProblem[] {
    const out: FieldProblem[] = [];
    if (!this.host.institutionTypes().includes(next.type)) out.push({ field: 'type', key: 'validation.invalid' });
    if (next.parent) {
      const others = this.host.institutions.filter((i) => i.code !== next.code);
      const parent = others.find((i) => i.code === next.parent);
      if (!parent) out.push({ field: 'parent', key: 'validation.institution_parent_unknown' });
      // The new parent must not stand below this institution.
      else if (isBelow(others, parent.code, next.code)) out.push({ field: 'parent', key: 'validation.institution_parent_cycle', params: { name: named(parent) } });
    }
    const clash = this.host.institutions.find((i) => i.code !== next.code && i.docNumberPrefix === next.docNumberPrefix);
    if (clash) out.push({ field: 'docNumberPrefix', key: 'validation.institution_prefix_taken', params: { prefix: next.docNumberPrefix, other: named(clash), name: named(next) } });
    return out;
  }

  /** Option values by the plugin's field declarations, the type and the dependencies; fields named as the plugin form posts them. */
  private pluginProblems(cfg: InstitutionConfig, settings: PluginSetting[]): FieldProblem[] {
    const out: FieldProblem[] = [];
    for (const s of settings) {
      const plugin = this.host.plugin(s.id);
      if (!plugin) {
        out.push({ field: `enabled:${s.id}`, key: 'validation.plugin_unknown', params: { id: s.id } });
        continue;
      }
      if (plugin.institutionTypes?.length && !plugin.institutionTypes.includes(cfg.type)) out.push({ field: `enabled:${s.id}`, key: 'validation.plugin_type', params: { plugin: plugin.name } });
      const missing = (plugin.dependsOn ?? []).filter((d) => !settings.some((x) => x.id === d));
      if (missing.length) out.push({ field: `enabled:${s.id}`, key: 'validation.plugin_needs', params: { plugins: missing.join(', ') } });
      for (const p of validateFields(plugin.options ?? [], s.options).problems) out.push({ ...p, field: `opt:${s.id}:${p.field}` });
      for (const [ruleId, values] of Object.entries(s.ruleThresholds)) {
        for (const [name, v] of Object.entries(values)) if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) out.push({ field: `thr:${s.id}:${ruleId}:${name}`, key: 'validation.plugin_threshold' });
      }
    }
    return out;
  }
}
