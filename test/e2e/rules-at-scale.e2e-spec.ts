/**
 * Rules over indexed SQL (issue #20): the record queries rules read agree with the in-memory reference, a save's
 * `around` gives exactly the subjects the full scan lists (and every subject that hits), declared indexes exist and
 * answer the queries, and a list of more than 100,000 records is read whole.
 */
import type { EntityManager } from 'typeorm';
import type { FactContext, RecordWhere, RuleSubject } from '../../core/plugin-api';
import { listSubjects } from '../../core/plugin-api';
import { PluginRecordEntity } from '../../core/records/record.entities';
import { PluginRecordRepository } from '../../core/records/plugin-record.repository';
import { fieldSql, recordIndexDdl, recordTypeSql } from '../../core/records/record-where';
import { syncRecordIndexes } from '../../core/records/record-indexes';
import { evaluateRule, thresholdsFor } from '../../core/rules/rule-engine';
import { RulesService } from '../../core/rules/rules.service';
import { groupsOf, matchesWhere } from '../support/plugin-memory';
import { startTestApp, TestApp, usingPostgres } from '../support/test-app';

const PLUGIN = 'hospital-procurement';
const PROJECT = 'procurement-project';
const NOW = '2026-11-22T03:00:00Z';

describe('rules at scale: indexed queries and incremental subjects (hospital demo year)', () => {
  let t: TestApp;
  let hospital: number;
  const inContext = <T>(fn: (ctx: FactContext, m: EntityManager) => Promise<T>): Promise<T> =>
    t.db.read((m) => fn(t.app.get(RulesService).context(m, hospital, PLUGIN, t.host.optionsFor('alpha-hospital', PLUGIN), new Date(NOW)), m));

  beforeAll(async () => {
    t = await startTestApp({ now: NOW, seed: 'plugins' });
    hospital = await t.institutionId('alpha-hospital');
  }, 600_000);
  afterAll(() => t?.close());

  it('find, total and groups answer in SQL what the in-memory reference computes', async () => {
    await inContext(async (ctx) => {
      const all = await ctx.records.list(PROJECT);
      expect(all.length).toBeGreaterThan(500);
      const someItem = all.flatMap((p) => ((p.values.items as { itemName: string }[] | null) ?? []).map((i) => i.itemName))[0];
      const wheres: RecordWhere[] = [
        {},
        { equal: { category: 'drugs' } },
        { equal: { method: ['single-source', 'emergency'] }, range: { awardedOn: { from: '2026-03-01', to: '2026-06-30' } } },
        { range: { totalFen: { below: 20_000_000 }, awardedOn: { to: '2026-11-22' } }, present: ['supplier'] },
        { equal: { supplier: all.find((p) => typeof p.values.supplier === 'number')!.values.supplier as number } },
        { rowHas: { field: 'items', column: 'itemName', values: [someItem] } },
        { present: ['contractNo', 'announcedOn'] },
      ];
      for (const where of wheres) {
        const want = all.filter((p) => matchesWhere(p.values, where));
        expect((await ctx.records.find!(PROJECT, where)).map((p) => p.id)).toEqual(want.map((p) => p.id));
        const total = await ctx.records.total!(PROJECT, where, 'totalFen');
        expect(total.count).toBe(want.length);
        expect(total.sum).toBe(want.reduce((s, p) => s + (p.values.totalFen as number), 0));
        const sorted = (gs: { by: unknown; count: number; sum: number }[]) => gs.map((g) => JSON.stringify([g.by, g.count, g.sum])).sort();
        const by = ['category', { key: 'awardedOn', chars: 7 }];
        expect(sorted(await ctx.records.groups!(PROJECT, where, by, 'totalFen'))).toEqual(sorted(groupsOf(want, by, 'totalFen')));
      }
      // The earliest and latest award, as text.
      const dates = all.map((p) => p.values.awardedOn as string).sort();
      expect(await ctx.records.total!(PROJECT, {}, 'awardedOn')).toMatchObject({ min: dates[0], max: dates[dates.length - 1] });
    });
  });

  it('records asked for in one turn are read in one query, each answered with its own record (a missing one with null)', async () => {
    await inContext(async (ctx, m) => {
      const some = (await ctx.records.list('supplier')).slice(0, 6);
      expect(some).toHaveLength(6);
      const reads = jest.spyOn(m.getRepository(PluginRecordEntity), 'findBy');
      try {
        const got = await Promise.all([...some.map((r) => ctx.records.get!(r.id)), ctx.records.get!(999_999_999)]);
        expect(got.map((r) => r?.title ?? null)).toEqual([...some.map((r) => r.title), null]);
        expect(reads).toHaveBeenCalledTimes(1);
        // Asked again: the memo answers, no query.
        expect((await ctx.records.get!(some[0].id))?.title).toBe(some[0].title);
        expect(reads).toHaveBeenCalledTimes(1);
      } finally {
        reads.mockRestore();
      }
    });
  });

  it('a grouping asked twice in one context is read once (a dashboard and its indicators share it)', async () => {
    const groups = jest.spyOn(t.app.get(PluginRecordRepository), 'groups');
    try {
      await inContext(async (ctx) => {
        const ask = () => ctx.records.groups!(PROJECT, { range: { awardedOn: { from: '2026-01-01' } } }, ['method'], 'totalFen');
        const [a, b] = await Promise.all([ask(), ask()]);
        expect(b).toEqual(a);
        expect(a.length).toBeGreaterThan(0);
        expect(groups).toHaveBeenCalledTimes(1);
      });
      // Another context (another screen or pass) reads again.
      await inContext((ctx) => ctx.records.groups!(PROJECT, { range: { awardedOn: { from: '2026-01-01' } } }, ['method'], 'totalFen'));
      expect(groups).toHaveBeenCalledTimes(2);
    } finally {
      groups.mockRestore();
    }
  });

  it("a source's subjects asked twice in one context are listed once (a dashboard and its indicators ask alike)", async () => {
    const source = t.host.subjectSources(PLUGIN).get('report-periods')!;
    const list = jest.spyOn(source, 'list');
    try {
      await inContext(async (ctx) => {
        const [a, b] = await Promise.all([ctx.records.subjects!('report-periods'), ctx.records.subjects!('report-periods')]);
        expect(b).toEqual(a);
        expect(a.length).toBeGreaterThan(0);
        expect(list).toHaveBeenCalledTimes(1);
      });
      await inContext((ctx) => ctx.records.subjects!('report-periods'));
      expect(list).toHaveBeenCalledTimes(2);
    } finally {
      list.mockRestore();
    }
  });

  it("each subject source's around gives, for every record, exactly the scan's subjects of those keys; every subject that hits is found by a save", async () => {
    await inContext(async (ctx) => {
      const host = t.host;
      const overrides = host.thresholdOverrides('alpha-hospital', PLUGIN);
      let checked = 0;
      for (const rule of host.rules(PLUGIN).filter((r) => r.subjects)) {
        const source = host.subjectSources(PLUGIN).get(rule.subjects!)!;
        const thresholds = thresholdsFor(rule, overrides);
        const listed = new Map((await listSubjects(source, { ...ctx, thresholds })).map((s) => [s.key, s]));
        const found = new Map<string, RuleSubject>();
        for (const record of await ctx.records.list(rule.recordType)) {
          for (const s of await source.around!({ ...ctx, record, thresholds })) {
            expect(s).toEqual(listed.get(s.key));
            found.set(s.key, s);
            checked++;
          }
        }
        for (const s of listed.values()) {
          const { hit } = await evaluateRule(rule, { ...ctx, subject: s, thresholds }, host.facts(PLUGIN), host.operators(PLUGIN), overrides);
          // An unfiled report period has no report to save: only the scan can find it.
          if (hit && !(rule.subjects === 'report-periods' && !s.recordId)) expect({ rule: rule.id, key: s.key, found: found.has(s.key) }).toEqual({ rule: rule.id, key: s.key, found: true });
        }
      }
      expect(checked).toBeGreaterThan(1000);
    });
  });

  it("a record rule's candidates hold every record it hits, and a scan reads exactly the records matching any of them", async () => {
    await inContext(async (ctx, m) => {
      const host = t.host;
      const overrides = host.thresholdOverrides('alpha-hospital', PLUGIN);
      const def = host.recordType(PLUGIN, PROJECT)!;
      const all = await ctx.records.list(PROJECT);
      const rules = host.rules(PLUGIN).filter((r) => !r.subjects && r.recordType === PROJECT);
      expect(rules.every((r) => r.candidates)).toBe(true);
      const union: RecordWhere[] = [];
      let hits = 0;
      for (const rule of rules) {
        const thresholds = thresholdsFor(rule, overrides);
        const wheres = (await rule.candidates!({ ...ctx, thresholds }))!;
        union.push(...wheres);
        for (const record of all) {
          const { hit } = await evaluateRule(rule, { ...ctx, record, thresholds }, host.facts(PLUGIN), host.operators(PLUGIN), overrides);
          if (hit) hits++;
          if (hit) expect({ rule: rule.id, record: record.id, candidate: wheres.some((w) => matchesWhere(record.values, w)) }).toEqual({ rule: rule.id, record: record.id, candidate: true });
        }
      }
      expect(hits).toBeGreaterThanOrEqual(rules.length);
      const read: number[] = [];
      await t.app.get(PluginRecordRepository).eachAny(m, { pluginId: PLUGIN, recordType: PROJECT, institutionId: hospital }, def, union, (page) => void read.push(...page.map((r) => r.id)));
      const want = all.filter((p) => union.some((w) => matchesWhere(p.values, w))).map((p) => p.id);
      expect(read).toEqual(want);
      expect(read.length).toBeGreaterThanOrEqual(rules.length);
    });
  });

  it('the declared indexes exist; the share window is answered from an index; an index no plugin declares is dropped', async () => {
    const pg = usingPostgres();
    const def = t.host.recordType(PLUGIN, PROJECT)!;
    const names = def.indexes!.map((keys) => recordIndexDdl(pg, PLUGIN, def, keys).name);
    const existing: string[] = (await t.db.writer.query(pg ? `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'plugin_records'` : `SELECT name FROM sqlite_master WHERE type = 'index'`)).map((r: { name: string }) => r.name);
    expect(existing).toEqual(expect.arrayContaining(names));
    const shareQuery = (m: EntityManager) => {
      const f = (key: string) => fieldSql(pg, def.fields.find((x) => x.key === key)!);
      return m
        .getRepository(PluginRecordEntity)
        .createQueryBuilder('r')
        .select(`SUM(${f('totalFen')})`, 's')
        .where(`${recordTypeSql(PLUGIN, PROJECT)} AND r.institution_id = :i`, { i: hospital })
        .andWhere(`${f('category')} = 'drugs'`)
        .andWhere(`${f('awardedOn')} >= '2026-01-01'`)
        .getQueryAndParameters();
    };
    if (!pg) {
      const plan = await t.db.read(async (m) => {
        const [sql, params] = shareQuery(m);
        return (await m.query(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r: { detail: string }) => r.detail).join(' | ');
      });
      expect(plan).toMatch(/USING COVERING INDEX ix_rec_/);
    } else {
      // The indexes and the queries read the same jsonb column expression (a demo year is small enough for a scan: forbid it).
      const defs: string[] = (await t.db.writer.query(`SELECT indexdef FROM pg_indexes WHERE indexname IN (${names.map((n) => `'${n}'`).join(', ')})`)).map((r: { indexdef: string }) => r.indexdef);
      expect(defs).toHaveLength(names.length);
      for (const d of defs) expect(d).toMatch(/\(data_jsonb ->> 'hp-/);
      const plan = await t.db.write(async (m) => {
        await m.query('ANALYZE plugin_records');
        await m.query('SET LOCAL enable_seqscan = off');
        const [sql, params] = shareQuery(m);
        return (await m.query(`EXPLAIN ${sql}`, params)).map((r: Record<string, string>) => r['QUERY PLAN']).join(' | ');
      });
      expect(plan).toMatch(/Index (Only )?Scan using ix_rec_/);
      // The database keeps the jsonb copy equal to the text through every insert and update.
      expect(await t.db.read((m) => m.query('SELECT COUNT(*)::int AS n, COUNT(*) FILTER (WHERE data_jsonb IS DISTINCT FROM data::jsonb)::int AS differ FROM plugin_records'))).toEqual([{ n: expect.any(Number), differ: 0 }]);
    }
    await t.db.exclusive(() => t.db.writer.query('CREATE INDEX ix_rec_stale ON plugin_records (title)'));
    const { dropped, created } = await t.db.exclusive(() => syncRecordIndexes(t.db.writer, t.host));
    expect({ dropped, created }).toEqual({ dropped: ['ix_rec_stale'], created: [] });
  });

  it('reads a list of 150,000 records whole (it used to stop at 100,000 without saying so)', async () => {
    const institutionId = await t.institutionId('alpha-hospital');
    const rows = 150_000;
    await t.db.write(async (m) => {
      for (let i = 0; i < rows; i += 100) {
        const batch = Array.from({ length: Math.min(100, rows - i) }, (_, k) => ({ institutionId, pluginId: PLUGIN, recordType: 'procurement-report', title: `R${i + k}`, data: JSON.stringify({ 'hp-kind': 'monthly-finance', 'hp-period': '2020-01', 'hp-filedOn': '2020-02-01' }), version: 1, createdBy: null, createdAt: NOW, updatedAt: NOW }));
        await m.getRepository(PluginRecordEntity).insert(batch);
      }
    });
    await inContext(async (ctx) => {
      const listed = await ctx.records.list('procurement-report');
      expect(listed.length).toBeGreaterThanOrEqual(rows);
      expect(listed.filter((r) => r.title.startsWith('R')).length).toBe(rows);
      expect((await ctx.records.find!('procurement-report', { equal: { period: '2020-01' } })).length).toBe(rows);
      // A limit of a whole page is still one page (it used to read on to the end).
      expect((await ctx.records.find!('procurement-report', { equal: { period: '2020-01' } }, { limit: 5_000 })).length).toBe(5_000);
      expect((await ctx.records.total!('procurement-report', { equal: { kind: 'monthly-finance', period: '2020-01' } })).count).toBe(rows);
    });
  }, 300_000);
});
