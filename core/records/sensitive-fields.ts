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
  const out = { ...stored };
  for (const f of def.fields) {
    if (!FieldCipher.isSealed(out[f.id])) continue;
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

/** The values an actor with `roles` may see: sensitive fields masked unless a role is in `visibleTo`. */
export function maskValues(def: RecordTypeDef | undefined, values: Record<string, unknown>, roles: Role[]): Record<string, unknown> {
  if (!def || !hasSensitive(def)) return values;
  const out = { ...values };
  for (const f of def.fields) {
    if (!f.sensitive || !(f.key in out)) continue;
    if (f.sensitive.visibleTo.some((r) => roles.includes(r))) continue;
    out[f.key] = maskValue(f.sensitive.mask, out[f.key]);
  }
  return out;
}
