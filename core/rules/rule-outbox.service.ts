import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager, LessThan, MoreThan } from 'typeorm';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import type { PluginRecordView } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { FieldCipher } from '../records/field-cipher';
import { PluginRecordEntity, RuleOutboxEntity } from '../records/record.entities';
import { toRecordView } from '../records/record-view';
import { RulesService } from './rules.service';
import { ModelEvaluator } from './models/model-evaluator.service';

/** Queued saves read per page when the queue is drained at start or before the nightly scan. */
const PAGE = 200;
/** Failed runs after which a queued save waits for the next start (the nightly scan covers its rules meanwhile). */
export const OUTBOX_MAX_ATTEMPTS = 3;

/**
 * A saved record's rules. Its record rules read the record itself (and single rows by id): they run in the save's write,
 * and their hit commits with it. Its subject rules read aggregates over many records, which made concurrent SERIALIZABLE
 * saves fail each other: they run after the save commits, from a transactional outbox. The save's write queues the
 * record; once it has settled, that row's subject rules run in one write with the row's removal, so a hit is raised
 * exactly once; saves left queued by a crash run at the next start and before the nightly scan. That write runs at READ
 * COMMITTED: it reads what saves committed and keeps hits and clues unique by their keys, so it neither takes part in nor
 * causes a save's retry. The saving request waits for it: the hit is on the board when the save returns.
 */
@Injectable()
export class RuleOutbox implements OnApplicationBootstrap {
  private readonly log = new Logger('RuleOutbox');

  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly rules: RulesService,
    private readonly models: ModelEvaluator,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A new start tries again saves whose rules failed before: the cause (a plugin's bug, a full disk) may be gone.
    const n = await this.drainAll({ includeFailed: true });
    if (n) this.log.log(`rules ran for ${n} saved record(s) left queued before this start`);
  }

  /** Called inside the write that saves `record`: runs its record rules, and queues its subject rules and warning models for once that write has settled. */
  async queue(m: EntityManager, record: PluginRecordView, institutionCode?: string): Promise<void> {
    const rules = this.host.rulesFor(record.pluginId, record.recordType);
    if (rules.some((r) => !r.subjects)) await this.rules.onSave(m, record, institutionCode, 'record');
    // Warning models are aggregates too: they run after the commit like subject rules.
    if (!rules.some((r) => r.subjects) && !(await this.models.hasEnabled(m, record))) return;
    const row = m.getRepository(RuleOutboxEntity).create({ recordId: record.id, institutionId: record.institutionId, pluginId: record.pluginId, attempts: 0, createdAt: this.clock.now().toISOString() });
    await m.getRepository(RuleOutboxEntity).insert(row);
    await this.db.afterSettle(() => this.runOne(row));
  }

  /** Every queued save, oldest first, each in its own write: at start, before the nightly scan, and from tests. */
  async drainAll(opts: { includeFailed?: boolean } = {}): Promise<number> {
    let done = 0;
    for (let after = 0; ; ) {
      const rows = await this.db.read((m) => m.getRepository(RuleOutboxEntity).find({ where: { id: MoreThan(after), ...(opts.includeFailed ? {} : { attempts: LessThan(OUTBOX_MAX_ATTEMPTS) }) }, order: { id: 'ASC' }, take: PAGE }));
      for (const row of rows) done += await this.runOne(row);
      if (rows.length < PAGE) return done;
      after = rows[rows.length - 1].id;
    }
  }

  /** One queued save's subject rules; a failure is logged and counted on its row (a rolled-back save has no row: nothing runs). */
  async runOne(row: RuleOutboxEntity): Promise<number> {
    try {
      return await this.run(row);
    } catch (err) {
      this.log.error(`rules for record ${row.recordId} failed (attempt ${row.attempts + 1} of ${OUTBOX_MAX_ATTEMPTS}): ${(err as Error).stack ?? err}`);
      await this.db.write((m) => m.getRepository(RuleOutboxEntity).update({ id: row.id }, { attempts: row.attempts + 1 }), { readCommitted: true });
      return 0;
    }
  }

  /** The queued save's subject rules in one write with its row's removal: whoever removes the row runs them, once. */
  private run(row: RuleOutboxEntity): Promise<number> {
    return this.db.write(
      async (m) => {
        const taken = await m.getRepository(RuleOutboxEntity).delete({ id: row.id });
        if (!taken.affected) return 0;
        const record = await m.getRepository(PluginRecordEntity).findOneBy({ id: row.recordId });
        if (!record) return 1;
        const view = toRecordView(this.host, record, this.cipher);
        await this.rules.onSave(m, view, undefined, 'subjects');
        await this.models.onSave(m, view);
        return 1;
      },
      // A power cut may lose this write whole; its outbox row then comes back with it and runs again at start.
      { readCommitted: true, replayed: true },
    );
  }
}
