import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Clock } from '../../core/clock/clock';
import { clickAndWait, launchBrowser, loginViaForm, open, Page, screenshot, TestBrowser, textOf } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

/** Three projects as a HIS/ERP export writes them: its own column names, 元 amounts, Chinese dates, GBK-free UTF-8 with a BOM. */
const CSV = '\ufeff编号,项目名称,采购类别,采购金额（元）,申请科室,采购方式,定标日期,经办人备注\r\n'
  + 'IMPB-001,病房床单被套采购,医用耗材,"12,800.00",护理部,询价,2026年6月3日,按季度\r\n'
  + 'IMPB-002,门诊叫号系统维护,服务,9600,信息科,询价,2026/6/10,\r\n'
  + 'IMPB-003,"消毒液（含""84""）",医用耗材,3200.5,院感科,询价,2026-06-12,急用\r\n';

/** A table's body rows, each as its cells' texts joined by |. */
const rowsOf = (page: Page, table: string) => page.$$eval(`[data-testid=${table}] tbody tr`, (trs) => trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells).map((c) => (c.textContent ?? '').trim()).join('|')));

describe('bulk import through the register screens', () => {
  let t: TestApp;
  let b: TestBrowser;
  let file: string;

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    await t.createUser('imp-buyer', [{ institution: 'alpha-hospital', role: 'staff' }]);
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'imp-')), '采购台账.csv');
    fs.writeFileSync(file, CSV);
    b = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('the buyer uploads a CSV from the register, fixes one column mapping, previews and imports; the register lists the projects', async () => {
    const page = await b.newPage();
    await page.setViewport({ width: 390, height: 844 });
    await loginViaForm(page, t.url, 'imp-buyer');
    await open(page, `${t.url}/p/hospital-procurement/register`);
    await clickAndWait(page, '[data-testid=bulk-import]');
    expect(await textOf(page, 'h1')).toBe('批量导入 · 采购项目');
    expect(await textOf(page, '[data-testid=not-importable]')).toContain('采购明细');
    const input = await page.$('form input[type=file]');
    await input!.uploadFile(file);
    await clickAndWait(page, '[data-testid=import-upload]');
    await screenshot(page, 'record-import-1-preview-unmapped');

    // 编号 names no field: every row lacks its project number until the column is mapped.
    expect(await textOf(page, '[data-testid=import-summary]')).toBe('共 3 行数据，3 处错误');
    expect(await page.$('[data-testid=import-confirm]')).toBeNull();
    expect(await rowsOf(page, 'import-errors')).toEqual(['2|项目编号|项目编号：不能为空', '3|项目编号|项目编号：不能为空', '4|项目编号|项目编号：不能为空']);
    await page.select('select[name=map_0]', 'projectNo');
    await clickAndWait(page, '[data-testid=import-remap]');
    expect(await textOf(page, '[data-testid=import-summary]')).toBe('共 3 行数据，0 处错误');
    expect(await rowsOf(page, 'import-preview')).toEqual([
      '2|IMPB-001|病房床单被套采购|医用耗材|12,800.00|护理部|询价|2026-06-03',
      '3|IMPB-002|门诊叫号系统维护|服务|9,600.00|信息科|询价|2026-06-10',
      '4|IMPB-003|消毒液（含"84"）|医用耗材|3,200.50|院感科|询价|2026-06-12',
    ]);
    // The table scrolls inside its box: the page itself is no wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'record-import-2-preview-mapped');

    expect(await textOf(page, '[data-testid=import-confirm]')).toBe('确认导入 3 行');
    await clickAndWait(page, '[data-testid=import-confirm]');
    expect(await textOf(page, '[data-testid=import-done]')).toContain('已导入 3 条采购项目。');
    await screenshot(page, 'record-import-3-done');
    await clickAndWait(page, '[data-testid=import-back]');
    const listed = await textOf(page, '[data-testid=record-list]');
    for (const no of ['IMPB-001', 'IMPB-002', 'IMPB-003']) expect(listed).toContain(no);
    await screenshot(page, 'record-import-4-register');
  }, 120_000);
});
