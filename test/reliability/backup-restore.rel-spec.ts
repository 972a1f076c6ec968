import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { AuditService } from '../../core/audit/audit.service';
import { seedRiskDemo } from '../../core/risk/risk-demo.seed';
import { seedWarningDemo } from '../../core/warning/warning-demo.seed';
import { PNG_BYTES, upload as uploadRisk } from '../support/risk-fixtures';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';
import { PDF_BYTES, upload as uploadWarning } from '../support/warning-fixtures';
import { DEMO_CONFIG, runCli } from './support/cli';
import { emptyRestoreDatabase } from './support/restore-db';

jest.setTimeout(240_000);

const NOW = '2026-11-22T03:00:00Z';
const PASSPHRASE = 'backup-passphrase-for-the-test';
const TB = '/api/plugins/tb-referral/records';

/** A valid 18-digit PRC ID number (GB 11643 check digit) born 1980-01-01, numbered by n. */
function prcId(n: number): string {
  const body = `360799${'19800101'}${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

async function bytesOf(t: TestApp, client: ApiClient, url: string): Promise<Buffer> {
  const res = await fetch(t.url + url, { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  expect({ url, status: res.status }).toEqual({ url, status: 200 });
  return Buffer.from(await res.arrayBuffer());
}

/** What must survive: issued PDFs, evidence, flow charts and the decrypted TB and taxpayer fields, as the users read them. */
async function snapshotOf(t: TestApp, ids: { documents: number[]; evidence: [number, number][]; powers: number[] }, records: { tb?: number[]; tax?: number[] }) {
  const officer = await t.login('hosp-jijian', DEMO_PASSWORD);
  const doctor = await t.login('taoyuan-doctor', DEMO_PASSWORD);
  const taxOfficer = await t.login('tax-jijian', DEMO_PASSWORD);
  const out: Record<string, string> = {};
  for (const id of ids.documents) out[`pdf ${id}`] = (await bytesOf(t, officer, `/api/documents/${id}/pdf`)).toString('base64');
  for (const [w, e] of ids.evidence) out[`evidence ${w}/${e}`] = (await bytesOf(t, officer, `/api/warning/warnings/${w}/evidence/${e}`)).toString('base64');
  for (const id of ids.powers) out[`flow chart ${id}`] = (await bytesOf(t, officer, `/api/risk/powers/${id}/flow-chart`)).toString('base64');
  // Listed once, then read by id: the writers' new patients push older ones off a page.
  const list = async (client: ApiClient, url: string) => {
    const res = await client.get(url);
    expect(res.status).toBe(200);
    return (res.body.items as { id: number }[]).map((r) => r.id);
  };
  records.tb ??= await list(doctor, `${TB}/tb-person?pageSize=100`);
  records.tax ??= await list(taxOfficer, '/api/plugins/tax-collection/records/taxpayer?pageSize=100');
  for (const id of records.tb) {
    const v = (await doctor.get(`/api/records/${id}`)).body.values;
    out[`tb-person ${id}`] = JSON.stringify([v.name, v.idNumber, v.phone ?? null, v.address ?? null]);
  }
  for (const id of records.tax) out[`taxpayer ${id}`] = String((await taxOfficer.get(`/api/records/${id}`)).body.values.idNumber ?? '');
  return out;
}

describe('backup and restore of everything, while the app writes', () => {
  let t: TestApp | undefined;
  let restored: TestApp | undefined;
  let work: string;
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-backup-'));
    t = await startTestApp({ configDir: DEMO_CONFIG, now: NOW, seed: 'demo+plugins' });
    await seedRiskDemo(t.app, 'county-hospital');
    await seedWarningDemo(t.app, { institutionCode: 'county-hospital' });
  }, 600_000);
  afterAll(async () => {
    await t?.close();
    await restored?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('a restored instance serves every acknowledged write, every PDF byte for byte, every evidence file and flow chart, and every encrypted field', async () => {
    const app = t!;
    // PostgreSQL: the archive holds a pg_dump, restored into a second, empty database the restored instance runs on.
    const pg = app.db.kind === 'postgres';
    const liveUrl = app.env.DATABASE_URL;
    const restoreUrl = pg ? await emptyRestoreDatabase(liveUrl) : undefined;
    const officer = await app.login('hosp-jijian', DEMO_PASSWORD);
    const warnings = (await officer.get('/api/warning/warnings')).body.items as { id: number }[];
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    const evidence: [number, number][] = [];
    for (const [i, bytes] of [PDF_BYTES, Buffer.concat([PDF_BYTES, Buffer.from(`% backup ${Date.now()}\n`)])].entries()) {
      const res = await uploadWarning(app, officer, `/api/warning/warnings/${warnings[0].id}/evidence`, bytes, `佐证${i}.pdf`);
      expect(res.status).toBe(201);
      evidence.push([warnings[0].id, res.body.id]);
    }
    const powers = (await officer.get('/api/risk/powers')).body as { id: number }[];
    const chart = await uploadRisk(`${app.url}/api/risk/powers/${powers[0].id}/flow-chart`, officer.cookies, officer.csrf, PNG_BYTES, '流程图.png', 'image/png');
    expect(chart.status).toBe(201);
    const documents = (await app.db.read((m) => m.query('SELECT id FROM issued_documents ORDER BY id'))).map((r: { id: number }) => Number(r.id));
    expect(documents.length).toBeGreaterThanOrEqual(2);
    const ids = { documents, evidence, powers: [powers[0].id] };
    const records: { tb?: number[]; tax?: number[] } = {};
    const before = await snapshotOf(app, ids, records);
    expect(Object.keys(before).filter((k) => k.startsWith('tb-person')).length).toBeGreaterThan(0);
    expect(Object.values(before).filter((v) => /^\d{17}[\dX]$/.test(v)).length).toBeGreaterThan(0); // taxpayers' full ID numbers, decrypted

    // Writers add TB patients (encrypted name, ID number, phone) while the backup runs.
    const doctors = await Promise.all([0, 1].map(() => app.login('taoyuan-doctor', DEMO_PASSWORD)));
    const acked: { id: number; name: string; idNumber: string; phone: string; at: number }[] = [];
    let stop = false;
    let n = 0;
    const writers = doctors.map(async (c) => {
      while (!stop) {
        const k = n++;
        const body = { name: `备份患者${k}`, sex: k % 2 ? 'm' : 'f', birthDate: '1980-01-01', idNumber: prcId(k), phone: `139${String(k).padStart(8, '0')}` };
        const res = await c.post(`${TB}/tb-person`, body);
        expect(res.status).toBe(201);
        acked.push({ id: res.body.id, name: body.name, idNumber: body.idNumber, phone: body.phone, at: Date.now() });
      }
    });
    while (acked.length < 10) await new Promise((r) => setTimeout(r, 20));
    const archive = path.join(work, 'archives', 'nightly.lzbak');
    const startedAt = Date.now();
    const ackedBefore = acked.length;
    const backup = await runCli(['backup', archive], { DATA_DIR: app.env.DATA_DIR, DATABASE_URL: liveUrl, BACKUP_PASSPHRASE: PASSPHRASE });
    const backupMs = Date.now() - startedAt;
    const ackedDuring = acked.length - ackedBefore;
    stop = true;
    await Promise.all(writers);
    expect({ code: backup.code, stderr: backup.stderr }).toEqual({ code: 0, stderr: '' });
    expect(backup.stdout).toContain('backup written');
    if (pg) expect(backup.stdout).toContain('including the pg_dump of the database');
    if (pg) expect(backup.stdout + backup.stderr).not.toContain(new URL(liveUrl!).password); // never printed
    expect(ackedDuring).toBeGreaterThan(0); // the app kept acknowledging writes while the backup ran

    // Bad archives and wrong targets: each stops with its reason and leaves no target behind. On PostgreSQL nothing
    // reaches the restore database either: the real restore below finds it empty, or it would refuse.
    const raw = fs.readFileSync(archive);
    const into = { BACKUP_PASSPHRASE: PASSPHRASE, DATABASE_URL: restoreUrl };
    const variants: [string, Buffer, Record<string, string | undefined>, RegExp][] = [
      ['truncated', raw.subarray(0, raw.length - 1000), into, /truncated/],
      ['tampered', Buffer.from(raw).fill(0x41, 5000, 5001), into, /altered or damaged/],
      ['wrong-passphrase', raw, { ...into, BACKUP_PASSPHRASE: 'not the right passphrase' }, /wrong passphrase/],
    ];
    if (pg) {
      variants.push(['no-database-url', raw, { BACKUP_PASSPHRASE: PASSPHRASE }, /holds a PostgreSQL database \(pg_dump\): set DATABASE_URL/]);
      variants.push(['live-database', raw, { BACKUP_PASSPHRASE: PASSPHRASE, DATABASE_URL: liveUrl }, /is not empty \(it holds [a-z_]+\.[a-z_]+/]);
    } else variants.push(['database-url-set', raw, { BACKUP_PASSPHRASE: PASSPHRASE, DATABASE_URL: 'postgres://nobody:pw@127.0.0.1:1/none' }, /holds a SQLite database, but DATABASE_URL is set/]);
    for (const [name, bytes, env, reason] of variants) {
      const file = path.join(work, `${name}.lzbak`);
      fs.writeFileSync(file, bytes);
      const target = path.join(work, `bad-${name}`);
      const res = await runCli(['restore', file, target], env);
      expect({ name, code: res.code }).toEqual({ name, code: 1 });
      expect(res.stderr).toMatch(reason);
      expect(res.stderr).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(target)).toBe(false);
    }
    expect(fs.readdirSync(work).filter((f) => f.includes('restoring'))).toEqual([]);

    const fresh = path.join(work, 'restored-data');
    const restoreStarted = Date.now();
    const res = await runCli(['restore', archive, fresh], into);
    const restoreMs = Date.now() - restoreStarted;
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
    expect(res.stdout).toMatch(pg ? /restored the database into \S+_restore and \d+ files into/ : /restored \d+ files into/);
    expect(fs.existsSync(path.join(fresh, 'platform.sqlite'))).toBe(!pg);
    expect(fs.existsSync(path.join(fresh, 'database.pgdump'))).toBe(false); // loaded, not kept
    await app.close();
    t = undefined;

    restored = await startTestApp({ configDir: DEMO_CONFIG, now: NOW, dataDir: fresh, env: restoreUrl ? { DATABASE_URL: restoreUrl } : undefined });
    expect(restored.env.DATABASE_URL).toBe(restoreUrl);
    expect(await restored.app.get(AuditService).verify()).toMatchObject({ ok: true });
    const after = await snapshotOf(restored, ids, records);
    for (const [key, value] of Object.entries(before)) expect({ key, value: after[key] }).toEqual({ key, value });

    // Every write acknowledged before the backup started is there, decrypted as written; later ones, if there, too.
    const doctor = await restored.login('taoyuan-doctor', DEMO_PASSWORD);
    let present = 0;
    for (const [i, w] of acked.entries()) {
      const rec = await doctor.get(`/api/records/${w.id}`);
      if (i < ackedBefore) expect({ id: w.id, status: rec.status }).toEqual({ id: w.id, status: 200 });
      if (rec.status !== 200) continue;
      present++;
      expect([rec.body.values.name, rec.body.values.idNumber, rec.body.values.phone]).toEqual([w.name, w.idNumber, w.phone]);
    }
    console.log(
      `${pg ? 'postgres' : 'sqlite'} backup: ${backupMs} ms (CLI incl. boot and scrypt), restore ${restoreMs} ms, ${raw.length} bytes, ${documents.length} PDFs, ${evidence.length} evidence files, 1 flow chart; ` +
        `${acked.length} TB patients written (${ackedBefore} before, ${ackedDuring} during the backup), ${present} in the restored instance`,
    );
  });
});
