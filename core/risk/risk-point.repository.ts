import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager, SelectQueryBuilder } from 'typeorm';
import { DepartmentEntity, PersonEntity, PostEntity } from '../org/org.entities';
import type { RiskListQuery } from './risk.dto';
import { ContributionEntity, GradeLogEntity, PowerEntity, RiskPointEntity, RiskPointPowerEntity, RiskPointVersionEntity } from './risk.entities';

/** Lists report an exact total up to this many matches, then "more than". */
export const COUNT_CAP = 1_000;

/** Names of the departments, posts and people a page of risk points refers to, by id. */
export interface RiskPointNames {
  depts: Map<number, string>;
  posts: Map<number, string>;
  people: Map<number, string>;
}

/** Queries of the risk-point aggregate (the point, its power links, versions, grade log and contributions); each runs in the caller's transaction. */
@Injectable()
export class RiskPointRepository {
  findById(m: EntityManager, id: number): Promise<RiskPointEntity | null> {
    return m.getRepository(RiskPointEntity).findOneBy({ id });
  }

  getById(m: EntityManager, id: number): Promise<RiskPointEntity> {
    return m.getRepository(RiskPointEntity).findOneByOrFail({ id });
  }

  newRow(m: EntityManager, fields: Partial<RiskPointEntity>): RiskPointEntity {
    return m.getRepository(RiskPointEntity).create(fields);
  }

  async insert(m: EntityManager, row: RiskPointEntity): Promise<void> {
    await m.getRepository(RiskPointEntity).insert(row);
  }

  async save(m: EntityManager, row: RiskPointEntity): Promise<void> {
    await m.getRepository(RiskPointEntity).save(row);
  }

  // ---- the people, departments and posts a point refers to ---------------------------------

  personIn(m: EntityManager, institutionId: number, personId: number): Promise<PersonEntity | null> {
    return m.getRepository(PersonEntity).findOneBy({ id: personId, institutionId });
  }

  async firstHolderOfPost(m: EntityManager, postId: number): Promise<number | null> {
    return (await m.getRepository(PersonEntity).findOne({ where: { postId }, order: { id: 'ASC' } }))?.id ?? null;
  }

  async hasDepartment(m: EntityManager, institutionId: number, departmentId: number): Promise<boolean> {
    return !!(await m.getRepository(DepartmentEntity).findOneBy({ id: departmentId, institutionId }));
  }

  async hasPost(m: EntityManager, institutionId: number, postId: number): Promise<boolean> {
    return !!(await m.getRepository(PostEntity).findOneBy({ id: postId, institutionId }));
  }

  async names(m: EntityManager, rows: RiskPointEntity[]): Promise<RiskPointNames> {
    const ids = (pick: (r: RiskPointEntity) => number | null) => [...new Set(rows.map(pick).filter((x): x is number => !!x))];
    const deptIds = ids((r) => r.departmentId);
    const postIds = ids((r) => r.postId);
    const personIds = [...new Set([...ids((r) => r.ownerPersonId), ...ids((r) => r.responsiblePersonId), ...ids((r) => r.supervisorPersonId)])];
    const depts = new Map((deptIds.length ? await m.getRepository(DepartmentEntity).createQueryBuilder('d').whereInIds(deptIds).getMany() : []).map((d) => [d.id, d.name]));
    const posts = new Map((postIds.length ? await m.getRepository(PostEntity).createQueryBuilder('p').whereInIds(postIds).getMany() : []).map((p) => [p.id, p.name]));
    const people = new Map((personIds.length ? await m.getRepository(PersonEntity).createQueryBuilder('p').whereInIds(personIds).getMany() : []).map((p) => [p.id, p.name]));
    return { depts, posts, people };
  }

  // ---- powers, versions and grade log --------------------------------------------------------

  /** How many of these powers belong to the institution. */
  countPowersIn(m: EntityManager, institutionId: number, powerIds: number[]): Promise<number> {
    return m.getRepository(PowerEntity).createQueryBuilder('p').whereInIds(powerIds).andWhere('p.institution_id = :i', { i: institutionId }).getCount();
  }

  async replacePowers(m: EntityManager, pointId: number, powerIds: number[]): Promise<void> {
    await m.getRepository(RiskPointPowerEntity).delete({ pointId });
    for (const powerId of powerIds) await m.getRepository(RiskPointPowerEntity).insert({ pointId, powerId });
  }

  async insertVersion(m: EntityManager, version: Omit<RiskPointVersionEntity, 'id'>): Promise<void> {
    await m.getRepository(RiskPointVersionEntity).insert(version);
  }

  async insertGradeLog(m: EntityManager, entry: Omit<GradeLogEntity, 'id'>): Promise<void> {
    await m.getRepository(GradeLogEntity).insert(entry);
  }

  /** A point's linked powers (by number), contributions, grade log and versions, oldest first. */
  async history(m: EntityManager, pointId: number) {
    const links = await m.getRepository(RiskPointPowerEntity).find({ where: { pointId }, order: { powerId: 'ASC' } });
    const powers = links.length ? await m.getRepository(PowerEntity).createQueryBuilder('p').whereInIds(links.map((l) => l.powerId)).orderBy('p.number', 'ASC').getMany() : [];
    const contributions = await m.getRepository(ContributionEntity).find({ where: { pointId }, order: { id: 'ASC' } });
    const gradeLog = await m.getRepository(GradeLogEntity).find({ where: { pointId }, order: { id: 'ASC' } });
    const versions = await m.getRepository(RiskPointVersionEntity).find({ where: { pointId }, order: { version: 'ASC' } });
    return { powerIds: links.map((l) => l.powerId), powers, contributions, gradeLog, versions };
  }

  // ---- search --------------------------------------------------------------------------------

  /**
   * One window of an institution's points by the list filters, highest risk index first. The count stops at the cap, or
   * just past the window when that is further: `totalCapped` then means more rows follow this window.
   */
  async search(m: EntityManager, institutionId: number, query: RiskListQuery, window: { limit: number; offset: number }): Promise<{ total: number; totalCapped: boolean; rows: RiskPointEntity[] }> {
    const qb = this.filtered(m, institutionId, query);
    const cap = Math.max(COUNT_CAP, window.offset + window.limit);
    // Counting every match of a broad text search scans the whole institution; stop counting at the cap.
    const [countSql, countParams] = qb.clone().select('1').limit(cap + 1).getQueryAndParameters();
    const counted = Number((await m.query(`SELECT COUNT(*) AS n FROM (${countSql}) capped`, countParams))[0].n);
    const rows = await this.ordered(qb).limit(window.limit).offset(window.offset).getMany();
    return { total: Math.min(counted, cap), totalCapped: counted > cap, rows };
  }

  /** Every point matching the filters, in list order (a form that offers them all, such as the publication's). */
  all(m: EntityManager, institutionId: number, query: RiskListQuery): Promise<RiskPointEntity[]> {
    return this.ordered(this.filtered(m, institutionId, query)).getMany();
  }

  private ordered(qb: SelectQueryBuilder<RiskPointEntity>): SelectQueryBuilder<RiskPointEntity> {
    return qb.orderBy('r.risk_index', 'DESC').addOrderBy('r.id', 'DESC');
  }

  private filtered(m: EntityManager, institutionId: number, query: RiskListQuery): SelectQueryBuilder<RiskPointEntity> {
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
    return qb;
  }
}
