/** Reading loosely typed record values (plugin JSON, options, rows) and formatting numbers. Shared by plugins. */

/** The value when it is a string, else '' (kept as stored: dates and codes compare exactly). */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The value trimmed when it is a string, else '' (names typed by hand, where ' 张三' is '张三'). */
export const trimmedStr = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The value when it is a number, else `fallback` (an absent amount counts as 0; an unset option takes its default). */
export const num = (v: unknown, fallback = 0): number => (typeof v === 'number' ? v : fallback);

/** `part` of `whole` in percent, rounded to one decimal; `empty` when there is no whole (nothing due: 100, nothing found: 0). */
export const percentOf = (part: number, whole: number, empty: number): number => (whole ? Math.round(((part * 100) / whole) * 10) / 10 : empty);

/** Fen as yuan the way documents print money: 1234567 → 12,345.67. */
export const yuan = (fen: number): string => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
