import type { FactContext, IndicatorPeriod, PluginRecordView } from '../../core/plugin-api';
import { periodOf } from '../../core/plugin-api';
import { expectedInPeriod, INDICATORS } from './indicators';
import { quarterlyReport } from './templates';

let nextId = 1;
const referral = (values: Record<string, unknown>): PluginRecordView => ({ id: nextId++, institutionId: 1, pluginId: 'tb-referral', recordType: 'tb-referral', title: `TB-${nextId}`, values: { toHospital: 'h', township: 'tw', ...values }, createdAt: '', updatedAt: '' });
const task = (referralId: number): PluginRecordView => ({ ...referral({}), recordType: 'tb-tracking-task', values: { referralId } });

function ctx(role: string, list: PluginRecordView[], opts: Record<string, unknown> = {}, period?: IndicatorPeriod, tasks: PluginRecordView[] = []): FactContext {
  return {
    institutionId: 1,
    options: { networkRole: role, ...opts },
    now: new Date('2026-06-30T00:00:00Z'),
    period,
    records: { list: async (type) => (type === 'tb-tracking-task' ? tasks : type === 'tb-referral' ? list : []), institution: async () => ({ id: 1, code: role === 'township' ? 'tw' : 'h', name: '' }) },
  };
}
const compute = (id: string, c: FactContext) => INDICATORS.find((d) => d.id === id)!.compute(c);

describe('新涂阳病人发现率 (new smear-positive detection, ≥ 70%)', () => {
  const patient = (start: string, extra: Record<string, unknown> = {}) => referral({ referralDate: start, arrivalDate: start, diagnosis: 'confirmed', smear: 'positive', treatmentType: 'new', registrationNo: 'QS-1', treatmentStart: start, ...extra });
  const list = [patient('2026-01-10'), patient('2026-02-10'), patient('2026-04-10'), patient('2026-02-11', { treatmentType: 'retreatment' }), patient('2026-02-12', { smear: 'negative' }), patient('2026-02-13', { registrationNo: undefined })];

  it('without the expected-cases option it is 未配置, not a made-up number', async () => {
    const r = await compute('new-smear-positive-detection', ctx('designated-hospital', list));
    expect(r.unavailable).toEqual({ zh: '未配置', en: 'Not configured' });
    expect(r.numerator).toBeUndefined();
  });

  it('counts new, smear-positive, registered patients started in the period against the prorated expectation', async () => {
    const year = await compute('new-smear-positive-detection', ctx('designated-hospital', list, { expectedNewSmearPositivePerYear: 4 }, periodOf('2026')!));
    expect([year.numerator, year.denominator, year.value]).toEqual([3, 4, 75]);
    const q1 = await compute('new-smear-positive-detection', ctx('designated-hospital', list, { expectedNewSmearPositivePerYear: 10 }, periodOf('2026-Q1')!));
    // 10 a year: a quarter expects round(2.5) = 3.
    expect([q1.numerator, q1.denominator, q1.value]).toEqual([2, 3, 66.7]);
    expect(q1.unavailable).toBeUndefined();
  });

  it('prorates a year whole, a quarter by a quarter rounded half up, never below 1', () => {
    expect(expectedInPeriod(81)).toBe(81);
    expect(expectedInPeriod(81, periodOf('2026')!)).toBe(81);
    expect(expectedInPeriod(81, periodOf('2026-Q2')!)).toBe(20);
    expect(expectedInPeriod(82, periodOf('2026-Q2')!)).toBe(21);
    expect(expectedInPeriod(1, periodOf('2026-Q2')!)).toBe(1);
  });
});

describe('患者追踪率 (tracking rate, 100%)', () => {
  it('of the referrals not arrived within 7 days, those with tracking started (recorded, or core\'s tracking task)', async () => {
    const onTime = referral({ referralDate: '2026-05-01', arrivalDate: '2026-05-08' });
    const lateTracked = referral({ referralDate: '2026-05-01', arrivalDate: '2026-05-12', trackingStartDate: '2026-05-09' });
    const lostUntracked = referral({ referralDate: '2026-05-01' });
    const lostTasked = referral({ referralDate: '2026-05-02' });
    const tooRecent = referral({ referralDate: '2026-06-25' });
    const r = await compute('tracking-rate', ctx('township', [onTime, lateTracked, lostUntracked, lostTasked, tooRecent], {}, undefined, [task(lostTasked.id)]));
    expect([r.numerator, r.denominator, r.value, r.target]).toEqual([2, 3, 66.7, 100]);
    expect(r.records!.filter((x) => !x.ok).map((x) => x.id)).toEqual([lostUntracked.id]);
  });

  it('has no value with nothing to track: 0/0 is 无数据, not 100% met', async () => {
    const r = await compute('tracking-rate', ctx('township', []));
    expect([r.numerator, r.denominator, r.unavailable]).toEqual([0, 0, { zh: '无数据', en: 'No data' }]);
  });
});

describe('免费标准化疗率 (free national standard regimen, ≥ 90%)', () => {
  const patient = (start: string, free?: string) => referral({ referralDate: start, diagnosis: 'confirmed', treatmentStart: start, ...(free ? { freeStandardRegimen: free } : {}) });

  it('of the patients starting treatment in the period, those on the free standard regimen; 否 and unanswered are misses', async () => {
    const onFree = patient('2026-02-01', 'yes');
    const other = patient('2026-02-02', 'no');
    const unanswered = patient('2026-03-31');
    const list = [onFree, other, unanswered, patient('2026-04-01', 'yes'), referral({ referralDate: '2026-02-03', diagnosis: 'excluded' })];
    const r = await compute('free-standard-regimen', ctx('designated-hospital', list, {}, periodOf('2026-Q1')!));
    expect([r.numerator, r.denominator, r.value, r.target]).toEqual([1, 3, 33.3, 90]);
    expect(r.records!.map((x) => [x.id, x.ok])).toEqual([[onFree.id, true], [other.id, false], [unanswered.id, false]]);
  });

  it('meets the target at exactly 90% and has no value (无数据) with nobody starting treatment', async () => {
    const list = [...Array.from({ length: 9 }, (_, i) => patient(`2026-05-${String(i + 1).padStart(2, '0')}`, 'yes')), patient('2026-05-20', 'no')];
    const r = await compute('free-standard-regimen', ctx('designated-hospital', list, {}, periodOf('2026-Q2')!));
    expect([r.numerator, r.denominator, r.value]).toEqual([9, 10, 90]);
    expect(r.value).toBeGreaterThanOrEqual(r.target!);
    const none = await compute('free-standard-regimen', ctx('designated-hospital', list, {}, periodOf('2026-Q1')!));
    expect([none.numerator, none.denominator, none.unavailable]).toEqual([0, 0, { zh: '无数据', en: 'No data' }]);
  });
});

describe('耐多药可疑者送检率 (suspected MDR-TB specimens sent, 100%)', () => {
  it('of the suspected MDR-TB patients referred in the period, those with a specimen sent date', async () => {
    const sent = referral({ referralDate: '2026-01-05', mdrSuspected: 'yes', mdrSpecimenSentDate: '2026-01-09' });
    const notSent = referral({ referralDate: '2026-03-31', mdrSuspected: 'yes' });
    const notSuspected = referral({ referralDate: '2026-02-01', mdrSuspected: 'no' });
    const unanswered = referral({ referralDate: '2026-02-01' });
    const nextQuarter = referral({ referralDate: '2026-04-01', mdrSuspected: 'yes' });
    const r = await compute('mdr-specimen-sent', ctx('designated-hospital', [sent, notSent, notSuspected, unanswered, nextQuarter], {}, periodOf('2026-Q1')!));
    expect([r.numerator, r.denominator, r.value, r.target]).toEqual([1, 2, 50, 100]);
    expect(r.records!.map((x) => [x.id, x.ok])).toEqual([[sent.id, true], [notSent.id, false]]);
  });

  it('one unsent specimen in a hundred misses the 100% target; no suspect is 无数据, not a hit', async () => {
    const list = Array.from({ length: 100 }, (_, i) => referral({ referralDate: '2026-05-01', mdrSuspected: 'yes', ...(i ? { mdrSpecimenSentDate: '2026-05-03' } : {}) }));
    const r = await compute('mdr-specimen-sent', ctx('designated-hospital', list, {}, periodOf('2026-Q2')!));
    expect([r.numerator, r.denominator, r.value]).toEqual([99, 100, 99]);
    expect(r.value).toBeLessThan(r.target!);
    const none = await compute('mdr-specimen-sent', ctx('designated-hospital', [], {}, periodOf('2026-Q2')!));
    expect([none.numerator, none.denominator, none.unavailable]).toEqual([0, 0, { zh: '无数据', en: 'No data' }]);
  });
});

describe('门诊患者月均自费费用 and the quarterly report over nothing', () => {
  it('no month of costs is 无数据, not 0.00元 met', async () => {
    const none = await compute('self-paid-per-month', ctx('designated-hospital', [referral({ referralDate: '2026-05-01' })], {}, periodOf('2026-Q2')!));
    expect(none.unavailable).toEqual({ zh: '无数据', en: 'No data' });
    const some = await compute('self-paid-per-month', ctx('designated-hospital', [referral({ monthlyCosts: [{ month: '2026-05', selfPaidFen: 12000 }] })], {}, periodOf('2026-Q2')!));
    expect([some.value, some.unavailable]).toEqual([12000, undefined]);
  });

  it('the report shows rows with no result as — with 无数据 or 未配置, never 达标, and names them apart', async () => {
    const c = { ...ctx('village', []), record: { ...referral({ quarter: '2026-Q2' }), recordType: 'tb-quarterly-report' } };
    const report = await quarterlyReport(c);
    expect(report.met).toBe(0);
    const cost = report.rows.find((r) => r.label === '门诊患者月均自费费用')!;
    expect(cost).toMatchObject({ value: '—', target: '≤150.00元', result: '无数据' });
    const arrival = report.rows.find((r) => r.label === '总体到位率')!;
    expect(arrival).toMatchObject({ numerator: 0, denominator: 0, value: '—', result: '无数据' });
    expect(report.rows.find((r) => r.label === '新涂阳病人发现率')).toMatchObject({ numerator: '—', denominator: '—', value: '—', result: '未配置' });
    expect(report.rows.every((r) => r.result !== '达标')).toBe(true);
    expect(report.notConfigured).toEqual(['新涂阳病人发现率']);
    expect(report.noData).toHaveLength(report.rows.length - 1);
    expect(report.rates.bars).toHaveLength(0);
    expect(report.cost.bars).toHaveLength(0);
  });
});
