import { pairForGrade } from './risk-presets-import.service';
import { DEFAULT_GRADE_MATRIX, gradeOf } from './risk.presets';

describe('pairForGrade', () => {
  it('takes the most balanced likelihood × harm pair of a grade, then the higher one', () => {
    const s = { gradeMatrix: DEFAULT_GRADE_MATRIX };
    expect([1, 2, 3].map((g) => pairForGrade(s, g as 1 | 2 | 3))).toEqual([
      { likelihood: 3, harm: 3 },
      { likelihood: 2, harm: 2 },
      { likelihood: 1, harm: 1 },
    ]);
  });

  it('follows a configured matrix, and answers null for a grade it cannot give', () => {
    const s = { gradeMatrix: [[3, 3, 2], [3, 2, 2], [2, 2, 2]] as (1 | 2 | 3)[][] };
    const p = pairForGrade(s, 3)!;
    expect(gradeOf(s, p.likelihood, p.harm)).toBe(3);
    expect(p).toEqual({ likelihood: 1, harm: 1 });
    expect(pairForGrade(s, 1)).toBeNull();
  });
});
