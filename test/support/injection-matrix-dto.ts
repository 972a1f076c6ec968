import { getMetadataStorage } from 'class-validator';
import type { FieldDef } from '../../core/plugin-api';
import { checkHtml, escaped, MARKER, PackedValue, packSlot, payloadsOf, pdfSquashed, recordsNeeded, Slot, squash, valuesFor } from './injection-matrix';

/**
 * Injection matrices over a core module's write DTOs (issue #11 point 8): the text fields come from the
 * class-validator metadata of every `*Dto` class the module exports, so a new text field is filled with payloads
 * without touching the test, and a new DTO without a writer fails it.
 */
export interface DtoSlot extends Slot {
  dto: string;
  prop: string;
  type: number;
  packed: ReturnType<typeof packSlot>;
  /** Calls of the DTO's route needed for this field to hold every payload. */
  calls: number;
}

/** Every free-text property of every exported `*Dto` class: IsString without a pattern or an enum, minus `skip` (`Dto.prop` or `prop` → why). */
export function dtoSlots(exports: Record<string, unknown>, skip: Record<string, string>, payloads: string[], extra: { dto: string; prop: string; maxLength: number }[] = []): DtoSlot[] {
  const slots: DtoSlot[] = [];
  const all = Object.entries(exports).filter(([name, v]) => typeof v === 'function' && name.endsWith('Dto'));
  // A base class (SubjectDto) is written through the DTOs extending it.
  const classes = all.filter(([, v]) => !all.some(([, c]) => Object.getPrototypeOf(c) === v));
  classes.forEach(([dto, cls], type) => {
    const metas = getMetadataStorage().getTargetValidationMetadatas(cls as new () => unknown, '', true, false);
    for (const prop of [...new Set(metas.map((m) => m.propertyName))]) {
      const of = (name: string) => metas.find((m) => m.propertyName === prop && m.name === name);
      const isString = of('isString');
      if (!isString || of('matches') || of('isIn') || skip[`${dto}.${prop}`] || skip[prop]) continue;
      const maxLength = Number(of('maxLength')?.constraints[0] ?? 10000);
      const perRecord = isString.each ? Number(of('arrayMaxSize')?.constraints[0] ?? 8) : 1;
      const field = { key: prop, type: isString.each ? 'string-list' : 'string', label: { zh: prop, en: prop } } as FieldDef;
      const slot: Slot = { no: slots.length, field, name: `${dto}.${prop}`, perRecord, maxLength };
      const packed = packSlot(slot, payloads, slot.no * 7);
      slots.push({ ...slot, dto, prop, type, packed, calls: recordsNeeded(slot, packed) });
    }
  });
  // Texts inside an object property (IsObject), which the metadata cannot name.
  for (const x of extra) {
    const slot: Slot = { no: slots.length, field: { key: x.prop, type: 'string', label: { zh: x.prop, en: x.prop } } as FieldDef, name: `${x.dto}.${x.prop}`, perRecord: 1, maxLength: x.maxLength };
    const packed = packSlot(slot, payloads, slot.no * 7);
    slots.push({ ...slot, dto: x.dto, prop: x.prop, type: classes.length + slots.length, packed, calls: recordsNeeded(slot, packed) });
  }
  return slots;
}

/** What was written: every value by its marker, and per slot the values in call order. */
export class Written {
  readonly byMarker = new Map<string, { slot: DtoSlot; value: PackedValue }>();
  readonly bySlot = new Map<number, PackedValue[]>();
  /** Per slot: payload indexes seen literally in some PDF. */
  readonly inPdf = new Map<number, Set<number>>();

  constructor(readonly slots: DtoSlot[]) {}

  slotsOf(dto: string): DtoSlot[] {
    return this.slots.filter((s) => s.dto === dto);
  }

  callsOf(dto: string): number {
    return Math.max(0, ...this.slotsOf(dto).map((s) => s.calls));
  }

  /** The text fields of call `k` of `dto`: a string per field, a list for array fields. Records them as written. */
  body(dto: string, k: number): { body: Record<string, string | string[]>; values: PackedValue[] } {
    const body: Record<string, string | string[]> = {};
    const values: PackedValue[] = [];
    for (const s of this.slotsOf(dto)) {
      const vs = valuesFor(s, s.packed, s.type, k);
      body[s.prop] = s.field.type === 'string-list' ? vs.map((v) => v.value) : vs[0].value;
      for (const v of vs) {
        this.byMarker.set(v.marker, { slot: s, value: v });
        this.bySlot.set(s.no, [...(this.bySlot.get(s.no) ?? []), v]);
      }
      values.push(...vs);
    }
    return { body, values };
  }

  /** Every slot holds every payload (whole, or cut to the field's length). */
  coverage(payloads: string[]): string[] {
    return this.slots.map((s) => {
      const got = new Set((this.bySlot.get(s.no) ?? []).flatMap((v) => v.units.flatMap(payloadsOf)));
      return `${s.name}: ${payloads.filter((_, k) => got.has(k)).length}`;
    });
  }

  /** A JSON answer holds each value as sent (stored trimmed: the marker leads, so only trailing blanks may go). */
  checkJson(json: unknown, values: PackedValue[], where: string, problems: string[]): void {
    const text = JSON.stringify(json);
    for (const v of values) if (!text.includes(JSON.stringify(v.value.trim()).slice(1, -1))) problems.push(`${where}: JSON lacks ${JSON.stringify(v.value).slice(0, 80)}`);
  }

  /**
   * A page shows each payload of each value escaped, never raw. `json`: the page prints the value inside a JSON
   * dump (a step's data), so the payload is looked for JSON-encoded, then escaped.
   */
  checkPage(html: string, values: PackedValue[], where: string, secret: string, problems: string[], json = false): number {
    const enc = (s: string) => (json ? JSON.stringify(s).slice(1, -1) : s);
    for (const v of values) checkHtml(html, v.units.map((u) => enc(u.text.trim())).filter(Boolean), `${where} ${v.marker}`, secret, problems);
    return values.reduce((a, v) => a + v.units.length, 0);
  }

  /** Markers of written values a page showed (checkShown). */
  readonly shown = new Set<string>();

  /**
   * Every written value a page shows (found by its marker): each payload in it escaped (as text, or JSON-encoded
   * inside a data dump), never raw. Returns the values found.
   */
  checkShown(html: string, where: string, secret: string, problems: string[]): number {
    let found = 0;
    for (const m of new Set([...html.matchAll(MARKER)].map((x) => x[0]))) {
      const w = this.byMarker.get(m);
      if (!w) continue;
      found++;
      this.shown.add(m);
      for (const u of w.value.units) {
        const text = u.text.trim();
        if (!text) continue;
        const asJson = JSON.stringify(text).slice(1, -1);
        if (!html.includes(escaped(text)) && !html.includes(escaped(asJson))) problems.push(`${where} ${w.slot.name} ${m}: ${JSON.stringify(text).slice(0, 80)} is not shown escaped`);
        else if (/[<>"']/.test(text) && text.length > 3 && html.includes(text)) problems.push(`${where} ${w.slot.name} ${m}: ${JSON.stringify(text).slice(0, 80)} appears raw`);
      }
    }
    if (html.includes(secret)) problems.push(`${where}: shows the canary file`);
    return found;
  }

  /** Every written value a PDF shows (found by its marker) shows each of its payloads as literal text. Returns the values found. */
  async checkPdf(pdf: Buffer, where: string, secret: string, problems: string[]): Promise<number> {
    const text = await pdfSquashed(pdf);
    if (text.includes(secret) || /PRETTY_NAME|root:x:0:0/.test(text)) problems.push(`${where}: the PDF shows a file's content`);
    let found = 0;
    for (const m of new Set([...text.matchAll(MARKER)].map((x) => x[0]))) {
      const w = this.byMarker.get(m);
      if (!w) continue;
      found++;
      for (const u of w.value.units) {
        const want = squash(u.text);
        if (!want) continue;
        if (text.includes(want)) for (const k of payloadsOf(u)) this.inPdf.set(w.slot.no, (this.inPdf.get(w.slot.no) ?? new Set()).add(k));
        else problems.push(`${where} PDF ${w.slot.name} ${m}: ${JSON.stringify(u.text).slice(0, 80)} is not literal`);
      }
    }
    return found;
  }
}

