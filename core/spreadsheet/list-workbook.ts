import { loadExcel } from '../lazy-modules';
import { safeCell } from './safe-cell';

/** A register exported as shown: a title row, the column heads, then one row per record (cells made formula-safe). */
export async function listWorkbook(title: string, header: string[], rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new (loadExcel().Workbook)();
  wb.creator = '廉政风险预警防控平台';
  const ws = wb.addWorksheet(title.slice(0, 31).replace(/[\\/?*[\]:]/g, '') || 'Sheet1');
  ws.addRow([safeCell(title)]);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.addRow(header.map(safeCell));
  ws.getRow(2).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v) => safeCell(v ?? '')));
  header.forEach((h, i) => (ws.getColumn(i + 1).width = Math.max(8, Math.min(40, h.length * 2 + 4))));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
