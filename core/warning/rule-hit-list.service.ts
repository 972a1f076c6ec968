import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { Page, pageOf, PageWindow } from '../http/pagination';
import { type Lang, pick, t } from '../i18n/i18n';
import { labelsIn } from '../i18n/labels';
import { AccessService } from '../org/access.service';
import { institutionName } from '../org/org-view';
import { beijingMinute, chinesePeriod, periodOf } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { describeHitInputs, hitSpecOf } from '../rules/rule-facts';
import { modelHitFacts } from '../rules/models/model-hit-facts';
import { RulesService } from '../rules/rules.service';
import { recordHref } from '../web/record-href';
import { pager, screenHref } from '../web/pager';
import { CLUE_VIEW_ROLES } from './clue.service';
import { RuleHitListRepository } from './rule-hit-list.repository';
import { RULE_HIT_LABELS, RULE_LEVELS } from './rule-hits.i18n';
import { WarningConfigService } from './warning-config.service';
import { WarningJurisdictionService } from './warning-jurisdiction.service';

/** What the list is asked for, as the URL carries it (the county board's links: institutionId, period, rule). */
export interface RuleHitQuery {
  institutionId?: number;
  /** A year (2026) or a quarter (2026-Q2), as the county board's period. */
  period?: string;
  rule?: string;
  level?: string;
}

/** One hit as the list shows it: no rule id's version, no raw inputs or subject key, only what the clue page shows. */
export interface RuleHitRow {
  id: number;
  at: string;
  ruleId: string;
  model: string;
  level: string;
  levelLabel: string;
  subject: string;
  facts: { label: string; value: string }[];
  recordId: number | null;
  recordHref: string | null;
  clue: { id: number; href: string } | null;
}

export interface RuleHitList extends Page<RuleHitRow> {
  institution: { id: number; name: string };
  /** Read from above (another unit than the session's): the session's institution stays as it is. */
  otherUnit: boolean;
  period: { id: string; from: string; to: string } | null;
  rule: string | null;
  level: string | null;
}

/** The filters' shapes, for the screen's query parsing and the API's DTO alike. */
export const PERIOD = /^[0-9]{4}(-Q[1-4])?$/;
export const RULE_ID = /^[a-z0-9][a-z0-9-]{0,63}\/[A-Za-z0-9_.-]{1,64}$/;
const INSTITUTION_ID = /^[1-9][0-9]{0,9}$/;

/** The list's filters from a query string; a malformed one is a 400 naming the field, as the county board's period. */
export function ruleHitQuery(q: Record<string, unknown>): RuleHitQuery {
  const bad: string[] = [];
  const take = <T>(k: string, ok: (v: string) => boolean, as: (v: string) => T): T | undefined => {
    const raw = q[k];
    if (raw === undefined || raw === '') return undefined;
    // A repeated parameter (an array) is as malformed as a bad value: refused, not read as the current unit.
    const v = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : '';
    if (!ok(v)) bad.push(k);
    return ok(v) ? as(v) : undefined;
  };
  const out: RuleHitQuery = {
    institutionId: take('institutionId', (v) => INSTITUTION_ID.test(v), Number),
    period: take('period', (v) => PERIOD.test(v) && !!periodOf(v), String),
    rule: take('rule', (v) => RULE_ID.test(v), String),
    level: take('level', (v) => (RULE_LEVELS as readonly string[]).includes(v), String),
  };
  if (bad.length) throw AppError.validation(bad.map((field) => ({ field, key: 'validation.invalid' })));
  return out;
}

/**
 * The rule hits (模型命中) of one unit, newest first, with the model's name, the level, the subject, the inputs in words
 * (rule-facts.ts, as the clue page shows them), the record and the clue each raised. Whoever sees the unit's rule
 * clues sees its hits: CLUE_VIEW_ROLES at the unit, within the current institution and below (the warning board's
 * scope); another unit's id outside it answers like a missing one and is logged.
 */
@Injectable()
export class RuleHitListService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly jurisdiction: WarningJurisdictionService,
    private readonly rules: RulesService,
    private readonly host: PluginHost,
    private readonly repo: RuleHitListRepository,
    private readonly cfg: WarningConfigService,
  ) {}

  /** The unit the list reads: the current institution, or `institutionId` below it that the caller oversees. */
  async target(actor: Actor, institutionId?: number): Promise<number> {
    const current = actor.currentInstitutionId;
    const id = institutionId ?? current;
    if (!id) throw AppError.forbidden();
    const scope = await this.jurisdiction.scope(actor, CLUE_VIEW_ROLES);
    if (scope.includes(id)) return id;
    // Staff at their own unit are refused as the warning board refuses them; any other unit is concealed.
    if (id === current) throw AppError.forbidden();
    throw await this.access.concealed(actor, { type: 'institution', id }, { list: 'rule-hits' });
  }

  async list(actor: Actor, lang: Lang, q: RuleHitQuery, w: PageWindow): Promise<RuleHitList> {
    const institutionId = await this.target(actor, q.institutionId);
    const period = q.period ? periodOf(q.period) : null;
    const institutions = await this.access.institutions();
    const inst = institutions.find((i) => i.id === institutionId)!;
    const here = institutions.find((i) => i.id === actor.currentInstitutionId);
    const screens = here ? this.host.screensFor(here.code) : [];
    const filter = { institutionId, from: period?.from, to: period?.to, ruleId: q.rule, level: q.level };
    const { rows, total, clues, records } = await this.db.read(async (m) => {
      const [rows, total] = await this.repo.page(m, filter, w.limit, w.offset);
      const clues = await this.repo.cluesOf(m, institutionId, rows.map((h) => h.id));
      const records = await this.repo.recordTypes(m, rows.map((h) => h.recordId).filter((id): id is number => id !== null));
      return { rows, total, clues, records };
    });
    const ruleName = await this.rules.ruleLabels(rows.map((h) => h.ruleId));
    const items = rows.map((h): RuleHitRow => {
      const found = hitSpecOf(this.host, h.ruleId);
      const clue = clues.get(h.id);
      const rec = h.recordId !== null ? records.get(h.recordId) : undefined;
      // A record's page only where the caller may read its institution and the current institution has its screen.
      const href = rec && actor.visibleInstitutionIds.includes(rec.institutionId) ? recordHref(screens, rec.pluginId, rec.recordType, h.recordId!) : null;
      return {
        id: h.id,
        at: beijingMinute(h.createdAt),
        ruleId: h.ruleId,
        model: pick(ruleName(h.ruleId) ?? undefined, lang) || h.ruleId,
        level: h.level,
        levelLabel: (RULE_LEVELS as readonly string[]).includes(h.level) ? t(lang, `ui.level_${h.level}`) : h.level,
        subject: clue?.subjectLabel ?? '',
        facts: (found ? describeHitInputs(safeJson(h.inputs), found.spec) : (modelHitFacts(safeJson(h.inputs))?.facts ?? [])).map((r) => ({ label: pick(r.label, lang), value: pick(r.value, lang) })),
        recordId: h.recordId,
        recordHref: href,
        clue: clue ? { id: clue.id, href: `/warning/clues/${clue.id}` } : null,
      };
    });
    return {
      ...pageOf(items, total, w),
      institution: { id: inst.id, name: institutionName(inst, lang) },
      otherUnit: institutionId !== actor.currentInstitutionId,
      period: period ?? null,
      rule: q.rule ?? null,
      level: q.level ?? null,
    };
  }

  /** The screen's view model: the list, its filters (models with hits in the period), the pager, labels first in Chinese. */
  async screen(actor: Actor, lang: Lang, q: RuleHitQuery, w: PageWindow, pageSizeAsked: boolean): Promise<Record<string, unknown>> {
    const list = await this.list(actor, lang, q, w);
    const L = labelsIn(RULE_HIT_LABELS, lang);
    const keep = { institutionId: list.otherUnit ? list.institution.id : undefined, period: q.period, rule: q.rule, level: q.level, pageSize: pageSizeAsked ? w.pageSize : undefined };
    const counts = await this.db.read((m) => this.rules.hitCounts(m, { institutionIds: [list.institution.id], by: 'rule', from: list.period?.from, to: list.period?.to }));
    const ruleName = await this.rules.ruleLabels([...counts.map((c) => c.key), ...(q.rule ? [q.rule] : [])]);
    const models = counts.map((c) => ({ value: c.key, label: `${pick(ruleName(c.key) ?? undefined, lang) || c.key}（${c.count}）`, selected: c.key === q.rule }));
    if (q.rule && !models.some((x) => x.selected)) models.push({ value: q.rule, label: pick(ruleName(q.rule) ?? undefined, lang) || q.rule, selected: true });
    const year = Number(this.cfg.today().slice(0, 4));
    const periodIds = [year, year - 1].flatMap((y) => [String(y), ...[1, 2, 3, 4].map((n) => `${y}-Q${n}`)]);
    if (q.period && !periodIds.includes(q.period)) periodIds.unshift(q.period);
    const periodLabel = (id: string) => (lang === 'zh' ? chinesePeriod(id) ?? id : /-Q/.test(id) ? `${id.slice(5)} ${id.slice(0, 4)}` : id);
    return {
      L,
      list,
      total: list.total,
      totalText: L.total.replace('{n}', String(list.total)),
      rows: list.items,
      keep,
      periods: periodIds.map((id) => ({ value: id, label: periodLabel(id), selected: id === q.period })),
      models,
      levels: RULE_LEVELS.map((l) => ({ value: l, label: t(lang, `ui.level_${l}`), selected: l === q.level })),
      pager: pager(lang, w, list.total, (page) => screenHref('/warning/rule-hits', { ...keep, page })),
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
