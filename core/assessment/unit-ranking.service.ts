import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { AssessmentSchemeRepository } from './assessment-scheme.repository';
import { presetOf, VIEW_ROLES } from './assessment-scheme.service';
import type { AssessmentSchemeEntity } from './assessment.entities';
import type { SubjectResult } from './subject-result';
import type { LocalizedText } from '../plugin-api';
import { formatHundredths } from './scoring';

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
  /** Ranked by a unit scheme: barred from 先进 (003 篇5 七(二)) and why. */
  vetoed?: boolean;
  vetoReasons?: LocalizedText[];
}

export interface UnitRanking {
  parent: { id: number; name: string };
  period: string | null;
  periods: string[];
  rows: UnitRow[];
  /** What a unit's score is this period: its own result in the parent's unit scheme, or the mean of its subjects'. */
  basis: 'unit-scheme' | 'subject-average';
  /** The parent's unit scheme the period is ranked by. */
  scheme: { id: number; name: string } | null;
  /** Each unit's score over its last periods, oldest first, for the trend chart. */
  history: { period: string; scores: { label: string; hundredths: number }[] }[];
}

/**
 * Without a unit scheme of the parent in the period, a unit's score for a period = the mean of the scores of record of every subject in its finalised or published
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
    if (!units.length) return { parent: { id: parent.id, name: parent.name }, period: null, periods: [], rows: [], basis: 'subject-average', scheme: null, history: [] };
    const { schemes, results, unitSchemes, unitResults } = await this.db.read(async (m) => {
      const schemes = await this.schemes.decidedSchemes(m, units.map((u) => u.id));
      const own = await this.schemes.decidedSchemes(m, [parentId]);
      const ownResults = await this.schemes.resultsOfSchemes(m, own.map((s) => s.id));
      const unitResults = ownResults.filter((r) => r.unitId !== null && units.some((u) => u.id === r.unitId));
      const unitSchemes = own.filter((s) => unitResults.some((r) => r.schemeId === s.id));
      return { schemes, results: await this.schemes.resultsOfSchemes(m, schemes.map((s) => s.id)), unitSchemes, unitResults };
    });
    const allPeriods = [...new Set([...schemes, ...unitSchemes].map((s) => s.period))].sort().reverse();
    const chosen = period && allPeriods.includes(period) ? period : (allPeriods[0] ?? null);
    // The latest decided unit scheme of a period ranks it (a re-assessment, being newer, replaces the first).
    const unitSchemeOf = (p: string) => unitSchemes.find((s) => s.period === p) ?? null;
    const unitResultOf = (unitId: number, p: string) => {
      const s = unitSchemeOf(p);
      return s ? (unitResults.find((r) => r.schemeId === s.id && r.unitId === unitId) ?? null) : null;
    };
    const scoresOf = (unitId: number, p: string) => {
      const ids = new Set(schemes.filter((s) => s.institutionId === unitId && s.period === p).map((s) => s.id));
      return results.filter((r) => ids.has(r.schemeId));
    };
    const scoreOf = (unitId: number, p: string) => (unitSchemeOf(p) ? (unitResultOf(unitId, p)?.scoreHundredths ?? null) : unitScore(scoresOf(unitId, p).map((r) => r.scoreHundredths)));
    const byScheme = chosen ? unitSchemeOf(chosen) : null;
    const gradeLabel = (s: AssessmentSchemeEntity, code: string) => presetOf(s).bands.find((b) => b.code === code)?.label.zh ?? code;
    const rows = units.map((u): UnitRow => {
      if (byScheme) {
        const r = unitResultOf(u.id, chosen!);
        const detail = r ? (JSON.parse(r.detail) as SubjectResult) : null;
        return {
          institutionId: u.id,
          name: u.name,
          rank: null,
          scoreHundredths: r?.scoreHundredths ?? null,
          score: r ? formatHundredths(r.scoreHundredths) : '—',
          assessed: r ? 1 : 0,
          grades: r ? [{ label: gradeLabel(byScheme, r.grade), count: 1 }] : [],
          vetoed: r?.excludedFromPromotion ?? false,
          vetoReasons: detail && r?.excludedFromPromotion ? [...detail.caps, ...detail.notBinding].map((c) => c.reason) : [],
        };
      }
      const rs = chosen ? scoresOf(u.id, chosen) : [];
      const h = unitScore(rs.map((r) => r.scoreHundredths));
      const counts = new Map<string, number>();
      for (const r of rs) {
        const label = gradeLabel(schemes.find((x) => x.id === r.schemeId)!, r.grade);
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
          const h = scoreOf(u.id, p);
          return h === null ? [] : [{ label: u.name, hundredths: h }];
        }),
      }));
    return {
      parent: { id: parent.id, name: parent.name },
      period: chosen,
      periods: allPeriods,
      rows: rankUnits(rows),
      basis: byScheme ? 'unit-scheme' : 'subject-average',
      scheme: byScheme ? { id: byScheme.id, name: byScheme.name } : null,
      history,
    };
  }
}
