import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { clickAndWait, launchBrowser, loginViaForm, open, Page, screenshot, TestBrowser, textOf, textsOf } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/tax-collection/records';

/** A screenshot once the page's font subsets have arrived (a loaded machine serves them slower than the helper waits). */
async function shot(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOT_DIR) return;
  await page.evaluate(() => Promise.race([document.fonts.ready, new Promise((r) => setTimeout(r, 30_000))]));
  await screenshot(page, name);
}

describe('a supervision record in the browser: the taxpayer’s receipt answers stand, the record keeps its versions', () => {
  let t: TestApp;
  let b: TestBrowser;
  let inspection: { id: number; title: string };
  let link: string;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    // The tax officer registers an inspection; the receipt's link is what the printed form carries.
    const officer = await t.login('tax-officer', DEMO_PASSWORD);
    const taxpayer = (await officer.get(`${P}/taxpayer?pageSize=1`)).body.items[0].id;
    const created = await officer.post(`${P}/inspection`, { inspectionNo: '示税检通〔2026〕951号', taxpayer, inspectors: ['刘振华', '何静'], startedOn: '2026-11-16', endedOn: '2026-11-18', findings: '账簿凭证齐全', receiptIssuedOn: '2026-11-18' });
    if (created.status !== 201) throw new Error(created.text);
    inspection = created.body;
    link = (await officer.get(`/api/records/${inspection.id}/public-links`)).body[0].url;
    b = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('the taxpayer answers; the officer sees the answers read-only, a forged answer is refused on the page, and an allowed edit shows in the version history', async () => {
    const taxpayer = await b.newPage();
    await open(taxpayer, link);
    await taxpayer.click('#receiptDemands-no');
    await taxpayer.click('#receiptBanquet-no');
    await taxpayer.click('#receiptGifts-no');
    await taxpayer.click('#receiptAttitude-good');
    await taxpayer.type('textarea[name=receiptComment]', '检查人员依法办事，没有接受宴请。');
    await clickAndWait(taxpayer, 'form.record-form button[type=submit]');
    expect(await textOf(taxpayer, '[data-testid=public-form-thanks]')).toBe('已收到您的回复，感谢您对税务干部廉洁执法的监督。');

    const page = await b.newPage();
    await loginViaForm(page, t.url, 'tax-officer', DEMO_PASSWORD);
    await open(page, `${t.url}/p/tax-collection/inspections`);
    await clickAndWait(page, `tr[data-record-id="${inspection.id}"] a[data-testid=edit]`);
    expect(page.url()).toBe(`${t.url}/p/tax-collection/new-inspection/${inspection.id}/edit`);
    // The answers are shown, not editable, and say who writes them.
    expect(await textOf(page, '[data-testid=readonly-receiptBanquet]')).toBe('没有');
    expect(await textOf(page, '[data-testid=readonly-receiptAttitude]')).toBe('满意');
    expect(await textOf(page, '[data-testid=readonly-receiptComment]')).toBe('检查人员依法办事，没有接受宴请。');
    expect(await textOf(page, '[data-readonly=receiptBanquet] .lock-note')).toBe('只能由公众通过公开表单填写，任何账号都不能填写或修改');
    expect(await page.$$('[name=receiptBanquet], [name=receiptComment], [name=receiptReturnedOn]')).toHaveLength(0);
    expect(await page.$('textarea[name=findings]')).not.toBeNull();
    await shot(page, 'record-protection-readonly');

    // A forged post: the answer put back into the form with another value, as a crafted request would.
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = 'receiptBanquet';
      input.value = 'yes';
      document.querySelector('form.record-form')!.appendChild(input);
    });
    const refused = await clickAndWait(page, 'form.record-form button[type=submit]');
    expect(refused?.status()).toBe(403);
    expect(await textsOf(page, '[data-testid=form-errors] li')).toEqual(['检查人员有无接受宴请：只能由公众通过公开表单填写，任何账号都不能填写或修改']);
    expect(await textOf(page, '[data-readonly=receiptBanquet] small.error')).toBe('检查人员有无接受宴请：只能由公众通过公开表单填写，任何账号都不能填写或修改');
    await shot(page, 'record-protection-forged');

    // An allowed edit, with a note on why; the answer is still the taxpayer's.
    await open(page, `${t.url}/p/tax-collection/new-inspection/${inspection.id}/edit`);
    expect(await textOf(page, '[data-testid=readonly-receiptBanquet]')).toBe('没有');
    await page.$eval('textarea[name=findings]', (el) => ((el as HTMLTextAreaElement).value = ''));
    await page.type('textarea[name=findings]', '账簿凭证齐全，2026年10月进项发票已核对');
    await page.type('textarea[name=reason]', '补充核对情况');
    const saved = await clickAndWait(page, 'form.record-form button[type=submit]');
    expect(saved?.status()).toBe(200);
    expect(page.url()).toBe(`${t.url}/p/tax-collection/inspections`);

    await open(page, `${t.url}/p/tax-collection/new-inspection/${inspection.id}/edit`);
    // Each row's cells; a cell listing changes gives them one by one.
    const rows = await page.$$eval('[data-testid=version-history] tbody tr', (trs) =>
      trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells).map((td) => {
        const items = Array.from(td.querySelectorAll('li')).map((li) => (li.textContent ?? '').trim());
        return items.length ? items : (td.textContent ?? '').trim();
      })),
    );
    expect(rows).toEqual([
      ['3', '2026-11-22 11:00', '刘振华', ['检查发现：账簿凭证齐全 → 账簿凭证齐全，2026年10月进项发票已核对'], '补充核对情况'],
      [
        '2',
        '2026-11-22 11:00',
        '公众（公开表单）',
        ['廉政回执反馈日期：（空） → 2026-11-22', '检查人员有无吃拿卡要行为：（空） → 没有', '检查人员有无接受宴请：（空） → 没有', '检查人员有无收受礼品礼金：（空） → 没有', '检查人员工作态度：（空） → 满意', '其他意见和建议：（空） → 检查人员依法办事，没有接受宴请。'],
        '',
      ],
      ['1', '2026-11-22 11:00', '刘振华', '登记', ''],
    ]);
    await page.evaluate(() => document.querySelector('[data-testid=version-history]')!.scrollIntoView());
    await shot(page, 'record-protection-history');
  });
});
