import { rankUnits, UnitRow, unitScore } from './unit-ranking.service';

const row = (name: string, scoreHundredths: number | null): UnitRow => ({ institutionId: 0, name, rank: null, scoreHundredths, score: '', assessed: 0, grades: [] });

describe('unit ranking', () => {
  it('scores a unit as the mean of its subjects’ hundredths, rounded half up', () => {
    expect(unitScore([])).toBeNull();
    expect(unitScore([9760, 7680])).toBe(8720);
    // (8001 + 8000) / 2 = 8000.5 → 8001; (8000 + 8000 + 8001) / 3 = 8000.33 → 8000
    expect(unitScore([8001, 8000])).toBe(8001);
    expect(unitScore([8000, 8000, 8001])).toBe(8000);
  });

  it('ranks highest first, equal scores share a rank, units without a result come last unranked', () => {
    const out = rankUnits([row('乙镇', 8000), row('甲镇', 9000), row('丙镇', null), row('丁镇', 8000), row('戊镇', 7000)]);
    expect(out.map((r) => [r.name, r.rank])).toEqual([
      ['甲镇', 1],
      ['丁镇', 2],
      ['乙镇', 2],
      ['戊镇', 4],
      ['丙镇', null],
    ]);
  });
});
