import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { ListRow, listWorkbook, writeListWorkbook } from './list-workbook';

async function read(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as never);
  return wb.worksheets[0];
}

describe('listWorkbook', () => {
  it('writes the title, the bold heads and each row, formula-like text kept as text', async () => {
    const ws = await read(await listWorkbook('示范县人民医院采购项目', ['编号', '名称', '金额（元）'], [['CG-1', '=1+2', 12.5], ['CG-2', null, 0]]));
    expect(ws.name).toBe('示范县人民医院采购项目');
    expect(ws.getRow(1).getCell(1).text).toBe('示范县人民医院采购项目');
    expect(ws.getRow(2).font?.bold).toBe(true);
    expect([3, 4].map((n) => [1, 2, 3].map((c) => ws.getRow(n).getCell(c).value ?? ''))).toEqual([['CG-1', "'=1+2", 12.5], ['CG-2', '', 0]]);
    expect(ws.getRow(3).getCell(2).type).not.toBe(ExcelJS.ValueType.Formula);
  });

  it('streams rows from an async source to a writable, ending it when complete', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => out.on('end', resolve));
    async function* rows(): AsyncGenerator<ListRow> {
      for (let i = 1; i <= 1000; i++) yield [i, `第${i}行`];
    }
    await writeListWorkbook(out, 'T', ['#', '内容'], rows());
    await ended;
    const ws = await read(Buffer.concat(chunks));
    expect(ws.rowCount).toBe(1002);
    expect((ws.getRow(1002).values as unknown[]).slice(1)).toEqual([1000, '第1000行']);
  });
});
