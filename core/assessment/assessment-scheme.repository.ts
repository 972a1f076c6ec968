import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import {
  AssessmentItemEntity,
  AssessmentItemScoreEntity,
  AssessmentResultEntity,
  AssessmentSchemeEntity,
  AssessmentSubjectEntity,
  SelfReportEntity,
} from './assessment.entities';

type Row<T> = Omit<T, 'id'>;

/**
 * Queries of the assessment-scheme aggregate: a scheme, its items, subjects, item scores, frozen results and
 * self-reports. Each takes the EntityManager of `db.read`/`db.write`, so it runs inside the caller's transaction.
 */
@Injectable()
export class AssessmentSchemeRepository {
  // ---- schemes ----------------------------------------------------------------------------------

  findScheme(m: EntityManager, id: number): Promise<AssessmentSchemeEntity | null> {
    return m.getRepository(AssessmentSchemeEntity).findOneBy({ id });
  }

  getScheme(m: EntityManager, id: number): Promise<AssessmentSchemeEntity> {
    return m.getRepository(AssessmentSchemeEntity).findOneByOrFail({ id });
  }

  /** Newest first. */
  schemesOf(m: EntityManager, institutionIds: number[], take: number): Promise<AssessmentSchemeEntity[]> {
    return m.getRepository(AssessmentSchemeEntity).find({ where: { institutionId: In(institutionIds) }, order: { id: 'DESC' }, take });
  }

  schemesByIds(m: EntityManager, ids: number[], status?: string): Promise<AssessmentSchemeEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return m.getRepository(AssessmentSchemeEntity).findBy({ id: In(ids), ...(status ? { status } : {}) });
  }

  /** Finalised or published schemes, latest period first; `take` keeps the latest only. */
  decidedSchemes(m: EntityManager, institutionIds: number[], take?: number): Promise<AssessmentSchemeEntity[]> {
    return m.getRepository(AssessmentSchemeEntity).find({
      where: { institutionId: In(institutionIds), status: In(['finalised', 'published']) },
      order: { period: 'DESC', id: 'DESC' },
      ...(take ? { take } : {}),
    });
  }

  reassessmentCount(m: EntityManager, schemeId: number): Promise<number> {
    return m.getRepository(AssessmentSchemeEntity).countBy({ reassessmentOf: schemeId });
  }

  async insertScheme(m: EntityManager, fields: Partial<AssessmentSchemeEntity>): Promise<AssessmentSchemeEntity> {
    const scheme = m.getRepository(AssessmentSchemeEntity).create(fields);
    await m.getRepository(AssessmentSchemeEntity).insert(scheme);
    return scheme;
  }

  async updateScheme(m: EntityManager, id: number, patch: Partial<AssessmentSchemeEntity>): Promise<void> {
    await m.getRepository(AssessmentSchemeEntity).update({ id }, patch);
  }

  // ---- items and their scores -------------------------------------------------------------------

  /** In their order on the scheme. */
  items(m: EntityManager, schemeId: number): Promise<AssessmentItemEntity[]> {
    return m.getRepository(AssessmentItemEntity).find({ where: { schemeId }, order: { position: 'ASC' } });
  }

  findItem(m: EntityManager, id: number): Promise<AssessmentItemEntity | null> {
    return m.getRepository(AssessmentItemEntity).findOneBy({ id });
  }

  async insertItem(m: EntityManager, row: Partial<AssessmentItemEntity>): Promise<void> {
    await m.getRepository(AssessmentItemEntity).insert(row);
  }

  async updateItem(m: EntityManager, id: number, row: Partial<AssessmentItemEntity>): Promise<void> {
    await m.getRepository(AssessmentItemEntity).update({ id }, row);
  }

  async deleteItems(m: EntityManager, ids: number[]): Promise<void> {
    await m.getRepository(AssessmentItemEntity).delete({ id: In(ids) });
  }

  scores(m: EntityManager, itemIds: number[]): Promise<AssessmentItemScoreEntity[]> {
    if (!itemIds.length) return Promise.resolve([]);
    return m.getRepository(AssessmentItemScoreEntity).findBy({ itemId: In(itemIds) });
  }

  scoreCount(m: EntityManager, itemIds: number[]): Promise<number> {
    return m.getRepository(AssessmentItemScoreEntity).countBy({ itemId: In(itemIds) });
  }

  /** One score per item and subject: a new score replaces the earlier one, which is returned as `before`. */
  async saveScore(m: EntityManager, row: Row<AssessmentItemScoreEntity>): Promise<{ before: AssessmentItemScoreEntity | null; saved: AssessmentItemScoreEntity }> {
    const repo = m.getRepository(AssessmentItemScoreEntity);
    const where = { itemId: row.itemId, subjectId: row.subjectId };
    const before = await repo.findOneBy(where);
    if (before) await repo.update({ id: before.id }, row);
    else await repo.insert(row);
    return { before, saved: await repo.findOneByOrFail(where) };
  }

  // ---- subjects ---------------------------------------------------------------------------------

  subjects(m: EntityManager, schemeId: number): Promise<AssessmentSubjectEntity[]> {
    return m.getRepository(AssessmentSubjectEntity).find({ where: { schemeId }, order: { id: 'ASC' } });
  }

  findSubject(m: EntityManager, schemeId: number, id: number): Promise<AssessmentSubjectEntity | null> {
    return m.getRepository(AssessmentSubjectEntity).findOneBy({ id, schemeId });
  }

  subjectsOfSchemes(m: EntityManager, schemeIds: number[]): Promise<AssessmentSubjectEntity[]> {
    return m.getRepository(AssessmentSubjectEntity).findBy({ schemeId: In(schemeIds) });
  }

  subjectsOfPerson(m: EntityManager, personId: number, institutionIds: number[]): Promise<AssessmentSubjectEntity[]> {
    return m.getRepository(AssessmentSubjectEntity).findBy({ personId, institutionId: In(institutionIds) });
  }

  async insertSubject(m: EntityManager, row: Partial<AssessmentSubjectEntity>): Promise<void> {
    await m.getRepository(AssessmentSubjectEntity).insert(row);
  }

  // ---- frozen results ---------------------------------------------------------------------------

  results(m: EntityManager, schemeId: number): Promise<AssessmentResultEntity[]> {
    return m.getRepository(AssessmentResultEntity).findBy({ schemeId });
  }

  resultsOfSchemes(m: EntityManager, schemeIds: number[]): Promise<AssessmentResultEntity[]> {
    if (!schemeIds.length) return Promise.resolve([]);
    return m.getRepository(AssessmentResultEntity).findBy({ schemeId: In(schemeIds) });
  }

  /** Newest first. */
  resultsOfPerson(m: EntityManager, personId: number): Promise<AssessmentResultEntity[]> {
    return m.getRepository(AssessmentResultEntity).find({ where: { personId }, order: { id: 'DESC' } });
  }

  /** A unit's frozen results in the schemes that assessed it, newest first. */
  resultsOfUnit(m: EntityManager, unitId: number): Promise<AssessmentResultEntity[]> {
    return m.getRepository(AssessmentResultEntity).find({ where: { unitId }, order: { id: 'DESC' } });
  }

  async insertResult(m: EntityManager, row: Row<AssessmentResultEntity>): Promise<void> {
    await m.getRepository(AssessmentResultEntity).insert(row);
  }

  // ---- self-reports -----------------------------------------------------------------------------

  selfReports(m: EntityManager, schemeId: number): Promise<SelfReportEntity[]> {
    return m.getRepository(SelfReportEntity).find({ where: { schemeId }, order: { id: 'ASC' } });
  }

  /** One report per subject of a scheme: a new one replaces the earlier. */
  async saveSelfReport(m: EntityManager, row: Row<SelfReportEntity>): Promise<SelfReportEntity> {
    const repo = m.getRepository(SelfReportEntity);
    const where = { schemeId: row.schemeId, subjectId: row.subjectId };
    const before = await repo.findOneBy(where);
    if (before) await repo.update({ id: before.id }, row);
    else await repo.insert(row);
    return repo.findOneByOrFail(where);
  }
}
