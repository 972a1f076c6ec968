import { randomInt } from 'node:crypto';
import * as argon2 from 'argon2';
import type { FieldProblem } from '../http/app-error';

// argon2id: bcrypt would truncate long Chinese passwords at 72 bytes.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

/** Letters, digits and everything else: a password mixes at least two of them (等保 level 3 asks for complexity). */
const KINDS = [/\p{L}/u, /\p{N}/u, /[^\p{L}\p{N}]/u];

/** The platform's password rules: length, two kinds of characters, not the account name; problems name `field`. */
export function passwordProblems(password: string, username: string, field = 'password'): FieldProblem[] {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return [{ field, key: 'validation.min_length', params: { min: MIN_PASSWORD_LENGTH } }];
  if (length > MAX_PASSWORD_LENGTH) return [{ field, key: 'validation.max_length', params: { max: MAX_PASSWORD_LENGTH } }];
  if (KINDS.filter((k) => k.test(password)).length < 2) return [{ field, key: 'validation.password_kinds' }];
  if (username.length >= 2 && password.toLowerCase().includes(username.toLowerCase())) return [{ field, key: 'validation.password_username' }];
  return [];
}

// No 0/O, 1/l/I: a temporary password is read off a screen and typed by someone else.
const LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';

/** A one-time password an admin hands over: 12 characters, letters and digits, about 70 bits. */
export function temporaryPassword(): string {
  const all = LETTERS + DIGITS;
  for (;;) {
    const out = Array.from({ length: 12 }, () => all[randomInt(all.length)]).join('');
    if (/[0-9]/.test(out) && /[a-zA-Z]/.test(out)) return out;
  }
}
