/**
 * Organisation on the screens (issue #23 item 2), on the shipped configuration: the admin picks 示范县纪委监委, adds a
 * department and a person, imports a people sheet (a bad one first: refused row by row, nothing saved), and exports
 * the filtered list; then the same screens on a 390 px phone.
 */
import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { clickAndWait, dialogsOf, launchBrowser, loginViaForm, open, screenshot, setValue, textOf, textsOf, TestBrowser } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };
const HEADER = ['部门', '岗位', '姓名', '职务', '任职时间', '手机', '邮箱'];

describe('organisation on the screens: departments, people, Excel import and export', () => {
  let t: TestApp;
  let b: TestBrowser;
  let county: number;
  let dir: string;

  async function sheetFile(name: string, rows: (string | null)[][]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(HEADER);
    for (const r of rows) ws.addRow(r);
    const file = path.join(dir, name);
    await wb.xlsx.writeFile(file);
    return file;
  }

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo+plugins' });
    county = await t.institutionId('demo-county');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-org-'));
    b = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the admin adds a department and a person at 示范县纪委监委, imports a sheet and exports the list', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'admin', DEMO_PASSWORD);
    await open(page, `${t.url}/`);
    await clickAndWait(page, 'nav a[href="/admin/org"], aside a[href="/admin/org"], a[href="/admin/org"]');
    const names = await textsOf(page, '[data-testid=org-institutions] a');
    expect(names.indexOf('示范县纪委监委')).toBeLessThan(names.indexOf('示范县人民医院'));
    await screenshot(page, 'org-1-institutions');
    await clickAndWait(page, `[data-testid=org-institutions] a[href="/admin/org/${county}"]`);
    expect(await textOf(page, '[data-testid=org-institution]')).toBe('示范县纪委监委');
    expect(await page.$$eval('[data-testid=department-list] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-name')))).toEqual(['党风政风监督室', '委领导']);

    // A department: the blank name is refused beside the field, then 案件审理室 is added.
    await clickAndWait(page, 'form[data-testid=department-add] button[type=submit]');
    expect(await textOf(page, 'form[data-testid=department-add] small.error')).toBe('部门名称：不能为空');
    await page.type('form[data-testid=department-add] input[name=name]', '案件审理室');
    await clickAndWait(page, 'form[data-testid=department-add] button[type=submit]');
    expect(await textOf(page, '[data-testid=org-done]')).toBe('已保存。');
    expect(await page.$$eval('[data-testid=department-list] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-name')))).toEqual(['党风政风监督室', '委领导', '案件审理室']);
    // 委领导 still has people: removal asks first, then is refused with the numbers.
    await clickAndWait(page, '[data-testid=department-list] tr[data-name="委领导"] [data-testid=department-remove]');
    expect(dialogsOf(page).at(-1)).toBe('删除后不可恢复，确定删除该部门？');
    expect(await textOf(page, '[data-testid=form-error]')).toBe('部门“委领导”仍有 2 名人员、2 个岗位，不能删除；请先把人员和岗位调到其他部门');
    await screenshot(page, 'org-2-departments-refused');

    // A person in the new department, with a phone shown masked afterwards.
    await clickAndWait(page, '.org-tabs a[href$="/people"]');
    await clickAndWait(page, '[data-testid=person-new]');
    await page.type('form[data-testid=person-form] input[name=name]', '许知远');
    const dept = await page.$eval('form[data-testid=person-form] select[name=departmentId]', (s) => Array.from((s as HTMLSelectElement).options).find((o) => o.text === '案件审理室')!.value);
    await page.select('form[data-testid=person-form] select[name=departmentId]', dept);
    await page.type('form[data-testid=person-form] input[name=title]', '审理员');
    await setValue(page, 'form[data-testid=person-form] input[name=postSince]', '2025-03-01');
    await page.type('form[data-testid=person-form] input[name=phone]', '13900001111');
    await screenshot(page, 'org-3-person-form');
    await clickAndWait(page, '[data-testid=person-submit]');
    expect(await textOf(page, '[data-testid=person-saved]')).toBe('已保存。');
    expect(await textOf(page, '[data-testid=person-phone]')).toBe('已登记：139****1111');

    // A sheet with two bad rows is refused row by row and saves no one; the corrected sheet is imported.
    await open(page, `${t.url}/admin/org/${county}/people`);
    const before = await textOf(page, '[data-testid=people-total]');
    expect(before).toBe('共 4 条');
    const upload = async (file: string) => {
      await (await page.$('form[data-testid=people-import] input[type=file]'))!.uploadFile(file);
      await clickAndWait(page, 'form[data-testid=people-import] button[type=submit]');
    };
    await upload(await sheetFile('bad.xlsx', [
      ['案件审理室', null, '沈青禾', '科员', '2024-09-01', '13700002222', null],
      ['信访室', null, '陶然', null, null, null, null],
      ['委领导', null, '蒋明川', null, '2024-13-01', null, null],
    ]));
    expect(await textsOf(page, '[data-testid=import-errors] li')).toEqual([
      '第3行“部门”：本单位没有部门“信访室”，请先在“部门”页添加或改正名称',
      '第4行“任职时间”：“2024-13-01”不是日期（如 2024-03-01）',
    ]);
    expect(await textOf(page, '[data-testid=people-total]')).toBe(before);
    await screenshot(page, 'org-4-import-refused');
    await upload(await sheetFile('good.xlsx', [
      ['案件审理室', null, '沈青禾', '科员', '2024-09-01', '13700002222', 'shenqinghe@example.cn'],
      ['委领导', null, '蒋明川', null, '2024-12-01', null, null],
    ]));
    expect(await textOf(page, '[data-testid=import-done]')).toBe('已导入 2 名人员。');
    expect(await textOf(page, '[data-testid=people-total]')).toBe('共 6 条');
    expect(dialogsOf(page).filter((d) => d === '确定导入该文件中的人员？')).toHaveLength(2);

    // Filtered to 案件审理室, the list and its export hold the same two people, phones masked.
    await page.select('form[data-testid=people-filter] select[name=departmentId]', dept);
    await clickAndWait(page, 'form[data-testid=people-filter] button[type=submit]');
    expect(await page.$$eval('[data-testid=people-list] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-name')))).toEqual(['许知远', '沈青禾']);
    expect(await textsOf(page, '[data-testid=person-phone]')).toEqual(['139****1111', '137****2222']);
    await screenshot(page, 'org-5-people-filtered');
    const href = await page.$eval('[data-testid=people-export]', (a) => (a as HTMLAnchorElement).href);
    const b64 = await page.evaluate(async (u) => {
      const bytes = new Uint8Array(await (await fetch(u)).arrayBuffer());
      let s = '';
      for (const x of bytes) s += String.fromCharCode(x);
      return btoa(s);
    }, href);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(b64, 'base64') as unknown as ArrayBuffer);
    const rows = (wb.worksheets[0].getSheetValues() as unknown[][]).filter(Boolean).map((r) => Array.from({ length: HEADER.length }, (_, i) => r[i + 1] ?? ''));
    expect(rows.slice(1)).toEqual([HEADER, ['案件审理室', '', '许知远', '审理员', '2025-03-01', '139****1111', ''], ['案件审理室', '', '沈青禾', '科员', '2024-09-01', '137****2222', 's***@example.cn']]);
  }, 180_000);

  it('on a 390 px phone the tabs, lists and forms fit the screen', async () => {
    const page = await b.newPage();
    await page.setViewport(PHONE);
    await loginViaForm(page, t.url, 'admin', DEMO_PASSWORD);
    const fits = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await open(page, `${t.url}/admin/org`);
    await fits();
    await screenshot(page, 'org-6-institutions-390');
    for (const [tab, name] of [['', 'departments'], ['/posts', 'posts'], ['/people', 'people']]) {
      await open(page, `${t.url}/admin/org/${county}${tab}`);
      await fits();
      await screenshot(page, `org-7-${name}-390`);
    }
    await open(page, `${t.url}/admin/org/${county}/people/new`);
    await fits();
    await screenshot(page, 'org-8-person-form-390');
  }, 120_000);
});
