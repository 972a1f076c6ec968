import { selfCheckPeriods } from './self-check.service';

describe('selfCheckPeriods (000 cadence)', () => {
  it('gives grade A two half-year reports due before 06-20 and 11-20', () => {
    expect(selfCheckPeriods(1, 2026, ['06-20', '11-20'])).toEqual([
      { key: '2026H1', opensOn: '2026-01-01', dueDate: '2026-06-20' },
      { key: '2026H2', opensOn: '2026-06-21', dueDate: '2026-11-20' },
    ]);
  });

  it('gives grades B and C one yearly report due at the second date', () => {
    expect(selfCheckPeriods(2, 2026, ['06-20', '11-20'])).toEqual([{ key: '2026', opensOn: '2026-01-01', dueDate: '2026-11-20' }]);
    expect(selfCheckPeriods(3, 2027, ['06-30', '12-10'])).toEqual([{ key: '2027', opensOn: '2027-01-01', dueDate: '2027-12-10' }]);
  });
});
