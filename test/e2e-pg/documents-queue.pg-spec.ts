import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import JSZip from 'jszip';
import { Client as PgClient } from 'pg';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { DocumentBatchService } from '../../core/documents/document-batch.service';
import { DocumentRenderService } from '../../core/documents/document-render.service';
import { DocumentBatchEntity, IssuedDocumentEntity } from '../../core/documents/documents.entities';
import { DEMO_TEMPLATE_DATA } from '../../core/domain-modules';
import { buildTestPlugin } from '../reliability/support/server';
import { pdfText } from '../support/pdf-tools';
import { ApiClient, FIXTURE_CONFIG, startTestApp, TestApp } from '../support/test-app';

// PostgreSQL only, by design: this project runs only in the PostgreSQL phase of `npm test`.
const DATABASE_URL = process.env.DATABASE_URL;
const SCHEMA = 'lz_test_bullmq';
const LOCK_MS = 3000;
const WORKER = path.join(__dirname, 'support', 'render-worker.js');

interface Worker {
  child: ChildProcess;
  output(): string;
  exited: Promise<unknown>;
}

function spawnWorker(dataDir: string): Promise<Worker> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: DATABASE_URL!,
    DATA_DIR: dataDir,
    CONFIG_DIR: FIXTURE_CONFIG,
    DOCUMENT_QUEUE: 'bullmq',
    DOCUMENT_QUEUE_SCHEMA: SCHEMA,
    DOCUMENT_QUEUE_LOCK_MS: String(LOCK_MS),
  };
  const child = spawn(process.execPath, [WORKER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-4000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-4000)));
  const exited = new Promise((r) => child.once('exit', r));
  const w = { child, output: () => out, exited };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready in 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve(w);
      }
    });
    void exited.then(() => reject(new Error(`worker exited:\n${out}`)));
  });
}

async function stopWorker(w: Worker) {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  w.child.kill('SIGTERM');
  const timer = setTimeout(() => w.child.kill('SIGKILL'), 15_000);
  await w.exited;
  clearTimeout(timer);
}

describe('documents: batch render jobs through BullMQ on PostgreSQL, rendered by separate worker processes', () => {
  let t: TestApp;
  let officer: ApiClient;
  let dataDir: string;
  const workers: Worker[] = [];
  const saved = { ...process.env };
  const year = new Date().getUTCFullYear();
  const items = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ ...DEMO_TEMPLATE_DATA['core/rectification-notice'], addressee: `${tag}第${i + 1}科室` }));

  async function waitDone(id: string, onProgress?: (done: number) => Promise<void>) {
    const seen: number[] = [];
    const started = Date.now();
    for (;;) {
      const s = await officer.get(`/api/documents/batches/${id}`);
      expect(s.status).toBe(200);
      seen.push(s.body.done);
      if (onProgress) await onProgress(s.body.done);
      if (s.body.status === 'done') return { status: s.body, seen };
      if (Date.now() - started > 240_000) throw new Error(`batch stuck at ${s.body.done}/${s.body.total}\n${workers.map((w) => w.output()).join('\n---\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function zipOf(id: string) {
    const res = await fetch(`${t.url}/api/documents/batches/${id}/zip`, { headers: { cookie: `sid=${officer.cookies.get('sid')}` } });
    expect(res.status).toBe(200);
    return JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
  }

  beforeAll(async () => {
    if (!DATABASE_URL) throw new Error('this suite needs DATABASE_URL (PostgreSQL): it runs in the PostgreSQL phase of npm test');
    const pg = new PgClient({ connectionString: DATABASE_URL });
    await pg.connect();
    await pg.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await pg.end();
    Object.assign(process.env, { DOCUMENT_QUEUE: 'bullmq', DOCUMENT_QUEUE_SCHEMA: SCHEMA, DOCUMENT_QUEUE_LOCK_MS: String(LOCK_MS) });
    // Kept by the suite, not by the app: the restart below opens the same instance (its field key) again.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-queue-'));
    t = await startTestApp({ dataDir });
    await t.createUser('q-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    officer = await t.login('q-officer');
    buildTestPlugin();
    workers.push(...(await Promise.all([spawnWorker(t.env.DATA_DIR), spawnWorker(t.env.DATA_DIR)])));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(workers.map(stopWorker));
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    for (const k of ['DOCUMENT_QUEUE', 'DOCUMENT_QUEUE_SCHEMA', 'DOCUMENT_QUEUE_LOCK_MS']) if (saved[k] === undefined) delete process.env[k];
  }, 60_000);

  it('issues a batch of 20 in the workers, shows progress to 100% from the database and serves the ZIP', async () => {
    const start = await officer.post('/api/documents/batches', { templateId: 'core/rectification-notice', items: items(20, '甲'), issue: true });
    expect(start.status).toBe(201);
    expect(start.body).toMatchObject({ total: 20, done: 0, status: 'running' });
    const { status, seen } = await waitDone(start.body.id);
    expect(status).toMatchObject({ total: 20, done: 20, failed: 0, errors: [] });
    expect(status.documentIds).toHaveLength(20);
    expect(seen.some((n) => n > 0 && n < 20)).toBe(true);
    // The web process queued the jobs and never started a browser: the workers rendered every document.
    expect((t.app.get(DocumentRenderService) as unknown as { renderer: unknown }).renderer).toBeNull();
    const zip = await zipOf(start.body.id);
    const names = Object.keys(zip.files).sort();
    expect(names).toHaveLength(20);
    expect(names[6]).toMatch(new RegExp(`^0007-甲纪〔${year}〕\\d+号\\.pdf$`));
    expect((await pdfText(await zip.file(names[6])!.async('nodebuffer'))).join('')).toContain('甲第7科室：');
    const numbers = (await t.db.read((m) => m.getRepository(IssuedDocumentEntity).find())).map((d) => d.numberSeq).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  }, 300_000);

  it('retries the jobs of a worker killed mid-batch on another worker, issuing nothing twice and skipping no number', async () => {
    const start = await officer.post('/api/documents/batches', { templateId: 'core/rectification-notice', items: items(20, '乙'), issue: true });
    expect(start.status).toBe(201);
    let killed = false;
    const { status } = await waitDone(start.body.id, async (done) => {
      if (!killed && done >= 3) {
        killed = true;
        workers[0].child.kill('SIGKILL');
        await workers[0].exited;
      }
    });
    expect(killed).toBe(true);
    expect(workers[0].child.signalCode).toBe('SIGKILL');
    expect(status).toMatchObject({ total: 20, done: 20, failed: 0 });
    expect(new Set(status.documentIds).size).toBe(20);
    // Both batches together: 40 documents numbered 1…40, each number once, each issue audited once.
    const docs = await t.db.read((m) => m.getRepository(IssuedDocumentEntity).find());
    expect(docs.map((d) => d.numberSeq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(docs.every((d) => d.version === 1)).toBe(true);
    const issued = await t.db.read((m) => m.getRepository(AuditEntryEntity).countBy({ action: 'document.issue' }));
    expect(issued).toBe(40);
    // Each item of this batch is in exactly one document.
    const addressees = docs.map((d) => JSON.parse(d.dataJson).addressee as string).filter((a) => a.startsWith('乙'));
    expect(addressees.sort()).toEqual(items(20, '乙').map((i) => i.addressee).sort());
    expect(Object.keys((await zipOf(start.body.id)).files)).toHaveLength(20);
  }, 300_000);
  it('re-queues a saved batch whose jobs were never queued (the web process died in between) when the app starts again', async () => {
    // The crash: the batch and its items are committed, then queueing fails before any job reaches BullMQ.
    const queue = (t.app.get(DocumentBatchService) as unknown as { bullmq: { enqueue: (...a: unknown[]) => Promise<void> } }).bullmq;
    const enqueue = jest.spyOn(queue, 'enqueue').mockRejectedValueOnce(new Error('process died before queueing'));
    const lost = await officer.post('/api/documents/batches', { templateId: 'core/rectification-notice', items: items(5, '丙'), issue: true });
    expect(enqueue).toHaveBeenCalledTimes(1);
    enqueue.mockRestore();
    expect(lost.status).toBe(500);
    const batch = await t.db.read((m) => m.getRepository(DocumentBatchEntity).findOneByOrFail({ total: 5 }));
    await t.close();
    t = await startTestApp({ dataDir });
    officer = await t.login('q-officer');
    const { status } = await waitDone(batch.publicId);
    expect(status).toMatchObject({ total: 5, done: 5, failed: 0 });
    const docs = await t.db.read((m) => m.getRepository(IssuedDocumentEntity).find());
    expect(docs.map((d) => JSON.parse(d.dataJson).addressee as string).filter((a) => a.startsWith('丙')).sort()).toEqual(items(5, '丙').map((i) => i.addressee).sort());
    expect(docs.map((d) => d.numberSeq).sort((a, b) => a - b)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
  }, 300_000);
});
