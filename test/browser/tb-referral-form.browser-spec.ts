import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { clickAndWait, launchBrowser, loginViaForm, Page, screenshot, setValue, TestBrowser, textOf, textsOf } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const SIZES = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844, isMobile: true, hasTouch: true } },
];

/** The selected option's text of a select, as the user reads it. */
const chosen = (page: Page, name: string) => page.$eval(`select[name=${name}]`, (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');

/** Journey 6's first step: the village doctor refers a suspect through the screens, picking the patient and the hospital by name. */
describe('tb-referral in the browser: the village doctor refers a suspect on a form of what a village doctor knows', () => {
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

  for (const [i, size] of SIZES.entries()) {
    it(`at ${size.viewport.width}×${size.viewport.height}: from the menu to the referral, then the clinic's own part of it`, async () => {
      const page = await b.newPage();
      await page.setViewport(size.viewport);
      await loginViaForm(page, t.url, 'taoyuan-doctor', DEMO_PASSWORD);
      if (size.name === 'phone') await page.tap('label[for=nav-toggle]');
      await clickAndWait(page, '#main-nav a[href="/p/tb-referral/new-referral"]');
      expect(await textOf(page, 'h1')).toBe('开具转诊单');
      // Only the referral part: no hospital, township or treatment fields, no institution code to type.
      const labels = await page.$$eval('form.record-form > label, form.record-form > .picker-field > label, form.record-form > fieldset > legend', (els) => els.map((el) => el.firstChild?.textContent?.trim()));
      expect(labels).toEqual(['转诊单编号', '患者/可疑者', '转诊日期', '可疑症状', '转诊医生', '接诊定点医院', '负责追踪管理的乡镇卫生院']);
      expect(await page.$$('form.record-form input[type=text][name=toHospital], form.record-form input[name=township]')).toHaveLength(0);
      expect(await chosen(page, 'toHospital')).toBe('青山区结核病定点医院');
      expect(await chosen(page, 'township')).toBe('东溪镇卫生院');
      await screenshot(page, `tb-form-${size.name}-blank`);

      // The patient is picked by facts the doctor can check with the patient in front of them.
      const zhou = await page.$$eval('select[name=person] option', (os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? '']).filter(([, text]) => text.startsWith('周*')));
      expect(zhou.length).toBeGreaterThan(1);
      expect(new Set(zhou.map(([, text]) => text)).size).toBe(zhou.length);
      const [person, label] = zhou[i];
      expect(label).toMatch(/^周\*+ · (男|女) · \d{4}年生 · 桃源村 · 身份证尾号 \d{3}[\dX]$/);
      const code = `TB-TY-WEB-${i + 1}`;
      await page.type('input[name=referralNo]', code);
      // Searching the picker: typing narrows the options at once; Enter searches every patient and keeps what was typed.
      const year = label.match(/(\d{4})年生/)![1];
      const offered = () => page.$$eval('select[name=person] option', (os) => os.map((o) => o.textContent ?? '').filter(Boolean));
      await page.type('input[name="_pick.person"]', `周 ${year}`);
      const live = await offered();
      expect(live).toContain(label);
      expect(live.every((x) => x.startsWith('周*') && x.includes(`${year}年生`))).toBe(true);
      expect(await textOf(page, '[data-testid=picker-note]')).toBe(`已列出的选项中有 ${live.length} 条相符；按回车或“查找”在全部记录中查找`);
      await screenshot(page, `tb-form-${size.name}-picker-typed`);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await page.$eval('input[name=referralNo]', (el) => (el as HTMLInputElement).value)).toBe(code);
      expect((await offered()).sort()).toEqual([...live].sort());
      expect(await textOf(page, '[data-testid=picker-note]')).toBe(`找到 ${live.length} 条`);
      expect(await textOf(page, 'ul.error')).toBeNull();
      await screenshot(page, `tb-form-${size.name}-picker-found`);
      await page.select('select[name=person]', person);
      await setValue(page, 'input[name=referralDate]', '2026-11-21');
      await page.click('input[name=symptoms][value=cough-2w]');
      await page.click('input[name=symptoms][value=night-sweats]');
      await page.type('input[name=referringDoctor]', '钱玉梅');
      expect(await chosen(page, 'person')).toBe(label);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.viewport.width);
      await screenshot(page, `tb-form-${size.name}-filled`);
      const saved = await clickAndWait(page, 'form.record-form button[type=submit]');
      expect([saved?.status(), await textOf(page, 'ul.error')]).toEqual([200, null]);
      expect(new URL(page.url()).pathname).toBe('/p/tb-referral/referrals');

      // The register finds it by its code; its row opens the clinic's part of the record.
      await page.type('input[name=q]', code);
      await clickAndWait(page, '.toolbar button[type=submit]');
      expect(await textsOf(page, '[data-testid=record-list] tbody td:nth-child(2)')).toEqual([code]);
      await screenshot(page, `tb-form-${size.name}-register`);
      await clickAndWait(page, '[data-testid=record-list] [data-testid=edit]');
      expect(await textOf(page, 'h1')).toBe(`编辑转诊与治疗管理：${code}`);
      expect(await chosen(page, 'toHospital')).toBe('青山区结核病定点医院');
      expect(await chosen(page, 'person')).toBe(label);
      // The hospital's and the township's parts are theirs: nothing of them is offered, and nothing they left blank shows.
      const names = await page.$$eval('form.record-form [name]', (els) => [...new Set(els.map((e) => (e as HTMLInputElement).name.split('.')[0]))]);
      expect(names).toEqual(['_csrf', 'referralNo', '_pick', '_find', 'person', 'referralDate', 'symptoms', 'referringDoctor', 'toHospital', 'township', 'villageVisits', 'reason']);
      expect(await page.$$('[data-readonly]')).toHaveLength(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.viewport.width);
      await screenshot(page, `tb-form-${size.name}-own-part`);
    });
  }
});
