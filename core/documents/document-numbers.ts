import { randomBytes } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { DocumentNumberReservationEntity, IssuedDocumentEntity } from './documents.entities';

/**
 * How long a reserved number waits for its document before the next issue may take it. Real time (Date.now), not the
 * app clock, which tests move: a lease guards a render in progress, not a business date. Far above a render's 25 s
 * budget plus its wait in the pool's queue.
 */
export const NUMBER_LEASE_MS = 5 * 60_000;

/** `<prefix>〔YYYY〕N号`: the full year in 〔〕, no leading zeros, no 第. */
export function documentNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕${seq}号`;
}

/** The reserved number went to another issue: its lease ran out, or a retry of the same claim took it back. */
export class ReservationLost extends AppError {
  constructor() {
    super(HttpStatus.CONFLICT, 'error.conflict', { reason: { zh: '文号预留已超时并由其他发文使用，请重新印发', en: 'The reserved number expired and was taken by another issue; issue again' } });
  }
}

export interface NumberReservation {
  id: number;
  prefix: string;
  year: number;
  seq: number;
  holder: string;
}

/** A promise chain per key: one holder at a time per prefix and year in this process. */
class KeyedLock {
  private tails = new Map<string, Promise<unknown>>();
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const result = prev.then(fn);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/**
 * Document numbers per prefix and year. An issue reserves its number in a short write under the numbering lock,
 * renders outside it, and stores the document and consumes the reservation in one transaction; a failed render
 * releases the number for the next issue. So issues at one institution render side by side and numbers have no gaps.
 */
@Injectable()
export class DocumentNumbers {
  private readonly lock = new KeyedLock();

  constructor(private readonly db: Db) {}

  /** One holder at a time per prefix and year: in this process and across processes (render workers on PG). */
  numbering<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.lock.run(key, () => this.db.crossProcessLock(`documents:number:${key}`, fn));
  }

  /**
   * The next number: the lowest reservation whose lease ran out (its render failed, or its process died), else one
   * past both the highest issued and the highest reserved number of the prefix and year. `claim` names the issue
   * (a batch item) so that its retry gets the same number.
   */
  reserve(prefix: string, year: number, claim: string | null = null): Promise<NumberReservation> {
    return this.numbering(`${prefix}:${year}`, () =>
      this.db.write(async (m) => {
        const repo = m.getRepository(DocumentNumberReservationEntity);
        const holder = randomBytes(12).toString('hex');
        const now = Date.now();
        const leaseUntil = new Date(now + NUMBER_LEASE_MS).toISOString();
        // A retry of the same issue (a batch item whose worker died mid-render) takes its number back, lease or not.
        const own = claim === null ? null : await repo.findOneBy({ prefix, year, claim });
        if (own) {
          await repo.update({ id: own.id }, { holder, leaseUntil });
          return { id: own.id, prefix, year, seq: own.seq, holder };
        }
        for (;;) {
          const expired = await repo
            .createQueryBuilder('r')
            .where('r.prefix = :prefix AND r.year = :year AND r.lease_until <= :now', { prefix, year, now: new Date(now).toISOString() })
            .orderBy('r.seq', 'ASC')
            .getOne();
          if (!expired) break;
          // Consumed with its document, so never already issued; should one be, offering it again would fail forever.
          if (await m.getRepository(IssuedDocumentEntity).exists({ where: { numberPrefix: prefix, numberYear: year, numberSeq: expired.seq } })) {
            await repo.delete({ id: expired.id });
            continue;
          }
          await repo.update({ id: expired.id }, { holder, claim, leaseUntil });
          return { id: expired.id, prefix, year, seq: expired.seq, holder };
        }
        const issued = await m.getRepository(IssuedDocumentEntity).createQueryBuilder('d').select('MAX(d.number_seq)', 'max').where('d.number_prefix = :prefix AND d.number_year = :year', { prefix, year }).getRawOne<{ max: number | string | null }>();
        const reserved = await repo.createQueryBuilder('r').select('MAX(r.seq)', 'max').where('r.prefix = :prefix AND r.year = :year', { prefix, year }).getRawOne<{ max: number | string | null }>();
        const seq = Math.max(Number(issued?.max ?? 0), Number(reserved?.max ?? 0)) + 1;
        const row = repo.create({ prefix, year, seq, holder, claim, leaseUntil, createdAt: new Date(now).toISOString() });
        await repo.insert(row);
        return { id: row.id, prefix, year, seq, holder };
      }),
    );
  }

  /** In the transaction that stores the document: the number is issued, its reservation goes. */
  async consume(m: EntityManager, r: NumberReservation): Promise<void> {
    const res = await m.getRepository(DocumentNumberReservationEntity).delete({ id: r.id, holder: r.holder });
    // Its lease ran out and another issue took the number over: that one stores under it, this one must not.
    if (!res.affected) throw new ReservationLost();
  }

  /** After a failed render or store: the next issue takes this number, so none is skipped. */
  async release(r: NumberReservation): Promise<void> {
    await this.db.write((m) => m.getRepository(DocumentNumberReservationEntity).update({ id: r.id, holder: r.holder }, { leaseUntil: new Date().toISOString() }));
  }
}
