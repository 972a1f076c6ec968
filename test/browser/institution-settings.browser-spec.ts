import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { clickAndWait, launchBrowser, loginViaForm, open, screenshot, setValue, TestBrowser, textOf, textsOf } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };
const TB = '.plugin-setting[data-plugin="tb-referral"]';

/** Issue #23 "How to show it": the admin enables a plugin for an institution and its menu appears without a restart. */
describe('institutions and plugins on screens', () => {
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), seed: 'demo' });
    b = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('admin enables TB referral for the county hospital (a missing required option refused first); the officer’s menu has it at once', async () => {
    const officer = await b.newPage();
    await loginViaForm(officer, t.url, 'hosp-jijian', DEMO_PASSWORD);
    expect(await textsOf(officer, '#main-nav a')).not.toContain('转诊登记台账');

    const admin = await b.newPage();
    await loginViaForm(admin, t.url, 'admin', DEMO_PASSWORD);
    await clickAndWait(admin, '#main-nav a[href="/admin/institutions"]');
    expect(await textOf(admin, 'tr[data-code="county-hospital"] [data-testid=enabled-plugins]')).toBe('医院药品耗材采购');
    await screenshot(admin, 'institution-settings-list-1366');
    await clickAndWait(admin, 'tr[data-code="county-hospital"] [data-testid=plugins]');
    expect(await admin.$('.plugin-setting[data-plugin="tax-collection"]')).toBeNull();
    await admin.click(`${TB} [data-testid=enable]`);
    await setValue(admin, '[data-testid=reason]', '县卫健局通知：县医院纳入结核病转诊网络');
    await clickAndWait(admin, '[data-testid=save]');
    expect(await textOf(admin, '[data-testid=form-errors]')).toContain('结核病“三位一体”转诊 · 在转诊网络中的角色：不能为空');
    // What was typed is kept: the box stays ticked and the reason filled in.
    expect(await admin.$eval(`${TB} [data-testid=enable]`, (el) => (el as HTMLInputElement).checked)).toBe(true);
    await screenshot(admin, 'institution-settings-error-1366');
    await admin.select(`${TB} select[name="opt:tb-referral:networkRole"]`, 'other');
    // Journey 7: a rule threshold too (the supplier share limit, default 30 %).
    await setValue(admin, 'input[name="thr:hospital-procurement:supplier-share-too-high:maxSharePercent"]', '25');
    await clickAndWait(admin, '[data-testid=save]');
    expect(await textOf(admin, '[data-testid=plugins-saved]')).toBe('已保存，已立即生效。');
    expect(await textOf(admin, '[data-testid=plugins-source]')).toMatch(/^本页面（第 1 版，2\d{3}-\d\d-\d\d \d\d:\d\d）$/);
    expect(await admin.$eval('input[name="thr:hospital-procurement:supplier-share-too-high:maxSharePercent"]', (el) => (el as HTMLInputElement).value)).toBe('25');
    await screenshot(admin, 'institution-settings-saved-1366');

    await open(officer, `${t.url}/`);
    expect(await textsOf(officer, '#main-nav a')).toContain('转诊登记台账');
    await clickAndWait(officer, '#main-nav a[href="/p/tb-referral/referrals"]');
    expect(await officer.$('[data-testid=record-list], .empty')).not.toBeNull();
    await screenshot(officer, 'institution-settings-officer-menu-1366');
  });

  it('admin adds the county power-supply company (a clashing number prefix refused first) and enables its plugin', async () => {
    const admin = await b.newPage();
    await loginViaForm(admin, t.url, 'admin', DEMO_PASSWORD);
    await open(admin, `${t.url}/admin/institutions`);
    await clickAndWait(admin, '[data-testid=new-institution]');
    await setValue(admin, 'input[name=code]', 'county-power-supply');
    await setValue(admin, 'input[name=name]', '示范县供电公司');
    await admin.select('select[name=type]', 'power-supply-company');
    await admin.select('select[name=parent]', 'demo-county');
    await setValue(admin, 'input[name=letterhead]', '中共示范县供电公司纪律检查委员会');
    await setValue(admin, 'input[name=docNumberPrefix]', '示医纪');
    await setValue(admin, '[data-testid=reason]', '县纪委通知：县供电公司纳入平台');
    await clickAndWait(admin, '[data-testid=save]');
    expect(await textOf(admin, '[data-testid=prefix-error]')).toContain('“示医纪”已是示范县人民医院的发文字号前缀，示范县供电公司须使用自己的前缀');
    expect(await admin.$eval('input[name=name]', (el) => (el as HTMLInputElement).value)).toBe('示范县供电公司');
    await screenshot(admin, 'institution-settings-new-error-1366');
    await setValue(admin, 'input[name=docNumberPrefix]', '示供纪审');
    await clickAndWait(admin, '[data-testid=save]');
    expect(await textOf(admin, '[data-testid=institution-created]')).toContain('单位已新增');
    await admin.click('.plugin-setting[data-plugin="power-supply-marketing"] [data-testid=enable]');
    await setValue(admin, '[data-testid=reason]', '启用供电营销监督');
    await clickAndWait(admin, '[data-testid=save]');
    expect(await textOf(admin, '[data-testid=plugins-saved]')).toBe('已保存，已立即生效。');
    await open(admin, `${t.url}/admin/institutions`);
    expect(await textOf(admin, 'tr[data-code="county-power-supply"] [data-testid=enabled-plugins]')).toBe('供电营销');
    await screenshot(admin, 'institution-settings-list-after-1366');
  });

  it('on a 390 px phone the list and the form fit the screen', async () => {
    const page = await b.newPage();
    await page.setViewport(PHONE);
    await loginViaForm(page, t.url, 'admin', DEMO_PASSWORD);
    await open(page, `${t.url}/admin/institutions/county-hospital/plugins`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'institution-settings-form-390');
  });
});
