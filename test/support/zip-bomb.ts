import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as zlib from 'node:zlib';

/** One part of a hand-built ZIP: its deflated bytes and the uncompressed size the directory claims. */
export interface ZipPart {
  name: string;
  deflated: Buffer;
  declaredSize: number;
}

export function deflatedPart(name: string, content: string | Buffer): ZipPart {
  const raw = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return { name, deflated: zlib.deflateRawSync(raw), declaredSize: raw.length };
}

/**
 * A deflate stream of prefix + `mib` MiB of a repeated unit + suffix, built in milliseconds: the compressed form of one
 * 1 MiB chunk (after a first one, so the window is the same) is repeated, about 1 KB per MiB.
 */
export async function deflatedRepeat(prefix: string, unit: string, mib: number, suffix: string): Promise<{ deflated: Buffer; size: number }> {
  const chunk = Buffer.from(unit.repeat(Math.floor((1 << 20) / unit.length)));
  const z = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (b: Buffer) => out.push(b));
  const flushed = async (data: Buffer | string): Promise<Buffer> => {
    z.write(data);
    await new Promise<void>((resolve) => z.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    return Buffer.concat(out.splice(0));
  };
  const head = Buffer.concat([await flushed(prefix), await flushed(chunk)]);
  const repeated = await flushed(chunk);
  const end = await new Promise<Buffer>((resolve) => {
    z.on('end', () => resolve(Buffer.concat(out.splice(0))));
    z.end(suffix);
  });
  const copies = Math.max(0, mib - 1);
  return { deflated: Buffer.concat([head, ...Array<Buffer>(copies).fill(repeated), end]), size: prefix.length + chunk.length * (copies + 1) + suffix.length };
}

/** A ZIP written by hand, so the directory can claim sizes the data does not have (CRCs are zero: JSZip does not check them). */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(p.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.deflated.length, 20);
    central.writeUInt32LE(p.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + p.deflated.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** The parts of an ordinary 附表1 workbook with one data row, as exceljs writes it. */
export async function form1Parts(): Promise<ZipPart[]> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('附表1');
  ws.addRow(['姓名', '科室', '岗位', '风险类别', '风险点', '表现形式', '发生概率', '危害程度']);
  ws.addRow(['林清', '', '', '廉洁', '收受回扣', '', '2', '2']);
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  const files = Object.values(zip.files).filter((f) => !f.dir);
  return Promise.all(files.map(async (f) => deflatedPart(f.name, await f.async('nodebuffer'))));
}

const SHEET = 'xl/worksheets/sheet1.xml';

/** A workbook whose sheet inflates to `mib` MiB of rows; `declaredSize` lets the directory lie about it. */
export async function xlsxBomb(mib: number, declaredSize?: number): Promise<Buffer> {
  const parts = await form1Parts();
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  const bomb = await deflatedRepeat(head, '<row><c t="inlineStr"><is><t>x</t></is></c></row>', mib, '</sheetData></worksheet>');
  return zipOf(parts.map((p) => (p.name === SHEET ? { name: SHEET, deflated: bomb.deflated, declaredSize: declaredSize ?? bomb.size } : p)));
}

/** The ordinary workbook with its sheet or workbook XML edited: tiny files that make exceljs build huge structures. */
export async function xlsxEdited(edit: { sheet?: (xml: string) => string; workbook?: (xml: string) => string; extraParts?: ZipPart[] }): Promise<Buffer> {
  const parts = await form1Parts();
  const edited = parts.map((p) => {
    const fn = p.name === SHEET ? edit.sheet : p.name === 'xl/workbook.xml' ? edit.workbook : undefined;
    return fn ? deflatedPart(p.name, fn(zlib.inflateRawSync(p.deflated).toString('utf8'))) : p;
  });
  return zipOf([...edited, ...(edit.extraParts ?? [])]);
}
