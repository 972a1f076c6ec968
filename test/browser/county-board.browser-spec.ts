/**
 * The county board on the screens (issue #22 item 2), shipped configuration and demo: county-jijian opens
 * 县级监督看板 from the menu, drills into 示范县人民医院 (the session's institution stays the county), follows a figure to
 * the list behind it, whose count is the figure, and comes back; the board also fits a 390 px phone.
 */
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { seedAssessmentDemo } from '../../core/assessment/assessment-demo.seed';
import { seedRiskDemo } from '../../core/risk/risk-demo.seed';
import { seedWarningDemo } from '../../core/warning/warning-demo.seed';
import { clickAndWait, launchBrowser, loginViaForm, open, type Page, screenshot, textOf, textsOf, TestBrowser } from '../support/browser';
import { shippedBelow } from '../support/shipped-config';
import { startTestApp, TestApp } from '../support/test-app';

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };

describe('the county board on the screens', () => {
  let t: TestApp;
  let b: TestBrowser;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo+plugins' });
    await seedRiskDemo(t.app, 'county-hospital');
    await seedWarningDemo(t.app, { institutionCode: 'county-hospital' });
    await seedAssessmentDemo(t.app, 'county-hospital');
    for (const code of ['demo-county', 'county-hospital', 'qingshi-village', 'shuikou-village']) ids[code] = await t.institutionId(code);
    b = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const current = (page: Page) => page.$eval('#institution-switcher option[selected]', (o) => (o as HTMLOptionElement).value).then(Number);
  const figure = (page: Page, unit: number, key: string) => page.$eval(`[data-unit-id="${unit}"] [data-figure="${key}"]`, (a) => ({ count: Number(a.getAttribute('data-count')), href: a.getAttribute('href')! }));

  it('county-jijian opens the board, drills into the hospital, follows a figure to its list and comes back', async () => {
    const page = await b.newPage();
    await page.setViewport({ width: 1366, height: 900 });
    await loginViaForm(page, t.url, 'county-jijian', DEMO_PASSWORD);
    await clickAndWait(page, '#main-nav a[href="/county"]');
    expect(await textOf(page, 'main h1')).toBe('县级监督看板');
    const units = await textsOf(page, 'table[data-testid=county-board] tbody th a');
    // The demo's own units in this order, among every unit the configuration puts below the county (a plugin's demo unit too).
    const known = ['示范县人民医院', '示范县税务局', '示范县东溪镇', '示范县东溪镇青石村', '示范县东溪镇水口村'];
    expect(units.filter((u) => known.includes(u))).toEqual(known);
    expect([...units].sort()).toEqual(shippedBelow('demo-county').map((i) => i.name).sort());
    expect((await figure(page, ids['qingshi-village'], 'rule-clues')).count).toBe(8);
    await screenshot(page, 'county-1-board-1366');

    await clickAndWait(page, `tr[data-unit-id="${ids['county-hospital']}"] a[data-testid=county-unit-link]`);
    expect(new URL(page.url()).pathname).toBe(`/county/units/${ids['county-hospital']}`);
    expect(await textOf(page, 'main h1')).toBe('示范县人民医院');
    expect(await current(page)).toBe(ids['demo-county']);
    await screenshot(page, 'county-2-hospital-1366');

    // The hospital's open matters, as a figure and on the warning board it links to.
    const clues = await figure(page, ids['county-hospital'], 'clues');
    expect(clues.count).toBeGreaterThan(0);
    await clickAndWait(page, `[data-unit-id="${ids['county-hospital']}"] [data-figure="clues"]`);
    expect(new URL(page.url()).pathname).toBe('/warning/board');
    expect(Number(await page.$eval('.total[data-total]', (s) => s.getAttribute('data-total')))).toBe(clues.count);
    expect(await page.$$eval('table[data-testid=board] tbody tr[data-kind=clue]', (rows) => rows.length)).toBe(Math.min(clues.count, 20));
    expect(await current(page)).toBe(ids['demo-county']);
    await screenshot(page, 'county-3-hospital-clues-1366');

    await page.goBack({ waitUntil: 'load' });
    expect(new URL(page.url()).pathname).toBe(`/county/units/${ids['county-hospital']}`);
    const grade = await figure(page, ids['county-hospital'], 'grade-2');
    await clickAndWait(page, `[data-unit-id="${ids['county-hospital']}"] [data-figure="grade-2"]`);
    expect(new URL(page.url()).pathname).toBe('/risk/points');
    expect(Number(await page.$eval('[data-total]', (s) => s.getAttribute('data-total')))).toBe(grade.count);
    expect(await textOf(page, 'main h1')).toContain('示范县人民医院');
    await screenshot(page, 'county-4-hospital-points-1366');
    await clickAndWait(page, '#main-nav a[href="/county"]');
    expect(await textOf(page, 'main h1')).toBe('县级监督看板');
  });

  it('county-jijian clicks a village’s rule-hit figure and lands on its 模型命中 list, whose count is the figure', async () => {
    const page = await b.newPage();
    await page.setViewport({ width: 1366, height: 900 });
    await loginViaForm(page, t.url, 'county-jijian', DEMO_PASSWORD);
    await clickAndWait(page, '#main-nav a[href="/county"]');
    const hits = await figure(page, ids['qingshi-village'], 'rule-hits');
    expect(hits.count).toBeGreaterThanOrEqual(8);
    await clickAndWait(page, `tr[data-unit-id="${ids['qingshi-village']}"] [data-figure="rule-hits"]`);
    expect(new URL(page.url()).pathname).toBe('/warning/rule-hits');
    expect(await textOf(page, 'main h1')).toBe('示范县东溪镇青石村 · 模型命中');
    expect(Number(await page.$eval('[data-total]', (s) => s.getAttribute('data-total')))).toBe(hits.count);
    expect(await page.$$eval('table[data-testid=rule-hits] tbody tr', (rows) => rows.length)).toBe(Math.min(hits.count, 50));
    expect(await current(page)).toBe(ids['demo-county']);
    await screenshot(page, 'county-7-village-rule-hits-1366');
    // A hit's clue opens from its row.
    await clickAndWait(page, 'table[data-testid=rule-hits] tbody tr:first-child a[data-testid=hit-clue]');
    expect(new URL(page.url()).pathname).toMatch(/^\/warning\/clues\/\d+$/);
    await page.goBack({ waitUntil: 'load' });
    // One unit's page: a model's bar opens that model's hits.
    await open(page, `${t.url}/county/units/${ids['shuikou-village']}`);
    const bar = await page.$eval('a.county-rule-bar', (a) => ({ href: a.getAttribute('href')!, count: Number(a.getAttribute('data-count')) }));
    await clickAndWait(page, 'a.county-rule-bar');
    expect(new URL(page.url()).searchParams.get('rule')).toBe(new URL(bar.href, t.url).searchParams.get('rule'));
    expect(Number(await page.$eval('[data-total]', (s) => s.getAttribute('data-total')))).toBe(bar.count);
    await screenshot(page, 'county-8-village-model-hits-1366');
  });

  it('village-jijian reads the village’s own model hits from the menu, on a 390 px phone', async () => {
    const page = await b.newPage();
    await page.setViewport(PHONE);
    await loginViaForm(page, t.url, 'village-jijian', DEMO_PASSWORD);
    await page.tap('label[for=nav-toggle]');
    await clickAndWait(page, '#main-nav a[href="/warning/rule-hits"]');
    expect(await textOf(page, 'main h1')).toBe('模型命中');
    expect(Number(await page.$eval('[data-total]', (s) => s.getAttribute('data-total')))).toBeGreaterThanOrEqual(8);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'county-9-own-rule-hits-390');
    await page.select('[data-testid=rule-hit-filter] select[name=period]', '2025');
    await clickAndWait(page, '[data-testid=rule-hit-filter] button[type=submit]');
    expect(await textOf(page, '[data-testid=rule-hits-empty]')).toBe('所选范围内没有模型命中记录。');
    await screenshot(page, 'county-10-own-rule-hits-empty-390');
  });

  it('fits a 390 px phone: nothing scrolls sideways but the figures table', async () => {
    const page = await b.newPage();
    await page.setViewport(PHONE);
    await loginViaForm(page, t.url, 'county-jijian', DEMO_PASSWORD);
    await open(page, `${t.url}/county`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'county-5-board-390');
    await open(page, `${t.url}/county/units/${ids['county-hospital']}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'county-6-hospital-390');
    await open(page, `${t.url}/warning/rule-hits?institutionId=${ids['qingshi-village']}&period=2026-Q3`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'county-11-village-rule-hits-390');
  });
});
