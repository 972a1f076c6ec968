import type { Lang } from '../i18n/i18n';
import { labelsIn } from '../i18n/labels';
import { hbarChart } from './county-charts';
import type { CountyBoard } from './county-board.service';
import { COUNTY_LABELS } from './county.i18n';

/** Models named in the rule chart; the others are summed in one bar. */
const TOP_RULES = 10;

const fill = (text: string, n: number) => text.replace('{n}', String(n));

/** The board's view model: labels, the period selector, table columns in order and the two charts. */
export function countyView(b: CountyBoard, lang: Lang, base: string) {
  const L = labelsIn(COUNTY_LABELS, lang);
  const years = Array.from({ length: 5 }, (_, i) => b.period.year + 1 - i).map((y) => ({ value: y, selected: y === b.period.year }));
  const quarters = [0, 1, 2, 3, 4].map((q) => ({ value: q, label: q ? fill(L.quarterN, q) : L.wholeYear, selected: q === b.period.quarter }));
  const grades = [1, 2, 3].map((g) => ({ key: `grade-${g}`, label: fill(L.gradeN, g) }));
  const rows = b.units.map((u) => ({
    ...u,
    indent: u.depth > 0,
    grades: grades.map((g) => ({ key: g.key, ...u.figures[g.key] })),
    levels: b.colours.map((c) => ({ key: `level-${c.colour}`, colour: c.colour, ...u.figures[`level-${c.colour}`] })),
    rankText: u.assessment.rank === null ? L.notRanked : fill(L.rankN, u.assessment.rank),
    // One unit's page lists its figures one per line, which a phone reads without scrolling sideways.
    list: [
      ...grades.map((g) => ({ key: g.key, label: `${L.riskPoints} · ${g.label}`, colour: '', ...u.figures[g.key] })),
      ...(['identifying', 'self-checks-overdue', 'clues', 'rule-clues'] as const).map((key) => ({ key, label: { identifying: L.identifying, 'self-checks-overdue': L.selfChecksOverdue, clues: L.newClues, 'rule-clues': L.ruleClues }[key], colour: '', ...u.figures[key] })),
      ...b.colours.map((c) => ({ key: `level-${c.colour}`, label: c.label, colour: c.colour, ...u.figures[`level-${c.colour}`] })),
      { key: 'overdue', label: L.overdue, colour: '', ...u.figures.overdue },
      { key: 'assignments-overdue', label: L.overdueAssignments, colour: '', ...u.figures['assignments-overdue'] },
      { key: 'rule-hits', label: L.ruleHits, colour: '', ...u.figures['rule-hits'] },
    ],
  }));
  const warnings = hbarChart(b.units.map((u) => ({ label: u.name, parts: b.colours.map((c) => ({ count: u.figures[`level-${c.colour}`].count, cls: `bar-${c.colour}` })) })));
  const top = b.ruleHits.slice(0, TOP_RULES);
  const rest = b.ruleHits.slice(TOP_RULES).reduce((s, h) => s + h.count, 0);
  const rules = hbarChart([...top, ...(rest ? [{ label: L.otherRules, count: rest }] : [])].map((h) => ({ label: h.label, href: 'href' in h ? h.href : undefined, parts: [{ count: h.count, cls: 'bar-rule' }] })));
  return {
    L,
    base,
    period: b.period,
    years,
    quarters,
    grades,
    colours: b.colours,
    rows,
    overdue: { ...b.overdue, more: b.overdue.total > b.overdue.rows.length ? fill(L.overdueMore, b.overdue.total) : null },
    charts: {
      warnings: warnings.bars.some((x) => x.total > 0) ? warnings : null,
      rules: b.ruleHits.length ? rules : null,
    },
  };
}
