import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { DocumentsService, IssuedDocumentView } from '../documents/documents.service';
import { chineseDate } from '../plugin-api';
import type { WarningReportData } from './warning-document-data';
import { DepartmentEntity } from '../org/org.entities';
import type { LocalizedText } from '../plugin-api';
import { CLUE_VIEW_ROLES, ClueSource, SOURCE_LABELS } from './clue.service';
import { WarningConfigService } from './warning-config.service';
import { STATE_LABELS, WarningState } from './warning-state';
import { WarningClueEntity, WarningEntity, WarningEscalationEntity } from './warning.entities';
import { chinaDate } from '../calendar/working-days';
import { In } from 'typeorm';
import { RulesService } from '../rules/rules.service';
import { WarningJurisdictionService } from './warning-jurisdiction.service';
import { ModelHits, OverdueUnit, overdueUnits, tierLabel, topModels, UnitCount, unitCounts } from './warning-report-units';

export interface Count {
  key: string;
  label: LocalizedText;
  count: number;
}

export interface QuarterlyReport {
  title: string;
  institutionId: number;
  institutionName: string;
  year: number;
  quarter: number;
  from: string;
  to: string;
  totals: { clues: number; warnings: number; escalated: number; released: number };
  byLevel: Count[];
  bySource: Count[];
  byDepartment: Count[];
  byStatus: Count[];
  /** The last four quarters, oldest first, ending with this one. */
  trend: { label: string; clues: number; warnings: number; top: number }[];
  /** The institution and every unit below it the caller oversees, by level tier; empty when it has none below. */
  byUnit: UnitCount[];
  /** Level tier names of byUnit's columns, mildest first. */
  tiers: LocalizedText[];
  /** The report's day: overdue matters are counted on it. */
  asOf: string;
  overdueUnits: OverdueUnit[];
  topModels: ModelHits[];
}

function quarterRange(year: number, q: number): { from: string; to: string } {
  const from = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  const end = new Date(Date.UTC(year, q * 3, 0)).toISOString().slice(0, 10);
  return { from, to: end };
}

/** Bars of the four-quarter trend in the PDF's 560×240 box: axis at y=200, the tallest bar 150 high. */
export function reportChart(trend: QuarterlyReport['trend']): Pick<WarningReportData, 'chartBars' | 'chartLabels'> {
  const max = Math.max(1, ...trend.flatMap((q) => [q.clues, q.warnings]));
  const h = (n: number) => Math.round((n / max) * 150);
  const group = 560 / trend.length;
  const bar = (kind: 'clues' | 'warnings', x: number, n: number) => ({ kind, x: String(x), y: String(200 - h(n)), h: String(h(n)), n: String(n), tx: String(x + 13), ty: String(200 - h(n) - 6) });
  return {
    chartBars: trend.flatMap((q, i) => {
      const x = Math.round(i * group + group / 2 - 30);
      return [bar('clues', x, q.clues), bar('warnings', x + 32, q.warnings)];
    }),
    chartLabels: trend.map((q, i) => ({ x: String(Math.round(i * group + group / 2)), text: q.label })),
  };
}

/** The report's figures as the 专报 template's data (Chinese labels: the document is an official Chinese paper). */
export function reportDocumentData(r: QuarterlyReport): WarningReportData {
  const rows = (list: Count[]) => list.map((c) => ({ label: c.label.zh, count: String(c.count) }));
  return {
    title: `${r.year}年第${'一二三四'[r.quarter - 1]}季度廉政风险信息预警专报`,
    period: `${chineseDate(r.from)}至${chineseDate(r.to)}`,
    summary: [
      ...(r.byUnit.length ? [`本专报统计${r.institutionName}及所辖${r.byUnit.length - 1}个单位。`] : []),
      `本季度${r.institutionName}${r.byUnit.length ? '及所辖单位' : ''}共受理预警信息${r.totals.clues}条，作出预警${r.totals.warnings}件，其中升级预警${r.totals.escalated}件，已解除预警${r.totals.released}件。`,
      ...(r.byLevel.some((l) => l.count) ? [`按等级分：${r.byLevel.map((l) => `${l.label.zh}${l.count}件`).join('，')}。`] : []),
    ],
    byLevel: rows(r.byLevel),
    bySource: rows(r.bySource),
    byDepartment: rows(r.byDepartment),
    byStatus: rows(r.byStatus),
    trend: r.trend.map((q) => ({ label: q.label, clues: String(q.clues), warnings: String(q.warnings), top: String(q.top) })),
    ...reportChart(r.trend),
    byUnit: r.byUnit.map((u) => ({ unit: u.name, clues: String(u.clues), level3: String(u.levels[0] ?? 0), level2: String(u.levels[1] ?? 0), level1: String(u.levels[2] ?? 0), warnings: String(u.warnings) })),
    asOf: chineseDate(r.asOf),
    overdueUnits: r.overdueUnits.map((u) => ({ unit: u.name, warnings: String(u.warnings), clues: String(u.clues) })),
    topModels: r.topModels.map((x) => ({ label: x.label.zh, hits: String(x.hits) })),
  };
}

/** 《廉政风险信息预警专报》: the quarterly summary of clues and warnings (003 篇5 三 (二)). */
@Injectable()
export class WarningReportService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly cfg: WarningConfigService,
    private readonly documents: DocumentsService,
    private readonly jurisdiction: WarningJurisdictionService,
    private readonly rules: RulesService,
  ) {}

  /** Issues the quarter's 专报 as a numbered PDF, readable by discipline officers and the head only. */
  async issuePdf(actor: Actor, year: number, quarter: number): Promise<IssuedDocumentView> {
    const r = await this.quarterly(actor, year, quarter);
    return this.documents.issue(actor, { templateId: 'core/warning-report', institutionId: r.institutionId, data: reportDocumentData(r) as unknown as Record<string, unknown>, readRoles: ['discipline-officer', 'head'] });
  }

  async quarterly(actor: Actor, year: number, quarter: number): Promise<QuarterlyReport> {
    const inst = actor.currentInstitutionId;
    if (!inst) throw AppError.validation([{ field: 'institution', key: 'validation.required' }]);
    if (!(await this.access.can(actor, inst, CLUE_VIEW_ROLES))) throw AppError.forbidden();
    const { name } = await this.cfg.institution(inst);
    const palette = await this.cfg.palette(inst);
    const units = await this.units(actor, inst);
    const ids = units.map((u) => u.id);
    const { clues, warnings, escalations, depts } = await this.db.read(async (m) => ({
      clues: await m.getRepository(WarningClueEntity).findBy({ institutionId: In(ids) }),
      warnings: await m.getRepository(WarningEntity).findBy({ institutionId: In(ids) }),
      escalations: await m.getRepository(WarningEscalationEntity).findBy({ institutionId: In(ids) }),
      depts: await m.getRepository(DepartmentEntity).findBy({ institutionId: inst }),
    }));
    const county = units.length > 1;
    const tiers = palette.levels.map((l) => tierLabel(l.index, palette.levels.length));
    const day = (iso: string) => chinaDate(new Date(iso));
    const within = (iso: string, r: { from: string; to: string }) => day(iso) >= r.from && day(iso) <= r.to;
    const range = quarterRange(year, quarter);
    const qClues = clues.filter((c) => within(c.createdAt, range));
    const ruleName = await this.rules.ruleLabels(qClues.map((c) => c.ruleId).filter((r): r is string => !!r));
    const qWarnings = warnings.filter((w) => within(w.createdAt, range));
    const tally = <T>(rows: T[], keyOf: (r: T) => string, labelOf: (k: string) => LocalizedText, keys: string[] = []): Count[] => {
      const counts = new Map<string, number>(keys.map((k) => [k, 0]));
      for (const r of rows) counts.set(keyOf(r), (counts.get(keyOf(r)) ?? 0) + 1);
      return [...counts].map(([key, count]) => ({ key, label: labelOf(key), count }));
    };
    const trend = [];
    for (let i = 3; i >= 0; i--) {
      const idx = year * 4 + (quarter - 1) - i;
      const y = Math.floor(idx / 4);
      const q = (idx % 4) + 1;
      const r = quarterRange(y, q);
      const ws = warnings.filter((w) => within(w.createdAt, r));
      trend.push({ label: `${y}Q${q}`, clues: clues.filter((c) => within(c.createdAt, r)).length, warnings: ws.length, top: ws.filter((w) => w.levelIndex === palette.levels.length - 1).length });
    }
    const today = this.cfg.today();
    return {
      title: '廉政风险信息预警专报',
      institutionId: inst,
      institutionName: name,
      year,
      quarter,
      ...range,
      totals: {
        clues: qClues.length,
        warnings: qWarnings.length,
        // Matters raised a level during the quarter, counted once each; one raised on the day it was warned counts too.
        escalated: new Set(escalations.filter((e) => e.toLevel !== null && within(e.at, range)).map((e) => e.warningId)).size,
        released: qWarnings.filter((w) => ['released', 'archived'].includes(w.status)).length,
      },
      // Units below may use other palettes: across units the levels are counted by tier (一级 is every palette's top).
      byLevel: county
        ? tally(qWarnings, (w) => String(w.levelIndex), (k) => tiers[Number(k)], tiers.map((_, i) => String(i)))
        : tally(qWarnings, (w) => w.levelCode, (k) => palette.levels.find((l) => l.code === k)?.label ?? { zh: k, en: k }, palette.levels.map((l) => l.code)),
      bySource: tally(qClues, (c) => c.source, (k) => SOURCE_LABELS[k as ClueSource] ?? { zh: k, en: k }),
      byDepartment: county
        ? []
        : tally(qWarnings, (w) => String(w.subjectDepartmentId ?? ''), (k) => {
            const d = depts.find((x) => String(x.id) === k);
            return d ? { zh: d.name, en: d.name } : { zh: '（未指定科室）', en: '(no department)' };
          }),
      byStatus: tally(qWarnings, (w) => w.status, (k) => STATE_LABELS[k as WarningState] ?? { zh: k, en: k }),
      trend,
      byUnit: county ? unitCounts(units, qClues, qWarnings, tiers.length) : [],
      tiers,
      asOf: today,
      overdueUnits: overdueUnits(units, clues, warnings, today),
      topModels: topModels(qClues, (ruleId) => ruleName(ruleId) ?? { zh: ruleId, en: ruleId }),
    };
  }

  /** The institution, then every unit below it where the caller may read clues: each unit followed by its own, in configuration order. */
  private async units(actor: Actor, inst: number): Promise<{ id: number; name: string }[]> {
    const all = await this.access.institutions();
    const seen = new Set([inst, ...(await this.jurisdiction.scope(actor, CLUE_VIEW_ROLES))]);
    const out: { id: number; name: string }[] = [];
    const walk = (id: number) => {
      const i = all.find((x) => x.id === id);
      if (!i || out.some((u) => u.id === id)) return;
      if (seen.has(id)) out.push({ id, name: i.name });
      for (const child of all.filter((x) => x.parentId === id).sort((a, b) => a.id - b.id)) walk(child.id);
    };
    walk(inst);
    return out;
  }
}
