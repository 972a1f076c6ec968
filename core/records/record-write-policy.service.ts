import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import type { FieldProblem } from '../http/app-error';
import { AccessService, permits } from '../org/access.service';
import type { RecordTypeDef } from '../plugin-api';
import { EvidenceHold, RecordEvidenceLocks } from './record-evidence-locks';
import { RecordSharesService } from './record-shares.service';
import { isEmpty, refusalOf, refusalProblem, WriteContext, WriteRefusal } from './record-write-rules';

/** The record a write is about: where it lives, who made it, and what it held before (clear values). */
export interface WriteTarget {
  pluginId: string;
  recordType: string;
  institutionId: number;
  /** null while the record is being created. */
  recordId: number | null;
  createdBy: number | null;
  stored: Record<string, unknown>;
}

/** What an edit form may offer one account: fields it may not write (and why), and whether the record is evidence. */
export interface FormAccess {
  readOnly: Map<string, FieldProblem>;
  /** 'locked': evidence of an open matter about this account or created by it; 'reason': a correction needs a reason. */
  evidence: 'none' | 'locked' | 'reason';
}

/** How forms and messages name a correction's `reason`. */
export const REASON_LABEL = { zh: '更正理由', en: 'Reason for the correction' };

/**
 * Decides every write to a plugin record (API, forms, check-in, public form): share limits, the fields' write rules
 * (FieldDef.write) and evidence locks. RecordsService calls it inside the write's transaction, so nothing is written
 * when it refuses; a refusal is audited as a denied attempt after the rollback.
 */
@Injectable()
export class RecordWritePolicy {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly shares: RecordSharesService,
    private readonly locks: RecordEvidenceLocks,
    private readonly audit: AuditService,
  ) {}

  private async context(m: EntityManager, actor: Actor, def: RecordTypeDef, target: WriteTarget): Promise<WriteContext> {
    const roles = await this.access.rolesAt(actor, target.institutionId);
    const viaShares = target.recordId === null ? new Set<string>() : this.shares.writableFields(def, await this.shares.reaching(m, actor, target.recordId));
    return {
      channel: 'account',
      creating: target.recordId === null,
      permits: (allowed) => permits(actor, roles, allowed),
      isAdmin: actor.isSystemAdmin,
      isCreator: target.recordId === null || (target.createdBy !== null && target.createdBy === actor.userId),
      viaShares,
      stored: target.stored,
    };
  }

  /** Open matters citing the record, and whether the account is their subject or the record's creator. */
  private async evidence(m: EntityManager, actor: Actor, target: WriteTarget): Promise<{ holds: EvidenceHold[]; mine: boolean }> {
    if (target.recordId === null) return { holds: [], mine: false };
    const holds = await this.locks.holds(m, target.recordId);
    const subject = actor.personId !== null && holds.some((h) => h.subjectPersonIds.includes(actor.personId!));
    return { holds, mine: holds.length > 0 && (subject || (target.createdBy !== null && target.createdBy === actor.userId)) };
  }

  /**
   * An account's write changing `changed`: 403 naming each protected field and why; 400 for a share's foreign part.
   * Returns the check a correction of evidence still needs (a reason), for after the values' own checks.
   */
  async assertAccountWrite(m: EntityManager, actor: Actor, def: RecordTypeDef, target: WriteTarget, changed: string[], reason: string | null): Promise<() => void> {
    const ctx = await this.context(m, actor, def, target);
    const refused = new Map<string, WriteRefusal>();
    for (const key of changed) {
      const why = refusalOf(def.fields.find((f) => f.key === key)!, ctx);
      if (why) refused.set(key, why);
    }
    const { holds, mine } = await this.evidence(m, actor, target);
    if (mine) for (const key of changed) if (!refused.has(key)) refused.set(key, 'evidence');
    if (refused.size) {
      const detail = { fields: Object.fromEntries(refused), ...(holds.length ? { evidenceOf: holds.map((h) => `${h.kind}:${h.id}`) } : {}) };
      await this.denied(actorLabel(actor), actor.currentInstitutionId, target, detail);
      throw this.refusal(def, refused);
    }
    await this.assertShareLimits(m, actor, def, target, changed);
    // Filling in a blank is not a correction: only a change to a value already there needs its reason.
    const needsReason = holds.length > 0 && !reason && changed.some((k) => !isEmpty(target.stored[k]));
    return () => {
      if (needsReason) throw AppError.validation([{ field: 'reason', key: 'record.reason_required', params: { field: REASON_LABEL } }]);
    };
  }

  /** The public form's write: only fields its rules leave to the public (no evidence lock: the public is neither subject nor creator). */
  async assertPublicWrite(def: RecordTypeDef, target: WriteTarget, changed: string[]): Promise<void> {
    const ctx: WriteContext = { channel: 'public-form', creating: false, permits: () => false, isAdmin: false, isCreator: false, viaShares: new Set(), stored: target.stored };
    const refused = new Map<string, WriteRefusal>();
    for (const key of changed) {
      const why = refusalOf(def.fields.find((f) => f.key === key)!, ctx);
      if (why) refused.set(key, why);
    }
    if (!refused.size) return;
    await this.denied('public:form', target.institutionId, target, { fields: Object.fromEntries(refused) });
    throw this.refusal(def, refused);
  }

  /** For the edit (or new) form of one account: what it may not write now, and the record's evidence state. */
  async formAccess(actor: Actor, def: RecordTypeDef, target: WriteTarget): Promise<FormAccess> {
    return this.db.read(async (m) => {
      const ctx = await this.context(m, actor, def, target);
      const { holds, mine } = await this.evidence(m, actor, target);
      // Reached only through a share, the caller fills in the share's part alone (as assertShareLimits decides).
      const shareOnly = target.recordId !== null && !(await this.access.visibleInstitutionIds(actor, target.pluginId)).includes(target.institutionId);
      const readOnly = new Map<string, FieldProblem>();
      for (const f of def.fields) {
        const why = refusalOf(f, ctx) ?? (mine ? 'evidence' : null);
        if (why) readOnly.set(f.key, refusalProblem(def, f, why));
        else if (shareOnly && !ctx.viaShares.has(f.key)) readOnly.set(f.key, { field: f.key, key: 'validation.not_writable_by_share', params: { field: f.label } });
      }
      return { readOnly, evidence: mine ? 'locked' : holds.length ? 'reason' : 'none' };
    });
  }

  /** A caller who reaches a record only through a share may change only that share's writable fields (400, as before). */
  private async assertShareLimits(m: EntityManager, actor: Actor, def: RecordTypeDef, target: WriteTarget, changed: string[]): Promise<void> {
    if (target.recordId === null || (await this.access.visibleInstitutionIds(actor, target.pluginId)).includes(target.institutionId)) return;
    const writable = this.shares.writableFields(def, await this.shares.reaching(m, actor, target.recordId));
    const denied = changed.filter((k) => !writable.has(k));
    if (denied.length) throw AppError.validation(denied.map((field) => ({ field, key: 'validation.not_writable_by_share' })));
  }

  private refusal(def: RecordTypeDef, refused: Map<string, WriteRefusal>): AppError {
    const problems = [...refused].map(([key, why]) => refusalProblem(def, def.fields.find((f) => f.key === key)!, why));
    return new AppError(HttpStatus.FORBIDDEN, 'error.record_protected', {}, problems);
  }

  private async denied(actor: string, institutionId: number | null, target: WriteTarget, detail: Record<string, unknown>): Promise<void> {
    await this.db.afterSettle(() =>
      this.audit.record({ actor, institutionId: institutionId ?? target.institutionId, action: target.recordId === null ? 'record.create' : 'record.update', objectType: `${target.pluginId}/${target.recordType}`, objectId: target.recordId ?? 'new', outcome: 'denied', detail }),
    );
  }
}
