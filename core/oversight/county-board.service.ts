import { Injectable } from '@nestjs/common';
import { UnitRankingService } from '../assessment/unit-ranking.service';
import { type Actor, currentInstitutionOf } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { MAX_PAGE_SIZE } from '../http/pagination';
import { type Lang, pick } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import type { Role } from '../plugin-api';
import { RiskPointService } from '../risk/risk-point.service';
import { SelfCheckScreensService } from '../risk/self-check-screens.service';
import { RulesService } from '../rules/rules.service';
import { screenHref } from '../web/pager';
import { ClueAssignmentService } from '../warning/clue-assignment.service';
import { WarningBoardService } from '../warning/warning-board.service';
import { WarningConfigService } from '../warning/warning-config.service';

/** Who reads the board: the roles that oversee warnings (CLUE_VIEW_ROLES) at a unit. */
const BOARD_ROLES: Role[] = ['discipline-officer', 'head', 'deputy-in-charge'];
const GRADES = [1, 2, 3];
const COLOUR_ORDER = ['red', 'orange', 'yellow', 'blue', 'green'];

export interface BoardUnit {
  id: number;
  name: string;
  /** 0 for a unit right below, 1 for a village under its township, … */
  depth: number;
}

/** A figure and the list screen whose filters give exactly that count. */
export interface Figure {
  count: number;
  href: string;
}

export interface UnitFigures extends BoardUnit {
  href: string;
  /** grade-1…3, identifying, self-checks-overdue, clues, rule-clues, overdue, assignments-overdue, rule-hits, level-<colour>. */
  figures: Record<string, Figure>;
  ruleHits: number;
  assessment: { score: string; rank: number | null; href: string };
}

export interface CountyBoard {
  /** `id` is the period as the lists take it (`?period=`): the year (2026) or the quarter (2026-Q3). */
  period: { id: string; year: number; quarter: number; from: string; to: string; assessmentPeriod: string };
  colours: { colour: string; label: string }[];
  units: UnitFigures[];
  overdue: { total: number; href: string; rows: Record<string, unknown>[] };
  /** Per model; on one unit's page each links to that unit's rule-hit list of the model. */
  ruleHits: { ruleId: string; label: string; count: number; href?: string }[];
}

/**
 * The county board (issue #22): per unit below the current institution, the figures of the risk, warning and
 * assessment modules, each counted by the very list service its link opens (risk point list, warning board, unit
 * ranking), so a figure and its list cannot disagree.
 */
@Injectable()
export class CountyBoardService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly points: RiskPointService,
    private readonly board: WarningBoardService,
    private readonly warningCfg: WarningConfigService,
    private readonly ranking: UnitRankingService,
    private readonly rules: RulesService,
    private readonly assignments: ClueAssignmentService,
    private readonly selfChecks: SelfCheckScreensService,
  ) {}

  /** The period asked for, else the current year and quarter (Beijing time); quarter 0 is the whole year. */
  period(q: { year?: number; quarter?: number }): CountyBoard['period'] {
    const today = this.warningCfg.today();
    const year = q.year ?? Number(today.slice(0, 4));
    const quarter = q.quarter ?? (q.year ? 0 : Math.ceil(Number(today.slice(5, 7)) / 3));
    const [m1, m2] = quarter ? [quarter * 3 - 2, quarter * 3] : [1, 12];
    const last = new Date(Date.UTC(year, m2, 0)).getUTCDate();
    const mm = (m: number) => String(m).padStart(2, '0');
    return { id: quarter ? `${year}-Q${quarter}` : String(year), year, quarter, from: `${year}-${mm(m1)}-01`, to: `${year}-${mm(m2)}-${last}`, assessmentPeriod: String(year) };
  }

  /**
   * The units the caller oversees below the current institution, depth first (villages under their township). A
   * unit's own officer, with nothing below, gets the own unit alone, so the board is that unit's summary; someone who
   * oversees neither gets a 403, as the warning board refuses staff.
   */
  async units(actor: Actor): Promise<BoardUnit[]> {
    const current = currentInstitutionOf(actor);
    const all = await this.access.institutions();
    const out: BoardUnit[] = [];
    const walk = async (parentId: number, depth: number): Promise<void> => {
      for (const child of all.filter((i) => i.parentId === parentId)) {
        const mine = await this.access.can(actor, child.id, BOARD_ROLES);
        if (mine) out.push({ id: child.id, name: child.name, depth });
        await walk(child.id, mine ? depth + 1 : depth);
      }
    };
    await walk(current, 0);
    if (out.length) return out;
    if (!(await this.access.can(actor, current, BOARD_ROLES))) throw AppError.forbidden();
    const own = all.find((i) => i.id === current)!;
    return [{ id: own.id, name: own.name, depth: 0 }];
  }

  /**
   * The caller's unit `id`, or a 404 exactly like a missing one when it is not among the board's units; a system
   * admin, who oversees every institution, may open any.
   */
  async unit(actor: Actor, id: number, units?: BoardUnit[]): Promise<BoardUnit> {
    const found = (units ?? (await this.units(actor))).find((u) => u.id === id);
    if (found) return found;
    const any = actor.isSystemAdmin ? (await this.access.institutions()).find((i) => i.id === id) : undefined;
    if (any) return { id: any.id, name: any.name, depth: 0 };
    throw await this.access.concealed(actor, { type: 'institution', id }, { board: 'county' });
  }

  /** The board of every unit the caller oversees, or of the one unit `unitId` (404 like a missing one when out of reach). */
  async read(actor: Actor, lang: Lang, q: { year?: number; quarter?: number }, unitId?: number): Promise<CountyBoard & { unit?: BoardUnit }> {
    const period = this.period(q);
    const all = await this.units(actor);
    const only = unitId === undefined ? undefined : await this.unit(actor, unitId, all);
    const units = only ? [only] : all;
    // One unit's page keeps the board's level columns, so its figures read as on the board.
    const columnsOf = only ? [...all, only] : units;
    const colours = await this.colours([currentInstitutionOf(actor), ...columnsOf.map((u) => u.id)], lang);
    const ranked = await this.rankingOf(actor, period.assessmentPeriod);
    const hitsByUnit = await this.db.read((m) => Promise.all(units.map((u) => this.rules.hitCounts(m, { institutionIds: [u.id], by: 'rule', from: period.from, to: period.to }))));
    const rows: UnitFigures[] = [];
    for (const [k, u] of units.entries()) {
      const figures: Record<string, Figure> = {};
      for (const grade of GRADES) figures[`grade-${grade}`] = await this.riskFigure(actor, u.id, { grade });
      figures.identifying = await this.riskFigure(actor, u.id, { status: 'identifying' });
      figures['self-checks-overdue'] = await this.overdueSelfChecks(actor, u.id);
      Object.assign(figures, await this.warningFigures(actor, u.id, colours));
      figures['assignments-overdue'] = await this.overdueAssignments(actor, u.id);
      const ruleHits = hitsByUnit[k].reduce((s, h) => s + h.count, 0);
      // Counted by RulesService.hitCounts; the list (core/warning/rule-hit-list.repository.ts) selects the same rows.
      figures['rule-hits'] = { count: ruleHits, href: this.ruleHitsHref(u.id, period.id) };
      const r = ranked.find((x) => x.institutionId === u.id);
      const assessmentHref = screenHref('/assessment/units', { period: period.assessmentPeriod });
      rows.push({ ...u, href: `/county/units/${u.id}`, figures, ruleHits, assessment: { score: r?.score ?? '—', rank: r?.rank ?? null, href: assessmentHref } });
    }
    const overdueQuery: Record<string, string> = only ? { unit: String(only.id), overdue: '1' } : { overdue: '1' };
    const overdue = await this.board.board(actor, lang, { ...overdueQuery, pageSize: '20' });
    const byRule = new Map<string, number>();
    for (const h of hitsByUnit.flat()) byRule.set(h.key, (byRule.get(h.key) ?? 0) + h.count);
    const ruleName = await this.rules.ruleLabels([...byRule.keys()]);
    return {
      ...(only ? { unit: only } : {}),
      period,
      colours,
      units: rows,
      overdue: { total: overdue.total as number, href: screenHref('/warning/board', overdueQuery), rows: overdue.rows as Record<string, unknown>[] },
      ruleHits: [...byRule]
        .map(([ruleId, count]) => ({ ruleId, label: pick(ruleName(ruleId) ?? undefined, lang) || ruleId, count, ...(only ? { href: this.ruleHitsHref(only.id, period.id, ruleId) } : {}) }))
        .sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId)),
    };
  }

  /** The unit's open matters as the warning board lists them (first page), with the board's link and true total. */
  async matters(actor: Actor, lang: Lang, unitId: number): Promise<{ total: number; href: string; rows: Record<string, unknown>[] }> {
    const found = await this.board.board(actor, lang, { unit: String(unitId), pageSize: '10' });
    return { total: found.total as number, href: screenHref('/warning/board', { unit: unitId }), rows: found.rows as Record<string, unknown>[] };
  }

  /** A unit's rule-hit list (模型命中) of the period, of one model when named: read from above, read-only. */
  private ruleHitsHref(institutionId: number, period: string, rule?: string): string {
    return screenHref('/warning/rule-hits', { institutionId, period, rule });
  }

  /** Self-check reports (自查) past their due date and not submitted: the unit has not finished its self-checks. */
  private async overdueSelfChecks(actor: Actor, institutionId: number): Promise<Figure> {
    const { checks } = await this.selfChecks.visible(actor, institutionId, 'overdue');
    return { count: checks.length, href: screenHref('/risk/self-checks', { institutionId, status: 'overdue' }) };
  }

  /** Assignments (交办) to the unit past their deadline with no report: they come back to the board that made them. */
  private async overdueAssignments(actor: Actor, unit: number): Promise<Figure> {
    const found = await this.assignments.page(actor, { unit, overdue: true }, { page: 1, pageSize: 1, limit: 1, offset: 0 });
    return { count: found.total, href: screenHref('/warning/assignments', { unit, overdue: 1 }) };
  }

  private async riskFigure(actor: Actor, institutionId: number, filter: { grade?: number; status?: string }): Promise<Figure> {
    const found = await this.points.list(actor, { institutionId, ...filter, page: 1, pageSize: 1 });
    return { count: found.total, href: screenHref('/risk/points', { institutionId, ...filter }) };
  }

  /**
   * A unit's clues, rule clues, warnings by level and overdue matters, read from the warning board in three calls:
   * its clue page (total and overdue clues), its rule clues, and its open warnings (by colour, and the overdue ones).
   */
  private async warningFigures(actor: Actor, unit: number, colours: { colour: string }[]): Promise<Record<string, Figure>> {
    const href = (q: Record<string, string | number>) => screenHref('/warning/board', { unit, ...q });
    const read = (q: Record<string, string>, pageSize: number) => this.board.board(actor, 'zh', { unit: String(unit), ...q, pageSize: String(pageSize) });
    const clues = await read({ kind: 'clue' }, 1);
    const ruleClues = await read({ kind: 'clue', source: 'rule' }, 1);
    const warnings = await read({ kind: 'warning' }, MAX_PAGE_SIZE);
    const rows = warnings.rows as { colour: string }[];
    const out: Record<string, Figure> = {
      clues: { count: clues.total as number, href: href({ kind: 'clue' }) },
      'rule-clues': { count: ruleClues.total as number, href: href({ kind: 'clue', source: 'rule' }) },
      overdue: { count: (clues.overdueCount as number) + (warnings.overdueCount as number), href: href({ overdue: 1 }) },
    };
    for (const { colour } of colours) {
      // More warnings than one page holds: that colour is counted by its own filtered board.
      const count = (warnings.total as number) > rows.length ? ((await read({ kind: 'warning', colour }, 1)).total as number) : rows.filter((r) => r.colour === colour).length;
      out[`level-${colour}`] = { count, href: href({ kind: 'warning', colour }) };
    }
    return out;
  }

  /** The warning levels' colours of the palettes in use, most severe first, named as the first palette that has each. */
  private async colours(institutionIds: number[], lang: Lang): Promise<{ colour: string; label: string }[]> {
    const found = new Map<string, string>();
    for (const id of [...new Set(institutionIds)]) for (const l of (await this.warningCfg.palette(id)).levels) if (!found.has(l.colour)) found.set(l.colour, pick(l.label, lang));
    return COLOUR_ORDER.filter((c) => found.has(c)).map((colour) => ({ colour, label: found.get(colour)! }));
  }

  /** The unit ranking of the period under the current institution; none when that period has no decided results or the caller may not rank. */
  private async rankingOf(actor: Actor, period: string) {
    try {
      const r = await this.ranking.ranking(actor, currentInstitutionOf(actor), period);
      return r.period === period ? r.rows : [];
    } catch (err) {
      if (err instanceof AppError) return [];
      throw err;
    }
  }
}
