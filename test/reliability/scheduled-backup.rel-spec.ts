import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { restore } from '../../apps/cli/backup';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { BackupSchedule, startBackupSchedule } from '../../apps/server/backup-schedule';
import { loadEnv } from '../../core/config/env.config';
import { startTestApp, TestApp } from '../support/test-app';
import { DEMO_CONFIG, runCli } from './support/cli';
import { emptyRestoreDatabase } from './support/restore-db';

jest.setTimeout(180_000);

const NOW = '2026-11-22T03:00:00Z';
const PASSPHRASE = 'scheduled-backup-passphrase';
const STACK_LINE = /^\s{4}at /m;

/** The TB patients' encrypted fields as their doctor reads them. */
async function tbPatients(t: TestApp): Promise<string[]> {
  const doctor = await t.login('taoyuan-doctor', DEMO_PASSWORD);
  const list = await doctor.get('/api/plugins/tb-referral/records/tb-person?pageSize=100');
  expect(list.status).toBe(200);
  const out: string[] = [];
  for (const { id } of list.body.items as { id: number }[]) {
    const v = (await doctor.get(`/api/records/${id}`)).body.values;
    out.push(JSON.stringify([id, v.name, v.idNumber]));
  }
  return out;
}

describe('scheduled backups, and start-up refusal without the field key', () => {
  let t: TestApp | undefined;
  let restored: TestApp | undefined;
  let schedule: BackupSchedule | null = null;
  const dirs: string[] = [];
  const tmp = (prefix: string) => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  let restoredDir = '';
  let patients: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ configDir: DEMO_CONFIG, now: NOW, seed: 'demo+plugins' });
  });
  afterAll(async () => {
    await schedule?.stop();
    await restored?.close();
    await t?.close();
    dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  });

  it('refuses a schedule without BACKUP_DIR, with BACKUP_DIR inside DATA_DIR, or without a passphrase', () => {
    const base = { DATA_DIR: '/srv/lz/data', BACKUP_EVERY_HOURS: '24' };
    expect(() => loadEnv({ ...base, BACKUP_PASSPHRASE: PASSPHRASE })).toThrow(/BACKUP_DIR: required when BACKUP_EVERY_HOURS is set/);
    expect(() => loadEnv({ ...base, BACKUP_PASSPHRASE: PASSPHRASE, BACKUP_DIR: '/srv/lz/data/backups' })).toThrow(/BACKUP_DIR: must be outside DATA_DIR/);
    expect(() => loadEnv({ ...base, BACKUP_DIR: '/srv/lz/backups' })).toThrow(/BACKUP_PASSPHRASE: required/);
    expect(() => loadEnv({ ...base, BACKUP_EVERY_HOURS: '-1' })).toThrow(/BACKUP_EVERY_HOURS/);
    expect(loadEnv({ ...base, BACKUP_DIR: '/srv/lz/backups', BACKUP_PASSPHRASE: PASSPHRASE, BACKUP_KEEP: '3' })).toMatchObject({ BACKUP_EVERY_HOURS: 24, BACKUP_KEEP: 3 });
    expect(loadEnv({}).BACKUP_EVERY_HOURS).toBe(0);
  });

  it('writes an archive every interval, keeps the newest BACKUP_KEEP, reports failures in /api/health, and an archive restores', async () => {
    const app = t!;
    patients = await tbPatients(app);
    expect(patients.length).toBeGreaterThan(0);
    const backupDir = tmp('lz-sched-');
    fs.writeFileSync(path.join(backupDir, 'notes.txt'), 'not an archive: pruning leaves it');
    const env = { ...app.env, BACKUP_DIR: backupDir, BACKUP_KEEP: 2, BACKUP_EVERY_HOURS: 1 / 3600, BACKUP_PASSPHRASE: PASSPHRASE };
    schedule = startBackupSchedule(app.app, env, { scryptN: 1 << 12 });
    const started = Date.now();
    while (schedule!.runs < 4 && Date.now() - started < 90_000) await new Promise((r) => setTimeout(r, 200));
    await schedule!.stop();
    expect(schedule!.runs).toBeGreaterThanOrEqual(4);
    const archives = fs.readdirSync(backupDir).filter((n) => n.endsWith('.lzbak')).sort();
    expect(archives).toHaveLength(2);
    expect(fs.existsSync(path.join(backupDir, 'notes.txt'))).toBe(true);
    let health = (await app.anonymous().get('/api/health')).body;
    expect(health.checks.backup).toMatchObject({ status: 'ok', lastArchive: archives[1] });

    // The backup disk goes away: the run fails, the app keeps serving and the health check says why.
    const blocker = path.join(tmp('lz-sched-bad-'), 'a-file');
    fs.writeFileSync(blocker, '');
    env.BACKUP_DIR = path.join(blocker, 'backups');
    await schedule!.runOnce();
    const res = await app.anonymous().get('/api/health');
    expect(res.status).toBe(200);
    health = res.body;
    expect(health.checks.backup.status).toBe('warn');
    expect(health.checks.backup.detail).toMatch(/the last scheduled backup failed: .*ENOTDIR/);
    expect(health.warnings).toContain('backup');
    env.BACKUP_DIR = backupDir;
    await schedule!.runOnce();
    expect((await app.anonymous().get('/api/health')).body.checks.backup.status).toBe('ok');

    const newest = fs.readdirSync(backupDir).filter((n) => n.endsWith('.lzbak')).sort().pop()!;
    restoredDir = path.join(tmp('lz-sched-restore-'), 'data');
    // PostgreSQL: the archive's pg_dump goes into a second, empty database.
    const restoreUrl = app.db.kind === 'postgres' ? await emptyRestoreDatabase(app.env.DATABASE_URL) : undefined;
    const done = await restore(path.join(backupDir, newest), restoredDir, PASSPHRASE, { databaseUrl: restoreUrl });
    expect(done.manifest.fieldKey).toBe('file');
    restored = await startTestApp({ configDir: DEMO_CONFIG, now: NOW, dataDir: restoredDir, env: restoreUrl ? { DATABASE_URL: restoreUrl } : undefined });
    expect(await tbPatients(restored)).toEqual(patients);
    await restored.close();
    restored = undefined;
  });

  describe('start-up with encrypted fields stored', () => {
    const cliEnv = (dataDir: string, extra: Record<string, string> = {}) => ({ DATA_DIR: dataDir, CONFIG_DIR: DEMO_CONFIG, DATABASE_URL: process.env.DATABASE_URL, PUBLIC_URL: 'https://lianzheng.example.gov.cn', PORT: '0', LOG_LEVEL: 'warn', ...extra });
    const copyOf = (withoutKey: boolean) => {
      const dir = path.join(tmp('lz-keycheck-'), 'data');
      fs.cpSync(restoredDir, dir, { recursive: true, filter: (src) => !(withoutKey && path.basename(src) === 'secret.key') });
      return dir;
    };

    it('refuses to start when secret.key is missing, naming the file and FIELD_ENCRYPTION_KEY, and makes no new key', async () => {
      expect(restoredDir).not.toBe('');
      const dir = copyOf(true);
      const res = await runCli(['start'], cliEnv(dir));
      expect(res.code).toBe(1);
      const keyFile = path.join(dir, 'secret.key');
      expect(res.stderr).toContain(`数据库中有加密字段，但找不到密钥文件 ${keyFile}，也未设置 FIELD_ENCRYPTION_KEY`);
      expect(res.stderr).toContain(`the database holds encrypted fields but there is no key: ${keyFile} is missing and FIELD_ENCRYPTION_KEY is not set`);
      expect(res.stderr).not.toMatch(STACK_LINE);
      expect(fs.existsSync(keyFile)).toBe(false);
      expect(res.stdout).not.toContain('is running at');
    });

    it('refuses to start when secret.key or FIELD_ENCRYPTION_KEY is not the key that sealed them', async () => {
      const dir = copyOf(false);
      const keyFile = path.join(dir, 'secret.key');
      fs.writeFileSync(keyFile, randomBytes(32).toString('hex') + '\n');
      let res = await runCli(['start'], cliEnv(dir));
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`密钥（${keyFile}）无法解密数据库中的加密字段`);
      expect(res.stderr).toContain(`the key in ${keyFile} does not decrypt the encrypted fields in the database`);
      expect(res.stderr).not.toMatch(STACK_LINE);

      res = await runCli(['start'], cliEnv(copyOf(true), { FIELD_ENCRYPTION_KEY: randomBytes(32).toString('base64') }));
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('the key in FIELD_ENCRYPTION_KEY does not decrypt the encrypted fields in the database');
    });
  });
});
