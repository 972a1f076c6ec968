/**
 * Check digits of Chinese identifiers, part of the plugin contract so core validation and
 * plugins' demo data compute them the same way. No imports: the contract stands alone.
 */
import type { LocalizedText } from './text';

/** GB 32100-2015 统一社会信用代码: 31 characters (no I, O, S, V, Z). */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character (position 18) of a credit code's first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/** Null when `value` is a valid credit code; otherwise a message naming the wrong character. */
export function checkCreditCode(value: unknown): LocalizedText | null {
  if (typeof value !== 'string') return { zh: '统一社会信用代码必须是文本', en: 'The credit code must be text' };
  if (value.length !== 18) return { zh: `统一社会信用代码应为18位，实际为${value.length}位`, en: `The credit code must have 18 characters, not ${value.length}` };
  for (let i = 0; i < 18; i++) {
    if (!CREDIT_CODE_CHARSET.includes(value[i])) {
      return { zh: `第${i + 1}位字符“${value[i]}”不允许（只能是数字或除 I、O、S、V、Z 外的大写字母）`, en: `Character ${i + 1} "${value[i]}" is not allowed (digits or capital letters except I, O, S, V, Z)` };
    }
  }
  if (!/^[0-9]{6}$/.test(value.slice(2, 8))) {
    const i = [...value.slice(2, 8)].findIndex((c) => !/[0-9]/.test(c)) + 2;
    return { zh: `第${i + 1}位字符“${value[i]}”错误：第3-8位是行政区划码，只能是数字`, en: `Character ${i + 1} "${value[i]}" is wrong: characters 3-8 are the region code (digits only)` };
  }
  const expected = creditCodeCheckChar(value.slice(0, 17));
  if (value[17] !== expected) return { zh: `第18位校验码“${value[17]}”错误，按前17位计算应为“${expected}”`, en: `Character 18 (check digit) "${value[17]}" is wrong; the first 17 characters give "${expected}"` };
  return null;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 公民身份号码: the check character (position 18) of the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** Null when `value` is a valid 18-digit citizen ID number (region, birth date, check digit). */
export function checkIdNumber(value: unknown): LocalizedText | null {
  if (typeof value !== 'string') return { zh: '身份证号码必须是文本', en: 'The ID number must be text' };
  if (!/^[0-9]{17}[0-9X]$/.test(value)) return { zh: '身份证号码应为18位：前17位数字，第18位为数字或大写X', en: 'An ID number has 18 characters: 17 digits, then a digit or capital X' };
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const d = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== birth || value.slice(6, 8) < '18') {
    return { zh: `第7-14位出生日期“${value.slice(6, 14)}”不是有效日期`, en: `Characters 7-14 "${value.slice(6, 14)}" are not a valid birth date` };
  }
  const expected = idNumberCheckChar(value.slice(0, 17));
  if (value[17] !== expected) return { zh: `第18位校验码“${value[17]}”错误，按前17位计算应为“${expected}”`, en: `Character 18 (check digit) "${value[17]}" is wrong; the first 17 digits give "${expected}"` };
  return null;
}

export const FIELD_FORMATS = ['uscc', 'prc-id'] as const;
export type FieldFormat = (typeof FIELD_FORMATS)[number];

export const FORMAT_CHECKS: Record<FieldFormat, (value: unknown) => LocalizedText | null> = {
  uscc: checkCreditCode,
  'prc-id': checkIdNumber,
};

export const MASK_KINDS = ['id-number', 'credit-code', 'phone', 'email', 'name', 'all'] as const;
export type MaskKind = (typeof MASK_KINDS)[number];

/** What an actor without the right role sees instead of a sensitive value. */
export function maskValue(kind: MaskKind, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const s = String(value);
  const keep = (head: number, tail: number) => (s.length <= head + tail ? '*'.repeat(s.length) : s.slice(0, head) + '*'.repeat(s.length - head - tail) + s.slice(s.length - tail));
  switch (kind) {
    case 'id-number':
      return keep(6, 4);
    case 'credit-code':
      return keep(4, 4);
    case 'phone':
      return keep(3, 4);
    case 'email': {
      // a***@example.cn: the first letter and the domain, enough to tell two addresses apart.
      const at = s.lastIndexOf('@');
      return at < 1 ? '******' : `${s[0]}***${s.slice(at)}`;
    }
    case 'name':
      return [...s].length <= 1 ? '*' : [...s][0] + '*'.repeat([...s].length - 1);
    default:
      return '******';
  }
}
