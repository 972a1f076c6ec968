import { inPeriod, periodOf } from './dates';

describe('reporting periods for indicators', () => {
  it('reads a year and a quarter, and nothing else', () => {
    expect(periodOf('2026')).toEqual({ id: '2026', from: '2026-01-01', to: '2026-12-31' });
    expect(periodOf('2026-Q1')).toEqual({ id: '2026-Q1', from: '2026-01-01', to: '2026-03-31' });
    expect(periodOf('2024-Q4')).toEqual({ id: '2024-Q4', from: '2024-10-01', to: '2024-12-31' });
    for (const bad of ['2026-Q5', '2026-Q0', '26', '2026-03', '']) expect(periodOf(bad)).toBeNull();
  });

  it('includes both ends, and everything with no period', () => {
    const q = periodOf('2026-Q2')!;
    expect([inPeriod('2026-03-31', q), inPeriod('2026-04-01', q), inPeriod('2026-06-30', q), inPeriod('2026-07-01', q)]).toEqual([false, true, true, false]);
    expect(inPeriod('1999-01-01')).toBe(true);
  });
});
