import type { PluginRecordView } from '../../core/plugin-api';
import type { FactContext } from '../../core/plugin-api';
import { daysSinceTracking, daysWithoutArrival, longestVillageGap, missedTownshipPeriods, overdueSputum, RULES, trackingTask } from './rules';

const referral = (values: Record<string, unknown>): PluginRecordView => ({ id: 1, institutionId: 1, pluginId: 'tb-referral', recordType: 'tb-referral', title: 'TB-1', values, createdAt: '', updatedAt: '' });

describe('tb-referral rule edges', () => {
  it('arrival: 7 days without arrival is within the limit, 8 is over (rule: greater than 7)', () => {
    expect(daysWithoutArrival(referral({ referralDate: '2026-03-01' }), '2026-03-08')).toBe(7);
    expect(daysWithoutArrival(referral({ referralDate: '2026-03-01' }), '2026-03-09')).toBe(8);
    expect(daysWithoutArrival(referral({ referralDate: '2026-03-01', arrivalDate: '2026-03-03' }), '2026-12-01')).toBe(2);
  });

  it('tracking: 6 days after tracking started is within the limit, the 7th day hits (rule: at least 7)', () => {
    const rule = RULES.find((r) => r.id === 'tracking-not-arrived')!;
    expect(rule.when).toEqual({ fact: 'subject.daysSinceTracking', operator: 'greaterThanInclusive', value: { threshold: 'days' } });
    expect(rule.thresholds).toEqual({ days: 7 });
    expect(daysSinceTracking('2026-03-10', referral({ referralDate: '2026-03-02' }), '2026-03-16')).toBe(6);
    expect(daysSinceTracking('2026-03-10', referral({ referralDate: '2026-03-02' }), '2026-03-17')).toBe(7);
    expect(daysSinceTracking('2026-03-10', referral({ referralDate: '2026-03-02' }), '2026-03-18')).toBe(8);
    expect(daysSinceTracking('2026-03-10', referral({ referralDate: '2026-03-02', arrivalDate: '2026-03-14' }), '2026-04-30')).toBe(4);
  });

  it('the tracking task: for the managing township, due 7 days after the day it starts; none once the person has arrived', async () => {
    const ctx = (values: Record<string, unknown>): FactContext => ({
      institutionId: 1,
      options: {},
      now: new Date('2026-03-10T04:00:00Z'),
      record: referral(values),
      records: { list: async () => [], institution: async () => ({ id: 1, code: 'taoyuan-village-clinic', name: '桃源村卫生室' }) },
    });
    const base = { referralNo: 'TB-1', referralDate: '2026-03-02', township: 'dongxi-township-hc' };
    expect(await trackingTask(ctx(base))).toEqual({
      recordType: 'tb-tracking-task',
      institutionCode: 'dongxi-township-hc',
      values: { referralNo: 'TB-1', referralId: 1, referredBy: '桃源村卫生室', referralDate: '2026-03-02', startDate: '2026-03-10', dueDate: '2026-03-17' },
    });
    expect(await trackingTask(ctx({ ...base, arrivalDate: '2026-03-09' }))).toBeNull();
    expect(RULES.find((r) => r.id === 'referral-not-arrived')!.followUp).toBe(trackingTask);
  });

  it('village visits: a 14-day gap is fine, 15 is over, measured up to today for an ongoing treatment', () => {
    const start = '2026-03-01';
    expect(longestVillageGap(referral({ treatmentStart: start, villageVisits: [{ date: '2026-03-15' }] }), '2026-03-29')).toBe(14);
    expect(longestVillageGap(referral({ treatmentStart: start, villageVisits: [{ date: '2026-03-15' }] }), '2026-03-30')).toBe(15);
    expect(longestVillageGap(referral({ treatmentStart: start, villageVisits: [{ date: '2026-03-16' }] }), '2026-03-20')).toBe(15);
  });

  it('township visits: each ended intensive month and each ended 2-month continuation period needs one', () => {
    const r = referral({ treatmentStart: '2026-01-10', treatmentType: 'new', townshipVisits: [{ date: '2026-01-20' }] });
    // January is covered; February has ended without a visit; March is not over yet on 2026-03-20.
    expect(missedTownshipPeriods(r, '2026-02-28')).toEqual([]);
    expect(missedTownshipPeriods(r, '2026-03-01')).toEqual(['2026-02']);
    // March still holds intensive days (to 2026-03-09), so it counts as an intensive month once it has ended.
    expect(missedTownshipPeriods(r, '2026-03-31')).toEqual(['2026-02']);
    expect(missedTownshipPeriods(r, '2026-04-01')).toEqual(['2026-02', '2026-03']);
    // The continuation phase starts 2026-03-10; its first 2-month period ends 2026-05-09.
    expect(missedTownshipPeriods(r, '2026-05-09')).toEqual(['2026-02', '2026-03']);
    expect(missedTownshipPeriods(r, '2026-05-10')).toEqual(['2026-02', '2026-03', '2026-03-10~2026-05-09']);
  });

  it('sputum: months 2, 5, 6 (8 for retreatment), overdue only past 14 days', () => {
    const base = { treatmentStart: '2026-01-10', sputumExams: [] };
    expect(overdueSputum(referral({ ...base, treatmentType: 'new' }), '2026-03-24', 14)).toEqual([]);
    expect(overdueSputum(referral({ ...base, treatmentType: 'new' }), '2026-03-25', 14)).toEqual([2]);
    expect(overdueSputum(referral({ ...base, treatmentType: 'retreatment' }), '2026-09-25', 14)).toEqual([2, 5, 6, 8]);
    expect(overdueSputum(referral({ ...base, treatmentType: 'new', sputumExams: [{ month: 2 }] }), '2026-07-30', 14)).toEqual([5, 6]);
    // A treatment that ended (outcome date) before a due day owes no later exam.
    expect(overdueSputum(referral({ ...base, treatmentType: 'new', outcomeDate: '2026-04-01', sputumExams: [{ month: 2 }] }), '2026-12-01', 14)).toEqual([]);
  });
});
