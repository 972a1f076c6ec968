import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { PluginRecordEntity, RuleHitEntity } from '../records/record.entities';
import { WarningClueEntity } from './warning.entities';

/** What the list of rule hits (模型命中) may be narrowed to: one institution, day bounds, a model, a level. */
export interface RuleHitListFilter {
  institutionId: number;
  /** First and last day, ISO: a year or a quarter (periodOf). */
  from?: string;
  to?: string;
  /** The full rule id, 'plugin/rule'. */
  ruleId?: string;
  level?: string;
}

/**
 * Queries of the rule-hit list. The conditions are those of RulesService.hitCounts (the county board's figure):
 * the institution, `created_at >= from` and its day `<= to`; so a figure and its list count the same rows.
 */
@Injectable()
export class RuleHitListRepository {
  private query(m: EntityManager, f: RuleHitListFilter) {
    const qb = m.getRepository(RuleHitEntity).createQueryBuilder('h').where('h.institution_id IN (:...ids)', { ids: [f.institutionId] });
    if (f.from) qb.andWhere('h.created_at >= :from', { from: f.from });
    if (f.to) qb.andWhere('substr(h.created_at, 1, 10) <= :to', { to: f.to });
    if (f.ruleId) qb.andWhere('h.rule_id = :ruleId', { ruleId: f.ruleId });
    if (f.level) qb.andWhere('h.level = :level', { level: f.level });
    return qb;
  }

  /** One page, newest first, and the count of all that match. */
  page(m: EntityManager, f: RuleHitListFilter, limit: number, offset: number): Promise<[RuleHitEntity[], number]> {
    return this.query(m, f).orderBy('h.createdAt', 'DESC').addOrderBy('h.id', 'DESC').take(limit).skip(offset).getManyAndCount();
  }

  /** The clues the hits raised (ClueService.intakeRuleHit keys them 'rule-hit:<hitId>'), by hit id. */
  async cluesOf(m: EntityManager, institutionId: number, hitIds: number[]): Promise<Map<number, WarningClueEntity>> {
    if (!hitIds.length) return new Map();
    const rows = await m.getRepository(WarningClueEntity).findBy({ institutionId, intakeKey: In(hitIds.map((id) => `rule-hit:${id}`)) });
    return new Map(rows.map((c) => [Number(c.intakeKey!.slice('rule-hit:'.length)), c]));
  }

  /** Plugin and record type of the records the hits name, to find each one's page. */
  async recordTypes(m: EntityManager, ids: number[]): Promise<Map<number, { pluginId: string; recordType: string; institutionId: number }>> {
    if (!ids.length) return new Map();
    const rows = await m.getRepository(PluginRecordEntity).find({ select: { id: true, pluginId: true, recordType: true, institutionId: true }, where: { id: In([...new Set(ids)]) } });
    return new Map(rows.map((r) => [r.id, { pluginId: r.pluginId, recordType: r.recordType, institutionId: r.institutionId }]));
  }
}
