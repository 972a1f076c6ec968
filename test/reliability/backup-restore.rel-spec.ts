import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { AuditService } from '../../core/audit/audit.service';
import { Db } from '../../core/db/db';
import { CORE_ENTITIES } from '../../core/domain-modules';
import { startTestApp, TestApp } from '../support/test-app';
import { runCli } from './support/cli';

jest.setTimeout(60_000);

function counts(file: string): { records: number; audit: number; integrity: string } {
  const conn = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const n = (sql: string) => Number((conn.prepare(sql).get() as { n: number }).n);
    return { records: n('SELECT COUNT(*) AS n FROM plugin_records'), audit: n('SELECT COUNT(*) AS n FROM audit_log'), integrity: String(conn.pragma('integrity_check', { simple: true })) };
  } finally {
    conn.close();
  }
}

describe('backup and restore CLI', () => {
  let t: TestApp;
  let work: string;
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-backup-'));
    t = await startTestApp();
    for (let u = 0; u < 4; u++) await t.createUser(`bk-${u}`, [{ institution: 'alpha-hospital', role: 'staff' }]);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('an online backup taken while writers run passes integrity_check, has every row present when it started, and restores with a verifying audit chain', async () => {
    if (t.db.kind === 'postgres') {
      // PostgreSQL backups are pg_dump/pg_restore; the CLI says so instead of doing something half-right.
      const res = await runCli(['backup', path.join(work, 'pg.sqlite')], { DATA_DIR: work, DATABASE_URL: process.env.DATABASE_URL });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('pg_dump');
      expect(res.stderr).not.toMatch(/\n\s+at /);
      return;
    }
    const clients = await Promise.all([0, 1, 2, 3].map((u) => t.login(`bk-${u}`)));
    let stop = false;
    let acked = 0;
    const writers = clients.flatMap((c) =>
      [0, 1, 2].map(async (k) => {
        for (let i = 0; !stop; i++) {
          const res = await c.post('/api/plugins/test-plugin/records/inspection-note', { subject: `备份-${k}-${i}`, amountFen: 100 + i, inspectedOn: '2026-03-01' });
          expect(res.status).toBe(201);
          acked++;
        }
      }),
    );
    while (acked < 30) await new Promise((r) => setTimeout(r, 50));
    const live = path.join(t.env.DATA_DIR, 'platform.sqlite');
    const atStart = counts(live);
    const backupFile = path.join(work, 'backups', 'platform-backup.sqlite');
    const started = Date.now();
    const backup = await runCli(['backup', backupFile], { DATA_DIR: t.env.DATA_DIR });
    const backupSeconds = (Date.now() - started) / 1000;
    const ackedDuringBackup = acked;
    stop = true;
    await Promise.all(writers);
    expect({ code: backup.code, stderr: backup.stderr }).toEqual({ code: 0, stderr: '' });
    expect(backup.stdout).toContain('integrity ok');

    const inBackup = counts(backupFile);
    expect(inBackup.integrity).toBe('ok');
    expect(inBackup.records).toBeGreaterThanOrEqual(atStart.records);
    expect(inBackup.audit).toBeGreaterThanOrEqual(atStart.audit);

    // Restore refuses a non-empty folder, then restores into a fresh one.
    const occupied = path.join(work, 'occupied');
    fs.mkdirSync(occupied);
    fs.writeFileSync(path.join(occupied, 'platform.sqlite'), 'keep me');
    const refused = await runCli(['restore', backupFile, '--data-dir', occupied], {});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty');
    expect(fs.readFileSync(path.join(occupied, 'platform.sqlite'), 'utf8')).toBe('keep me');

    const fresh = path.join(work, 'restored');
    const restore = await runCli(['restore', backupFile, '--data-dir', fresh], {});
    expect({ code: restore.code, stderr: restore.stderr }).toEqual({ code: 0, stderr: '' });
    const restoredFile = path.join(fresh, 'platform.sqlite');
    expect(counts(restoredFile)).toEqual(inBackup);

    const db = await Db.open({ dataDir: fresh, entities: CORE_ENTITIES });
    try {
      const report = await new AuditService(db).verify();
      expect(report).toEqual({ ok: true, rows: inBackup.audit });
    } finally {
      await db.close();
    }
    console.log(`backup: ${inBackup.records} records / ${inBackup.audit} audit rows (${atStart.records} / ${atStart.audit} at start) in ${backupSeconds.toFixed(1)} s while ${ackedDuringBackup - 30}+ writes were acknowledged`);
  });

  it('refuses to overwrite an existing backup file and answers usage errors with exit 2', async () => {
    const existing = path.join(work, 'exists.sqlite');
    fs.writeFileSync(existing, '');
    const res = await runCli(['backup', existing], { DATA_DIR: t.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL });
    expect(res.code).toBe(1);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect((await runCli(['restore', existing], {})).code).toBe(2);
  });
});
