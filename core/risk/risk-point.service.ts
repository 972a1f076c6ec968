import { permits } from '../org/access.service';
import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { AppError, FieldProblem } from '../http/app-error';
import { Lang, pick } from '../i18n/i18n';
import { DepartmentEntity, PersonEntity, PostEntity } from '../org/org.entities';
import { fromStored, toStored, validateFields } from '../plugin-host/field-validation';
import { ExtensionFields, RISK_EDITOR_ROLES, RiskContext } from './risk-context.service';
import { CreateRiskPointDto, RegradeDto, RiskListQuery, UpdateRiskPointDto } from './risk.dto';
import { ContributionEntity, GradeLogEntity, PowerEntity, RiskPointEntity, RiskPointPowerEntity, RiskPointVersionEntity } from './risk.entities';
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

/** Lists report an exact total up to this many matches, then "more than". */
export const COUNT_CAP = 1_000;

export const SNAPSHOT_FIELDS = ['level', 'departmentId', 'postId', 'ownerPersonId', 'title', 'category', 'description', 'manifestation', 'likelihood', 'harm', 'scope', 'frequency', 'variability', 'distribution', 'duration', 'grade', 'riskIndex', 'responsiblePersonId', 'supervisorPersonId', 'measuresPrevention', 'measuresMonitoring', 'measuresDisposal', 'status', 'currentStep', 'extensions'] as const;

/** Risk points: levels, categories, grading, responsibility by grade, plugin fields and version history. */
@Injectable()
export class RiskPointService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly ctx: RiskContext,
    private readonly clock: Clock,
  ) {}

  // ---- plugin extension fields -------------------------------------------------------------

  /** Validates { pluginId: { key: value } } against the enabled plugins' risk-point fields; returns stored form. */
  validateExtensions(exts: ExtensionFields[], input: Record<string, unknown> | undefined, current: Record<string, Record<string, unknown>> = {}): { stored: Record<string, Record<string, unknown>>; problems: FieldProblem[] } {
    const problems: FieldProblem[] = [];
    const stored: Record<string, Record<string, unknown>> = {};
    const given = input ?? {};
    for (const key of Object.keys(given)) {
      if (!exts.some((e) => e.pluginId === key)) problems.push({ field: `extensions.${key.slice(0, 60)}`, key: 'validation.unknown_field' });
    }
    for (const e of exts) {
      const before = fromStored(e.fields, current[e.pluginId] ?? {});
      const patch = given[e.pluginId];
      if (patch !== undefined && (typeof patch !== 'object' || patch === null || Array.isArray(patch))) {
        problems.push({ field: `extensions.${e.pluginId}`, key: 'validation.object' });
        continue;
      }
      const merged = Object.fromEntries(Object.entries({ ...before, ...((patch as Record<string, unknown>) ?? {}) }).filter(([, v]) => v !== null && v !== undefined));
      const check = validateFields(e.fields, merged);
      for (const p of check.problems) problems.push({ ...p, field: `extensions.${e.pluginId}.${p.field}` });
      stored[e.pluginId] = toStored(e.fields, check.values);
    }
    return { stored, problems };
  }

  private readExtensions(exts: ExtensionFields[], raw: string): Record<string, Record<string, unknown>> {
    const stored = JSON.parse(raw || '{}') as Record<string, Record<string, unknown>>;
    return Object.fromEntries(exts.map((e) => [e.pluginId, fromStored(e.fields, stored[e.pluginId] ?? {})]));
  }

  // ---- responsibility by grade -------------------------------------------------------------

  private async personForRole(m: EntityManager, point: RiskPointEntity, role: string | null): Promise<number | null> {
    if (!role) return null;
    if (role === 'post-holder') {
      if (point.ownerPersonId) return point.ownerPersonId;
      if (point.postId) return (await m.getRepository(PersonEntity).findOne({ where: { postId: point.postId }, order: { id: 'ASC' } }))?.id ?? null;
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
    if (!(await m.getRepository(PersonEntity).findOneBy({ id: personId, institutionId }))) throw AppError.validation([{ field, key: 'validation.invalid' }]);
  }

  private async setPowers(m: EntityManager, point: RiskPointEntity, powerIds: number[]): Promise<void> {
    const unique = [...new Set(powerIds)];
    if (unique.length) {
      const found = await m.getRepository(PowerEntity).createQueryBuilder('p').whereInIds(unique).andWhere('p.institution_id = :i', { i: point.institutionId }).getMany();
      if (found.length !== unique.length) throw AppError.validation([{ field: 'powerIds', key: 'validation.invalid' }]);
    }
    await m.getRepository(RiskPointPowerEntity).delete({ pointId: point.id });
    for (const powerId of unique) await m.getRepository(RiskPointPowerEntity).insert({ pointId: point.id, powerId });
  }

  async saveVersion(m: EntityManager, actor: Actor | string, point: RiskPointEntity, reason: string): Promise<void> {
    const snap = Object.fromEntries(SNAPSHOT_FIELDS.map((f) => [f, point[f]]));
    const label = typeof actor === 'string' ? actor : actorLabel(actor);
    await m.getRepository(RiskPointVersionEntity).insert({ pointId: point.id, version: point.version, snapshot: JSON.stringify(snap), reason: reason.slice(0, 300), actor: label, at: this.clock.now().toISOString() });
  }

  // ---- create / update / regrade -----------------------------------------------------------

  async create(actor: Actor, institutionId: number, dto: CreateRiskPointDto, opts: { m?: EntityManager; source?: string; ownerless?: boolean } = {}): Promise<number> {
    const roles = await this.ctx.rolesAt(actor, institutionId);
    if (!roles.length) throw AppError.forbidden();
    const settings = await this.ctx.settings(institutionId);
    const exts = await this.ctx.extensionFields(institutionId);
    const problems: FieldProblem[] = [];
    if (!settings.categories.some((c) => c.key === dto.category)) problems.push({ field: 'category', key: 'validation.enum', params: { values: settings.categories.map((c) => c.key).join(', ') } });
    const ext = this.validateExtensions(exts, dto.extensions);
    problems.push(...ext.problems);
    if (problems.length) throw AppError.validation(problems);
    // An import may create a point nobody holds yet; otherwise the owner defaults to the caller.
    const ownerPersonId = dto.ownerPersonId ?? (opts.ownerless ? null : (actor.personId ?? null));
    if (ownerPersonId !== actor.personId && !permits(actor, roles, RISK_EDITOR_ROLES)) throw AppError.forbidden();
    const run = async (m: EntityManager) => {
      let departmentId = dto.departmentId ?? null;
      let postId = dto.postId ?? null;
      if (ownerPersonId) {
        const owner = await m.getRepository(PersonEntity).findOneBy({ id: ownerPersonId, institutionId });
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
      if (departmentId && !(await m.getRepository(DepartmentEntity).findOneBy({ id: departmentId, institutionId }))) throw AppError.validation([{ field: 'departmentId', key: 'validation.invalid' }]);
      if (postId && !(await m.getRepository(PostEntity).findOneBy({ id: postId, institutionId }))) throw AppError.validation([{ field: 'postId', key: 'validation.invalid' }]);
      const now = this.clock.now().toISOString();
      const factors = { likelihood: dto.likelihood, harm: dto.harm, scope: dto.scope ?? 1, frequency: dto.frequency ?? 1, variability: dto.variability ?? null, distribution: dto.distribution ?? null, duration: dto.duration ?? null };
      const row = m.getRepository(RiskPointEntity).create({
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
      await m.getRepository(RiskPointEntity).insert(row);
      await this.setPowers(m, row, dto.powerIds ?? []);
      await this.saveVersion(m, actor, row, opts.source ?? 'create');
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'risk.point.create', objectType: 'risk-point', objectId: row.id, detail: { grade: row.grade, level: row.level, source: opts.source ?? 'api' } });
      return row.id;
    };
    return opts.m ? run(opts.m) : this.db.write(run);
  }

  async load(actor: Actor, id: number): Promise<RiskPointEntity> {
    const row = await this.db.read((m) => m.getRepository(RiskPointEntity).findOneBy({ id }));
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
    const ext = dto.extensions !== undefined ? this.validateExtensions(exts, dto.extensions, JSON.parse(current.extensions || '{}')) : null;
    if (ext) problems.push(...ext.problems);
    if (problems.length) throw AppError.validation(problems);
    await this.db.write(async (m) => {
      const row = await m.getRepository(RiskPointEntity).findOneByOrFail({ id });
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
      await m.getRepository(RiskPointEntity).save(row);
      await this.saveVersion(m, actor, row, dto.reason ?? (wasDone ? 'revision' : 'update'));
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: row.institutionId, action: wasDone ? 'risk.point.revise' : 'risk.point.update', objectType: 'risk-point', objectId: row.id, detail: { version: row.version, reason: dto.reason ?? null } });
    });
  }

  async regrade(actor: Actor, id: number, dto: RegradeDto): Promise<void> {
    const current = await this.load(actor, id);
    await this.ctx.access.requireAccess(actor, current.institutionId, RISK_EDITOR_ROLES);
    const settings = await this.ctx.settings(current.institutionId);
    await this.db.write(async (m) => {
      const row = await m.getRepository(RiskPointEntity).findOneByOrFail({ id });
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
      await m.getRepository(RiskPointEntity).save(row);
      await m.getRepository(GradeLogEntity).insert({
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

  private async names(m: EntityManager, rows: RiskPointEntity[]) {
    const ids = (pick: (r: RiskPointEntity) => number | null) => [...new Set(rows.map(pick).filter((x): x is number => !!x))];
    const deptIds = ids((r) => r.departmentId);
    const postIds = ids((r) => r.postId);
    const personIds = [...new Set([...ids((r) => r.ownerPersonId), ...ids((r) => r.responsiblePersonId), ...ids((r) => r.supervisorPersonId)])];
    const depts = new Map((deptIds.length ? await m.getRepository(DepartmentEntity).createQueryBuilder('d').whereInIds(deptIds).getMany() : []).map((d) => [d.id, d.name]));
    const posts = new Map((postIds.length ? await m.getRepository(PostEntity).createQueryBuilder('p').whereInIds(postIds).getMany() : []).map((p) => [p.id, p.name]));
    const people = new Map((personIds.length ? await m.getRepository(PersonEntity).createQueryBuilder('p').whereInIds(personIds).getMany() : []).map((p) => [p.id, p.name]));
    return { depts, posts, people };
  }

  private listItem(r: RiskPointEntity, settings: RiskSettings, exts: ExtensionFields[], n: Awaited<ReturnType<RiskPointService['names']>>, lang: Lang): RiskPointListItem {
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
      extensions: this.readExtensions(exts, r.extensions),
    };
  }

  async list(actor: Actor, query: RiskListQuery, lang: Lang = 'zh'): Promise<{ total: number; totalCapped: boolean; items: RiskPointListItem[] }> {
    const institutionId = await this.ctx.target(actor, query.institutionId);
    const settings = await this.ctx.settings(institutionId);
    const exts = await this.ctx.extensionFields(institutionId);
    return this.db.read(async (m) => {
      const qb = m.getRepository(RiskPointEntity).createQueryBuilder('r').where('r.institution_id = :institutionId', { institutionId });
      if (query.grade) qb.andWhere('r.grade = :grade', { grade: query.grade });
      if (query.category) qb.andWhere('r.category = :category', { category: query.category });
      if (query.departmentId) qb.andWhere('r.department_id = :departmentId', { departmentId: query.departmentId });
      if (query.status) qb.andWhere('r.status = :status', { status: query.status });
      if (query.level) qb.andWhere('r.level = :level', { level: query.level });
      if (query.q?.trim()) {
        const q = `%${query.q.trim().replace(/[%_\\]/g, '')}%`;
        qb.andWhere(new Brackets((w) => w.where('r.title LIKE :q', { q }).orWhere('r.description LIKE :q', { q })));
      }
      // Counting every match of a broad text search scans the whole institution; stop counting at the cap.
      const [countSql, countParams] = qb.clone().select('1').limit(COUNT_CAP + 1).getQueryAndParameters();
      const counted = Number((await m.query(`SELECT COUNT(*) AS n FROM (${countSql}) capped`, countParams))[0].n);
      const rows = await qb.orderBy('r.risk_index', 'DESC').addOrderBy('r.id', 'DESC').limit(query.limit ?? 50).offset(query.offset ?? 0).getMany();
      const n = await this.names(m, rows);
      return { total: Math.min(counted, COUNT_CAP), totalCapped: counted > COUNT_CAP, items: rows.map((r) => this.listItem(r, settings, exts, n, lang)) };
    });
  }

  /** The ten highest risk indexes of an institution (003 篇1 ranking of risk sources). */
  async top(actor: Actor, institutionId: number | undefined, lang: Lang = 'zh', n = 10): Promise<RiskPointListItem[]> {
    return (await this.list(actor, { institutionId, limit: n }, lang)).items;
  }

  async get(actor: Actor, id: number, lang: Lang = 'zh'): Promise<RiskPointView> {
    const r = await this.load(actor, id);
    return this.db.read((m) => this.viewOf(m, r, lang));
  }

  async viewOf(m: EntityManager, r: RiskPointEntity, lang: Lang = 'zh'): Promise<RiskPointView> {
    const settings = await this.ctx.settings(r.institutionId);
    const exts = await this.ctx.extensionFields(r.institutionId);
    const n = await this.names(m, [r]);
    const links = await m.getRepository(RiskPointPowerEntity).find({ where: { pointId: r.id }, order: { powerId: 'ASC' } });
    const powers = links.length ? await m.getRepository(PowerEntity).createQueryBuilder('p').whereInIds(links.map((l) => l.powerId)).orderBy('p.number', 'ASC').getMany() : [];
    const contributions = await m.getRepository(ContributionEntity).find({ where: { pointId: r.id }, order: { id: 'ASC' } });
    const gradeLog = await m.getRepository(GradeLogEntity).find({ where: { pointId: r.id }, order: { id: 'ASC' } });
    const versions = await m.getRepository(RiskPointVersionEntity).find({ where: { pointId: r.id }, order: { version: 'ASC' } });
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
      powerIds: links.map((l) => l.powerId),
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
