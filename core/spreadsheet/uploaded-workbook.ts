import { HttpStatus } from '@nestjs/common';
import type ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { AppError } from '../http/app-error';
import { loadExcel } from '../lazy-modules';

/** Caps on an uploaded .xlsx, well above the largest import (2,000 rows of a 附表, 12 columns: 24,000 cells). */
export const WORKBOOK_LIMITS = {
  entries: 500,
  uncompressedBytes: 32 * 1024 * 1024,
  rows: 20_000,
  cells: 150_000,
  namedCells: 200_000,
};

// Sheet parts exceljs expands cell by cell (a 6 KB merge or column span costs seconds and gigabytes); imports read values only.
const IGNORED_SHEET_NODES = ['cols', 'mergeCells', 'dataValidations', 'conditionalFormatting', 'hyperlinks', 'tableParts', 'drawing', 'picture', 'autoFilter', 'rowBreaks', 'extLst'];

type Reason = { zh: string; en: string };

function tooLarge(reason: Reason): AppError {
  return new AppError(HttpStatus.PAYLOAD_TOO_LARGE, 'error.payload_too_large', { reason });
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
const count = (n: number) => n.toLocaleString('en-US');
const inflateRaw = promisify(zlib.inflateRaw);

/**
 * Opens an uploaded workbook only once its real content fits the caps: every part is inflated and counted (sizes the
 * file declares are not trusted) before exceljs, which inflates everything into memory, sees it. Over a cap: 413 with
 * the reason; not a workbook: null.
 */
export async function readUploadedWorkbook(buffer: Buffer, caps: Partial<Pick<typeof WORKBOOK_LIMITS, 'rows' | 'cells'>> = {}): Promise<ExcelJS.Workbook | null> {
  let zip: JSZip;
  try {
    // The same parser exceljs uses, so the parts counted here are the parts it reads; this reads only the directory.
    zip = await JSZip.loadAsync(buffer);
  } catch {
    return null;
  }
  if (!(await checkParts(zip, { rows: caps.rows ?? WORKBOOK_LIMITS.rows, cells: caps.cells ?? WORKBOOK_LIMITS.cells }))) return null;
  const wb = new (loadExcel().Workbook)();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer, { ignoreNodes: IGNORED_SHEET_NODES });
  } catch {
    return null;
  }
  return wb;
}

/** What JSZip (3.x) keeps of a part it has not inflated yet; read here so the size cap is enforced by zlib, natively. */
interface StoredPart {
  compressedContent: Uint8Array;
  compression: { magic: string };
  uncompressedSize: number;
}
const STORED = '\x00\x00';

const tooManyParts = (n: number) => tooLarge({ zh: `文件内含 ${count(n)} 个部件，超过 Excel 工作簿的上限 ${WORKBOOK_LIMITS.entries} 个，未导入`, en: `The file holds ${count(n)} parts, over the limit of ${WORKBOOK_LIMITS.entries} for a workbook; nothing was imported` });
const tooBig = () => tooLarge({ zh: `Excel 文件解压后超过 ${mb(WORKBOOK_LIMITS.uncompressedBytes)}，未导入；请拆分后分批导入`, en: `The workbook expands to more than ${mb(WORKBOOK_LIMITS.uncompressedBytes)}; nothing was imported. Split it and import the parts separately` });
const tooManyCells = (cap: { rows: number; cells: number }) => tooLarge({ zh: `工作簿的行或单元格过多（上限 ${count(cap.rows)} 行、${count(cap.cells)} 个单元格），请只保留要导入的表格`, en: `The workbook has too many rows or cells (limits ${count(cap.rows)} rows, ${count(cap.cells)} cells); keep only the table to import` });
const tooManyNamedCells = () => tooLarge({ zh: `工作簿的“名称”覆盖超过 ${count(WORKBOOK_LIMITS.namedCells)} 个单元格，请删除后再导入`, en: `The workbook's defined names cover more than ${count(WORKBOOK_LIMITS.namedCells)} cells; remove them and import again` });

/** `cap`: the row and cell limits of this use (a bulk record import allows more rows; the uncompressed-size cap stays). */
async function checkParts(zip: JSZip, cap: { rows: number; cells: number }): Promise<boolean> {
  const entries = Object.values(zip.files).filter((e) => !e.dir);
  if (entries.length > WORKBOOK_LIMITS.entries) throw tooManyParts(entries.length);
  const parts = entries.map((e) => ({ name: e.name.replace(/^\//, ''), data: (e as unknown as { _data: StoredPart })._data }));
  // The declared sizes answer an honest bomb at once; the inflation below catches one that lies about them.
  if (parts.reduce((n, p) => n + p.data.uncompressedSize, 0) > WORKBOOK_LIMITS.uncompressedBytes) throw tooBig();
  let budget = WORKBOOK_LIMITS.uncompressedBytes;
  let rows = 0;
  let cells = 0;
  for (const { name, data } of parts) {
    const content = await inflateWithin(data, budget);
    if (!content) return false;
    budget -= content.length;
    if (!/\.(xml|rels)$/i.test(name)) continue;
    // Tags are ASCII, so latin1 finds them in UTF-8 text without decoding it.
    const text = content.toString('latin1');
    rows += (text.match(/<row[\s>/]/g) ?? []).length;
    cells += (text.match(/<c[\s>/]/g) ?? []).length;
    if (rows > cap.rows || cells > cap.cells) throw tooManyCells(cap);
    if (name === 'xl/workbook.xml' && namedCells(text) > WORKBOOK_LIMITS.namedCells) throw tooManyNamedCells();
  }
  return true;
}

/** The part's bytes, zlib stopping as soon as they pass what is left of the cap; null if they are not valid deflate. */
async function inflateWithin(part: StoredPart, budget: number): Promise<Buffer | null> {
  const raw = Buffer.from(part.compressedContent.buffer, part.compressedContent.byteOffset, part.compressedContent.byteLength);
  if (part.compression.magic === STORED) {
    if (raw.length > budget) throw tooBig();
    return raw;
  }
  try {
    return await inflateRaw(raw, { maxOutputLength: Math.max(1, budget) });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig();
    return null;
  }
}

/** How many cells the defined names (print areas, named ranges) span, counted generously: exceljs visits each one. */
function namedCells(workbookXml: string): number {
  let total = 0;
  for (const [, body] of workbookXml.matchAll(/<definedName\b[^>]*>([^<]*)<\/definedName>/g)) {
    for (const m of body.matchAll(/\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?/g)) {
      const [c1, r1, c2 = c1, r2 = r1] = [column(m[1]), Number(m[2]), m[3] ? column(m[3]) : undefined, m[4] ? Number(m[4]) : undefined];
      total += (Math.abs(c2 - c1) + 1) * (Math.abs(r2 - r1) + 1);
    }
  }
  return total;
}

function column(letters: string): number {
  return [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}
