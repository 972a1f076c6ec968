import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DocumentRenderService } from '../../core/documents/document-render.service';
import { DEMO_TEMPLATE_DATA } from '../../core/domain-modules';
import { injectionPayloads } from '../fixtures/injection-payloads';
import { pdfText } from '../support/pdf-tools';
import { startTestApp, TestApp } from '../support/test-app';

// Whitespace goes, and so do the page numbers that land inside a paragraph broken across pages.
const squash = (s: string) => s.replace(/\s+/g, '').replace(/—\d+—/g, '');
const DOC = { number: '甲纪〔2026〕1号', dateText: '2026年6月20日', letterhead: '甲医院纪委', signature: '甲医院纪委', printer: '甲医院纪委办公室', qr: '', verifyUrl: '' };

describe('documents: hostile data is printed as text and loads nothing', () => {
  let t: TestApp;
  let canary: http.Server;
  let canaryUrl: string;
  const canaryHits: string[] = [];
  let payloads: string[];

  beforeAll(async () => {
    canary = http.createServer((req, res) => {
      canaryHits.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((r) => canary.listen(0, '127.0.0.1', () => r()));
    canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
    payloads = injectionPayloads(canaryUrl);
    t = await startTestApp();
    await t.createUser('alpha-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
  });
  afterAll(async () => {
    await new Promise<void>((r) => canary.close(() => r()));
    await t?.close();
  });

  it('has at least 200 payloads', () => {
    expect(payloads.length).toBeGreaterThanOrEqual(200);
  });

  it('renders every payload as literal text in the PDF; no request leaves the page and no file is read', async () => {
    const render = t.app.get(DocumentRenderService);
    const blockedBefore = render.pdf.blocked.length;
    const chunk = 25;
    const docs = [];
    for (let i = 0; i < payloads.length; i += chunk) {
      const part = payloads.slice(i, i + chunk);
      const data = { ...DEMO_TEMPLATE_DATA['core/rectification-notice'], title: part[0], addressee: part[1], background: part[2], problems: part.slice(3, 14), requirements: part.slice(14, 22), cc: part.slice(22) };
      docs.push(render.render('core/rectification-notice', data, DOC, 'alpha-hospital').then(async (r) => ({ part, text: squash((await pdfText(r.pdf)).join('')) })));
    }
    const missing: string[] = [];
    for (const { part, text } of await Promise.all(docs)) {
      for (const p of part) if (!text.includes(squash(p))) missing.push(`${p} ⟶ ${text.slice(Math.max(0, text.indexOf(squash(p).slice(0, 12)) - 20), text.indexOf(squash(p).slice(0, 12)) + squash(p).length + 20)}`);
      expect(text).not.toMatch(/PRETTY_NAME|root:x:0:0|debian/i);
      expect(text).not.toContain('伪造标题伪造标题');
    }
    expect(missing).toEqual([]);
    expect(canaryHits).toEqual([]);
    // Escaped data never even tries a request: the interception log stays empty.
    expect(render.pdf.blocked.slice(blockedBefore)).toEqual([]);
  }, 180_000);

  it('does the same through the HTTP issue route, and the stored data keeps the payloads verbatim', async () => {
    const officer = await t.login('alpha-officer');
    const part = payloads.filter((_, i) => i % 12 === 0);
    const res = await officer.post('/api/documents/issue', {
      templateId: 'core/inquiry-letter',
      data: { ...DEMO_TEMPLATE_DATA['core/inquiry-letter'], background: part[0], questions: part.slice(1), note: part[1] },
    });
    expect(res.status).toBe(201);
    expect(res.body.data.questions).toEqual(part.slice(1));
    const pdf = Buffer.from(await (await fetch(`${t.url}/api/documents/${res.body.id}/pdf`, { headers: { cookie: `sid=${officer.cookies.get('sid')}` } })).arrayBuffer());
    const text = squash((await pdfText(pdf)).join(''));
    for (const p of part) expect(text).toContain(squash(p));
    expect(canaryHits).toEqual([]);
  });

  it('blocks and logs requests even from raw HTML that bypasses the templates (defence in depth)', async () => {
    const renderer = t.app.get(DocumentRenderService).pdf;
    const before = renderer.blocked.length;
    const probe = `${renderer.fontBase}/fonts/not-a-listed-font.woff2`;
    const { pdf } = await renderer.render(
      `<style>@font-face{font-family:probe;src:url(${probe})}</style><p style="font-family:probe">x</p><p>正文</p><img src="${canaryUrl}/raw.png"><link rel="stylesheet" href="${canaryUrl}/raw.css"><iframe src="file:///etc/os-release"></iframe><img src="file:///etc/os-release"><img src=x onerror="document.body.append(document.cookie + 'SCRIPT-RAN')">`,
    );
    const text = (await pdfText(pdf)).join('');
    expect(text).toContain('正文');
    expect(text).not.toMatch(/PRETTY_NAME|SCRIPT-RAN/);
    expect(canaryHits).toEqual([]);
    // The page's CSP stops other hosts and file:// before any request; what the CSP lets through (our font origin)
    // still meets request interception, which allows only the listed font files.
    expect(renderer.blocked.slice(before)).toEqual([probe]);
  });
});
