import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { EvaluationRoundEntity, EvaluationTallyEntity, RoundVoterEntity } from './assessment.entities';
import type { Tally } from './scoring';

/**
 * Queries of the evaluation-round aggregate: a round, its voter list (has-voted flags only) and its per-subject
 * counters. Each takes the EntityManager of `db.read`/`db.write`, so it runs inside the caller's transaction.
 */
@Injectable()
export class EvaluationRoundRepository {
  findRound(m: EntityManager, id: number): Promise<EvaluationRoundEntity | null> {
    return m.getRepository(EvaluationRoundEntity).findOneBy({ id });
  }

  getRound(m: EntityManager, id: number): Promise<EvaluationRoundEntity> {
    return m.getRepository(EvaluationRoundEntity).findOneByOrFail({ id });
  }

  /** A scheme's rounds, oldest first. */
  rounds(m: EntityManager, schemeId: number): Promise<EvaluationRoundEntity[]> {
    return m.getRepository(EvaluationRoundEntity).find({ where: { schemeId }, order: { id: 'ASC' } });
  }

  openRoundCount(m: EntityManager, schemeId: number): Promise<number> {
    return m.getRepository(EvaluationRoundEntity).countBy({ schemeId, status: 'open' });
  }

  /** Counters of a scheme's closed rounds only: an open round's counts are never shown, so they cannot be matched to who has voted. */
  async closedTallies(m: EntityManager, schemeId: number): Promise<EvaluationTallyEntity[]> {
    const closed = (await m.getRepository(EvaluationRoundEntity).findBy({ schemeId })).filter((r) => r.status === 'closed').map((r) => r.id);
    return closed.length ? m.getRepository(EvaluationTallyEntity).findBy({ roundId: In(closed) }) : [];
  }

  async insertRound(m: EntityManager, fields: Partial<EvaluationRoundEntity>): Promise<EvaluationRoundEntity> {
    const round = m.getRepository(EvaluationRoundEntity).create(fields);
    await m.getRepository(EvaluationRoundEntity).insert(round);
    return round;
  }

  async close(m: EntityManager, id: number, closedAt: string): Promise<void> {
    await m.getRepository(EvaluationRoundEntity).update({ id }, { status: 'closed', closedAt });
  }

  /** Open online rounds in which the user is listed and has not voted yet. */
  async pendingOnlineRounds(m: EntityManager, userId: number): Promise<EvaluationRoundEntity[]> {
    const mine = await m.getRepository(RoundVoterEntity).findBy({ userId, hasVoted: false });
    if (!mine.length) return [];
    return m.getRepository(EvaluationRoundEntity).find({ where: { id: In(mine.map((v) => v.roundId)), status: 'open', mode: 'online' }, order: { id: 'ASC' } });
  }

  // ---- voters -----------------------------------------------------------------------------------

  async addVoter(m: EntityManager, roundId: number, userId: number): Promise<void> {
    await m.getRepository(RoundVoterEntity).insert({ roundId, userId, hasVoted: false });
  }

  voter(m: EntityManager, roundId: number, userId: number): Promise<RoundVoterEntity | null> {
    return m.getRepository(RoundVoterEntity).findOneBy({ roundId, userId });
  }

  voters(m: EntityManager, roundId: number): Promise<RoundVoterEntity[]> {
    return m.getRepository(RoundVoterEntity).findBy({ roundId });
  }

  /** Flips the voter's flag from false only: false when there was nothing to flip (voted already, or not listed). */
  async markVoted(m: EntityManager, roundId: number, userId: number): Promise<boolean> {
    const flipped = await m.getRepository(RoundVoterEntity).update({ roundId, userId, hasVoted: false }, { hasVoted: true });
    return !!flipped.affected;
  }

  async isListed(m: EntityManager, roundId: number, userId: number): Promise<boolean> {
    return (await m.getRepository(RoundVoterEntity).countBy({ roundId, userId })) > 0;
  }

  // ---- counters ---------------------------------------------------------------------------------

  async addTally(m: EntityManager, row: Tally & { roundId: number; subjectId: number; source: string; institutionId: number }): Promise<void> {
    await m.getRepository(EvaluationTallyEntity).insert(row);
  }

  tallies(m: EntityManager, roundId: number): Promise<EvaluationTallyEntity[]> {
    return m.getRepository(EvaluationTallyEntity).findBy({ roundId });
  }

  findTally(m: EntityManager, roundId: number, subjectId: number, source: string): Promise<EvaluationTallyEntity | null> {
    return m.getRepository(EvaluationTallyEntity).findOneBy({ roundId, subjectId, source });
  }

  async setTally(m: EntityManager, roundId: number, subjectId: number, source: string, counts: Tally): Promise<void> {
    await m.getRepository(EvaluationTallyEntity).update({ roundId, subjectId, source }, counts);
  }

  /** One more vote in a subject's column, counted in the database so concurrent ballots never overwrite each other. */
  async countVote(m: EntityManager, roundId: number, subjectId: number, column: keyof Tally): Promise<void> {
    await m
      .createQueryBuilder()
      .update(EvaluationTallyEntity)
      .set({ [column]: () => `${column} + 1` })
      .where('round_id = :roundId AND subject_id = :subjectId AND source = :source', { roundId, subjectId, source: 'online' })
      .execute();
  }
}
