import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import './plugin-settings.i18n';
import { Actor, actorLabel } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { AppError, type FieldProblem } from '../http/app-error';
import { InstitutionEntity } from '../org/org.entities';
import { validateFields } from './field-validation';
import { ConfigError, InstitutionConfig, parsePluginList, PluginSetting } from './institution-config';
import { PluginHost } from './plugin-host';
import { InstitutionPluginSettingsEntity } from './plugin-settings.entity';

/** How often a process looks for settings saved by another process (the worker, a second web process). */
const POLL_MS = 5_000;

/** Where a saved row's refusal points at boot: the table and institution, as a YAML refusal names its file. */
const rowName = (code: string) => `database: institution_plugin_settings (${code})`;

/** Applies every saved institution's plugins over its YAML file's; a row that no longer passes stops boot, as a bad file does. */
export async function applySavedPluginSettings(db: Db, host: PluginHost): Promise<Map<string, number>> {
  const rows = await db.read((m) => m.getRepository(InstitutionPluginSettingsEntity).find());
  const applied = new Map<string, number>();
  for (const row of rows) {
    if (!host.institutions.some((i) => i.code === row.institutionCode)) throw new ConfigError(rowName(row.institutionCode), 'institution_code', 'no config file declares this institution any more');
    host.setPlugins(row.institutionCode, parsePluginList(rowName(row.institutionCode), JSON.parse(row.plugins)), rowName(row.institutionCode));
    applied.set(row.institutionCode, row.version);
  }
  return applied;
}

export interface SavedPluginSettings {
  version: number;
  updatedAt: string;
  reason: string;
}

/** Which plugins an institution runs, with their options and rule thresholds: saved on screen, applied at once, audited. */
@Injectable()
export class PluginSettingsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('PluginSettings');
  /** The version of each institution's row this process has applied. */
  private applied = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.refresh().catch((err) => this.log.warn(`plugin settings not refreshed: ${(err as Error).message}`)), POLL_MS);
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

  async saved(code: string): Promise<SavedPluginSettings | null> {
    const row = await this.db.read((m) => m.getRepository(InstitutionPluginSettingsEntity).findOneBy({ institutionCode: code }));
    return row && { version: row.version, updatedAt: row.updatedAt, reason: row.reason };
  }

  /**
   * Checks the settings as the YAML loader would (options by the plugin's field declarations, thresholds by its rules),
   * stores them with the reason, audits old and new, and applies them in this process; the others follow within POLL_MS.
   */
  async save(actor: Actor, code: string, settings: PluginSetting[], reason: string): Promise<void> {
    const cfg = this.institution(code);
    const problems = this.problems(cfg, settings);
    if (problems.length) throw AppError.validation(problems);
    try {
      this.host.checkPlugins(code, settings);
    } catch (err) {
      if (err instanceof ConfigError) throw new AppError(400, 'validation.plugin_settings', { reason: err.reason });
      throw err;
    }
    const before = cfg.plugins;
    const version = await this.db.write(async (m) => {
      const repo = m.getRepository(InstitutionPluginSettingsEntity);
      const next = ((await repo.findOneBy({ institutionCode: code }))?.version ?? 0) + 1;
      await repo.save({ institutionCode: code, plugins: JSON.stringify(settings), version: next, updatedBy: actor.userId, updatedAt: this.clock.now().toISOString(), reason });
      const institutionId = (await m.getRepository(InstitutionEntity).findOneBy({ code }))?.id ?? null;
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'institution.plugins', objectType: 'institution', objectId: code, detail: { from: before, to: settings, reason, version: next } });
      return next;
    });
    this.host.setPlugins(code, settings);
    this.applied.set(code, version);
  }

  /** Applies rows saved by other processes since this one last looked. */
  async refresh(): Promise<number> {
    const rows = await this.db.read((m) => m.getRepository(InstitutionPluginSettingsEntity).find({ select: { institutionCode: true, version: true } }));
    let changed = 0;
    for (const row of rows.filter((r) => this.applied.get(r.institutionCode) !== r.version)) {
      const full = await this.db.read((m) => m.getRepository(InstitutionPluginSettingsEntity).findOneByOrFail({ institutionCode: row.institutionCode }));
      try {
        this.host.setPlugins(full.institutionCode, parsePluginList(rowName(full.institutionCode), JSON.parse(full.plugins)), rowName(full.institutionCode));
        changed++;
      } catch (err) {
        this.log.error(`${(err as Error).message}: kept the plugins in force`);
      }
      this.applied.set(full.institutionCode, full.version);
    }
    return changed;
  }

  /** Option values by the plugin's field declarations; form field names as the screen posts them. */
  private problems(cfg: InstitutionConfig, settings: PluginSetting[]): FieldProblem[] {
    const out: FieldProblem[] = [];
    for (const s of settings) {
      const plugin = this.host.plugin(s.id);
      if (!plugin) {
        out.push({ field: `enabled:${s.id}`, key: 'validation.plugin_unknown', params: { id: s.id } });
        continue;
      }
      if (plugin.institutionTypes?.length && !plugin.institutionTypes.includes(cfg.type)) out.push({ field: `enabled:${s.id}`, key: 'validation.plugin_type' });
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
