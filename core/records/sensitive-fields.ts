import { maskValue, RecordTypeDef, Role } from '../plugin-api';
import { FieldCipher } from './field-cipher';

/** Encrypts the sensitive fields of a stored map (keyed by field id) in place of their clear values. */
export function sealStored(def: RecordTypeDef | undefined, stored: Record<string, unknown>, cipher: FieldCipher): Record<string, unknown> {
  if (!def) return stored;
  const out = { ...stored };
  for (const f of def.fields) {
    if (f.sensitive?.encrypt && out[f.id] !== null && out[f.id] !== undefined) out[f.id] = cipher.seal(out[f.id], f.id);
  }
  return out;
}

/** Decrypts sealed values; one that fails to decrypt (wrong key) reads as null rather than leaking ciphertext. */
export function openStored(def: RecordTypeDef | undefined, stored: Record<string, unknown>, cipher: FieldCipher | undefined): Record<string, unknown> {
  if (!def) return stored;
  // Copied only when a value is sealed: a scan opens a million records, most with nothing sealed.
  let out = stored;
  for (const f of def.fields) {
    if (!FieldCipher.isSealed(out[f.id])) continue;
    if (out === stored) out = { ...stored };
    try {
      out[f.id] = cipher ? cipher.open(out[f.id] as string, f.id) : null;
    } catch {
      out[f.id] = null;
    }
  }
  return out;
}

export function hasSensitive(def: RecordTypeDef | undefined): boolean {
  return !!def?.fields.some((f) => f.sensitive);
}

/**
 * The values an actor with `roles` may see: sensitive fields masked unless a role is in `visibleTo`;
 * a `pseudonymFor` role sees `pseudonym(fieldId)` instead of the mask when one is given.
 */
export function maskValues(def: RecordTypeDef | undefined, values: Record<string, unknown>, roles: Role[], pseudonym?: (fieldId: string) => string): Record<string, unknown> {
  if (!def || !hasSensitive(def)) return values;
  const out = { ...values };
  for (const f of def.fields) {
    if (!f.sensitive || !(f.key in out)) continue;
    if (f.sensitive.visibleTo.some((r) => roles.includes(r))) continue;
    const pseudo = pseudonym && out[f.key] !== null && out[f.key] !== undefined && f.sensitive.pseudonymFor?.some((r) => roles.includes(r));
    out[f.key] = pseudo ? pseudonym(f.id) : maskValue(f.sensitive.mask, out[f.key]);
  }
  return out;
}

/** Keys of the sensitive fields holding a value that an actor with `roles` sees in clear (each such view is audited). */
export function clearSensitiveKeys(def: RecordTypeDef | undefined, values: Record<string, unknown>, roles: Role[]): string[] {
  if (!def) return [];
  return def.fields.filter((f) => f.sensitive && values[f.key] !== null && values[f.key] !== undefined && f.sensitive.visibleTo.some((r) => roles.includes(r))).map((f) => f.key);
}

/** A stable pseudonym of one record's field: a keyed digest, so the same record always reads the same and no key, no reversal. */
export function pseudonymOf(cipher: FieldCipher, fieldId: string, recordId: number): string {
  return `P-${cipher.mac(`pseudonym:${fieldId}:${recordId}`).toString('hex').slice(0, 10).toUpperCase()}`;
}
