import { permits } from '../org/access.service';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { AppError, FieldProblem } from '../http/app-error';
import { DEFAULT_PAGE_SIZE, Page, pageOf, PageWindow, pageWindow } from '../http/pagination';
import { Lang, pick } from '../i18n/i18n';
import { ExtensionFields, RISK_EDITOR_ROLES, RiskContext } from './risk-context.service';
import { CreateRiskPointDto, RegradeDto, RiskListQuery, UpdateRiskPointDto } from './risk.dto';
import { readExtensions, validateExtensions } from './risk-point-extensions';
import { RiskPointNames, RiskPointRepository } from './risk-point.repository';
import { RiskPointEntity } from './risk.entities';
import { Grade, gradeLabel, gradeOf, RiskSettings, riskIndex, STEP_COLOUR, StepKind } from './risk.presets';

export interface RiskPointListItem {
  id: number;
  institutionId: number;
  level: string;
  departmentId: number | null;
  departmentName: string | null;
  postId: number | null;
  postName: string | null;
  title: string;
  category: string;
  categoryLabel: string;
  grade: number;
  gradeLabel: string;
  riskIndex: number;
  status: string;
  currentStep: number;
  version: number;
  extensions: Record<string, Record<string, unknown>>;
}

export interface RiskPointView extends RiskPointListItem {
  ownerPersonId: number | null;
  ownerName: string | null;
  description: string;
  manifestation: string;
  likelihood: number;
  harm: number;
  scope: number;
  frequency: number;
  variability: number | null;
  distribution: number | null;
  duration: number | null;
  responsiblePersonId: number | null;
  responsibleName: string | null;
  supervisorPersonId: number | null;
  supervisorName: string | null;
  responsibilityOverridden: boolean;
  measures: { prevention: string; monitoring: string; disposal: string };
  powerIds: number[];
  powers: { id: number; number: string; name: string }[];
  steps: { index: number; key: string; kind: StepKind; label: string; done: boolean; current: boolean }[];
  contributions: { id: number; stepIndex: number; stepKey: string; stepLabel: string; kind: string; colour: string; action: string; content: string; authorName: string; at: string }[];
  gradeLog: { fromGrade: number; toGrade: number; reason: string; actor: string; at: string }[];
  versions: { version: number; reason: string; actor: string; at: string }[];
  createdAt: string;
  updatedAt: string;
}

export const SNAPSHOT_FIELDS = ['level', 'departmentId', 'postId', 'ownerPersonId', 'title', 'category', 'description', 'manifestation', 'likelihood', 'harm', 'scope', 'frequency', 'variability', 'distribution', 'duration', 'grade', 'riskIndex', 'responsiblePersonId', 'supervisorPersonId', 'measuresPrevention', 'measuresMonitoring', 'measuresDisposal', 'status', 'currentStep', 'extensions'] as const;

/** Risk points: levels, categories, grading, responsibility by grade, plugin fields and version history. */
/** The rows a list asks for: `page`/`pageSize` as every list, or the older `limit`/`offset` (not both ways at once). */
function riskWindow(q: RiskListQuery): PageWindow {
  if (q.limit === undefined && q.offset === undefined) return pageWindow(q);
  if (q.page !== undefined || q.pageSize !== undefined) throw AppError.validation([{ field: q.page !== undefined ? 'page' : 'pageSize', key: 'validation.invalid' }]);
  const limit = q.limit ?? DEFAULT_PAGE_SIZE;
  const offset = q.offset ?? 0;
  return { page: Math.floor(offset / limit) + 1, pageSize: limit, limit, offset };
}

@Injectable()
export class RiskPointService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly ctx: RiskContext,
    private readonly clock: Clock,
    private readonly repo: RiskPointRepository,
  ) {}

  // ---- responsibility by grade -------------------------------------------------------------

  private async personForRole(m: EntityManager, point: RiskPointEntity, role: string | null): Promise<number | null> {
    if (!role) return null;
    if (role === 'post-holder') {
      if (point.ownerPersonId) return point.ownerPersonId;
      if (point.postId) return this.repo.firstHolderOfPost(m, point.postId);
      return null;
    }
    const people = await this.ctx.peopleWithRole(m, point.institutionId, role as never, point.departmentId);
    return people[0]?.id ?? null;
  }

  /** Fills the responsible and supervising person from the institution's preset for the point's grade. */
  async fillResponsibility(m: EntityManager, settings: RiskSettings, point: RiskPointEntity): Promise<void> {
    const rule = settings.responsibility[point.grade as Grade];
    point.responsiblePersonId = await this.personForRole(m, point, rule.responsible);
    point.supervisorPersonId = await this.personForRole(m, point, rule.supervisor);
    point.responsibilityOverridden = false;
  }

  private async assertPerson(m: EntityManager, institutionId: number, personId: number, field: string): Promise<void> {
    if (!(await this.repo.personIn(m, institutionId, personId))) throw AppError.validation([{ field, key: 'validation.invalid' }]);
  }

  private async setPowers(m: EntityManager, point: RiskPointEntity, powerIds: number[]): Promise<void> {
    const unique = [...new Set(powerIds)];
    if (unique.length && (await this.repo.countPowersIn(m, point.institutionId, unique)) !== unique.length) throw AppError.validation([{ field: 'powerIds', key: 'validation.invalid' }]);
    await this.repo.replacePowers(m, point.id, unique);
  }

  async saveVersion(m: EntityManager, actor: Actor | string, point: RiskPointEntity, reason: string): Promise<void> {
    const snap = Object.fromEntries(SNAPSHOT_FIELDS.map((f) => [f, point[f]]));
    const label = typeof actor === 'string' ? actor : actorLabel(actor);
    await this.repo.insertVersion(m, { pointId: point.id, version: point.version, snapshot: JSON.stringify(snap), reason: reason.slice(0, 300), actor: label, at: this.clock.now().toISOString() });
  }

  // ---- create / update / regrade -----------------------------------------------------------

  async create(actor: Actor, institutionId: number, dto: CreateRiskPointDto, opts: { m?: EntityManager; source?: string; ownerless?: boolean } = {}): Promise<number> {
    const roles = await this.ctx.rolesAt(actor, institutionId);
    if (!roles.length) throw AppError.forbidden();
    const settings = await this.ctx.settings(institutionId);
    const exts = await this.ctx.extensionFields(institutionId);
    const problems: FieldProblem[] = [];
    if (!settings.categories.some((c) => c.key === dto.category)) problems.push({ field: 'category', key: 'validation.enum', params: { values: settings.categories.map((c) => c.key).join(', ') } });
    const ext = validateExtensions(exts, dto.extensions);
    problems.push(...ext.problems);
    if (problems.length) throw AppError.validation(problems);
    // An import may create a point nobody holds yet; otherwise the owner defaults to the caller.
    const ownerPersonId = dto.ownerPersonId ?? (opts.ownerless ? null : (actor.personId ?? null));
    if (ownerPersonId !== actor.personId && !permits(actor, roles, RISK_EDITOR_ROLES)) throw AppError.forbidden();
    const run = async (m: EntityManager) => {
      let departmentId = dto.departmentId ?? null;
      let postId = dto.postId ?? null;
      if (ownerPersonId) {
        const owner = await this.repo.personIn(m, institutionId, ownerPersonId);
        if (!owner) throw AppError.validation([{ field: 'ownerPersonId', key: 'validation.invalid' }]);
        if (dto.level === 'post') postId ??= owner.postId;
        if (dto.level !== 'institution') departmentId ??= owner.departmentId;
      }
      if (dto.level === 'institution') {
        departmentId = null;
        postId = null;
      }
      if (dto.level === 'department') postId = null;
      if (dto.level === 'post' && !postId) throw AppError.validation([{ field: 'postId', key: 'validation.required' }]);
      if (dto.level === 'department' && !departmentId) throw AppError.validation([{ field: 'departmentId', key: 'validation.required' }]);
      if (departmentId && !(await this.repo.hasDepartment(m, institutionId, departmentId))) throw AppError.validation([{ field: 'departmentId', key: 'validation.invalid' }]);
      if (postId && !(await this.repo.hasPost(m, institutionId, postId))) throw AppError.validation([{ field: 'postId', key: 'validation.invalid' }]);
      const now = this.clock.now().toISOString();
      const factors = { likelihood: dto.likelihood, harm: dto.harm, scope: dto.scope ?? 1, frequency: dto.frequency ?? 1, variability: dto.variability ?? null, distribution: dto.distribution ?? null, duration: dto.duration ?? null };
      const row = this.repo.newRow(m, {
        institutionId,
        level: dto.level,
        departmentId,
        postId,
        ownerPersonId,
        title: dto.title.trim(),
        category: dto.category,
        description: dto.description ?? '',
        manifestation: dto.manifestation ?? '',
        ...factors,
        grade: gradeOf(settings, dto.likelihood, dto.harm),
        riskIndex: riskIndex(factors),
        responsiblePersonId: null,
        supervisorPersonId: null,
        responsibilityOverridden: false,
        measuresPrevention: dto.measuresPrevention ?? '',
        measuresMonitoring: dto.measuresMonitoring ?? '',
        measuresDisposal: dto.measuresDisposal ?? '',
        status: 'identifying',
        currentStep: 0,
        extensions: JSON.stringify(ext.stored),
        version: 1,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      });
      await this.fillResponsibility(m, settings, row);
      if (dto.responsiblePersonId) {
        await this.assertPerson(m, institutionId, dto.responsiblePersonId, 'responsiblePersonId');
        row.responsiblePersonId = dto.responsiblePersonId;
        row.responsibilityOverridden = true;
      }
      if (dto.supervisorPersonId) {
        await this.assertPerson(m, institutionId, dto.supervisorPersonId, 'supervisorPersonId');
        row.supervisorPersonId = dto.supervisorPersonId;
        row.responsibilityOverridden = true;
      }
      await this.repo.insert(m, row);
      await this.setPowers(m, row, dto.powerIds ?? []);
      await this.saveVersion(m, actor, row, opts.source ?? 'create');
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'risk.point.create', objectType: 'risk-point', objectId: row.id, detail: { grade: row.grade, level: row.level, source: opts.source ?? 'api' } });
      return row.id;
    };
    return opts.m ? run(opts.m) : this.db.write(run);
  }

  async load(actor: Actor, id: number): Promise<RiskPointEntity> {
    const row = await this.db.read((m) => this.repo.findById(m, id));
    if (!row) throw AppError.notFound();
    await this.ctx.assertVisible(actor, row.institutionId, 'risk-point', id);
    return row;
  }

  /** The owner may edit while identifying; editors at any time. Editing an approved or published point sends it back for review. */
  async update(actor: Actor, id: number, dto: UpdateRiskPointDto): Promise<void> {
    const current = await this.load(actor, id);
    const roles = await this.ctx.rolesAt(actor, current.institutionId);
    const isEditor = permits(actor, roles, RISK_EDITOR_ROLES);
    const isOwner = !!actor.personId && actor.personId === current.ownerPersonId;
    if (!isEditor && !(isOwner && current.status === 'identifying')) throw AppError.forbidden();
    const settings = await this.ctx.settings(current.institutionId);
    const exts = await this.ctx.extensionFields(current.institutionId);
    const problems: FieldProblem[] = [];
    if (dto.category !== undefined && !settings.categories.some((c) => c.key === dto.category)) problems.push({ field: 'category', key: 'validation.enum', params: { values: settings.categories.map((c) => c.key).join(', ') } });
    const ext = dto.extensions !== undefined ? validateExtensions(exts, dto.extensions, JSON.parse(current.extensions || '{}')) : null;
    if (ext) problems.push(...ext.problems);
    if (problems.length) throw AppError.validation(problems);
    await this.db.write(async (m) => {
      const row = await this.repo.getById(m, id);
      const wasDone = row.status !== 'identifying';
      for (const f of ['title', 'category', 'description', 'manifestation', 'measuresPrevention', 'measuresMonitoring', 'measuresDisposal'] as const) {
        if (dto[f] !== undefined) row[f] = dto[f]!;
      }
      if (ext) row.extensions = JSON.stringify(ext.stored);
      if (dto.resetResponsibility) await this.fillResponsibility(m, settings, row);
      if (dto.responsiblePersonId !== undefined) {
        await this.assertPerson(m, row.institutionId, dto.responsiblePersonId, 'responsiblePersonId');
        row.responsiblePersonId = dto.responsiblePersonId;
        row.responsibilityOverridden = true;
      }
      if (dto.supervisorPersonId !== undefined) {
        await this.assertPerson(m, row.institutionId, dto.supervisorPersonId, 'supervisorPersonId');
        row.supervisorPersonId = dto.supervisorPersonId;
        row.responsibilityOverridden = true;
      }
      if (dto.powerIds !== undefined) await this.setPowers(m, row, dto.powerIds);
      if (wasDone) {
        // A revision is reviewed again at the last step before it can be published anew.
        row.status = 'identifying';
        row.currentStep = settings.steps.length - 1;
      }
      row.version += 1;
      row.updatedAt = this.clock.now().toISOString();
      await this.repo.save(m, row);
      await this.saveVersion(m, actor, row, dto.reason ?? (wasDone ? 'revision' : 'update'));
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: row.institutionId, action: wasDone ? 'risk.point.revise' : 'risk.point.update', objectType: 'risk-point', objectId: row.id, detail: { version: row.version, reason: dto.reason ?? null } });
    });
  }

  async regrade(actor: Actor, id: number, dto: RegradeDto): Promise<void> {
    const current = await this.load(actor, id);
    await this.ctx.access.requireAccess(actor, current.institutionId, RISK_EDITOR_ROLES);
    const settings = await this.ctx.settings(current.institutionId);
    await this.db.write(async (m) => {
      const row = await this.repo.getById(m, id);
      const before = { grade: row.grade, likelihood: row.likelihood, harm: row.harm, riskIndex: row.riskIndex };
      row.likelihood = dto.likelihood;
      row.harm = dto.harm;
      row.scope = dto.scope ?? row.scope;
      row.frequency = dto.frequency ?? row.frequency;
      for (const k of ['variability', 'distribution', 'duration'] as const) if (dto[k] !== undefined) row[k] = dto[k];
      row.grade = gradeOf(settings, dto.likelihood, dto.harm);
      row.riskIndex = riskIndex(row);
      if (!row.responsibilityOverridden && row.grade !== before.grade) await this.fillResponsibility(m, settings, row);
      row.version += 1;
      row.updatedAt = this.clock.now().toISOString();
      await this.repo.save(m, row);
      await this.repo.insertGradeLog(m, {
        pointId: id,
        institutionId: row.institutionId,
        fromGrade: before.grade,
        toGrade: row.grade,
        fromLikelihood: before.likelihood,
        fromHarm: before.harm,
        toLikelihood: row.likelihood,
        toHarm: row.harm,
        reason: dto.reason,
        actor: actorLabel(actor),
        at: this.clock.now().toISOString(),
      });
      await this.saveVersion(m, actor, row, `regrade: ${dto.reason}`);
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: row.institutionId, action: 'risk.point.regrade', objectType: 'risk-point', objectId: id, detail: { from: before.grade, to: row.grade, fromIndex: before.riskIndex, toIndex: row.riskIndex, reason: dto.reason } });
    });
  }

  // ---- read ----------------------------------------------------------------------------------

  private listItem(r: RiskPointEntity, settings: RiskSettings, exts: ExtensionFields[], n: RiskPointNames, lang: Lang): RiskPointListItem {
    return {
      id: r.id,
      institutionId: r.institutionId,
      level: r.level,
      departmentId: r.departmentId,
      departmentName: r.departmentId ? (n.depts.get(r.departmentId) ?? null) : null,
      postId: r.postId,
      postName: r.postId ? (n.posts.get(r.postId) ?? null) : null,
      title: r.title,
      category: r.category,
      categoryLabel: pick(settings.categories.find((c) => c.key === r.category)?.label, lang) || r.category,
      grade: r.grade,
      gradeLabel: pick(gradeLabel(settings, r.grade), lang),
      riskIndex: r.riskIndex,
      status: r.status,
      currentStep: r.currentStep,
      version: r.version,
      extensions: readExtensions(exts, r.extensions),
    };
  }

  /** One page of the points; the total stops counting at COUNT_CAP (`totalCapped`: more rows follow this page). */
  async list(actor: Actor, query: RiskListQuery, lang: Lang = 'zh'): Promise<Page<RiskPointListItem> & { totalCapped: boolean }> {
    const w = riskWindow(query);
    const institutionId = await this.ctx.target(actor, query.institutionId);
    const settings = await this.ctx.settings(institutionId);
    const exts = await this.ctx.extensionFields(institutionId);
    return this.db.read(async (m) => {
      const { total, totalCapped, rows } = await this.repo.search(m, institutionId, query, w);
      const n = await this.repo.names(m, rows);
      return { ...pageOf(rows.map((r) => this.listItem(r, settings, exts, n, lang)), total, w), totalCapped };
    });
  }

  /** Every point matching the filters, uncounted and unpaged: for a form that offers them all. */
  async all(actor: Actor, query: RiskListQuery, lang: Lang = 'zh'): Promise<RiskPointListItem[]> {
    const institutionId = await this.ctx.target(actor, query.institutionId);
    const settings = await this.ctx.settings(institutionId);
    const exts = await this.ctx.extensionFields(institutionId);
    return this.db.read(async (m) => {
      const rows = await this.repo.all(m, institutionId, query);
      const n = await this.repo.names(m, rows);
      return rows.map((r) => this.listItem(r, settings, exts, n, lang));
    });
  }

  /** The ten highest risk indexes of an institution (003 篇1 ranking of risk sources). */
  async top(actor: Actor, institutionId: number | undefined, lang: Lang = 'zh', n = 10): Promise<RiskPointListItem[]> {
    return (await this.list(actor, { institutionId, pageSize: n }, lang)).items;
  }

  async get(actor: Actor, id: number, lang: Lang = 'zh'): Promise<RiskPointView> {
    const r = await this.load(actor, id);
    return this.db.read((m) => this.viewOf(m, r, lang));
  }

  async viewOf(m: EntityManager, r: RiskPointEntity, lang: Lang = 'zh'): Promise<RiskPointView> {
    const settings = await this.ctx.settings(r.institutionId);
    const exts = await this.ctx.extensionFields(r.institutionId);
    const n = await this.repo.names(m, [r]);
    const { powerIds, powers, contributions, gradeLog, versions } = await this.repo.history(m, r.id);
    return {
      ...this.listItem(r, settings, exts, n, lang),
      ownerPersonId: r.ownerPersonId,
      ownerName: r.ownerPersonId ? (n.people.get(r.ownerPersonId) ?? null) : null,
      description: r.description,
      manifestation: r.manifestation,
      likelihood: r.likelihood,
      harm: r.harm,
      scope: r.scope,
      frequency: r.frequency,
      variability: r.variability,
      distribution: r.distribution,
      duration: r.duration,
      responsiblePersonId: r.responsiblePersonId,
      responsibleName: r.responsiblePersonId ? (n.people.get(r.responsiblePersonId) ?? null) : null,
      supervisorPersonId: r.supervisorPersonId,
      supervisorName: r.supervisorPersonId ? (n.people.get(r.supervisorPersonId) ?? null) : null,
      responsibilityOverridden: !!r.responsibilityOverridden,
      measures: { prevention: r.measuresPrevention, monitoring: r.measuresMonitoring, disposal: r.measuresDisposal },
      powerIds,
      powers: powers.map((p) => ({ id: p.id, number: p.number, name: p.name })),
      steps: settings.steps.map((s, index) => ({ index, key: s.key, kind: s.kind, label: pick(s.label, lang), done: r.status !== 'identifying' || index < r.currentStep, current: r.status === 'identifying' && index === r.currentStep })),
      contributions: contributions.map((c) => ({
        id: c.id,
        stepIndex: c.stepIndex,
        stepKey: c.stepKey,
        stepLabel: pick(settings.steps[c.stepIndex]?.label, lang) || c.stepKey,
        kind: c.kind,
        colour: STEP_COLOUR[c.kind as StepKind] ?? 'black',
        action: c.action,
        content: c.content,
        authorName: c.authorName,
        at: c.at,
      })),
      gradeLog: gradeLog.map((g) => ({ fromGrade: g.fromGrade, toGrade: g.toGrade, reason: g.reason, actor: g.actor, at: g.at })),
      versions: versions.map((v) => ({ version: v.version, reason: v.reason, actor: v.actor, at: v.at })),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }
}
