import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Db } from '../db/db';
import { AuditEntryEntity } from './audit.entity';

export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface AuditInput {
  actor: string;
  institutionId?: number | null;
  action: string;
  objectType: string;
  objectId: string | number;
  outcome?: AuditOutcome;
  detail?: Record<string, unknown>;
}

export interface ChainReport {
  ok: boolean;
  rows: number;
  firstBroken?: { seq: number; reason: string };
}

export const GENESIS_HASH = '0'.repeat(64);

export function hashAuditRow(prevHash: string, row: Omit<AuditEntryEntity, 'hash' | 'prevHash'>): string {
  const body = JSON.stringify([row.seq, row.at, row.actor, row.institutionId, row.action, row.objectType, row.objectId, row.outcome, row.detail]);
  return createHash('sha256').update(prevHash).update('|').update(body).digest('hex');
}

@Injectable()
export class AuditService {
  constructor(private readonly db: Db) {}

  /** Appends inside the caller's write transaction, so the row commits or rolls back with the change. */
  async append(m: EntityManager, input: AuditInput): Promise<AuditEntryEntity> {
    // The head this transaction last wrote: no other writer can move it until the transaction ends.
    const tx = this.db.transactionState(m);
    let head = tx?.get('audit.head') as { seq: number; hash: string } | undefined;
    if (!head) {
      if (this.db.kind === 'postgres') {
        // Other processes (render workers, CLI) may append too: serialise the chain head across them.
        await m.query('SELECT pg_advisory_xact_lock(7305001)');
      }
      const last = await m.getRepository(AuditEntryEntity).find({ order: { seq: 'DESC' }, take: 1 });
      head = { seq: last[0]?.seq ?? 0, hash: last[0]?.hash ?? GENESIS_HASH };
    }
    const prevHash = head.hash;
    const row = {
      seq: head.seq + 1,
      at: new Date().toISOString(),
      actor: input.actor.slice(0, 100),
      institutionId: input.institutionId ?? null,
      action: input.action,
      objectType: input.objectType,
      objectId: String(input.objectId).slice(0, 80),
      outcome: input.outcome ?? 'ok',
      detail: input.detail ? JSON.stringify(input.detail) : '',
    };
    const entry = m.getRepository(AuditEntryEntity).create({ ...row, prevHash, hash: hashAuditRow(prevHash, row) });
    await m.getRepository(AuditEntryEntity).insert(entry);
    tx?.set('audit.head', { seq: entry.seq, hash: entry.hash });
    return entry;
  }

  /** Records an event that has no change of its own (a denied access, a failed login). */
  record(input: AuditInput): Promise<AuditEntryEntity> {
    return this.db.write((m) => this.append(m, input));
  }

  async verify(): Promise<ChainReport> {
    return this.db.read(async (m) => {
      const repo = m.getRepository(AuditEntryEntity);
      let prevHash = GENESIS_HASH;
      let expectedSeq = 1;
      let rows = 0;
      const batch = 1000;
      for (;;) {
        const page = await repo.createQueryBuilder('a').where('a.seq >= :from', { from: expectedSeq }).orderBy('a.seq', 'ASC').take(batch).getMany();
        for (const row of page) {
          if (row.seq !== expectedSeq) {
            return { ok: false, rows, firstBroken: { seq: row.seq, reason: `row ${expectedSeq} is missing (sequence jumps from ${expectedSeq - 1} to ${row.seq})` } };
          }
          if (row.prevHash !== prevHash) {
            return { ok: false, rows, firstBroken: { seq: row.seq, reason: 'prev_hash does not match the previous row' } };
          }
          const { hash, prevHash: _p, ...body } = row;
          if (hashAuditRow(prevHash, body) !== hash) {
            return { ok: false, rows, firstBroken: { seq: row.seq, reason: 'content does not match its hash (row was edited)' } };
          }
          prevHash = hash;
          expectedSeq++;
          rows++;
        }
        if (page.length < batch) break;
      }
      return { ok: true, rows };
    });
  }
}
