import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DEMO_TEMPLATE_DATA } from '../../core/domain-modules';
import { pdfFonts, pdfRawText } from '../support/pdf-tools';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const NOTICE = DEMO_TEMPLATE_DATA['core/rectification-notice'] as unknown as Record<string, unknown>;

/** #25 points 7 and 12: batch-issued documents keep their readers; rare characters print, never as boxes. */
describe('security: documents', () => {
  let t: TestApp;
  let officer: ApiClient;
  let staff: ApiClient;
  let head: ApiClient;
  let named: ApiClient;
  let namedId: number;

  beforeAll(async () => {
    t = await startTestApp();
    await t.createUser('sd-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('sd-head', [{ institution: 'alpha-hospital', role: 'head' }]);
    await t.createUser('sd-staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
    namedId = await t.createUser('sd-named', [{ institution: 'alpha-hospital', role: 'staff' }]);
    [officer, head, staff, named] = await Promise.all(['sd-officer', 'sd-head', 'sd-staff', 'sd-named'].map((u) => t.login(u)));
  });
  afterAll(() => t?.close());

  const pdfOf = async (id: number): Promise<Buffer> => {
    const res = await fetch(`${t.url}/api/documents/${id}/pdf`, { headers: { cookie: `sid=${officer.cookies.get('sid')}` } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };

  describe('batch-issued documents have the readers a single issue would', () => {
    async function issuedBatch(readers: Record<string, unknown>): Promise<number[]> {
      const start = await officer.post('/api/documents/batches', { templateId: 'core/rectification-notice', items: [NOTICE, { ...NOTICE, addressee: '药剂科' }], issue: true, ...readers });
      expect(start.status).toBe(201);
      for (;;) {
        const s = (await officer.get(`/api/documents/batches/${start.body.id}`)).body;
        if (s.status === 'done') {
          expect(s.failed).toBe(0);
          return s.documentIds;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    it('reads as restricted: the issuer, the named roles and accounts; anyone else gets the 404 of a missing document', async () => {
      const ids = await issuedBatch({ readRoles: ['discipline-officer'], readUserIds: [namedId] });
      expect(ids).toHaveLength(2);
      for (const id of ids) {
        expect((await officer.get(`/api/documents/${id}`)).body).toMatchObject({ readRoles: ['discipline-officer'], readUserIds: [namedId] });
        expect((await named.get(`/api/documents/${id}`)).status).toBe(200);
        expect((await staff.get(`/api/documents/${id}`)).status).toBe(404);
        expect((await head.get(`/api/documents/${id}/pdf`)).status).toBe(404);
      }
      expect((await staff.get('/api/documents?pageSize=200')).body.items.map((d: { id: number }) => d.id)).not.toEqual(expect.arrayContaining([ids[0]]));
    });

    it('stays readable by the institution when no readers are named, as a single issue does', async () => {
      const [id] = await issuedBatch({});
      expect((await staff.get(`/api/documents/${id}`)).status).toBe(200);
    });
  });

  describe('rare characters in names (生僻字) and emoji', () => {
    const RARE = '𠮷䶮㐂鿏';

    it('prints 𠮷䶮㐂鿏 and 𰻞 from embedded HanaMin and BabelStone Han faces; the text extracts back', async () => {
      const res = await officer.post('/api/documents/issue', { templateId: 'core/rectification-notice', data: { ...NOTICE, title: `关于${RARE}𰻞同志整改的通知`, addressee: `吉${RARE}同志` } });
      expect(res.status).toBe(201);
      const pdf = await pdfOf(res.body.id);
      const embedded = (await pdfFonts(pdf)).filter((f) => f.embedded).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
      expect(embedded).toEqual(expect.arrayContaining(['HanaMinA', 'HanaMinB', 'BabelStoneHan']));
      expect(await pdfRawText(pdf)).toContain(`吉${RARE}同志`);
      expect(await pdfRawText(pdf)).toContain(`关于${RARE}𰻞同志整改的通知`);
      if (process.env.SCREENSHOT_DIR) await pdfPng(pdf, path.join(process.env.SCREENSHOT_DIR, 'security-rare-characters'));
    });

    it('refuses, naming the field and the character, what no installed font prints, before a number is taken', async () => {
      const before = (await officer.get('/api/documents')).body.total;
      const res = await officer.post('/api/documents/issue', { templateId: 'core/rectification-notice', data: { ...NOTICE, addressee: '吉𮯰同志' } });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('data.addressee：含有无法印出的字符 𮯰 (U+2EBF0)');
      const en = await officer.request('POST', '/api/documents/issue', { templateId: 'core/rectification-notice', data: { ...NOTICE, addressee: '吉𮯰同志' } }, { 'accept-language': 'en' });
      expect(en.body.message).toContain('data.addressee: holds characters no installed font prints: 𮯰 (U+2EBF0)');
      expect((await officer.get('/api/documents')).body.total).toBe(before);
    });

    it('leaves emoji out of the printed text and keeps text symbols', async () => {
      const res = await officer.post('/api/documents/issue', { templateId: 'core/rectification-notice', data: { ...NOTICE, background: '群众反映👍🏽✅：收取费用©☎。' } });
      expect(res.status).toBe(201);
      expect(await pdfRawText(await pdfOf(res.body.id))).toContain('群众反映：收取费用©☎。');
    });
  });
});

/** The first page as a PNG, to look at (pdftoppm). */
async function pdfPng(pdf: Buffer, prefix: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-pdf-'));
  fs.writeFileSync(path.join(dir, 'doc.pdf'), pdf);
  fs.mkdirSync(path.dirname(prefix), { recursive: true });
  await promisify(execFile)('pdftoppm', ['-r', '80', '-f', '1', '-l', '1', '-png', path.join(dir, 'doc.pdf'), prefix]);
  fs.rmSync(dir, { recursive: true, force: true });
}
