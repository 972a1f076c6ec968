import { addDays } from '../../plugin-api';
import type { RecordGroup } from '../../plugin-api';
import { filtersWhere, matchesFilters, modelMessage, modelWhere, subjectKey, subjectLabel, subjectsFromDays, windowAt } from './model-compile';
import { BUYER_MODEL, PURCHASE } from '../../../test/support/model-fixtures';
import type { ModelDefinition } from './model-definition';

/** Daily groups as the repository answers `groups(where, [buyer, {awardedOn, 10}])` for these purchases. */
function daily(rows: { buyer: string; day: string; fen?: number }[]): RecordGroup[] {
  const out = new Map<string, RecordGroup>();
  for (const r of rows) {
    const k = `${r.buyer}|${r.day}`;
    const g = out.get(k) ?? { count: 0, sum: 0, min: null, max: null, by: { buyer: r.buyer, awardedOn: r.day } };
    g.count++;
    g.sum += r.fen ?? 0;
    g.max = Math.max(Number(g.max ?? 0), r.fen ?? 0);
    out.set(k, g);
  }
  return [...out.values()];
}

describe('warning models compiled: windows, conditions and the measure over daily aggregates', () => {
  it('windows end at the day: 30 days back, or the month, quarter or year to date', () => {
    expect(windowAt({ field: 'awardedOn', days: 30 }, '2026-03-10')).toEqual({ from: '2026-02-09', to: '2026-03-10', id: '2026-03-10' });
    expect(windowAt({ field: 'awardedOn', period: 'month' }, '2026-03-10')).toEqual({ from: '2026-03-01', to: '2026-03-10', id: '2026-03' });
    expect(windowAt({ field: 'awardedOn', period: 'quarter' }, '2026-05-10')).toEqual({ from: '2026-04-01', to: '2026-05-10', id: '2026-Q2' });
    expect(windowAt({ field: 'awardedOn', period: 'year' }, '2026-05-10')).toEqual({ from: '2026-01-01', to: '2026-05-10', id: '2026' });
  });

  it('turns filters, the window and a group into one RecordWhere; two ranges on one field keep the narrower bounds', () => {
    const d: ModelDefinition = { ...BUYER_MODEL, filters: [...BUYER_MODEL.filters, { field: 'awardedOn', operator: 'range', from: '2026-03-01' }, { field: 'totalFen', operator: 'range', to: 500 }, { field: 'supplier', operator: 'present' }] };
    expect(modelWhere(d, { from: '2026-02-09', to: '2026-03-10' }, { buyer: '甲' })).toEqual({
      equal: { method: 'single-source', buyer: '甲' },
      range: { awardedOn: { from: '2026-03-01', to: '2026-03-10' }, totalFen: { to: 500 } },
      present: ['buyer', 'supplier'],
    });
    expect(filtersWhere([{ field: 'method', operator: 'in', values: ['a', 'b'] }])).toEqual({ equal: { method: ['a', 'b'] }, range: {}, present: [] });
    expect(matchesFilters(d.filters, { method: 'single-source', awardedOn: '2026-03-05', totalFen: 500, supplier: 3 })).toBe(true);
    expect(matchesFilters(d.filters, { method: 'single-source', awardedOn: '2026-02-28', totalFen: 500, supplier: 3 })).toBe(false);
    expect(matchesFilters(d.filters, { method: 'tender', awardedOn: '2026-03-05', totalFen: 500, supplier: 3 })).toBe(false);
    expect(matchesFilters(d.filters, { method: 'single-source', awardedOn: '2026-03-05', totalFen: 501, supplier: 3 })).toBe(false);
  });

  it('slides 30-day windows over the days: a hit per buyer and day where more than 3 fall in the window, as counted by hand', () => {
    const start = '2026-01-01';
    // 甲 buys every 8 days (4 in any 30 days from the 4th on); 乙 every 11 days (never more than 3).
    const rows = [...Array.from({ length: 8 }, (_, i) => ({ buyer: '甲', day: addDays(start, i * 8) })), ...Array.from({ length: 8 }, (_, i) => ({ buyer: '乙', day: addDays(start, i * 11) }))];
    const got = subjectsFromDays(BUYER_MODEL, daily(rows), [], start, '2026-12-31');
    const byHand = rows.filter((r) => rows.filter((x) => x.buyer === r.buyer && x.day <= r.day && x.day >= addDays(r.day, -29)).length > 3);
    expect(byHand.length).toBe(5);
    expect(got.map((s) => [s.group.buyer, s.window.to, s.measured.count])).toEqual(byHand.map((r) => [r.buyer, r.day, 4]));
    // Anchors outside from..to are not subjects, but records before `from` still count in their windows.
    expect(subjectsFromDays(BUYER_MODEL, daily(rows), [], addDays(start, 40), '2026-12-31').map((s) => s.window.to)).toEqual(byHand.filter((r) => r.day >= addDays(start, 40)).map((r) => r.day));
  });

  it('a period window raises once per group and period, on the first day over the threshold', () => {
    const d: ModelDefinition = { ...BUYER_MODEL, window: { field: 'awardedOn', period: 'month' }, message: { zh: '{person}{period}采购{count}次', en: '{count}' } };
    const rows = ['2026-03-02', '2026-03-05', '2026-03-09', '2026-03-12', '2026-03-20', '2026-04-01'].map((day) => ({ buyer: '甲', day }));
    const got = subjectsFromDays(d, daily(rows), [], '2026-01-01', '2026-12-31');
    expect(got.map((s) => [s.window.id, s.window.to, s.measured.count])).toEqual([['2026-03', '2026-03-12', 4]]);
    expect(subjectKey(got[0])).toBe('甲@2026-03');
    expect(modelMessage(d, PURCHASE, got[0]).zh).toBe('甲2026-03采购4次');
  });

  it('sums money and fills the message in yuan; a share is the part over the whole in percent', () => {
    const d: ModelDefinition = { ...BUYER_MODEL, filters: [], measure: { kind: 'sum', field: 'totalFen' }, threshold: 1_000_000, message: { zh: '{person}合计{amountYuan}元，超过{thresholdYuan}元', en: '{amountYuan} over {thresholdYuan}' } };
    const rows = [{ buyer: '甲', day: '2026-03-01', fen: 600_000 }, { buyer: '甲', day: '2026-03-02', fen: 500_000 }];
    const [s] = subjectsFromDays(d, daily(rows), [], '2026-01-01', '2026-12-31');
    expect(s.measured).toEqual({ count: 2, sum: 1_100_000, value: 1_100_000 });
    expect(modelMessage(d, PURCHASE, s)).toEqual({ zh: '甲合计11,000.00元，超过10,000.00元', en: '11,000.00 over 10,000.00' });
    expect(subjectLabel(d, PURCHASE, s)).toBe('甲（2026-02-01至2026-03-02）');
    const share: ModelDefinition = { ...d, measure: { kind: 'share', field: 'totalFen', part: [{ field: 'urgent', operator: 'equal', value: true }] }, threshold: 40, message: { zh: '{share}%', en: '{share}%' } };
    const [t] = subjectsFromDays(share, daily(rows), daily([rows[1]]), '2026-01-01', '2026-12-31');
    expect(t.measured).toEqual({ count: 2, sum: 1_100_000, share: 45.5, value: 45.5 });
  });
});
