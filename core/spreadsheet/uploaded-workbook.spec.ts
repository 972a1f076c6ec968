import ExcelJS from 'exceljs';
import { deflatedPart, form1Parts, xlsxBomb, xlsxEdited, zipOf } from '../../test/support/zip-bomb';
import { AppError } from '../http/app-error';
import { readUploadedWorkbook, WORKBOOK_LIMITS } from './uploaded-workbook';

async function refusal(buffer: Buffer): Promise<{ status: number; zh: string; en: string; ms: number }> {
  const started = Date.now();
  try {
    await readUploadedWorkbook(buffer);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const reason = err.params.reason as { zh: string; en: string };
    return { status: err.getStatus(), ...reason, ms: Date.now() - started };
  }
  throw new Error('the workbook was accepted');
}

const firstSheetValues = (wb: ExcelJS.Workbook) => (wb.worksheets[0].getRow(2).values as unknown[]).slice(1);

describe('readUploadedWorkbook', () => {
  it('reads an ordinary workbook, also one with merges, validations, links, widths, a table and a print area', async () => {
    expect(firstSheetValues((await readUploadedWorkbook(zipOf(await form1Parts())))!)).toEqual(['林清', '', '', '廉洁', '收受回扣', '', '2', '2']);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('附表1');
    ws.columns = [{ width: 12 }, { width: 30 }];
    ws.addRow(['标题']);
    ws.mergeCells('A1:B1');
    ws.addRow(['风险点', '风险类别']);
    ws.addRow(['收受回扣', '廉洁']);
    ws.getCell('A3').dataValidation = { type: 'list', formulae: ['"a,b"'] };
    ws.getCell('B3').value = { text: '廉洁', hyperlink: 'https://example.org' };
    ws.addConditionalFormatting({ ref: 'A2:A3', rules: [{ type: 'expression', formulae: ['TRUE'], priority: 1 }] });
    ws.addTable({ name: 'T1', ref: 'D1', columns: [{ name: 'x' }], rows: [[1]] });
    ws.pageSetup.printArea = 'A1:B3';
    ws.autoFilter = 'A2:B3';
    const read = await readUploadedWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    expect((read!.worksheets[0].getRow(3).values as unknown[]).slice(1, 3)).toEqual(['收受回扣', '廉洁']);
  });

  it('reads the largest import: 2,000 rows of 12 long cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('附表1');
    ws.addRow(['姓名', '科室', '岗位', '风险类别', '风险点', '表现形式', '发生概率', '危害程度', '风险等级', '前期预防', '中期监控', '后期处置']);
    for (let i = 0; i < 2000; i++) ws.addRow(Array.from({ length: 12 }, (_, c) => `第${i}行第${c}列：药品采购中与供应商私下接触、收受回扣等风险的表现与防控措施`));
    const read = await readUploadedWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(read!.worksheets[0].rowCount).toBe(2001);
  });

  it('refuses a 2.5 MB workbook that inflates to 800 MB with 413, fast and without holding it in memory', async () => {
    const bomb = await xlsxBomb(800);
    expect(bomb.length).toBeLessThan(3e6);
    const before = process.memoryUsage().rss;
    let peak = before;
    const probe = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const r = await refusal(bomb);
    clearInterval(probe);
    expect(r).toMatchObject({ status: 413, zh: expect.stringContaining('解压后超过 32 MB'), en: expect.stringContaining('expands to more than 32 MB') });
    expect(r.ms).toBeLessThan(2000);
    expect(Math.max(peak, process.memoryUsage().rss) - before).toBeLessThan(120e6);
  });

  it('does not trust the sizes the directory declares', async () => {
    const r = await refusal(await xlsxBomb(100, 10_000));
    expect(r.status).toBe(413);
    expect(r.en).toContain('expands to more than');
    // Stopped at the 32 MB cap: 0.3 s idle, 2.04 s seen under a full test:full load; inflating the 10 GB it holds takes minutes.
    expect(r.ms).toBeLessThan(8000);
  });

  it('refuses a file with more parts than a workbook has', async () => {
    const extra = Array.from({ length: WORKBOOK_LIMITS.entries }, (_, i) => deflatedPart(`xl/extra/${i}.bin`, 'x'));
    expect(await refusal(zipOf([...(await form1Parts()), ...extra]))).toMatchObject({ status: 413, zh: expect.stringContaining('部件'), en: expect.stringContaining('parts') });
  });

  it('refuses more rows or cells than the caps, before exceljs builds them', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `<row r="${i + 3}"><c r="A${i + 3}"><v>1</v></c></row>`).join('');
    const r = await refusal(await xlsxEdited({ sheet: (x) => x.replace('</sheetData>', `${rows}</sheetData>`) }));
    expect(r).toMatchObject({ status: 413, en: expect.stringContaining('too many rows or cells') });
  });

  it('refuses defined names spanning millions of cells (exceljs visits each)', async () => {
    const names = '<definedNames><definedName name="x">附表1!$A$1:$Z$100000</definedName></definedNames>';
    expect(await refusal(await xlsxEdited({ workbook: (x) => x.replace('</sheets>', `</sheets>${names}`) }))).toMatchObject({ status: 413, en: expect.stringContaining('defined names') });
  });

  it('reads, without expanding them, a merge, a validation and a column span over millions of cells', async () => {
    const sheet = (x: string) =>
      x
        .replace(/<cols>.*?<\/cols>/, '')
        .replace('<sheetData>', '<cols><col min="1" max="50000000" width="9"/></cols><sheetData>')
        .replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A3:Z100000"/></mergeCells>')
        .replace('<pageMargins', '<dataValidations count="1"><dataValidation type="list" sqref="C3:C1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations><pageMargins');
    const file = await xlsxEdited({ sheet });
    expect(file.length).toBeLessThan(10_000);
    const started = Date.now();
    const wb = await readUploadedWorkbook(file);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(firstSheetValues(wb!).slice(0, 1)).toEqual(['林清']);
  });

  it('answers null for what is not a workbook', async () => {
    expect(await readUploadedWorkbook(Buffer.from('hello'))).toBeNull();
    const parts = await form1Parts();
    const broken = zipOf(parts.map((p) => (p.name === 'xl/workbook.xml' ? { ...p, deflated: Buffer.from('not deflate at all') } : p)));
    expect(await readUploadedWorkbook(broken)).toBeNull();
  });
});
