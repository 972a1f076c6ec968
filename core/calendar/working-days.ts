import type { LocalizedText } from '../plugin-api';
import { statutoryYear } from './statutory-holidays';

/** A date as 'YYYY-MM-DD' (China Standard Time calendar day); all deadline arithmetic uses these. */
export type IsoDate = string;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A notice that cannot be used: the file (or screen), the field and the reason; a bad file stops boot. */
export class CalendarError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly reasonText: LocalizedText,
  ) {
    super(`${file}: ${field}: ${reasonText.en}`);
    this.name = 'CalendarError';
  }
}

export interface CalendarYear {
  year: number;
  /** Days off (public holidays and the weekend days moved into them). */
  holidays: Set<IsoDate>;
  /** Weekend days that are working days (调休上班). */
  workdays: Set<IsoDate>;
  names: Map<IsoDate, string>;
}

function toUtc(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function isValidIsoDate(s: unknown): s is IsoDate {
  return typeof s === 'string' && DATE_RE.test(s) && fromUtc(toUtc(s)) === s;
}

export function isWeekend(date: IsoDate): boolean {
  const dow = toUtc(date).getUTCDay();
  return dow === 0 || dow === 6;
}

export function addDays(date: IsoDate, n: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + n);
  return fromUtc(d);
}

/** Whole calendar days from a to b (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / 86_400_000);
}

/**
 * Same day n months later; a day that does not exist in the target month becomes its last day
 * (2026-01-31 + 1 month = 2026-02-28).
 */
export function addMonths(date: IsoDate, n: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const ty = Math.floor(total / 12);
  const tm = total % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return fromUtc(new Date(Date.UTC(ty, tm, Math.min(d, last))));
}

/** The business date of a moment: China has one time zone (UTC+8) and no daylight saving. */
export function chinaDate(at: Date): IsoDate {
  return fromUtc(new Date(at.getTime() + 8 * 3_600_000));
}

/**
 * Working days from the official holiday calendar. A year without its State Council notice uses the statutory days off
 * computed from the law (statutory-holidays.ts), and `isEstimate` says so, so a deadline can be marked for review.
 * Immutable: a newly entered notice makes a new calendar (`withYear`), so a running computation never sees a mix.
 */
export class WorkingCalendar {
  private readonly years = new Map<number, CalendarYear>();
  private readonly estimated = new Map<number, CalendarYear>();

  constructor(years: CalendarYear[]) {
    for (const y of years) {
      if (this.years.has(y.year)) throw new CalendarError(String(y.year), 'year', { zh: '重复定义', en: 'is defined twice' });
      this.years.set(y.year, y);
    }
  }

  /** The same calendar with `y` as its year's notice (replacing a shipped or earlier one). */
  withYear(y: CalendarYear): WorkingCalendar {
    return new WorkingCalendar([...[...this.years.values()].filter((o) => o.year !== y.year), y]);
  }

  covers(year: number): boolean {
    return this.years.has(year);
  }

  coveredYears(): number[] {
    return [...this.years.keys()].sort();
  }

  /** Whether a day's status comes from the law's statutory days rather than a State Council notice. */
  isEstimate(date: IsoDate): boolean {
    return !this.years.has(Number(date.slice(0, 4)));
  }

  /** A year's days off and make-up working days, from its notice or, without one, the statutory computation. */
  yearOf(year: number): CalendarYear {
    const own = this.years.get(year);
    if (own) return own;
    let est = this.estimated.get(year);
    if (!est) this.estimated.set(year, (est = statutoryYear(year)));
    return est;
  }

  isWorkingDay(date: IsoDate): boolean {
    const y = this.yearOf(Number(date.slice(0, 4)));
    if (y.workdays.has(date)) return true;
    if (y.holidays.has(date)) return false;
    return !isWeekend(date);
  }

  holidayName(date: IsoDate): string | null {
    return this.yearOf(Number(date.slice(0, 4))).names.get(date) ?? null;
  }

  /** The n-th working day after `date` (the start day itself is not counted). */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
    let d = date;
    for (let left = n; left > 0; ) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** Working days after `from` up to and including `to`; negative, counted the same way, when `to` is earlier. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    const [a, b, sign] = from <= to ? [from, to, 1] : [to, from, -1];
    let n = 0;
    for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (this.isWorkingDay(d)) n++;
    return sign * n;
  }

  /** `date` itself when it is a working day, else the next one. */
  nextWorkingDayFrom(date: IsoDate): IsoDate {
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  /**
   * n calendar months after `date`; a period ending on a day off ends on the next working day
   * (民法典 第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日).
   */
  addCalendarMonths(date: IsoDate, n: number): IsoDate {
    return this.nextWorkingDayFrom(addMonths(date, n));
  }

  /** n calendar days after `date`, moved off a day off the same way. */
  addCalendarDays(date: IsoDate, n: number): IsoDate {
    return this.nextWorkingDayFrom(addDays(date, n));
  }
}
