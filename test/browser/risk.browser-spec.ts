import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { ROOT_DIR } from '../../apps/server/bootstrap';
import { seedRiskDemo } from '../../core/risk/risk-demo.seed';
import { launchBrowser, loginViaForm, open, screenshot, TestBrowser } from '../support/browser';
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
});
