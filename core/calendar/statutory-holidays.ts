/**
 * The days off the law itself fixes (全国年节及纪念日放假办法, as amended by 国务院令第795号, in force 2025-01-01), for a year
 * whose State Council holiday notice is neither entered (/admin/calendar) nor in config/calendar: 元旦 1 day, 春节 4 days (除夕 to 正月初三), 清明 1 day,
 * 劳动节 2 days, 端午 1 day, 中秋 1 day, 国庆 3 days; a statutory day falling on a Saturday or Sunday is made up on the
 * next weekday (第六条). The notice's extra bridge days and make-up Saturdays cannot be known before it is published,
 * so deadlines counted this way are marked as estimates.
 */
type IsoDate = string;

/** The shape of working-days.ts's CalendarYear, declared here so the two files do not import each other. */
export interface StatutoryYear {
  year: number;
  holidays: Set<IsoDate>;
  workdays: Set<IsoDate>;
  names: Map<IsoDate, string>;
}

const CHINESE = new Intl.DateTimeFormat('en-u-ca-chinese', { timeZone: 'UTC', month: 'numeric', day: 'numeric' });

function iso(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

function shift(date: IsoDate, n: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
}

const weekend = (date: IsoDate) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/** The Gregorian day in `year` of a lunar month and day (never a leap month), from ICU's Chinese calendar. */
export function lunarDay(year: number, month: number, day: number): IsoDate {
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
    const parts = CHINESE.formatToParts(d);
    if (parts.find((p) => p.type === 'month')?.value === String(month) && parts.find((p) => p.type === 'day')?.value === String(day)) return iso(d);
  }
  throw new RangeError(`no lunar ${month}/${day} in ${year}`);
}

/** 清明: the solar term, by the usual 21st-century formula (day = ⌊Y × 0.2422 + 4.81⌋ − ⌊Y / 4⌋ of April, Y = year mod 100). */
export function qingming(year: number): IsoDate {
  const y = year % 100;
  const day = Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4);
  return `${year}-04-${String(day).padStart(2, '0')}`;
}

/**
 * 正月初一 as the almanacs (紫金山天文台) give it. ICU's lunations can land a day late when a new moon falls minutes
 * before Beijing midnight (it puts 2027 on 02-07 and 2030 on 02-02); later years fall back to ICU.
 */
const SPRING_FESTIVAL: Record<number, IsoDate> = {
  2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13', 2030: '2030-02-03', 2031: '2031-01-23',
  2032: '2032-02-11', 2033: '2033-01-31', 2034: '2034-02-19', 2035: '2035-02-08',
};

/** The statutory days off of `year`, with weekend ones made up on the following weekdays. */
export function statutoryYear(year: number): StatutoryYear {
  const springFestival = SPRING_FESTIVAL[year] ?? lunarDay(year, 1, 1);
  const blocks: { name: string; days: IsoDate[] }[] = [
    { name: '元旦', days: [`${year}-01-01`] },
    { name: '春节', days: [-1, 0, 1, 2].map((n) => shift(springFestival, n)) },
    { name: '清明节', days: [qingming(year)] },
    { name: '劳动节', days: [`${year}-05-01`, `${year}-05-02`] },
    { name: '端午节', days: [lunarDay(year, 5, 5)] },
    { name: '中秋节', days: [lunarDay(year, 8, 15)] },
    { name: '国庆节', days: [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`] },
  ];
  const out: StatutoryYear = { year, holidays: new Set(), workdays: new Set(), names: new Map() };
  for (const b of blocks) for (const d of b.days) out.holidays.add(d);
  for (const b of blocks) {
    for (const d of b.days) out.names.set(d, b.name);
    let owed = b.days.filter(weekend).length;
    for (let d = shift(b.days[b.days.length - 1], 1); owed > 0; d = shift(d, 1)) {
      if (weekend(d) || out.holidays.has(d)) continue;
      out.holidays.add(d);
      out.names.set(d, `${b.name}（补假）`);
      owed--;
    }
  }
  return out;
}
