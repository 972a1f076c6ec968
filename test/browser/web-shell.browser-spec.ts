import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clickAndWait, launchBrowser, loginViaForm, open, Page, screenshot, TestBrowser, textOf, textsOf } from '../support/browser';
import { FIXTURE_CONFIG, startTestApp, TestApp } from '../support/test-app';

const NOTES = 'a[href="/p/test-plugin/notes"]';
const NEW_NOTE = 'a[href="/p/test-plugin/new-note"]';

/** The fixture institutions (all enable test-plugin) plus one that enables no plugin at all. */
function configWithPluginlessInstitution(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-web-config-'));
  fs.cpSync(FIXTURE_CONFIG, dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'institutions', 'delta-office.yaml'),
    'code: delta-office\nname: 丁区办公室\nnameEn: Delta Office\ntype: government\nletterhead: 丁区办公室\ndocNumberPrefix: 丁办\n',
  );
  return dir;
}

describe('web shell in headless Chromium (real server, real database)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let configDir: string;

  beforeAll(async () => {
    configDir = configWithPluginlessInstitution();
    [t, b] = await Promise.all([startTestApp({ configDir }), launchBrowser()]);
    await t.createUser('root', [], { admin: true });
    await t.createUser('alpha-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('alpha-staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
    await t.createUser('delta-staff', [{ institution: 'delta-office', role: 'staff' }]);
    await t.createUser('two-places', [
      { institution: 'alpha-hospital', role: 'staff' },
      { institution: 'delta-office', role: 'staff' },
    ]);
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
    if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
  });

  const loginLabels = (page: Page) => textsOf(page, 'form[action="/login"] label');
  const navLinks = (page: Page) => page.$$eval('nav.sidebar a', (as) => as.map((a) => a.getAttribute('href')));

  it('renders the login page in Chinese by default: lang=zh-CN, title and labels', async () => {
    const page = await b.newPage();
    await open(page, `${t.url}/login`);
    expect(await page.$eval('html', (el) => el.lang)).toBe('zh-CN');
    expect(await page.title()).toBe('登录 · 廉政风险预警防控平台');
    expect(await textOf(page, 'h1')).toBe('登录');
    expect(await loginLabels(page)).toEqual(['用户名', '密码']);
    expect(await textOf(page, 'form[action="/login"] button')).toBe('登录');
    expect(await textOf(page, 'a.lang')).toBe('English');
    await screenshot(page, 'login-zh');

    // Keyboard users: the first Tab reveals the skip link, and the focused field shows an outline.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => [document.activeElement?.className, document.activeElement!.getBoundingClientRect().left >= 0])).toEqual(['skip', true]);
    await page.focus('input[name=username]');
    expect(await page.$eval('input[name=username]', (el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await screenshot(page, 'login-focus-zh');
  });

  it('shows the Chinese error on the page for a wrong password and keeps the username', async () => {
    const page = await b.newPage();
    const res = await loginViaForm(page, t.url, 'alpha-staff', 'wrong-password');
    expect(res?.status()).toBe(401);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await textOf(page, '[role=alert]')).toBe('用户名或密码错误');
    expect(await page.$eval('input[name=username]', (el) => (el as HTMLInputElement).value)).toBe('alpha-staff');
    expect(await page.$eval('input[name=password]', (el) => (el as HTMLInputElement).value)).toBe('');
    await screenshot(page, 'login-error-zh');
  });

  it('switches to English, and the choice persists in a cookie across pages and sign-in', async () => {
    const page = await b.newPage();
    await open(page, `${t.url}/login`);
    await clickAndWait(page, 'a.lang');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.$eval('html', (el) => el.lang)).toBe('en');
    expect(await loginLabels(page)).toEqual(['Username', 'Password']);
    expect(await textOf(page, 'h1')).toBe('Sign in');
    const cookie = (await page.browserContext().cookies()).find((c) => c.name === 'lang');
    expect(cookie?.value).toBe('en');
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 300 * 86400);
    await screenshot(page, 'login-en');

    // The browser still asks for Chinese, the cookie wins: on a new visit and after signing in.
    await loginViaForm(page, t.url, 'alpha-staff', 'wrong-password');
    expect(await textOf(page, '[role=alert]')).toBe('Wrong username or password');
    await screenshot(page, 'login-error-en');
    await loginViaForm(page, t.url, 'alpha-staff');
    expect(await textOf(page, 'p.role-card')).toBe('My work: post risks, commitments and tasks');
    expect(await textOf(page, 'h1')).toBe('Alpha Hospital');
    await screenshot(page, 'home-staff-en');

    // And back to Chinese from a signed-in page, which returns to the same page.
    await clickAndWait(page, 'a.lang');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await textOf(page, 'h1')).toBe('甲医院');
    expect((await page.browserContext().cookies()).find((c) => c.name === 'lang')?.value).toBe('zh');
  });

  it('answers English to a browser that asks for it before any choice is made', async () => {
    const page = await b.newPage({ acceptLanguage: 'en-US,en;q=0.9' });
    await open(page, `${t.url}/login`);
    expect(await page.$eval('html', (el) => el.lang)).toBe('en');
    expect(await loginLabels(page)).toEqual(['Username', 'Password']);
  });

  it.each([
    ['alpha-officer', '纪检监察', '纪检监察工作台：预警线索与规则命中', 'home-officer-zh'],
    ['alpha-staff', '干部职工', '我的工作：岗位风险、承诺与待办', 'home-staff-zh'],
    ['root', '系统管理员/实施人员', '系统管理：单位、插件与账户', 'home-admin-zh'],
  ])('signs %s in through the form onto the home page with the card for the role', async (username, roleLabel, card, shot) => {
    const page = await b.newPage();
    const res = await loginViaForm(page, t.url, username);
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.title()).toBe('首页 · 廉政风险预警防控平台');
    expect(await textsOf(page, 'p.role-card')).toEqual([card]);
    expect(await textsOf(page, '.tags li')).toContain(roleLabel);
    expect(await textOf(page, '.topbar .user')).toBe(username);
    await screenshot(page, shot);
  });

  it("lists the test plugin's screens in the navigation only where the institution enables it", async () => {
    const alpha = await b.newPage();
    await loginViaForm(alpha, t.url, 'alpha-staff');
    expect(await navLinks(alpha)).toEqual(expect.arrayContaining(['/p/test-plugin/notes', '/p/test-plugin/new-note']));
    expect(await textsOf(alpha, 'nav.sidebar .nav-group')).toContain('业务模块');

    const delta = await b.newPage();
    await loginViaForm(delta, t.url, 'delta-staff');
    expect(await textOf(delta, 'h1')).toBe('丁区办公室');
    const links = await navLinks(delta);
    expect(links).toContain('/');
    expect(links.filter((h) => h?.startsWith('/p/'))).toEqual([]);
    // The home page has more than one empty state (the to-do list too): the plugins card says none is enabled.
    expect((await textsOf(delta, '.empty')).join('\n')).toContain('本单位尚未启用业务插件');
    // Hiding the link is not the guard: the screen itself answers 404 there.
    const direct = await delta.goto(`${t.url}/p/test-plugin/notes`);
    expect(direct?.status()).toBe(404);
    expect(await textOf(delta, '[role=alert]')).toBe('记录不存在');
    await screenshot(delta, 'error-404-zh');
    // The error page has a working language link that returns to the same address.
    const english = await clickAndWait(delta, 'a.lang');
    expect(english?.status()).toBe(404);
    expect(new URL(delta.url()).pathname).toBe('/p/test-plugin/notes');
    expect(await textOf(delta, '[role=alert]')).toBe('Record not found');
    await screenshot(delta, 'error-404-en');
  });

  it('shows the institution switcher only to users who see several; switching changes the institution and the navigation', async () => {
    const single = await b.newPage();
    await loginViaForm(single, t.url, 'alpha-staff');
    expect(await single.$('[data-testid=institution-switcher]')).toBeNull();
    expect(await textOf(single, '.topbar .current-inst')).toBe('甲医院');

    const page = await b.newPage();
    await loginViaForm(page, t.url, 'two-places');
    const options = await page.$$eval('[data-testid=institution-switcher] option', (os) => os.map((o) => ({ text: o.textContent, selected: (o as HTMLOptionElement).selected })));
    expect(options.map((o) => o.text).sort()).toEqual(['丁区办公室', '甲医院']);
    await screenshot(page, 'home-switcher-zh');

    const pick = async (name: string) => {
      const value = await page.$$eval('[data-testid=institution-switcher] option', (os, n) => (os as HTMLOptionElement[]).find((o) => o.textContent === n)!.value, name);
      await page.select('[data-testid=institution-switcher]', value);
      return clickAndWait(page, 'form.switcher button[type=submit]');
    };
    expect((await pick('甲医院'))?.status()).toBe(200);
    expect(await textOf(page, 'h1')).toBe('甲医院');
    expect(await navLinks(page)).toContain('/p/test-plugin/notes');

    await pick('丁区办公室');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await textOf(page, 'h1')).toBe('丁区办公室');
    expect(await page.$eval('[data-testid=institution-switcher]', (s) => (s as HTMLSelectElement).selectedOptions[0].textContent)).toBe('丁区办公室');
    expect((await navLinks(page)).filter((h) => h?.startsWith('/p/'))).toEqual([]);
  });

  it('creates a record through the plugin form and shows it in the list', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'alpha-officer');
    await clickAndWait(page, NOTES);
    expect(await textOf(page, 'h1')).toBe('检查记录');
    await screenshot(page, 'plugin-list-empty-zh');
    await clickAndWait(page, NEW_NOTE);
    expect(await textsOf(page, 'form.record-form label')).toEqual(expect.arrayContaining([expect.stringContaining('事项'), expect.stringContaining('检查日期')]));
    await screenshot(page, 'plugin-form-zh');

    await page.type('input[name=subject]', '药品采购抽查');
    await page.type('input[name=amountFen]', '2500'); // yuan
    // A date input takes keystrokes in the locale's order; set the ISO value the form posts.
    await page.$eval('input[name=inspectedOn]', (el) => ((el as HTMLInputElement).value = '2026-03-15'));
    await page.select('select[name=category]', 'drug');
    await page.type('textarea[name=note]', '抽查三家供应商');
    const res = await clickAndWait(page, 'form.record-form button[type=submit]');
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/p/test-plugin/notes');
    const rows = await page.$$eval('[data-testid=record-list] tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    // id, four list fields, the rule-hit flag column, the creation date, the edit link and the 出具 button of the plugin's template.
    expect(rows).toEqual([[expect.any(String), '药品采购抽查', '2,500.00 元', '2026-03-15', '药品', expect.any(String), expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), '编辑出具检查记录单']]);
    expect(await textOf(page, '.total')).toBe('共 1 条');
    await screenshot(page, 'plugin-list-zh');

    // Over the threshold: the test rule fires and the officer's home shows the hit.
    await clickAndWait(page, 'a.brand');
    expect(await textsOf(page, 'table tbody td')).toEqual(expect.arrayContaining([expect.stringContaining('金额超过阈值')]));
    await screenshot(page, 'home-officer-hit-zh');
  });

  it('shows field errors next to the fields for bad input, keeps what was typed and saves nothing', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'alpha-staff');
    await open(page, `${t.url}/p/test-plugin/notes`);
    const countBefore = (await textOf(page, '.total'))!.replace(/\D/g, '');
    await open(page, `${t.url}/p/test-plugin/new-note`);
    // Submit what an old browser would send: no client-side checks, free text in the date field.
    await page.$eval('form.record-form', (f) => ((f as HTMLFormElement).noValidate = true));
    await page.$eval('input[name=inspectedOn]', (el) => ((el as HTMLInputElement).type = 'text'));
    await page.type('input[name=inspectedOn]', '2026-02-30');
    await page.type('input[name=amountFen]', '100');
    const res = await clickAndWait(page, 'form.record-form button[type=submit]');
    expect(res?.status()).toBe(400);
    // Every field has an (empty) live error slot for the as-you-type checks; no text means no error.
    const errorFor = (key: string) => page.$eval(`[name=${key}]`, (el) => el.closest('label')?.querySelector('.error')?.textContent?.trim() || null);
    // Named by their labels, not by their keys.
    expect(await errorFor('subject')).toBe('事项：不能为空');
    expect(await errorFor('inspectedOn')).toBe('检查日期：必须是日期（YYYY-MM-DD）');
    expect(await page.$eval('[name=inspectedOn]', (el) => [el.getAttribute('aria-invalid'), document.getElementById(el.getAttribute('aria-describedby')!)?.textContent])).toEqual(['true', '检查日期：必须是日期（YYYY-MM-DD）']);
    expect(await errorFor('amountFen')).toBeNull();
    // Money is typed in yuan and shown back with two decimals.
    expect(await page.$eval('[name=amountFen]', (el) => (el as HTMLInputElement).value)).toBe('100.00');
    expect(await page.$$eval('label.invalid', (ls) => ls.length)).toBe(2);
    await screenshot(page, 'plugin-form-errors-zh');

    await open(page, `${t.url}/p/test-plugin/notes?lang=en`);
    expect(await textOf(page, 'h1')).toBe('Inspection notes');
    expect(await textOf(page, '.total')).toBe(`${countBefore} in total`);
    await screenshot(page, 'plugin-list-en');
    await open(page, `${t.url}/lang/en?back=/p/test-plugin/new-note`);
    await page.$eval('form.record-form', (f) => ((f as HTMLFormElement).noValidate = true));
    await clickAndWait(page, 'form.record-form button[type=submit]');
    expect(await errorFor('subject')).toBe('Subject: is required');
    await screenshot(page, 'plugin-form-errors-en');
  });

  it('logs out to the login page, and the old session no longer opens pages', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'alpha-staff');
    const sid = (await page.browserContext().cookies()).find((c) => c.name === 'sid')!;
    expect(sid.httpOnly).toBe(true);

    // The stolen cookie works while the session lives...
    const replay = await b.newPage();
    await replay.browserContext().setCookie({ name: 'sid', value: sid.value, domain: '127.0.0.1', path: '/' });
    await open(replay, `${t.url}/`);
    expect(new URL(replay.url()).pathname).toBe('/');

    await clickAndWait(page, 'form[action="/logout"] button');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await textOf(page, 'h1')).toBe('登录');
    expect((await page.browserContext().cookies()).find((c) => c.name === 'sid')).toBeUndefined();

    // ...and not after logout: the server killed it.
    await open(replay, `${t.url}/p/test-plugin/notes`);
    expect(new URL(replay.url()).pathname).toBe('/login');
  });

  it('renders Chinese with the bundled Noto Sans SC web font, allowed by the CSP, so no glyph is missing on any client', async () => {
    const page = await b.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('requestfailed', (r) => problems.push(`${r.url()} ${r.failure()?.errorText}`));
    const home = await loginViaForm(page, t.url, 'alpha-staff');
    expect(home?.headers()['cache-control']).toBe('no-store');
    // Loading the face explicitly proves the browser may fetch it, whatever fonts this machine has.
    const faces = await page.evaluate(async () => (await document.fonts.load('16px "Noto Sans SC"', '廉政风险预警防控平台')).map((f) => f.status));
    expect(faces.length).toBeGreaterThan(0);
    expect(faces.every((s) => s === 'loaded')).toBe(true);
    expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans SC"', '廉政风险预警防控平台'))).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('Noto Sans SC');
    expect(problems).toEqual([]);

    const css = await page.goto(`${t.url}/assets/fonts.css`);
    expect(css?.headers()['content-type']).toMatch(/^text\/css/);
    expect(await css?.text()).toMatch(/unicode-range/);
    const file = (await css!.text()).match(/url\((\/assets\/fonts\/[^)]+\.woff2)\)/)![1];
    const font = await fetch(t.url + file);
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect(font.headers.get('cache-control')).toBe('public, max-age=604800');
    expect((await page.goto(`${t.url}/assets/fonts/..%2Fpackage.json`))?.status()).toBe(404);
  });
});
