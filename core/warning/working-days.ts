import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { statutoryYear } from './statutory-holidays';

/** A date as 'YYYY-MM-DD' (China Standard Time calendar day); all deadline arithmetic uses these. */
export type IsoDate = string;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar file that cannot be used stops boot with the file, the field and the reason. */
export class CalendarError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${file}: ${field}: ${reason}`);
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

export function parseCalendarYaml(file: string, text: string): CalendarYear {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new CalendarError(file, '(file)', `is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CalendarError(file, '(file)', 'must be a mapping with year, holidays, workdays');
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) if (!['year', 'holidays', 'workdays'].includes(key)) throw new CalendarError(file, key, 'unknown field (allowed: year, holidays, workdays)');
  const year = obj.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100) throw new CalendarError(file, 'year', `must be a year such as 2026, got ${JSON.stringify(year)}`);
  const expected = path.basename(file).replace(/\.ya?ml$/, '');
  if (expected !== String(year)) throw new CalendarError(file, 'year', `must equal the file name "${expected}"`);
  const out: CalendarYear = { year, holidays: new Set(), workdays: new Set(), names: new Map() };
  const inYear = (field: string, v: unknown): IsoDate => {
    if (!isValidIsoDate(v)) throw new CalendarError(file, field, `must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
    if (!v.startsWith(`${year}-`)) throw new CalendarError(file, field, `${v} is not in ${year}`);
    return v;
  };
  const list = (field: string): Record<string, unknown>[] => {
    const v = obj[field] ?? [];
    if (!Array.isArray(v)) throw new CalendarError(file, field, 'must be a list');
    v.forEach((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new CalendarError(file, `${field}[${i}]`, 'must be a mapping');
    });
    return v as Record<string, unknown>[];
  };
  list('holidays').forEach((h, i) => {
    const name = h.name;
    if (typeof name !== 'string' || !name.trim()) throw new CalendarError(file, `holidays[${i}].name`, 'is required');
    const from = inYear(`holidays[${i}].from`, h.from);
    const to = inYear(`holidays[${i}].to`, h.to ?? h.from);
    if (to < from) throw new CalendarError(file, `holidays[${i}].to`, `${to} is before from ${from}`);
    for (let d = from; d <= to; d = addDays(d, 1)) {
      out.holidays.add(d);
      out.names.set(d, name);
    }
  });
  list('workdays').forEach((w, i) => {
    const date = inYear(`workdays[${i}].date`, w.date);
    if (out.holidays.has(date)) throw new CalendarError(file, `workdays[${i}].date`, `${date} is also listed as a holiday`);
    const dow = toUtc(date).getUTCDay();
    if (dow !== 0 && dow !== 6) throw new CalendarError(file, `workdays[${i}].date`, `${date} is a weekday; only weekend days can be make-up working days`);
    out.workdays.add(date);
  });
  return out;
}

/** Reads every `<year>.yaml` in a folder; a missing folder or a duplicate year is an error. */
export function loadCalendarDir(dir: string): CalendarYear[] {
  if (!fs.existsSync(dir)) throw new CalendarError(dir, '(folder)', 'does not exist; ship at least the current year (e.g. 2026.yaml)');
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  if (!files.length) throw new CalendarError(dir, '(folder)', 'contains no <year>.yaml file');
  return files.map((f) => parseCalendarYaml(path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8')));
}

/**
 * Working days from the official holiday calendar. A year without its notice file uses the statutory days off
 * computed from the law (statutory-holidays.ts), and `isEstimate` says so, so a deadline can be marked for review.
 */
export class WorkingCalendar {
  private readonly years = new Map<number, CalendarYear>();
  private readonly estimated = new Map<number, CalendarYear>();

  constructor(years: CalendarYear[]) {
    for (const y of years) {
      if (this.years.has(y.year)) throw new CalendarError(String(y.year), 'year', 'is defined twice');
      this.years.set(y.year, y);
    }
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

  private yearOf(year: number): CalendarYear {
    const own = this.years.get(year);
    if (own) return own;
    let est = this.estimated.get(year);
    if (!est) this.estimated.set(year, (est = statutoryYear(year)));
    return est;
  }

  isWorkingDay(date: IsoDate): boolean {
    const y = this.yearOf(Number(date.slice(0, 4)));
    if (y?.workdays.has(date)) return true;
    if (y?.holidays.has(date)) return false;
    const dow = toUtc(date).getUTCDay();
    return dow !== 0 && dow !== 6;
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

/** The shipped calendar folder (config/calendar), from both ts-node/jest and dist/ layouts. */
export function shippedCalendarDir(): string {
  const root = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));
  return path.join(root, 'config', 'calendar');
}

/** `<configDir>/calendar` when the deployment has one, else the calendar shipped with the platform. */
export function loadWorkingCalendar(configDir: string): WorkingCalendar {
  const own = path.join(configDir, 'calendar');
  return new WorkingCalendar(loadCalendarDir(fs.existsSync(own) ? own : shippedCalendarDir()));
}
