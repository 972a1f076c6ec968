import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager, In, LessThan } from 'typeorm';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import type { PluginRecordView } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { FieldCipher } from '../records/field-cipher';
import { PluginRecordEntity, RuleOutboxEntity } from '../records/record.entities';
import { toRecordView } from '../records/record-view';
import { RulesService } from './rules.service';

/** Queued saves taken per pass, in one transaction. */
const PASS_SIZE = 200;
/** Failed runs after which a queued save waits for the next start (and the nightly scan covers it meanwhile). */
export const OUTBOX_MAX_ATTEMPTS = 3;
/** Marks a pass's write (Db.transactionState). */
const IN_PASS = 'rules.outbox-pass';

/**
 * One pass at a time per key; a caller arriving while a pass runs waits for the next one, which every caller arriving
 * meanwhile shares: each caller's pass starts after it arrived, so it sees what the caller committed.
 */
class CoalescingRunner {
  private readonly state = new Map<string, { current: Promise<number>; next?: Promise<number> }>();

  run(key: string, pass: () => Promise<number>): Promise<number> {
    const s = this.state.get(key);
    if (s?.next) return s.next;
    const p = s ? s.current.catch(() => 0).then(pass) : pass();
    if (s) s.next = p;
    else this.state.set(key, { current: p });
    void p
      .catch(() => 0)
      .finally(() => {
        const st = this.state.get(key);
        if (st?.current !== p) return;
        if (st.next) [st.current, st.next] = [st.next, undefined];
        else this.state.delete(key);
      });
    return p;
  }
}

/**
 * Rules run after a save commits, from a transactional outbox: the save's write queues the record, and once it has
 * settled its institution and plugin's queue is run, each queued save's rules in one write with the removal of its
 * row, so a hit is raised exactly once; saves left queued by a crash run at the next start. The rules' write runs at
 * READ COMMITTED: it reads what saves committed and keeps hits unique by their key, so it never makes a concurrent
 * save (SERIALIZABLE on PostgreSQL) fail and retry. The saving request waits for its pass: the hit is on the board when
 * the save returns, and concurrent saves of one institution's plugin share passes.
 */
@Injectable()
export class RuleOutbox implements OnApplicationBootstrap {
  private readonly log = new Logger('RuleOutbox');
  private readonly passes = new CoalescingRunner();

  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly rules: RulesService,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const n = await this.drainAll();
    if (n) this.log.log(`rules ran for ${n} saved record(s) left queued before this start`);
  }

  /** Called inside the write that saves `record`: queues it, and runs the queue once that write has settled. */
  async queue(m: EntityManager, record: PluginRecordView): Promise<void> {
    if (!this.host.rulesFor(record.pluginId, record.recordType).length) return;
    await m.getRepository(RuleOutboxEntity).insert({ recordId: record.id, institutionId: record.institutionId, pluginId: record.pluginId, attempts: 0, createdAt: this.clock.now().toISOString() });
    // A record a rule creates (a follow-up task) is queued by a pass, which must not wait for a pass: it may be its own.
    if (this.db.transactionState(m)?.has(IN_PASS)) await this.db.afterSettle(async () => void this.drain(record.institutionId, record.pluginId).catch((err) => this.log.error(`rules pass failed: ${(err as Error).stack ?? err}`)));
    else await this.db.afterSettle(() => this.drain(record.institutionId, record.pluginId));
  }

  /** Runs the queued saves of one institution's plugin; resolves once a pass that started after this call has ended. */
  drain(institutionId: number, pluginId: string): Promise<number> {
    return this.passes.run(`${institutionId}:${pluginId}`, () => this.pass(institutionId, pluginId));
  }

  /** Every queue with saves waiting, one after another. */
  async drainAll(): Promise<number> {
    const keys: { institutionId: number; pluginId: string }[] = await this.db.read((m) =>
      m.getRepository(RuleOutboxEntity).createQueryBuilder('q').select('q.institution_id', 'institutionId').addSelect('q.plugin_id', 'pluginId').where('q.attempts < :max', { max: OUTBOX_MAX_ATTEMPTS }).groupBy('q.institution_id').addGroupBy('q.plugin_id').getRawMany(),
    );
    let n = 0;
    for (const k of keys) n += await this.drain(Number(k.institutionId), k.pluginId);
    return n;
  }

  /** Saves still queued (committed, rules not yet run): for tests and health. */
  pending(): Promise<number> {
    return this.db.read((m) => m.getRepository(RuleOutboxEntity).count());
  }

  private async pass(institutionId: number, pluginId: string): Promise<number> {
    let done = 0;
    for (;;) {
      const rows = await this.db.read((m) => m.getRepository(RuleOutboxEntity).find({ where: { institutionId, pluginId, attempts: LessThan(OUTBOX_MAX_ATTEMPTS) }, order: { id: 'ASC' }, take: PASS_SIZE }));
      if (!rows.length) return done;
      try {
        done += await this.run(rows);
      } catch {
        // One record's failing rules must not hold up the others: run them one by one, counting the failures.
        for (const row of rows) done += await this.runOne(row);
      }
      if (rows.length < PASS_SIZE) return done;
    }
  }

  private async runOne(row: RuleOutboxEntity): Promise<number> {
    try {
      return await this.run([row]);
    } catch (err) {
      this.log.error(`rules for record ${row.recordId} failed (attempt ${row.attempts + 1} of ${OUTBOX_MAX_ATTEMPTS}): ${(err as Error).stack ?? err}`);
      await this.db.write((m) => m.getRepository(RuleOutboxEntity).update({ id: row.id }, { attempts: row.attempts + 1 }), { readCommitted: true });
      return 0;
    }
  }

  /** The rules of the queued saves, each record once however often it was saved, in one write with the rows' removal. */
  private run(rows: RuleOutboxEntity[]): Promise<number> {
    return this.db.write(
      async (m) => {
        this.db.transactionState(m)?.set(IN_PASS, true);
        const records = new Set<number>();
        for (const row of rows) {
          // Another process may have taken the row: only the write that removes it runs its rules.
          const taken = await m.getRepository(RuleOutboxEntity).delete({ id: row.id });
          if (taken.affected) records.add(row.recordId);
        }
        if (!records.size) return 0;
        const found = await m.getRepository(PluginRecordEntity).find({ where: { id: In([...records]) }, order: { id: 'ASC' } });
        for (const record of found) await this.rules.onSave(m, toRecordView(this.host, record, this.cipher));
        return records.size;
      },
      { readCommitted: true },
    );
  }
}
