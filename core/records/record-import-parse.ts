import { HttpStatus } from '@nestjs/common';
import { isUtf8 } from 'node:buffer';
import { AppError } from '../http/app-error';
import type { FieldProblem } from '../http/app-error';
import { registerMessages } from '../i18n/i18n';
import { fenFromYuan } from '../plugin-api';
import type { FieldDef, LocalizedText } from '../plugin-api';
import { isIsoDate } from '../plugin-host/field-validation';
import { readUploadedWorkbook } from '../spreadsheet/uploaded-workbook';

registerMessages({
  'import.integer': { zh: '{field}：“{value}”不是整数', en: '{field}: "{value}" is not a whole number' },
  'import.number': { zh: '{field}：“{value}”不是数字', en: '{field}: "{value}" is not a number' },
  'import.money': { zh: '{field}：“{value}”不是金额（元，最多两位小数）', en: '{field}: "{value}" is not an amount (yuan, at most two decimals)' },
  'import.date': { zh: '{field}：“{value}”不是日期（如 2026-03-05、2026/3/5、2026年3月5日）', en: '{field}: "{value}" is not a date (e.g. 2026-03-05, 2026/3/5)' },
  'import.boolean': { zh: '{field}：“{value}”应为 是/否', en: '{field}: "{value}" must be yes/no (是/否)' },
  'import.enum': { zh: '{field}：“{value}”不是可选值（{values}）', en: '{field}: "{value}" is not one of {values}' },
  'import.reference': { zh: '{field}：找不到“{value}”', en: '{field}: no record "{value}" was found' },
  'import.reference_ambiguous': { zh: '{field}：“{value}”对应多条记录，请改用编号', en: '{field}: "{value}" matches several records; use its number' },
  'import.duplicate_in_file': { zh: '{field}：{value} 与第 {row} 行重复', en: '{field}: {value} repeats row {row}' },
});

/** Caps on one import file: its size as uploaded and its data rows. */
export const IMPORT_LIMITS = { bytes: 50 * 1024 * 1024, rows: 200_000 };

/** Field types a single cell can hold; lists and structured rows are entered on the form. */
export const IMPORTABLE_TYPES: readonly string[] = ['string', 'text', 'integer', 'decimal', 'money', 'date', 'boolean', 'enum', 'reference'];

/** A cell as read from the file: text from CSV; text, number, boolean or date from a workbook. */
export type RawCell = string | number | boolean | Date | null;

/** One data row of the file, numbered as a spreadsheet program shows it (the header is row 1). */
export interface FileRow {
  row: number;
  cells: RawCell[];
}

/** A parsed file: its header texts and a fresh pass over its data rows each time `rows()` is called. */
export interface ImportTable {
  header: string[];
  rows: () => Iterable<FileRow>;
}

const tooManyRows = () =>
  new AppError(HttpStatus.PAYLOAD_TOO_LARGE, 'error.payload_too_large', {
    reason: { zh: `文件超过 ${IMPORT_LIMITS.rows.toLocaleString('en-US')} 行，未导入；请拆分后分批导入`, en: `The file has more than ${IMPORT_LIMITS.rows.toLocaleString('en-US')} rows; nothing was imported. Split it and import the parts separately` },
  });

export const fileTooLarge = () =>
  new AppError(HttpStatus.PAYLOAD_TOO_LARGE, 'error.payload_too_large', {
    reason: { zh: `文件超过 ${IMPORT_LIMITS.bytes / 1024 / 1024} MB，未导入；请拆分后分批导入`, en: `The file is larger than ${IMPORT_LIMITS.bytes / 1024 / 1024} MB; nothing was imported. Split it and import the parts separately` },
  });

const notATable = () =>
  AppError.validation([{ field: 'file', key: 'validation.custom', params: { message: { zh: '请上传 CSV 或 Excel（.xlsx）文件，第一行为列名', en: 'Upload a CSV or Excel (.xlsx) file whose first row names the columns' } } }]);

/**
 * CSV records (RFC 4180: quoted cells with commas, quotes and newlines), decoded chunk by chunk: UTF-8 with or without
 * BOM, else GBK (what Chinese Excel saves). Blank lines are skipped but counted, so row numbers match the file.
 */
export function* csvRecords(bytes: Buffer): Generator<{ row: number; cells: string[] }> {
  const decoder = new TextDecoder(isUtf8(bytes) ? 'utf-8' : 'gbk');
  const CHUNK = 1 << 20;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let afterQuote = false;
  let row = 1;
  let pendingCR = false;
  const endRecord = function* () {
    cells.push(cell);
    const blank = cells.length === 1 && cells[0] === '';
    const out = { row, cells };
    cells = [];
    cell = '';
    afterQuote = false;
    row++;
    if (!blank) yield out;
  };
  for (let at = 0; at < bytes.length || at === 0; at += CHUNK) {
    const last = at + CHUNK >= bytes.length;
    const text = decoder.decode(bytes.subarray(at, at + CHUNK), { stream: !last });
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (pendingCR) {
        pendingCR = false;
        if (ch === '\n') continue;
      }
      if (quoted) {
        if (ch !== '"') cell += ch;
        else if (text[i + 1] === '"') (cell += '"'), i++;
        else (quoted = false), (afterQuote = true);
        continue;
      }
      if (ch === '"' && cell === '' && !afterQuote) quoted = true;
      else if (ch === ',') cells.push(cell), (cell = ''), (afterQuote = false);
      else if (ch === '\n' || ch === '\r') {
        pendingCR = ch === '\r';
        yield* endRecord();
      } else cell += ch;
    }
    if (last) break;
  }
  if (cell !== '' || cells.length) yield* endRecord();
}

/** A CSV file as a table; over the row cap: 413. */
export function csvTable(bytes: Buffer): ImportTable {
  const first = csvRecords(bytes).next();
  if (first.done) throw notATable();
  const header = first.value.cells.map((h) => h.trim());
  return {
    header,
    rows: function* () {
      let n = 0;
      for (const r of csvRecords(bytes)) {
        if (r.row === first.value.row) continue;
        if (++n > IMPORT_LIMITS.rows) throw tooManyRows();
        yield r;
      }
    },
  };
}

/** The first worksheet of a workbook as a table, through the zip-bomb caps of `readUploadedWorkbook`; null when not a workbook. */
export async function xlsxTable(bytes: Buffer): Promise<ImportTable | null> {
  const wb = await readUploadedWorkbook(bytes, { rows: IMPORT_LIMITS.rows + 1, cells: (IMPORT_LIMITS.rows + 1) * 40 });
  const ws = wb?.worksheets[0];
  if (!ws) return null;
  const read: FileRow[] = [];
  ws.eachRow((r, n) => read.push({ row: n, cells: (r.values as unknown[]).slice(1).map(cellValue) }));
  const [head, ...data] = read;
  if (!head) throw notATable();
  if (data.length > IMPORT_LIMITS.rows) throw tooManyRows();
  return { header: head.cells.map((c) => text(c).trim()), rows: () => data };
}

/** A workbook cell's value: formulas by their result, rich text and links by their text. */
export function cellValue(v: unknown): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const o = v as { result?: unknown; richText?: { text: string }[]; text?: unknown };
  if (o.richText) return o.richText.map((x) => x.text).join('');
  if ('result' in o) return cellValue(o.result);
  if (typeof o.text === 'string') return o.text;
  return null;
}

function text(c: RawCell): string {
  if (c === null) return '';
  if (c instanceof Date) return isoDay(c);
  return String(c);
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The same header, however it is spaced, cased or bracketed: 采购金额（元） matches 采购金额(元) and 采购金额. */
export function headerKey(h: string): string {
  return h.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

const withoutBrackets = (h: string) => h.replace(/\([^)]*\)$/, '');

/** The field a header names: its key, or its Chinese or English label (with or without a bracketed unit). */
export function fieldForHeader(header: string, fields: FieldDef[]): FieldDef | undefined {
  const h = headerKey(header);
  if (!h) return undefined;
  const names = (f: FieldDef) => [f.key, f.label.zh, f.label.en ?? ''].map(headerKey).filter(Boolean);
  return fields.find((f) => names(f).includes(h)) ?? fields.find((f) => names(f).map(withoutBrackets).includes(withoutBrackets(h)));
}

/** A day written as 2026-03-05, 2026/3/5, 2026.3.5 or 2026年3月5日, or an Excel date cell; null if none. */
export function parseDay(c: RawCell): string | null {
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? null : isoDay(c);
  const m = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$/.exec(text(c).trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

const TRUE = ['是', 'true', '1', 'y', 'yes', '√', '✓'];
const FALSE = ['否', 'false', '0', 'n', 'no', '×', '✗'];

/** Resolves a reference cell (a title or business number) to a record id; `ambiguous` when several records carry it. */
export type ReferenceLookup = (field: FieldDef, value: string) => number | 'ambiguous' | null;

/**
 * A cell as the field's value, ready for the field declarations to validate (a negative amount or a too long text is
 * theirs to refuse): empty is undefined; a cell this type cannot read is a problem naming the column.
 */
export function cellToValue(f: FieldDef, c: RawCell, column: string, lookup: ReferenceLookup): { value?: unknown; problem?: FieldProblem } {
  const raw = text(c).trim();
  if (!raw) return {};
  const bad = (key: string, params: Record<string, unknown> = {}) => ({ problem: { field: column, key, params: { value: raw.slice(0, 60), ...params } } });
  switch (f.type) {
    case 'string':
    case 'text':
      return { value: c instanceof Date || typeof c === 'number' ? raw : text(c).trim() };
    case 'integer': {
      const n = typeof c === 'number' ? c : /^-?\d{1,15}$/.test(raw.replace(/[,，]/g, '')) ? Number(raw.replace(/[,，]/g, '')) : NaN;
      return Number.isSafeInteger(n) ? { value: n } : bad('import.integer');
    }
    case 'decimal': {
      const n = typeof c === 'number' ? c : /^-?\d+(\.\d+)?$/.test(raw.replace(/[,，]/g, '')) ? Number(raw.replace(/[,，]/g, '')) : NaN;
      return Number.isFinite(n) ? { value: n } : bad('import.number');
    }
    case 'money': {
      const fen = typeof c === 'number' ? (Number.isFinite(c) && Math.abs(c * 100 - Math.round(c * 100)) < 1e-6 ? Math.round(c * 100) : null) : fenFromYuan(raw.replace(/^[¥￥]/, '').replace(/元$/, ''));
      return fen === null ? bad('import.money') : { value: fen };
    }
    case 'date': {
      const day = parseDay(c);
      return day ? { value: day } : bad('import.date');
    }
    case 'boolean': {
      const v = raw.toLowerCase();
      return TRUE.includes(v) ? { value: true } : FALSE.includes(v) ? { value: false } : bad('import.boolean');
    }
    case 'enum': {
      const lower = raw.toLowerCase();
      const o = (f.options ?? []).find((x) => x.value === raw || x.label.zh === raw || (x.label.en ?? '').toLowerCase() === lower);
      return o ? { value: o.value } : bad('import.enum', { values: (f.options ?? []).map((x) => x.label.zh).join('、') });
    }
    case 'reference': {
      const id = lookup(f, raw);
      return id === 'ambiguous' ? bad('import.reference_ambiguous') : id === null ? bad('import.reference') : { value: id };
    }
    default:
      return {};
  }
}

/** What a stored value reads as in the preview table: an option by its label, money in yuan, a reference by its title. */
export function previewText(f: FieldDef, v: unknown, titles: (f: FieldDef, id: number) => string | undefined, yes: LocalizedText, lang: 'zh' | 'en'): string {
  if (v === undefined || v === null) return '';
  if (f.type === 'money' && typeof v === 'number') return `${v < 0 ? '-' : ''}${Math.floor(Math.abs(v) / 100).toLocaleString('en-US')}.${String(Math.abs(v) % 100).padStart(2, '0')}`;
  if (f.type === 'enum') {
    const o = f.options?.find((x) => x.value === v);
    return o ? (lang === 'en' ? (o.label.en ?? o.label.zh) : o.label.zh) : String(v);
  }
  if (f.type === 'boolean') return v ? (lang === 'en' ? (yes.en ?? yes.zh) : yes.zh) : '';
  if (f.type === 'reference' && typeof v === 'number') return titles(f, v) ?? `#${v}`;
  return String(v);
}
