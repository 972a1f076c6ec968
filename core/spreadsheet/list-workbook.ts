import { PassThrough, Writable } from 'node:stream';
import { loadExcel } from '../lazy-modules';
import { safeCell } from './safe-cell';

export type ListRow = (string | number | null)[];

/** A register exported as shown: a title row, the column heads, then one row per record (cells made formula-safe). */
export async function listWorkbook(title: string, header: string[], rows: Iterable<ListRow> | AsyncIterable<ListRow>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeListWorkbook(out, title, header, rows);
  return Buffer.concat(chunks);
}

/**
 * The same workbook streamed to `out` row by row as `rows` yields them (each row written and let go), so a long
 * list read page by page never sits whole in memory; `out` is ended when the workbook is complete.
 */
export async function writeListWorkbook(out: Writable, title: string, header: string[], rows: Iterable<ListRow> | AsyncIterable<ListRow>): Promise<void> {
  const wb = new (loadExcel().stream.xlsx.WorkbookWriter)({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '廉政风险预警防控平台';
  const ws = wb.addWorksheet(title.slice(0, 31).replace(/[\\/?*[\]:]/g, '') || 'Sheet1');
  ws.columns = header.map((h) => ({ width: Math.max(8, Math.min(40, h.length * 2 + 4)) }));
  const titleRow = ws.addRow([safeCell(title)]);
  titleRow.font = { bold: true, size: 14 };
  titleRow.commit();
  const headRow = ws.addRow(header.map(safeCell));
  headRow.font = { bold: true };
  headRow.commit();
  for await (const r of rows) ws.addRow(r.map((v) => safeCell(v ?? ''))).commit();
  ws.commit();
  await wb.commit();
}
