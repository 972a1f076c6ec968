import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { ROOT_DIR } from '../../apps/server/bootstrap';
import { seedRiskDemo } from '../../core/risk/risk-demo.seed';
import { clickAndWait, launchBrowser, loginViaForm, open, Page, screenshot, TestBrowser, textOf } from '../support/browser';
import { pdfRawText } from '../support/pdf-tools';
import { startTestApp, TestApp } from '../support/test-app';

describe('risk screens in a browser (demo data of the county hospital)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let pointId: number;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(ROOT_DIR, 'config'), seed: 'demo' });
    await seedRiskDemo(t.app);
    const api = await t.login('hosp-jijian', DEMO_PASSWORD);
    pointId = (await api.get('/api/risk/points?q=药品遴选、采购中收受供应商回扣')).body.items[0].id;
    b = await launchBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('shows self contributions in black, colleagues’ in blue and leaders’ in red', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'hosp-jijian', DEMO_PASSWORD);
    await open(page, `${t.url}/risk/points/${pointId}`);
    const colours = await page.$$eval('.risk-contributions li', (items) => items.map((li) => [li.getAttribute('data-kind'), getComputedStyle(li).color]));
    expect(colours).toEqual([
      ['self', 'rgb(0, 0, 0)'],
      ['colleague', 'rgb(11, 79, 196)'],
      ['leader', 'rgb(192, 0, 0)'],
      ['collective', 'rgb(192, 0, 0)'],
      ['organisation', 'rgb(192, 0, 0)'],
    ]);
    await screenshot(page, 'risk-point');
  });

  it('renders the list, catalogue, publication, commitment, self-check and preset-import screens', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'hosp-jijian', DEMO_PASSWORD);
    for (const [url, name, text] of [
      ['/risk/points', 'risk-points', '药品遴选、采购中收受供应商回扣'],
      ['/risk/powers', 'risk-powers', 'YJ-001'],
      ['/risk/points/new', 'risk-point-form', '可能触犯国家法律'],
      ['/risk/publications', 'risk-publications', '药剂科廉政风险点公示'],
      ['/risk/commitments', 'risk-commitments', '个人承诺书（附表4）'],
      ['/risk/self-checks', 'risk-self-checks', '轮岗提醒'],
      ['/risk/presets', 'risk-presets', '从插件预置导入风险点'],
    ]) {
      await open(page, t.url + url);
      expect(await page.$eval('main', (m) => m.textContent ?? '')).toContain(text);
      await screenshot(page, name);
    }
  });

  it('five people take a new point through the five steps on its page, one out of turn is told why, and it is published with its catalogue as Excel and PDF', async () => {
    const TITLE = '药品入库验收时收受供应商好处';
    const as = async (username: string): Promise<Page> => {
      const page = await b.newPage();
      await loginViaForm(page, t.url, username, DEMO_PASSWORD);
      return page;
    };
    const buyer = await as('hosp-buyer');
    await open(buyer, `${t.url}/risk/points`);
    await clickAndWait(buyer, 'a[href="/risk/points/new"]');
    const first = (name: string) => buyer.$eval(`select[name=${name}]`, (el) => Array.from((el as HTMLSelectElement).options).find((o) => o.value)!.value);
    await buyer.select('select[name=category]', await first('category'));
    await buyer.select('select[name=likelihood]', '2');
    await buyer.select('select[name=harm]', '2');
    await buyer.type('input[name=title]', TITLE);
    await buyer.type('textarea[name=description]', '验收时对数量、质量把关不严，可能收受供应商财物后放行。');
    await buyer.type('textarea[name=measuresPrevention]', '验收双人到场，当场签字。');
    await clickAndWait(buyer, 'form[action="/risk/points"] button[type=submit]');
    expect(buyer.url()).toMatch(/\/risk\/points\/\d+$/);
    const pointUrl = buyer.url();
    await screenshot(buyer, 'risk-five-0-new');

    // 自己找 is the holder's own: a colleague who opens the point first has no form, and is told why.
    const pharmacist = await as('hosp-pharmacist');
    await open(pharmacist, pointUrl);
    expect(await pharmacist.$('form[action$="/step"]')).toBeNull();
    expect((await textOf(pharmacist, 'main')) ?? '').toContain('您不能办理当前步骤：“自己找”须由风险点所属本人办理');

    const step = async (page: Page, content: string) => {
      await open(page, pointUrl);
      await page.type('form[action$="/step"] textarea[name=content]', content);
      await clickAndWait(page, 'form[action$="/step"] button[type=submit]');
    };
    await step(buyer, '本人负责药品入库验收，供应商常来往，存在被“打招呼”的风险。');
    // The pharmacist has the point open twice; once 同事帮 is done, the second window's step is refused, saying which is next.
    const stale = await as('hosp-pharmacist');
    await open(stale, pointUrl);
    await step(pharmacist, '验收记录有时由一人补签，建议双人验收。');
    await stale.type('form[action$="/step"] textarea[name=content]', '再提一次');
    const refused = await clickAndWait(stale, 'form[action$="/step"] button[type=submit]');
    expect(refused?.status()).toBe(409);
    expect(await textOf(stale, 'p.error')).toBe('步骤须按顺序办理：当前应办理第3步“领导点”');
    await screenshot(stale, 'risk-five-1-out-of-turn');
    await step(await as('hosp-pharmacy-head'), '验收环节风险较高，纳入科室重点监督。');
    await step(await as('hosp-head'), '院长办公会研究同意列为岗位廉政风险点。');
    const officer = await as('hosp-jijian');
    await step(officer, '审核通过。');
    const contributions = await officer.$$eval('.risk-contributions li', (items) => items.map((li) => [li.getAttribute('data-kind'), getComputedStyle(li).color]));
    expect(contributions).toEqual([
      ['self', 'rgb(0, 0, 0)'],
      ['colleague', 'rgb(11, 79, 196)'],
      ['leader', 'rgb(192, 0, 0)'],
      ['collective', 'rgb(192, 0, 0)'],
      ['organisation', 'rgb(192, 0, 0)'],
    ]);
    expect((await textOf(officer, 'main')) ?? '').toContain('已审定');
    await screenshot(officer, 'risk-five-2-approved');

    // Published with the other approved points, then the catalogue comes from the list screen as Excel and as an issued PDF.
    await open(officer, `${t.url}/risk/publications`);
    await officer.type('form[action="/risk/publications"] input[name=title]', '药剂科岗位廉政风险点公示（第二批）');
    await officer.$eval('form[action="/risk/publications"] input[name=endsOn]', (el) => ((el as HTMLInputElement).value = '2026-12-31'));
    await clickAndWait(officer, 'form[action="/risk/publications"] button[type=submit]');
    expect(officer.url()).toMatch(/\/risk\/publications\/\d+$/);
    expect((await textOf(officer, 'main')) ?? '').toContain(TITLE);
    await screenshot(officer, 'risk-five-3-published');
    await open(officer, `${t.url}/risk/points`);
    const cookie = (await officer.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const excel = await fetch(`${t.url}${await officer.$eval('a[href*="kind=catalogue"]', (a) => a.getAttribute('href'))}`, { headers: { cookie } });
    expect([excel.status, Buffer.from(await excel.arrayBuffer()).subarray(0, 2).toString()]).toEqual([200, 'PK']);
    const [issued] = await Promise.all([officer.waitForResponse((r) => r.url().endsWith('/risk/documents') && r.request().method() === 'POST'), officer.click('[data-testid=risk-issue] form:has(input[name=kind][value=catalogue]) button')]);
    expect([issued.status(), issued.headers().location]).toEqual([303, expect.stringMatching(/^\/api\/documents\/\d+\/pdf$/)]);
    const pdf = Buffer.from(await (await fetch(`${t.url}${issued.headers().location}`, { headers: { cookie } })).arrayBuffer());
    expect(await pdfRawText(pdf)).toContain(TITLE);
  });
});
