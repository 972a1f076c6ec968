import { fieldMaker, listSubjects } from '../../plugin-api';
import type { AggregateSourceDef, AggregateSubjectsDef, PluginDefinition, RecordTypeDef } from '../../plugin-api';
import { PURCHASE, SCOPE, BUYER_MODEL } from '../../../test/support/model-fixtures';
import { MemoryPlugin } from '../../../test/support/plugin-memory';
import { PluginHost } from '../../plugin-host/plugin-host';
import { aggregateSource, aggregateSourceProblems } from './aggregate-subjects';
import { validateModel } from './model-definition';

const f = fieldMaker('s');
const SUPPLIER: RecordTypeDef = { id: 'supplier', label: { zh: '供应商', en: 'Supplier' }, titleField: 'name', fields: [f('name', 'string', '名称', 'Name')] };
const SHOP: PluginDefinition = { id: 'shop', version: '1.0.0', name: { zh: '商店', en: 'Shop' }, coreCompatibility: '^1.0.0', recordTypes: [PURCHASE, SUPPLIER] };
const NOW = new Date('2026-07-01T03:00:00Z');

const source = (aggregate: AggregateSubjectsDef): AggregateSourceDef => ({ id: 'src', label: { zh: '源', en: 'Source' }, aggregate });
const SHARE = source({
  recordType: 'purchase',
  groupBy: ['method', 'supplier'],
  window: { field: 'awardedOn', days: { threshold: 'windowDays' } },
  measure: { kind: 'share', field: 'totalFen', within: ['method'] },
  label: '{supplier}（{method}）',
  about: 'supplier',
  values: { supplierId: { group: 'supplier' }, part: 'part', whole: 'whole', percent: 'share', from: 'from' },
});
const QUARTERS = source({
  recordType: 'purchase',
  groupBy: [],
  window: { field: 'awardedOn', period: 'quarter' },
  measure: { kind: 'share', field: 'totalFen', part: [{ field: 'method', operator: 'equal', value: 'single-source' }] },
  label: '{period}',
  values: { quarter: 'period', total: 'whole', single: 'part', percent: 'share' },
});

/** The subjects `list` gives, and a check that `around` gives each record's own subject exactly as listed. */
async function subjects(mem: MemoryPlugin, src: AggregateSourceDef, thresholds: Record<string, number> = {}) {
  const run = aggregateSource(src, SHOP.recordTypes!);
  const listed = await listSubjects(run, { ...mem.ctx(NOW), thresholds });
  for (const record of mem.records.filter((r) => r.recordType === 'purchase')) {
    for (const s of await run.around!({ ...mem.ctx(NOW, record), record, thresholds })) expect(s).toEqual(listed.find((x) => x.key === s.key));
  }
  return listed;
}

describe('subject sources as data: compiled to grouped SQL, the saved record measured alone', () => {
  let mem: MemoryPlugin;
  let a: number;
  let b: number;
  beforeEach(() => {
    mem = new MemoryPlugin(SHOP);
    a = mem.add('supplier', { name: '甲公司' }).id;
    b = mem.add('supplier', { name: '乙公司' }).id;
    const buy = (supplier: number | null, method: string, totalFen: number, awardedOn: string, buyer = '张三') => mem.add('purchase', { no: `P${mem.records.length}`, buyer, method, totalFen, awardedOn, ...(supplier ? { supplier } : {}) });
    buy(a, 'tender', 300, '2026-06-01');
    buy(b, 'tender', 700, '2026-05-01');
    buy(a, 'tender', 5000, '2026-05-31'); // 32 days up to today: outside a 31-day window
    buy(a, 'single-source', 100, '2026-03-15');
    buy(null, 'single-source', 900, '2026-02-01'); // no supplier: in no group, and in no whole either
    buy(b, 'single-source', 100, '2026-06-30'); // the last day of Q2
  });

  it("a group's share of the whole it lies within, unrounded, over the days a rule threshold names", async () => {
    const list = await subjects(mem, SHARE, { windowDays: 31 });
    expect(list).toEqual([
      { key: `single-source:${b}`, label: '乙公司（单一来源）', recordId: b, values: { supplierId: b, part: 100, whole: 100, percent: 100, from: '2026-06-01' } },
      { key: `tender:${a}`, label: '甲公司（招标）', recordId: a, values: { supplierId: a, part: 300, whole: 300, percent: 100, from: '2026-06-01' } },
    ].sort((x, y) => x.key.localeCompare(y.key)));
    const year = await subjects(mem, SHARE, { windowDays: 365 });
    expect(year.find((s) => s.key === `tender:${a}`)!.values).toMatchObject({ part: 5300, whole: 6000, percent: (5300 * 100) / 6000 });
    await expect(aggregateSource(SHARE, SHOP.recordTypes!).list(mem.ctx(NOW))).rejects.toThrow(/threshold/);
  });

  it('periods: only whole ones that have ended, each its own subject, the part by its filters', async () => {
    const list = await subjects(mem, QUARTERS);
    expect(list).toEqual([
      { key: '2026-Q1', label: '2026年第一季度', values: { quarter: '2026-Q1', total: 1000, single: 1000, percent: 100 } },
      { key: '2026-Q2', label: '2026年第二季度', values: { quarter: '2026-Q2', total: 6100, single: 100, percent: (100 * 100) / 6100 } },
    ]);
    // On Q2's last day the quarter is still under way: a save there measures nothing yet.
    const open = aggregateSource(QUARTERS, SHOP.recordTypes!);
    const june = mem.records.find((r) => r.values.awardedOn === '2026-06-30')!;
    expect(await open.around!({ ...mem.ctx(new Date('2026-06-30T03:00:00Z'), june), record: june })).toEqual([]);
  });

  it('counts, distinct values and maxima per group and month', async () => {
    const monthly = (measure: AggregateSubjectsDef['measure'], values: AggregateSourceDef['aggregate']['values']) => subjects(mem, source({ recordType: 'purchase', groupBy: ['buyer'], window: { field: 'awardedOn', period: 'month' }, measure, label: '{buyer}（{period}）', values }));
    expect((await monthly({ kind: 'count' }, { n: 'count' })).map((s) => [s.key, s.values.n])).toEqual([['张三:2026-02', 1], ['张三:2026-03', 1], ['张三:2026-05', 2], ['张三:2026-06', 2]]);
    expect((await monthly({ kind: 'distinct', field: 'supplier' }, { n: 'distinct' })).map((s) => s.values.n)).toEqual([0, 1, 2, 2]);
    expect((await monthly({ kind: 'max', field: 'totalFen' }, { n: 'max' })).map((s) => s.values.n)).toEqual([900, 100, 5000, 300]);
  });

  it('since the first record: every period that has ended, those with no record at count 0, under the key it names', async () => {
    const since = (period: 'month' | 'week' | 'day', extra: Partial<AggregateSubjectsDef> = {}) =>
      source({ recordType: 'purchase', filters: [{ field: 'method', operator: 'equal', value: 'tender' }], groupBy: [], window: { field: 'awardedOn', period, sinceFirst: true }, measure: { kind: 'count' }, label: '{period}（{span}）', key: `${period}:{period}`, values: { n: 'count', from: 'from', to: 'to' }, ...extra });
    // The first purchase of any method (single-source, 2026-02-01) starts the periods; June has ended on 2026-07-01.
    const months = await subjects(mem, since('month'));
    expect(months.map((s) => [s.key, s.values.n])).toEqual([['month:2026-02', 0], ['month:2026-03', 0], ['month:2026-04', 0], ['month:2026-05', 2], ['month:2026-06', 1]]);
    expect(months[0]).toEqual({ key: 'month:2026-02', label: '2026年2月（2026年2月1日至2026年2月28日）', values: { n: 0, from: '2026-02-01', to: '2026-02-28' } });
    // ISO weeks, Monday to Sunday: 2026-02-01 is a Sunday in W05; the week of 2026-07-01 (W27) is under way.
    const weeks = await subjects(mem, since('week'));
    expect(weeks.length).toBe(22);
    expect([weeks[0].key, weeks[0].values.from, weeks.at(-1)!.key, weeks.at(-1)!.values.to]).toEqual(['week:2026-W05', '2026-01-26', 'week:2026-W26', '2026-06-28']);
    expect(weeks.filter((w) => w.values.n).map((w) => w.key)).toEqual(['week:2026-W18', 'week:2026-W22', 'week:2026-W23']);
    const days = await subjects(mem, since('day', { label: '{period}' }));
    expect([days.length, days[0].label, days.at(-1)!.key]).toEqual([150, '2026年2月1日', 'day:2026-06-30']);
    // A record before the first adds periods before the others: its save re-lists them all, as a scan would.
    const early = mem.add('purchase', { no: 'P-early', buyer: '李四', method: 'single-source', totalFen: 1, awardedOn: '2026-01-10' });
    const run = aggregateSource(since('month'), SHOP.recordTypes!);
    const around = await run.around!({ ...mem.ctx(NOW, early), record: early });
    expect(around.map((s) => s.key)).toEqual(['month:2026-01', ...months.map((s) => s.key)]);
    // Only while the option holds its value; none before any record.
    const variant = since('month', { when: { option: 'variant', equal: 'four-in-one' } });
    expect(await listSubjects(aggregateSource(variant, SHOP.recordTypes!), mem.ctx(NOW))).toEqual([]);
    expect((await listSubjects(aggregateSource(variant, SHOP.recordTypes!), { ...mem.ctx(NOW), options: { variant: 'four-in-one' } })).length).toBe(6); // January to June, with the early record
    expect(await listSubjects(aggregateSource(since('month'), SHOP.recordTypes!), new MemoryPlugin(SHOP).ctx(NOW))).toEqual([]);
    expect(aggregateSourceProblems(since('month', { groupBy: ['buyer'], key: 'm:{buyer}', label: '{span}' }), SHOP.recordTypes!)).toEqual(['window.sinceFirst: model.since_first', 'key must name {period}, and only it, over a window of periods']);
    expect(aggregateSourceProblems(since('day'), SHOP.recordTypes!)).toEqual([]);
    expect(validateModel({ ...BUYER_MODEL, window: { field: 'awardedOn', period: 'week' } }, SCOPE).map((p) => p.field)).toContain('window.period');
  });

  it('refuses what it cannot run, naming the part; a warning model still may not measure within', () => {
    const bad = source({ ...SHARE.aggregate, measure: { kind: 'share', field: 'totalFen', within: ['method', 'supplier'] }, label: '{nobody}', values: { x: 'max', y: { group: 'buyer' } } });
    expect(aggregateSourceProblems(bad, SHOP.recordTypes!)).toEqual([
      'measure.within: model.share_within',
      'label names {nobody}, neither a group field nor {period} or {span}',
      'values.x: "max" is not measured here',
      'values.y: {"group":"buyer"} is not measured here',
    ]);
    expect(aggregateSourceProblems(SHARE, SHOP.recordTypes!)).toEqual([]);
    expect(aggregateSourceProblems(source({ ...QUARTERS.aggregate, about: 'method' }), SHOP.recordTypes!)).toEqual(['about "method" is not a reference field', 'about "method" is not a group field']);
    const model = { ...BUYER_MODEL, groupBy: ['buyer', 'method'], measure: { kind: 'share', within: ['buyer'] }, window: { field: 'awardedOn', days: { threshold: 'windowDays' } } };
    expect(validateModel(model, SCOPE).map((p) => p.field)).toEqual(expect.arrayContaining(['window.days', 'measure.part', 'measure.within']));
  });

  it('a plugin declaring one loads only when its rules fit it; the host then runs it as any source', () => {
    const rule = { id: 'share', version: 1, label: { zh: '份额', en: 'Share' }, recordType: 'purchase', subjects: 'src', level: 'yellow' as const, when: { fact: 'n', operator: 'greaterThan', value: 1 }, message: { zh: 'm', en: 'm' } };
    const facts = [{ id: 'n', label: { zh: 'n', en: 'n' }, compute: () => 0 }];
    const host = (over: Partial<PluginDefinition>) => new PluginHost([{ ...SHOP, facts, aggregateSubjects: [SHARE], rules: [{ ...rule, thresholds: { windowDays: 30 } }], ...over }], []);
    expect(typeof host({}).subjectSources('shop').get('src')!.around).toBe('function');
    expect(() => host({ rules: [rule] })).toThrow(/no threshold "windowDays"/);
    expect(() => host({ rules: [{ ...rule, recordType: 'supplier', thresholds: { windowDays: 30 } }] })).toThrow(/aggregate "purchase"/);
    expect(() => host({ aggregateSubjects: [source({ ...SHARE.aggregate, label: '{x}' })] })).toThrow(/label names \{x\}/);
  });
});
