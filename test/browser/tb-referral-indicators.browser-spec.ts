import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { clickAndWait, launchBrowser, loginViaForm, open, screenshot, TestBrowser, textOf, textsOf } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

describe('tb-referral CDC district indicator board in a real browser (demo year)', () => {
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

  it('charts each indicator per institution for a quarter and drills down from a bar to the records', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'cdc-tb', DEMO_PASSWORD);
    await open(page, `${t.url}/indicators?plugin=tb-referral&period=2026-Q1`);
    expect(await textOf(page, 'h1')).toBe('指标看板（2026年第1季度）');
    expect((await textsOf(page, '[data-testid=indicator-chart] h2')).map((h) => h.split(' ')[0])).toEqual([
      '病人报告率', '可疑者转诊率', '转诊到位率（7天内）', '总体到位率', '患者追踪率', '追踪到位率', '患者系统管理率', '患者规范管理（访视）率', '2、5、6（复治8）月末痰检率', '涂阳患者密切接触者筛查率', '新涂阳患者治愈率',
      '免费标准化疗率', '耐多药可疑者送检率', '新涂阳病人发现率', '门诊患者月均自费费用',
    ]);
    await screenshot(page, 'tb-indicator-board');
    // The CDC's own bar in the first chart (report rate) opens its records.
    await clickAndWait(page, '[data-testid=indicator-chart] table tbody tr:first-child a');
    expect(await textOf(page, 'h1')).toBe('病人报告率 · 青山区疾病预防控制中心（2026年第1季度）');
    expect(await textsOf(page, '[data-testid=indicator-summary] tbody td')).toEqual(['28', '34', '82.4%', '≥100%', '未达标']);
    expect(await textsOf(page, '[data-testid=indicator-records] tbody tr')).toHaveLength(34);
    await screenshot(page, 'tb-indicator-drill-down');
    // Each record number opens that record's page.
    const first = await textOf(page, '[data-testid=indicator-records] tbody tr:first-child [data-testid=indicator-record]');
    expect(first).toMatch(/^[A-Z0-9-]{4,30}$/);
    const opened = await clickAndWait(page, '[data-testid=indicator-records] tbody tr:first-child [data-testid=indicator-record]');
    expect(opened?.status()).toBe(200);
    expect(await textOf(page, 'h1')).toContain(first!);
  });

  it('reads on a 390×844 phone: labels at full size, the chart and cards inside the screen, record numbers as links', async () => {
    const page = await b.newPage();
    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await loginViaForm(page, t.url, 'cdc-tb', DEMO_PASSWORD);
    await open(page, `${t.url}/indicators?plugin=tb-referral&period=2026-Q1`);
    // Nothing pushes the page sideways; a chart scrolls inside its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Institution labels are drawn at 11px or more (a chart scaled to the phone drew them at about 6px).
    const labelPx = await page.$eval('[data-testid=indicator-chart] .ind-label', (el) => el.getBoundingClientRect().height);
    expect(labelPx).toBeGreaterThanOrEqual(11);
    // Each institution is a card whose name keeps to one line (not one character per line).
    const name = await page.$eval('[data-testid=indicator-chart] table tbody tr:first-child td.ind-name', (el) => ({ h: el.getBoundingClientRect().height, w: el.getBoundingClientRect().width, text: el.textContent }));
    expect(name.text).toBe('青山区疾病预防控制中心');
    expect(name.h).toBeLessThan(30);
    expect(name.w).toBeGreaterThan(250);
    expect((await textsOf(page, '[data-testid=indicator-chart] table tbody tr:first-child td[data-label]')).slice(0, 5)).toEqual(['28', '34', '82.4%', '≥100%', '未达标']);
    await screenshot(page, 'tb-indicator-board-phone');
    await clickAndWait(page, '[data-testid=indicator-chart] table tbody tr:first-child a');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.$$eval('[data-testid=indicator-records] tbody tr [data-testid=indicator-record]', (as) => as.length)).toBe(34);
    await screenshot(page, 'tb-indicator-drill-down-phone');
  });
});
