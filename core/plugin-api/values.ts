/** Reading loosely typed record values (plugin JSON, options, rows) and formatting numbers. Shared by plugins. */

/** The value when it is a string, else '' (kept as stored: dates and codes compare exactly). */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The value trimmed when it is a string, else '' (names typed by hand, where ' 张三' is '张三'). */
export const trimmedStr = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The value when it is a number, else `fallback` (an absent amount counts as 0; an unset option takes its default). */
export const num = (v: unknown, fallback = 0): number => (typeof v === 'number' ? v : fallback);

/** `part` of `whole` in percent, rounded to one decimal; `empty` when there is no whole (nothing due: 100, nothing found: 0). */
export const percentOf = (part: number, whole: number, empty: number): number => (whole ? Math.round(((part * 100) / whole) * 10) / 10 : empty);

// One formatter each, made once: toLocaleString builds a new ICU formatter per call (about 30 µs, most of a dashboard's time).
const YUAN = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const WHOLE_YUAN = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

/** Fen as yuan the way documents print money: 1234567 → 12,345.67. */
export const yuan = (fen: number): string => YUAN.format(fen / 100);

/** Fen as whole yuan, for a chart's or a total column's figures: 1234567 → 12,346. */
export const wholeYuan = (fen: number): string => WHOLE_YUAN.format(fen / 100);

/** Fen as an amount in words of both languages, for a screen's cell (as core's 'ui.money_yuan'): 12,345.67 元 / CNY 12,345.67. */
export const yuanText = (fen: number): { zh: string; en: string } => ({ zh: `${yuan(fen)} 元`, en: `CNY ${yuan(fen)}` });

/** A yes/no in both languages, for a screen's cell. */
export const yesNo = (v: boolean): { zh: string; en: string } => (v ? { zh: '是', en: 'Yes' } : { zh: '否', en: 'No' });

/** An amount typed in yuan (12, 12.5, 1,234.56; at most two decimals) as fen; null when it is not such an amount. */
export function fenFromYuan(typed: string): number | null {
  const m = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/.exec(typed.replace(/[,，\s]/g, ''));
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] && fen ? -fen : fen;
}

/** Fen as a money input shows it, in yuan with two decimals: 123450 → 1234.50. */
export const yuanInput = (fen: number): string => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
