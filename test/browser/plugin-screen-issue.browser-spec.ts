/**
 * The 出具 button of plugin list rows in a real browser (hospital procurement's supervision opinion): the officer's
 * click issues a numbered PDF and opens it; plain staff see no button, and a post they forge is refused.
 */
import { Clock } from '../../core/clock/clock';
import { creditCodeCheckChar } from '../../core/plugin-api';
import { hospitalProcurementPlugin } from '../../plugins/hospital-procurement/hospital-procurement.plugin';
import { testPlugin } from '../fixtures/test-plugin/test-plugin.plugin';
import { pdfText } from '../support/pdf-tools';
import { launchBrowser, loginViaForm, open, screenshot, TestBrowser, textsOf, type Page } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/hospital-procurement/records';

/** The PDF bytes at `href`, fetched with the page's own session. */
async function fetchPdf(page: Page, href: string): Promise<{ type: string | null; bytes: Buffer }> {
  const { type, base64 } = await page.evaluate(async (u) => {
    const res = await fetch(u);
    const bytes = new Uint8Array(await res.arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return { type: res.headers.get('content-type'), base64: btoa(s) };
  }, href);
  return { type, bytes: Buffer.from(base64, 'base64') };
}

describe('出具 from a plugin list in the browser', () => {
  let t: TestApp;
  let b: TestBrowser;
  let projectId: number;

  beforeAll(async () => {
    // Only the plugins the fixture config enables, so another plugin's work in progress cannot stop this suite.
    t = await startTestApp({ plugins: [hospitalProcurementPlugin, testPlugin] });
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    await t.createUser('psib-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('psib-staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
    const officer = await t.login('psib-officer');
    const first = '91361199MA0000001';
    const supplier = await officer.post(`${P}/supplier`, { name: '甲县康宁医疗用品有限公司', creditCode: first + creditCodeCheckChar(first), categories: ['consumables'] });
    if (supplier.status !== 201) throw new Error(supplier.text);
    const project = await officer.post(`${P}/procurement-project`, { projectNo: 'JY-2026-009', name: '应急呼吸机采购', category: 'equipment', totalFen: 8_000_000, department: '重症医学科', method: 'emergency', methodReason: '流感高发期重症患者激增，按应急预案紧急采购', awardedOn: '2026-06-12', supplier: supplier.body.id });
    if (project.status !== 201) throw new Error(project.text);
    projectId = project.body.id;
    b = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('the officer clicks 出具采购监督意见书 and gets the numbered PDF', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'psib-officer');
    await open(page, `${t.url}/p/hospital-procurement/register`);
    expect(await textsOf(page, `tr[data-record-id="${projectId}"] [data-testid=issue]`)).toEqual(['出具采购监督意见书']);
    expect(await textsOf(page, `tr[data-record-id="${projectId}"] [data-testid=edit]`)).toEqual(['编辑']);
    // The supplier column names the supplier, not its id.
    expect(await textsOf(page, `tr[data-record-id="${projectId}"] td`)).toContain('甲县康宁医疗用品有限公司');
    await screenshot(page, 'plugin-list-issue-buttons');
    // Chromium hands an inline PDF to its viewer (or a download): the click's outcome is the redirect to the document.
    const [redirect] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/p/hospital-procurement/register/${projectId}/issue`)), page.click(`tr[data-record-id="${projectId}"] [data-testid=issue]`)]);
    expect(redirect.status()).toBe(303);
    const href = redirect.headers().location;
    expect(href).toMatch(/^\/api\/documents\/\d+\/pdf$/);
    const viewer = await b.newPage();
    await loginViaForm(viewer, t.url, 'psib-officer');
    const pdf = await fetchPdf(viewer, `${t.url}${href}`);
    expect(pdf.type).toBe('application/pdf');
    const text = (await pdfText(pdf.bytes)).join('\n').replace(/\s+/g, '');
    expect(text).toContain('甲纪〔2026〕1号');
    expect(text).toContain('应急呼吸机采购');
  });

  it('plain staff see the row but no 出具 button, and their forged post gets 403', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'psib-staff');
    await open(page, `${t.url}/p/hospital-procurement/register`);
    expect(await page.$(`tr[data-record-id="${projectId}"]`)).not.toBeNull();
    expect(await page.$$('[data-testid=issue]')).toHaveLength(0);
    await screenshot(page, 'plugin-list-issue-staff');
    // The same form the officer gets, built by hand with the staff member's own CSRF token.
    const [res] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.evaluate((action) => {
        const f = document.createElement('form');
        f.method = 'post';
        f.action = action;
        for (const [name, value] of [['_csrf', (document.querySelector('input[name=_csrf]') as HTMLInputElement).value], ['template', 'hospital-procurement/supervision-opinion']]) {
          const i = document.createElement('input');
          i.type = 'hidden';
          i.name = name;
          i.value = value;
          f.appendChild(i);
        }
        document.body.appendChild(f);
        f.submit();
      }, `/p/hospital-procurement/register/${projectId}/issue`),
    ]);
    expect(res!.status()).toBe(403);
    const officer = await t.login('psib-officer');
    expect((await officer.get('/api/documents')).body.items).toHaveLength(1);
  });
});
