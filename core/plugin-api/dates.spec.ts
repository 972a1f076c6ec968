import { addMonths, lastDayOfMonth, nextMonth, quarterBounds } from './dates';

describe('calendar arithmetic', () => {
  // A quarter field's pattern (\d{4}-Q[1-4]) admits year 0746: its bounds must still be ISO dates, not a crash.
  it('keeps years of fewer than four digits padded', () => {
    expect(nextMonth('0746-03')).toBe('0746-04');
    expect(nextMonth('0999-12')).toBe('1000-01');
    expect(lastDayOfMonth('0746-03')).toBe('0746-03-31');
    expect(quarterBounds('0746-Q1')).toEqual({ from: '0746-01-01', to: '0746-03-31' });
    expect(addMonths('0999-12-31', 2)).toBe('1000-02-28');
  });
});
