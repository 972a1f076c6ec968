import { HttpStatus, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { AppError, FieldProblem } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { DepartmentEntity, InstitutionEntity, PersonEntity } from '../org/org.entities';
import type { Role } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { AssessmentSchemeRepository } from './assessment-scheme.repository';
import { CreateSchemeDto, ItemDto, ReplaceItemsDto } from './assessment.dto';
import { AssessmentItemEntity, AssessmentSchemeEntity, AssessmentSubjectEntity } from './assessment.entities';
import { EvaluationRoundRepository } from './evaluation-round.repository';
import { AssessmentPresetId, formatHundredths, GRADE_SCALE_DEFS, PRESET_PARTS, PresetOverrides, resolvePreset, ScoringPreset } from './scoring';
import { checkVetoRules, defaultUnitVetoRules, defaultVetoRules, VetoRule } from './veto-rules';
import './assessment.i18n';

export const MANAGE_ROLES: Role[] = ['system-admin', 'discipline-officer', 'head'];
export const VIEW_ROLES: Role[] = ['system-admin', 'discipline-officer', 'head', 'deputy-in-charge'];

type SubjectFields = Pick<AssessmentSubjectEntity, 'kind' | 'personId' | 'departmentId' | 'unitId' | 'label'>;

export function presetOf(scheme: AssessmentSchemeEntity): ScoringPreset {
  return resolvePreset(scheme.preset as AssessmentPresetId, JSON.parse(scheme.overrides) as PresetOverrides);
}

export function assertDraft(s: AssessmentSchemeEntity): void {
  if (s.status !== 'draft') throw AppError.conflict({ zh: '考核方案已定稿，不能再修改', en: 'The scheme is finalised and can no longer change' });
}

/** Schemes: finding one the caller may see, creating one, and editing a draft's items and veto rules. */
@Injectable()
export class AssessmentSchemeService {
  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly schemes: AssessmentSchemeRepository,
    private readonly rounds: EvaluationRoundRepository,
  ) {}

  async institution(id: number): Promise<InstitutionEntity> {
    const inst = (await this.access.institutions()).find((i) => i.id === id);
    if (!inst) throw AppError.notFound();
    return inst;
  }

  /** A scheme the caller may see (404 otherwise), optionally needing one of `roles` there (see `refusal`). */
  async scheme(actor: Actor, id: number, roles?: Role[]): Promise<AssessmentSchemeEntity> {
    const s = await this.db.read((m) => this.schemes.findScheme(m, id));
    if (!s) throw AppError.notFound();
    await this.access.assertVisible(actor, s.institutionId, { type: 'assessment-scheme', id });
    if (roles && !(await this.access.can(actor, s.institutionId, roles))) throw await this.refusal(actor, s);
    return s;
  }

  /** Refusing a scheme: 403 to whoever may read it (its officers and leaders; everyone once published), else the logged 404 of a missing id. */
  async refusal(actor: Actor, s: AssessmentSchemeEntity): Promise<AppError> {
    if (s.status === 'published' || (await this.access.can(actor, s.institutionId, VIEW_ROLES))) return AppError.forbidden();
    return this.access.concealed(actor, { type: 'assessment-scheme', id: s.id }, { recordInstitutionId: s.institutionId });
  }

  async listSchemes(actor: Actor, institutionId?: number): Promise<AssessmentSchemeEntity[]> {
    const ids = institutionId ? actor.visibleInstitutionIds.filter((i) => i === institutionId) : actor.visibleInstitutionIds;
    if (!ids.length) return [];
    return this.db.read((m) => this.schemes.schemesOf(m, ids, 500));
  }

  async detail(actor: Actor, id: number) {
    const scheme = await this.scheme(actor, id, VIEW_ROLES);
    const preset = presetOf(scheme);
    return this.db.read(async (m) => ({
      ...scheme,
      overrides: JSON.parse(scheme.overrides),
      vetoRules: JSON.parse(scheme.vetoRules) as VetoRule[],
      grades: preset.bands.map((b) => ({ code: b.code, label: b.label, min: formatHundredths(b.minHundredths) })),
      weights: preset.weights,
      items: await this.schemes.items(m, id),
      subjects: await this.schemes.subjects(m, id),
      rounds: await this.rounds.rounds(m, id),
    }));
  }

  /** A scheme's subjects; the caller has checked access to the scheme. */
  subjectsOf(schemeId: number): Promise<AssessmentSubjectEntity[]> {
    return this.db.read((m) => this.schemes.subjects(m, schemeId));
  }

  /** Indicators the institution's enabled plugins offer, for building items. */
  async indicators(actor: Actor, institutionId: number) {
    await this.access.assertVisible(actor, institutionId, { type: 'institution', id: institutionId });
    const inst = await this.institution(institutionId);
    return this.host.enabledFor(inst.code).flatMap((e) =>
      (e.plugin.indicators ?? []).map((d) => ({ pluginId: e.plugin.id, indicatorId: d.id, label: d.label, unit: d.unit, target: d.target ?? null, better: d.better ?? 'higher' })),
    );
  }

  // ---- creating a scheme ------------------------------------------------------------------------

  async createScheme(actor: Actor, dto: CreateSchemeDto): Promise<AssessmentSchemeEntity> {
    const institutionId = dto.institutionId ?? actor.currentInstitutionId;
    if (!institutionId) throw new AppError(HttpStatus.BAD_REQUEST, 'error.no_institution');
    await this.access.assertVisible(actor, institutionId, { type: 'institution', id: institutionId });
    await this.access.requireAccess(actor, institutionId, MANAGE_ROLES);
    const inst = await this.institution(institutionId);
    const cfg = this.host.institutions.find((c) => c.code === inst.code);
    const presetId = dto.preset ?? cfg?.assessmentPreset ?? '004-p1';
    const problems: FieldProblem[] = [];
    const { overrides, preset } = this.presetFrom(presetId, dto, problems);
    problems.push(...this.checkItems(dto.items, inst.code));
    const overUnits = dto.subjects.some((r) => r.kind === 'unit');
    if (overUnits && dto.subjects.some((r) => r.kind !== 'unit')) problems.push({ field: 'subjects', key: 'validation.assessment_mixed_subjects' });
    if (preset?.poorShareRule && dto.poorShareRule && !dto.items.some((i) => i.method === 'evaluation')) problems.push({ field: 'poorShareRule', key: 'validation.assessment_poor_share' });
    const vetoRules: VetoRule[] = preset ? ((dto.vetoRules as VetoRule[] | undefined) ?? (overUnits ? defaultUnitVetoRules() : defaultVetoRules(preset))) : [];
    if (preset) {
      for (const p of checkVetoRules(vetoRules, preset)) problems.push({ field: p.field, key: 'validation.custom', params: { message: p.reason } });
      vetoRules.forEach((r, i) => {
        if (typeof r.label?.zh !== 'string' || typeof r.label?.en !== 'string') problems.push({ field: `vetoRules[${i}].label`, key: 'validation.object' });
      });
    }
    const subjects = await this.resolveSubjects(actor, institutionId, dto.subjects, problems);
    if (problems.length) throw AppError.validation(problems);
    return this.db.write(async (m) => {
      const scheme = await this.schemes.insertScheme(m, {
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
      let pos = 0;
      for (const item of dto.items) await this.schemes.insertItem(m, itemRow(item, scheme.id, institutionId, pos++));
      for (const s of subjects) await this.schemes.insertSubject(m, { ...s, schemeId: scheme.id, institutionId });
      await this.audit.append(m, {
        actor: actorLabel(actor),
        institutionId,
        action: 'assessment.scheme.create',
        objectType: 'assessment-scheme',
        objectId: scheme.id,
        detail: { name: dto.name, period: dto.period, preset: presetId, ...overrides, items: dto.items.length, subjects: subjects.length },
      });
      return scheme;
    });
  }

  /** The preset with the scheme's own thresholds and weights; null (with problems) when they do not fit it. */
  private presetFrom(presetId: AssessmentPresetId, dto: CreateSchemeDto, problems: FieldProblem[]): { overrides: PresetOverrides; preset: ScoringPreset | null } {
    const overrides: PresetOverrides = {};
    if (dto.gradeScale !== undefined) overrides.scale = dto.gradeScale;
    if (dto.poorShareRule !== undefined) overrides.poorShare = dto.poorShareRule;
    const bands = GRADE_SCALE_DEFS[overrides.scale ?? PRESET_PARTS[presetId].scale].bands;
    for (const code of Object.keys(dto.thresholds ?? {})) {
      if (!bands.some((b) => b.code === code)) problems.push({ field: `thresholds.${code}`, key: 'validation.assessment_scale_grade', params: { grade: code, grades: bands.map((b) => `${b.code}（${b.label.zh}）`).join('、') } });
    }
    if (dto.thresholds) {
      overrides.thresholds = {};
      for (const [code, v] of Object.entries(dto.thresholds)) {
        if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(Math.round(v * 100) - v * 100) > 1e-6) problems.push({ field: `thresholds.${code}`, key: 'validation.number' });
        else overrides.thresholds[code] = Math.round(v * 100);
      }
    }
    if (dto.weights) overrides.weights = dto.weights as PresetOverrides['weights'];
    if (problems.length) return { overrides, preset: null };
    try {
      return { overrides, preset: resolvePreset(presetId, overrides) };
    } catch (err) {
      problems.push({ field: dto.weights && /weight/.test((err as Error).message) ? 'weights' : 'thresholds', key: 'validation.custom', params: { message: (err as Error).message } });
      return { overrides, preset: null };
    }
  }

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

  /** Institutions strictly below `institutionId` where the caller may manage assessments, by name. */
  async assessableUnits(actor: Actor, institutionId: number): Promise<InstitutionEntity[]> {
    const all = await this.access.institutions();
    const below: InstitutionEntity[] = [];
    for (let queue = [institutionId]; queue.length; ) {
      const id = queue.shift()!;
      for (const c of all.filter((i) => i.parentId === id)) {
        below.push(c);
        queue.push(c.id);
      }
    }
    const out: InstitutionEntity[] = [];
    for (const u of below) if (actor.visibleInstitutionIds.includes(u.id) && (await this.access.can(actor, u.id, MANAGE_ROLES))) out.push(u);
    return out.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  }

  private async resolveSubjects(actor: Actor, institutionId: number, refs: { kind: 'person' | 'department' | 'unit'; id: number }[], problems: FieldProblem[]): Promise<SubjectFields[]> {
    const units = refs.some((r) => r.kind === 'unit') ? await this.assessableUnits(actor, institutionId) : [];
    const personIds = refs.filter((r) => r.kind === 'person').map((r) => r.id);
    const deptIds = refs.filter((r) => r.kind === 'department').map((r) => r.id);
    const [people, depts] = await this.db.read(async (m) => [
      personIds.length ? await m.getRepository(PersonEntity).findBy({ id: In(personIds), institutionId }) : [],
      deptIds.length ? await m.getRepository(DepartmentEntity).findBy({ id: In(deptIds), institutionId }) : [],
    ]);
    const seen = new Set<string>();
    const out: SubjectFields[] = [];
    refs.forEach((r, i) => {
      const key = `${r.kind}:${r.id}`;
      if (seen.has(key)) return problems.push({ field: `subjects.${i}`, key: 'validation.invalid' });
      seen.add(key);
      if (r.kind === 'person') {
        const p = (people as PersonEntity[]).find((x) => x.id === r.id);
        if (!p) return problems.push({ field: `subjects.${i}.id`, key: 'validation.invalid' });
        out.push({ kind: 'person', personId: p.id, departmentId: p.departmentId, unitId: null, label: p.name });
      } else if (r.kind === 'unit') {
        const u = units.find((x) => x.id === r.id);
        if (!u) return problems.push({ field: `subjects.${i}.id`, key: 'validation.assessment_unit_subject' });
        out.push({ kind: 'unit', personId: null, departmentId: null, unitId: u.id, label: u.name });
      } else {
        const d = (depts as DepartmentEntity[]).find((x) => x.id === r.id);
        if (!d) return problems.push({ field: `subjects.${i}.id`, key: 'validation.invalid' });
        out.push({ kind: 'department', personId: null, departmentId: d.id, unitId: null, label: d.name });
      }
    });
    return out;
  }

  // ---- editing a draft --------------------------------------------------------------------------

  /** Replaces the items of a draft scheme; an item given with its id keeps its scores. */
  async replaceItems(actor: Actor, schemeId: number, dto: ReplaceItemsDto): Promise<AssessmentItemEntity[]> {
    const scheme = await this.scheme(actor, schemeId, MANAGE_ROLES);
    assertDraft(scheme);
    const inst = await this.institution(scheme.institutionId);
    const problems = this.checkItems(dto.items, inst.code);
    const existing = await this.db.read((m) => this.schemes.items(m, schemeId));
    dto.items.forEach((item, i) => {
      if (item.id !== undefined && !existing.some((e) => e.id === item.id)) problems.push({ field: `items.${i}.id`, key: 'validation.invalid' });
    });
    if (problems.length) throw AppError.validation(problems);
    return this.db.write(async (m) => {
      const keep = new Set(dto.items.map((i) => i.id).filter((x): x is number => x !== undefined));
      const dropped = existing.filter((e) => !keep.has(e.id)).map((d) => d.id);
      if (dropped.length) {
        if (await this.schemes.scoreCount(m, dropped)) throw AppError.conflict({ zh: '被删除的考核项目已有评分，请先保留该项目', en: 'A removed item already has scores; keep it' });
        await this.schemes.deleteItems(m, dropped);
      }
      const kept = dto.items.filter((i) => i.id !== undefined);
      const scores = await this.schemes.scores(m, kept.map((i) => i.id!));
      for (const item of kept) {
        const old = existing.find((e) => e.id === item.id)!;
        const mine = scores.filter((x) => x.itemId === item.id);
        if (mine.length && old.method !== item.method) throw AppError.conflict({ zh: `项目“${old.name}”已有评分，不能改变计分方式`, en: `Item "${old.name}" has scores; its method cannot change` });
        if (mine.some((x) => (x.pointsHundredths ?? 0) > item.maxPoints * 100)) throw AppError.conflict({ zh: `项目“${old.name}”已有评分高于新的分值`, en: `Item "${old.name}" has a score above the new maximum` });
      }
      let pos = 0;
      for (const item of dto.items) {
        const row = itemRow(item, schemeId, scheme.institutionId, pos++);
        if (item.id !== undefined) await this.schemes.updateItem(m, item.id, row);
        else await this.schemes.insertItem(m, row);
      }
      await this.audit.append(m, {
        actor: actorLabel(actor),
        institutionId: scheme.institutionId,
        action: 'assessment.items.replace',
        objectType: 'assessment-scheme',
        objectId: schemeId,
        detail: { items: dto.items.map((i) => ({ area: i.area, name: i.name, maxPoints: i.maxPoints, method: i.method })) },
      });
      return this.schemes.items(m, schemeId);
    });
  }

  /** Replaces a draft scheme's veto and cap rules; each problem names its rule and field. */
  async replaceVetoRules(actor: Actor, schemeId: number, rules: VetoRule[]): Promise<VetoRule[]> {
    const scheme = await this.scheme(actor, schemeId, MANAGE_ROLES);
    assertDraft(scheme);
    const problems: FieldProblem[] = checkVetoRules(rules, presetOf(scheme))
      .filter((p) => !/^vetoRules\[\d+\]$/.test(p.field))
      .map((p) => ({ field: p.field, key: 'validation.custom', params: { message: p.reason } }));
    rules.forEach((r, i) => {
      if (r.capGrade === null && !r.excludeFromPromotion) problems.push({ field: `vetoRules[${i}].effect`, key: 'validation.assessment_rule_effect' });
      if (typeof r.label?.zh !== 'string' || !r.label.zh.trim()) problems.push({ field: `vetoRules[${i}].label`, key: 'validation.required' });
      if (typeof r.label?.en !== 'string') problems.push({ field: `vetoRules[${i}].label`, key: 'validation.object' });
    });
    if (problems.length) throw AppError.validation(problems);
    return this.db.write(async (m) => {
      await this.schemes.updateScheme(m, schemeId, { vetoRules: JSON.stringify(rules) });
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
}

function itemRow(item: ItemDto, schemeId: number, institutionId: number, position: number): Partial<AssessmentItemEntity> {
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
