import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { RoleAssignmentEntity, UserEntity } from '../auth/auth.entities';
import { Clock } from '../clock/clock';
import { Db, isSerializationFailure } from '../db/db';
import { DomainEvents } from '../events/domain-events';
import { AppError, FieldProblem } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { DepartmentEntity, InstitutionEntity, PersonEntity } from '../org/org.entities';
import type { LocalizedText, Role } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { IndicatorsService } from '../rules/indicators.service';
import { ASSESSMENT_FACTS, AssessmentFactsSource, DossierEntry, PERSON_RISK_SOURCE, PersonRiskSource } from './assessment-facts';
import { CreateSchemeDto, ItemDto, ReplaceItemsDto, ScoreItemDto, SelfReportDto } from './assessment.dto';
import {
  AssessmentItemEntity,
  AssessmentItemScoreEntity,
  AssessmentResultEntity,
  AssessmentSchemeEntity,
  AssessmentSubjectEntity,
  AssessmentVetoEntity,
  EvaluationRoundEntity,
  EvaluationTallyEntity,
  SelfReportEntity,
} from './assessment.entities';
import {
  AssessmentPresetId,
  BALLOT_CHOICES,
  CONSEQUENCE_LABELS,
  deductionPoints,
  EMPTY_TALLY,
  evaluationItemPoints,
  evaluationScore,
  finalResult,
  formatHundredths,
  indicatorPoints,
  PresetOverrides,
  resolvePreset,
  ScoringPreset,
  Tally,
} from './scoring';
import { capsFor, checkVetoRules, defaultVetoRules, VetoFact, VetoRule } from './veto-rules';

export const MANAGE_ROLES: Role[] = ['system-admin', 'discipline-officer', 'head'];
export const VIEW_ROLES: Role[] = ['system-admin', 'discipline-officer', 'head', 'deputy-in-charge'];

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
  rank: number;
}

export interface SchemeResults {
  schemeId: number;
  frozen: boolean;
  preset: AssessmentPresetId;
  results: SubjectResult[];
  /** Last day staff see published results, when the institution limits it. */
  publishedUntil: string | null;
}

const DAY_MS = 86_400_000;

/** Schemes, items and their scoring, results, publication and self-reports. */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    @Inject(ASSESSMENT_FACTS) private readonly facts: AssessmentFactsSource,
    @Inject(PERSON_RISK_SOURCE) private readonly risk: PersonRiskSource,
    private readonly indicatorValues: IndicatorsService,
  ) {}

  async institution(id: number): Promise<InstitutionEntity> {
    const inst = (await this.access.institutions()).find((i) => i.id === id);
    if (!inst) throw AppError.notFound();
    return inst;
  }

  presetOf(scheme: AssessmentSchemeEntity): ScoringPreset {
    return resolvePreset(scheme.preset as AssessmentPresetId, JSON.parse(scheme.overrides) as PresetOverrides);
  }

  /** A scheme the caller may see (404 otherwise), optionally needing one of `roles` there (403). */
  async scheme(actor: Actor, id: number, roles?: Role[]): Promise<AssessmentSchemeEntity> {
    const s = await this.db.read((m) => m.getRepository(AssessmentSchemeEntity).findOneBy({ id }));
    if (!s) throw AppError.notFound();
    await this.access.assertVisible(actor, s.institutionId, { type: 'assessment-scheme', id });
    if (roles) await this.access.requireAccess(actor, s.institutionId, roles);
    return s;
  }

  assertDraft(s: AssessmentSchemeEntity): void {
    if (s.status !== 'draft') throw AppError.conflict({ zh: '考核方案已定稿，不能再修改', en: 'The scheme is finalised and can no longer change' });
  }

  // ---- schemes and items ------------------------------------------------------------------------

  private checkItems(items: ItemDto[], institutionCode: string): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const sum = items.reduce((s, i) => s + i.maxPoints, 0);
    if (sum !== 100) problems.push({ field: 'items', key: 'validation.assessment_points_sum', params: { sum } });
    if (items.filter((i) => i.method === 'evaluation').length > 1) problems.push({ field: 'items', key: 'validation.assessment_one_evaluation' });
    items.forEach((item, i) => {
      if (item.method === 'deduction' && item.perMissing === undefined) problems.push({ field: `items.${i}.perMissing`, key: 'validation.required' });
      if (item.method === 'indicator') {
        const plugin = item.pluginId ? this.host.enabledFor(institutionCode).find((e) => e.plugin.id === item.pluginId)?.plugin : undefined;
        if (!plugin) problems.push({ field: `items.${i}.pluginId`, key: 'validation.assessment_plugin', params: { plugin: item.pluginId ?? '' } });
        else if (!plugin.indicators?.some((d) => d.id === item.indicatorId)) {
          problems.push({ field: `items.${i}.indicatorId`, key: 'validation.enum', params: { values: (plugin.indicators ?? []).map((d) => d.id).join(', ') } });
        }
      }
    });
    return problems;
  }

  private itemRow(item: ItemDto, schemeId: number, institutionId: number, position: number): Partial<AssessmentItemEntity> {
    return {
      schemeId,
      institutionId,
      area: item.area,
      name: item.name,
      maxPoints: item.maxPoints,
      method: item.method,
      perMissingHundredths: item.method === 'deduction' ? Math.round(item.perMissing! * 100) : null,
      pluginId: item.method === 'indicator' ? item.pluginId! : null,
      indicatorId: item.method === 'indicator' ? item.indicatorId! : null,
      position,
    };
  }

  async createScheme(actor: Actor, dto: CreateSchemeDto): Promise<AssessmentSchemeEntity> {
    const institutionId = dto.institutionId ?? actor.currentInstitutionId;
    if (!institutionId) throw new AppError(HttpStatus.BAD_REQUEST, 'error.no_institution');
    await this.access.assertVisible(actor, institutionId, { type: 'institution', id: institutionId });
    await this.access.requireAccess(actor, institutionId, MANAGE_ROLES);
    const inst = await this.institution(institutionId);
    const cfg = this.host.institutions.find((c) => c.code === inst.code);
    const presetId = dto.preset ?? cfg?.assessmentPreset ?? '004-p1';
    const problems: FieldProblem[] = [];
    const overrides: PresetOverrides = {};
    if (dto.thresholds) {
      overrides.thresholds = {};
      for (const [code, v] of Object.entries(dto.thresholds)) {
        if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(Math.round(v * 100) - v * 100) > 1e-6) problems.push({ field: `thresholds.${code}`, key: 'validation.number' });
        else overrides.thresholds[code] = Math.round(v * 100);
      }
    }
    if (dto.weights) overrides.weights = dto.weights as PresetOverrides['weights'];
    let preset: ScoringPreset | null = null;
    if (!problems.length) {
      try {
        preset = resolvePreset(presetId, overrides);
      } catch (err) {
        problems.push({ field: dto.weights && /weight/.test((err as Error).message) ? 'weights' : 'thresholds', key: 'validation.custom', params: { message: (err as Error).message } });
      }
    }
    problems.push(...this.checkItems(dto.items, inst.code));
    const vetoRules: VetoRule[] = preset ? ((dto.vetoRules as VetoRule[] | undefined) ?? defaultVetoRules(preset)) : [];
    if (preset) {
      for (const p of checkVetoRules(vetoRules, preset)) problems.push({ field: p.field, key: 'validation.custom', params: { message: p.reason } });
      vetoRules.forEach((r, i) => {
        if (typeof r.label?.zh !== 'string' || typeof r.label?.en !== 'string') problems.push({ field: `vetoRules[${i}].label`, key: 'validation.object' });
      });
    }
    const subjects = await this.resolveSubjects(institutionId, dto.subjects, problems);
    if (problems.length) throw AppError.validation(problems);
    return this.db.write(async (m) => {
      const scheme = m.getRepository(AssessmentSchemeEntity).create({
        institutionId,
        name: dto.name,
        period: dto.period,
        preset: presetId,
        overrides: JSON.stringify(overrides),
        vetoRules: JSON.stringify(vetoRules),
        assessmentDate: dto.assessmentDate ?? null,
        resultVisibility: dto.resultVisibility ?? (cfg?.resultPublication?.to === 'subjects' ? 'subjects' : 'institution'),
        status: 'draft',
        createdBy: actorLabel(actor),
        createdAt: this.clock.now().toISOString(),
        finalisedAt: null,
        publishedAt: null,
        reassessmentOf: null,
      });
      await m.getRepository(AssessmentSchemeEntity).insert(scheme);
      let pos = 0;
      for (const item of dto.items) await m.getRepository(AssessmentItemEntity).insert(this.itemRow(item, scheme.id, institutionId, pos++));
      for (const s of subjects) await m.getRepository(AssessmentSubjectEntity).insert({ ...s, schemeId: scheme.id, institutionId });
      await this.audit.append(m, {
        actor: actorLabel(actor),
        institutionId,
        action: 'assessment.scheme.create',
        objectType: 'assessment-scheme',
        objectId: scheme.id,
        detail: { name: dto.name, period: dto.period, preset: presetId, items: dto.items.length, subjects: subjects.length },
      });
      return scheme;
    });
  }

  private async resolveSubjects(
    institutionId: number,
    refs: { kind: 'person' | 'department'; id: number }[],
    problems: FieldProblem[],
  ): Promise<Pick<AssessmentSubjectEntity, 'kind' | 'personId' | 'departmentId' | 'label'>[]> {
    const personIds = refs.filter((r) => r.kind === 'person').map((r) => r.id);
    const deptIds = refs.filter((r) => r.kind === 'department').map((r) => r.id);
    const [people, depts] = await this.db.read(async (m) => [
      personIds.length ? await m.getRepository(PersonEntity).findBy({ id: In(personIds), institutionId }) : [],
      deptIds.length ? await m.getRepository(DepartmentEntity).findBy({ id: In(deptIds), institutionId }) : [],
    ]);
    const seen = new Set<string>();
    const out: Pick<AssessmentSubjectEntity, 'kind' | 'personId' | 'departmentId' | 'label'>[] = [];
    refs.forEach((r, i) => {
      const key = `${r.kind}:${r.id}`;
      if (seen.has(key)) return problems.push({ field: `subjects.${i}`, key: 'validation.invalid' });
      seen.add(key);
      if (r.kind === 'person') {
        const p = (people as PersonEntity[]).find((x) => x.id === r.id);
        if (!p) return problems.push({ field: `subjects.${i}.id`, key: 'validation.invalid' });
        out.push({ kind: 'person', personId: p.id, departmentId: p.departmentId, label: p.name });
      } else {
        const d = (depts as DepartmentEntity[]).find((x) => x.id === r.id);
        if (!d) return problems.push({ field: `subjects.${i}.id`, key: 'validation.invalid' });
        out.push({ kind: 'department', personId: null, departmentId: d.id, label: d.name });
      }
    });
    return out;
  }

  /** Replaces the items of a draft scheme; an item given with its id keeps its scores. */
  async replaceItems(actor: Actor, schemeId: number, dto: ReplaceItemsDto): Promise<AssessmentItemEntity[]> {
    const scheme = await this.scheme(actor, schemeId, MANAGE_ROLES);
    this.assertDraft(scheme);
    const inst = await this.institution(scheme.institutionId);
    const problems = this.checkItems(dto.items, inst.code);
    const existing = await this.db.read((m) => m.getRepository(AssessmentItemEntity).findBy({ schemeId }));
    dto.items.forEach((item, i) => {
      if (item.id !== undefined && !existing.some((e) => e.id === item.id)) problems.push({ field: `items.${i}.id`, key: 'validation.invalid' });
    });
    if (problems.length) throw AppError.validation(problems);
    return this.db.write(async (m) => {
      const keep = new Set(dto.items.map((i) => i.id).filter((x): x is number => x !== undefined));
      const dropped = existing.filter((e) => !keep.has(e.id));
      if (dropped.length) {
        const scored = await m.getRepository(AssessmentItemScoreEntity).countBy({ itemId: In(dropped.map((d) => d.id)) });
        if (scored) throw AppError.conflict({ zh: '被删除的考核项目已有评分，请先保留该项目', en: 'A removed item already has scores; keep it' });
        await m.getRepository(AssessmentItemEntity).delete({ id: In(dropped.map((d) => d.id)) });
      }
      const kept = dto.items.filter((i) => i.id !== undefined);
      const scores = kept.length ? await m.getRepository(AssessmentItemScoreEntity).findBy({ itemId: In(kept.map((i) => i.id!)) }) : [];
      for (const item of kept) {
        const old = existing.find((e) => e.id === item.id)!;
        const mine = scores.filter((x) => x.itemId === item.id);
        if (mine.length && old.method !== item.method) throw AppError.conflict({ zh: `项目“${old.name}”已有评分，不能改变计分方式`, en: `Item "${old.name}" has scores; its method cannot change` });
        if (mine.some((x) => (x.pointsHundredths ?? 0) > item.maxPoints * 100)) throw AppError.conflict({ zh: `项目“${old.name}”已有评分高于新的分值`, en: `Item "${old.name}" has a score above the new maximum` });
      }
      let pos = 0;
      for (const item of dto.items) {
        const row = this.itemRow(item, schemeId, scheme.institutionId, pos++);
        if (item.id !== undefined) await m.getRepository(AssessmentItemEntity).update({ id: item.id }, row);
        else await m.getRepository(AssessmentItemEntity).insert(row);
      }
      await this.audit.append(m, {
        actor: actorLabel(actor),
        institutionId: scheme.institutionId,
        action: 'assessment.items.replace',
        objectType: 'assessment-scheme',
        objectId: schemeId,
        detail: { items: dto.items.map((i) => ({ area: i.area, name: i.name, maxPoints: i.maxPoints, method: i.method })) },
      });
      return m.getRepository(AssessmentItemEntity).find({ where: { schemeId }, order: { position: 'ASC' } });
    });
  }

  /** Replaces a draft scheme's veto and cap rules; each problem names its rule and field. */
  async replaceVetoRules(actor: Actor, schemeId: number, rules: VetoRule[]): Promise<VetoRule[]> {
    const scheme = await this.scheme(actor, schemeId, MANAGE_ROLES);
    this.assertDraft(scheme);
    const problems: FieldProblem[] = checkVetoRules(rules, this.presetOf(scheme))
      .filter((p) => !/^vetoRules\[\d+\]$/.test(p.field))
      .map((p) => ({ field: p.field, key: 'validation.custom', params: { message: p.reason } }));
    rules.forEach((r, i) => {
      if (r.capGrade === null && !r.excludeFromPromotion) problems.push({ field: `vetoRules[${i}].effect`, key: 'validation.assessment_rule_effect' });
      if (typeof r.label?.zh !== 'string' || !r.label.zh.trim()) problems.push({ field: `vetoRules[${i}].label`, key: 'validation.required' });
      if (typeof r.label?.en !== 'string') problems.push({ field: `vetoRules[${i}].label`, key: 'validation.object' });
    });
    if (problems.length) throw AppError.validation(problems);
    return this.db.write(async (m) => {
      await m.getRepository(AssessmentSchemeEntity).update({ id: schemeId }, { vetoRules: JSON.stringify(rules) });
      await this.audit.append(m, {
        actor: actorLabel(actor),
        institutionId: scheme.institutionId,
        action: 'assessment.veto-rules.replace',
        objectType: 'assessment-scheme',
        objectId: schemeId,
        detail: { before: JSON.parse(scheme.vetoRules), after: rules },
      });
      return rules;
    });
  }

  /** A scheme's subjects; the caller has checked access to the scheme. */
  subjectsOf(schemeId: number): Promise<AssessmentSubjectEntity[]> {
    return this.db.read((m) => m.getRepository(AssessmentSubjectEntity).find({ where: { schemeId }, order: { id: 'ASC' } }));
  }

  /** Draft schemes the caller is assessed under (as a person), with their subject id: where they file a self-report. */
  async mySubjects(actor: Actor): Promise<{ schemeId: number; subjectId: number; name: string; assessmentDate: string | null }[]> {
    if (!actor.personId || !actor.visibleInstitutionIds.length) return [];
    return this.db.read(async (m) => {
      const subjects = await m.getRepository(AssessmentSubjectEntity).findBy({ personId: actor.personId!, institutionId: In(actor.visibleInstitutionIds) });
      if (!subjects.length) return [];
      const schemes = await m.getRepository(AssessmentSchemeEntity).findBy({ id: In(subjects.map((s) => s.schemeId)), status: 'draft' });
      return schemes.map((s) => ({ schemeId: s.id, subjectId: subjects.find((x) => x.schemeId === s.id)!.id, name: s.name, assessmentDate: s.assessmentDate }));
    });
  }

  async listSchemes(actor: Actor, institutionId?: number): Promise<AssessmentSchemeEntity[]> {
    const ids = institutionId ? actor.visibleInstitutionIds.filter((i) => i === institutionId) : actor.visibleInstitutionIds;
    if (!ids.length) return [];
    return this.db.read((m) => m.getRepository(AssessmentSchemeEntity).find({ where: { institutionId: In(ids) }, order: { id: 'DESC' }, take: 500 }));
  }

  async detail(actor: Actor, id: number) {
    const scheme = await this.scheme(actor, id, VIEW_ROLES);
    const preset = this.presetOf(scheme);
    return this.db.read(async (m) => ({
      ...scheme,
      overrides: JSON.parse(scheme.overrides),
      vetoRules: JSON.parse(scheme.vetoRules) as VetoRule[],
      grades: preset.bands.map((b) => ({ code: b.code, label: b.label, min: formatHundredths(b.minHundredths) })),
      weights: preset.weights,
      items: await m.getRepository(AssessmentItemEntity).find({ where: { schemeId: id }, order: { position: 'ASC' } }),
      subjects: await m.getRepository(AssessmentSubjectEntity).find({ where: { schemeId: id }, order: { id: 'ASC' } }),
      rounds: await m.getRepository(EvaluationRoundEntity).find({ where: { schemeId: id }, order: { id: 'ASC' } }),
    }));
  }

  /** Indicators the institution's enabled plugins offer, for building items. */
  async indicators(actor: Actor, institutionId: number) {
    await this.access.assertVisible(actor, institutionId, { type: 'institution', id: institutionId });
    const inst = await this.institution(institutionId);
    return this.host.enabledFor(inst.code).flatMap((e) =>
      (e.plugin.indicators ?? []).map((d) => ({ pluginId: e.plugin.id, indicatorId: d.id, label: d.label, unit: d.unit, target: d.target ?? null, better: d.better ?? 'higher' })),
    );
  }

  async scoreItem(actor: Actor, itemId: number, dto: ScoreItemDto): Promise<AssessmentItemScoreEntity> {
    const item = await this.db.read((m) => m.getRepository(AssessmentItemEntity).findOneBy({ id: itemId }));
    if (!item) throw AppError.notFound();
    const scheme = await this.scheme(actor, item.schemeId, MANAGE_ROLES);
    this.assertDraft(scheme);
    const subject = await this.db.read((m) => m.getRepository(AssessmentSubjectEntity).findOneBy({ id: dto.subjectId, schemeId: scheme.id }));
    if (!subject) throw AppError.validation([{ field: 'subjectId', key: 'validation.invalid' }]);
    let points: number | null = null;
    let missing: number | null = null;
    if (item.method === 'manual') {
      if (dto.points === undefined) throw AppError.validation([{ field: 'points', key: 'validation.required' }]);
      points = Math.round(dto.points * 100);
      if (points > item.maxPoints * 100) throw AppError.validation([{ field: 'points', key: 'validation.max', params: { max: item.maxPoints } }]);
    } else if (item.method === 'deduction') {
      if (dto.missing === undefined) throw AppError.validation([{ field: 'missing', key: 'validation.required' }]);
      missing = dto.missing;
    } else {
      throw AppError.conflict({ zh: '该项目由指标或民主测评自动计分，不能手工评分', en: 'This item is scored by an indicator or an evaluation, not by hand' });
    }
    return this.db.write(async (m) => {
      const repo = m.getRepository(AssessmentItemScoreEntity);
      const before = await repo.findOneBy({ itemId, subjectId: subject.id });
      const row = { itemId, subjectId: subject.id, institutionId: scheme.institutionId, pointsHundredths: points, missing, evidence: dto.evidence, scoredBy: actorLabel(actor), scoredAt: this.clock.now().toISOString() };
      if (before) await repo.update({ id: before.id }, row);
      else await repo.insert(row);
      await this.audit.append(m, {
        actor: actorLabel(actor),
        institutionId: scheme.institutionId,
        action: 'assessment.item.score',
        objectType: 'assessment-item',
        objectId: itemId,
        detail: { subjectId: subject.id, points, missing, before: before ? { points: before.pointsHundredths, missing: before.missing } : null },
      });
      return repo.findOneByOrFail({ itemId, subjectId: subject.id });
    });
  }

  /** Half-year self-check reports filed by each subject or its department in the scheme's year: evidence for manual items. */
  async evidence(actor: Actor, schemeId: number): Promise<{ subjectId: number; label: string; reports: DossierEntry[] }[]> {
    const scheme = await this.scheme(actor, schemeId, VIEW_ROLES);
    const year = Number(scheme.period.slice(0, 4));
    const subjects = await this.db.read((m) => m.getRepository(AssessmentSubjectEntity).find({ where: { schemeId }, order: { id: 'ASC' } }));
    const out = [];
    for (const s of subjects) out.push({ subjectId: s.id, label: s.label, reports: await this.risk.halfYearReports(scheme.institutionId, year, { personId: s.personId, departmentId: s.departmentId }) });
    return out;
  }

  // ---- computing results ------------------------------------------------------------------------

  private async readIndicator(institutionId: number, item: AssessmentItemEntity): Promise<IndicatorReading> {
    const inst = await this.institution(institutionId);
    const enabled = this.host.enabledFor(inst.code).find((e) => e.plugin.id === item.pluginId);
    const def = enabled?.plugin.indicators?.find((d) => d.id === item.indicatorId);
    if (!enabled || !def) return { label: { zh: item.name, en: item.name }, unit: '', better: 'higher', value: null, target: null, error: `indicator ${item.pluginId}/${item.indicatorId} is not available` };
    try {
      // The indicators board's own computation (network scope, shared records, rule hits), so an item scores the number the board shows.
      const out = await this.indicatorValues.drillDown(institutionId, enabled.plugin.id, def.id, undefined, this.clock.now());
      return { label: def.label, unit: def.unit, better: def.better ?? 'higher', value: out.value, target: out.target ?? def.target ?? null, numerator: out.numerator, denominator: out.denominator, ...(out.unavailable ? { error: out.unavailable.zh } : {}) };
    } catch (err) {
      // Inside a PostgreSQL write the failure must reach Db.write, which re-runs the transaction.
      if (isSerializationFailure(err)) throw err;
      return { label: def.label, unit: def.unit, better: def.better ?? 'higher', value: null, target: def.target ?? null, error: (err as Error).message };
    }
  }

  private async isDepartmentHead(m: EntityManager, institutionId: number, personId: number): Promise<boolean> {
    const users = await m.getRepository(UserEntity).findBy({ personId });
    if (!users.length) return false;
    const n = await m.getRepository(RoleAssignmentEntity).countBy({ userId: In(users.map((u) => u.id)), institutionId, role: 'department-head' });
    return n > 0;
  }

  /** The facts every veto rule reads, for one subject. */
  private async subjectFacts(scheme: AssessmentSchemeEntity, subject: AssessmentSubjectEntity, cards: { departmentId: number | null; personId?: number | null }[]): Promise<Record<VetoFact, number>> {
    const year = Number(scheme.period.slice(0, 4));
    const red = await this.facts.redWarningCount(scheme.institutionId, year, { personId: subject.personId, departmentId: subject.departmentId });
    let yellow = 0;
    let vetoes = 0;
    if (subject.personId !== null) {
      const personId = subject.personId;
      yellow = cards.some((c) => c.personId === personId)
        ? 1
        : cards.some((c) => c.departmentId !== null && c.departmentId === subject.departmentId) && (await this.db.read((m) => this.isDepartmentHead(m, scheme.institutionId, personId)))
          ? 1
          : 0;
      vetoes = await this.db.read((m) => m.getRepository(AssessmentVetoEntity).countBy({ personId, year }));
    }
    return { 'red-warnings': red, 'yellow-card-head': yellow, 'dossier-veto': vetoes };
  }

  /** Live computation of every subject's score and grade from current data. */
  async compute(scheme: AssessmentSchemeEntity): Promise<SubjectResult[]> {
    const preset = this.presetOf(scheme);
    const rules = JSON.parse(scheme.vetoRules) as VetoRule[];
    const { items, subjects, scores, tallies } = await this.db.read(async (m) => {
      const rounds = await m.getRepository(EvaluationRoundEntity).findBy({ schemeId: scheme.id });
      const closed = rounds.filter((r) => r.status === 'closed').map((r) => r.id);
      const items = await m.getRepository(AssessmentItemEntity).find({ where: { schemeId: scheme.id }, order: { position: 'ASC' } });
      return {
        items,
        subjects: await m.getRepository(AssessmentSubjectEntity).find({ where: { schemeId: scheme.id }, order: { id: 'ASC' } }),
        scores: items.length ? await m.getRepository(AssessmentItemScoreEntity).findBy({ itemId: In(items.map((i) => i.id)) }) : [],
        // Only closed rounds count: an open round's counts are never shown, so they cannot be matched to who has voted.
        tallies: closed.length ? await m.getRepository(EvaluationTallyEntity).findBy({ roundId: In(closed) }) : [],
      };
    });
    const readings = new Map<number, IndicatorReading>();
    for (const item of items.filter((i) => i.method === 'indicator')) readings.set(item.id, await this.readIndicator(scheme.institutionId, item));
    const year = Number(scheme.period.slice(0, 4));
    const cards = await this.facts.yellowCards(scheme.institutionId, year);
    const label = (code: string) => preset.bands.find((b) => b.code === code)!.label;
    const out: SubjectResult[] = [];
    for (const subject of subjects) {
      const tally: Tally = { ...EMPTY_TALLY };
      for (const t of tallies.filter((x) => x.subjectId === subject.id)) for (const k of [...BALLOT_CHOICES, 'invalid'] as const) tally[k] += t[k];
      const hasEvaluation = items.some((i) => i.method === 'evaluation');
      const itemResults: ItemResult[] = items.map((item) => {
        const base = { itemId: item.id, area: item.area, name: item.name, method: item.method, maxPoints: item.maxPoints };
        const score = scores.find((s) => s.itemId === item.id && s.subjectId === subject.id);
        let points: number | null = null;
        const extra: Partial<ItemResult> = {};
        if (item.method === 'manual') {
          points = score?.pointsHundredths ?? null;
          extra.evidence = score?.evidence;
        } else if (item.method === 'deduction') {
          points = score && score.missing !== null ? deductionPoints(item.maxPoints, item.perMissingHundredths ?? 0, score.missing) : null;
          extra.evidence = score?.evidence;
          extra.missing = score?.missing ?? null;
        } else if (item.method === 'indicator') {
          const r = readings.get(item.id)!;
          extra.indicator = r;
          points = r.value === null ? null : indicatorPoints(item.maxPoints, r.value, r.target ?? undefined, r.better);
        } else {
          points = evaluationItemPoints(item.maxPoints, tally, preset);
          extra.tally = tally;
        }
        return { ...base, ...extra, points, pointsText: points === null ? '—' : formatHundredths(points), pending: points === null };
      });
      const caps = capsFor(rules, await this.subjectFacts(scheme, subject, cards), preset);
      const r = finalResult({ preset, itemPoints: itemResults.map((i) => i.points ?? 0), tally: hasEvaluation ? tally : null, caps, reassessment: scheme.reassessmentOf !== null });
      out.push({
        subjectId: subject.id,
        kind: subject.kind,
        personId: subject.personId,
        departmentId: subject.departmentId,
        label: subject.label,
        items: itemResults,
        tally: hasEvaluation ? tally : null,
        evaluationHundredths: hasEvaluation ? evaluationScore(tally, preset) : null,
        scoreHundredths: r.scoreHundredths,
        score: formatHundredths(r.scoreHundredths),
        baseGrade: r.baseGrade,
        baseGradeLabel: label(r.baseGrade),
        grade: r.grade,
        gradeLabel: label(r.grade),
        caps: r.caps.map((c) => ({ ruleId: c.ruleId, from: c.from, to: c.to, fromLabel: label(c.from), toLabel: label(c.to), reason: c.reason })),
        notBinding: r.notBinding.map((c) => ({ ruleId: c.ruleId, reason: c.reason })),
        excludedFromPromotion: r.excludedFromPromotion,
        consequences: r.consequences.map((code) => ({ code, label: CONSEQUENCE_LABELS[code] })),
        pending: itemResults.some((i) => i.pending),
        rank: 0,
      });
    }
    return rankResults(out);
  }

  private fromFrozen(rows: AssessmentResultEntity[]): SubjectResult[] {
    return rankResults(rows.map((r) => JSON.parse(r.detail) as SubjectResult));
  }

  /** Results: live while the scheme is a draft, frozen once finalised; who sees what follows publication. */
  async results(actor: Actor, schemeId: number): Promise<SchemeResults> {
    const scheme = await this.scheme(actor, schemeId);
    const officer = await this.access.can(actor, scheme.institutionId, VIEW_ROLES);
    if (!officer && scheme.status !== 'published') throw AppError.forbidden();
    const pub = await this.publication(scheme);
    if (!officer && pub.visibility === 'none') throw AppError.forbidden();
    let results = scheme.status === 'draft' ? await this.compute(scheme) : this.fromFrozen(await this.db.read((m) => m.getRepository(AssessmentResultEntity).findBy({ schemeId })));
    const ownOnly = pub.visibility === 'subjects' || (pub.until !== null && this.clock.today() > pub.until);
    if (!officer && ownOnly) results = results.filter((r) => r.personId !== null && r.personId === actor.personId);
    return { schemeId, frozen: scheme.status !== 'draft', preset: scheme.preset as AssessmentPresetId, results, publishedUntil: pub.until };
  }

  async finalise(actor: Actor, schemeId: number): Promise<SchemeResults> {
    const scheme = await this.scheme(actor, schemeId, MANAGE_ROLES);
    this.assertDraft(scheme);
    const open = await this.db.read((m) => m.getRepository(EvaluationRoundEntity).countBy({ schemeId, status: 'open' }));
    if (open) throw AppError.conflict({ zh: '仍有未结束的民主测评，请先结束测评', en: 'An evaluation round is still open; close it first' });
    const results = await this.compute(scheme);
    const pending = results.flatMap((r) => r.items.filter((i) => i.pending).map((i) => `${r.label}：${i.name}`));
    if (pending.length) throw AppError.conflict({ zh: `以下项目尚未评分：${pending.slice(0, 10).join('；')}`, en: `Items not scored yet: ${pending.slice(0, 10).join('; ')}` });
    const now = this.clock.now().toISOString();
    await this.db.write(async (m) => {
      for (const r of results) {
        await m.getRepository(AssessmentResultEntity).insert({
          schemeId,
          subjectId: r.subjectId,
          institutionId: scheme.institutionId,
          personId: r.personId,
          departmentId: r.departmentId,
          scoreHundredths: r.scoreHundredths,
          evaluationHundredths: r.evaluationHundredths,
          baseGrade: r.baseGrade,
          grade: r.grade,
          excludedFromPromotion: r.excludedFromPromotion,
          detail: JSON.stringify(r),
          computedAt: now,
        });
      }
      await m.getRepository(AssessmentSchemeEntity).update({ id: schemeId }, { status: 'finalised', finalisedAt: now });
      await this.emitBottomThree(m, scheme, results);
      await this.audit.append(m, {
        actor: actorLabel(actor),
        institutionId: scheme.institutionId,
        action: 'assessment.scheme.finalise',
        objectType: 'assessment-scheme',
        objectId: schemeId,
        detail: { results: results.map((r) => ({ subjectId: r.subjectId, score: r.score, grade: r.grade, caps: r.caps.map((c) => c.ruleId) })) },
      });
    });
    return { schemeId, frozen: true, preset: scheme.preset as AssessmentPresetId, results, publishedUntil: null };
  }

  /**
   * 002: the bottom three of a democratic evaluation get a yellow card (the warning module listens).
   * Only people on a post count, ranked by evaluation score, lowest = rank 1; with three or fewer there is no "bottom".
   */
  private async emitBottomThree(m: EntityManager, scheme: AssessmentSchemeEntity, results: SubjectResult[]): Promise<void> {
    const evaluated = results.filter((r) => r.personId !== null && r.evaluationHundredths !== null);
    const people = evaluated.length ? await m.getRepository(PersonEntity).findBy({ id: In(evaluated.map((r) => r.personId!)) }) : [];
    const onPost = evaluated
      .map((r) => ({ score: r.evaluationHundredths!, postId: people.find((p) => p.id === r.personId)?.postId ?? null }))
      .filter((x): x is { score: number; postId: number } => x.postId !== null)
      .sort((a, b) => a.score - b.score);
    if (onPost.length <= 3) return;
    await this.events.emit(m, 'evaluation.bottom-three', {
      institutionId: scheme.institutionId,
      year: Number(scheme.period.slice(0, 4)),
      posts: onPost.slice(0, 3).map((x, i) => ({ postId: x.postId, rank: i + 1 })),
    });
  }

  /**
   * 000: subjects whose frozen result calls for a re-assessment get a new draft scheme with the same items
   * and rules; failing it again calls for accountability.
   */
  async scheduleReassessment(actor: Actor, schemeId: number): Promise<AssessmentSchemeEntity> {
    const scheme = await this.scheme(actor, schemeId, MANAGE_ROLES);
    if (scheme.status === 'draft') throw AppError.conflict({ zh: '考核结果定稿后才能安排再次评估', en: 'Finalise the results before scheduling a re-assessment' });
    const { failing, items, subjects, existing } = await this.db.read(async (m) => {
      const results = await m.getRepository(AssessmentResultEntity).findBy({ schemeId });
      return {
        failing: results.filter((r) => (JSON.parse(r.detail) as SubjectResult).consequences.some((c) => c.code === 'reassessment')),
        items: await m.getRepository(AssessmentItemEntity).find({ where: { schemeId }, order: { position: 'ASC' } }),
        subjects: await m.getRepository(AssessmentSubjectEntity).findBy({ schemeId }),
        existing: await m.getRepository(AssessmentSchemeEntity).countBy({ reassessmentOf: schemeId }),
      };
    });
    if (existing) throw AppError.conflict({ zh: '已安排再次评估', en: 'A re-assessment is already scheduled' });
    if (!failing.length) throw AppError.conflict({ zh: '没有需要再次评估的考核对象', en: 'Nobody needs a re-assessment' });
    return this.db.write(async (m) => {
      const copy = m.getRepository(AssessmentSchemeEntity).create({
        ...scheme,
        id: undefined,
        name: `${scheme.name}（再次评估）`.slice(0, 200),
        status: 'draft',
        createdBy: actorLabel(actor),
        createdAt: this.clock.now().toISOString(),
        finalisedAt: null,
        publishedAt: null,
        reassessmentOf: schemeId,
      });
      await m.getRepository(AssessmentSchemeEntity).insert(copy);
      for (const item of items) await m.getRepository(AssessmentItemEntity).insert({ ...item, id: undefined, schemeId: copy.id });
      for (const s of subjects.filter((x) => failing.some((f) => f.subjectId === x.id))) {
        await m.getRepository(AssessmentSubjectEntity).insert({ ...s, id: undefined, schemeId: copy.id });
      }
      await this.audit.append(m, {
        actor: actorLabel(actor),
        institutionId: scheme.institutionId,
        action: 'assessment.reassessment.schedule',
        objectType: 'assessment-scheme',
        objectId: copy.id,
        detail: { reassessmentOf: schemeId, subjects: failing.map((f) => f.subjectId) },
      });
      return copy;
    });
  }

  /**
   * Who sees a scheme's published results and until when: the institution's resultPublication setting when it has
   * one (days counted from the publication date, inclusive), else the scheme's own resultVisibility with no end.
   */
  async publication(scheme: AssessmentSchemeEntity): Promise<{ visibility: 'institution' | 'subjects' | 'none'; until: string | null }> {
    const inst = await this.institution(scheme.institutionId);
    const pub = this.host.institutions.find((c) => c.code === inst.code)?.resultPublication;
    if (!pub) return { visibility: scheme.resultVisibility === 'subjects' ? 'subjects' : 'institution', until: null };
    const visibility = pub.to === 'staff' ? 'institution' : pub.to;
    const until = pub.days && scheme.publishedAt ? new Date(Date.parse(scheme.publishedAt.slice(0, 10)) + (pub.days - 1) * DAY_MS).toISOString().slice(0, 10) : null;
    return { visibility, until };
  }

  async publish(actor: Actor, schemeId: number): Promise<AssessmentSchemeEntity> {
    const scheme = await this.scheme(actor, schemeId, MANAGE_ROLES);
    if (scheme.status !== 'finalised') throw AppError.conflict({ zh: '只有已定稿的考核结果才能公布', en: 'Only finalised results can be published' });
    if ((await this.publication(scheme)).visibility === 'none') {
      throw AppError.conflict({ zh: '本单位配置为考核结果不公布（resultPublication.to: none），结果仅供纪检监察部门查阅', en: 'This institution does not publish results (resultPublication.to: none); they stay with the officers' });
    }
    return this.db.write(async (m) => {
      await m.getRepository(AssessmentSchemeEntity).update({ id: schemeId }, { status: 'published', publishedAt: this.clock.now().toISOString() });
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: scheme.institutionId, action: 'assessment.scheme.publish', objectType: 'assessment-scheme', objectId: schemeId, detail: { visibility: scheme.resultVisibility } });
      return m.getRepository(AssessmentSchemeEntity).findOneByOrFail({ id: schemeId });
    });
  }

  // ---- self-reports (述职述廉) ---------------------------------------------------------------------

  /** A self-report is published from 3 days before the assessment date; it must be in by then. */
  async submitSelfReport(actor: Actor, schemeId: number, dto: SelfReportDto): Promise<SelfReportEntity> {
    const scheme = await this.scheme(actor, schemeId);
    const subject = await this.db.read((m) => m.getRepository(AssessmentSubjectEntity).findOneBy({ id: dto.subjectId, schemeId }));
    if (!subject) throw AppError.validation([{ field: 'subjectId', key: 'validation.invalid' }]);
    const own = subject.personId !== null && subject.personId === actor.personId;
    if (!own) await this.access.requireAccess(actor, scheme.institutionId, MANAGE_ROLES);
    if (!scheme.assessmentDate) throw AppError.conflict({ zh: '考核方案未设定考核日期，无法确定公示期', en: 'The scheme has no assessment date, so no publication period' });
    const publishFrom = new Date(Date.parse(scheme.assessmentDate) - 3 * DAY_MS).toISOString().slice(0, 10);
    if (this.clock.today() > publishFrom) {
      throw AppError.conflict({ zh: `述职述廉报告须于考核前3天（${publishFrom}）起公示，已过提交期限`, en: `Self-reports are published from ${publishFrom}, 3 days before the assessment; too late` });
    }
    return this.db.write(async (m) => {
      const repo = m.getRepository(SelfReportEntity);
      const before = await repo.findOneBy({ schemeId, subjectId: subject.id });
      const row = { schemeId, subjectId: subject.id, institutionId: scheme.institutionId, title: dto.title, body: dto.body, publishFrom, publishUntil: scheme.assessmentDate!, submittedBy: actorLabel(actor), submittedAt: this.clock.now().toISOString() };
      if (before) await repo.update({ id: before.id }, row);
      else await repo.insert(row);
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: scheme.institutionId, action: 'assessment.self-report.submit', objectType: 'assessment-scheme', objectId: schemeId, detail: { subjectId: subject.id, publishFrom } });
      return repo.findOneByOrFail({ schemeId, subjectId: subject.id });
    });
  }

  /** Staff see reports once their publication starts; officers see them all along. */
  async selfReports(actor: Actor, schemeId: number) {
    const scheme = await this.scheme(actor, schemeId);
    const officer = await this.access.can(actor, scheme.institutionId, VIEW_ROLES);
    const today = this.clock.today();
    const rows = await this.db.read((m) => m.getRepository(SelfReportEntity).find({ where: { schemeId }, order: { id: 'ASC' } }));
    return rows.filter((r) => officer || r.publishFrom <= today).map((r) => ({ ...r, published: r.publishFrom <= today }));
  }

  /** Each subject's score of record in the institution's last finalised periods, oldest first, for the trend chart. */
  async scoreHistory(institutionId: number, periods = 6): Promise<{ period: string; scores: { label: string; hundredths: number }[] }[]> {
    return this.db.read(async (m) => {
      const schemes = await m.getRepository(AssessmentSchemeEntity).find({ where: { institutionId, status: In(['finalised', 'published']) }, order: { period: 'DESC', id: 'DESC' }, take: periods });
      if (!schemes.length) return [];
      const results = await m.getRepository(AssessmentResultEntity).findBy({ schemeId: In(schemes.map((s) => s.id)) });
      const subjects = await m.getRepository(AssessmentSubjectEntity).findBy({ schemeId: In(schemes.map((s) => s.id)) });
      return schemes.reverse().map((s) => ({
        period: s.period,
        scores: results.filter((r) => r.schemeId === s.id).map((r) => ({ label: subjects.find((x) => x.id === r.subjectId)?.label ?? '', hundredths: r.scoreHundredths })),
      }));
    });
  }

  today(): string {
    return this.clock.today();
  }
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
