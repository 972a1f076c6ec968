/**
 * Rule edges of the tax-collection plugin: just under, at and just over every threshold.
 * In memory (core's validation and rule engine, no server); here because plugin folders may import only core/plugin-api.
 */
import { creditCodeCheckChar, listSubjects } from '../../core/plugin-api';
import { taxCollectionPlugin as P } from '../../plugins/tax-collection/tax-collection.plugin';
import { addDays } from '../../core/plugin-api/dates';
import { DEMO_COUNTS } from '../../plugins/tax-collection/demo-seed';
import { MemoryPlugin, noPeople } from '../support/plugin-memory';

const NOW = new Date('2026-07-01T03:00:00Z');
const TODAY = '2026-07-01';
const back = (n: number) => addDays(TODAY, -n);
let seq = 0;

function taxpayer(mem: MemoryPlugin) {
  const first = `91360799${String(++seq).padStart(9, '0')}`;
  return mem.add('taxpayer', { name: `纳税人${seq}`, kind: 'enterprise', creditCode: first + creditCodeCheckChar(first), industry: 'services', district: '城关', officer: '甲' }).id;
}
const good = { receiptDemands: 'no', receiptBanquet: 'no', receiptGifts: 'no', receiptAttitude: 'good' };
function inspection(mem: MemoryPlugin, v: Record<string, unknown> = {}) {
  return mem.add('inspection', { inspectionNo: `检-${++seq}`, taxpayer: taxpayer(mem), inspectors: ['甲', '乙'], startedOn: back(40), endedOn: back(30), receiptIssuedOn: back(30), receiptReturnedOn: back(25), ...good, ...v });
}
const hitRules = async (mem: MemoryPlugin) => (await mem.scan(NOW)).map((l) => l.split(' ')[0]);
const only = async (mem: MemoryPlugin, rule: string) => (await hitRules(mem)).includes(rule);

describe('tax-collection rules at their edges', () => {
  it('penalty outside the band (fixed fines in fen): under the max, at it, over it, and below a minimum', async () => {
    for (const [penaltyFen, expected] of [
      [199_999, false],
      [200_000, false],
      [200_001, true],
    ] as const) {
      const mem = new MemoryPlugin(P);
      inspection(mem, { violationType: 'late-filing', penaltyFen });
      expect(await only(mem, 'penalty-outside-band')).toBe(expected);
    }
    const mem = new MemoryPlugin(P, { discretionBands: [{ violationType: 'invoice', unit: 'fen', min: 1000, max: 5000 }] });
    inspection(mem, { violationType: 'invoice', penaltyFen: 999 });
    inspection(mem, { violationType: 'invoice', penaltyFen: 1000 });
    expect(await mem.scan(NOW)).toEqual(['penalty-outside-band record:2']);
  });

  it('penalty outside the band (percent of the tax involved): 49.99%, 50%, 500%, 500.01%', async () => {
    for (const [penaltyFen, expected] of [
      [499_999, true],
      [500_000, false],
      [5_000_000, false],
      [5_000_001, true],
    ] as const) {
      const mem = new MemoryPlugin(P);
      inspection(mem, { violationType: 'evasion', taxInvolvedFen: 1_000_000, penaltyFen });
      expect(await only(mem, 'penalty-outside-band')).toBe(expected);
    }
  });

  it('fewer than two inspectors: 1 hits, 2 does not, duplicates count once', async () => {
    for (const [inspectors, expected] of [
      [['甲'], true],
      [['甲', '甲'], true],
      [['甲', '乙'], false],
      [['甲', '乙', '丙'], false],
    ] as const) {
      const mem = new MemoryPlugin(P);
      inspection(mem, { inspectors: [...inspectors] });
      expect(await only(mem, 'too-few-inspectors')).toBe(expected);
    }
  });

  it('receipt not returned: out 14, 15 days no; 16 days yes; returned late (16 days) yes', async () => {
    for (const [days, expected] of [
      [14, false],
      [15, false],
      [16, true],
    ] as const) {
      const mem = new MemoryPlugin(P);
      inspection(mem, { endedOn: back(days), startedOn: back(days + 3), receiptIssuedOn: back(days), receiptReturnedOn: undefined, ...{ receiptDemands: undefined, receiptBanquet: undefined, receiptGifts: undefined, receiptAttitude: undefined } });
      expect(await only(mem, 'receipt-not-returned')).toBe(expected);
    }
    const mem = new MemoryPlugin(P);
    const late = inspection(mem, { receiptIssuedOn: back(40), receiptReturnedOn: back(24) });
    inspection(mem, { receiptIssuedOn: back(40), receiptReturnedOn: back(25) });
    expect(await mem.scan(NOW)).toEqual([`receipt-not-returned record:${late.id}`]);
  });

  it('a negative answer on any question raises one hit about the inspectors; good answers none', async () => {
    for (const [answer, expected] of [
      [{}, false],
      [{ receiptAttitude: 'fair' }, false],
      [{ receiptDemands: 'yes' }, true],
      [{ receiptBanquet: 'yes' }, true],
      [{ receiptGifts: 'yes' }, true],
      [{ receiptAttitude: 'poor' }, true],
    ] as const) {
      const mem = new MemoryPlugin(P);
      const r = inspection(mem, { ...answer, inspectors: ['许某', '何某'] });
      const lines = await mem.scan(NOW);
      expect(lines.includes(`negative-receipt negative-receipts:${r.id}`)).toBe(expected);
      const source = P.subjects!.find((s) => s.id === 'negative-receipts')!;
      if (expected) expect((await listSubjects(source, mem.ctx(NOW)))[0].label).toBe(`检查人员：许某、何某（${r.title}）`);
    }
  });

  it('write-off without collective decision: at the threshold no, one fen over yes, with a decision no; a deferral never', async () => {
    const T = 10_000_000;
    const decided = { decisionReason: '无财产可供执行', decidedOn: back(10), approver: '领导甲' };
    for (const [amountFen, decision, collective, expected] of [
      [T - 1, 'write-off', false, false],
      [T, 'write-off', false, false],
      [T + 1, 'write-off', false, true],
      [T + 1, 'write-off', true, false],
      [T * 5, 'deferral', false, false],
    ] as const) {
      const mem = new MemoryPlugin(P);
      mem.add('arrears', { arrearsNo: `欠-${++seq}`, taxpayer: taxpayer(mem), taxType: 'vat', amountFen, arisenOn: back(200), decision, ...decided, ...(collective ? { collectiveDecisionDate: back(12), minutesRef: '局务会纪要1号' } : {}) });
      expect(await only(mem, 'write-off-without-collective-decision')).toBe(expected);
    }
    const mem = new MemoryPlugin(P, { writeOffCollectiveThresholdFen: 100 });
    mem.add('arrears', { arrearsNo: '欠-x', taxpayer: taxpayer(mem), taxType: 'vat', amountFen: 101, arisenOn: back(200), decision: 'write-off', ...decided });
    expect(await only(mem, 'write-off-without-collective-decision')).toBe(true);
  });

  it('uncollected without deferral: 90 days no, 91 yes; an approved current deferral no; an expired one yes; collected no', async () => {
    for (const [days, extra, expected] of [
      [90, {}, false],
      [91, {}, true],
      [150, { deferralApproved: true, deferralApprover: '领导甲', deferralUntil: back(-10) }, false],
      [150, { deferralApproved: true, deferralApprover: '领导甲', deferralUntil: back(1) }, true],
      [150, { collectedFen: 1000, collectedOn: back(100) }, false],
    ] as const) {
      const mem = new MemoryPlugin(P);
      mem.add('collection', { collectionNo: `征-${++seq}`, taxpayer: taxpayer(mem), taxType: 'vat', period: '2026-01', assessedFen: 1000, assessedOn: back(days), collectedFen: 0, officer: '甲', ...extra });
      expect(await only(mem, 'uncollected-without-deferral')).toBe(expected);
    }
  });

  it('repeated reductions: 2 by one approver no, 3 yes, 3 by different approvers no, 3 spanning 365 days no, 364 yes', async () => {
    const run = async (approvers: string[], days: number[]) => {
      const mem = new MemoryPlugin(P);
      const tp = taxpayer(mem);
      approvers.forEach((approver, i) =>
        mem.add('reduction', { reductionNo: `减-${++seq}`, taxpayer: tp, taxType: 'vat', legalBasis: '依据', amountFen: 100, applicant: '申请人', reviewer: '审核人', approver, approvedOn: back(days[i]) }),
      );
      return only(mem, 'repeated-reductions');
    };
    expect(await run(['甲', '甲'], [10, 20])).toBe(false);
    expect(await run(['甲', '甲', '甲'], [10, 20, 30])).toBe(true);
    expect(await run(['甲', '乙', '甲'], [10, 20, 30])).toBe(false);
    expect(await run(['甲', '甲', '甲'], [0, 100, 365])).toBe(false);
    expect(await run(['甲', '甲', '甲'], [0, 100, 364])).toBe(true);
  });

  it('repeated reductions count the approver by default; with repeatedReductionsOfficer=reviewer, the reviewer instead', async () => {
    const run = async (options: Record<string, unknown>, rows: [reviewer: string, approver: string][]) => {
      const mem = new MemoryPlugin(P, options);
      const tp = taxpayer(mem);
      rows.forEach(([reviewer, approver], i) =>
        mem.add('reduction', { reductionNo: `减-${++seq}`, taxpayer: tp, taxType: 'vat', legalBasis: '依据', amountFen: 100, applicant: '申请人', reviewer, approver, approvedOn: back(10 + i * 10) }),
      );
      const source = P.subjects!.find((x) => x.id === 'reduction-groups')!;
      const subjects = await listSubjects(source, { ...mem.ctx(NOW), thresholds: { windowDays: 365 } });
      return { hit: await only(mem, 'repeated-reductions'), labels: subjects.filter((x) => x.values.count === 3).map((x) => x.label) };
    };
    // One reviewer, three approvers: only the reviewer setting sees a run of three.
    const sameReviewer: [string, string][] = [['审甲', '批甲'], ['审甲', '批乙'], ['审甲', '批丙']];
    expect((await run({}, sameReviewer)).hit).toBe(false);
    expect(await run({ repeatedReductionsOfficer: 'reviewer' }, sameReviewer)).toEqual({ hit: true, labels: [expect.stringMatching(/（审核人：审甲）$/)] });
    // One approver, three reviewers: the reverse.
    const sameApprover: [string, string][] = [['审甲', '批甲'], ['审乙', '批甲'], ['审丙', '批甲']];
    expect(await run({}, sameApprover)).toEqual({ hit: true, labels: [expect.stringMatching(/（审批人：批甲）$/)] });
    expect((await run({ repeatedReductionsOfficer: 'reviewer' }, sameApprover)).hit).toBe(false);
    // Two by the reviewer stay under the threshold.
    expect((await run({ repeatedReductionsOfficer: 'reviewer' }, sameReviewer.slice(0, 2))).hit).toBe(false);
    expect(() => new MemoryPlugin(P, { repeatedReductionsOfficer: 'applicant' })).toThrow();
  });

  it('reminder unacknowledged: 6 and 7 days no, 8 days yes (default 7); signed never; the limit is the bureau option', async () => {
    const reminder = (mem: MemoryPlugin, days: number, extra: Record<string, unknown> = {}) =>
      mem.add('reminder', { reminderNo: `提-${++seq}`, kind: 'card', occasion: 'holiday', staffName: '职工甲', issuedBy: '纪检组长', issuedOn: back(days), ...extra });
    for (const [days, expected] of [
      [6, false],
      [7, false],
      [8, true],
    ] as const) {
      const mem = new MemoryPlugin(P);
      reminder(mem, days);
      expect([days, await only(mem, 'reminder-unacknowledged')]).toEqual([days, expected]);
    }
    const signed = new MemoryPlugin(P);
    reminder(signed, 200, { acknowledgedOn: back(150) });
    expect(await only(signed, 'reminder-unacknowledged')).toBe(false);
    for (const [days, expected] of [
      [2, false],
      [3, true],
    ] as const) {
      const mem = new MemoryPlugin(P, { reminderAcknowledgeDays: 2 });
      reminder(mem, days);
      expect([days, await only(mem, 'reminder-unacknowledged')]).toEqual([days, expected]);
    }
    expect(() => new MemoryPlugin(P, { reminderAcknowledgeDays: 0 })).toThrow();
  });

  it('the reminder tracker lists unsigned reminders longest first with their days waiting, and says so when none wait', async () => {
    const mem = new MemoryPlugin(P);
    mem.add('reminder', { reminderNo: '提-A', kind: 'card', occasion: 'holiday', staffName: '职工甲', issuedBy: '纪检组长', issuedOn: back(3) });
    mem.add('reminder', { reminderNo: '提-B', kind: 'letter', occasion: 'groundless-clue', staffName: '职工乙', issuedBy: '纪检组长', issuedOn: back(12) });
    mem.add('reminder', { reminderNo: '提-C', kind: 'card', occasion: 'wedding', staffName: '职工丙', issuedBy: '纪检组长', issuedOn: back(30), acknowledgedOn: back(29) });
    const screen = P.screens!.find((x) => x.id === 'reminder-tracker')!;
    const [stats, table] = await screen.dashboard!(mem.ctx(NOW));
    expect(stats.kind === 'stats' && stats.stats.map((x) => [x.label.zh, x.value])).toEqual([
      ['发放提醒书', '1'],
      ['发放提示卡', '2'],
      ['已签收', '1'],
      ['待签收（全部）', '2'],
      ['超过7天未签收', '1'],
    ]);
    // Labels come in both languages (the screen shows the viewer's); the reminder's number and person are data.
    const zh = (c: unknown) => (c && typeof c === 'object' && 'zh' in c ? (c as { zh: string }).zh : c);
    expect(table.kind === 'table' && table.rows.map((r) => r.map(zh))).toEqual([
      ['提-B', '提醒书', '问题线索查无实据后', '职工乙', back(12), 12, '逾期未签收'],
      ['提-A', '提示卡', '重要节假日前', '职工甲', back(3), 3, '期限内'],
    ]);
    expect(table.kind === 'table' && table.rows[0][6]).toEqual({ zh: '逾期未签收', en: 'Overdue' });
    const none = new MemoryPlugin(P);
    const [, empty] = await screen.dashboard!(none.ctx(NOW));
    expect(empty.kind === 'table' && empty.rows[0][0]).toEqual({ zh: '无待签收的提醒书/提示卡', en: 'No reminder awaits a signature' });
  });

  it('ID numbers and credit codes are checked; an individual needs an ID number', () => {
    const mem = new MemoryPlugin(P);
    expect(() => mem.add('taxpayer', { name: '个体甲', kind: 'individual', industry: 'services', district: '城关', officer: '甲' })).toThrow(/idNumber/);
    expect(() => mem.add('taxpayer', { name: '个体甲', kind: 'individual', idNumber: '110105194912310021', industry: 'services', district: '城关', officer: '甲' })).toThrow(/校验码/);
    expect(mem.add('taxpayer', { name: '个体甲', kind: 'individual', idNumber: '11010519491231002X', industry: 'services', district: '城关', officer: '甲' }).values.idNumber).toBe('11010519491231002X');
  });

  it('the demo year in memory plants exactly one hit per rule', async () => {
    const mem = new MemoryPlugin(P);
    await P.demoSeed!({ institutionId: 1, institutionCode: 'x', options: mem.options, today: TODAY, createRecord: async (t, v) => mem.add(t, v), createPerson: noPeople });
    expect(mem.records.filter((r) => r.recordType === 'taxpayer')).toHaveLength(DEMO_COUNTS.taxpayers);
    expect(mem.records.filter((r) => r.recordType === 'collection')).toHaveLength(DEMO_COUNTS.collections);
    expect(mem.records.filter((r) => r.recordType === 'inspection')).toHaveLength(DEMO_COUNTS.inspections);
    expect((await hitRules(mem)).sort()).toEqual(P.rules!.map((r) => r.id).sort());
  });
});
