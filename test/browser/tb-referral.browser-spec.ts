import * as path from 'node:path';
import { DEMO_PASSWORD, seedDemo } from '../../apps/cli/demo-seed';
import { UsersService } from '../../core/auth/users.service';
import { Clock } from '../../core/clock/clock';
import { idNumberCheckChar } from '../../core/plugin-api';
import { clickAndWait, launchBrowser, loginViaForm, open, screenshot, TestBrowser, textOf, textsOf } from '../support/browser';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/tb-referral/records';

describe('tb-referral in the browser: the hospital records an arrival by the referral code', () => {
  let t: TestApp;
  let b: TestBrowser;
  let taoyuan: ApiClient;
  const referral: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config') });
    t.app.get(Clock).set('2026-06-10T02:00:00Z');
    await seedDemo(t.db, t.app.get(UsersService));
    taoyuan = await t.login('taoyuan-doctor', DEMO_PASSWORD);
    for (const [i, code] of ['TB-TY-7001', 'TB-TY-7002'].entries()) {
      const first17 = `3201021985060${i + 1}001`;
      const person = await taoyuan.post(`${P}/tb-person`, { name: `何${['远山', '晓岚'][i]}`, sex: i ? 'f' : 'm', birthDate: `1985-06-0${i + 1}`, idNumber: first17 + idNumberCheckChar(first17), village: '桃源村' });
      const res = await taoyuan.post(`${P}/tb-referral`, { referralNo: code, person: person.body.id, referralDate: '2026-06-08', symptoms: ['cough-2w'], referringDoctor: '乡村医生' });
      if (res.status !== 201) throw new Error(res.text);
      referral[code] = res.body.id;
    }
    b = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('the arrivals queue lists both referrals; typing a code and Enter records the arrival', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'tbh-doctor', DEMO_PASSWORD);
    // The screen is in the hospital's navigation.
    const href = await page.$eval('a[href="/check-in/tb-referral/arrivals"]', (a) => a.getAttribute('href'));
    expect(href).toBe('/check-in/tb-referral/arrivals');
    await open(page, `${t.url}${href}`);
    expect(await textOf(page, 'h1')).toBe('到位登记');
    expect(await textsOf(page, '[data-testid=check-in-queue] tbody td:first-child')).toEqual(['TB-TY-7001', 'TB-TY-7002']);
    expect(await textsOf(page, '[data-testid=check-in-queue] tbody td:nth-child(2)')).toEqual(['东溪镇桃源村卫生室', '东溪镇桃源村卫生室']);
    // The code box has the focus, as a barcode scanner needs: it types the code and Enter.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('check-in-code');
    await screenshot(page, 'tb-arrivals-queue');
    await page.keyboard.type('tb-ty-7001');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    expect(await textOf(page, '[data-testid=check-in-done]')).toBe('已登记：TB-TY-7001（2026-06-10）');
    expect(await textsOf(page, '[data-testid=check-in-queue] tbody td:first-child')).toEqual(['TB-TY-7002']);
    await screenshot(page, 'tb-arrivals-recorded');
    const stored = await taoyuan.get(`/api/records/${referral['TB-TY-7001']}`);
    expect(stored.body.values.arrivalDate).toBe('2026-06-10');
    // The same code again, and a code that is not addressed here, answer next to the code box.
    await page.type('#check-in-code', 'TB-TY-7001');
    const again = await clickAndWait(page, '.check-in-form button[type=submit]');
    expect(again?.status()).toBe(409);
    expect(await textOf(page, '#check-in-error')).toBe('编号 TB-TY-7001 已于 2026-06-10 登记，无需重复登记');
    await page.$eval('#check-in-code', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('#check-in-code', 'TB-XX-0404');
    const missing = await clickAndWait(page, '.check-in-form button[type=submit]');
    expect(missing?.status()).toBe(404);
    expect(await textOf(page, '#check-in-error')).toContain('未找到编号为 TB-XX-0404');
    await screenshot(page, 'tb-arrivals-error');
  });

  it('the referral slip\'s QR opens the queue with the code filled in; one Enter records the arrival', async () => {
    const slip = await taoyuan.get(`/api/records/${referral['TB-TY-7002']}/render?template=tb-referral/referral-slip`);
    expect(slip.text).toContain('alt="到位登记二维码"');
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'tbh-doctor', DEMO_PASSWORD);
    // What the QR encodes (the same URL the slip's image is made from).
    await open(page, `${t.url}/check-in/tb-referral/arrivals?code=TB-TY-7002`);
    expect(await page.$eval('#check-in-code', (el) => (el as HTMLInputElement).value)).toBe('TB-TY-7002');
    await clickAndWait(page, '.check-in-form button[type=submit]');
    expect(await textOf(page, '[data-testid=check-in-done]')).toBe('已登记：TB-TY-7002（2026-06-10）');
    expect(await textOf(page, '.empty')).toBe('暂无记录');
    // A village clinic has no arrivals screen: the same 404 as a missing page.
    const village = await b.newPage();
    await loginViaForm(village, t.url, 'taoyuan-doctor', DEMO_PASSWORD);
    await open(village, `${t.url}/check-in/tb-referral/arrivals`, 404);
  });
});
