/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so it never depends on the server's zone. Shared by plugins. */
const DAY = 86_400_000;
const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** The day a rule, indicator or screen runs on (its context's clock, as a UTC ISO day). */
export const today = (ctx: { now: Date }) => isoDay(ctx.now);
export const addDays = (iso: string, n: number) => isoDay(new Date(ms(iso) + n * DAY));
export const daysBetween = (a: string, b: string) => Math.round((ms(b) - ms(a)) / DAY);
/** The first day of the `days`-day window that ends on `lastDay`, both included: windowStart('2026-12-31', 365) = '2026-01-01'. */
export const windowStart = (lastDay: string, days: number) => addDays(lastDay, 1 - days);
export const monthOf = (iso: string) => iso.slice(0, 7);
export const quarterOf = (iso: string) => `${iso.slice(0, 4)}-Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`;

/** Adds calendar months, clamping the day to the target month's length (01-31 + 1 month = 02-28). */
export function addMonths(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The month after `month` (YYYY-MM). */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  // Years stay four digits (0999 → 1000, not 999): an unpadded year is no ISO date and Date.parse gives NaN.
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;
}

export const firstDayOfMonth = (month: string) => `${month}-01`;
export const lastDayOfMonth = (month: string) => addDays(firstDayOfMonth(nextMonth(month)), -1);

/** First and last day of a quarter (YYYY-Qn). */
export function quarterBounds(q: string): { from: string; to: string } {
  const y = q.slice(0, 4);
  const n = Number(q.slice(6));
  const first = `${y}-${String((n - 1) * 3 + 1).padStart(2, '0')}`;
  return { from: `${first}-01`, to: lastDayOfMonth(`${y}-${String(n * 3).padStart(2, '0')}`) };
}

export function nextQuarter(q: string): string {
  const y = Number(q.slice(0, 4));
  const n = Number(q.slice(6));
  return n === 4 ? `${y + 1}-Q1` : `${y}-Q${n + 1}`;
}

/** Day `day` of the month after `month`, clamped to that month's length. */
export function dayOfNextMonth(month: string, day: number): string {
  const next = nextMonth(month);
  const last = Number(lastDayOfMonth(next).slice(8));
  return `${next}-${String(Math.min(Math.max(1, day), last)).padStart(2, '0')}`;
}

/** Monday of the ISO week containing `iso`. */
export function mondayOf(iso: string): string {
  const dow = (new Date(ms(iso)).getUTCDay() + 6) % 7;
  return addDays(iso, -dow);
}

/** ISO 8601 week label, e.g. 2026-W23 (the week's Thursday decides its year). */
export function isoWeek(iso: string): string {
  const thursday = addDays(mondayOf(iso), 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** 2026年6月3日, as official documents write dates. */
export const chineseDate = (iso: string) => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/**
 * A period as people write it: 2026 → 2026年, 2026-02 → 2026年2月, 2026-Q4 → 2026年第四季度, 2026-W07 → 2026年第7周,
 * a day as chineseDate, `a~b` → a至b; null for anything else.
 */
export function chinesePeriod(id: string): string | null {
  const range = id.split('~');
  if (range.length === 2) {
    const [a, b] = range.map(chinesePeriod);
    return a && b ? `${a}至${b}` : null;
  }
  if (/^[0-9]{4}$/.test(id)) return `${id}年`;
  if (/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(id)) return `${id.slice(0, 4)}年${Number(id.slice(5))}月`;
  if (/^[0-9]{4}-Q[1-4]$/.test(id)) return `${id.slice(0, 4)}年第${'一二三四'[Number(id.slice(6)) - 1]}季度`;
  if (/^[0-9]{4}-H[12]$/.test(id)) return `${id.slice(0, 4)}年${id.endsWith('1') ? '上' : '下'}半年`;
  if (/^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$/.test(id)) return `${id.slice(0, 4)}年第${Number(id.slice(6))}周`;
  if (/^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/.test(id)) return chineseDate(id);
  return null;
}

/** chineseDate of a record value that may be unset: '' unless it is a ten-character ISO day. */
export const chineseDateOrEmpty = (v: unknown) => (typeof v === 'string' && v.length === 10 ? chineseDate(v) : '');

/** A reporting period from its id: a year (`2026`) or a quarter (`2026-Q1`); null for anything else. */
export function periodOf(id: string): { id: string; from: string; to: string } | null {
  if (/^[0-9]{4}$/.test(id)) return { id, from: `${id}-01-01`, to: `${id}-12-31` };
  if (/^[0-9]{4}-Q[1-4]$/.test(id)) return { id, ...quarterBounds(id) };
  return null;
}

/** Whether an ISO day falls in the period (inclusive); always true with no period. */
export const inPeriod = (day: string, period?: { from: string; to: string }) => !period || (day >= period.from && day <= period.to);

/** An instant (ISO, any zone) as Beijing time to the minute, 2026-11-22 11:05: China keeps UTC+8 all year, no daylight saving. */
export const beijingMinute = (instant: string) => new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
