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

type PendingRow = Omit<AuditEntryEntity, 'seq' | 'hash' | 'prevHash'>;

export const GENESIS_HASH = '0'.repeat(64);

const LINK_BROKEN = 'prev_hash does not match the previous row';
const CONTENT_BROKEN = 'content does not match its hash (row was edited)';

/** A verify() reason in words for the screen (the CLI prints the reason as it is). */
export function brokenReasonText(reason: string): { zh: string; en: string } {
  if (reason === LINK_BROKEN) return { zh: '与上一条记录的哈希链接不符', en: 'its link to the previous entry does not match' };
  if (reason === CONTENT_BROKEN) return { zh: '内容与其哈希不符，记录被改动过', en: 'its content does not match its hash: it was edited' };
  return { zh: '序号不连续，此前有记录缺失', en: `an entry before it is missing (${reason})` };
}

export function hashAuditRow(prevHash: string, row: Omit<AuditEntryEntity, 'hash' | 'prevHash'>): string {
  const body = JSON.stringify([row.seq, row.at, row.actor, row.institutionId, row.action, row.objectType, row.objectId, row.outcome, row.detail]);
  return createHash('sha256').update(prevHash).update('|').update(body).digest('hex');
}

@Injectable()
export class AuditService {
  constructor(private readonly db: Db) {}

  /**
   * Appends inside the caller's write transaction, so the row commits or rolls back with the change. Inside a Db.write
   * the rows are gathered and chained in one batch just before COMMIT: the chain head is then locked only for the end
   * of the transaction, and a change that writes several entries costs one insert.
   */
  async append(m: EntityManager, input: AuditInput): Promise<void> {
    const row = {
      at: new Date().toISOString(),
      actor: input.actor.slice(0, 100),
      institutionId: input.institutionId ?? null,
      action: input.action,
      objectType: input.objectType,
      objectId: String(input.objectId).slice(0, 80),
      outcome: input.outcome ?? 'ok',
      detail: input.detail ? JSON.stringify(input.detail) : '',
    };
    const tx = this.db.transactionState(m);
    const pending = tx?.get('audit.pending') as PendingRow[] | undefined;
    if (pending) {
      pending.push(row);
      return;
    }
    const batch = [row];
    if (!tx || !this.db.beforeCommit(m, (mm) => this.flush(mm, batch, tx))) {
      await this.flush(m, batch);
      return;
    }
    tx.set('audit.pending', batch);
  }

  /** Chains rows onto the head and inserts them; `tx` remembers the head for entries appended after this flush. */
  private async flush(m: EntityManager, rows: PendingRow[], tx?: Map<string, unknown>): Promise<void> {
    tx?.delete('audit.pending');
    let head = tx?.get('audit.head') as { seq: number; hash: string } | undefined;
    if (!head) {
      const last = await this.lockHead(m, tx !== undefined);
      head = { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
    }
    const entries: AuditEntryEntity[] = [];
    for (const row of rows) {
      const body: PendingRow & { seq: number } = { seq: head.seq + 1, ...row };
      const hash = hashAuditRow(head.hash, body);
      entries.push(Object.assign(new AuditEntryEntity(), body, { prevHash: head.hash, hash }));
      head = { seq: body.seq, hash };
    }
    // Chunks keep each statement under the drivers' parameter limits (11 per row).
    for (let i = 0; i < entries.length; i += 500) await m.getRepository(AuditEntryEntity).insert(entries.slice(i, i + 500));
    tx?.set('audit.head', head);
  }

  /** The chain head, read once no other writer (another process included) can move it until this transaction ends. */
  private async lockHead(m: EntityManager, managed: boolean): Promise<{ seq: number; hash: string } | undefined> {
    if (this.db.kind === 'postgres') {
      await m.query('SELECT pg_advisory_xact_lock(7305001)');
      if (managed) {
        // A Db.write transaction is SERIALIZABLE: its snapshot predates the lock, so the head the last holder
        // committed is read outside it. Reading audit_log only there also keeps the chain out of the conflict checks.
        const rows = await this.db.committedRows('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
        return rows[0] ? { seq: Number(rows[0].seq), hash: String(rows[0].hash) } : undefined;
      }
    }
    return (await m.getRepository(AuditEntryEntity).find({ order: { seq: 'DESC' }, take: 1 }))[0];
  }

  /** Records an event that has no change of its own (a denied access, a failed login). */
  record(input: AuditInput): Promise<void> {
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
            return { ok: false, rows, firstBroken: { seq: row.seq, reason: LINK_BROKEN } };
          }
          const { hash, prevHash: _p, ...body } = row;
          if (hashAuditRow(prevHash, body) !== hash) {
            return { ok: false, rows, firstBroken: { seq: row.seq, reason: CONTENT_BROKEN } };
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
