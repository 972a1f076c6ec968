import * as path from 'node:path';
import * as QRCode from 'qrcode';
import { seedPluginDemos } from '../../apps/cli/demo-seed';
import { Clock } from '../../core/clock/clock';
import { creditCodeCheckChar } from '../../core/plugin-api';
import { RecordsService } from '../../core/records/records.service';
import { RulesService } from '../../core/rules/rules.service';
import { clickAndWait, launchBrowser, loginViaForm, open, screenshot, TestBrowser, textOf } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/tax-collection/records';

describe('tax collection integrity receipt in the browser', () => {
  let t: TestApp;
  let b: TestBrowser;
  let inspection: { id: number; title: string };
  let link: { url: string; code: string };

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', 'fixtures', 'tax-config') });
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    await t.createUser('tcb-officer', [{ institution: 'county-tax-bureau', role: 'discipline-officer' }]);
    // The demo year fills the screens looked at below.
    await seedPluginDemos({ db: t.db, host: t.host, records: t.app.get(RecordsService), rules: t.app.get(RulesService), clock: t.app.get(Clock) });
    const officer = await t.login('tcb-officer');
    const first = '91360799MA0000003';
    const taxpayer = await officer.post(`${P}/taxpayer`, { name: '示范县浏览器测试商贸有限公司', kind: 'enterprise', creditCode: first + creditCodeCheckChar(first), industry: 'wholesale-retail', district: '城关税务分局', officer: '测试专管员' });
    if (taxpayer.status !== 201) throw new Error(taxpayer.text);
    const created = await officer.post(`${P}/inspection`, { inspectionNo: '示税检通〔2026〕901号', taxpayer: taxpayer.body.id, inspectors: ['测试检查员甲', '测试检查员乙'], startedOn: '2026-06-22', endedOn: '2026-06-29', receiptIssuedOn: '2026-06-29' });
    if (created.status !== 201) throw new Error(created.text);
    inspection = created.body;
    [link] = (await officer.get(`/api/records/${inspection.id}/public-links`)).body;
    // The QR printed on the receipt form encodes exactly this URL.
    const html = (await officer.get(`/api/records/${inspection.id}/render?template=tax-collection/integrity-receipt`)).text;
    const qr = /<img src="data:image\/svg\+xml;base64,([^"]+)" alt="廉政回执二维码"/.exec(html)![1].replace(/&#x3D;/g, '=');
    expect(Buffer.from(qr, 'base64').toString()).toBe(await QRCode.toString(link.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }));
    b = await launchBrowser();
  }, 600_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('a taxpayer opens the QR link with no login and answers negatively; the officer sees the clue; the code works once', async () => {
    // Without PUBLIC_URL the printed links carry the listening server's address (the test server's port, never 0).
    expect(link.url.startsWith(`${t.url}/f/tax-collection/receipt/`)).toBe(true);
    const taxpayer = await b.newPage();
    await open(taxpayer, link.url);
    expect(await textOf(taxpayer, 'h1')).toBe('税务检查廉政回执');
    expect(await textOf(taxpayer, '.public-form-about')).toBe('检查通知书：示税检通〔2026〕901号（检查结束于 2026-06-29）');
    // A second tab holds the same form open, to try the code again after it is used.
    const again = await b.newPage();
    await open(again, link.url);
    await screenshot(taxpayer, 'tax-public-receipt');

    await taxpayer.click('#receiptDemands-no');
    await taxpayer.click('#receiptBanquet-yes');
    await taxpayer.click('#receiptGifts-no');
    await taxpayer.click('#receiptAttitude-fair');
    await taxpayer.type('textarea[name=receiptComment]', '检查结束后检查人员接受了公司安排的晚宴。');
    await clickAndWait(taxpayer, 'form.record-form button[type=submit]');
    expect(await textOf(taxpayer, '[data-testid=public-form-thanks]')).toBe('已收到您的回复，感谢您对税务干部廉洁执法的监督。');
    await screenshot(taxpayer, 'tax-public-receipt-thanks');

    // Used: submitting the form still open elsewhere is refused, and reopening the link says so.
    await again.click('#receiptDemands-no');
    await again.click('#receiptBanquet-no');
    await again.click('#receiptGifts-no');
    await again.click('#receiptAttitude-good');
    const refused = await clickAndWait(again, 'form.record-form button[type=submit]');
    expect(refused?.status()).toBe(409);
    expect(await textOf(again, '[data-testid=public-form-used]')).toBe('该回执码已使用，不能重复提交');
    await open(taxpayer, link.url);
    expect(await textOf(taxpayer, '[data-testid=public-form-used]')).toBe('该回执码已使用，不能重复提交。如需反映问题，请使用网上举报。');
    expect(await taxpayer.$('form.record-form')).toBeNull();
    await screenshot(taxpayer, 'tax-public-receipt-used');

    const officer = await b.newPage();
    await loginViaForm(officer, t.url, 'tcb-officer');
    await open(officer, `${t.url}/warning/board`);
    const board = (await textOf(officer, '[data-testid=board]')) ?? '';
    expect(board).toContain('检查人员：测试检查员甲、测试检查员乙（示税检通〔2026〕901号）');
    await screenshot(officer, 'tax-board');
  });

  it('every tax screen renders the demo year in Chinese, within the page width: registry, inspections with receipt status, reductions, write-offs, reminders, dashboard', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'tcb-officer');
    const screens: [string, string[]][] = [
      ['taxpayers', ['纳税人名录', '统一社会信用代码', '示范县']],
      ['inspections', ['税务检查登记（含廉政回执）', '廉政回执反馈日期', '⚑ 廉政回执逾期未反馈', '⚑ 廉政回执反映检查人员问题']],
      ['reductions', ['减免税台账', '审批人', '⚑ 同一人对同一纳税人多次批准减免']],
      ['arrears', ['欠税延期与核销', '核销', '⚑ 大额欠税核销未经集体决策']],
      ['reminders', ['提醒书/提示卡发放登记', '签收日期', '⚑ 提醒书/提示卡逾期未签收']],
      ['reminder-tracker', ['提醒书/提示卡签收跟踪', '已等待（天）', '示税纪提〔P〕032号', '逾期未签收', '期限内']],
      ['dashboard', ['税收征管监督看板', '廉政回执反馈情况（近12个月）', '各规则命中次数', '行政处罚在自由裁量基准内的比例']],
      ['integrity-reports', ['季度廉政报告']],
      ['new-integrity-report', ['报告季度', '下一步工作打算']],
      ['new-reminder', ['提醒对象', '签收日期']],
    ];
    for (const [screen, texts] of screens) {
      await open(page, `${t.url}/p/tax-collection/${screen}`);
      const main = (await textOf(page, 'main')) ?? '';
      for (const text of texts) expect([screen, text, main.includes(text)]).toEqual([screen, text, true]);
      // Nothing spills sideways at 1280 px.
      expect([screen, await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)]).toEqual([screen, true]);
      await screenshot(page, `tax-screen-${screen}`);
    }
  });
});
