import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { AssessmentSchemeRepository } from './assessment-scheme.repository';
import { VIEW_ROLES } from './assessment-scheme.service';
import { formatHundredths, PRESETS, AssessmentPresetId } from './scoring';

export interface UnitRow {
  institutionId: number;
  name: string;
  /** Competition rank (1, 2, 2, 4); null when the unit has no finalised result in the period. */
  rank: number | null;
  scoreHundredths: number | null;
  score: string;
  /** Subjects with a result of record in the period. */
  assessed: number;
  /** Grade label (zh) → how many subjects got it. */
  grades: { label: string; count: number }[];
}

export interface UnitRanking {
  parent: { id: number; name: string };
  period: string | null;
  periods: string[];
  rows: UnitRow[];
  /** Each unit's score over its last periods, oldest first, for the trend chart. */
  history: { period: string; scores: { label: string; hundredths: number }[] }[];
}

/**
 * A unit's score for a period = the mean of the scores of record of every subject in its finalised or published
 * schemes of that period, rounded half up to the hundredth. Ranked highest first, equal scores share a rank.
 */
export function unitScore(hundredths: number[]): number | null {
  if (!hundredths.length) return null;
  return Math.round(hundredths.reduce((s, h) => s + h, 0) / hundredths.length);
}

export function rankUnits(rows: UnitRow[]): UnitRow[] {
  const sorted = [...rows].sort((a, b) => (b.scoreHundredths ?? -1) - (a.scoreHundredths ?? -1) || a.name.localeCompare(b.name, 'zh'));
  sorted.forEach((r, i) => {
    const prev = sorted[i - 1];
    r.rank = r.scoreHundredths === null ? null : prev && prev.scoreHundredths === r.scoreHundredths ? prev.rank : i + 1;
  });
  return sorted;
}

/** Ranking of a parent institution's descendant units (a CDC over its townships, a county over its hospitals). */
@Injectable()
export class UnitRankingService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly schemes: AssessmentSchemeRepository,
  ) {}

  async ranking(actor: Actor, parentId: number, period?: string, periods = 6): Promise<UnitRanking> {
    await this.access.assertVisible(actor, parentId, { type: 'institution', id: parentId });
    if (!(await this.access.can(actor, parentId, VIEW_ROLES))) throw AppError.forbidden();
    const all = await this.access.institutions();
    const parent = all.find((i) => i.id === parentId)!;
    const below: number[] = [];
    for (let queue = [parentId]; queue.length; ) {
      const id = queue.shift()!;
      for (const c of all.filter((i) => i.parentId === id)) {
        below.push(c.id);
        queue.push(c.id);
      }
    }
    // Only units the caller's role reaches: a role held at the parent without "include descendants" ranks nothing.
    const units: typeof all = [];
    for (const id of below) if (actor.visibleInstitutionIds.includes(id) && (await this.access.can(actor, id, VIEW_ROLES))) units.push(all.find((i) => i.id === id)!);
    units.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
    if (!units.length) return { parent: { id: parent.id, name: parent.name }, period: null, periods: [], rows: [], history: [] };
    const { schemes, results } = await this.db.read(async (m) => {
      const schemes = await this.schemes.decidedSchemes(m, units.map((u) => u.id));
      return { schemes, results: await this.schemes.resultsOfSchemes(m, schemes.map((s) => s.id)) };
    });
    const allPeriods = [...new Set(schemes.map((s) => s.period))].sort().reverse();
    const chosen = period && allPeriods.includes(period) ? period : (allPeriods[0] ?? null);
    const scoresOf = (unitId: number, p: string) => {
      const ids = new Set(schemes.filter((s) => s.institutionId === unitId && s.period === p).map((s) => s.id));
      return results.filter((r) => ids.has(r.schemeId));
    };
    const rows = units.map((u): UnitRow => {
      const rs = chosen ? scoresOf(u.id, chosen) : [];
      const h = unitScore(rs.map((r) => r.scoreHundredths));
      const counts = new Map<string, number>();
      for (const r of rs) {
        const s = schemes.find((x) => x.id === r.schemeId)!;
        const label = PRESETS[s.preset as AssessmentPresetId]?.bands.find((b) => b.code === r.grade)?.label.zh ?? r.grade;
        counts.set(label, (counts.get(label) ?? 0) + 1);
      }
      return { institutionId: u.id, name: u.name, rank: null, scoreHundredths: h, score: h === null ? '—' : formatHundredths(h), assessed: rs.length, grades: [...counts].map(([label, count]) => ({ label, count })) };
    });
    const history = allPeriods
      .filter((p) => !chosen || p <= chosen)
      .slice(0, periods)
      .reverse()
      .map((p) => ({
        period: p,
        scores: units.flatMap((u) => {
          const h = unitScore(scoresOf(u.id, p).map((r) => r.scoreHundredths));
          return h === null ? [] : [{ label: u.name, hundredths: h }];
        }),
      }));
    return { parent: { id: parent.id, name: parent.name }, period: chosen, periods: allPeriods, rows: rankUnits(rows), history };
  }
}
