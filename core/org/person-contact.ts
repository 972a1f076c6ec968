import { maskValue } from '../plugin-api/id-formats';
import { FieldCipher } from '../records/field-cipher';
import type { PersonEntity } from './org.entities';

/** The cipher's associated data of people's contact columns, so a sealed phone copied into the email column does not open. */
export const CONTACT_FIELD_IDS = { phone: 'people.phone', email: 'people.email' } as const;
export type ContactKind = keyof typeof CONTACT_FIELD_IDS;

/** Mainland mobile numbers (11 digits from 1[3-9]), optionally with +86. */
export const PHONE_PATTERN = /^(?:\+86)?1[3-9]\d{9}$/;
export const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

export function sealContact(cipher: FieldCipher, kind: ContactKind, value: string | null): string | null {
  return value ? cipher.seal(value, CONTACT_FIELD_IDS[kind]) : null;
}

/** The plain value for the sender only; a value the key does not open reads as null, like sealed record fields. */
export function openContact(cipher: FieldCipher, kind: ContactKind, sealed: string | null): string | null {
  if (!sealed || !FieldCipher.isSealed(sealed)) return null;
  try {
    const v = cipher.open(sealed, CONTACT_FIELD_IDS[kind]);
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** What screens and the API show of a person's contacts: masked like ID numbers, null when none is on file. */
export function maskedContact(cipher: FieldCipher, p: Pick<PersonEntity, 'phone' | 'email'>): { phone: string | null; email: string | null } {
  const phone = openContact(cipher, 'phone', p.phone);
  const email = openContact(cipher, 'email', p.email);
  return { phone: phone && maskValue('phone', phone), email: email && maskValue('email', email) };
}
