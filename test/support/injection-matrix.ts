import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import Handlebars from 'handlebars';
import { creditCodeCheckChar, FieldDef, idNumberCheckChar, isOptionRef, RecordTypeDef } from '../../core/plugin-api';
import { formulaPayloads, injectionPayloads } from '../fixtures/injection-payloads';
import { matrixSample } from './matrix-tier';
import { pdfRawText, pdfText } from './pdf-tools';

/**
 * Shared parts of the injection matrices (issue #11 point 8): the loopback canary, the payloads, and the checks
 * each output gets (HTML escaped, PDF text literal, Excel cells neutralised).
 */
export const FORMULA_START = /^[=+\-@\t\r]/;
export const escaped = (s: string) => Handlebars.escapeExpression(s);
// pdftotext breaks lines and pages where it likes: compare without whitespace and without page numbers (—3—).
export const squash = (s: string) => s.replace(/\s+/g, '').replace(/—\d+—/g, '');

export interface Canary {
  url: string;
  hits: string[];
  file: string;
  secret: string;
  payloads: string[];
  close(): Promise<void>;
}

/** A loopback server counting every request, a file whose content must never show, and the 272 payloads aimed at both. */
export async function startCanary(): Promise<Canary> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('x');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lz-canary-')), 'secret.txt');
  const secret = `CANARY-FILE-${process.pid}-内容`;
  fs.writeFileSync(file, secret);
  return {
    url,
    hits,
    file,
    secret,
    payloads: [...matrixSample(injectionPayloads(url)), ...formulaPayloads(url, file)],
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
}

/** Each value must show escaped; markup must never show raw; the canary file's content must never show. */
export function checkHtml(html: string, values: string[], where: string, secret: string, problems: string[]): void {
  for (const v of values) {
    if (!html.includes(escaped(v))) problems.push(`${where}: ${JSON.stringify(v).slice(0, 80)} is not shown escaped`);
    else if (/[<>"']/.test(v) && v.length > 3 && html.includes(v)) problems.push(`${where}: ${JSON.stringify(v).slice(0, 80)} appears raw`);
  }
  if (html.includes(secret)) problems.push(`${where}: shows the canary file`);
}

/** Every cell of every sheet: no formula cell, nothing a spreadsheet would run; returns the cells' text. */
export async function excelCells(buffer: ArrayBuffer | Buffer, where: string, problems: string[]): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((c) => {
        const v = c.value;
        if (typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v)) problems.push(`${where}: a formula cell ${c.address}`);
        const text = typeof v === 'object' && v !== null && 'richText' in v ? v.richText.map((r) => r.text).join('') : String(v ?? '');
        if (FORMULA_START.test(text)) problems.push(`${where}: cell ${c.address} starts like a formula: ${JSON.stringify(text).slice(0, 60)}`);
        cells.push(text);
      }),
    ),
  );
  return cells;
}

/** A cell holds the value as text: as it was, or quoted with a leading apostrophe (how exports neutralise formulas). */
export const cellHolds = (cells: Set<string> | string[], v: string) => [...cells].some((c) => c === v || c === `'${v}` || c.includes(v.trim()));

/**
 * The PDF's text without whitespace, twice: in layout order (lines across the page) and in drawing order (-raw,
 * where a table cell's wrapped lines stay together), so a payload is found whichever way the page set it.
 */
export async function pdfSquashed(pdf: Buffer): Promise<string> {
  return `${squash((await pdfText(pdf)).join(''))}\u0000${squash(await pdfRawText(pdf))}`;
}

export async function pool<T, R>(items: T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Plugin records: which fields are free text, and valid values for all the others.

/**
 * Free text: string, text and string-list fields (and such columns of rows) that are not codes: no options, no
 * pattern, no identifier format, no custom check, not a share field (an institution code), no default from options.
 */
export function isFreeText(f: FieldDef, type?: RecordTypeDef): boolean {
  return ['string', 'text', 'string-list'].includes(f.type) && !f.options && !f.pattern && !f.format && !f.validate && !isOptionRef(f.default) && !(type?.shares ?? []).some((s) => s.field === f.key);
}

/** One place a payload can go: a field, or a free-text column of a rows field. */
export interface Slot {
  no: number;
  field: FieldDef;
  column?: FieldDef;
  /** `field` or `field[].column`. */
  name: string;
  /** Values per record: 1, the rows written, or the list items written. */
  perRecord: number;
  maxLength: number;
}

const ROWS_PER_RECORD = 8;
const LIST_ITEMS_PER_RECORD = 8;

export function slotsOf(type: RecordTypeDef): Slot[] {
  const slots: Slot[] = [];
  const maxOf = (f: FieldDef) => f.maxLength ?? (f.type === 'string' ? 200 : f.type === 'string-list' ? 500 : 10000);
  for (const f of type.fields) {
    if (f.type === 'rows') {
      for (const c of f.columns ?? []) if (isFreeText(c)) slots.push({ no: slots.length, field: f, column: c, name: `${f.key}[].${c.key}`, perRecord: Math.min(f.maxRows ?? 100, ROWS_PER_RECORD), maxLength: maxOf(c) });
    } else if (isFreeText(f, type)) {
      slots.push({ no: slots.length, field: f, name: f.key, perRecord: f.type === 'string-list' ? LIST_ITEMS_PER_RECORD : 1, maxLength: maxOf(f) });
    }
  }
  return slots;
}

/** A value written into a slot: a marker naming record, slot and position, then payloads (truncated to fit). */
export interface PackedValue {
  value: string;
  marker: string;
  units: Unit[];
}

/** A payload as written (possibly cut to fit), the index of the payload it came from, and those whose cut is the same text. */
export interface Unit {
  text: string;
  payload: number;
  also: number[];
}

export const payloadsOf = (u: Unit) => [u.payload, ...u.also];

/** `[type.record.slot.position]` in base 36: unique across a plugin's records, so a document printing any record's value names it. */
export const markerOf = (type: number, rec: number, slot: number, j: number) => `[${[type, rec, slot, j].map((n) => n.toString(36)).join('.')}]`;
export const MARKER = /\[([0-9a-z]+)\.([0-9a-z]+)\.([0-9a-z]+)\.([0-9a-z]+)\]/g;

/** The room a slot leaves for payloads after its marker. */
export const roomOf = (slot: Slot) => slot.maxLength - markerOf(99, 9999, 99, 99).length;

/**
 * Packs every payload into a slot's values, in order, as many per value as fit (a payload longer than the space
 * left after the marker is cut: what fits of it is still hostile). Returns the values, in the order records take them.
 */
export function packSlot(slot: Slot, payloads: string[], rotate: number): { units: Unit[] }[] {
  const room = roomOf(slot);
  const order = payloads.map((_, i) => (i + rotate) % payloads.length);
  const values: { units: Unit[] }[] = [];
  let cur: Unit[] = [];
  let used = 0;
  const seen = new Map<string, { also: number[] }>();
  for (const k of order) {
    const text = payloads[k].slice(0, room);
    // A cut payload equal to one already written adds nothing: it is covered by the earlier one (`also`).
    const same = seen.get(text);
    if (same) {
      same.also.push(k);
      continue;
    }
    const need = text.length + (cur.length ? 1 : 0);
    if (used + need > room && cur.length) {
      values.push({ units: cur });
      cur = [];
      used = 0;
    }
    const unit = { text, payload: k, also: [] as number[] };
    seen.set(text, unit);
    cur.push(unit);
    used += text.length + (cur.length > 1 ? 1 : 0);
  }
  if (cur.length) values.push({ units: cur });
  return values;
}

/**
 * The slot's packed values for record `rec`. Once all its payloads are written (a long field needs fewer records
 * than a short one of the same type), it takes one payload a value, so later records stay small.
 */
export function valuesFor(slot: Slot, packed: { units: Unit[] }[], type: number, rec: number): PackedValue[] {
  const out: PackedValue[] = [];
  const all = packed.flatMap((p) => p.units);
  for (let j = 0; j < slot.perRecord; j++) {
    const i = rec * slot.perRecord + j;
    const p = i < packed.length ? packed[i] : { units: [all[i % all.length]] };
    const marker = markerOf(type, rec, slot.no, j);
    // A space between payloads: squashed away when comparing PDF text, and never part of a payload's markup.
    out.push({ value: marker + p.units.map((u) => u.text).join(' '), marker, units: p.units });
  }
  return out;
}

export const recordsNeeded = (slot: Slot, packed: unknown[]) => Math.ceil(packed.length / slot.perRecord);

const validCreditCode = () => {
  const first17 = '91330100MA2A0B3C4';
  return first17 + creditCodeCheckChar(first17);
};
const validIdNumber = () => {
  const first17 = '33010219800101123';
  return first17 + idNumberCheckChar(first17);
};

/** A valid value for a field that is not free text (or a rows column); undefined = leave it out. */
export function validValue(f: FieldDef, today: string, refs: Map<string, number>, seed: number): unknown {
  if (isOptionRef(f.default)) return undefined;
  switch (f.type) {
    case 'enum':
      return f.options![0].value;
    case 'multi-enum':
      return [f.options![0].value];
    case 'date':
      return today;
    case 'integer':
    case 'decimal':
      return f.min ?? 1;
    case 'money':
      return Math.max(f.min ?? 0, 10000);
    case 'boolean':
      return false;
    case 'reference':
      return refs.get(f.ref!.recordType);
    case 'string':
    case 'text': {
      if (f.format === 'uscc') return validCreditCode();
      if (f.format === 'prc-id') return validIdNumber();
      if (f.validate) return [validCreditCode(), validIdNumber(), '示例'].find((v) => f.validate!(v, {}) === null);
      if (f.pattern) {
        if (!f.required) return undefined;
        return fc.sample(fc.stringMatching(new RegExp(f.pattern)), { numRuns: 1, seed })[0];
      }
      return '示例';
    }
    case 'string-list':
      return ['示例'];
    default:
      return undefined;
  }
}
