import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCalendarDir, loadWorkingCalendar, parseCalendarYaml, shippedCalendarDir } from './calendar-notice';
import { addMonths, CalendarError, chinaDate, daysBetween, WorkingCalendar } from './working-days';
import { lunarDay, qingming, statutoryYear } from './statutory-holidays';

describe('working-day calendar (config/calendar/2026.yaml)', () => {
  const cal = new WorkingCalendar(loadCalendarDir(shippedCalendarDir()));

  it('ships 2026 with the 33 days off and 6 make-up working days of the State Council notice', () => {
    const [y] = loadCalendarDir(shippedCalendarDir()).filter((c) => c.year === 2026);
    expect(y.holidays.size).toBe(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect([...y.workdays].sort()).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(cal.holidayName('2026-02-17')).toBe('春节');
  });

  it('classifies holidays, weekends and make-up Saturdays/Sundays', () => {
    expect(cal.isWorkingDay('2026-10-01')).toBe(false); // 国庆 Thursday
    expect(cal.isWorkingDay('2026-10-08')).toBe(true);
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Saturday, 调休上班
    expect(cal.isWorkingDay('2026-10-11')).toBe(false); // ordinary Sunday
    expect(cal.isWorkingDay('2026-09-20')).toBe(true); // Sunday, 调休上班
    expect(cal.isWorkingDay('2026-02-23')).toBe(false); // last day of 春节, a Monday
    expect(cal.isWorkingDay('2026-02-24')).toBe(true);
    expect(cal.isWorkingDay('2026-06-19')).toBe(false); // 端午 Friday
  });

  it('7 working days from 2026-09-28 skip 10-01..10-07, count Saturday 10-10 and end on 2026-10-13', () => {
    // 09-29, 09-30, 10-08, 10-09, 10-10 (Sat), 10-12, 10-13
    expect(cal.addWorkingDays('2026-09-28', 7)).toBe('2026-10-13');
    expect(cal.addWorkingDays('2026-09-28', 5)).toBe('2026-10-10');
    expect(cal.addWorkingDays('2026-09-28', 2)).toBe('2026-09-30');
    expect(cal.addWorkingDays('2026-09-28', 3)).toBe('2026-10-08');
  });

  it('counts the working days between two dates both ways, the inverse of addWorkingDays', () => {
    expect(cal.workingDaysBetween('2026-09-28', '2026-10-13')).toBe(7);
    expect(cal.workingDaysBetween('2026-10-13', '2026-09-28')).toBe(-7);
    expect(cal.workingDaysBetween('2026-07-01', '2026-07-01')).toBe(0);
    // From a Friday to the next Monday: the weekend does not count.
    expect(cal.workingDaysBetween('2026-07-03', '2026-07-06')).toBe(1);
  });

  it('10 working days from 2026-02-12 cross 春节 and both make-up Saturdays: 2026-03-04', () => {
    // 02-13, 02-14 (Sat), 02-24, 02-25, 02-26, 02-27, 02-28 (Sat), 03-02, 03-03, 03-04
    expect(cal.addWorkingDays('2026-02-12', 10)).toBe('2026-03-04');
    expect(cal.addWorkingDays('2026-02-12', 2)).toBe('2026-02-14');
    expect(cal.addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
  });

  it('counts across 元旦 and 劳动节 and from a weekend start', () => {
    expect(cal.addWorkingDays('2025-12-31', 3)).toBe('2026-01-06'); // 01-04 (Sun) 01-05 01-06
    expect(cal.addWorkingDays('2026-04-30', 2)).toBe('2026-05-07'); // 05-06, 05-07
    expect(cal.addWorkingDays('2026-04-30', 4)).toBe('2026-05-09'); // 05-06..05-08, 05-09 (Sat)
    expect(cal.addWorkingDays('2026-09-19', 1)).toBe('2026-09-20');
    expect(cal.addWorkingDays('2026-07-01', 0)).toBe('2026-07-01');
    expect(() => cal.addWorkingDays('2026-07-01', -1)).toThrow(RangeError);
  });

  it('counts a year without its notice by the statutory days off, marked as an estimate', () => {
    expect(cal.covers(2027)).toBe(false);
    expect(cal.isEstimate('2027-01-04')).toBe(true);
    expect(cal.isEstimate('2026-12-31')).toBe(false);
    // 元旦 2027-01-01 (Friday) is a day off: 01-04, 01-05 (was 01-04 when Monday–Friday counted 元旦 as working)
    expect(cal.addWorkingDays('2026-12-31', 2)).toBe('2027-01-05');
    expect(cal.holidayName('2027-01-01')).toBe('元旦');
  });

  it('computes the statutory days so that every one of 2026 is a day off in the 2026 State Council notice', () => {
    const est = statutoryYear(2026);
    const [notice] = loadCalendarDir(shippedCalendarDir()).filter((c) => c.year === 2026);
    // 元旦 1, 春节 4 (除夕 02-16 to 初三 02-19), 清明 04-05 (Sunday) + 04-06, 劳动节 05-01, 05-02 (Saturday) + 05-04, 端午 06-19, 中秋 09-25, 国庆 3 + 10-05 for Saturday 10-03
    expect([...est.holidays].sort()).toEqual(['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-04-05', '2026-04-06', '2026-05-01', '2026-05-02', '2026-05-04', '2026-06-19', '2026-09-25', '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-05']);
    expect([...est.holidays].filter((d) => !notice.holidays.has(d))).toEqual([]);
    expect(est.names.get('2026-05-04')).toBe('劳动节（补假）');
  });

  it('computes 清明 and the lunar festivals of other years', () => {
    expect(['2025', '2026', '2027', '2028'].map((y) => qingming(Number(y)))).toEqual(['2025-04-04', '2026-04-05', '2027-04-05', '2028-04-04']);
    expect(lunarDay(2025, 1, 1)).toBe('2025-01-29');
    expect(lunarDay(2025, 5, 5)).toBe('2025-05-31');
    expect(lunarDay(2025, 8, 15)).toBe('2025-10-06');
    // 春节 2027 is 02-06 (a Saturday): 除夕 02-05 to 初三 02-08, and the Saturday and Sunday made up on 02-09 and 02-10.
    expect([...statutoryYear(2027).holidays].filter((d) => d.startsWith('2027-02')).sort()).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10']);
  });

  it('adds calendar months, clamping to the month end, and moves a period ending on a day off', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-03-31', 11)).toBe('2027-02-28');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    expect(addMonths('2026-03-15', -1)).toBe('2026-02-15');
    expect(cal.addCalendarMonths('2026-09-01', 1)).toBe('2026-10-08'); // 10-01 is 国庆
    expect(cal.addCalendarMonths('2026-06-15', 1)).toBe('2026-07-15');
    expect(cal.addCalendarDays('2026-09-24', 7)).toBe('2026-10-08');
  });

  it('uses the China calendar day of a UTC moment and counts days between dates', () => {
    expect(chinaDate(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01');
    expect(chinaDate(new Date('2026-09-30T15:59:00Z'))).toBe('2026-09-30');
    expect(daysBetween('2026-09-28', '2026-10-13')).toBe(15);
  });

  describe('loader errors name the file, the field and the reason', () => {
    const bad = (text: string, file = '2026.yaml') => {
      try {
        parseCalendarYaml(file, text);
      } catch (err) {
        expect(err).toBeInstanceOf(CalendarError);
        return (err as Error).message;
      }
      throw new Error('expected a CalendarError');
    };
    it.each([
      ['year: 2026\nholidays: [{ name: x, from: 2026-02-30 }]', '2026.yaml: holidays[0].from: must be a date YYYY-MM-DD, got "2026-02-30"'],
      ['year: 2026\nholidays: [{ name: x, from: 2027-01-01 }]', '2026.yaml: holidays[0].from: 2027-01-01 is not in 2026'],
      ['year: 2026\nholidays: [{ name: x, from: 2026-01-03, to: 2026-01-01 }]', '2026.yaml: holidays[0].to: 2026-01-01 is before from 2026-01-03'],
      ['year: 2026\nworkdays: [{ date: 2026-01-05 }]', '2026.yaml: workdays[0].date: 2026-01-05 is a weekday; only weekend days can be make-up working days'],
      ['year: 2026\nholidays: [{ name: x, from: 2026-01-03 }]\nworkdays: [{ date: 2026-01-03 }]', '2026.yaml: workdays[0].date: 2026-01-03 is also listed as a holiday'],
      ['year: 2025', '2026.yaml: year: must equal the file name "2026"'],
      ['year: 2026\nholiday: []', '2026.yaml: holiday: unknown field (allowed: year, holidays, workdays)'],
      ['year: [', '2026.yaml: (file): is not valid YAML'],
    ])('%s', (text, message) => {
      expect(bad(text)).toContain(message);
    });

    it('refuses a missing or empty folder', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cal-'));
      expect(() => loadCalendarDir(dir)).toThrow('contains no <year>.yaml file');
      expect(() => loadCalendarDir(path.join(dir, 'nope'))).toThrow('does not exist');
      fs.rmSync(dir, { recursive: true });
    });

    it('prefers a deployment calendar folder over the shipped one', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cal-'));
      fs.mkdirSync(path.join(dir, 'calendar'));
      fs.writeFileSync(path.join(dir, 'calendar', '2026.yaml'), 'year: 2026\nholidays: [{ name: 测试, from: 2026-07-01 }]\n');
      const own = loadWorkingCalendar(dir);
      expect(own.isWorkingDay('2026-07-01')).toBe(false);
      expect(own.isWorkingDay('2026-10-01')).toBe(true);
      expect(loadWorkingCalendar(path.join(dir, 'none')).isWorkingDay('2026-10-01')).toBe(false);
      fs.rmSync(dir, { recursive: true });
    });
  });
});
