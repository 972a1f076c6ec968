/**
 * Rules run after the save commits, from the rule_outbox table (issue #20 point 3): a save answers with its hit already
 * raised, the save's own transaction never includes the rules, and a crash between the commit and the rules still
 * raises the hit exactly once, when the platform starts again.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PluginRecordEntity, RuleHitEntity, RuleOutboxEntity } from '../../core/records/record.entities';
import { RecordsService } from '../../core/records/records.service';
import { RulesService } from '../../core/rules/rules.service';
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
    const big = await records.create(null, inst, PLUGIN, TYPE, { subject: '大额', amountFen: 500_000, inspectedOn: '2026-05-30' });
    const small = await records.create(null, inst, PLUGIN, TYPE, { subject: '小额', amountFen: 5_000, inspectedOn: '2026-05-30' });
    expect(await hitsOf(big.id)).toBe(1);
    expect(await hitsOf(small.id)).toBe(0);
    expect(await queued()).toBe(0);
  });

  it('a save that rolls back leaves no queue row and no hit', async () => {
    const records = t.app.get(RecordsService);
    let id = 0;
    await expect(
      t.db.write(async () => {
        id = (await records.create(null, inst, PLUGIN, TYPE, { subject: '回滚', amountFen: 900_000, inspectedOn: '2026-05-30' })).id;
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(id).toBeGreaterThan(0);
    expect(await t.db.read((m) => m.getRepository(PluginRecordEntity).countBy({ id }))).toBe(0);
    expect(await queued()).toBe(0);
  });

  it('a save committed before a crash has its rules run once at the next start, and never again', async () => {
    // What a crash between the commit and the rules leaves: the record and its queue row, no hit.
    const id = await t.db.write(async (m) => {
      const row = m.getRepository(PluginRecordEntity).create({ institutionId: inst, pluginId: PLUGIN, recordType: TYPE, title: '崩溃前保存', data: JSON.stringify({ 'tp-subject': '崩溃前保存', 'tp-amount': 700_000, 'tp-date': '2026-05-31' }), version: 1, createdBy: null, createdAt: NOW, updatedAt: NOW });
      await m.getRepository(PluginRecordEntity).insert(row);
      await m.getRepository(RuleOutboxEntity).insert({ recordId: row.id, createdAt: NOW });
      return row.id;
    });
    expect(await hitsOf(id)).toBe(0);
    await t.close();
    t = await startTestApp({ dataDir, now: NOW });
    expect(await hitsOf(id)).toBe(1);
    expect(await queued()).toBe(0);
    // Draining again (another process, or a second start) raises nothing new.
    expect(await t.app.get(RulesService).drain()).toBe(0);
    await t.close();
    t = await startTestApp({ dataDir, now: NOW });
    expect(await hitsOf(id)).toBe(1);
  }, 120_000);
});
