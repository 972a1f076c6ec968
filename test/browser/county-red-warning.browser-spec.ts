/**
 * The county issues a red 一级 warning against a unit through the screens (issue #22 item 4), on the shipped
 * configuration: the county officer records a clue about 示范县税务局; the county's secretary (head) picks 一级, the
 * committee-decision fields appear only for that level, a missing meeting date is refused naming the field, and the
 * warning page shows the party committee's decision; the county's 专报 lists every unit below it.
 */
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { clickAndWait, launchBrowser, loginViaForm, open, type Page, screenshot, setValue, textOf, textsOf, TestBrowser } from '../support/browser';
import { shippedBelow } from '../support/shipped-config';
import { startTestApp, TestApp } from '../support/test-app';

const TITLE = '减免税审批集体研究制度执行不到位';

describe('a red warning decided by the committee, on the screens', () => {
  let t: TestApp;
  let b: TestBrowser;
  let clueId = 0;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo+plugins' });
    b = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const switchTo = async (page: Page, name: string) => {
    const value = await page.$$eval('[data-testid=institution-switcher] option', (os, n) => os.find((o) => o.textContent === n)?.getAttribute('value') ?? '', name);
    expect(value).not.toBe('');
    await page.select('[data-testid=institution-switcher]', value);
    await clickAndWait(page, 'form.switcher button[type=submit]');
  };
  const decisionShown = (page: Page) => page.$eval('[data-testid=decision-fields]', (el) => getComputedStyle(el).display !== 'none');

  it('the county officer records a clue about 示范县税务局', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'county-jijian', DEMO_PASSWORD);
    await switchTo(page, '示范县税务局');
    await open(page, `${t.url}/warning/clues/new`);
    await page.select('select[name=source]', 'petition');
    await page.select('select[name=subjectType]', 'institution');
    await page.type('textarea[name=content]', '群众反映县税务局多笔减免税未经集体研究即审批。');
    await clickAndWait(page, 'main form button[type=submit]');
    // An officer who may triage lands on the new clue's page.
    clueId = Number(/\/warning\/clues\/(\d+)$/.exec(page.url())?.[1]);
    expect(clueId).toBeGreaterThan(0);
    expect(await textOf(page, 'main')).toContain('示范县税务局');
  });

  it('the secretary picks 一级: the committee fields appear, a missing meeting date is refused, the decision is shown on the warning', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'county-secretary', DEMO_PASSWORD);
    await switchTo(page, '示范县税务局');
    await open(page, `${t.url}/warning/clues/${clueId}`);
    await page.select('select[name=subjectType]', 'institution');
    // A level without a deciding body keeps the fields out of the way.
    await page.select('select[name=levelCode]', 'inquiry');
    expect(await decisionShown(page)).toBe(false);
    await page.select('select[name=levelCode]', 'advice');
    expect(await decisionShown(page)).toBe(true);
    expect(await page.$eval('input[name=decisionBody]', (el) => (el as HTMLInputElement).value)).toBe('党委');
    await page.type('input[name=title]', TITLE);
    await page.type('textarea[name=reason]', '县纪委监委核查：多笔减免税未经集体研究即审批，提交党委研究确定为一级预警。');
    await page.type('input[name=decisionMinutesNo]', '示税党纪要〔2026〕7号');
    await screenshot(page, 'county-red-1-triage-1366');
    await clickAndWait(page, 'form:has(input[name=action][value=warn]) button[type=submit]');
    expect(page.url()).toMatch(new RegExp(`/warning/clues/${clueId}/triage$`));
    expect(await textsOf(page, 'form:has(input[name=action][value=warn]) small.error')).toEqual(['会议日期：不能为空']);
    // The refused form keeps what was typed and still shows the committee fields.
    expect(await decisionShown(page)).toBe(true);
    expect(await page.$eval('input[name=decisionMinutesNo]', (el) => (el as HTMLInputElement).value)).toBe('示税党纪要〔2026〕7号');
    await page.setViewport({ width: 390, height: 844 });
    await screenshot(page, 'county-red-2-refused-390');
    await page.setViewport({ width: 1366, height: 900 });

    await setValue(page, 'input[name=decisionMeetingOn]', '2026-06-30');
    await clickAndWait(page, 'form:has(input[name=action][value=warn]) button[type=submit]');
    expect(page.url()).toMatch(/\/warning\/warnings\/\d+$/);
    expect(await textOf(page, '[data-testid=decision]')).toBe('党委 2026-06-30 会议研究决定（会议纪要编号：示税党纪要〔2026〕7号）');
    const body = (await textOf(page, 'main')) ?? '';
    expect(body).toContain(TITLE);
    expect(body).toContain('一级预警');
    await screenshot(page, 'county-red-3-warning-1366');
    await page.setViewport({ width: 390, height: 844 });
    await screenshot(page, 'county-red-4-warning-390');
  });

  it('the county’s 专报 screen lists the county and each unit below it, with the red warning at the tax bureau', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'county-jijian', DEMO_PASSWORD);
    await open(page, `${t.url}/warning/report?year=2026&quarter=3`);
    const units = await textsOf(page, '[data-testid=report-units] tbody tr td:first-child');
    // The demo's own units in this order, among every unit the configuration puts below the county (a plugin's demo unit too).
    const known = ['示范县纪委监委', '示范县人民医院', '示范县税务局', '示范县东溪镇', '示范县东溪镇青石村', '示范县东溪镇水口村'];
    expect(units.filter((u) => known.includes(u))).toEqual(known);
    expect([...units].sort()).toEqual(['示范县纪委监委', ...shippedBelow('demo-county').map((i) => i.name)].sort());
    const tax = await textsOf(page, `[data-testid=report-units] tbody tr:nth-child(${units.indexOf('示范县税务局') + 1}) td`);
    expect(tax[4]).toBe('1');
    await screenshot(page, 'county-red-5-report-1366');
    await page.setViewport({ width: 390, height: 844 });
    await screenshot(page, 'county-red-6-report-390');
  });
});
