/**
 * Rule edges of the village-joint-meeting plugin: just under, at and just over every threshold.
 * Pure and in memory (core's validation and rule engine, no server); lives here because plugin
 * folders may import only core/plugin-api.
 */
import { villageJointMeetingPlugin as P } from '../../plugins/village-joint-meeting/village-joint-meeting.plugin';
import { isoWeek, mondayOf } from '../../core/plugin-api/dates';
import { MemoryPlugin, noPeople } from '../support/plugin-memory';

const L = 1_000_000; // large-expenditure threshold (default)
const at = (day: string) => new Date(`${day}T03:00:00Z`);
const rulesHit = async (mem: MemoryPlugin, day: string) => (await mem.scan(at(day))).map((l) => l.split(' ')[0]);

const FULL = [
  { party: 'party-branch', expected: 2, present: 2 },
  { party: 'village-committee', expected: 3, present: 3 },
  { party: 'work-team', expected: 3, present: 3 },
  { party: 'police-office', expected: 2, present: 2 },
];

function village(options: Record<string, unknown> = {}, overrides: Record<string, Record<string, number>> = {}) {
  const mem = new MemoryPlugin(P, options, overrides);
  const secretary = mem.add('member', { name: '甲书记', party: 'party-branch', role: 'branch-secretary' });
  const leader = mem.add('member', { name: '乙组长', party: 'work-team', role: 'team-leader' });
  return { mem, secretary: secretary.id, leader: leader.id };
}
type V = ReturnType<typeof village>;

function meeting(v: V, values: Record<string, unknown> = {}) {
  const date = (values.date as string) ?? '2026-06-02';
  return v.mem.add('meeting', {
    title: `例会${date}`,
    kind: 'weekly-regular',
    date,
    place: '村委会会议室',
    convenerBranch: v.secretary,
    convenerTeam: v.leader,
    attendance: FULL,
    recorder: v.leader,
    agenda: [{ kind: 'week-plan', topic: '本周计划' }],
    minutes: '纪要正文',
    signedBranchOn: date,
    signedTeamOn: date,
    ...values,
  });
}

function decision(v: V, meetingId: number, values: Record<string, unknown> = {}) {
  return v.mem.add('decision', {
    content: '决议事项',
    meeting: meetingId,
    agendaKind: 'funds',
    branchAgreement: 'agree',
    teamAgreement: 'agree',
    policeAgreement: 'agree',
    responsible: '丙',
    deadline: '2026-12-31',
    ...values,
  });
}

const expenditure = (v: V, values: Record<string, unknown> = {}) => v.mem.add('expenditure', { voucherNo: 'V1', purpose: '修路', amountFen: 1000, payee: '某工程队', paidOn: '2026-06-05', ...values });
const publish = (v: V, values: Record<string, unknown>) => v.mem.add('publication', { title: '公开', place: '公开栏', days: 10, ...values });

/** A village with a meeting every week from 2026-06-01 to 2026-06-28, so only the rule under test can fire. */
function steady(options: Record<string, unknown> = {}) {
  const v = village(options);
  for (const d of ['2026-06-02', '2026-06-09', '2026-06-16', '2026-06-23']) meeting(v, { date: d });
  return v;
}

describe('village-joint-meeting rules at their edges', () => {
  it('dates: ISO weeks and their Mondays, across a year end', () => {
    expect(isoWeek('2026-06-02')).toBe('2026-W23');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2025-12-29')).toBe('2026-W01');
    expect(mondayOf('2026-06-07')).toBe('2026-06-01');
    expect(mondayOf('2026-06-08')).toBe('2026-06-08');
  });

  it('no weekly meeting: a week is judged only once it has ended; a missed week is hit once, keyed by its ISO week', async () => {
    const v = village();
    meeting(v, { date: '2026-06-02' }); // W23
    meeting(v, { date: '2026-06-16' }); // W25; W24 (06-08..06-14) missed
    expect(await v.mem.scan(at('2026-06-14'))).toEqual([]); // W24 not over yet
    expect(await v.mem.scan(at('2026-06-15'))).toEqual(['no-weekly-meeting meeting-weeks:week:2026-W24']);
    expect(await v.mem.scan(at('2026-06-16'))).toEqual([]); // never twice
    // W26 has no meeting: judged from its Monday after, not before.
    expect(await v.mem.scan(at('2026-06-28'))).toEqual([]);
    expect(await v.mem.scan(at('2026-06-29'))).toEqual(['no-weekly-meeting meeting-weeks:week:2026-W26']);
  });

  it('no weekly meeting: an ad-hoc meeting does not replace the regular one; a four-in-one analysis meeting does', async () => {
    const v = village();
    meeting(v, { date: '2026-06-02' });
    meeting(v, { date: '2026-06-10', kind: 'ad-hoc', matter: '防汛' });
    expect(await rulesHit(v.mem, '2026-06-15')).toEqual(['no-weekly-meeting']);
    const w = village({ variant: 'four-in-one' });
    meeting(w, { date: '2026-06-02', kind: 'weekly-analysis' });
    for (let d = 1; d <= 7; d++) meeting(w, { date: `2026-06-0${d}`, kind: 'daily-joint' });
    expect(await rulesHit(w.mem, '2026-06-08')).toEqual([]);
  });

  it('four-in-one: a day with no daily joint meeting and a month with no briefing are hit; three-in-one never checks them', async () => {
    const build = (variant: string) => {
      const v = village({ variant });
      for (const d of ['2026-06-01', '2026-06-02', '2026-06-04']) meeting(v, { date: d, kind: 'daily-joint' });
      meeting(v, { date: '2026-06-03', kind: 'weekly-analysis' });
      return v;
    };
    const four = build('four-in-one');
    expect((await four.mem.scan(at('2026-06-05'))).sort()).toEqual(['no-daily-joint-meeting meeting-days:day:2026-06-03']);
    const later = (await four.mem.scan(at('2026-07-01'))).filter((h) => !h.includes('meeting-days'));
    expect(later.sort()).toEqual(['no-monthly-briefing meeting-months:month:2026-06', 'no-weekly-meeting meeting-weeks:week:2026-W24', 'no-weekly-meeting meeting-weeks:week:2026-W25', 'no-weekly-meeting meeting-weeks:week:2026-W26']);
    const withBriefing = build('four-in-one');
    meeting(withBriefing, { date: '2026-06-30', kind: 'monthly-briefing' });
    expect((await rulesHit(withBriefing.mem, '2026-07-01')).includes('no-monthly-briefing')).toBe(false);
    const three = build('three-in-one');
    expect((await rulesHit(three.mem, '2026-07-01')).filter((r) => r !== 'no-weekly-meeting')).toEqual([]);
  });

  it('expenditure without decision: just under, at, just over the threshold; 一事一议 at any amount', async () => {
    for (const [amountFen, oneMatter, expected] of [
      [L - 1, false, false],
      [L, false, true],
      [L + 1, false, true],
      [1, true, true],
    ] as const) {
      const v = steady();
      expenditure(v, { amountFen, oneMatter, paidOn: '2026-06-05' });
      expect((await rulesHit(v.mem, '2026-06-10')).includes('expenditure-without-decision')).toBe(expected);
    }
  });

  it('expenditure threshold comes from the village option', async () => {
    const v = steady({ largeExpenditureThresholdFen: 50_000 });
    expenditure(v, { amountFen: 50_000 });
    expect(await rulesHit(v.mem, '2026-06-10')).toContain('expenditure-without-decision');
  });

  it('a decision authorises only when valid (three parties, quorum) and taken on or before the day paid', async () => {
    const run = async (decisionValues: Record<string, unknown>, paidOn: string, meetingValues: Record<string, unknown> = {}) => {
      const v = steady();
      const m = meeting(v, { date: '2026-06-04', kind: 'ad-hoc', matter: '修路', ...meetingValues });
      const d = decision(v, m.id, decisionValues);
      publish(v, { item: 'decision', decision: d.id, publishedOn: '2026-06-05' });
      expenditure(v, { amountFen: L * 3, decision: d.id, paidOn });
      return (await rulesHit(v.mem, '2026-06-10')).includes('expenditure-without-decision');
    };
    expect(await run({}, '2026-06-04')).toBe(false); // paid the day of the meeting
    expect(await run({}, '2026-06-03')).toBe(true); // paid before the meeting decided
    expect(await run({ teamAgreement: 'abstain', dissent: '未表态' }, '2026-06-05')).toBe(true);
    // The branch speaks for both committees: with the committee away but the branch there, 7 of 10 is a quorum.
    expect(await run({}, '2026-06-05', { attendance: FULL.map((r) => ({ ...r, present: r.party === 'village-committee' ? 0 : r.present })) })).toBe(false);
    expect(await run({}, '2026-06-05', { attendance: FULL.map((r) => ({ ...r, present: r.party === 'police-office' ? 0 : r.present })) })).toBe(true);
  });

  it('decision without consensus: three agree is fine; any party objecting or silent is hit', async () => {
    for (const [values, expected] of [
      [{}, false],
      [{ policeAgreement: 'object', dissent: '警务室反对' }, true],
      [{ branchAgreement: 'abstain', dissent: '支部未表态' }, true],
    ] as const) {
      const v = steady();
      const m = meeting(v, { date: '2026-06-24', kind: 'ad-hoc', matter: '事项' });
      decision(v, m.id, values);
      expect((await rulesHit(v.mem, '2026-06-25')).includes('decision-without-consensus')).toBe(expected);
    }
  });

  it('a dissent must be recorded when a party does not agree', () => {
    const v = village();
    const m = meeting(v);
    expect(() => decision(v, m.id, { policeAgreement: 'object' })).toThrow(/dissent-recorded/);
  });

  it('quorum: 66% is under a 67% quorum, 67% and 68% are not; a party with nobody there is under quorum', async () => {
    const rows = (present: number, expected: number) => [
      { party: 'party-branch', expected: 1, present: 1 },
      { party: 'work-team', expected: 1, present: 1 },
      { party: 'police-office', expected: 1, present: 1 },
      { party: 'village-committee', expected: expected - 3, present: present - 3 },
    ];
    for (const [present, expected, hit] of [
      [66, 100, true],
      [67, 100, false],
      [68, 100, false],
    ] as const) {
      const v = steady();
      meeting(v, { date: '2026-06-24', kind: 'ad-hoc', matter: '事项', attendance: rows(present, expected) });
      expect((await rulesHit(v.mem, '2026-06-25')).includes('meeting-below-quorum')).toBe(hit);
    }
    const v = steady();
    meeting(v, { date: '2026-06-24', kind: 'ad-hoc', matter: '事项', attendance: FULL.map((r) => (r.party === 'police-office' ? { ...r, present: 0 } : r)) });
    expect(await rulesHit(v.mem, '2026-06-25')).toEqual(['meeting-below-quorum']);
  });

  it('quorum comes from the village option, and attendance cannot exceed the expected count', async () => {
    const v = steady({ quorumPercent: 95 });
    meeting(v, { date: '2026-06-24', kind: 'ad-hoc', matter: '事项', attendance: FULL.map((r) => (r.party === 'village-committee' ? { ...r, present: 2 } : r)) });
    expect(await rulesHit(v.mem, '2026-06-25')).toEqual(['meeting-below-quorum']); // 9/10
    expect(() => meeting(v, { attendance: [{ party: 'work-team', expected: 1, present: 2 }] })).toThrow(/attendance/);
  });

  it('minutes not signed: signed on day 3 is on time, day 4 is late; unsigned is judged from day 4', async () => {
    const run = async (values: Record<string, unknown>, day: string) => {
      const v = steady();
      meeting(v, { date: '2026-06-10', kind: 'ad-hoc', matter: '事项', ...values });
      return (await rulesHit(v.mem, day)).includes('minutes-not-signed');
    };
    expect(await run({ signedTeamOn: '2026-06-13' }, '2026-06-20')).toBe(false);
    expect(await run({ signedTeamOn: '2026-06-14' }, '2026-06-20')).toBe(true);
    expect(await run({ signedTeamOn: null }, '2026-06-13')).toBe(false);
    expect(await run({ signedTeamOn: null }, '2026-06-14')).toBe(true);
    expect(await run({ signedBranchOn: null, signedTeamOn: null }, '2026-06-14')).toBe(true);
  });

  it('the signing deadline can be overridden per village', async () => {
    const v = village({}, { 'minutes-not-signed': { signDays: 1 } });
    meeting(v, { date: '2026-06-02', signedTeamOn: '2026-06-04' });
    expect(await rulesHit(v.mem, '2026-06-05')).toEqual(['minutes-not-signed']);
  });

  it('not published: a valid decision published on day 7 is on time, day 8 is late; unpublished is judged from day 8', async () => {
    const run = async (publishedOn: string | null, day: string) => {
      const v = steady();
      const m = meeting(v, { date: '2026-06-10', kind: 'ad-hoc', matter: '事项' });
      const d = decision(v, m.id);
      if (publishedOn) publish(v, { item: 'decision', decision: d.id, publishedOn });
      return (await v.mem.scan(at(day))).filter((h) => h.startsWith('not-published')).map((h) => h.replace(`:${d.id}`, ':<id>'));
    };
    expect(await run('2026-06-17', '2026-06-25')).toEqual([]);
    expect(await run('2026-06-18', '2026-06-25')).toEqual(['not-published publication-due:decision:<id>']);
    expect(await run(null, '2026-06-17')).toEqual([]);
    expect(await run(null, '2026-06-18')).toEqual(['not-published publication-due:decision:<id>']);
  });

  it('not published: 一事一议 expenditures too, counted from the day paid; the window comes from the option', async () => {
    const run = async (publishedOn: string | null, options: Record<string, unknown> = {}) => {
      const v = steady(options);
      const m = meeting(v, { date: '2026-06-04', kind: 'ad-hoc', matter: '事项' });
      const d = decision(v, m.id);
      publish(v, { item: 'decision', decision: d.id, publishedOn: '2026-06-05' });
      const e = expenditure(v, { oneMatter: true, decision: d.id, paidOn: '2026-06-10' });
      if (publishedOn) publish(v, { item: 'expenditure', expenditure: e.id, publishedOn });
      return (await rulesHit(v.mem, '2026-06-30')).filter((r) => r === 'not-published').length;
    };
    expect(await run('2026-06-17')).toBe(0);
    expect(await run('2026-06-18')).toBe(1);
    expect(await run(null)).toBe(1);
    expect(await run('2026-06-20', { publishDays: 10 })).toBe(0);
  });

  it('an invalid decision is not due for publication (it does not bind)', async () => {
    const v = steady();
    const m = meeting(v, { date: '2026-06-04', kind: 'ad-hoc', matter: '事项' });
    decision(v, m.id, { policeAgreement: 'object', dissent: '反对' });
    expect(await rulesHit(v.mem, '2026-06-30')).toEqual(['decision-without-consensus']);
  });

  it('decision overdue: the deadline day itself is not overdue, the day after is; a report on or before the deadline clears it', async () => {
    const run = async (reports: unknown[], day: string) => {
      const v = steady();
      const m = meeting(v, { date: '2026-06-24', kind: 'ad-hoc', matter: '事项' });
      const d = decision(v, m.id, { deadline: '2026-06-26', executionReports: reports });
      publish(v, { item: 'decision', decision: d.id, publishedOn: '2026-06-25' });
      return (await rulesHit(v.mem, day)).includes('decision-overdue');
    };
    expect(await run([], '2026-06-26')).toBe(false);
    expect(await run([], '2026-06-27')).toBe(true);
    expect(await run([{ reportedOn: '2026-06-26', progress: '已完成', completed: true }], '2026-06-27')).toBe(false);
    expect(await run([{ reportedOn: '2026-06-27', progress: '补报', completed: true }], '2026-06-28')).toBe(true);
  });

  it('validation: ad-hoc meetings name their matter; roles belong to their party; publications name what they publish', () => {
    const v = village();
    expect(() => meeting(v, { kind: 'ad-hoc' })).toThrow(/ad-hoc-matter/);
    expect(() => v.mem.add('member', { name: '丁', party: 'village-committee', role: 'village-police' })).toThrow(/police-party/);
    expect(() => v.mem.add('member', { name: '丁', party: 'party-branch', role: 'team-leader' })).toThrow(/leader-party/);
    expect(() => publish(v, { item: 'decision', publishedOn: '2026-06-01' })).toThrow(/decision-named/);
    expect(() => meeting(v, { minutes: null })).toThrow(/signed-after-meeting/);
  });
});

describe('village-joint-meeting demo half-year', () => {
  const expected = ['decision-overdue', 'decision-without-consensus', 'expenditure-without-decision', 'meeting-below-quorum', 'minutes-not-signed', 'no-weekly-meeting', 'no-weekly-meeting', 'not-published'];

  it.each(['2026-07-01', '2026-11-22', '2026-11-23', '2027-01-03', '2028-02-29'])('seeded on %s: about 26 weeks, 60 decisions, 150 expenditures, exactly the planted hits', async (today) => {
    const mem = new MemoryPlugin(P, { variant: 'three-in-one' });
    await P.demoSeed!({ institutionId: 1, institutionCode: 'x', options: mem.options, today, createRecord: async (t, v) => mem.add(t, v), createPerson: noPeople });
    const count = (t: string) => mem.records.filter((r) => r.recordType === t).length;
    expect(count('member')).toBe(11);
    expect(count('meeting')).toBe(28); // 24 weekly + 4 ad hoc
    expect(count('decision')).toBe(60);
    expect(count('expenditure')).toBeGreaterThanOrEqual(140);
    expect(count('expenditure')).toBeLessThanOrEqual(160);
    const hits = (await mem.scan(at(today))).map((h) => h.split(' ')[0]).sort();
    expect(hits).toEqual(expected);
    expect(await mem.scan(at(today))).toEqual([]);
  });
});
