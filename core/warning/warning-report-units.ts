import type { LocalizedText } from '../plugin-api';
import { AWAITING_ANSWER, WarningState } from './warning-state';
import type { WarningClueEntity, WarningEntity } from './warning.entities';

/** One unit's quarter: clues received and warnings made, by level tier (index 0 = 三级 … top = 一级). */
export interface UnitCount {
  institutionId: number;
  name: string;
  clues: number;
  /** Warnings by level index, mildest first. */
  levels: number[];
  warnings: number;
}

/** A unit with matters past their date on the report's day: warnings not answered by their due date, clues not triaged in time. */
export interface OverdueUnit {
  institutionId: number;
  name: string;
  warnings: number;
  clues: number;
}

/** A rule model and how many hits (rule-hit clues) it raised in the quarter. */
export interface ModelHits {
  ruleId: string;
  label: LocalizedText;
  hits: number;
}

/** How many rule models the 专报 names. */
export const TOP_MODELS = 5;

/** A level tier's name whatever the palette: the top one is 一级 (DOMAIN: A = 一级 = highest). */
export function tierLabel(index: number, tiers: number): LocalizedText {
  const n = tiers - index;
  return { zh: `${'一二三四五'[n - 1]}级预警`, en: `Level ${n}` };
}

/** Clues and warnings of the quarter per unit, every unit listed (zero rows too), in the order given. */
export function unitCounts(units: { id: number; name: string }[], clues: WarningClueEntity[], warnings: WarningEntity[], tiers: number): UnitCount[] {
  return units.map((u) => {
    const ws = warnings.filter((w) => w.institutionId === u.id);
    return { institutionId: u.id, name: u.name, clues: clues.filter((c) => c.institutionId === u.id).length, levels: Array.from({ length: tiers }, (_, i) => ws.filter((w) => w.levelIndex === i).length), warnings: ws.length };
  });
}

/** The units with overdue matters on `today`, most overdue first; the rule is the board's (warning-view / clue views). */
export function overdueUnits(units: { id: number; name: string }[], clues: WarningClueEntity[], warnings: WarningEntity[], today: string): OverdueUnit[] {
  return units
    .map((u) => ({
      institutionId: u.id,
      name: u.name,
      warnings: warnings.filter((w) => w.institutionId === u.id && AWAITING_ANSWER.includes(w.status as WarningState) && !!w.dueDate && w.dueDate < today).length,
      clues: clues.filter((c) => c.institutionId === u.id && c.status === 'new' && c.triageDue < today).length,
    }))
    .filter((u) => u.warnings + u.clues > 0)
    .sort((a, b) => b.warnings + b.clues - (a.warnings + a.clues));
}

/** The rule models that raised most hits among the quarter's rule-hit clues, named by the rule's label. */
export function topModels(clues: WarningClueEntity[], labelOf: (ruleId: string) => LocalizedText): ModelHits[] {
  const counts = new Map<string, number>();
  for (const c of clues) if (c.source === 'rule' && c.ruleId) counts.set(c.ruleId, (counts.get(c.ruleId) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_MODELS)
    .map(([ruleId, hits]) => ({ ruleId, label: labelOf(ruleId), hits }));
}
