import { permits } from '../org/access.service';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { DepartmentEntity, PersonEntity } from '../org/org.entities';
import { RISK_EDITOR_ROLES, RiskContext } from './risk-context.service';
import { CreateCommitmentDto } from './risk.dto';
import { CommitmentEntity, RiskPointEntity } from './risk.entities';

/** 承诺书 per 002 附表4 (personal) and 附表5 (department), tied to the risk points they cover. */
@Injectable()
export class CommitmentService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly ctx: RiskContext,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, institutionId: number, dto: CreateCommitmentDto): Promise<number> {
    const roles = await this.ctx.rolesAt(actor, institutionId);
    const isEditor = permits(actor, roles, RISK_EDITOR_ROLES);
    const personId = dto.kind === 'personal' ? (dto.personId ?? actor.personId) : null;
    if (dto.kind === 'personal' && !personId) throw AppError.validation([{ field: 'personId', key: 'validation.required' }]);
    if (dto.kind === 'department' && !dto.departmentId) throw AppError.validation([{ field: 'departmentId', key: 'validation.required' }]);
    // Staff may draw up their own personal commitment; everything else is an editor's task.
    if (!isEditor && !(dto.kind === 'personal' && personId === actor.personId && roles.length)) throw AppError.forbidden();
    return this.db.write(async (m) => {
      let departmentId = dto.departmentId ?? null;
      if (personId) {
        const person = await m.getRepository(PersonEntity).findOneBy({ id: personId, institutionId });
        if (!person) throw AppError.validation([{ field: 'personId', key: 'validation.invalid' }]);
        departmentId = person.departmentId;
      } else if (!(await m.getRepository(DepartmentEntity).findOneBy({ id: departmentId!, institutionId }))) {
        throw AppError.validation([{ field: 'departmentId', key: 'validation.invalid' }]);
      }
      const ids = [...new Set(dto.pointIds)];
      const found = ids.length ? await m.getRepository(RiskPointEntity).createQueryBuilder('r').whereInIds(ids).andWhere('r.institution_id = :i', { i: institutionId }).getCount() : 0;
      if (!ids.length || found !== ids.length) throw AppError.validation([{ field: 'pointIds', key: ids.length ? 'validation.invalid' : 'validation.required' }]);
      const row = m.getRepository(CommitmentEntity).create({
        institutionId,
        kind: dto.kind,
        personId,
        departmentId,
        year: dto.year,
        pledge: dto.pledge,
        measures: dto.measures ?? '',
        pointIds: JSON.stringify(ids),
        createdBy: actor.userId,
        createdAt: this.clock.now().toISOString(),
        acknowledgedAt: null,
        acknowledgedBy: null,
        acknowledgedByName: null,
      });
      await m.getRepository(CommitmentEntity).insert(row);
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'risk.commitment.create', objectType: 'risk-commitment', objectId: row.id, detail: { kind: dto.kind, personId, departmentId, points: ids } });
      return row.id;
    });
  }

  /** The person signs a personal commitment; the department's head signs a department one. */
  async acknowledge(actor: Actor, id: number): Promise<void> {
    const row = await this.load(actor, id);
    if (row.acknowledgedAt) throw AppError.conflict({ zh: `该承诺书已于 ${row.acknowledgedAt.slice(0, 10)} 由 ${row.acknowledgedByName} 确认`, en: `Already acknowledged on ${row.acknowledgedAt.slice(0, 10)}` });
    if (row.kind === 'personal') {
      if (actor.personId !== row.personId) throw AppError.conflict({ zh: '个人承诺书须由承诺人本人确认', en: 'A personal commitment is acknowledged by its signer' });
    } else {
      const me = actor.personId ? await this.db.read((m) => m.getRepository(PersonEntity).findOneBy({ id: actor.personId! })) : null;
      const roles = await this.ctx.rolesAt(actor, row.institutionId);
      if (!roles.includes('department-head') || me?.departmentId !== row.departmentId) throw AppError.conflict({ zh: '科室承诺书须由该科室负责人确认', en: "A department commitment is acknowledged by the department's head" });
    }
    await this.db.write(async (m) => {
      const now = this.clock.now().toISOString();
      await m.getRepository(CommitmentEntity).update({ id }, { acknowledgedAt: now, acknowledgedBy: actor.userId, acknowledgedByName: actor.displayName.slice(0, 100) });
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: row.institutionId, action: 'risk.commitment.acknowledge', objectType: 'risk-commitment', objectId: id, detail: { at: now } });
    });
  }

  private async load(actor: Actor, id: number): Promise<CommitmentEntity> {
    const row = await this.db.read((m) => m.getRepository(CommitmentEntity).findOneBy({ id }));
    if (!row) throw AppError.notFound();
    await this.ctx.assertVisible(actor, row.institutionId, 'risk-commitment', id);
    return row;
  }

  async list(actor: Actor, institutionId: number) {
    return this.db.read(async (m) => {
      const rows = await m.getRepository(CommitmentEntity).find({ where: { institutionId }, order: { id: 'DESC' } });
      const people = new Map((await m.getRepository(PersonEntity).findBy({ institutionId })).map((p) => [p.id, p]));
      const depts = new Map((await m.getRepository(DepartmentEntity).findBy({ institutionId })).map((d) => [d.id, d.name]));
      const allIds = [...new Set(rows.flatMap((r) => JSON.parse(r.pointIds) as number[]))];
      const points = new Map((allIds.length ? await m.getRepository(RiskPointEntity).createQueryBuilder('r').whereInIds(allIds).getMany() : []).map((p) => [p.id, p]));
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        year: r.year,
        personId: r.personId,
        personName: r.personId ? (people.get(r.personId)?.name ?? null) : null,
        personTitle: r.personId ? (people.get(r.personId)?.title ?? null) : null,
        departmentId: r.departmentId,
        departmentName: r.departmentId ? (depts.get(r.departmentId) ?? null) : null,
        pledge: r.pledge,
        measures: r.measures,
        points: (JSON.parse(r.pointIds) as number[]).map((pid) => ({ id: pid, title: points.get(pid)?.title ?? '', grade: points.get(pid)?.grade ?? null })),
        acknowledgedAt: r.acknowledgedAt,
        acknowledgedByName: r.acknowledgedByName,
      }));
    });
  }
}
