import { chineseTime } from './warning-documents';
import { reportChart } from './warning-report.service';

describe('warning documents: times and the report chart', () => {
  it('writes an interview time the way a notice does', () => {
    expect(chineseTime('2026-06-25T09:30')).toBe('2026年6月25日上午9时30分');
    expect(chineseTime('2026-06-25T09:00')).toBe('2026年6月25日上午9时');
    expect(chineseTime('2026-06-25T12:15')).toBe('2026年6月25日中午12时15分');
    expect(chineseTime('2026-12-01T15:05')).toBe('2026年12月1日下午3时5分');
  });

  it('scales the four-quarter bars to the tallest one (150 high, axis at 200)', () => {
    const trend = [
      { label: '2025Q3', clues: 3, warnings: 1, top: 0 },
      { label: '2025Q4', clues: 5, warnings: 2, top: 1 },
      { label: '2026Q1', clues: 4, warnings: 2, top: 0 },
      { label: '2026Q2', clues: 6, warnings: 3, top: 1 },
    ];
    const { chartBars, chartLabels } = reportChart(trend);
    expect(chartBars).toHaveLength(8);
    expect(chartBars[6]).toEqual({ kind: 'clues', x: '460', y: '50', h: '150', n: '6', tx: '473', ty: '44' });
    expect(chartBars[1]).toEqual({ kind: 'warnings', x: '72', y: '175', h: '25', n: '1', tx: '85', ty: '169' });
    expect(chartLabels.map((l) => l.x)).toEqual(['70', '210', '350', '490']);
    // No data at all still draws an axis with zero-height bars, never a division by zero.
    expect(reportChart(trend.map((q) => ({ ...q, clues: 0, warnings: 0 }))).chartBars.every((b) => b.h === '0' && b.y === '200')).toBe(true);
  });
});
