import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import { insertMissing } from '../db/insert-missing';
import { DomainEvents } from '../events/domain-events';
import type { LocalizedText, RuleLevel } from '../plugin-api';
import { RuleHitEntity } from '../records/record.entities';

/** A hit as plugin rules and warning models raise it. */
export interface NewRuleHit {
  institutionId: number;
  pluginId: string;
  /** `<plugin>/<rule>`, or `<plugin>/model.<id>` for a warning model. */
  ruleId: string;
  ruleVersion: number;
  level: RuleLevel;
  recordId: number | null;
  recordIds: number[];
  subjectKey: string;
  subjectLabel: string;
  inputs: Record<string, unknown>;
  message: LocalizedText;
  /** The rule's name when no plugin declares it (a warning model's). */
  ruleLabel?: LocalizedText;
}

/**
 * The one path a rule hit takes: stored once per institution, rule version and subject key, audited, and announced
 * as 'rule.hit' (the warning module turns it into a clue), all in the caller's write.
 */
@Injectable()
export class RuleHitWriter {
  constructor(
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  /** The stored hit, or null when that subject's hit for this rule version was raised before. */
  async raise(m: EntityManager, h: NewRuleHit): Promise<RuleHitEntity | null> {
    const row = m.getRepository(RuleHitEntity).create({
      institutionId: h.institutionId,
      pluginId: h.pluginId,
      ruleId: h.ruleId,
      ruleVersion: h.ruleVersion,
      level: h.level,
      recordId: h.recordId,
      subjectKey: h.subjectKey.slice(0, 200),
      inputs: JSON.stringify(h.inputs),
      message: JSON.stringify(h.message),
      createdAt: this.clock.now().toISOString(),
    });
    // The unique key makes a rescan or a repeated save raise nothing new.
    const [hit] = await insertMissing(m, RuleHitEntity, [row], ['institutionId', 'ruleId', 'ruleVersion', 'subjectKey']);
    if (!hit) return null;
    await this.audit.append(m, { actor: 'system:rules', institutionId: h.institutionId, action: 'rule.hit', objectType: 'rule-hit', objectId: hit.id, detail: { ruleId: h.ruleId, version: h.ruleVersion, recordId: hit.recordId, subjectKey: hit.subjectKey } });
    await this.events.emit(m, 'rule.hit', {
      institutionId: h.institutionId,
      ruleId: h.ruleId,
      ruleVersion: h.ruleVersion,
      level: h.level,
      hitId: hit.id,
      recordId: hit.recordId,
      recordIds: h.recordIds,
      subjectLabel: h.subjectLabel,
      message: h.message,
      inputs: h.inputs,
      ...(h.ruleLabel ? { ruleLabel: h.ruleLabel } : {}),
    });
    return hit;
  }
}
