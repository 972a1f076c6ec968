/**
 * Subject rules (aggregates) run after the save commits, from the rule_outbox table (issue #20 item 3): a save answers
 * with its hits already raised, record rules still commit with the save, a record whose subject rules fail does not
 * hold up the others nor undo its save, and a crash between the commit and the rules still raises the hit exactly once
 * at the next start.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DomainEvents } from '../../core/events/domain-events';
import type { PluginDefinition, RuleSubject } from '../../core/plugin-api';
import { PluginRecordEntity, RuleHitEntity, RuleOutboxEntity } from '../../core/records/record.entities';
import { RecordsService } from '../../core/records/records.service';
import { OUTBOX_MAX_ATTEMPTS, RuleOutbox } from '../../core/rules/rule-outbox.service';
import { testPlugin } from '../fixtures/test-plugin/test-plugin.plugin';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { startTestApp, TestApp } from '../support/test-app';

const PLUGIN = 'test-plugin';
const TYPE = 'inspection-note';
const NOW = '2026-06-01T02:00:00Z';
const REPEATED = `${PLUGIN}/repeated-subject`;

/** The test plugin with one subject rule: two or more notes on the same matter (an aggregate over the type's records). */
const withSubjectRule: PluginDefinition = {
  ...testPlugin,
  subjects: [
    {
      id: 'same-subject',
      label: { zh: '同一事项', en: 'Same matter' },
      list: async (ctx) => {
        const bySubject = new Map<string, number[]>();
        for (const r of await ctx.records.list(TYPE)) bySubject.set(String(r.values.subject), [...(bySubject.get(String(r.values.subject)) ?? []), r.id]);
        return [...bySubject].map(([s, ids]): RuleSubject => ({ key: s, label: `事项“${s}”`, recordId: ids[ids.length - 1], recordIds: ids, values: { notes: ids.length } }));
      },
      around: async (ctx) => {
        const ids = (await ctx.records.find!(TYPE, { equal: { subject: String(ctx.record.values.subject) } })).map((r) => r.id);
        return [{ key: String(ctx.record.values.subject), label: `事项“${String(ctx.record.values.subject)}”`, recordId: ids[ids.length - 1], recordIds: ids, values: { notes: ids.length } }];
      },
    },
  ],
  facts: [...(testPlugin.facts ?? []), { id: 'notes', label: { zh: '同一事项记录数', en: 'Notes on the matter' }, compute: (ctx) => ctx.subject?.values.notes }],
  rules: [
    ...(testPlugin.rules ?? []),
    {
      id: 'repeated-subject',
      version: 1,
      label: { zh: '同一事项重复检查', en: 'Matter inspected again' },
      recordType: TYPE,
      subjects: 'same-subject',
      level: 'yellow',
      when: { fact: 'notes', operator: 'greaterThan', value: { threshold: 'times' } },
      thresholds: { times: 1 },
      message: { zh: '同一事项有两条以上检查记录', en: 'Two or more notes on one matter' },
    },
  ],
};

describe('subject rules from the outbox', () => {
  let t: TestApp;
  let dataDir: string;
  let inst: number;
  const start = () => startTestApp({ dataDir, now: NOW, plugins: [...INSTALLED_PLUGINS, withSubjectRule] });
  const subjectHits = (subject: string) => t.db.read((m) => m.getRepository(RuleHitEntity).countBy({ ruleId: REPEATED, subjectKey: `same-subject:${subject}` }));
  const queued = () => t.db.read((m) => m.getRepository(RuleOutboxEntity).count());
  const note = (subject: string, amountFen = 5_000) => ({ subject, amountFen, inspectedOn: '2026-05-30' });
  const save = (subject: string, amountFen?: number) => t.app.get(RecordsService).create(null, inst, PLUGIN, TYPE, note(subject, amountFen));

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-outbox-'));
    t = await start();
    inst = await t.institutionId('alpha-hospital');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a save returns with its subject hit raised and its queue row gone; its record rule hit committed with the save', async () => {
    const first = await save('消防通道', 500_000);
    expect(await subjectHits('消防通道')).toBe(0);
    const second = await save('消防通道');
    expect(await subjectHits('消防通道')).toBe(1);
    const hit = await t.db.read((m) => m.getRepository(RuleHitEntity).findOneByOrFail({ ruleId: REPEATED, subjectKey: 'same-subject:消防通道' }));
    expect(hit.recordId).toBe(second.id);
    // The record rule (amount above the threshold) raised its hit inside the save: same write, no queue.
    expect(await t.db.read((m) => m.getRepository(RuleHitEntity).countBy({ ruleId: `${PLUGIN}/large-amount`, recordId: first.id }))).toBe(1);
    expect(await queued()).toBe(0);
  });

  it('twenty saves of one matter at once each return once the rules ran, and the matter is hit once', async () => {
    await Promise.all(Array.from({ length: 20 }, () => save('库房盘点')));
    expect(await subjectHits('库房盘点')).toBe(1);
    expect(await queued()).toBe(0);
  });

  it('the subject rules run outside the save: the save has committed before the hit is raised', async () => {
    const seen: number[] = [];
    // A fresh read outside every transaction sees the record only once its save has committed.
    t.app.get(DomainEvents).on('rule.hit', async (_m, p) => {
      if (p.subjectLabel === '事项“提交后”') seen.push(await t.db.reader.manager.getRepository(PluginRecordEntity).countBy({ id: p.recordId! }));
    });
    await save('提交后');
    await save('提交后');
    expect(seen).toEqual([1]);
  });

  it('a save whose subject rules fail is kept, stays queued with its attempts counted, and does not hold up the others', async () => {
    t.app.get(DomainEvents).on('rule.hit', async (_m, p) => {
      if (p.subjectLabel === '事项“坏规则”') throw new Error('test: the rules of this matter fail');
    });
    await save('坏规则');
    const bad = await save('坏规则');
    expect(await t.db.read((m) => m.getRepository(PluginRecordEntity).countBy({ id: bad.id }))).toBe(1);
    expect(await subjectHits('坏规则')).toBe(0);
    expect((await t.db.read((m) => m.getRepository(RuleOutboxEntity).findOneByOrFail({ recordId: bad.id }))).attempts).toBe(1);
    await save('好规则');
    await save('好规则');
    expect(await subjectHits('好规则')).toBe(1);
    // Each later drain tries it again until the cap, then leaves it to the next start and the nightly scan.
    for (let i = 0; i < OUTBOX_MAX_ATTEMPTS + 1; i++) await t.app.get(RuleOutbox).drainAll();
    expect((await t.db.read((m) => m.getRepository(RuleOutboxEntity).findOneByOrFail({ recordId: bad.id }))).attempts).toBe(OUTBOX_MAX_ATTEMPTS);
    await t.db.write((m) => m.getRepository(RuleOutboxEntity).delete({ recordId: bad.id }));
  });

  it('a record created by a hit (a follow-up) is queued, and its subject rules run once that hit has committed', async () => {
    // As a rule's follow-up task is made: a record of the same plugin and institution, in the hit's own write.
    t.app.get(DomainEvents).on('rule.hit', async (_m, p) => {
      if (p.subjectLabel === '事项“引出后续”') {
        await save('后续事项');
        await save('后续事项');
      }
    });
    await save('引出后续');
    await save('引出后续');
    expect(await subjectHits('引出后续')).toBe(1);
    expect(await subjectHits('后续事项')).toBe(1);
    expect(await queued()).toBe(0);
  });

  it('a save that rolls back leaves no queue row and no hit', async () => {
    await save('回滚');
    await expect(
      t.db.write(async () => {
        await save('回滚');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await t.db.read((m) => m.getRepository(PluginRecordEntity).count({ where: { title: '回滚' } }))).toBe(1);
    expect(await subjectHits('回滚')).toBe(0);
    expect(await queued()).toBe(0);
  });

  it('a save committed before a crash has its subject rules run once at the next start, and never again', async () => {
    await save('崩溃前保存');
    // What a crash between the commit and the rules leaves: the second record and its queue row, no hit.
    await t.db.write(async (m) => {
      const row = m.getRepository(PluginRecordEntity).create({ institutionId: inst, pluginId: PLUGIN, recordType: TYPE, title: '崩溃前保存', data: JSON.stringify({ 'tp-subject': '崩溃前保存', 'tp-amount': 5_000, 'tp-date': '2026-05-31' }), version: 1, createdBy: null, createdAt: NOW, updatedAt: NOW });
      await m.getRepository(PluginRecordEntity).insert(row);
      await m.getRepository(RuleOutboxEntity).insert({ recordId: row.id, institutionId: inst, pluginId: PLUGIN, attempts: 0, createdAt: NOW });
    });
    expect(await subjectHits('崩溃前保存')).toBe(0);
    await t.close();
    t = await start();
    expect(await subjectHits('崩溃前保存')).toBe(1);
    expect(await queued()).toBe(0);
    // Draining again (another process, or a second start) raises nothing new.
    expect(await t.app.get(RuleOutbox).drainAll()).toBe(0);
    await t.close();
    t = await start();
    expect(await subjectHits('崩溃前保存')).toBe(1);
  }, 120_000);
});
