import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { registerMessages } from '../i18n/i18n';
import { AppError } from './app-error';

/** Deeper than any DTO or plugin field nests (a few levels); class-transformer recurses and overflows near 3,000. */
export const MAX_BODY_DEPTH = 32;
/** The longest list any endpoint takes (assessment voters, @ArrayMaxSize(5000)). */
export const MAX_BODY_ARRAY = 5000;

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Bidi embedding, override and isolate controls, LRM/RLM and the Arabic letter mark: they reorder what a reader sees. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const HAS_BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /\p{Cs}/u;
/** A value that is one token of Latin letters, digits and -_.:/@+# is an identifier, number, date, code or choice. */
const TOKEN = /^[0-9A-Za-z._:@+#/-]*$/;

registerMessages({
  'error.too_deep': { zh: '请求体嵌套超过 {max} 层', en: 'The request body is nested more than {max} levels deep' },
  'error.file_too_large': { zh: '上传的文件不能超过 {max} MB', en: 'The uploaded file may be at most {max} MB' },
  'validation.too_many_items': { zh: '{field}：列表不能超过 {max} 项', en: '{field}: a list may hold at most {max} items' },
  'validation.lone_surrogate': { zh: '{field}：含有无效的 Unicode 字符（不成对的代理项）', en: '{field}: contains invalid Unicode (an unpaired surrogate)' },
  'validation.nul': { zh: '{field}：含有空字符（U+0000）', en: '{field}: contains a NUL character (U+0000)' },
  'validation.bidi': { zh: '{field}：编号、数字、日期和选项中不能含有文字方向控制字符（如 U+202E）', en: '{field}: identifiers, numbers, dates and choices may not contain text-direction controls (such as U+202E)' },
});

/** Removes bidi controls (for file names and other free text that arrives outside a body). */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** A field path as a message may show it: invisible and broken characters written as U+XXXX, long paths cut. */
function shown(path: string): string {
  const text = path.replace(/[\u0000\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cs}/gu, (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  return text.length > 120 ? `…${text.slice(-120)}` : text;
}

/**
 * The one rule for characters in input: a lone surrogate or NUL is refused anywhere; bidi controls are removed from
 * text and refused in a token (identifiers, numbers, dates, codes, choices: what the reader sees must be what is
 * stored) and in keys. Returns the cleaned string, or the problem's message key.
 */
export function checkText(value: string, isKey = false): { value: string } | { problem: string } {
  if (LONE_SURROGATE.test(value)) return { problem: 'validation.lone_surrogate' };
  if (value.includes('\u0000')) return { problem: 'validation.nul' };
  if (!HAS_BIDI.test(value)) return { value };
  const clean = stripBidiControls(value);
  if (isKey || TOKEN.test(clean.trim())) return { problem: 'validation.bidi' };
  return { value: clean };
}

/**
 * Walks a parsed body without recursion and cleans it in place: refuses nesting deeper than MAX_BODY_DEPTH, lists
 * longer than MAX_BODY_ARRAY, `__proto__` / `constructor` / `prototype` keys (left in, the DTO transformer drops
 * some silently and hand-written form handlers trip over them) and the characters checkText refuses.
 */
export function guardInput(body: unknown): AppError | null {
  const stack: { value: unknown; at: string; depth: number }[] = [{ value: body, at: '', depth: 0 }];
  const problem = (field: string, key: string, params: Record<string, unknown> = {}): AppError => AppError.validation([{ field: shown(field || 'body'), key, params }]);
  while (stack.length) {
    const { value, at, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return new AppError(HttpStatus.BAD_REQUEST, 'error.too_deep', { max: MAX_BODY_DEPTH });
    if (Array.isArray(value) && value.length > MAX_BODY_ARRAY) return problem(at, 'validation.too_many_items', { max: MAX_BODY_ARRAY });
    const node = value as Record<string, unknown>;
    for (const key of Object.keys(node)) {
      const path = at ? `${at}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return problem(path, 'validation.unknown_field');
      const k = checkText(key, true);
      if ('problem' in k) return problem(path, k.problem);
      const v = node[key];
      if (typeof v === 'string') {
        const s = checkText(v);
        if ('problem' in s) return problem(path, s.problem);
        if (s.value !== v) node[key] = s.value;
      } else if (v !== null && typeof v === 'object') {
        stack.push({ value: v, at: path.length > 200 ? path.slice(-200) : path, depth: depth + 1 });
      }
    }
  }
  return null;
}

/** Express middleware after the body parsers: every JSON and form body passes guardInput before any handler. */
export function guardBody(req: Request, _res: Response, next: NextFunction): void {
  next(guardInput(req.body) ?? undefined);
}
