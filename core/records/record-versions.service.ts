import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { UserEntity } from '../auth/auth.entities';
import { Db } from '../db/db';
import { maskValue } from '../plugin-api';
import type { FieldDef, LocalizedText, RecordTypeDef } from '../plugin-api';
import { fromStored } from '../plugin-host/field-validation';
import { FieldCipher } from './field-cipher';
import { PluginRecordEntity, RecordVersionEntity } from './record.entities';
import { changedKeys } from './record-write-rules';
import { openStored } from './sensitive-fields';

/** One write of a record, after its row was saved: what the audit entry and the version keep of it. */
export interface RecordChange {
  row: PluginRecordEntity;
  def: RecordTypeDef;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  changed: string[];
  /** The audit actor label (user:<id>:<name>, public:form, system:<job>). */
  actor: string;
  userId: number | null;
  reason: string | null;
  action: 'record.create' | 'record.update' | 'record.public-answer';
  /** More for the audit entry (the public form's id). */
  detail?: Record<string, unknown>;
}

/** One version on the record page: who, when, why, and each changed field's old and new value (sensitive ones masked). */
export interface VersionEntry {
  version: number;
  at: string;
  who: string | LocalizedText;
  reason: string | null;
  kind: 'created' | 'changed' | 'snapshot';
  changes: { field: FieldDef; old: unknown; new: unknown }[];
}

const PUBLIC_ACTOR: LocalizedText = { zh: '公众（公开表单）', en: 'The public (public form)' };
const SYSTEM_ACTOR: LocalizedText = { zh: '系统', en: 'System' };

/** A value as audit and history may show it: a sensitive field only as its mask, never in clear. */
function shown(f: FieldDef, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  return f.sensitive ? maskValue(f.sensitive.mask, v) : v;
}

/** Record versions (tamper evidence) and the audit entry of every record change, with old and new values. */
@Injectable()
export class RecordVersionsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
  ) {}

  /** Keeps the row as this version and audits the change, in the write's transaction. */
  async record(m: EntityManager, c: RecordChange): Promise<void> {
    const { row, def } = c;
    await m.getRepository(RecordVersionEntity).insert({ recordId: row.id, version: row.version, data: row.data, changed: JSON.stringify(c.changed), actor: c.actor.slice(0, 100), userId: c.userId, reason: c.reason, createdAt: row.updatedAt });
    const values = Object.fromEntries(c.changed.map((k) => {
      const f = def.fields.find((x) => x.key === k)!;
      return [k, { old: shown(f, c.before[k]), new: shown(f, c.after[k]) }];
    }));
    const detail = { version: row.version, changed: c.changed, values, ...(c.reason ? { reason: c.reason } : {}), ...c.detail };
    await this.audit.append(m, { actor: c.actor, institutionId: row.institutionId, action: c.action, objectType: `${row.pluginId}/${row.recordType}`, objectId: row.id, detail });
  }

  /** The record's versions, newest first, each compared with the one before it. */
  async history(recordId: number, def: RecordTypeDef): Promise<VersionEntry[]> {
    const rows = await this.db.read((m) => m.getRepository(RecordVersionEntity).find({ where: { recordId }, order: { version: 'ASC' } }));
    const userIds = [...new Set(rows.map((r) => r.userId).filter((id): id is number => id !== null))];
    const users = userIds.length ? await this.db.read((m) => m.getRepository(UserEntity).find({ where: { id: In(userIds) }, select: { id: true, displayName: true } })) : [];
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    const valuesOf = (r: RecordVersionEntity) => fromStored(def.fields, openStored(def, JSON.parse(r.data), this.cipher));
    const out: VersionEntry[] = [];
    let before: Record<string, unknown> | null = null;
    for (const r of rows) {
      const after = valuesOf(r);
      const kind = r.actor === 'system:migration' ? 'snapshot' : r.version === 1 ? 'created' : 'changed';
      const changes = kind === 'changed' && before ? changedKeys(def.fields, before, after).map((k) => {
        const f = def.fields.find((x) => x.key === k)!;
        return { field: f, old: shown(f, before![k]), new: shown(f, after[k]) };
      }) : [];
      const who = r.userId !== null ? (names.get(r.userId) ?? r.actor) : r.actor.startsWith('public:') ? PUBLIC_ACTOR : SYSTEM_ACTOR;
      out.push({ version: r.version, at: r.createdAt, who, reason: r.reason, kind, changes });
      before = after;
    }
    return out.reverse();
  }
}
