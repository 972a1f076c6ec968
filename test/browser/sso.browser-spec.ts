import * as path from 'node:path';
import { clickAndWait, launchBrowser, open, Page, screenshot, TestBrowser, textOf } from '../support/browser';
import { OidcStub, startOidcStub } from '../support/sso-stubs';
import { startTestApp, TestApp } from '../support/test-app';

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };

async function fitsPhone(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

/** Issue #24 item 8: a user signs in with the 统一身份认证登录 button through a local OpenID provider stub. */
describe('sign-in through the identity platform (browser)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let oidc: OidcStub;

  beforeAll(async () => {
    oidc = await startOidcStub();
    t = await startTestApp({
      configDir: path.join(__dirname, '..', '..', 'config'),
      seed: 'demo',
      env: { OIDC_ISSUER: oidc.issuer, OIDC_CLIENT_ID: oidc.clientId, OIDC_CLIENT_SECRET: oidc.clientSecret, SSO_ONLY_EXCEPT_ADMINS: '1' },
    });
    b = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
    await oidc?.close();
  });

  it('the button signs a known account in and lands on its home page; an unknown one gets a clear refusal', async () => {
    oidc.user = 'hosp-jijian';
    const page = await b.newPage();
    await open(page, `${t.url}/login`);
    expect(await textOf(page, 'a[href="/login/oidc"]')).toBe('统一身份认证登录');
    expect(await textOf(page, '.login .muted')).toBe('密码登录仅限系统管理员');
    await screenshot(page, 'sso-login-1366');
    await clickAndWait(page, 'a[href="/login/oidc"]');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await textOf(page, '.user')).toBe('林清');
    await screenshot(page, 'sso-home-1366');

    oidc.user = 'nobody-known';
    const stranger = await b.newPage();
    await stranger.setViewport(PHONE);
    await open(stranger, `${t.url}/login`);
    await fitsPhone(stranger);
    await screenshot(stranger, 'sso-login-390');
    await clickAndWait(stranger, 'a[href="/login/oidc"]');
    expect(await textOf(stranger, '[role=alert]')).toBe('统一身份认证账号“nobody-known”在本平台没有对应的账户，请联系本单位管理员开通后再登录');
    await fitsPhone(stranger);
    await screenshot(stranger, 'sso-unknown-390');
  });
});
