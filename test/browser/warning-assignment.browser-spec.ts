/**
 * 交办督办 on the screens only (issue #22 item 3), shipped demo: a public tip-off about the county hospital is
 * addressed to the county; county-jijian assigns it to the hospital from the clue's page; the hospital's officer finds
 * it in the to-do list and reports back; the county accepts and the assignment reads 已办结. Also at 390 px.
 */
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { clickAndWait, dialogsOf, launchBrowser, loginViaForm, open, screenshot, setValue, textOf, textsOf, TestBrowser } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const SUBJECT = '药剂科采购员陈思远';

describe('交办督办 on the screens: the county assigns, the hospital reports, the county accepts', () => {
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo+plugins' });
    b = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('assign → report → accept, each with a confirmation, on a desktop and a phone', async () => {
    const page = await b.newPage();
    await open(page, `${t.url}/tipoff`);
    await page.select('select[name=institutionCode]', 'county-hospital');
    await page.select('select[name=receivingCode]', 'demo-county');
    await page.type('input[name=subjectLabel]', SUBJECT);
    await page.type('textarea[name=content]', '陈思远在药品采购中收受供应商回扣，请县纪委核查。');
    await clickAndWait(page, 'form[data-testid=tipoff-form] button[type=submit]');
    expect(await textOf(page, '[data-testid=receiving-name]')).toBe('示范县纪委监委');

    // The county finds the clue on its board and assigns it from the clue's page.
    await loginViaForm(page, t.url, 'county-jijian', DEMO_PASSWORD);
    await open(page, `${t.url}/warning/board?kind=clue`);
    const href = await page.$$eval('table[data-testid=board] tbody tr', (trs, s) => trs.find((tr) => (tr.textContent ?? '').includes(s as string))?.querySelector('a')?.getAttribute('href'), SUBJECT);
    expect(href).toMatch(/^\/warning\/clues\/\d+$/);
    await open(page, `${t.url}${href}`);
    expect(await textsOf(page, 'form[data-testid=assign-form] select[name=unitId] option')).toEqual(['示范县人民医院']);
    await setValue(page, 'form[data-testid=assign-form] input[name=deadline]', '2026-07-10');
    await page.type('form[data-testid=assign-form] textarea[name=instructions]', '请核实采购回扣问题，7月10日前报告办理结果。');
    await screenshot(page, 'assignment-1-clue-assign-form');
    await page.setViewport({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'assignment-1b-clue-assign-form-390');
    await page.setViewport({ width: 1366, height: 900 });
    await clickAndWait(page, 'form[data-testid=assign-form] button[type=submit]');
    expect(dialogsOf(page).at(-1)).toContain('确定将该预警信息交办给所选单位办理吗');
    expect(page.url()).toMatch(/\/warning\/assignments\/\d+$/);
    const detailUrl = page.url();
    expect(await textOf(page, '[data-testid=assignment-status]')).toBe('已交办，待报告');
    expect(await textOf(page, '[data-testid=assignment-deadline]')).toBe('2026-07-10 · 剩 7 个工作日');
    await screenshot(page, 'assignment-2-detail-assigned');
    await open(page, `${t.url}/warning/assignments`);
    expect(await textsOf(page, 'table[data-testid=assignments] tbody tr td:nth-child(4)')).toEqual(['已交办，待报告']);
    await screenshot(page, 'assignment-3-county-list');

    // The hospital's officer finds it in the to-do list and reports back.
    await clickAndWait(page, 'form[action="/logout"] button');
    await loginViaForm(page, t.url, 'hosp-jijian', DEMO_PASSWORD);
    await open(page, `${t.url}/`);
    const todo = await textOf(page, '[data-testid=todo]');
    expect(todo).toContain('上级交办的预警信息');
    expect(todo).toContain(SUBJECT);
    await clickAndWait(page, `[data-testid=todo] a[href="${new URL(detailUrl).pathname}"]`);
    expect(await textOf(page, 'main')).toContain('请核实采购回扣问题');
    expect(await page.$('form[data-testid=accept-form]')).toBeNull();
    await page.type('form[data-testid=report-form] textarea[name=outcome]', '经核实，反映问题部分属实，已对陈思远予以蓝色预警并督促整改。');
    await clickAndWait(page, 'form[data-testid=report-form] button[type=submit]');
    expect(dialogsOf(page).at(-1)).toContain('确定报告办理结果吗');
    expect(await textOf(page, '[data-testid=assignment-status]')).toBe('已报告，待审核');
    await screenshot(page, 'assignment-4-hospital-reported');

    // The county accepts; the assignment is closed with the outcome and the timeline names each step.
    await clickAndWait(page, 'form[action="/logout"] button');
    await loginViaForm(page, t.url, 'county-jijian', DEMO_PASSWORD);
    await open(page, detailUrl);
    await page.type('form[data-testid=accept-form] textarea[name=note]', '同意办结。');
    await clickAndWait(page, 'form[data-testid=accept-form] button[type=submit]');
    expect(dialogsOf(page).at(-1)).toContain('确定审核通过并办结该交办件吗');
    expect(await textOf(page, '[data-testid=assignment-status]')).toBe('已办结');
    expect(await textOf(page, '[data-testid=assignment-outcome]')).toBe('经核实，反映问题部分属实，已对陈思远予以蓝色预警并督促整改。');
    expect(await textsOf(page, '[data-testid=assignment-timeline] > li > strong')).toEqual(['交办', '报告办理结果', '审核通过，办结']);
    expect(await page.$('form[data-testid=takeover-form]')).toBeNull();
    await screenshot(page, 'assignment-5-county-closed');

    // A phone: the list rows become cards, the detail page stays readable.
    await page.setViewport({ width: 390, height: 844 });
    await open(page, `${t.url}/warning/assignments`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'assignment-6-list-390');
    await open(page, detailUrl);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'assignment-7-detail-390');
    // English on the same phone: labels and the status in words.
    await open(page, `${detailUrl}?lang=en`);
    expect(await textOf(page, '[data-testid=assignment-status]')).toBe('Closed');
    await screenshot(page, 'assignment-8-detail-390-en');
  });
});
