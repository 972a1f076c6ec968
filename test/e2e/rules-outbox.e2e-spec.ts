/**
 * Rules run after the save commits, from the rule_outbox table (issue #20 item 3): a save answers with its hit already
 * raised, the save's own transaction never includes the rules, a record whose rules fail does not hold up the others
 * nor undo its save, and a crash between the commit and the rules still raises the hit exactly once at the next start.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DomainEvents } from '../../core/events/domain-events';
import { PluginRecordEntity, RuleHitEntity, RuleOutboxEntity } from '../../core/records/record.entities';
import { RecordsService } from '../../core/records/records.service';
import { OUTBOX_MAX_ATTEMPTS, RuleOutbox } from '../../core/rules/rule-outbox.service';
import { startTestApp, TestApp } from '../support/test-app';

const PLUGIN = 'test-plugin';
const TYPE = 'inspection-note';
const NOW = '2026-06-01T02:00:00Z';

describe('rule evaluation from the outbox', () => {
  let t: TestApp;
  let dataDir: string;
  let inst: number;
  const hitsOf = (recordId: number) => t.db.read((m) => m.getRepository(RuleHitEntity).countBy({ recordId }));
  const queued = () => t.db.read((m) => m.getRepository(RuleOutboxEntity).count());
  const note = (subject: string, amountFen: number) => ({ subject, amountFen, inspectedOn: '2026-05-30' });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-outbox-'));
    t = await startTestApp({ dataDir, now: NOW });
    inst = await t.institutionId('alpha-hospital');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a save returns with its hit raised and its queue row gone; a save under the threshold raises nothing', async () => {
    const records = t.app.get(RecordsService);
    const big = await records.create(null, inst, PLUGIN, TYPE, note('大额', 500_000));
    const small = await records.create(null, inst, PLUGIN, TYPE, note('小额', 5_000));
    expect(await hitsOf(big.id)).toBe(1);
    expect(await hitsOf(small.id)).toBe(0);
    expect(await queued()).toBe(0);
  });

  it('twenty saves at once each return with their hit, sharing passes, and every hit is raised once', async () => {
    const records = t.app.get(RecordsService);
    const saved = await Promise.all(Array.from({ length: 20 }, (_, i) => records.create(null, inst, PLUGIN, TYPE, note(`并发-${i}`, 400_000 + i))));
    for (const r of saved) expect(await hitsOf(r.id)).toBe(1);
    expect(await queued()).toBe(0);
  });

  it('the rules run outside the save: the save transaction has committed before the hit is raised', async () => {
    const records = t.app.get(RecordsService);
    const seenCommitted: boolean[] = [];
    // A fresh read outside every transaction sees the record only once its save has committed.
    t.app.get(DomainEvents).on('rule.hit', async (_m, p) => {
      if (p.subjectLabel !== '提交后') return;
      const rows = await t.db.reader.manager.getRepository(PluginRecordEntity).countBy({ id: p.recordId! });
      seenCommitted.push(rows === 1);
    });
    const saved = await records.create(null, inst, PLUGIN, TYPE, note('提交后', 600_000));
    expect(await hitsOf(saved.id)).toBe(1);
    expect(seenCommitted).toEqual([true]);
  });

  it('a save whose rules fail is kept, stays queued with its attempts counted, and does not hold up the others', async () => {
    const records = t.app.get(RecordsService);
    t.app.get(DomainEvents).on('rule.hit', async (_m, p) => {
      if (p.subjectLabel === '坏规则') throw new Error('test: rules of this record fail');
    });
    const bad = await records.create(null, inst, PLUGIN, TYPE, note('坏规则', 800_000));
    expect(await t.db.read((m) => m.getRepository(PluginRecordEntity).countBy({ id: bad.id }))).toBe(1);
    expect(await hitsOf(bad.id)).toBe(0);
    const row = await t.db.read((m) => m.getRepository(RuleOutboxEntity).findOneByOrFail({ recordId: bad.id }));
    expect(row.attempts).toBe(1);
    const good = await records.create(null, inst, PLUGIN, TYPE, note('好规则', 800_000));
    expect(await hitsOf(good.id)).toBe(1);
    // Each later pass tries it again until the cap, then leaves it to the next start and the nightly scan.
    for (let i = 0; i < OUTBOX_MAX_ATTEMPTS + 1; i++) await t.app.get(RuleOutbox).drain(inst, PLUGIN);
    expect((await t.db.read((m) => m.getRepository(RuleOutboxEntity).findOneByOrFail({ recordId: bad.id }))).attempts).toBe(OUTBOX_MAX_ATTEMPTS);
    await t.db.write((m) => m.getRepository(RuleOutboxEntity).delete({ recordId: bad.id }));
  });

  it('a record created in a pass (a follow-up of a hit) is queued and has its rules run, without the pass waiting for itself', async () => {
    const records = t.app.get(RecordsService);
    let followUp = 0;
    // As a rule's follow-up task is made: a record of the same plugin and institution, in the hit's own write.
    t.app.get(DomainEvents).on('rule.hit', async (_m, p) => {
      if (p.subjectLabel === '引出后续') followUp = (await records.create(null, inst, PLUGIN, TYPE, note('后续事项', 700_000))).id;
    });
    const saved = await records.create(null, inst, PLUGIN, TYPE, note('引出后续', 700_000));
    expect(await hitsOf(saved.id)).toBe(1);
    expect(followUp).toBeGreaterThan(0);
    // The follow-up's own pass runs after the one that made it; the queue empties and its hit is raised once.
    for (let i = 0; i < 50 && (await queued()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await queued()).toBe(0);
    expect(await hitsOf(followUp)).toBe(1);
  });

  it('a save that rolls back leaves no queue row and no hit', async () => {
    const records = t.app.get(RecordsService);
    let id = 0;
    await expect(
      t.db.write(async () => {
        id = (await records.create(null, inst, PLUGIN, TYPE, note('回滚', 900_000))).id;
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(id).toBeGreaterThan(0);
    expect(await t.db.read((m) => m.getRepository(PluginRecordEntity).countBy({ id }))).toBe(0);
    expect(await hitsOf(id)).toBe(0);
    expect(await queued()).toBe(0);
  });

  it('a save committed before a crash has its rules run once at the next start, and never again', async () => {
    // What a crash between the commit and the rules leaves: the record and its queue row, no hit.
    const id = await t.db.write(async (m) => {
      const row = m.getRepository(PluginRecordEntity).create({ institutionId: inst, pluginId: PLUGIN, recordType: TYPE, title: '崩溃前保存', data: JSON.stringify({ 'tp-subject': '崩溃前保存', 'tp-amount': 700_000, 'tp-date': '2026-05-31' }), version: 1, createdBy: null, createdAt: NOW, updatedAt: NOW });
      await m.getRepository(PluginRecordEntity).insert(row);
      await m.getRepository(RuleOutboxEntity).insert({ recordId: row.id, institutionId: inst, pluginId: PLUGIN, attempts: 0, createdAt: NOW });
      return row.id;
    });
    expect(await hitsOf(id)).toBe(0);
    await t.close();
    t = await startTestApp({ dataDir, now: NOW });
    expect(await hitsOf(id)).toBe(1);
    expect(await queued()).toBe(0);
    // Draining again (another process, or a second start) raises nothing new.
    expect(await t.app.get(RuleOutbox).drainAll()).toBe(0);
    await t.close();
    t = await startTestApp({ dataDir, now: NOW });
    expect(await hitsOf(id)).toBe(1);
  }, 120_000);
});
