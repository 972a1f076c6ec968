import { Injectable } from '@nestjs/common';
import type { DeepPartial, EntityManager, SelectQueryBuilder } from 'typeorm';
import { PluginRecordEntity, RecordShareEntity, RuleHitEntity } from './record.entities';

/** Records of one type a caller may reach: owned by one of `owners`, or shared with one of `sharedTo`. */
export interface RecordReach {
  pluginId: string;
  recordType: string;
  owners: number[];
  sharedTo: number[];
}

/**
 * Queries of the plugin-record aggregate: records, the shares that give them second owners, and their rule hits.
 * Each takes the EntityManager of the caller's `db.read`/`db.write`, so it runs inside the caller's transaction.
 */
@Injectable()
export class PluginRecordRepository {
  findById(m: EntityManager, id: number): Promise<PluginRecordEntity | null> {
    return m.getRepository(PluginRecordEntity).findOneBy({ id });
  }

  findByIdOrFail(m: EntityManager, id: number): Promise<PluginRecordEntity> {
    return m.getRepository(PluginRecordEntity).findOneByOrFail({ id });
  }

  /** Whether a reference may point at this record: same plugin, institution and referenced type. */
  async referenceExists(m: EntityManager, target: { id: number; institutionId: number; pluginId: string; recordType: string }): Promise<boolean> {
    return !!(await m.getRepository(PluginRecordEntity).findOneBy(target));
  }

  async insert(m: EntityManager, values: DeepPartial<PluginRecordEntity>): Promise<PluginRecordEntity> {
    const repo = m.getRepository(PluginRecordEntity);
    const row = repo.create(values);
    await repo.insert(row);
    return row;
  }

  async save(m: EntityManager, row: PluginRecordEntity): Promise<void> {
    await m.getRepository(PluginRecordEntity).save(row);
  }

  /** Shares of these records granted to these institutions. */
  sharesOf(m: EntityManager, recordIds: number[], institutionIds: number[]): Promise<RecordShareEntity[]> {
    return m.getRepository(RecordShareEntity).createQueryBuilder('s').where('s.record_id IN (:...ids) AND s.institution_id IN (:...own)', { ids: recordIds, own: institutionIds }).getMany();
  }

  /** One page of reachable records, newest first, whose title contains `q`; with the count of all that match. */
  page(m: EntityManager, reach: RecordReach, q: string | undefined, limit: number, offset: number): Promise<[PluginRecordEntity[], number]> {
    return this.search(m, reach, q).orderBy('r.id', 'DESC').take(limit).skip(offset).getManyAndCount();
  }

  /** Every reachable record whose title contains `q`, newest first: for filters on values in the JSON column. */
  all(m: EntityManager, reach: RecordReach, q: string | undefined): Promise<PluginRecordEntity[]> {
    return this.search(m, reach, q).orderBy('r.id', 'DESC').getMany();
  }

  /** Id and title of exactly these reachable records. */
  titles(m: EntityManager, reach: RecordReach, ids: number[]): Promise<Pick<PluginRecordEntity, 'id' | 'title'>[]> {
    const qb = m
      .getRepository(PluginRecordEntity)
      .createQueryBuilder('r')
      .select(['r.id', 'r.title'])
      .where('r.plugin_id = :pluginId AND r.record_type = :recordType AND r.id IN (:...wanted)', { pluginId: reach.pluginId, recordType: reach.recordType, wanted: ids });
    return this.reachable(qb, reach).getMany();
  }

  /** Rule hits of these records, oldest first. */
  hitsOfRecords(m: EntityManager, recordIds: number[]): Promise<RuleHitEntity[]> {
    return m.getRepository(RuleHitEntity).createQueryBuilder('h').where('h.record_id IN (:...ids)', { ids: recordIds }).orderBy('h.id', 'ASC').getMany();
  }

  /** The newest `limit` rule hits at these institutions. */
  recentHits(m: EntityManager, institutionIds: number[], limit: number): Promise<RuleHitEntity[]> {
    return m.getRepository(RuleHitEntity).createQueryBuilder('h').where('h.institution_id IN (:...scope)', { scope: institutionIds }).orderBy('h.id', 'DESC').take(limit).getMany();
  }

  private search(m: EntityManager, reach: RecordReach, q: string | undefined): SelectQueryBuilder<PluginRecordEntity> {
    const qb = m.getRepository(PluginRecordEntity).createQueryBuilder('r').where('r.plugin_id = :pluginId AND r.record_type = :recordType', { pluginId: reach.pluginId, recordType: reach.recordType });
    this.reachable(qb, reach);
    if (q) qb.andWhere('r.title LIKE :q', { q: `%${q.replace(/[%_]/g, '')}%` });
    return qb;
  }

  /** Records shared with the caller's own institutions (second owners) are reached beside their owners' records. */
  private reachable(qb: SelectQueryBuilder<PluginRecordEntity>, { owners, sharedTo }: RecordReach): SelectQueryBuilder<PluginRecordEntity> {
    const owned = owners.length ? 'r.institution_id IN (:...owners)' : '1 = 0';
    if (sharedTo.length) return qb.andWhere(`(${owned} OR r.id IN (SELECT s.record_id FROM record_shares s WHERE s.institution_id IN (:...sharedTo)))`, { owners, sharedTo });
    return qb.andWhere(owned, { owners });
  }
}
