/**
 * Issue #23 item 4 in the browser, screens only: the hospital's discipline officer opens the audit log from the menu,
 * finds their own sign-in by action and name, runs the chain check, and does the same on a 390 px phone.
 */
import path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { clickAndWait, launchBrowser, loginViaForm, open, screenshot, setValue, TestBrowser, textOf, textsOf } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };

describe('the audit log in the browser', () => {
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), seed: 'demo+plugins' });
    b = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const totalOf = async (page: Awaited<ReturnType<TestBrowser['newPage']>>) => Number(/\d+/.exec((await textOf(page, '[data-testid=audit-total]')) ?? '')?.[0]);

  it('an officer opens it from the menu, filters to their own sign-in, pages, and checks the chain', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'hosp-jijian', DEMO_PASSWORD);
    await clickAndWait(page, 'a[href="/audit"]');
    expect(await textOf(page, 'h1')).toBe('审计日志');
    const total = await totalOf(page);
    expect(total).toBeGreaterThan(50);
    expect(await textOf(page, '[data-testid=page-of]')).toBe(`第 1 / ${Math.ceil(total / 50)} 页`);
    // Seeded records read by the record type's labels, linked to the record's page.
    expect(await textsOf(page, '[data-testid=audit-log] tbody tr td:nth-child(4) a')).not.toHaveLength(0);
    await screenshot(page, 'audit-1-list-1366');

    await clickAndWait(page, '[data-testid=page-next]');
    expect(page.url()).toContain('page=2');
    expect(await totalOf(page)).toBe(total);

    await page.select('select[name=action]', 'auth.login');
    await setValue(page, 'input[name=actor]', '林清');
    await clickAndWait(page, '[data-testid=audit-filter] button[type=submit]');
    expect(page.url()).not.toContain('page=2');
    const rows = await textsOf(page, '[data-testid=audit-log] tbody tr[data-seq]');
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const r of rows) expect(r).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} ?#\d+ 林清 登录 ?auth\.login 账户 #\d+$/);
    expect(await textsOf(page, '[data-testid=audit-log] tr.audit-detail')).toContain('IP 地址：127.0.0.1登录方式：密码');
    expect(await page.$eval('[data-testid=export-xlsx]', (a) => a.getAttribute('href'))).toBe(`/audit/export.xlsx?actor=${encodeURIComponent('林清')}&action=auth.login`);
    await screenshot(page, 'audit-2-filtered-1366');

    await clickAndWait(page, '[data-testid=verify-form] button');
    expect(await textOf(page, '[data-testid=verify-result] p')).toMatch(/^审计链完整：已校验 \d+ 条记录，未发现篡改。$/);
    // The filters survive the check.
    expect(await page.$eval('select[name=action]', (s) => (s as HTMLSelectElement).value)).toBe('auth.login');
    await screenshot(page, 'audit-3-verified-1366');
  });

  it('works on a 390 px phone: filters stack, the table scrolls inside its card, nothing widens the page', async () => {
    const page = await b.newPage();
    await page.setViewport(PHONE);
    await loginViaForm(page, t.url, 'hosp-jijian', DEMO_PASSWORD);
    await open(page, `${t.url}/audit?objectType=hospital-procurement%2Fprocurement-project`);
    expect(await totalOf(page)).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The details take the table's whole width under each entry, not a sliver of a column.
    expect(await page.$eval('tr.audit-detail td', (td) => td.getBoundingClientRect().width)).toBeGreaterThan(300);
    await screenshot(page, 'audit-4-phone-390');
    await clickAndWait(page, '[data-testid=verify-form] button');
    expect(await textOf(page, '[data-testid=verify-result] p')).toContain('审计链完整');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'audit-5-phone-verified-390');
  });
});
