import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AppError } from '../http/app-error';
import type { FieldProblem } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { InstitutionEntity } from '../org/org.entities';
import type { RecordTypeDef } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { RecordShareEntity } from './record.entities';

/**
 * Second owning institutions (RecordTypeDef.shares): a referral made by a village clinic is also the
 * designated hospital's record (it records the arrival) and the township's (it tracks the patient).
 */
@Injectable()
export class RecordSharesService {
  constructor(
    private readonly access: AccessService,
    private readonly host: PluginHost,
  ) {}

  /** Rewrites the shares a record grants (itself, and read-only its referenced records) from its values. */
  async sync(m: EntityManager, def: RecordTypeDef, pluginId: string, recordId: number, values: Record<string, unknown>, opts: { created?: boolean } = {}): Promise<void> {
    const repo = m.getRepository(RecordShareEntity);
    // A record saved just now has no shares to replace.
    if (!opts.created) await repo.delete({ viaRecordId: recordId });
    if (!def.shares?.length) return;
    const problems: FieldProblem[] = [];
    const targets: { institutionId: number; field: string }[] = [];
    for (const sh of def.shares) {
      const code = values[sh.field];
      if (typeof code !== 'string' || !code) continue;
      const inst = await m.getRepository(InstitutionEntity).findOneBy({ code });
      if (!inst || !this.host.isEnabled(code, pluginId)) problems.push({ field: sh.field, key: 'validation.institution', params: { code } });
      else targets.push({ institutionId: inst.id, field: sh.field });
    }
    if (problems.length) throw AppError.validation(problems);
    const refs = def.fields.filter((f) => f.type === 'reference' && typeof values[f.key] === 'number').map((f) => values[f.key] as number);
    for (const t of targets) {
      await repo.insert({ recordId, institutionId: t.institutionId, viaRecordId: recordId, field: t.field });
      for (const ref of refs) await repo.insert({ recordId: ref, institutionId: t.institutionId, viaRecordId: recordId, field: '' });
    }
  }

  /** The shares of a record that reach the caller's own institutions (grants do not carry shares further). */
  async reaching(m: EntityManager, actor: Actor, recordId: number): Promise<RecordShareEntity[]> {
    const own = await this.access.ownInstitutionIds(actor);
    if (!own.length) return [];
    return m.getRepository(RecordShareEntity).createQueryBuilder('s').where('s.record_id = :recordId AND s.institution_id IN (:...own)', { recordId, own }).getMany();
  }

  /** Fields a share-only caller may change: the union of the `writable` lists of the shares reaching them. */
  writableFields(def: RecordTypeDef, shares: RecordShareEntity[]): Set<string> {
    const fields = new Set(shares.map((s) => s.field).filter(Boolean));
    return new Set((def.shares ?? []).filter((sh) => fields.has(sh.field)).flatMap((sh) => sh.writable));
  }
}
