/**
 * The demo procurement register as an officer works in it (issue #19 item 4): page 2, a true total, a project found by
 * its 项目编号, a sorted column, filters kept while paging, the filtered list exported to Excel, a duplicate number refused.
 */
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { clickAndWait, launchBrowser, loginViaForm, open, screenshot, setValue, TestBrowser, textOf, textsOf } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const REGISTER = '/p/hospital-procurement/register';

describe('the procurement register in the browser', () => {
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    b = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const totalOf = async (page: Awaited<ReturnType<TestBrowser['newPage']>>) => Number(/\d+/.exec((await textOf(page, '[data-testid=list-total]')) ?? '')?.[0]);
  const ids = (page: Awaited<ReturnType<TestBrowser['newPage']>>) => page.$$eval('[data-testid=record-list] tbody tr', (rows) => rows.map((r) => Number(r.getAttribute('data-record-id'))));
  const column = (page: Awaited<ReturnType<TestBrowser['newPage']>>, n: number) => page.$$eval(`[data-testid=record-list] tbody tr td:nth-child(${n})`, (cells) => cells.map((c) => c.textContent ?? ''));

  it('pages, finds by 项目编号, sorts, keeps filters while paging, and exports exactly the filtered rows', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'hosp-jijian', DEMO_PASSWORD);
    await open(page, `${t.url}${REGISTER}`);
    const total = await totalOf(page);
    expect(total).toBeGreaterThan(500);
    expect(await textOf(page, '[data-testid=page-of]')).toBe(`第 1 / ${Math.ceil(total / 50)} 页`);
    const first = await ids(page);
    expect(first).toHaveLength(50);
    await screenshot(page, 'registers-1-page1');

    await clickAndWait(page, '[data-testid=page-next]');
    expect(page.url()).toContain('page=2');
    expect(await textOf(page, '[data-testid=page-of]')).toBe(`第 2 / ${Math.ceil(total / 50)} 页`);
    const second = await ids(page);
    expect(second).toHaveLength(50);
    expect(second.some((id) => first.includes(id))).toBe(false);
    expect(await totalOf(page)).toBe(total);
    await screenshot(page, 'registers-2-page2');

    // A project number from page 2 finds exactly its project.
    const projectNo = (await column(page, 2))[3];
    await setValue(page, 'input[name=q]', projectNo);
    await clickAndWait(page, '.toolbar button[type=submit]');
    expect(await column(page, 2)).toEqual([projectNo]);
    expect(await totalOf(page)).toBe(1);
    await screenshot(page, 'registers-3-search-project-no');

    // Sort by amount (column 5: 采购金额), ascending then descending.
    await open(page, `${t.url}${REGISTER}`);
    await clickAndWait(page, 'th:nth-child(5) a[data-testid=sort]');
    const yuan = async () => (await column(page, 5)).map((s) => Number(s.replace(/[^\d.]/g, '')));
    const asc = await yuan();
    expect(asc).toEqual([...asc].sort((a, c) => a - c));
    await clickAndWait(page, 'th:nth-child(5) a[data-testid=sort]');
    const desc = await yuan();
    expect(desc).toEqual([...desc].sort((a, c) => c - a));
    expect(desc[0]).toBeGreaterThan(asc[0]);
    await screenshot(page, 'registers-4-sorted-desc');

    // Filter by category 药品, go to page 2: the filter stays, the total is the filtered one.
    await open(page, `${t.url}${REGISTER}`);
    await page.select('select[name=filter]', 'category=drugs');
    await clickAndWait(page, '.toolbar button[type=submit]');
    const drugs = await totalOf(page);
    expect(drugs).toBeGreaterThan(50);
    expect(drugs).toBeLessThan(total);
    await clickAndWait(page, '[data-testid=page-next]');
    expect(page.url()).toMatch(/filter=category%3Ddrugs.*page=2|page=2.*filter=category%3Ddrugs/);
    expect(await totalOf(page)).toBe(drugs);
    expect(new Set(await column(page, 4))).toEqual(new Set(['药品']));
    expect(await page.$eval('select[name=filter]', (s) => (s as HTMLSelectElement).value)).toBe('category=drugs');
    await screenshot(page, 'registers-5-filter-page2');

    // The export link carries the filter: the workbook holds exactly the filtered rows.
    const href = await page.$eval('[data-testid=export-xlsx]', (a) => (a as HTMLAnchorElement).href);
    expect(href).toContain('filter=category%3Ddrugs');
    const b64 = await page.evaluate(async (u) => {
      const bytes = new Uint8Array(await (await fetch(u)).arrayBuffer());
      let s = '';
      for (const x of bytes) s += String.fromCharCode(x);
      return btoa(s);
    }, href);
    const Excel: typeof ExcelJS = require('exceljs');
    const wb = new Excel.Workbook();
    await wb.xlsx.load(Buffer.from(b64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows = ws.getSheetValues().slice(3).filter(Boolean) as unknown[][];
    expect(rows).toHaveLength(drugs);
    expect(new Set(rows.map((r) => r[4]))).toEqual(new Set(['药品']));
  }, 120_000);

  it('refuses a duplicate 项目编号 on the form, naming the project that holds it', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'hosp-buyer', DEMO_PASSWORD);
    await open(page, `${t.url}${REGISTER}?sort=projectNo&dir=asc`);
    const [projectNo] = await column(page, 2);
    const [id] = await ids(page);
    await open(page, `${t.url}/p/hospital-procurement/new-project`);
    await page.type('input[name=projectNo]', projectNo);
    await page.type('input[name=name]', '重复编号浏览器测试');
    await page.select('select[name=category]', 'devices');
    await setValue(page, 'input[name=totalFen]', '1000');
    await page.type('input[name=department]', '设备科');
    await page.select('select[name=method]', 'inquiry');
    await setValue(page, 'input[name=awardedOn]', '2026-11-01');
    await clickAndWait(page, 'form.record-form button[type=submit]');
    const errors = (await textsOf(page, '[data-testid=form-errors] li')).join(' ');
    expect(errors).toContain(`项目编号：${projectNo} 已被记录 #${id}`);
    await screenshot(page, 'registers-6-duplicate-refused');
  }, 60_000);
});
