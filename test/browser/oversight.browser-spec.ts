/**
 * The level above sees what it oversees (issue #18 point 4), through the screens only, on the shipped configuration:
 * the township discipline officer filters his board to a village, opens a village clue and turns it into a warning;
 * a public tip-off naming the village's 纪检委员 lands on the township board and not on the village officer's.
 */
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { clickAndWait, launchBrowser, loginViaForm, open, screenshot, textOf, textsOf, TestBrowser } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const TIPOFF_SUBJECT = '青石村纪检委员冯敏';

describe('oversight on the screens: the township over its villages', () => {
  let t: TestApp;
  let b: TestBrowser;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo+plugins' });
    for (const code of ['qingshi-village', 'shuikou-village', 'dongxi-township']) ids[code] = await t.institutionId(code);
    b = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  /** The unit ids of the board's rows, and the subjects shown. */
  const boardRows = (page: Awaited<ReturnType<TestBrowser['newPage']>>) =>
    page.$$eval('table[data-testid=board] tbody tr', (trs) => trs.map((tr) => ({ kind: tr.getAttribute('data-kind'), unit: Number(tr.querySelector('td.unit')?.getAttribute('data-unit-id')), text: (tr.textContent ?? '').replace(/\s+/g, ' ') })));

  it('township-jijian filters the board to 青石村, opens a village clue and turns it into a warning against the village', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'township-jijian', DEMO_PASSWORD);
    await open(page, `${t.url}/warning/board`);
    expect(await textsOf(page, 'select[name=unit] option')).toEqual(['全部单位', '示范县东溪镇', '示范县东溪镇青石村', '示范县东溪镇水口村']);
    const units = new Set((await boardRows(page)).map((r) => r.unit));
    expect(units).toEqual(new Set([ids['qingshi-village'], ids['shuikou-village']]));
    await page.select('select[name=unit]', String(ids['qingshi-village']));
    await clickAndWait(page, 'form[data-testid=board-filter] button[type=submit]');
    expect(new URL(page.url()).searchParams.get('unit')).toBe(String(ids['qingshi-village']));
    const rows = await boardRows(page);
    expect(rows.filter((r) => r.kind === 'clue').length).toBe(8);
    expect(rows.every((r) => r.unit === ids['qingshi-village'] && r.text.includes('示范县东溪镇青石村'))).toBe(true);
    await screenshot(page, 'oversight-1-township-board-qingshi');

    await clickAndWait(page, 'table[data-testid=board] tbody tr[data-kind=clue] td:nth-child(2) a');
    expect(page.url()).toMatch(/\/warning\/clues\/\d+$/);
    await page.select('select[name=subjectType]', 'institution');
    await page.select('select[name=levelCode]', 'green');
    await page.type('input[name=title]', '村级联席会议制度执行不到位');
    await page.type('textarea[name=reason]', '镇纪委研判：规则预警反映的问题属实，予以预警提醒。');
    await screenshot(page, 'oversight-2-village-clue-triage');
    await clickAndWait(page, 'form:has(input[name=action][value=warn]) button[type=submit]');
    expect(page.url()).toMatch(/\/warning\/warnings\/\d+$/);
    const body = (await textOf(page, 'main')) ?? (await textOf(page, 'body'));
    expect(body).toContain('村级联席会议制度执行不到位');
    expect(body).toContain('示范县东溪镇青石村');
    expect(body).toContain('绿牌');
    await screenshot(page, 'oversight-3-village-warning');

    // Back on the board, still filtered to the village, the new warning stands among its matters.
    await open(page, `${t.url}/warning/board?unit=${ids['qingshi-village']}`);
    expect((await boardRows(page)).some((r) => r.kind === 'warning' && r.text.includes('村级联席会议制度执行不到位'))).toBe(true);
  });

  it('a public tip-off naming the village’s 纪检委员 lands on the township board, not on his own', async () => {
    // One page throughout (tipster, then each officer signing in): with several pages open, a later page's fonts stayed 'loading'.
    const page = await b.newPage();
    await open(page, `${t.url}/tipoff`);
    await page.select('select[name=institutionCode]', 'qingshi-village');
    await page.type('input[name=subjectLabel]', TIPOFF_SUBJECT);
    await page.type('textarea[name=content]', '冯敏在村级工程款拨付中优亲厚友，群众反映强烈，请上级纪委核查。');
    await screenshot(page, 'oversight-4-tipoff-form');
    await clickAndWait(page, 'form[data-testid=tipoff-form] button[type=submit]');
    expect(await textOf(page, '[data-testid=receiving-name]')).toBe('示范县东溪镇');
    await screenshot(page, 'oversight-5-tipoff-receipt');

    await loginViaForm(page, t.url, 'township-jijian', DEMO_PASSWORD);
    await open(page, `${t.url}/warning/board?unit=${ids['qingshi-village']}`);
    const row = (await boardRows(page)).find((r) => r.text.includes(TIPOFF_SUBJECT));
    expect(row).toMatchObject({ kind: 'clue', unit: ids['qingshi-village'] });
    expect(row!.text).toContain('由示范县东溪镇受理');
    await screenshot(page, 'oversight-6-township-board-tipoff');
    await clickAndWait(page, 'form[action="/logout"] button');

    await loginViaForm(page, t.url, 'village-jijian', DEMO_PASSWORD);
    await open(page, `${t.url}/warning/board`);
    const own = await boardRows(page);
    expect(own.filter((r) => r.kind === 'clue').length).toBeGreaterThan(0);
    expect(own.some((r) => r.text.includes(TIPOFF_SUBJECT))).toBe(false);
    expect(await page.$('select[name=unit]')).toBeNull();
    await screenshot(page, 'oversight-7-village-board');
  });
});
