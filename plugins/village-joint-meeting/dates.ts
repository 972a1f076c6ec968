/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so it never depends on the server's zone. */
const DAY = 86_400_000;
const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (iso: string, n: number) => isoDay(new Date(ms(iso) + n * DAY));
export const daysBetween = (a: string, b: string) => Math.round((ms(b) - ms(a)) / DAY);
export const monthOf = (iso: string) => iso.slice(0, 7);

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

/** The month after `month` (YYYY-MM). */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export const lastDayOfMonth = (month: string) => addDays(`${nextMonth(month)}-01`, -1);

/** 2026年6月3日 */
export const chineseDate = (iso: string) => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
