import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { getMetadataStorage } from 'class-validator';
import ExcelJS from 'exceljs';
import Handlebars from 'handlebars';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { CreateRiskPointDto } from '../../core/risk/risk.dto';
import { formulaPayloads, injectionPayloads } from '../fixtures/injection-payloads';
import { FULL_MATRIX, matrixSample, SAMPLE_STRIDE } from '../support/matrix-tier';
import { launchBrowser } from '../support/browser';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(240_000);

const FORMULA_START = /^[=+\-@\t\r]/;
const escaped = (s: string) => Handlebars.escapeExpression(s);

/**
 * Injection into pages and spreadsheets (issue #11 point 8), for the risk point: its text fields come from the write
 * DTO's validation metadata, not a hand list. Each field receives every payload (payload k of field j sits in point
 * (k + 7j) mod P), then every output that shows it is read back: JSON verbatim, HTML escaped, Excel cells neutralised,
 * and a real browser loads the pages without a single request to the loopback canary. (PDFs: documents-injection.)
 */
describe('injection: every payload in every text field comes out as literal text and loads nothing', () => {
  let t: TestApp;
  let canary: http.Server;
  let canaryUrl = '';
  const hits: string[] = [];
  let canaryFile = '';
  const SECRET_CONTENT = `CANARY-FILE-${process.pid}-内容`;
  let payloads: string[] = [];
  let admin: ApiClient;

  beforeAll(async () => {
    canary = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((r) => canary.listen(0, '127.0.0.1', () => r()));
    canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
    canaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lz-canary-')), 'secret.txt');
    fs.writeFileSync(canaryFile, SECRET_CONTENT);
    payloads = [...matrixSample(injectionPayloads(canaryUrl)), ...formulaPayloads(canaryUrl, canaryFile)];
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-05-04T02:00:00Z', seed: 'demo' });
    admin = await t.login('admin', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await new Promise<void>((r) => canary.close(() => r()));
    await t?.close();
    fs.rmSync(path.dirname(canaryFile), { recursive: true, force: true });
  });

  const spread = (k: number, j: number) => payloads[(k + j * 7) % payloads.length];

  function checkHtml(html: string, values: string[], where: string, problems: string[]) {
    for (const v of values) {
      if (!html.includes(escaped(v))) problems.push(`${where}: ${JSON.stringify(v).slice(0, 80)} is not shown escaped`);
      else if (/[<>"']/.test(v) && v.length > 3 && html.includes(v)) problems.push(`${where}: ${JSON.stringify(v).slice(0, 80)} appears raw`);
    }
    if (html.includes(SECRET_CONTENT)) problems.push(`${where}: shows the canary file`);
  }

  it('has at least 200 payloads, formulas and file:// reads included', () => {
    expect(payloads.length).toBeGreaterThanOrEqual(FULL_MATRIX ? 200 : 200 / SAMPLE_STRIDE);
    expect(payloads.filter((p) => FORMULA_START.test(p)).length).toBeGreaterThanOrEqual(15);
    expect(payloads.filter((p) => p.includes('file://')).length).toBeGreaterThanOrEqual(5);
  });

  it('risk points: every string field of the write DTO × every payload → JSON, HTML pages, the five Excel exports and the list in Chromium', async () => {
    const fields = getMetadataStorage()
      .getTargetValidationMetadatas(CreateRiskPointDto, '', true, false)
      .filter((m) => m.name === 'isString')
      .map((m) => m.propertyName)
      // `category` is a key of the institution's taxonomy, not free text (anything else answers 400).
      .filter((p) => p !== 'category');
    expect(fields).toEqual(expect.arrayContaining(['title', 'description', 'manifestation', 'measuresPrevention', 'measuresMonitoring', 'measuresDisposal']));
    const buyer = await t.login('hosp-buyer', DEMO_PASSWORD);
    const officer = await t.login('hosp-jijian', DEMO_PASSWORD);
    const ids: number[] = [];
    const sent = new Map<number, Record<string, string>>();
    for (let k = 0; k < payloads.length; k++) {
      const body: Record<string, string> = Object.fromEntries(fields.map((f, j) => [f, spread(k, j)]));
      const res = await buyer.post('/api/risk/points', { level: 'post', category: 'post-duty', likelihood: 2, harm: 2, ...body });
      expect(res.status).toBe(201);
      // The view nests the three measures (measuresPrevention → measures.prevention).
      const back = (f: string) => (f.startsWith('measures') ? res.body.measures[f.slice(8, 9).toLowerCase() + f.slice(9)] : res.body[f]);
      // Some fields are stored trimmed (a leading tab or CR goes with it; the formula behind it stays): otherwise verbatim.
      const stored: Record<string, string> = Object.fromEntries(fields.map((f) => [f, back(f)]));
      for (const f of fields) expect([body[f], body[f].trim()]).toContain(stored[f]);
      ids.push(res.body.id);
      sent.set(res.body.id, stored);
    }
    const problems: string[] = [];
    for (let i = 0; i < ids.length; i += 4) {
      await Promise.all(
        ids.slice(i, i + 4).map(async (id) => {
          const page = await officer.get(`/risk/points/${id}`);
          expect(page.status).toBe(200);
          checkHtml(page.text, Object.values(sent.get(id)!), `/risk/points/${id}`, problems);
        }),
      );
    }
    // Excel: every cell that a spreadsheet would run is quoted, and every payload is there as the text it was.
    for (const kind of ['catalogue', 'summary', 'form1', 'form2', 'form3']) {
      const res = await fetch(`${t.url}/api/risk/export?kind=${kind}`, { headers: { cookie: `sid=${officer.cookies.get('sid')}` } });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      const cells: string[] = [];
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => {
        if (typeof c.value === 'object' && c.value !== null && ('formula' in c.value || 'sharedFormula' in c.value)) problems.push(`${kind}: a formula cell ${c.address}`);
        cells.push(String(c.value ?? ''));
      })));
      for (const c of cells) if (FORMULA_START.test(c)) problems.push(`${kind}: cell starts like a formula: ${JSON.stringify(c).slice(0, 60)}`);
      const text = new Set(cells);
      // Ours are post-level points still being identified: the summary and 附表1 (posts) list them; the catalogue
      // (approved points by power) and 附表2-3 (department and institution level) are checked for formulas alone.
      const inExport = kind === 'summary' ? ['title', 'description', 'manifestation'] : kind === 'form1' ? ['title', 'manifestation', 'measuresPrevention', 'measuresMonitoring', 'measuresDisposal'] : [];
      for (const b of sent.values()) for (const f of inExport) {
        const v = b[f];
        if (![...text].some((c) => c === v || c === `'${v}` || c.includes(v.trim()))) problems.push(`${kind}: ${f} ${JSON.stringify(v).slice(0, 60)} is missing`);
      }
    }
    // A browser opens the list holding all of them: nothing loads from the loopback canary.
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setCookie({ name: 'sid', value: officer.cookies.get('sid')!, url: t.url });
      for (const url of ['/risk/points', `/risk/points/${ids[0]}`, `/risk/points/${ids[ids.length - 1]}`]) {
        const r = await page.goto(t.url + url, { waitUntil: 'networkidle0' });
        expect(r?.status()).toBe(200);
      }
      expect(await page.evaluate(() => document.querySelectorAll('script:not([src]), iframe, object, embed').length)).toBe(0);
    } finally {
      await browser.close();
    }
    expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
    expect(hits).toEqual([]);
    console.log(`injection: risk point ${fields.length} text fields × ${payloads.length} payloads → JSON, ${ids.length} HTML pages, 5 Excel exports, 3 pages in Chromium; canary hits ${hits.length}`);
  });
});
