/**
 * Rule edges of the hospital-procurement plugin: just under, at and just over every threshold.
 * Pure and in memory (core's validation and rule engine, no server); lives here because plugin
 * folders may import only core/plugin-api.
 */
import { hospitalProcurementPlugin as P } from '../../plugins/hospital-procurement/hospital-procurement.plugin';
import { checkCreditCode, creditCodeCheckChar } from '../../core/plugin-api';
import { buildDemoYear } from '../../plugins/hospital-procurement/demo-seed';
import { MemoryPlugin, noPeople } from '../support/plugin-memory';

const T = 20_000_000; // tender threshold (default)
const M = 50_000_000; // major-matter threshold (default)
const NOW = new Date('2026-07-01T03:00:00Z');

function plugin(overrides: Record<string, Record<string, number>> = {}) {
  return new MemoryPlugin(P, {}, overrides);
}

let seq = 0;
function project(mem: MemoryPlugin, v: Record<string, unknown> = {}) {
  seq++;
  return mem.add('procurement-project', {
    projectNo: `T-${seq}`,
    name: `测试项目${seq}`,
    category: 'drugs',
    totalFen: 1_000_000,
    department: '药剂科',
    method: 'inquiry',
    awardedOn: '2026-06-01',
    qualificationReviewer: '甲',
    evaluators: ['乙', '丙'],
    awardDecider: '丁',
    ...v,
  });
}
const supplier = (mem: MemoryPlugin, v: Record<string, unknown> = {}) =>
  mem.add('supplier', { name: `供应商${++seq}`, creditCode: code(seq), categories: ['drugs'], ...v });
function code(n: number) {
  const first = `91361099${String(n).padStart(9, '0')}`;
  return first + creditCodeCheckChar(first);
}
const rulesHit = async (mem: MemoryPlugin) => (await mem.scan(NOW)).map((l) => l.split(' ')[0]);

describe('hospital-procurement rules at their edges', () => {
  it('major matter without collective decision: under, at, over the threshold; with a decision never', async () => {
    for (const [total, decision, expected] of [
      [M - 1, false, false],
      [M, false, true],
      [M + 1, false, true],
      [M + 1, true, false],
    ] as const) {
      const mem = plugin();
      project(mem, { totalFen: total, method: 'public-tender', announcedOn: '2026-05-01', category: 'equipment', ...(decision ? { decisionMeetingDate: '2026-05-20', decisionMinutesRef: '纪要1号' } : {}) });
      expect((await rulesHit(mem)).includes('major-matter-without-decision')).toBe(expected);
    }
  });

  it('major matter threshold comes from the institution option', async () => {
    const mem = new MemoryPlugin(P, { majorMatterThresholdFen: 1_000_000 });
    project(mem, { totalFen: 1_000_000 });
    expect(await rulesHit(mem)).toContain('major-matter-without-decision');
  });

  it('three separation: no overlap, reviewer also evaluates, decider also evaluates, same person in all three', async () => {
    const cases: [Record<string, unknown>, boolean][] = [
      [{}, false],
      [{ qualificationReviewer: '乙' }, true],
      [{ awardDecider: '丙' }, true],
      [{ qualificationReviewer: '甲', evaluators: ['甲'], awardDecider: '甲' }, true],
      [{ qualificationReviewer: ' 甲 ', evaluators: ['乙'], awardDecider: '丁' }, false],
    ];
    for (const [v, expected] of cases) {
      const mem = plugin();
      project(mem, v);
      expect((await rulesHit(mem)).includes('three-separation-breach')).toBe(expected);
    }
  });

  it('price above reference: 10% under, exactly 10%, just over 10%', async () => {
    for (const [unit, expected] of [
      [10_999, false],
      [11_000, false],
      [11_001, true],
    ] as const) {
      const mem = plugin();
      project(mem, { items: [{ itemName: '药', quantity: 1, unitPriceFen: unit, referencePriceFen: 10_000 }, { itemName: '无参考价', quantity: 1, unitPriceFen: 99_999 }] });
      expect((await rulesHit(mem)).includes('price-above-reference')).toBe(expected);
    }
  });

  it('price threshold can be overridden per institution', async () => {
    const mem = plugin({ 'price-above-reference': { maxExcessPercent: 5 } });
    project(mem, { items: [{ itemName: '药', quantity: 1, unitPriceFen: 10_600, referencePriceFen: 10_000 }] });
    expect(await rulesHit(mem)).toContain('price-above-reference');
  });

  it('award to a blacklisted supplier: the day before, the first day, the last day, the day after the period', async () => {
    for (const [awardedOn, expected] of [
      ['2026-03-31', false],
      ['2026-04-01', true],
      ['2026-06-30', true],
      ['2026-07-01', false],
    ] as const) {
      const mem = plugin();
      const s = supplier(mem, { blacklisted: true, blacklistReason: '虚假材料', blacklistFrom: '2026-04-01', blacklistTo: '2026-06-30' });
      project(mem, { supplier: s.id, awardedOn: awardedOn > '2026-07-01' ? '2026-07-01' : awardedOn });
      expect((await rulesHit(mem)).includes('award-to-blacklisted-supplier')).toBe(expected);
    }
  });

  it('supplier share of a category: 29.99%, 30%, 30.01%', async () => {
    for (const [mine, expected] of [
      [2999, false],
      [3000, false],
      [3001, true],
    ] as const) {
      const mem = plugin();
      const a = supplier(mem);
      const others = [supplier(mem), supplier(mem), supplier(mem)];
      project(mem, { supplier: a.id, totalFen: mine * 100, awardedOn: '2026-03-01' });
      // The rest of the category, split evenly so no other supplier reaches 30%.
      const rest = (10_000 - mine) * 100;
      others.forEach((o, i) => project(mem, { supplier: o.id, totalFen: Math.floor(rest / 3) + (i === 0 ? rest % 3 : 0), awardedOn: `2025-${String(8 + i * 2).padStart(2, '0')}-15` }));
      expect((await rulesHit(mem)).filter((r) => r === 'supplier-share-too-high').length).toBe(expected ? 1 : 0);
    }
  });

  it('supplier share counts only the last 12 months', async () => {
    const mem = plugin();
    const a = supplier(mem);
    const b = supplier(mem);
    project(mem, { supplier: a.id, totalFen: 9_000_000, awardedOn: '2025-07-01' }); // 366 days before: outside
    project(mem, { supplier: a.id, totalFen: 1_000_000, awardedOn: '2025-07-02' }); // 365 days: inside
    for (let i = 0; i < 3; i++) project(mem, { supplier: b.id, totalFen: 1_000_000, awardedOn: '2026-01-10', projectNo: `B${i}` });
    const c = supplier(mem);
    for (let i = 0; i < 6; i++) project(mem, { supplier: c.id, totalFen: 1_000_000, awardedOn: '2026-02-10' });
    // a = 1/10 = 10%, b = 30% (at the threshold), c = 60%: only c.
    const hits = await mem.scan(NOW);
    expect(hits.filter((h) => h.startsWith('supplier-share-too-high'))).toEqual([`supplier-share-too-high supplier-category-share:drugs:${c.id}`]);
  });

  it('split purchases: together just under, at, just over the tender threshold', async () => {
    for (const [second, expected] of [
      [T / 2 - 1, false],
      [T / 2, true],
      [T / 2 + 1, true],
    ] as const) {
      const mem = plugin();
      const s = supplier(mem);
      project(mem, { supplier: s.id, totalFen: T / 2, awardedOn: '2026-05-01' });
      project(mem, { supplier: s.id, totalFen: second, awardedOn: '2026-05-20' });
      expect((await rulesHit(mem)).filter((r) => r === 'split-purchase').length).toBe(expected ? 1 : 0);
    }
  });

  it('split purchases: 30 days apart count, 31 do not; a purchase at the threshold is not part of a split', async () => {
    const run = async (days: string, secondTotal: number) => {
      const mem = plugin();
      const s = supplier(mem);
      project(mem, { supplier: s.id, totalFen: T - 1, awardedOn: '2026-05-01' });
      project(mem, { supplier: s.id, totalFen: secondTotal, awardedOn: days, ...(secondTotal >= T ? { method: 'public-tender', announcedOn: '2026-04-01' } : {}) });
      return (await rulesHit(mem)).includes('split-purchase');
    };
    expect(await run('2026-05-31', 1)).toBe(true);
    expect(await run('2026-06-01', 1)).toBe(false);
    expect(await run('2026-05-10', T)).toBe(false);
  });

  it('split purchases of the same item from different suppliers are found; one split raises one hit', async () => {
    const mem = plugin();
    const [a, b, c] = [supplier(mem), supplier(mem), supplier(mem)];
    const item = (s: number) => [{ itemName: '定制敷料包', quantity: 1, unitPriceFen: s }];
    project(mem, { supplier: a.id, totalFen: T * 0.4, items: item(T * 0.4), awardedOn: '2026-05-01' });
    project(mem, { supplier: b.id, totalFen: T * 0.4, items: item(T * 0.4), awardedOn: '2026-05-10' });
    project(mem, { supplier: c.id, totalFen: T * 0.4, items: item(T * 0.4), awardedOn: '2026-05-20' });
    expect((await rulesHit(mem)).filter((r) => r === 'split-purchase')).toHaveLength(1);
  });

  it('single-source + emergency share of a closed quarter: 20% is fine, just over is not; the open quarter is not judged', async () => {
    for (const [urgent, expected] of [
      [1999, false],
      [2000, false],
      [2001, true],
    ] as const) {
      const mem = plugin();
      project(mem, { totalFen: urgent * 1000, method: 'emergency', methodReason: '突发事件', awardedOn: '2026-02-01' });
      project(mem, { totalFen: (10_000 - urgent) * 1000, method: 'public-tender', announcedOn: '2026-01-01', awardedOn: '2026-02-15' });
      expect((await rulesHit(mem)).includes('non-competitive-share-too-high')).toBe(expected);
    }
    const open = plugin();
    project(open, { totalFen: 1000, method: 'emergency', methodReason: '突发', awardedOn: '2026-06-30' });
    expect(await (async () => (await open.scan(new Date('2026-06-30T03:00:00Z'))).some((h) => h.startsWith('non-competitive')))()).toBe(false);
  });

  it('reports: filed on the due date is on time, a day late is not, and a period is judged only after its due date', async () => {
    const run = async (filedOn: string | null, now: string) => {
      const mem = plugin();
      project(mem, { awardedOn: '2026-05-20' });
      mem.add('procurement-report', { kind: 'quarterly-supervision', period: '2026-Q2', filedOn: '2026-06-30' });
      if (filedOn) mem.add('procurement-report', { kind: 'monthly-finance', period: '2026-05', filedOn });
      return (await mem.scan(new Date(`${now}T03:00:00Z`))).filter((h) => h.startsWith('report-not-filed'));
    };
    expect(await run('2026-06-10', '2026-06-11')).toEqual([]);
    expect(await run('2026-06-11', '2026-06-12')).toEqual(['report-not-filed report-periods:monthly-finance:2026-05']);
    expect(await run(null, '2026-06-10')).toEqual([]);
    expect(await run(null, '2026-06-11')).toEqual(['report-not-filed report-periods:monthly-finance:2026-05']);
  });

  it("reports: the institution's due days (options) move the deadline for the rule and the on-time indicator alike", async () => {
    const onTime = P.indicators!.find((i) => i.id === 'reports-on-time')!;
    const run = async (options: Record<string, unknown>, filed: [string, string, string][], now: string) => {
      const mem = new MemoryPlugin(P, options);
      project(mem, { awardedOn: '2026-05-20' });
      for (const [kind, period, filedOn] of filed) mem.add('procurement-report', { kind, period, filedOn });
      const at = new Date(`${now}T03:00:00Z`);
      const hits = (await mem.scan(at)).filter((h) => h.startsWith('report-not-filed'));
      return { hits, percent: (await onTime.compute(mem.ctx(at))).value };
    };
    const may = (filedOn: string): [string, string, string] => ['monthly-finance', '2026-05', filedOn];
    const june = (filedOn: string): [string, string, string] => ['monthly-finance', '2026-06', filedOn];
    const q2 = (filedOn: string): [string, string, string] => ['quarterly-supervision', '2026-Q2', filedOn];
    const lateMay = { hits: ['report-not-filed report-periods:monthly-finance:2026-05'], percent: 0 };
    // Monthly due on the 5th: filed on the 5th is on time, on the 6th late (the default 10th would allow it).
    expect(await run({ monthlyReportDueDay: 5 }, [may('2026-06-05')], '2026-06-07')).toEqual({ hits: [], percent: 100 });
    expect(await run({ monthlyReportDueDay: 5 }, [may('2026-06-06')], '2026-06-07')).toEqual(lateMay);
    expect(await run({}, [may('2026-06-06')], '2026-06-11')).toEqual({ hits: [], percent: 100 });
    // Quarterly due on the 20th: the 20th is on time, the 21st late; with the default 15th the 16th is already late.
    const q2Late = { hits: ['report-not-filed report-periods:quarterly-supervision:2026-Q2'], percent: 66.7 };
    expect(await run({ quarterlyReportDueDay: 20 }, [may('2026-06-01'), june('2026-07-01'), q2('2026-07-20')], '2026-07-22')).toEqual({ hits: [], percent: 100 });
    expect(await run({ quarterlyReportDueDay: 20 }, [may('2026-06-01'), june('2026-07-01'), q2('2026-07-21')], '2026-07-22')).toEqual(q2Late);
    expect(await run({}, [may('2026-06-01'), june('2026-07-01'), q2('2026-07-16')], '2026-07-22')).toEqual(q2Late);
    // Due on the 31st means the last day of a 30-day month; a period counts only once its due date has passed.
    expect(await run({ monthlyReportDueDay: 31 }, [may('2026-06-30')], '2026-07-01')).toEqual({ hits: [], percent: 100 });
    expect(await run({ monthlyReportDueDay: 31 }, [may('2026-07-01')], '2026-07-02')).toEqual(lateMay);
    expect(await run({ monthlyReportDueDay: 31 }, [], '2026-06-30')).toEqual({ hits: [], percent: 100 });
    expect(() => new MemoryPlugin(P, { monthlyReportDueDay: 0 })).toThrow(/validation.min/);
  });

  it('a second scan raises nothing new', async () => {
    const mem = plugin();
    project(mem, { qualificationReviewer: '乙' });
    expect(await mem.scan(NOW)).toEqual(['three-separation-breach record:1']); // June's report is not due until 07-10
    expect(await mem.scan(NOW)).toEqual([]);
  });
});

describe('hospital-procurement validation', () => {
  it('single source and emergency need a reason; inquiry cannot be used at the tender threshold', () => {
    const mem = plugin();
    expect(() => project(mem, { method: 'single-source' })).toThrow(/non-competitive-reason/);
    expect(() => project(mem, { method: 'emergency', methodReason: '  ' })).toThrow(/non-competitive-reason/);
    expect(() => project(mem, { method: 'emergency', methodReason: '突发事件' })).not.toThrow();
    expect(() => project(mem, { totalFen: T, method: 'inquiry' })).toThrow(/inquiry-below-tender/);
    expect(() => project(mem, { totalFen: T - 1, method: 'inquiry' })).not.toThrow();
  });

  it('credit codes: a valid one, and messages naming the wrong character', () => {
    expect(checkCreditCode('91350100M000100Y43')).toBeNull();
    expect(checkCreditCode('91350100M000100Y44')?.zh).toBe('第18位校验码“4”错误，按前17位计算应为“3”');
    expect(checkCreditCode('91350100M00010OY43')?.zh).toMatch(/^第15位字符“O”不允许/);
    expect(checkCreditCode('9135010M000100Y43')?.zh).toBe('统一社会信用代码应为18位，实际为17位');
    expect(checkCreditCode('9135A100M000100Y43')?.zh).toMatch(/^第5位字符“A”错误/);
    expect(checkCreditCode('91350100m000100Y43')?.zh).toMatch(/^第9位字符“m”不允许/);
  });
});

describe('hospital-procurement demo year', () => {
  const expected = [
    'award-to-blacklisted-supplier',
    'major-matter-without-decision',
    'non-competitive-share-too-high',
    'price-above-reference',
    'report-not-filed',
    'split-purchase',
    'supplier-share-too-high',
    'three-separation-breach',
  ];

  it.each(['2026-07-01', '2026-11-22', '2027-02-28', '2028-01-01'])('seeded on %s: about 600 projects over 40 suppliers, exactly one hit per rule', async (today) => {
    const mem = plugin();
    await P.demoSeed!({ institutionId: 1, institutionCode: 'x', options: mem.options, today, createRecord: async (t, v) => mem.add(t, v), createPerson: noPeople });
    expect(mem.records.filter((r) => r.recordType === 'supplier')).toHaveLength(40);
    expect(mem.records.filter((r) => r.recordType === 'procurement-project').length).toBeGreaterThanOrEqual(590);
    const hits = (await mem.scan(new Date(`${today}T03:00:00Z`))).map((h) => h.split(' ')[0]).sort();
    expect(hits).toEqual(expected);
  });

  it("follows the institution's report due days: still exactly one hit per rule", async () => {
    const mem = new MemoryPlugin(P, { monthlyReportDueDay: 3, quarterlyReportDueDay: 25 });
    await P.demoSeed!({ institutionId: 1, institutionCode: 'x', options: mem.options, today: '2026-07-01', createRecord: async (t, v) => mem.add(t, v), createPerson: noPeople });
    expect((await mem.scan(new Date('2026-07-01T03:00:00Z'))).map((h) => h.split(' ')[0]).sort()).toEqual(expected);
  });

  it('plants exactly one violation per rule (the data says which)', () => {
    const year = buildDemoYear('2026-07-01', { tenderThresholdFen: T, majorMatterThresholdFen: M });
    const planted = new Set([...year.projects, ...year.reports].map((p) => p.planted).filter(Boolean));
    expect([...planted].sort()).toEqual(expected);
  });
});
