import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { clickAndWait, launchBrowser, loginViaForm, open, Page, screenshot, setValue, TestBrowser, textOf } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };

/** The page fits the phone: the first form field starts within the first screen and nothing scrolls sideways. */
async function expectPhoneLayout(page: Page, firstField: string): Promise<void> {
  const top = await page.$eval(firstField, (el) => el.getBoundingClientRect().top + window.scrollY);
  expect([firstField, top < 844]).toEqual([firstField, true]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

/** Signed-in screens: the menu is folded until the toggle is tapped, then its links are visible. */
async function expectFoldedMenu(page: Page, link: string): Promise<void> {
  const visible = () => page.$eval(`#main-nav a[href="${link}"]`, (a) => (a as HTMLElement).offsetParent !== null);
  expect(await visible()).toBe(false);
  await page.tap('label[for=nav-toggle]');
  expect(await visible()).toBe(true);
  await page.tap('label[for=nav-toggle]');
  expect(await visible()).toBe(false);
}

async function phonePage(b: TestBrowser): Promise<Page> {
  const page = await b.newPage();
  await page.setViewport(PHONE);
  return page;
}

describe('the village, clinic, tip-off and receipt journeys on a 390×844 phone', () => {
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    b = await launchBrowser();
  }, 600_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('on a 1366×900 desktop the menu stands open, with neither the toggle nor the menu button shown', async () => {
    const page = await b.newPage();
    await page.setViewport({ width: 1366, height: 900 });
    await loginViaForm(page, t.url, 'village-secretary', DEMO_PASSWORD);
    const shown = (sel: string) => page.$eval(sel, (el) => getComputedStyle(el).display !== 'none' && (el as HTMLElement).offsetParent !== null);
    expect(await shown('#main-nav a[href="/p/village-joint-meeting/new-meeting"]')).toBe(true);
    expect(await shown('#nav-toggle')).toBe(false);
    expect(await shown('label[for=nav-toggle]')).toBe(false);
  });

  it('a village secretary records a joint meeting', async () => {
    const page = await phonePage(b);
    await loginViaForm(page, t.url, 'village-secretary', DEMO_PASSWORD);
    await screenshot(page, 'phone-village-home');
    await page.tap('label[for=nav-toggle]');
    await screenshot(page, 'phone-village-menu-open');
    await page.tap('label[for=nav-toggle]');
    await expectFoldedMenu(page, '/p/village-joint-meeting/new-meeting');
    // The menu opens over nothing: tapping one of its links goes there, with the menu folded again.
    await page.tap('label[for=nav-toggle]');
    await clickAndWait(page, '#main-nav a[href="/p/village-joint-meeting/new-meeting"]');
    expect(new URL(page.url()).pathname).toBe('/p/village-joint-meeting/new-meeting');
    await expectPhoneLayout(page, 'form.record-form input[name=title]');
    expect(await page.$eval('#nav-toggle', (el) => (el as HTMLInputElement).checked)).toBe(false);
    await page.type('input[name=title]', '手机端联席会议（2026-W47）');
    await page.select('select[name=kind]', 'weekly-regular');
    await setValue(page, 'input[name=date]', '2026-11-20');
    await page.type('input[name=place]', '青石村党群服务中心');
    await page.select('select[name=convenerBranch]', await firstOption(page, 'select[name=convenerBranch]'));
    await page.select('select[name=convenerTeam]', await firstOption(page, 'select[name=convenerTeam]'));
    for (const [i, party] of ['party-branch', 'village-committee', 'work-team'].entries()) {
      await page.select(`select[name="attendance.${i}.party"]`, party);
      await page.type(`input[name="attendance.${i}.expected"]`, '3');
      await page.type(`input[name="attendance.${i}.present"]`, '3');
    }
    await page.select('select[name=recorder]', await firstOption(page, 'select[name=recorder]'));
    await page.select('select[name="agenda.0.kind"]', 'last-week-review');
    await page.type('input[name="agenda.0.topic"]', '总结上周工作');
    await page.type('textarea[name=minutes]', '会议通报上周工作。');
    await setValue(page, 'input[name=signedBranchOn]', '2026-11-20');
    await setValue(page, 'input[name=signedTeamOn]', '2026-11-20');
    await screenshot(page, 'phone-village-form');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const saved = await clickAndWait(page, 'form.record-form button[type=submit]');
    expect(saved?.status()).toBe(200);
    expect(page.url()).toContain('/p/village-joint-meeting/meetings');
    expect((await textOf(page, 'main')) ?? '').toContain('手机端联席会议（2026-W47）');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-village-register');
  });

  it('a village clinic doctor makes a TB referral', async () => {
    const page = await phonePage(b);
    await loginViaForm(page, t.url, 'taoyuan-doctor', DEMO_PASSWORD);
    await expectFoldedMenu(page, '/p/tb-referral/new-referral');
    await open(page, `${t.url}/p/tb-referral/new-referral`);
    await expectPhoneLayout(page, 'form.record-form input[name=referralNo]');
    await page.type('input[name=referralNo]', 'TB-TY-PHONE-1');
    await page.select('select[name=person]', await firstOption(page, 'select[name=person]'));
    await setValue(page, 'input[name=referralDate]', '2026-11-21');
    await page.click('input[name=symptoms][value=cough-2w]');
    await page.type('input[name=referringDoctor]', '钱玉梅');
    // The receiving hospital and the managing township: the clinic's configured ones (typed codes today, or a picker).
    await choose(page, 'toHospital', 'district-tb-hospital');
    await choose(page, 'township', 'dongxi-township-hc');
    await screenshot(page, 'phone-clinic-referral-form');
    const saved = await clickAndWait(page, 'form.record-form button[type=submit]');
    expect([saved?.status(), await textOf(page, 'ul.error')]).toEqual([200, null]);
    expect(page.url()).toContain('/p/tb-referral/referrals');
    expect((await textOf(page, 'main')) ?? '').toContain('TB-TY-PHONE-1');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-clinic-referrals');
  });

  it('anyone sends a tip-off from the public page', async () => {
    const page = await phonePage(b);
    await open(page, `${t.url}/tipoff`);
    await expectPhoneLayout(page, 'main form select, main form input:not([type=hidden]), main form textarea');
    await screenshot(page, 'phone-tipoff-form');
    await page.select('select[name=institutionCode]', await firstOption(page, 'select[name=institutionCode]'));
    await page.type('input[name=subjectLabel]', '某村干部');
    await page.type('textarea[name=content]', '手机端举报：村务公开栏长期未更新，一事一议资金去向不明。');
    const sent = await clickAndWait(page, 'main form button[type=submit]');
    expect(sent?.status()).toBe(200);
    expect(await page.$('.receipt-code')).not.toBeNull();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-tipoff-sent');
  });

  it('a taxpayer answers the integrity receipt from its QR link', async () => {
    // The link the demo inspection's printed receipt carries as a QR code (paper, not a screen).
    const officer = await t.login('tax-officer', DEMO_PASSWORD);
    let open_: { id: number } | undefined;
    for (let p = 1; !open_; p++) {
      const items = (await officer.get(`/api/plugins/tax-collection/records/inspection?page=${p}&pageSize=100`)).body.items as { id: number; values: Record<string, unknown> }[];
      if (!items.length) break;
      open_ = items.find((i) => i.values.receiptIssuedOn && !i.values.receiptReturnedOn);
    }
    if (!open_) throw new Error('the tax demo has no receipt awaiting an answer');
    const [link] = (await officer.get(`/api/records/${open_.id}/public-links`)).body as { url: string }[];
    const page = await phonePage(b);
    await open(page, link.url);
    await expectPhoneLayout(page, 'form.record-form input[type=radio]');
    await screenshot(page, 'phone-receipt-form');
    await page.click('#receiptDemands-no');
    await page.click('#receiptBanquet-no');
    await page.click('#receiptGifts-no');
    await page.click('#receiptAttitude-good');
    await clickAndWait(page, 'form.record-form button[type=submit]');
    expect(await textOf(page, '[data-testid=public-form-thanks]')).toBe('已收到您的回复，感谢您对税务干部廉洁执法的监督。');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-receipt-thanks');
  });
});

/** The value of a select's first real option (not the empty prompt). */
async function firstOption(page: Page, select: string): Promise<string> {
  const value = await page.$eval(select, (el) => Array.from((el as HTMLSelectElement).options).map((o) => o.value).find((v) => v !== '') ?? '');
  if (!value) throw new Error(`${select} offers nothing`);
  return value;
}

/** Sets a field to `value` when the form leaves it empty: a picker's option, or the text typed. */
async function choose(page: Page, name: string, value: string): Promise<void> {
  const field = await page.$(`[name=${name}]`);
  if (!field) return;
  const [tag, current] = await field.evaluate((el) => [el.tagName, (el as HTMLInputElement).value]);
  if (current) return;
  if (tag === 'SELECT') await page.select(`select[name=${name}]`, value);
  else await page.type(`input[name=${name}]`, value);
}
