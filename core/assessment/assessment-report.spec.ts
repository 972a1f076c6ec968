import ExcelJS from 'exceljs';
import { buildCharts, resultsWorkbook } from './assessment-report';
import { safeCell } from '../spreadsheet/safe-cell';
import { rankResults, SubjectResult } from './subject-result';
import { PRESETS } from './scoring';

const result = (label: string, score: number, grade: string, rank: number): SubjectResult =>
  ({
    subjectId: rank,
    kind: 'person',
    personId: rank,
    departmentId: null,
    label,
    items: [],
    tally: null,
    evaluationHundredths: score,
    scoreHundredths: score,
    score: String(score / 100),
    baseGrade: grade,
    baseGradeLabel: PRESETS['004-p1'].bands.find((b) => b.code === grade)!.label,
    grade,
    gradeLabel: PRESETS['004-p1'].bands.find((b) => b.code === grade)!.label,
    caps: [{ ruleId: 'x', from: 'excellent', to: grade, fromLabel: { zh: '优秀', en: 'Excellent' }, toLabel: { zh: '良好', en: 'Good' }, reason: { zh: '=HYPERLINK("x")', en: '=x' } }],
    notBinding: [],
    excludedFromPromotion: true,
    consequences: [],
    pending: false,
    rank,
  }) as SubjectResult;

describe('assessment export and charts', () => {
  it('ranks people and departments apart; equal scores share a rank', () => {
    const dept = (label: string, score: number) => ({ ...result(label, score, 'good', 0), kind: 'department' });
    const ranked = rankResults([result('甲', 9000, 'good', 0), dept('药剂科', 8500), result('乙', 9100, 'good', 0), result('丙', 9000, 'good', 0), result('丁', 8000, 'good', 0), dept('总务科', 9900)]);
    expect(ranked.map((r) => [r.kind, r.label, r.rank])).toEqual([
      ['department', '总务科', 1],
      ['department', '药剂科', 2],
      ['person', '乙', 1],
      ['person', '丙', 2],
      ['person', '甲', 2],
      ['person', '丁', 4],
    ]);
  });

  it('neutralises formula-like cells', () => {
    expect(safeCell('=1+1')).toBe("'=1+1");
    expect(safeCell('+86')).toBe("'+86");
    expect(safeCell('-2')).toBe("'-2");
    expect(safeCell('@SUM')).toBe("'@SUM");
    expect(safeCell('张三')).toBe('张三');
    expect(safeCell(86.49)).toBe(86.49);
  });

  it('writes a workbook with one row per subject and no live formulas', async () => {
    const buf = await resultsWorkbook('2026年度考核', [result('=cmd|calc', 9718, 'good', 1), result('张三', 8489, 'fair', 2)], 'zh');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).getCell(1).value).toBe('排名');
    expect(ws.getRow(3).getCell(2).value).toBe("'=cmd|calc");
    expect(ws.getRow(3).getCell(5).value).toBe(97.18);
    expect(ws.getRow(3).getCell(8).value).toBe('\'=HYPERLINK("x")');
    expect(ws.getRow(4).getCell(7).value).toBe('一般');
  });

  it('draws one bar per grade, as tall as its count, and a series per subject across periods', () => {
    const c = buildCharts([result('甲', 9718, 'good', 1), result('乙', 8489, 'good', 2), result('丙', 7000, 'fair', 3)], PRESETS['004-p1'].bands, 'zh', [
      { period: '2025', scores: [{ label: '甲', hundredths: 9000 }] },
      { period: '2026', scores: [{ label: '甲', hundredths: 9718 }, { label: '乙', hundredths: 8489 }] },
    ]);
    expect(c.bars.map((b) => [b.label, b.count])).toEqual([['优秀', 0], ['良好', 2], ['一般', 1], ['差', 0]]);
    expect(c.bars[1].height).toBe(2 * c.bars[2].height);
    expect(c.trend.series.map((s) => [s.label, s.dots.length])).toEqual([['甲', 2], ['乙', 1]]);
  });
});
