import { FieldDef, FORMAT_CHECKS, yuan } from '../plugin-api';
import type { FieldProblem } from '../http/app-error';

const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  // Calendar arithmetic, not a Date round trip: an import checks a million of these.
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return mo >= 1 && mo <= 12 && d >= 1 && d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
}

function checkOne(f: FieldDef, v: unknown, values: Record<string, unknown>): FieldProblem | null {
  const field = f.key;
  const bad = (key: string, params: Record<string, unknown> = {}): FieldProblem => ({ field, key, params });
  switch (f.type) {
    case 'string':
    case 'text': {
      if (typeof v !== 'string') return bad('validation.string');
      const max = f.maxLength ?? (f.type === 'string' ? 200 : 10000);
      if (v.length > max) return bad('validation.max_length', { max });
      if (CONTROL_CHARS.test(v)) return bad('validation.control_chars');
      if (f.pattern && !new RegExp(f.pattern).test(v)) return bad('validation.pattern');
      if (f.format) {
        const msg = FORMAT_CHECKS[f.format](v);
        if (msg) return bad('validation.custom', { message: msg });
      }
      break;
    }
    case 'integer':
    case 'money':
      if (f.type === 'money' && typeof v !== 'number') return bad('validation.money');
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) return bad('validation.integer');
      if (f.type === 'money' && v < 0 && f.min === undefined) return bad('validation.min', { min: 0 });
      break;
    case 'decimal':
      if (typeof v !== 'number' || !Number.isFinite(v)) return bad('validation.number');
      break;
    case 'boolean':
      if (typeof v !== 'boolean') return bad('validation.boolean');
      break;
    case 'date':
      if (!isIsoDate(v)) return bad('validation.date');
      break;
    case 'enum': {
      const allowed = (f.options ?? []).map((o) => o.value);
      if (typeof v !== 'string' || !allowed.includes(v)) return bad('validation.enum', { values: allowed.join(', ') });
      break;
    }
    case 'multi-enum': {
      const allowed = (f.options ?? []).map((o) => o.value);
      if (!Array.isArray(v)) return bad('validation.array');
      if (v.some((x) => typeof x !== 'string' || !allowed.includes(x))) return bad('validation.enum', { values: allowed.join(', ') });
      break;
    }
    case 'string-list':
      if (!Array.isArray(v) || v.length > 200) return bad('validation.array');
      if (v.some((x) => typeof x !== 'string' || x.length > 500 || CONTROL_CHARS.test(x))) return bad('validation.string');
      break;
    case 'reference':
      // Existence in the same plugin and institution is checked by RecordsService (it needs the database).
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) return bad('validation.integer');
      break;
    case 'rows': {
      if (!Array.isArray(v) || v.length > (f.maxRows ?? 100)) return bad('validation.array');
      for (let i = 0; i < v.length; i++) {
        const row = validateFields(f.columns ?? [], v[i]);
        // Reports the first bad cell with its row, e.g. items[2].unitPriceFen.
        if (row.problems.length) return { ...row.problems[0], field: `${field}[${i}].${row.problems[0].field}` };
      }
      break;
    }
  }
  if (typeof v === 'number') {
    // Money limits read in yuan, as the amounts are typed.
    const limit = (n: number) => (f.type === 'money' ? `¥${yuan(n)}` : n);
    if (f.min !== undefined && v < f.min) return bad('validation.min', { min: limit(f.min) });
    if (f.max !== undefined && v > f.max) return bad('validation.max', { max: limit(f.max) });
  }
  if (f.validate) {
    const msg = f.validate(v, values);
    if (msg) return { field, key: 'validation.custom', params: { message: msg } };
  }
  return null;
}

export interface FieldCheck {
  values: Record<string, unknown>;
  problems: FieldProblem[];
}

/**
 * Validates input against field declarations with an allow-list: unknown keys are errors.
 * With `partial`, absent fields are left alone (a PATCH).
 */
export function validateFields(fields: FieldDef[], input: unknown, opts: { partial?: boolean } = {}): FieldCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { values: {}, problems: [{ field: '(body)', key: 'validation.object' }] };
  }
  const obj = input as Record<string, unknown>;
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(obj)) {
    if (!byKey.has(key)) problems.push({ field: key.slice(0, 60), key: 'validation.unknown_field' });
  }
  const values: Record<string, unknown> = {};
  for (const f of fields) {
    const has = Object.prototype.hasOwnProperty.call(obj, f.key);
    const v = has ? obj[f.key] : undefined;
    if (v === undefined || v === null || v === '') {
      if (f.required && !opts.partial) problems.push({ field: f.key, key: 'validation.required' });
      else if (has) values[f.key] = null;
      else if (f.default !== undefined && !opts.partial) values[f.key] = f.default;
      continue;
    }
    const problem = checkOne(f, v, obj);
    if (problem) problems.push(problem);
    else values[f.key] = f.type === 'rows' ? (v as unknown[]).map((r) => validateFields(f.columns ?? [], r).values) : v;
  }
  return { values, problems };
}

/** Stored data is keyed by stable field ids, so renaming a key never loses data. */
export function toStored(fields: FieldDef[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f.key in values) out[f.id] = values[f.key];
  return out;
}

export function fromStored(fields: FieldDef[], stored: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f.key] = stored[f.id] ?? null;
  return out;
}
