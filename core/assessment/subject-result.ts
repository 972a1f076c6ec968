import type { LocalizedText } from '../plugin-api';
import type { RedWarning } from './assessment-facts';
import type { AssessmentPresetId, Tally } from './scoring';

export interface IndicatorReading {
  label: LocalizedText;
  unit: string;
  better: 'higher' | 'lower';
  value: number | null;
  target: number | null;
  /** A rate's numerator and denominator, as the indicators board shows them. */
  numerator?: number | null;
  denominator?: number | null;
  error?: string;
}

export interface ItemResult {
  itemId: number;
  area: string;
  name: string;
  method: string;
  maxPoints: number;
  points: number | null;
  pointsText: string;
  pending: boolean;
  evidence?: string;
  missing?: number | null;
  indicator?: IndicatorReading;
  tally?: Tally;
}

export interface SubjectResult {
  subjectId: number;
  kind: string;
  personId: number | null;
  departmentId: number | null;
  /** The assessed institution of a unit subject; absent on results frozen before units could be assessed. */
  unitId?: number | null;
  label: string;
  items: ItemResult[];
  tally: Tally | null;
  evaluationHundredths: number | null;
  scoreHundredths: number;
  score: string;
  baseGrade: string;
  baseGradeLabel: LocalizedText;
  grade: string;
  gradeLabel: LocalizedText;
  caps: { ruleId: string; from: string; to: string; fromLabel: LocalizedText; toLabel: LocalizedText; reason: LocalizedText }[];
  notBinding: { ruleId: string; reason: LocalizedText }[];
  excludedFromPromotion: boolean;
  consequences: { code: string; label: LocalizedText }[];
  pending: boolean;
  /** A unit subject's red (一级) warnings of the year, the fact its veto reads. */
  redWarnings?: RedWarning[];
  rank: number;
}

export interface SchemeResults {
  schemeId: number;
  frozen: boolean;
  preset: AssessmentPresetId;
  results: SubjectResult[];
  /** Last day staff see published results, when the institution limits it. */
  publishedUntil: string | null;
  /** While an evaluation round is open there are no results (its missing votes would read as 差): only how many ballots are in. */
  evaluating: { ballotsCast: number } | null;
}

/** Competition ranking on the score of record, people and departments ranked separately: equal scores share a rank (1, 2, 2, 4). */
export function rankResults(rows: SubjectResult[]): SubjectResult[] {
  const sorted = [...rows].sort((a, b) => a.kind.localeCompare(b.kind) || b.scoreHundredths - a.scoreHundredths || a.label.localeCompare(b.label, 'zh'));
  let groupStart = 0;
  sorted.forEach((r, i) => {
    const prev = sorted[i - 1];
    if (!prev || prev.kind !== r.kind) groupStart = i;
    r.rank = prev && prev.kind === r.kind && prev.scoreHundredths === r.scoreHundredths ? prev.rank : i - groupStart + 1;
  });
  return sorted;
}
