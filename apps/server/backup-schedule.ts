import * as fs from 'node:fs';
import * as path from 'node:path';
import { INestApplication, Logger } from '@nestjs/common';
import type { EnvConfig } from '../../core/config/env.config';
import { HealthChecks, HealthResult } from '../../core/http/health-checks';
import { backup } from '../cli/backup';

const ARCHIVE = /^lz-backup-\d{8}T\d{9}Z\.lzbak$/;

/** lz-backup-20261206T013000123Z.lzbak: names sort by time, so pruning keeps the last ones by name. */
export function archiveName(at: Date): string {
  return `lz-backup-${at.toISOString().replace(/[-:.]/g, '')}.lzbak`;
}

/** Deletes all but the newest `keep` scheduled archives in `dir` (other files are left alone); returns the deleted names. */
export function pruneArchives(dir: string, keep: number): string[] {
  const old = fs.readdirSync(dir).filter((n) => ARCHIVE.test(n)).sort().slice(0, -keep);
  for (const name of old) fs.rmSync(path.join(dir, name), { force: true });
  return old;
}

/**
 * Backups on a timer inside the `start` process, through the same code as `cli.js backup`: every BACKUP_EVERY_HOURS
 * an archive into BACKUP_DIR, then the oldest beyond BACKUP_KEEP are deleted. A failure is logged and /api/health
 * reports `backup` as warn until a run succeeds.
 */
export class BackupSchedule {
  private readonly logger = new Logger('Backup');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private last?: { at: string; file?: string; error?: string };
  runs = 0;

  constructor(
    private readonly env: EnvConfig,
    private readonly opts: { scryptN?: number } = {},
  ) {}

  start(checks: HealthChecks): void {
    checks.register('backup', async () => this.health(), 0);
    const everyMs = Math.max(1000, Math.round(this.env.BACKUP_EVERY_HOURS * 3_600_000));
    this.timer = setInterval(() => {
      // A run still going when the next is due (a slow disk) is not doubled.
      this.running ??= this.runOnce().finally(() => (this.running = undefined));
    }, everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async runOnce(): Promise<void> {
    const dir = this.env.BACKUP_DIR!;
    const at = new Date();
    try {
      const done = await backup(this.env, path.join(dir, archiveName(at)), this.env.BACKUP_PASSPHRASE ?? '', this.opts);
      const pruned = pruneArchives(dir, this.env.BACKUP_KEEP);
      this.last = { at: at.toISOString(), file: done.file };
      this.logger.log({ msg: 'backup written', file: done.file, bytes: done.bytes, files: done.files, pruned: pruned.length });
    } catch (err) {
      this.last = { at: at.toISOString(), error: (err as Error).message };
      this.logger.error({ msg: 'scheduled backup failed', dir, err: (err as Error).message });
    } finally {
      this.runs++;
    }
  }

  health(): HealthResult {
    const everyHours = this.env.BACKUP_EVERY_HOURS;
    if (!this.last) return { status: 'ok', everyHours, detail: 'no scheduled backup yet' };
    if (this.last.error) return { status: 'warn', everyHours, lastRunAt: this.last.at, detail: `the last scheduled backup failed: ${this.last.error}` };
    return { status: 'ok', everyHours, lastRunAt: this.last.at, lastArchive: path.basename(this.last.file!) };
  }
}

/** Starts the schedule when BACKUP_EVERY_HOURS is set (loadEnv has checked BACKUP_DIR and the passphrase). */
export function startBackupSchedule(app: INestApplication, env: EnvConfig, opts: { scryptN?: number } = {}): BackupSchedule | null {
  if (!env.BACKUP_EVERY_HOURS) return null;
  const schedule = new BackupSchedule(env, opts);
  schedule.start(app.get(HealthChecks));
  return schedule;
}
