import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { idNumberCheckChar } from '../../core/plugin-api';
import { clickAndWait, launchBrowser, loginViaForm, open, screenshot, setValue, TestBrowser, textOf, textsOf } from '../support/browser';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/tb-referral/records';

describe('tb-referral in the browser: the hospital registers a diagnosis and records a sputum result', () => {
  let t: TestApp;
  let b: TestBrowser;
  let hospital: ApiClient;
  let referralId: number;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-06-10T02:00:00Z', seed: 'demo' });
    const taoyuan = await t.login('taoyuan-doctor', DEMO_PASSWORD);
    hospital = await t.login('tbh-doctor', DEMO_PASSWORD);
    const first17 = '32010219850601001';
    const person = await taoyuan.post(`${P}/tb-person`, { name: '何远山', sex: 'm', birthDate: '1985-06-01', idNumber: first17 + idNumberCheckChar(first17), village: '桃源村' });
    const res = await taoyuan.post(`${P}/tb-referral`, { referralNo: 'TB-TY-7101', person: person.body.id, referralDate: '2026-03-10', symptoms: ['cough-2w'], referringDoctor: '乡村医生' });
    referralId = res.body.id;
    expect((await hospital.patch(`/api/records/${referralId}`, { arrivalDate: '2026-03-12' })).status).toBe(200);
    b = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('registration: the queue lists the arrival, the form flags a registration number before a confirmed diagnosis, saving empties the queue', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'tbh-doctor', DEMO_PASSWORD);
    await clickAndWait(page, 'a[href="/p/tb-referral/registration"]');
    expect(await textOf(page, 'h1')).toBe('诊断登记');
    expect(await textsOf(page, '[data-testid=record-list] tbody tr td:nth-child(2)')).toEqual(['TB-TY-7101']);
    await screenshot(page, 'tb-registration-queue');
    await clickAndWait(page, '[data-testid=record-list] a[data-testid=edit]');
    expect(page.url()).toBe(`${t.url}/p/tb-referral/register/${referralId}/edit`);
    await page.select('select[name=diagnosis]', 'suspected');
    await page.type('input[name=registrationNo]', 'QS2026-0101');
    // The live check answers beside the field and keeps the form from being sent.
    expect(await textOf(page, '[data-live-for=registrationNo]')).toBe('确诊后方可填写登记号');
    await page.click('.record-form button[type=submit]');
    expect(page.url()).toBe(`${t.url}/p/tb-referral/register/${referralId}/edit`);
    await screenshot(page, 'tb-registration-form-error');
    await page.select('select[name=diagnosis]', 'confirmed');
    await page.select('select[name=smear]', 'positive');
    await setValue(page, 'input[name=treatmentStart]', '2026-03-16');
    await page.type('input[name=regimen]', '2H3R3Z3E3/4H3R3');
    await page.select('select[name=treatmentType]', 'new');
    await page.select('select[name=phase]', 'intensive');
    await page.select('select[name=freeStandardRegimen]', 'yes');
    // An MDR-TB specimen date needs the suspicion recorded first, live as for the registration number.
    await setValue(page, 'input[name=mdrSpecimenSentDate]', '2026-03-13');
    expect(await textOf(page, '[data-live-for=mdrSpecimenSentDate]')).toBe('疑似耐多药肺结核方可填写送检日期');
    await page.select('select[name=mdrSuspected]', 'yes');
    expect(await page.$eval('[data-live-for=mdrSpecimenSentDate]', (el) => (el as HTMLElement).hidden)).toBe(true);
    expect(await page.$eval('[data-live-for=registrationNo]', (el) => (el as HTMLElement).hidden)).toBe(true);
    await clickAndWait(page, '.record-form button[type=submit]');
    expect(page.url()).toBe(`${t.url}/p/tb-referral/registration`);
    expect(await textOf(page, '.empty')).toBe('暂无记录');
    await screenshot(page, 'tb-registration-empty');
    const stored = (await hospital.get(`/api/records/${referralId}`)).body.values;
    expect(stored).toMatchObject({ diagnosis: 'confirmed', smear: 'positive', registrationNo: 'QS2026-0101', treatmentStart: '2026-03-16', treatmentType: 'new', freeStandardRegimen: 'yes', mdrSuspected: 'yes', mdrSpecimenSentDate: '2026-03-13' });
  });

  it('sputum schedule: the month-2 exam is 逾期25天; recording its result from the schedule marks it done', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'tbh-doctor', DEMO_PASSWORD);
    await clickAndWait(page, 'a[href="/p/tb-referral/sputum-schedule"]');
    expect(await textOf(page, 'h1')).toBe('复查痰检时间表');
    const rows = await page.$$eval('.dashboard-panel table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())));
    expect(rows.map((r) => [r[0], r[4], r[5], r[6]])).toEqual([
      ['TB-TY-7101', '第2月末', '2026-05-16', '逾期25天'],
      ['TB-TY-7101', '第5月末', '2026-08-16', '未到期'],
      ['TB-TY-7101', '第6月末', '2026-09-16', '未到期'],
    ]);
    await screenshot(page, 'tb-sputum-schedule');
    await clickAndWait(page, '.dashboard-panel table tbody tr:first-child a');
    expect(page.url()).toBe(`${t.url}/p/tb-referral/sputum-result/${referralId}/edit`);
    await page.type('input[name="sputumExams.0.month"]', '2');
    await setValue(page, 'input[name="sputumExams.0.date"]', '2026-06-09');
    await page.select('select[name="sputumExams.0.result"]', 'negative');
    await screenshot(page, 'tb-sputum-result-form');
    await clickAndWait(page, '.record-form button[type=submit]');
    expect(page.url()).toBe(`${t.url}/p/tb-referral/sputum-schedule`);
    expect(await textOf(page, '.dashboard-panel table tbody tr:first-child td:nth-child(7)')).toBe('已查：阴性（2026-06-09）');
    await screenshot(page, 'tb-sputum-schedule-done');
    expect((await hospital.get(`/api/records/${referralId}`)).body.values.sputumExams).toEqual([{ month: 2, date: '2026-06-09', result: 'negative' }]);
    // A village clinic has neither screen.
    const village = await b.newPage();
    await loginViaForm(village, t.url, 'taoyuan-doctor', DEMO_PASSWORD);
    await open(village, `${t.url}/p/tb-referral/sputum-schedule`, 404);
  });
});
