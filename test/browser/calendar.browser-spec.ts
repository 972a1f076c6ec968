import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { WarningEntity } from '../../core/warning/warning.entities';
import { seedWarningDemo } from '../../core/warning/warning-demo.seed';
import { clickAndWait, launchBrowser, loginViaForm, open, Page, screenshot, setValue, TestBrowser, textOf, textsOf } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };

async function fitsPhone(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

const HOLIDAY_ROW = (n: number, field: string) => `[data-testid=calendar-holiday-rows] .cal-row[data-row="${n}"] input[name=${field}]`;
const WORKDAY_ROW = (n: number) => `[data-testid=calendar-workday-rows] .cal-row[data-row="${n}"] input[name=workday]`;

/** Issue #23 "How to show it": the admin enters a 2027 holiday notice on the screen and an open deadline moves. */
describe('holiday calendar on screens', () => {
  let t: TestApp;
  let b: TestBrowser;
  let warningId: number;

  beforeAll(async () => {
    // 28 December: the hospital's yellow warning (10 working days) is counted into 2027, which has no notice yet.
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), seed: 'demo', now: '2026-12-28T02:00:00Z' });
    await seedWarningDemo(t.app, { institutionCode: 'county-hospital' });
    warningId = (await t.db.read((m) => m.getRepository(WarningEntity).findOneByOrFail({ title: '药品采购收受回扣苗头' }))).id;
    b = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('admin enters the 2027 notice (a wrong make-up day refused first); the open deadline moves and is no longer 推算', async () => {
    const officer = await b.newPage();
    await loginViaForm(officer, t.url, 'hosp-jijian', DEMO_PASSWORD);
    await open(officer, `${t.url}/warning/warnings/${warningId}`);
    // 12-29, 12-30, 12-31, (01-01 statutory 元旦) 01-04 … 01-08, 01-11, 01-12
    expect(await textOf(officer, '[data-testid=due]')).toMatch(/^2027-01-12 .*按法定节假日推算，待国务院通知发布后复核$/);

    const admin = await b.newPage();
    await loginViaForm(admin, t.url, 'admin', DEMO_PASSWORD);
    expect(await textsOf(admin, '.todo a, main a')).toEqual(expect.arrayContaining([expect.stringContaining('2027年国务院节假日安排通知尚未录入')]));
    await clickAndWait(admin, '#main-nav a[href="/admin/calendar"]');
    expect(await textOf(admin, '[data-testid=calendar-missing]')).toContain('2027年国务院节假日安排通知尚未录入');
    expect(await textOf(admin, 'tr[data-year="2027"] [data-testid=calendar-source]')).toBe('按法定节假日推算');
    expect(await textOf(admin, 'tr[data-year="2026"] [data-testid=calendar-source]')).toBe('随平台发布的通知文件');
    await screenshot(admin, 'calendar-list-1366');
    await clickAndWait(admin, 'tr[data-year="2027"] td.acct-name a');
    // The form starts from the statutory days: 元旦 on 01-01 alone.
    expect(await admin.$eval(HOLIDAY_ROW(1, 'holidayName'), (el) => (el as HTMLInputElement).value)).toBe('元旦');
    await setValue(admin, HOLIDAY_ROW(1, 'holidayTo'), '2027-01-04');
    await setValue(admin, WORKDAY_ROW(1), '2027-01-05');
    await clickAndWait(admin, '[data-testid=calendar-submit]');
    expect(await textOf(admin, '[data-testid=calendar-workday-rows] [data-testid=row-error]')).toBe('workdays[0].date：2027-01-05 是工作日（周一至周五），只有周末才能调休上班');
    expect(await admin.$eval(HOLIDAY_ROW(1, 'holidayTo'), (el) => (el as HTMLInputElement).value)).toBe('2027-01-04');
    await screenshot(admin, 'calendar-form-error-1366');
    await setValue(admin, WORKDAY_ROW(1), '');
    await clickAndWait(admin, '[data-testid=calendar-submit]');
    expect(await textOf(admin, '[data-testid=calendar-saved]')).toContain('已保存并立即生效');
    expect(await textOf(admin, '[data-testid=calendar-source]')).toBe('已录入国务院通知');
    expect((await textsOf(admin, '[data-testid=calendar-holidays] li'))[0]).toBe('元旦 2027年1月1日（星期五） – 2027年1月4日（星期一） 4天');
    await screenshot(admin, 'calendar-year-saved-1366');

    await open(officer, `${t.url}/warning/warnings/${warningId}`);
    // The notice makes Monday 01-04 a day off: the tenth working day is now 01-13, and it is no longer an estimate.
    expect(await textOf(officer, '[data-testid=due]')).toMatch(/^2027-01-13 /);
    expect(await officer.$('[data-testid=due-estimate]')).toBeNull();
    expect(await officer.content()).toContain('按节假日安排重新计算期限');
    await screenshot(officer, 'calendar-warning-moved-1366');
  });

  it('on a 390 px phone the years, the year’s days and the form fit the screen', async () => {
    const page = await b.newPage();
    await page.setViewport(PHONE);
    await loginViaForm(page, t.url, 'admin', DEMO_PASSWORD);
    await open(page, `${t.url}/admin/calendar`);
    await fitsPhone(page);
    await screenshot(page, 'calendar-list-390');
    await open(page, `${t.url}/admin/calendar/2027`);
    await fitsPhone(page);
    const input = await page.$eval(HOLIDAY_ROW(1, 'holidayTo'), (el) => el.getBoundingClientRect().right);
    expect(input).toBeLessThanOrEqual(390);
    await screenshot(page, 'calendar-year-390');
  });
});
