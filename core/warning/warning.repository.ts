import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, Like, Not } from 'typeorm';
import { AWAITING_ANSWER, OPEN_STATES, TRANSITIONS } from './warning-state';
import { WarningClueEntity, WarningEntity, WarningEscalationEntity, WarningEvidenceEntity, WarningStepEntity } from './warning.entities';

/**
 * Queries of the warning aggregate (the warning, its steps, evidence and escalations, and the clue it came from).
 * Every method takes the caller's EntityManager, so it runs inside the caller's read or write transaction.
 */
@Injectable()
export class WarningRepository {
  find(m: EntityManager, id: number): Promise<WarningEntity | null> {
    return m.getRepository(WarningEntity).findOneBy({ id });
  }

  get(m: EntityManager, id: number): Promise<WarningEntity> {
    return m.getRepository(WarningEntity).findOneByOrFail({ id });
  }

  async insert(m: EntityManager, row: Partial<WarningEntity>): Promise<WarningEntity> {
    const repo = m.getRepository(WarningEntity);
    const w = repo.create(row);
    await repo.insert(w);
    return w;
  }

  async save(m: EntityManager, w: WarningEntity): Promise<void> {
    await m.getRepository(WarningEntity).save(w);
  }

  /**
   * Warnings handled at `handlers` (by their own institution or as the named handler) or about an institution in
   * `about`, of one unit when `filter.unit` is set; soonest due first (every one: the caller pages them).
   */
  list(m: EntityManager, handlers: number[], about: number[], filter: { status?: string; level?: string; open?: boolean; unit?: number }): Promise<WarningEntity[]> {
    const base: Record<string, unknown> = {};
    if (filter.status) base.status = filter.status;
    if (filter.level) base.levelCode = filter.level;
    if (filter.open) base.status = In(filter.status ? [filter.status] : OPEN_STATES);
    const unit = (ids: number[]) => (filter.unit ? ids.filter((i) => i === filter.unit) : ids);
    const where = [
      ...(handlers.length ? [{ ...base, handlerInstitutionId: In(handlers), ...(filter.unit ? { institutionId: filter.unit } : {}) }] : []),
      ...(unit(handlers).length ? [{ ...base, handlerInstitutionId: IsNull(), institutionId: In(unit(handlers)) }] : []),
      ...(unit(about).length ? [{ ...base, institutionId: In(unit(about)) }] : []),
    ];
    return where.length ? m.getRepository(WarningEntity).find({ where, order: { dueDate: 'ASC', id: 'ASC' } }) : Promise.resolve([]);
  }

  /** Warnings waiting for an answer that have a due date, oldest first. */
  awaitingAnswer(m: EntityManager): Promise<WarningEntity[]> {
    return m.getRepository(WarningEntity).find({ where: { status: In(AWAITING_ANSWER), dueDate: Not(IsNull()) }, order: { id: 'ASC' } });
  }

  /** The latest issued, still open warning on the clue's subject (one that an escalation can raise). */
  openOnSubject(m: EntityManager, clue: WarningClueEntity): Promise<WarningEntity | null> {
    const where: Record<string, unknown> = { institutionId: clue.institutionId, subjectType: clue.subjectType, status: In(TRANSITIONS.escalate.from) };
    if (clue.subjectType === 'person') {
      if (!clue.subjectPersonId) return Promise.resolve(null);
      where.subjectPersonId = clue.subjectPersonId;
    } else if (clue.subjectType === 'department') {
      if (!clue.subjectDepartmentId) return Promise.resolve(null);
      where.subjectDepartmentId = clue.subjectDepartmentId;
    }
    return m.getRepository(WarningEntity).findOne({ where, order: { id: 'DESC' } });
  }

  clue(m: EntityManager, clueId: number): Promise<WarningClueEntity> {
    return m.getRepository(WarningClueEntity).findOneByOrFail({ id: clueId });
  }

  /** Clues confirmed again on a warning, oldest first. */
  confirmedClues(m: EntityManager): Promise<WarningClueEntity[]> {
    return m.getRepository(WarningClueEntity).find({ where: { status: 'confirmed', warningId: Not(IsNull()) }, order: { id: 'ASC' } });
  }

  steps(m: EntityManager, warningId: number): Promise<WarningStepEntity[]> {
    return m.getRepository(WarningStepEntity).find({ where: { warningId }, order: { id: 'ASC' } });
  }

  step(m: EntityManager, id: number): Promise<WarningStepEntity> {
    return m.getRepository(WarningStepEntity).findOneByOrFail({ id });
  }

  async addStep(m: EntityManager, row: Omit<WarningStepEntity, 'id'>): Promise<WarningStepEntity> {
    const repo = m.getRepository(WarningStepEntity);
    const s = repo.create(row);
    await repo.insert(s);
    return s;
  }

  async setStepData(m: EntityManager, id: number, data: Record<string, unknown>): Promise<void> {
    await m.getRepository(WarningStepEntity).update({ id }, { data: JSON.stringify(data) });
  }

  /** Steps of these kinds whose document is still to be issued, oldest first; of one warning when given. */
  pendingDocumentSteps(m: EntityManager, kinds: string[], warningId?: number): Promise<WarningStepEntity[]> {
    return m.getRepository(WarningStepEntity).find({ where: { kind: In(kinds), data: Like('%"pending":true%'), ...(warningId ? { warningId } : {}) }, order: { id: 'ASC' } });
  }

  evidence(m: EntityManager, warningId: number): Promise<WarningEvidenceEntity[]> {
    return m.getRepository(WarningEvidenceEntity).find({ where: { warningId }, order: { id: 'ASC' } });
  }

  findEvidence(m: EntityManager, warningId: number, id: number): Promise<WarningEvidenceEntity | null> {
    return m.getRepository(WarningEvidenceEntity).findOneBy({ id, warningId });
  }

  /** The warning's evidence rows among `ids` (fewer than asked when some belong elsewhere). */
  evidenceByIds(m: EntityManager, warningId: number, ids: number[]): Promise<WarningEvidenceEntity[]> {
    return ids.length ? m.getRepository(WarningEvidenceEntity).findBy({ id: In(ids), warningId }) : Promise.resolve([]);
  }

  async addEvidence(m: EntityManager, row: Omit<WarningEvidenceEntity, 'id'>): Promise<WarningEvidenceEntity> {
    const repo = m.getRepository(WarningEvidenceEntity);
    const e = repo.create(row);
    await repo.insert(e);
    return e;
  }

  async attachEvidence(m: EntityManager, ids: number[], stepId: number): Promise<void> {
    for (const id of ids) await m.getRepository(WarningEvidenceEntity).update({ id }, { stepId });
  }

  escalations(m: EntityManager, warningId: number): Promise<WarningEscalationEntity[]> {
    return m.getRepository(WarningEscalationEntity).find({ where: { warningId }, order: { id: 'ASC' } });
  }

  async escalationExists(m: EntityManager, uniqueKey: string): Promise<boolean> {
    return !!(await m.getRepository(WarningEscalationEntity).findOneBy({ uniqueKey }));
  }

  async addEscalation(m: EntityManager, row: Omit<WarningEscalationEntity, 'id'>): Promise<void> {
    const repo = m.getRepository(WarningEscalationEntity);
    await repo.insert(repo.create(row));
  }
}
