import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { clickAndWait, dialogsOf, launchBrowser, loginViaForm, open, Page, screenshot, TestBrowser, textOf, textsOf } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };

/** Nothing scrolls sideways on the phone. */
async function fitsPhone(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

/** Issue #23 "How to show it": an admin creates a user with a role, the user signs in, must change the temporary password, then works. */
describe('accounts on screens', () => {
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

  it('admin creates an account with a role; its holder must change the temporary password, then reaches their home page', async () => {
    const admin = await b.newPage();
    await loginViaForm(admin, t.url, 'admin', DEMO_PASSWORD);
    await clickAndWait(admin, '#main-nav a[href="/admin/accounts"]');
    expect(await textsOf(admin, '[data-testid=account-list] tbody td.acct-name')).toContain('hosp-jijian');
    await screenshot(admin, 'accounts-list-1366');
    await clickAndWait(admin, '[data-testid=account-new]');
    await admin.type('input[name=username]', 'browser-user');
    await admin.type('input[name=displayName]', '钱多多');
    const hospital = String(await t.institutionId('county-hospital'));
    await admin.select('.acct-row[data-row="0"] select[name=institutionId]', hospital);
    // The first try forgets the role: the form says which row, keeping what was typed.
    await clickAndWait(admin, '[data-testid=account-submit]');
    expect(await textOf(admin, '[data-testid=account-roles] .error')).toBe('角色：第1行选了单位，请选择角色');
    expect(await admin.$eval('input[name=username]', (el) => (el as HTMLInputElement).value)).toBe('browser-user');
    await screenshot(admin, 'account-form-error-1366');
    await admin.select('.acct-row[data-row="0"] select[name=role]', 'department-head');
    await clickAndWait(admin, '[data-testid=account-submit]');
    const temporary = (await textOf(admin, '[data-testid=temporary-password]'))!;
    expect(temporary).toMatch(/^[a-zA-Z2-9]{12}$/);
    await screenshot(admin, 'account-temporary-1366');

    const user = await b.newPage();
    await loginViaForm(user, t.url, 'browser-user', temporary);
    expect(new URL(user.url()).pathname).toBe('/account/password');
    expect(await textOf(user, '[data-testid=must-change]')).toContain('临时密码');
    // Any other screen leads back here until the password is changed.
    await open(user, `${t.url}/risk/points`);
    expect(new URL(user.url()).pathname).toBe('/account/password');
    await screenshot(user, 'password-must-change-1366');
    await user.type('input[name=currentPassword]', temporary);
    await user.type('input[name=newPassword]', 'Qian-duoduo-2026');
    await user.type('input[name=confirmPassword]', 'Qian-duoduo-2026');
    await clickAndWait(user, '[data-testid=password-submit]');
    expect(new URL(user.url()).pathname).toBe('/');
    expect(await textOf(user, '.topbar .user')).toBe('钱多多');
    expect(await textsOf(user, 'main li')).toContain('科室负责人');
    await screenshot(user, 'user-home-1366');
    await clickAndWait(user, '#main-nav a[href="/risk/points"]');
    expect(new URL(user.url()).pathname).toBe('/risk/points');

    // The list shows the new account with its role; resetting asks first and shows a new temporary password.
    await open(admin, `${t.url}/admin/accounts?q=browser`);
    expect(await textsOf(admin, '[data-testid=account-list] tbody tr td:nth-child(3) li')).toEqual(['示范县人民医院 · 科室负责人']);
    await clickAndWait(admin, 'td.acct-name a');
    await clickAndWait(admin, '[data-testid=account-reset]');
    expect(dialogsOf(admin).at(-1)).toContain('原密码立即失效');
    expect(await textOf(admin, '[data-testid=temporary-password]')).not.toBe(temporary);
  });

  it('on a 390 px phone the list, the account form and the password form are usable', async () => {
    const page = await b.newPage();
    await page.setViewport(PHONE);
    await loginViaForm(page, t.url, 'admin', DEMO_PASSWORD);
    await open(page, `${t.url}/admin/accounts`);
    await fitsPhone(page);
    // Each account is a card: its role line is visible without scrolling sideways.
    const roleBox = await page.$eval('[data-username="hosp-jijian"] td:nth-child(3)', (el) => el.getBoundingClientRect().right);
    expect(roleBox).toBeLessThanOrEqual(390);
    await screenshot(page, 'accounts-list-390');
    await open(page, `${t.url}/admin/accounts/new`);
    await fitsPhone(page);
    await page.type('input[name=username]', 'phone-user');
    await page.type('input[name=displayName]', '手机用户');
    await page.select('.acct-row[data-row="0"] select[name=institutionId]', String(await t.institutionId('county-tax-bureau')));
    await page.select('.acct-row[data-row="0"] select[name=role]', 'staff');
    await screenshot(page, 'account-form-390');
    await clickAndWait(page, '[data-testid=account-submit]');
    expect(await textOf(page, '[data-testid=temporary-password]')).toMatch(/^[a-zA-Z2-9]{12}$/);
    await fitsPhone(page);
    await screenshot(page, 'account-temporary-390');
    await clickAndWait(page, '[data-testid=temporary-back]');
    await fitsPhone(page);
    await screenshot(page, 'account-edit-390');
    await open(page, `${t.url}/account/password`);
    await fitsPhone(page);
    await page.type('input[name=currentPassword]', 'not-my-password-1');
    await page.type('input[name=newPassword]', 'Admin-new-2026');
    await page.type('input[name=confirmPassword]', 'Admin-new-2026');
    await clickAndWait(page, '[data-testid=password-submit]');
    expect(await textOf(page, 'label.invalid .error')).toBe('当前密码：当前密码不正确');
    await screenshot(page, 'password-error-390');
  });
});
