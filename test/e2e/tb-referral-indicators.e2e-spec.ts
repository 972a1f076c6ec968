import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

type Value = { id: string; value: number; target: number; numerator: number | null; denominator: number | null };

describe('tb-referral indicators: numerators, denominators and the records behind them, per institution and quarter', () => {
  let t: TestApp;
  let admin: ApiClient;
  let cdc: ApiClient;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    for (const code of ['district-cdc', 'district-tb-hospital', 'dongxi-township-hc', 'nanshan-township-hc', 'liuwan-village-clinic', 'taoyuan-village-clinic']) ids[code] = await t.institutionId(code);
    await t.createUser('tbi-root', [], { admin: true });
    admin = await t.login('tbi-root');
    cdc = await t.login('cdc-tb', DEMO_PASSWORD);
  }, 600_000);
  afterAll(() => t?.close());

  /** `[numerator, denominator]` per indicator (the cost indicator as `[value in fen, null]`). */
  const figures = async (code: string, period?: string) => {
    const res = await admin.get(`/api/indicators?institutionId=${ids[code]}${period ? `&period=${period}` : ''}`);
    expect(res.status).toBe(200);
    return Object.fromEntries(
      (res.body.indicators as Value[]).filter((i) => i.id.startsWith('tb-referral/')).map((i) => [i.id.slice('tb-referral/'.length), i.denominator === null ? [i.value, null] : [i.numerator, i.denominator]]),
    );
  };

  it('the demo year, district-wide (CDC): every indicator\'s exact numerator and denominator', async () => {
    // 400 referrals (10-pattern: 8 arrive within 7 days, 1 after tracking, 1 never); 120 treated (i % 10 in 0, 3, 6);
    // planted once per referring institution (6): i = 10 unreported, i = 13 a contact unscreened, i = 3 a village gap,
    // i = 6 a township month missed, i = 16 not on the free standard regimen, one suspect never referred; the 20
    // retreatment patients (i % 20 = 0: 4 per clinic, 2 per township) are suspected MDR-TB, Liuwan's i = 40 never sent.
    expect(await figures('district-cdc')).toEqual({
      'report-rate': [114, 120],
      'referral-rate': [400, 406],
      'referral-arrival': [320, 400],
      'overall-arrival': [360, 400],
      'tracking-arrival': [40, 80],
      'tracking-rate': [80, 80],
      'system-management': [114, 120],
      'visit-compliance': [108, 120],
      'sputum-exam': [256, 262],
      'contact-screening': [74, 80],
      'cure-rate': [20, 30],
      'free-standard-regimen': [114, 120],
      'mdr-specimen-sent': [19, 20],
      // The CDC has no expected-cases option: 未配置, no number.
      'new-smear-positive-detection': [null, null],
      'self-paid-per-month': [10326, null],
    });
  });

  it('新涂阳病人发现率 at the hospital (expects 80 a year) and 患者追踪率 at a township: exact figures', async () => {
    // New smear-positive = i % 10 in {0, 3} arrived and registered, less the retreatments (i % 20 = 0): 12 per clinic, 6 per township.
    expect(await figures('district-tb-hospital')).toMatchObject({ 'new-smear-positive-detection': [60, 80], 'tracking-rate': [80, 80] });
    // A quarter expects 80 / 4 = 20; treatment starts in 2026-Q1 give 16 (as the cure rate's 16 finished new smear-positives), 2026 gives 54 of 80.
    expect((await figures('district-tb-hospital', '2026-Q1'))['new-smear-positive-detection']).toEqual([16, 20]);
    expect((await figures('district-tb-hospital', '2026'))['new-smear-positive-detection']).toEqual([54, 80]);
    const res = (await admin.get(`/api/indicators?institutionId=${ids['district-cdc']}`)).body.indicators as (Value & { unavailable: unknown })[];
    expect(res.find((i) => i.id === 'tb-referral/new-smear-positive-detection')).toMatchObject({ value: null, numerator: null, denominator: null, unavailable: { zh: '未配置', en: 'Not configured' }, target: 70 });
    // Not arrived within 7 days = i % 10 in {8, 9}: Dongxi manages 200 referrals, 40 of them, every one tracked; 12 in 2026-Q1.
    expect((await figures('dongxi-township-hc'))['tracking-rate']).toEqual([40, 40]);
    expect((await figures('dongxi-township-hc', '2026-Q1'))['tracking-rate']).toEqual([12, 12]);
  });

  it('免费标准化疗率 and 耐多药可疑者送检率 at the hospital and a village clinic; the drill-down names the misses', async () => {
    // The hospital receives all 400 referrals: as the district. Liuwan: 24 patients, i = 16 not free; 4 suspected MDR-TB, i = 40 unsent.
    expect(await figures('district-tb-hospital')).toMatchObject({ 'free-standard-regimen': [114, 120], 'mdr-specimen-sent': [19, 20] });
    expect(await figures('liuwan-village-clinic')).toMatchObject({ 'free-standard-regimen': [23, 24], 'mdr-specimen-sent': [3, 4] });
    // Dongxi manages its own 40 referrals and its two clinics' 80 each: 60 patients, 10 suspected MDR-TB.
    expect(await figures('dongxi-township-hc')).toMatchObject({ 'free-standard-regimen': [57, 60], 'mdr-specimen-sent': [9, 10] });
    const misses = async (id: string) =>
      ((await admin.get(`/api/indicators/tb-referral/${id}/records?institutionId=${ids['district-tb-hospital']}`)).body.records as { ok: boolean; title: string }[]).filter((r) => !r.ok).map((r) => r.title).sort();
    expect(await misses('free-standard-regimen')).toEqual(['TB-DX-0017', 'TB-LW-0017', 'TB-ML-0017', 'TB-NS-0017', 'TB-SQ-0017', 'TB-TY-0017']);
    expect(await misses('mdr-specimen-sent')).toEqual(['TB-LW-0041']);
    const board = await admin.get(`/api/indicators?institutionId=${ids['district-tb-hospital']}`);
    expect((board.body.indicators as (Value & { label: { zh: string } })[]).filter((i) => ['tb-referral/free-standard-regimen', 'tb-referral/mdr-specimen-sent'].includes(i.id)).map((i) => [i.label.zh, i.value, i.target])).toEqual([
      ['免费标准化疗率', 95, 90],
      ['耐多药可疑者送检率', 95, 100],
    ]);
  });

  it('2026-Q1 (referral, first visit, treatment start or exam due in the quarter): district, a township and a village clinic', async () => {
    // Village clinics refer on day floor(i * 4.125) after 2025-11-27: i = 9..30 fall in Q1 (22 each); townships
    // (every 8.25 days) i = 5..15 (11 each). So 110 referrals: 86 arrive within 7 days, 96 at all, 10 of 24 tracked.
    expect(await figures('district-cdc', '2026-Q1')).toEqual({
      'report-rate': [28, 34],
      'referral-rate': [110, 110],
      'referral-arrival': [86, 110],
      'overall-arrival': [96, 110],
      'tracking-arrival': [10, 24],
      'tracking-rate': [24, 24],
      'system-management': [28, 30],
      'visit-compliance': [28, 30],
      'sputum-exam': [26, 26],
      'contact-screening': [14, 20],
      'cure-rate': [16, 16],
      // i = 16 starts treatment on 2026-02-05 at each clinic (a township's i = 16 in Q2); the suspected MDR-TB referred
      // in Q1 are the clinics' i = 20 (Liuwan's unsent i = 40 falls in Q2).
      'free-standard-regimen': [26, 30],
      'mdr-specimen-sent': [4, 4],
      'new-smear-positive-detection': [null, null],
      'self-paid-per-month': [10278, null],
    });
    // Dongxi manages its own 11 and its two clinics' 22 each.
    expect(await figures('dongxi-township-hc', '2026-Q1')).toMatchObject({ 'report-rate': [14, 17], 'referral-arrival': [43, 55], 'overall-arrival': [48, 55], 'tracking-arrival': [5, 12], 'contact-screening': [7, 10] });
    expect(await figures('liuwan-village-clinic', '2026-Q1')).toMatchObject({ 'referral-rate': [22, 22], 'referral-arrival': [17, 22], 'overall-arrival': [19, 22], 'tracking-arrival': [2, 5], 'free-standard-regimen': [5, 6], 'mdr-specimen-sent': [1, 1] });
  });

  it('the calendar years 2025 and 2026 split the demo year exactly', async () => {
    const all = await figures('district-cdc');
    const [y25, y26] = [await figures('district-cdc', '2025'), await figures('district-cdc', '2026')];
    for (const id of ['report-rate', 'referral-rate', 'referral-arrival', 'overall-arrival', 'tracking-arrival', 'system-management', 'visit-compliance', 'sputum-exam', 'contact-screening', 'cure-rate', 'free-standard-regimen', 'mdr-specimen-sent']) {
      expect([(y25[id][0] as number) + (y26[id][0] as number), (y25[id][1] as number) + (y26[id][1] as number)]).toEqual(all[id]);
    }
    expect(y26['referral-arrival']).toEqual([278, 354]);
  });

  it('the drill-down lists exactly the denominator\'s records, the numerator\'s marked', async () => {
    const q1 = (await admin.get(`/api/indicators?institutionId=${ids['district-cdc']}&period=2026-Q1`)).body.indicators as Value[];
    // The detection rate's denominator is the expected number of cases, not records: its drill-down lists the numerator's.
    for (const ind of q1.filter((i) => i.id.startsWith('tb-referral/') && i.denominator !== null && i.id !== 'tb-referral/new-smear-positive-detection')) {
      const d = await admin.get(`/api/indicators/${ind.id}/records?institutionId=${ids['district-cdc']}&period=2026-Q1`);
      expect(d.status).toBe(200);
      expect(d.body.records).toHaveLength(ind.denominator!);
      expect(d.body.records.filter((r: { ok: boolean }) => r.ok)).toHaveLength(ind.numerator!);
    }
    const report = (await admin.get(`/api/indicators/tb-referral/report-rate/records?institutionId=${ids['district-cdc']}&period=2026-Q1`)).body;
    expect(report).toMatchObject({ numerator: 28, denominator: 34, value: 82.4, target: 100, period: '2026-Q1' });
    expect(report.records.filter((r: { ok: boolean }) => !r.ok).map((r: { title: string }) => r.title).sort()).toEqual(['TB-DX-0011', 'TB-LW-0011', 'TB-ML-0011', 'TB-NS-0011', 'TB-SQ-0011', 'TB-TY-0011']);
    const contacts = (await admin.get(`/api/indicators/tb-referral/contact-screening/records?institutionId=${ids['district-cdc']}&period=2026-Q1`)).body;
    expect(contacts.records.filter((r: { ok: boolean }) => !r.ok).map((r: { title: string }) => r.title).sort()).toEqual(['TB-DX-0014', 'TB-LW-0014', 'TB-ML-0014', 'TB-NS-0014', 'TB-SQ-0014', 'TB-TY-0014']);
    expect((await admin.get(`/api/indicators/tb-referral/no-such/records?institutionId=${ids['district-cdc']}`)).status).toBe(404);
    expect((await admin.get(`/api/indicators?institutionId=${ids['district-cdc']}&period=2026-Q5`)).status).toBe(400);
  });

  it('the CDC district board charts each indicator per institution against its target and drills down to the records', async () => {
    const board = await cdc.get('/indicators?plugin=tb-referral&period=2026-Q1');
    expect(board.status).toBe(200);
    expect(board.text).toContain('病人报告率');
    expect(board.text.match(/data-testid="indicator-chart"/g)).toHaveLength(15);
    // The CDC sees all 8 institutions of the network: 8 bars per chart.
    const first = board.text.slice(board.text.indexOf('data-testid="indicator-chart"'), board.text.indexOf('</svg>'));
    expect(first.match(/<rect /g)).toHaveLength(8);
    expect(first).toContain('class="ind-target"');
    expect(board.text).not.toContain('<script>');
    const drill = await cdc.get(`/indicators/tb-referral/report-rate?institutionId=${ids['district-cdc']}&period=2026-Q1`);
    expect(drill.status).toBe(200);
    expect(drill.text).toContain('<td>28</td><td>34</td><td>82.4%</td>');
    expect(drill.text.match(/<tr class=/g)).toHaveLength(34);
    expect(drill.text).toContain('TB-LW-0011');
  });

  it('a township\'s assessment item on a TB indicator reads the board\'s numerator and denominator (network scope, not own records)', async () => {
    await t.createUser('tbi-officer', [{ institution: 'dongxi-township-hc', role: 'discipline-officer' }]);
    const officer = await t.login('tbi-officer');
    const people = (await admin.get(`/api/institutions/${ids['dongxi-township-hc']}/people`)).body as { id: number }[];
    const scheme = await officer.post('/api/assessment/schemes', {
      name: '2026年度结核病防治工作考核',
      period: '2026',
      items: [
        { area: '结核病防治', name: '转诊到位率（插件指标）', maxPoints: 40, method: 'indicator', pluginId: 'tb-referral', indicatorId: 'referral-arrival' },
        { area: '结核病防治', name: '患者追踪率（插件指标）', maxPoints: 20, method: 'indicator', pluginId: 'tb-referral', indicatorId: 'tracking-rate' },
        { area: '其他', name: '日常工作', maxPoints: 40, method: 'manual' },
      ],
      subjects: [{ kind: 'person', id: people[0].id }],
    });
    expect(scheme.status).toBe(201);
    const results = await officer.get(`/api/assessment/schemes/${scheme.body.id}/results`);
    expect(results.status).toBe(200);
    const items = results.body.results[0].items as { indicator?: { value: number; numerator: number; denominator: number } }[];
    const board = Object.fromEntries(((await admin.get(`/api/indicators?institutionId=${ids['dongxi-township-hc']}`)).body.indicators as Value[]).map((i) => [i.id, i]));
    // Dongxi manages 200 referrals (its own 40 and its two clinics' 160): 160 arrive within 7 days; 40 late, all tracked.
    expect(items[0].indicator).toMatchObject({ numerator: 160, denominator: 200, value: 80 });
    expect(items[0].indicator).toMatchObject({ numerator: board['tb-referral/referral-arrival'].numerator, denominator: board['tb-referral/referral-arrival'].denominator, value: board['tb-referral/referral-arrival'].value });
    expect(items[1].indicator).toMatchObject({ numerator: 40, denominator: 40, value: 100 });
  });

  it('a village clinic cannot drill into another institution', async () => {
    const village = await t.login('taoyuan-doctor', DEMO_PASSWORD);
    expect((await village.get(`/api/indicators/tb-referral/report-rate/records?institutionId=${ids['district-cdc']}`)).status).toBe(404);
    expect((await village.get(`/indicators/tb-referral/report-rate?institutionId=${ids['liuwan-village-clinic']}`)).status).toBe(404);
  });
});
