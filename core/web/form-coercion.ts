import type { FieldDef } from '../plugin-api';
import { fenFromYuan } from '../plugin-api';
import { canonicalValue } from '../records/record-write-rules';

/** HTML forms send strings; turn them into the types the field declarations expect before validation. */
export function coerceFormValues(fields: FieldDef[], body: unknown): Record<string, unknown> {
  // No body parser matched (XML, multipart) or a JSON array: treat as an empty form, so validation answers 400.
  const form = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.type === 'rows') {
      const rows = coerceRows(f, form);
      if (rows.length) out[f.key] = rows;
      continue;
    }
    const raw = form[f.key];
    if (raw === undefined) {
      if (f.type === 'boolean') out[f.key] = false;
      continue;
    }
    const s = Array.isArray(raw) ? raw : String(raw).trim();
    if (s === '') continue;
    switch (f.type) {
      case 'money':
        // Typed in yuan, stored in fen; a malformed amount stays text and is refused by the field check.
        out[f.key] = fenFromYuan(String(s)) ?? s;
        break;
      case 'integer':
      case 'decimal':
      case 'reference': {
        const n = Number(s);
        out[f.key] = Number.isNaN(n) ? s : n;
        break;
      }
      case 'boolean':
        out[f.key] = s === 'on' || s === 'true' || s === '1';
        break;
      case 'multi-enum':
      case 'string-list':
        out[f.key] = Array.isArray(s) ? s : String(s).split(/[,，\n]/).map((x) => x.trim()).filter(Boolean);
        break;
      default:
        out[f.key] = s;
    }
  }
  // Row cells (`items.0.itemName`) belong to their rows field; anything else unknown is passed on to be rejected.
  const rowKeys = fields.filter((f) => f.type === 'rows').map((f) => `${f.key}.`);
  // Defined, not assigned: a `__proto__` key stays an own (rejected) key instead of replacing the prototype.
  for (const key of Object.keys(form)) if (!fields.some((f) => f.key === key) && !rowKeys.some((p) => key.startsWith(p))) Object.defineProperty(out, key, { value: form[key], enumerable: true, writable: true, configurable: true });
  return out;
}

/** Row inputs named `<field>.<row>.<column>`; rows left entirely blank are dropped. */
function coerceRows(f: FieldDef, form: Record<string, unknown>): Record<string, unknown>[] {
  const byIndex = new Map<number, Record<string, unknown>>();
  for (const [key, raw] of Object.entries(form)) {
    const m = new RegExp(`^${f.key}\\.(\\d{1,3})\\.([A-Za-z][A-Za-z0-9]*)$`).exec(key);
    if (!m) continue;
    const row = byIndex.get(Number(m[1])) ?? {};
    row[m[2]] = raw;
    byIndex.set(Number(m[1]), row);
  }
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    // A blank row stays blank even with a boolean column (an unticked box sends nothing).
    .filter(([, row]) => Object.values(row).some((v) => typeof v !== 'string' || v.trim() !== ''))
    .map(([, row]) => coerceFormValues(f.columns ?? [], row))
    .filter((row) => Object.keys(row).length > 0);
}

/**
 * What an edit form changes: fields whose submitted value differs from the shown one (null clears
 * a field), plus unknown keys so they are rejected. Untouched masked values are left alone.
 */
export function changedValues(fields: FieldDef[], shown: Record<string, unknown>, submitted: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const next = Object.hasOwn(submitted, f.key) ? (submitted[f.key] ?? null) : null;
    if (canonicalValue(f, next) !== canonicalValue(f, shown[f.key])) out[f.key] = next;
  }
  for (const key of Object.keys(submitted)) if (!fields.some((f) => f.key === key)) Object.defineProperty(out, key, { value: submitted[key], enumerable: true, writable: true, configurable: true });
  return out;
}
