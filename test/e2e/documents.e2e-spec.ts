import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { Clock } from '../../core/clock/clock';
import { DEMO_TEMPLATE_DATA } from '../../core/domain-modules';
import { NUMBER_LEASE_MS } from '../../core/documents/document-numbers';
import { DocumentRenderService } from '../../core/documents/document-render.service';
import { DocumentNumberReservationEntity, IssuedDocumentEntity } from '../../core/documents/documents.entities';
import { ApiClient, HttpResult, startTestApp, TestApp } from '../support/test-app';
import { pdfFonts, pdfInfo, pdfPageSizes, pdfText, pdfToPng, pdfWords, redInkRows, Word } from '../support/pdf-tools';

const MM = 1;
const near = (actual: number, expected: number, tol = 1 * MM) => {
  if (Math.abs(actual - expected) > tol) throw new Error(`expected ${expected.toFixed(2)} ±${tol}, got ${actual.toFixed(2)}`);
};
const pageWords = (words: Word[], page: number) => words.filter((w) => w.page === page);

describe('documents: GB/T 9704 PDFs, issuing, verification (real server, real Chromium)', () => {
  let t: TestApp;
  let officer: ApiClient;
  const pdfs = new Map<string, { id: number; pdf: Buffer; body: any }>();

  async function issue(templateId: string, data: Record<string, unknown>, client = officer) {
    return client.post('/api/documents/issue', { templateId, data });
  }

  async function fetchPdf(id: number, client = officer): Promise<Buffer> {
    const res = await fetch(`${t.url}/api/documents/${id}/pdf`, { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    return Buffer.from(await res.arrayBuffer());
  }

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).set('2026-06-20T02:00:00Z');
    await t.createUser('alpha-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('alpha-head', [{ institution: 'alpha-hospital', role: 'head' }]);
    await t.createUser('alpha-staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
    await t.createUser('beta-officer', [{ institution: 'beta-bureau', role: 'discipline-officer' }]);
    officer = await t.login('alpha-officer');
    // Every core template with its demo data, issued once; the layout tests below read these PDFs.
    for (const [templateId, data] of Object.entries(DEMO_TEMPLATE_DATA)) {
      const res = await issue(templateId, data as unknown as Record<string, unknown>);
      if (res.status !== 201) throw new Error(`${templateId}: ${res.status} ${res.text}`);
      pdfs.set(templateId, { id: res.body.id, pdf: await fetchPdf(res.body.id), body: res.body });
    }
    const pngDir = process.env.DOCS_PNG_DIR;
    if (pngDir) for (const [id, { pdf }] of pdfs) await pdfToPng(pdf, path.join(pngDir, id.replace('/', '-')));
  }, 180_000);
  afterAll(() => t?.close());

  describe.each(Object.keys(DEMO_TEMPLATE_DATA))('%s with demo data', (templateId) => {
    it('is A4 in points, with only embedded CID TrueType fonts', async () => {
      const { pdf } = pdfs.get(templateId)!;
      const info = await pdfInfo(pdf);
      expect(Math.abs(info.width - 594.96)).toBeLessThanOrEqual(1);
      expect(Math.abs(info.height - 841.92)).toBeLessThanOrEqual(1);
      const fonts = await pdfFonts(pdf);
      expect(fonts.length).toBeGreaterThan(0);
      for (const f of fonts) {
        expect(f.type).toBe('CID TrueType');
        expect(f.embedded).toBe(true);
      }
    });

    it('keeps every word inside the 156 × 225 mm text block (margins 37/26/35/28 mm) except the page numbers', async () => {
      const { pdf } = pdfs.get(templateId)!;
      const sizes = await pdfPageSizes(pdf);
      const words = (await pdfWords(pdf)).filter((w) => !/^[—\d]+$/.test(w.text));
      for (const w of words) {
        // A 横排表格 page (wide tables): the same margins turned with the table, its head toward the binding edge on odd pages.
        const [left, right, top, bottom] = sizes[w.page - 1].width < sizes[w.page - 1].height ? [28, 184, 37, 262] : w.page % 2 ? [35, 260, 28, 184] : [37, 262, 26, 182];
        expect(w.xMin).toBeGreaterThanOrEqual(left - 1);
        expect(w.xMax).toBeLessThanOrEqual(right + 1);
        expect(w.yMin).toBeGreaterThanOrEqual(top - 1);
        expect(w.yMax).toBeLessThanOrEqual(bottom + 1);
      }
    });

    it('puts the red mark 35 mm below the text block top, the number centred, and "— N —" on the right of odd pages and the left of even ones', async () => {
      const { pdf, body } = pdfs.get(templateId)!;
      const words = await pdfWords(pdf);
      const text = await pdfText(pdf);
      const mark = pageWords(words, 1)[0];
      expect(mark.text).toMatch(/甲医院纪委|院党委会议纪要/);
      // Measured on the ink: the first red pixel row is the mark's top edge.
      const red = await redInkRows(pdf);
      near(red[0].y, 37 + 35, 1);
      near((mark.xMin + mark.xMax) / 2, 28 + 78, 1);
      const num = pageWords(words, 1).find((w) => w.text === body.number)!;
      expect(body.number).toMatch(/^甲纪〔2026〕[1-9]\d*号$/);
      near((num.xMin + num.xMax) / 2, 28 + 78, 1);
      // The red separator: the last red ink on page 1, the full 156 mm wide, about 4 mm under the number.
      const rule = red[red.length - 1];
      near(rule.xMin, 28, 0.5);
      near(rule.xMax, 28 + 156, 0.5);
      // pdftotext's yMax includes the font's descent (0.286 em ≈ 1.6 mm); the glyphs end ≈ 1.1 mm above it.
      near(rule.y - (num.yMax - 1.1), 4, 1);
      // The 版记 is on the last, even page: under the body (numbered), or alone (unnumbered), maybe after an empty unnumbered page.
      expect((await pdfInfo(pdf)).pages % 2).toBe(0);
      expect(text.length % 2).toBe(0);
      const blank = text[text.length - 2].trim() === '';
      const shared = pageWords(words, text.length).some((w) => w.text === String(text.length) && w.yMin > 297 - 35);
      const numbered = shared ? text.length : text.length - (blank ? 2 : 1);
      if (blank) expect(pageWords(words, text.length - 1)).toEqual([]);
      const sizes = await pdfPageSizes(pdf);
      for (let p = 1; p <= numbered; p++) {
        // A 横排表格 page carries its number beside the block (document-layout.e2e measures where).
        if (sizes[p - 1].width > sizes[p - 1].height) {
          expect(pageWords(words, p).some((w) => w.text === String(p) && (p % 2 ? w.xMax < 35 : w.xMin > 262))).toBe(true);
          continue;
        }
        const dashes = pageWords(words, p).filter((w) => w.text === '—');
        const digit = pageWords(words, p).find((w) => w.text === String(p) && w.yMin > 297 - 35)!;
        expect(dashes).toHaveLength(2);
        near(dashes[0].yMin, 297 - 35 + 7, 1.5);
        if (p % 2 === 1) near(dashes[1].xMax, 210 - 26 - 5.57, 1.5);
        else near(dashes[0].xMin, 28 + 5.57, 1.5);
        expect(digit).toBeDefined();
      }
      if (!shared) expect(text[text.length - 1]).not.toMatch(/—\s*\d+\s*—/);
      expect(text[text.length - 1]).toContain('2026年6月20日印发');
    });
  });

  it('lays the body on the 22 × 28 grid: 28 characters a line and a 28.95 pt line pitch', async () => {
    const res = await issue('core/rectification-notice', { ...DEMO_TEMPLATE_DATA['core/rectification-notice'], background: '一二三四五六七八九十'.repeat(8) });
    const words = (await pdfWords(await fetchPdf(res.body.id))).filter((w) => w.page === 1 && /^[一二三四五六七八九十]+$/.test(w.text) && w.text.length > 20);
    // The indented first line holds 26, full lines 28 characters, each exactly the text block wide.
    expect(words[0].text).toHaveLength(26);
    expect(words[1].text).toHaveLength(28);
    near(words[1].xMin, 28, 0.5);
    near(words[1].xMax, 28 + 156, 1);
    near(words[0].xMin, 28 + 2 * 5.57, 0.5);
    near(words[2].yMin - words[1].yMin, 28.95 * (25.4 / 72), 0.2);
  });

  it('prints the demo content as text: title, addressee, headings, attachments, signature, date, 抄送', async () => {
    const text = (await pdfText(pdfs.get('core/warning-notice')!.pdf)).join('\n').replace(/[ \u3000]+/g, '');
    for (const s of ['关于药品采购环节廉政风险的预警通知书', '药剂科：', '一、风险情况', '（一）立即对相关采购事项', '附件：1.药品采购环节风险点清单', '2.整改情况报告（模板）', '甲医院纪委', '2026年6月20日', '（联系人：王芳，电话：0571-12345678）', '抄送：院党委，院长办公室，审计科。', '甲医院纪委办公室']) {
      expect(text).toContain(s);
    }
    const minutes = (await pdfText(pdfs.get('core/meeting-minutes')!.pdf)).join('\n').replace(/[ \u3000]+/g, '');
    for (const s of ['院党委会议纪要', '出席：陈刚、刘伟', '请假：沈阳（外出学习）', '列席：韩梅、杨帆']) expect(minutes).toContain(s);
  });

  it('aligns wrapped attendee lines after the colon (出席：)', async () => {
    const words = await pdfWords(pdfs.get('core/meeting-minutes')!.pdf);
    const first = words.find((w) => w.text.startsWith('出席'))!;
    const next = words.find((w) => w.page === first.page && w.yMin > first.yMin + 5 && w.yMin < first.yMin + 15)!;
    near(first.xMin, 28 + 2 * 5.57, 0.6);
    near(next.xMin, 28 + 5 * 5.57, 0.6);
  });

  it('stores the PDF under DATA_DIR with its SHA-256, template version and data; GET returns the metadata', async () => {
    const { id, pdf, body } = pdfs.get('core/warning-notice')!;
    const meta = await officer.get(`/api/documents/${id}`);
    expect(meta.status).toBe(200);
    expect(meta.body).toMatchObject({ templateId: 'core/warning-notice', version: 1, year: 2026, issuedOn: '2026-06-20', number: body.number });
    expect(meta.body.templateVersion).toMatch(/^[a-f0-9]{16}$/);
    expect(meta.body.data).toEqual(DEMO_TEMPLATE_DATA['core/warning-notice']);
    expect(meta.body.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    const files = fs.readdirSync(path.join(t.env.DATA_DIR, 'documents', 'alpha-hospital', '2026'));
    expect(files.some((f) => f.endsWith(`${meta.body.publicId}.pdf`))).toBe(true);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('numbers 50 parallel issues 1..N with no gap and no repeat', async () => {
    const before = (await officer.get('/api/documents?pageSize=200')).body.items.filter((d: any) => d.institutionId === 1 || d.number.startsWith('甲纪')).length;
    const data = { ...DEMO_TEMPLATE_DATA['core/interview-notice'] };
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => issue('core/interview-notice', { ...data, title: `约谈通知单${i}` })));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const seqs = results.map((r) => r.body.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => before + i + 1));
    expect(new Set(results.map((r) => r.body.number)).size).toBe(50);
    const hashes = new Set(results.map((r) => r.body.sha256));
    expect(hashes.size).toBe(50);
  }, 180_000);

  describe('numbers reserved in a short write, rendered outside the numbering lock', () => {
    const notice = (title: string) => issue('core/interview-notice', { ...DEMO_TEMPLATE_DATA['core/interview-notice'], title });
    const lastSeq = async () =>
      Number(
        (
          await t.db.read((m) =>
            m.getRepository(IssuedDocumentEntity).createQueryBuilder('d').select('MAX(d.number_seq)', 'max').where('d.number_prefix = :p AND d.number_year = :y', { p: '甲纪', y: 2026 }).getRawOne<{ max: number | string | null }>(),
          )
        )?.max ?? 0,
      );
    const reservations = () => t.db.read((m) => m.getRepository(DocumentNumberReservationEntity).find({ order: { seq: 'ASC' } }));
    const renderer = () => t.app.get(DocumentRenderService);

    it('renders two issues at one institution side by side and numbers them one after the other', async () => {
      const r = renderer();
      const original = r.render.bind(r);
      let calls = 0;
      let secondStarted!: () => void;
      const second = new Promise<boolean>((resolve) => (secondStarted = () => resolve(true)));
      let overlapped: boolean | undefined;
      // The first render waits (at most 10 s) for the second to begin: with renders under the numbering lock it never does.
      const spy = jest.spyOn(r, 'render').mockImplementation(async (...args) => {
        if (++calls === 1) {
          let timer: NodeJS.Timeout | undefined;
          overlapped = await Promise.race([second, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 10_000)))]);
          clearTimeout(timer);
        } else secondStarted();
        return original(...args);
      });
      try {
        const before = await lastSeq();
        const [a, b] = await Promise.all([notice('并行一'), notice('并行二')]);
        expect([a.status, b.status]).toEqual([201, 201]);
        expect(overlapped).toBe(true);
        expect([a.body.seq, b.body.seq].sort((x, y) => x - y)).toEqual([before + 1, before + 2]);
        for (const d of [a, b]) expect(createHash('sha256').update(await fetchPdf(d.body.id)).digest('hex')).toBe(d.body.sha256);
        expect(await reservations()).toEqual([]);
      } finally {
        spy.mockRestore();
      }
    }, 60_000);

    it('renders a reissue outside the numbering lock too: an issue at the same institution renders beside it', async () => {
      const first = await notice('将重新印发');
      const r = renderer();
      const original = r.render.bind(r);
      let calls = 0;
      let issueStarted!: () => void;
      const started = new Promise<boolean>((resolve) => (issueStarted = () => resolve(true)));
      let overlapped: boolean | undefined;
      // The reissue's render waits (at most 10 s) for the issue's to begin: with the reissue rendering under the lock it never does.
      const spy = jest.spyOn(r, 'render').mockImplementation(async (...args) => {
        if (++calls === 1) {
          let timer: NodeJS.Timeout | undefined;
          overlapped = await Promise.race([started, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 10_000)))]);
          clearTimeout(timer);
        } else issueStarted();
        return original(...args);
      });
      try {
        const before = await lastSeq();
        const reissued = officer.post(`/api/documents/${first.body.id}/reissue`, {});
        // The issue starts once the reissue's render is under way.
        while (calls === 0) await new Promise((w) => setTimeout(w, 10));
        const [re, next] = await Promise.all([reissued, notice('重新印发时另发')]);
        expect([re.status, next.status]).toEqual([201, 201]);
        expect(overlapped).toBe(true);
        // The reissue keeps its number as version 2; the issue takes the next number.
        expect([re.body.seq, re.body.version, re.body.number]).toEqual([first.body.seq, 2, first.body.number]);
        expect(next.body.seq).toBe(before + 1);
        for (const d of [re, next]) expect(createHash('sha256').update(await fetchPdf(d.body.id)).digest('hex')).toBe(d.body.sha256);
        expect(await reservations()).toEqual([]);
      } finally {
        spy.mockRestore();
      }
    }, 60_000);

    it('a failed render leaves no row and no file, and the next issue takes its number', async () => {
      const dir = path.join(t.env.DATA_DIR, 'documents', 'alpha-hospital', '2026');
      const files = fs.readdirSync(dir).sort();
      const before = await lastSeq();
      const spy = jest.spyOn(renderer(), 'render').mockRejectedValueOnce(new Error('Chromium went away'));
      try {
        const failed = await notice('生成失败');
        expect(failed.status).toBe(503);
        expect(failed.body.message).toBe('文书生成失败，未编号、未保存，请稍后重试');
        expect(await lastSeq()).toBe(before);
        expect(fs.readdirSync(dir).sort()).toEqual(files);
        // Released at once, not after its lease: the retry gets it.
        expect((await reservations()).map((x) => [x.seq, Date.parse(x.leaseUntil) <= Date.now()])).toEqual([[before + 1, true]]);
        const retry = await notice('重新印发');
        expect(retry.status).toBe(201);
        expect(retry.body.seq).toBe(before + 1);
        expect(await reservations()).toEqual([]);
      } finally {
        spy.mockRestore();
      }
    });

    it('takes a number whose reservation outlived its process, lowest first, and skips one whose render is under way', async () => {
      const before = await lastSeq();
      const past = new Date(Date.now() - 60_000).toISOString();
      const future = new Date(Date.now() + NUMBER_LEASE_MS).toISOString();
      await t.db.write((m) =>
        m.getRepository(DocumentNumberReservationEntity).insert([
          { prefix: '甲纪', year: 2026, seq: before + 2, holder: 'rendering', leaseUntil: future, createdAt: past },
          { prefix: '甲纪', year: 2026, seq: before + 1, holder: 'dead-process', leaseUntil: past, createdAt: past },
        ]),
      );
      expect((await notice('接续一')).body.seq).toBe(before + 1);
      expect((await notice('接续二')).body.seq).toBe(before + 3);
      // The process rendering before + 2 dies too: once its lease runs out, the next issue fills the gap.
      await t.db.write((m) => m.getRepository(DocumentNumberReservationEntity).update({ holder: 'rendering' }, { leaseUntil: past }));
      expect((await notice('接续三')).body.seq).toBe(before + 2);
      expect((await notice('接续四')).body.seq).toBe(before + 4);
      expect(await reservations()).toEqual([]);
    });

    it('an issue that outlived its lease and lost its number to another stores nothing (409); the number is issued once', async () => {
      const before = await lastSeq();
      const r = renderer();
      const original = r.render.bind(r);
      let taking: Promise<HttpResult> | undefined;
      const spy = jest.spyOn(r, 'render').mockImplementationOnce(async (...args) => {
        // This render outlives its lease, and another issue takes the number while it renders.
        const mine = (await reservations()).find((x) => x.seq === before + 1)!;
        await t.db.write((m) => m.getRepository(DocumentNumberReservationEntity).update({ id: mine.id }, { leaseUntil: new Date(Date.now() - 1000).toISOString() }));
        taking = notice('接手');
        for (let i = 0; i < 400 && (await reservations()).find((x) => x.seq === before + 1)?.holder === mine.holder; i++) await new Promise((w) => setTimeout(w, 25));
        return original(...args);
      });
      try {
        const late = await notice('超时');
        const taken = await taking!;
        expect(late.status).toBe(409);
        expect([taken.status, taken.body.seq]).toEqual([201, before + 1]);
        expect(await lastSeq()).toBe(before + 1);
        const prefix = `${String(before + 1).padStart(5, '0')}-v1-`;
        expect(fs.readdirSync(path.join(t.env.DATA_DIR, 'documents', 'alpha-hospital', '2026')).filter((f) => f.startsWith(prefix))).toEqual([`${prefix}${taken.body.publicId}.pdf`]);
        expect(await reservations()).toEqual([]);
      } finally {
        spy.mockRestore();
      }
    });
  });

  it('verifies publicly: the QR page names issuer, date, number and hash, and checks an uploaded PDF byte for byte', async () => {
    const { pdf, body } = pdfs.get('core/warning-notice')!;
    const page = await t.anonymous().get(body.verifyPath);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`本公文由<strong>甲医院纪委</strong>于2026年6月20日印发，文号<strong>${body.number}</strong>`);
    expect(page.text).toContain(body.sha256);
    const upload = async (bytes: Buffer) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'mine.pdf');
      const res = await fetch(t.url + body.verifyPath, { method: 'POST', body: form });
      return { status: res.status, text: await res.text() };
    };
    const same = await upload(pdf);
    expect(same.status).toBe(200);
    expect(same.text).toContain('逐字节一致');
    const changed = Buffer.from(pdf);
    changed[changed.length - 10] ^= 1;
    expect((await upload(changed)).text).toContain('不一致');
    expect((await t.anonymous().get('/verify/0123456789abcdef01234567')).status).toBe(404);
    // Malformed uploads are a 400, never a 500.
    const broken = await fetch(t.url + body.verifyPath, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\nabc' });
    expect(broken.status).toBe(400);
    expect((await t.anonymous().post(body.verifyPath, { file: 'x' })).status).toBe(400);
  });

  it('embeds a QR code image in the PDF', async () => {
    const { pdf } = pdfs.get('core/warning-notice')!;
    expect(pdf.toString('latin1')).toMatch(/\/Subtype\s*\/Image/);
  });

  it('re-issues under the same number as version 2 and keeps version 1 byte for byte; both are audited', async () => {
    const { id, pdf, body } = pdfs.get('core/inquiry-letter')!;
    const re = await officer.post(`/api/documents/${id}/reissue`, { data: { ...DEMO_TEMPLATE_DATA['core/inquiry-letter'], replyBy: '2026年7月5日' } });
    expect(re.status).toBe(201);
    expect(re.body).toMatchObject({ number: body.number, version: 2, previousId: id });
    expect(Buffer.compare(await fetchPdf(id), pdf)).toBe(0);
    expect((await pdfText(await fetchPdf(re.body.id))).join('')).toContain('2026年7月5日');
    const v1 = await t.anonymous().get(body.verifyPath);
    expect(v1.text).toContain('已被第2版取代');
    const audit = await t.db.read((m) => m.getRepository(AuditEntryEntity).find({ where: { objectType: 'document' } }));
    expect(audit.find((a) => a.action === 'document.issue' && a.objectId === String(id))).toBeDefined();
    expect(audit.find((a) => a.action === 'document.reissue' && a.objectId === String(re.body.id))).toBeDefined();
  });

  it('puts the 版记 under a two-page body with room for it, and alone on page 4 after a three-page body', async () => {
    // The demo notice's body ends high on page 2: the 版记 goes under it, and page 2 keeps its number.
    const twoPages = await fetchPdf((await issue('core/rectification-notice', DEMO_TEMPLATE_DATA['core/rectification-notice'] as any)).body.id);
    expect((await pdfInfo(twoPages)).pages).toBe(2);
    const text = await pdfText(twoPages);
    expect(text[0]).toMatch(/—\s*1\s*—/);
    expect(text[1]).toMatch(/—\s*2\s*—/);
    expect(text[1]).toContain('印发');
    // A longer background pushes the body onto a third page: the 版记 is page 4 without a blank page.
    const long = { ...DEMO_TEMPLATE_DATA['core/rectification-notice'], background: '一二三四五六七八九十'.repeat(60) };
    const threePages = await pdfText(await fetchPdf((await issue('core/rectification-notice', long)).body.id));
    expect(threePages).toHaveLength(4);
    expect(threePages[2]).toMatch(/—\s*3\s*—/);
    expect(threePages[3]).toContain('印发');
    expect(threePages[3]).not.toMatch(/—\s*\d+\s*—/);
  });

  it('sets （一） headings in 楷体 (LXGW WenKai), embedded as a subset only where such a heading appears', async () => {
    const withH2 = (await pdfFonts(pdfs.get('core/meeting-minutes')!.pdf)).map((f) => f.name);
    expect(withH2.some((n) => /^[A-Z]{6}\+LXGWWenKai/.test(n))).toBe(true);
    const withoutH2 = (await pdfFonts(pdfs.get('core/interview-notice')!.pdf)).map((f) => f.name);
    expect(withoutH2.some((n) => n.includes('LXGW'))).toBe(false);
  });

  it('a missing field names the template and the field, takes no number and writes no file', async () => {
    const dir = path.join(t.env.DATA_DIR, 'documents', 'alpha-hospital', '2026');
    const filesBefore = fs.readdirSync(dir).length;
    const { deadline: _d, ...withoutDeadline } = DEMO_TEMPLATE_DATA['core/warning-notice'];
    const res = await issue('core/warning-notice', withoutDeadline);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('data.deadline');
    expect(res.body.message).toContain('core/warning-notice');
    // A plugin template has no schema: strict rendering names the missing field.
    const plugin = await issue('test-plugin/note', { institution: { name: '甲医院' }, record: { subject: 'x', amountFen: 1 } });
    expect(plugin.status).toBe(422);
    expect(plugin.body.message).toContain('test-plugin/note');
    expect(plugin.body.message).toContain('inspectedOn');
    expect(fs.readdirSync(dir).length).toBe(filesBefore);
    expect((await issue('core/no-such', {})).status).toBe(404);
  });

  it('only discipline officers and heads issue; other institutions’ documents answer 404', async () => {
    const staff = await t.login('alpha-staff');
    expect((await issue('core/interview-notice', DEMO_TEMPLATE_DATA['core/interview-notice'] as any, staff)).status).toBe(403);
    const head = await t.login('alpha-head');
    expect((await issue('core/interview-notice', DEMO_TEMPLATE_DATA['core/interview-notice'] as any, head)).status).toBe(201);
    const beta = await t.login('beta-officer');
    const { id } = pdfs.get('core/warning-notice')!;
    expect((await beta.get(`/api/documents/${id}`)).status).toBe(404);
    expect((await beta.get(`/api/documents/${id}/pdf`)).status).toBe(404);
    const betaDoc = await issue('core/interview-notice', DEMO_TEMPLATE_DATA['core/interview-notice'] as any, beta);
    expect(betaDoc.body.number).toBe('乙税纪〔2026〕1号');
  });
});
