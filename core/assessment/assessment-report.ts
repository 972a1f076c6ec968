import { loadExcel } from '../lazy-modules';
import type { LocalizedText } from '../plugin-api';
import type { SubjectResult } from './subject-result';
import { safeCell } from '../spreadsheet/safe-cell';
import { formatHundredths, GradeBand } from './scoring';

const KIND_LABELS: Record<string, LocalizedText> = { person: { zh: '个人', en: 'Person' }, department: { zh: '科室', en: 'Department' }, unit: { zh: '单位', en: 'Unit' } };
const UNIT_BARRED: LocalizedText = { zh: '否（当年不得评为先进单位）', en: 'No (not an advanced unit this year)' };

export async function resultsWorkbook(title: string, results: SubjectResult[], lang: 'zh' | 'en'): Promise<Buffer> {
  const pick = (t: LocalizedText) => t[lang] || t.zh;
  const wb = new (loadExcel().Workbook)();
  const ws = wb.addWorksheet(lang === 'zh' ? '考核结果' : 'Results');
  ws.addRow([safeCell(title)]).font = { bold: true, size: 14 };
  const header = lang === 'zh'
    ? ['排名', '考核对象', '类型', '民主测评得分', '总分', '计分等次', '最终等次', '等次限制及原因', '列入评先评优/提拔名单', '处理建议']
    : ['Rank', 'Subject', 'Kind', 'Evaluation score', 'Score', 'Grade by points', 'Final grade', 'Caps and reasons', 'On award/promotion lists', 'Consequences'];
  ws.addRow(header).font = { bold: true };
  for (const r of results) {
    ws.addRow([
      r.rank,
      safeCell(r.label),
      pick(KIND_LABELS[r.kind] ?? KIND_LABELS.department),
      r.evaluationHundredths === null ? null : r.evaluationHundredths / 100,
      r.scoreHundredths / 100,
      pick(r.baseGradeLabel),
      pick(r.gradeLabel),
      safeCell([...r.caps, ...r.notBinding].map((c) => pick(c.reason)).join('\n')),
      r.excludedFromPromotion ? (r.kind === 'unit' ? pick(UNIT_BARRED) : lang === 'zh' ? '否' : 'No') : lang === 'zh' ? '是' : 'Yes',
      safeCell(r.consequences.map((c) => pick(c.label)).join('；')),
    ]);
  }
  for (const c of [4, 5]) ws.getColumn(c).numFmt = '0.00';
  ws.columns.forEach((col, i) => (col.width = [6, 16, 8, 12, 10, 10, 10, 50, 14, 30][i]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  count: number;
  labelX: number;
}

export interface TrendSeries {
  label: string;
  cls: string;
  points: string;
  dots: { x: number; y: number; score: string }[];
}

export interface Charts {
  width: number;
  height: number;
  bars: Bar[];
  trend: { periods: { x: number; label: string }[]; series: TrendSeries[]; gridlines: { y: number; label: string }[] };
}

const W = 560;
const H = 220;
const PAD = 36;

/** Geometry for the inline SVG charts: the grade distribution and each subject's score over past periods. */
export function buildCharts(results: SubjectResult[], bands: GradeBand[], lang: 'zh' | 'en', history: { period: string; scores: { label: string; hundredths: number }[] }[]): Charts {
  const counts = bands.map((b) => results.filter((r) => r.grade === b.code).length);
  const max = Math.max(1, ...counts);
  const slot = (W - 2 * PAD) / bands.length;
  const bars = bands.map((b, i) => {
    const height = Math.round(((H - 2 * PAD) * counts[i]) / max);
    const x = Math.round(PAD + i * slot + slot * 0.2);
    return { x, y: H - PAD - height, width: Math.round(slot * 0.6), height, label: b.label[lang] || b.label.zh, count: counts[i], labelX: Math.round(x + slot * 0.3) };
  });
  const step = history.length > 1 ? (W - 2 * PAD) / (history.length - 1) : 0;
  const xOf = (i: number) => (history.length > 1 ? Math.round(PAD + i * step) : Math.round(W / 2));
  const yOf = (h: number) => Math.round(H - PAD - ((H - 2 * PAD) * h) / 10000);
  const labels = [...new Set(history.flatMap((p) => p.scores.map((s) => s.label)))].slice(0, 8);
  const series = labels.map((label, k) => {
    const dots = history.flatMap((p, i) => p.scores.filter((s) => s.label === label).map((s) => ({ x: xOf(i), y: yOf(s.hundredths), score: formatHundredths(s.hundredths) })));
    return { label, cls: `series-${k}`, points: dots.map((d) => `${d.x},${d.y}`).join(' '), dots };
  });
  return {
    width: W,
    height: H,
    bars,
    trend: {
      periods: history.map((p, i) => ({ x: xOf(i), label: p.period })),
      series,
      gridlines: [0, 6000, 8000, 10000].map((h) => ({ y: yOf(h), label: formatHundredths(h).replace(/\.00$/, '') })),
    },
  };
}

/** The unit ranking of one period as a worksheet: rank, unit, score, subjects assessed, grade counts. */
export async function unitRankingWorkbook(
  title: string,
  rows: { rank: number | null; name: string; scoreHundredths: number | null; assessed: number; grades: { label: string; count: number }[]; vetoed?: boolean; vetoReasons?: LocalizedText[] }[],
  lang: 'zh' | 'en',
  byUnitScheme = false,
): Promise<Buffer> {
  const wb = new (loadExcel().Workbook)();
  const ws = wb.addWorksheet(lang === 'zh' ? '单位排名' : 'Unit ranking');
  const score = byUnitScheme ? { zh: '单位得分', en: 'Unit score' } : { zh: '平均得分', en: 'Mean score' };
  ws.addRow([safeCell(title)]).font = { bold: true, size: 14 };
  ws.addRow(lang === 'zh' ? ['排名', '单位', score.zh, '考核对象数', '等次分布', '否决事项及原因'] : ['Rank', 'Unit', score.en, 'Subjects assessed', 'Grades', 'Vetoes and reasons']).font = { bold: true };
  for (const r of rows) {
    const veto = r.vetoed ? [pick(UNIT_BARRED, lang), ...(r.vetoReasons ?? []).map((t) => pick(t, lang))].join('\n') : '';
    ws.addRow([r.rank, safeCell(r.name), r.scoreHundredths === null ? null : r.scoreHundredths / 100, r.assessed, safeCell(r.grades.map((g) => `${g.label} ${g.count}`).join('，')), safeCell(veto)]);
  }
  ws.getColumn(3).numFmt = '0.00';
  ws.columns.forEach((col, i) => (col.width = [6, 24, 10, 12, 30, 60][i]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The text in the language, Chinese when it has none. */
function pick(t: LocalizedText, lang: 'zh' | 'en'): string {
  return t[lang] || t.zh;
}
