import {
  addDays,
  addMonths,
  chineseDate,
  chineseDateOrEmpty,
  daysBetween,
  firstDayOfMonth,
  isoDay,
  lastDayOfMonth,
  nextMonth,
  quarterBounds,
  today,
  windowStart,
} from './dates';

describe('calendar arithmetic', () => {
  // A quarter field's pattern (\d{4}-Q[1-4]) admits year 0746: its bounds must still be ISO dates, not a crash.
  it('keeps years of fewer than four digits padded', () => {
    expect(nextMonth('0746-03')).toBe('0746-04');
    expect(nextMonth('0999-12')).toBe('1000-01');
    expect(lastDayOfMonth('0746-03')).toBe('0746-03-31');
    expect(quarterBounds('0746-Q1')).toEqual({ from: '0746-01-01', to: '0746-03-31' });
    expect(addMonths('0999-12-31', 2)).toBe('1000-02-28');
  });

  it('today is the UTC day of the context clock, whatever the server zone', () => {
    expect(today({ now: new Date('2026-06-03T00:00:00Z') })).toBe('2026-06-03');
    expect(today({ now: new Date('2026-06-03T23:59:59.999Z') })).toBe('2026-06-03');
    expect(today({ now: new Date('2026-06-03T23:30:00-02:00') })).toBe('2026-06-04');
    expect(isoDay(new Date('2024-02-29T12:00:00Z'))).toBe('2024-02-29');
  });

  it('addDays crosses month ends, year ends and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-06-03', 0)).toBe('2026-06-03');
    expect(addDays('2026-01-01', 364)).toBe('2026-12-31');
    expect(addDays('2024-01-01', 365)).toBe('2024-12-31');
  });

  it('daysBetween counts calendar days, negative when b is earlier', () => {
    expect(daysBetween('2026-06-03', '2026-06-03')).toBe(0);
    expect(daysBetween('2026-06-03', '2026-06-10')).toBe(7);
    expect(daysBetween('2026-06-10', '2026-06-03')).toBe(-7);
    expect(daysBetween('2026-02-01', '2026-03-01')).toBe(28);
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    // Across the dates some zones change their clocks: UTC days keep whole numbers.
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
  });

  it('windowStart gives the first day of a window ending on a day, both included', () => {
    expect(windowStart('2026-12-31', 365)).toBe('2026-01-01');
    expect(windowStart('2026-06-30', 365)).toBe('2025-07-01');
    expect(windowStart('2024-12-31', 365)).toBe('2024-01-02'); // a leap year has 366 days
    expect(windowStart('2024-12-31', 366)).toBe('2024-01-01');
    expect(windowStart('2026-03-01', 1)).toBe('2026-03-01');
    expect(windowStart('2026-03-01', 2)).toBe('2026-02-28');
    expect(daysBetween(windowStart('2026-06-03', 30), '2026-06-03')).toBe(29);
  });

  it('first and last day of a month, February of leap and common years included', () => {
    expect(firstDayOfMonth('2026-06')).toBe('2026-06-01');
    expect(lastDayOfMonth('2026-01')).toBe('2026-01-31');
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28');
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2000-02')).toBe('2000-02-29');
    expect(lastDayOfMonth('1900-02')).toBe('1900-02-28');
    expect(lastDayOfMonth('2026-04')).toBe('2026-04-30');
    expect(lastDayOfMonth('2026-12')).toBe('2026-12-31');
  });

  it('addMonths clamps to the target month length', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });
});

describe('Chinese dates', () => {
  it('writes an ISO day without leading zeros, as official documents do', () => {
    expect(chineseDate('2026-06-03')).toBe('2026年6月3日');
    expect(chineseDate('2026-12-31')).toBe('2026年12月31日');
    expect(chineseDate('2026-10-01')).toBe('2026年10月1日');
    expect(chineseDate('2024-02-29')).toBe('2024年2月29日');
  });

  it('reads the day of a full timestamp (a stored createdAt)', () => {
    expect(chineseDate('2026-06-20T08:15:00.000Z')).toBe('2026年6月20日');
  });

  it('chineseDateOrEmpty gives an empty string for an unset or malformed value', () => {
    expect(chineseDateOrEmpty('2026-06-03')).toBe('2026年6月3日');
    for (const unset of [undefined, null, '', '2026-06', '2026-06-03T08:00:00Z', 20260603, new Date('2026-06-03')]) expect(chineseDateOrEmpty(unset)).toBe('');
  });
});
