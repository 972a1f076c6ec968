import type { LocalizedText } from '../../core/plugin-api';

/** GB 32100-2015 统一社会信用代码: 31 characters (no I, O, S, V, Z). */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character (position 18) for the first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/** Null when valid; otherwise a message naming the wrong character and its position. */
export function checkCreditCode(value: unknown): LocalizedText | null {
  if (typeof value !== 'string') return { zh: '统一社会信用代码必须是文本', en: 'The credit code must be text' };
  if (value.length !== 18) return { zh: `统一社会信用代码应为18位，实际为${value.length}位`, en: `The credit code must have 18 characters, not ${value.length}` };
  for (let i = 0; i < 18; i++) {
    if (!CREDIT_CODE_CHARSET.includes(value[i])) {
      return {
        zh: `第${i + 1}位字符“${value[i]}”不允许（只能是数字或除 I、O、S、V、Z 外的大写字母）`,
        en: `Character ${i + 1} "${value[i]}" is not allowed (digits or capital letters except I, O, S, V, Z)`,
      };
    }
  }
  if (!/^[0-9]{6}$/.test(value.slice(2, 8))) {
    const i = [...value.slice(2, 8)].findIndex((c) => !/[0-9]/.test(c)) + 2;
    return { zh: `第${i + 1}位字符“${value[i]}”错误：第3-8位是行政区划码，只能是数字`, en: `Character ${i + 1} "${value[i]}" is wrong: characters 3-8 are the region code (digits only)` };
  }
  const expected = creditCodeCheckChar(value.slice(0, 17));
  if (value[17] !== expected) {
    return { zh: `第18位校验码“${value[17]}”错误，按前17位计算应为“${expected}”`, en: `Character 18 (check digit) "${value[17]}" is wrong; the first 17 characters give "${expected}"` };
  }
  return null;
}
