import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Clock } from '../../clock/clock';
import { Db } from '../../db/db';
import { InstitutionEntity } from '../../org/org.entities';
import { PluginHost } from '../../plugin-host/plugin-host';
import type { ModelDefinition } from './model-definition';
import type { WarningModelEntity } from './model.entities';
import { ModelRepository } from './model.repository';

const ACTOR = 'system:config';

/**
 * Brings the models declared in the institutions' YAML (checked by the plugin host at boot) into the database, where
 * saves and scans read them: a new one enabled as version 1, a changed one as a new version, one no longer declared
 * disabled. Idempotent, so every process may run it at start.
 */
@Injectable()
export class ModelConfigSync {
  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly models: ModelRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The number of models enabled, changed or disabled. */
  async sync(): Promise<number> {
    return this.db.write(async (m) => {
      let changed = 0;
      for (const inst of this.host.institutions) {
        const row = await m.getRepository(InstitutionEntity).findOneBy({ code: inst.code });
        if (!row) continue;
        const declared = this.host.enabledFor(inst.code).flatMap((e) => e.models);
        // Named within the config folder, so the same file reads the same wherever the deployment keeps it.
        const file = `institutions/${path.basename(inst.file)}`;
        for (const d of declared) changed += await this.apply(m, row.id, file, d);
        for (const gone of (await this.models.list(m, row.id)).filter((x) => x.configFile && x.status === 'enabled' && !declared.some((d) => d.id === x.modelKey))) {
          gone.status = 'disabled';
          await this.save(m, gone, 'model.disable', `no longer declared in ${gone.configFile}`);
          changed++;
        }
      }
      return changed;
    });
  }

  private async apply(m: EntityManager, institutionId: number, file: string, d: ModelDefinition): Promise<number> {
    const definition = JSON.stringify(d);
    const now = this.clock.now().toISOString();
    const found = await this.models.byKey(m, institutionId, d.id);
    if (found && found.definition === definition && found.configFile === file && found.status === 'enabled') return 0;
    const row = found ?? (await this.models.insert(m, { institutionId, modelKey: d.id, pluginId: d.pluginId, recordType: d.recordType, status: 'enabled', version: 0, definition, configFile: file, createdAt: now, updatedAt: now }));
    if (!found || row.definition !== definition || row.version === 0) {
      row.version++;
      await this.models.addVersion(m, { modelId: row.id, version: row.version, definition, actor: ACTOR, userId: null, reason: `declared in ${file}`, createdAt: now });
    }
    Object.assign(row, { pluginId: d.pluginId, recordType: d.recordType, definition, configFile: file, status: 'enabled' });
    await this.save(m, row, found ? 'model.update' : 'model.create', `declared in ${file}`);
    return 1;
  }

  private async save(m: EntityManager, row: WarningModelEntity, action: string, reason: string): Promise<void> {
    row.updatedAt = this.clock.now().toISOString();
    await this.models.update(m, row);
    await this.audit.append(m, { actor: ACTOR, institutionId: row.institutionId, action, objectType: 'warning-model', objectId: row.id, detail: { key: row.modelKey, version: row.version, status: row.status, reason } });
  }
}
