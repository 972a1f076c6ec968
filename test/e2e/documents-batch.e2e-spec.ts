import JSZip from 'jszip';
import puppeteer from 'puppeteer-core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { Clock } from '../../core/clock/clock';
import { DocumentBatchService, DRAFT_RETENTION_DAYS } from '../../core/documents/document-batch.service';
import { DocumentBatchEntity, DocumentBatchItemEntity } from '../../core/documents/documents.entities';
import { CHROMIUM_ARGS } from '../../core/documents/pdf/pdf-renderer';
import { DEMO_TEMPLATE_DATA } from '../../core/domain-modules';
import { pdfText } from '../support/pdf-tools';
import { startTestApp, TestApp } from '../support/test-app';

describe('documents: batch rendering with progress and one ZIP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.createUser('alpha-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('alpha-officer-2', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('alpha-staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
  });
  afterAll(() => t?.close());

  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ ...DEMO_TEMPLATE_DATA['core/rectification-notice'], addressee: `第${i + 1}科室` }));

  async function waitDone(client: Awaited<ReturnType<TestApp['login']>>, id: string) {
    const seen: number[] = [];
    for (;;) {
      const s = await client.get(`/api/documents/batches/${id}`);
      seen.push(s.body.done);
      if (s.body.status === 'done') return { status: s.body, seen };
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('renders 30 reminder letters, reports progress while running, and downloads them as one ZIP in order', async () => {
    const officer = await t.login('alpha-officer');
    const start = await officer.post('/api/documents/batches', { templateId: 'core/rectification-notice', items: items(30) });
    expect(start.status).toBe(201);
    expect(start.body).toMatchObject({ total: 30, status: 'running' });
    const { status, seen } = await waitDone(officer, start.body.id);
    expect(status).toMatchObject({ total: 30, done: 30, failed: 0 });
    // Progress was visible part-way, not only at 0 and 30.
    expect(seen.some((n) => n > 0 && n < 30)).toBe(true);
    const res = await fetch(`${t.url}/api/documents/batches/${start.body.id}/zip`, { headers: { cookie: `sid=${officer.cookies.get('sid')}` } });
    expect(res.headers.get('content-type')).toBe('application/zip');
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const names = Object.keys(zip.files).sort();
    expect(names).toHaveLength(30);
    expect(names[0]).toBe('0001.pdf');
    const seventh = await zip.file('0007.pdf')!.async('nodebuffer');
    expect((await pdfText(seventh)).join('')).toContain('第7科室：');
  }, 120_000);

  it('issues each item when asked: numbered, stored and listed', async () => {
    const officer = await t.login('alpha-officer');
    const start = await officer.post('/api/documents/batches', { templateId: 'core/rectification-notice', items: items(3), issue: true });
    const { status } = await waitDone(officer, start.body.id);
    expect(status.errors).toEqual([]);
    expect(status.documentIds).toHaveLength(3);
    const numbers = await Promise.all(status.documentIds.map(async (id: number) => (await officer.get(`/api/documents/${id}`)).body.number));
    expect(numbers.sort()).toEqual(['甲纪〔2026〕1号', '甲纪〔2026〕2号', '甲纪〔2026〕3号'].map((n) => n.replace('2026', String(new Date().getUTCFullYear()))).sort());
  });

  it(`deletes draft PDFs and item data ${DRAFT_RETENTION_DAYS} days after a draft batch started; issued batches and younger drafts stay`, async () => {
    const officer = await t.login('alpha-officer');
    const clock = t.app.get(Clock);
    const startedAt = new Date('2026-03-02T02:00:00Z');
    clock.set(startedAt.toISOString());
    try {
      const old = (await officer.post('/api/documents/batches', { templateId: 'core/rectification-notice', items: items(2) })).body.id;
      const issued = (await officer.post('/api/documents/batches', { templateId: 'core/rectification-notice', items: items(1), issue: true })).body.id;
      await waitDone(officer, old);
      await waitDone(officer, issued);
      clock.set(new Date(startedAt.getTime() + 2 * 86_400_000).toISOString());
      const young = (await officer.post('/api/documents/batches', { templateId: 'core/rectification-notice', items: items(1) })).body.id;
      await waitDone(officer, young);
      const dir = (id: string) => path.join(t.env.DATA_DIR, 'documents', 'batches', id);
      expect(fs.readdirSync(dir(old))).toEqual(['0001.pdf', '0002.pdf']);
      const batches = t.app.get(DocumentBatchService);

      // One day short of the retention period: nothing goes.
      clock.set(new Date(startedAt.getTime() + (DRAFT_RETENTION_DAYS - 1) * 86_400_000).toISOString());
      expect(await batches.purgeExpiredDrafts()).toEqual([]);
      clock.set(new Date(startedAt.getTime() + DRAFT_RETENTION_DAYS * 86_400_000 + 60_000).toISOString());
      expect(await batches.purgeExpiredDrafts()).toEqual([old]);
      expect(await batches.purgeExpiredDrafts()).toEqual([]);
      expect(fs.existsSync(dir(old))).toBe(false);
      expect(fs.readdirSync(dir(young))).toEqual(['0001.pdf']);
      const oldRows = await t.db.read(async (m) => {
        const b = await m.getRepository(DocumentBatchEntity).findOneByOrFail({ publicId: old });
        return m.getRepository(DocumentBatchItemEntity).find({ where: { batchId: b.id } });
      });
      expect(oldRows.map((r) => [r.status, r.filePath, r.dataJson])).toEqual([
        ['done', null, '{}'],
        ['done', null, '{}'],
      ]);

      // The owner is told what happened, in the request's language, and the page says it instead of a dead link.
      expect((await officer.get(`/api/documents/batches/${old}`)).body).toMatchObject({ status: 'done', done: 2, expired: true });
      const zip = await officer.get(`/api/documents/batches/${old}/zip`);
      expect(zip.status).toBe(410);
      expect(zip.body.message).toBe(`草稿保留 ${DRAFT_RETENTION_DAYS} 天，已于到期后删除；如仍需要，请重新批量生成。`);
      const page = await officer.get(`/documents/batches/${old}`);
      expect(page.text).toContain('data-testid="batch-expired"');
      expect(page.text).not.toContain('id="batch-zip"');
      expect((await officer.get(`/api/documents/batches/${young}`)).body.expired).toBe(false);
      expect((await officer.get(`/api/documents/batches/${issued}`)).body).toMatchObject({ expired: false, done: 1 });
      expect((await officer.get(`/api/documents/batches/${issued}/zip`)).status).toBe(200);
      const audit = await t.db.read((m) => m.getRepository(AuditEntryEntity).findBy({ action: 'document.batch.expire' }));
      expect(audit.map((a) => [a.objectId, a.actor])).toEqual([[old, 'system:draft-retention']]);
    } finally {
      clock.reset();
    }
  });

  it('rejects a batch with a bad item before rendering any, naming the item and field', async () => {
    const officer = await t.login('alpha-officer');
    const bad = items(3);
    delete (bad[1] as Record<string, unknown>).deadline;
    const res = await officer.post('/api/documents/batches', { templateId: 'core/rectification-notice', items: bad });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('items[1].data.deadline');
  });

  it('keeps batches private to their owner and to issuing roles', async () => {
    const officer = await t.login('alpha-officer');
    const start = await officer.post('/api/documents/batches', { templateId: 'core/rectification-notice', items: items(1) });
    const other = await t.login('alpha-officer-2');
    expect((await other.get(`/api/documents/batches/${start.body.id}`)).status).toBe(404);
    const staff = await t.login('alpha-staff');
    expect((await staff.post('/api/documents/batches', { templateId: 'core/rectification-notice', items: items(1) })).status).toBe(403);
    expect((await officer.get('/api/documents/batches/not-an-id')).status).toBe(404);
  });

  it('shows a progress bar page that reaches 100% and offers the ZIP, with no inline script (CSP holds)', async () => {
    const officer = await t.login('alpha-officer');
    const start = await officer.post('/api/documents/batches', { templateId: 'core/rectification-notice', items: items(8) });
    const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, pipe: true, args: [...CHROMIUM_ARGS, `--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'lz-batch-ui-'))}`] });
    try {
      const page = await browser.newPage();
      const cspErrors: string[] = [];
      page.on('console', (m) => /Content Security Policy|Refused/i.test(m.text()) && cspErrors.push(m.text()));
      await page.setCookie({ name: 'sid', value: officer.cookies.get('sid')!, url: t.url });
      const res = await page.goto(`${t.url}/documents/batches/${start.body.id}`);
      expect(res!.status()).toBe(200);
      await page.waitForFunction(() => !document.getElementById('batch-zip')!.classList.contains('hidden'), { timeout: 60_000 });
      const progress = await page.$eval('#batch-progress', (p) => [(p as HTMLProgressElement).value, (p as HTMLProgressElement).max]);
      expect(progress).toEqual([8, 8]);
      expect(await page.$eval('#batch-done', (e) => e.textContent)).toBe('8');
      if (process.env.DOCS_PNG_DIR) await page.screenshot({ path: path.join(process.env.DOCS_PNG_DIR, 'batch-page.png') });
      expect(cspErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
