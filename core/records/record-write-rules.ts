import { ROLE_LABELS, ROLES } from '../plugin-api';
import type { FieldDef, LocalizedText, RecordTypeDef, Role } from '../plugin-api';
import { AppError } from '../http/app-error';
import type { FieldProblem } from '../http/app-error';

/** Body keys that are not record fields: a correction's `reason` travels beside the values (API body and form). */
export const RESERVED_KEYS = ['reason'];

/** Values without their nulls: validateFields treats an absent field as empty (and applies its default). */
export const present = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));

/** An update's body: the values, and beside them the `reason` of a correction (max 500 characters). */
export function splitReason(input: unknown): { values: unknown; reason: string | null } {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || !Object.hasOwn(input, 'reason')) return { values: input, reason: null };
  const { reason, ...values } = input as Record<string, unknown>;
  if (reason !== null && reason !== undefined && typeof reason !== 'string') throw AppError.validation([{ field: 'reason', key: 'validation.string' }]);
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length > 500) throw AppError.validation([{ field: 'reason', key: 'validation.max_length', params: { max: 500 } }]);
  return { values, reason: text || null };
}

/** Why a caller may not write a protected field (FieldDef.write); each has a message `record.write_<reason>`. */
export type WriteRefusal = 'public-form' | 'roles' | 'creator' | 'shares' | 'created' | 'set' | 'before' | 'evidence';

/** Who is writing and what the record held before, as the field rules need it. */
export interface WriteContext {
  channel: 'account' | 'public-form';
  creating: boolean;
  /** AccessService's admin rule over the caller's roles at the record's institution. */
  permits: (allowed: readonly Role[]) => boolean;
  isAdmin: boolean;
  isCreator: boolean;
  /** Fields the caller may write through the record's shares reaching their institutions. */
  viaShares: ReadonlySet<string>;
  /** The record's values before this write (empty when creating). */
  stored: Record<string, unknown>;
}

export function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Stable text of a value for comparison: object keys sorted, null cells and empty lists as absent, an unset box as false. */
export function canonicalValue(f: FieldDef, v: unknown): string {
  if (isEmpty(v)) return f.type === 'boolean' ? 'false' : 'null';
  const clean = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(clean) : typeof x === 'object' && x !== null ? Object.fromEntries(Object.entries(x).filter(([, c]) => c !== null && c !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => [k, clean(c)])) : x;
  return JSON.stringify(clean(v));
}

/** Keys of the fields whose value differs between two value maps, in declaration order: sending a value unchanged is no change. */
export function changedKeys(fields: FieldDef[], before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return fields.filter((f) => canonicalValue(f, before[f.key]) !== canonicalValue(f, after[f.key])).map((f) => f.key);
}

/** Whether this write may set the field, or why not (null: allowed). */
export function refusalOf(f: FieldDef, ctx: WriteContext): WriteRefusal | null {
  const w = f.write;
  if (!w) return null;
  const who = writerRefusal(f, ctx);
  if (who) return who;
  if (w.until === 'created' && !ctx.creating) return 'created';
  if (w.until === 'set' && !isEmpty(ctx.stored[f.key])) return 'set';
  if (typeof w.until === 'object' && !isEmpty(ctx.stored[w.until.before])) return 'before';
  return null;
}

function writerRefusal(f: FieldDef, ctx: WriteContext): WriteRefusal | null {
  const w = f.write!;
  if (w.by === 'public-form') return ctx.channel === 'public-form' ? null : 'public-form';
  if (!w.by && !w.creator) return null;
  // The public has no roles, no institution and created nothing.
  if (ctx.channel === 'public-form') return w.by === 'shares' ? 'shares' : w.by ? 'roles' : 'creator';
  if (w.creator && ctx.isCreator) return null;
  if (Array.isArray(w.by)) return ctx.permits(w.by) ? null : 'roles';
  if (w.by === 'shares') return ctx.isAdmin || ctx.viaShares.has(f.key) ? null : 'shares';
  return ctx.isAdmin ? null : 'creator';
}

const joinLabels = (labels: LocalizedText[]): LocalizedText => ({ zh: labels.map((l) => l.zh).join('、'), en: labels.map((l) => l.en).join(', ') });

/** A refusal as a problem naming the field by its label, in the request's language when shown. */
export function refusalProblem(def: RecordTypeDef, f: FieldDef, reason: WriteRefusal): FieldProblem {
  const params: Record<string, unknown> = { field: f.label };
  if (reason === 'roles' && Array.isArray(f.write?.by)) params.roles = joinLabels(f.write!.by.map((r) => ROLE_LABELS[r]));
  const before = typeof f.write?.until === 'object' ? f.write.until.before : null;
  if (reason === 'before' && before) params.other = def.fields.find((x) => x.key === before)?.label ?? before;
  return { field: f.key, key: `record.write_${reason}`, params };
}

/** Mistakes in a record type's write rules, as sentences (empty when sound); checked at boot. */
export function writeRuleProblems(def: RecordTypeDef): string[] {
  const out: string[] = [];
  for (const f of def.fields) {
    if (RESERVED_KEYS.includes(f.key)) out.push(`record type "${def.id}": field key "${f.key}" is reserved`);
    const w = f.write;
    if (!w) continue;
    if (Array.isArray(w.by) && (!w.by.length || w.by.some((r) => !ROLES.includes(r)))) out.push(`record type "${def.id}": field "${f.key}" write.by names no role or an unknown one`);
    if (w.by === 'shares' && !(def.shares ?? []).some((sh) => sh.writable.includes(f.key))) out.push(`record type "${def.id}": field "${f.key}" is written by shares, but no share makes it writable`);
    const before = typeof w.until === 'object' ? w.until.before : null;
    if (before !== null && (before === f.key || !def.fields.some((x) => x.key === before))) out.push(`record type "${def.id}": field "${f.key}" write.until.before names no other field of the type`);
  }
  return out;
}
