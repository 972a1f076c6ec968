import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { RulesService } from '../../core/rules/rules.service';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/tb-referral/records';

describe('tb-referral plugin on the demo TB network (real server, real database, demo year)', () => {
  let t: TestApp;
  let admin: ApiClient;
  let hospital: ApiClient;
  let taoyuan: ApiClient;
  let dongxi: ApiClient;
  let officer: ApiClient;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    // Townships and the hospital read referrals made by clinics seeded after them: one more scan sees the whole network.
    await t.app.get(RulesService).scanAll();
    for (const code of ['district-cdc', 'district-tb-hospital', 'dongxi-township-hc', 'nanshan-township-hc', 'liuwan-village-clinic', 'taoyuan-village-clinic', 'meilin-village-clinic', 'shiqiao-village-clinic']) ids[code] = await t.institutionId(code);
    await t.createUser('tb-root', [], { admin: true });
    await t.createUser('tb-officer', [{ institution: 'taoyuan-village-clinic', role: 'discipline-officer' }]);
    admin = await t.login('tb-root');
    hospital = await t.login('tbh-doctor', DEMO_PASSWORD);
    taoyuan = await t.login('taoyuan-doctor', DEMO_PASSWORD);
    dongxi = await t.login('dongxi-doctor', DEMO_PASSWORD);
    officer = await t.login('tb-officer');
  }, 600_000);
  afterAll(() => t?.close());

  const hits = async (code: string) => ((await admin.get(`/api/rule-hits?institutionId=${ids[code]}&pageSize=200`)).body.items as { ruleId: string }[]).filter((h) => h.ruleId.startsWith('tb-referral/'));
  const count = (list: { ruleId: string }[]) => {
    const out: Record<string, number> = {};
    for (const h of list) out[h.ruleId.slice('tb-referral/'.length)] = (out[h.ruleId.slice('tb-referral/'.length)] ?? 0) + 1;
    return out;
  };

  const indicators = async (code: string) =>
    Object.fromEntries(((await admin.get(`/api/indicators?institutionId=${ids[code]}`)).body.indicators as { id: string; value: number; target: number }[]).filter((i) => i.id.startsWith('tb-referral/')).map((i) => [i.id.slice('tb-referral/'.length), [i.value, i.target]]));

  it('loads 400 referrals (80 per village clinic, 40 per township) and 120 treated patients', async () => {
    const all = await admin.get(`${P}/tb-referral?pageSize=1`);
    expect(all.body.total).toBe(400);
    // Plus one suspect per referring institution who was never referred (the referral rate's planted miss).
    const persons = await admin.get(`${P}/tb-person?pageSize=1`);
    expect(persons.body.total).toBe(406);
  });

  it('raises exactly the planted hits, each at the institution responsible', async () => {
    const village = { 'referral-not-arrived': 16, 'village-visit-gap': 1 };
    const township = { 'referral-not-arrived': 8, 'village-visit-gap': 1, 'tracking-not-arrived': 20, 'township-visit-missing': 3 };
    expect(count(await hits('district-cdc'))).toEqual({ 'supervision-missing': 1 });
    expect(count(await hits('district-tb-hospital'))).toEqual({ 'self-paid-over-limit': 6, 'sputum-overdue': 6 });
    expect(count(await hits('dongxi-township-hc'))).toEqual({ ...township, 'supervision-missing': 1 });
    expect(count(await hits('nanshan-township-hc'))).toEqual(township);
    for (const code of ['liuwan-village-clinic', 'taoyuan-village-clinic', 'meilin-village-clinic', 'shiqiao-village-clinic']) expect(count(await hits(code))).toEqual(village);
  });

  it('computes every indicator from live data against the 000 第五篇 targets', async () => {
    // District: 8 of 10 arrive within 7 days, 9 of 10 at all, 1 of 2 tracked arrives; 6 of 120 patients miss a township
    // month; 6 month-5 exams missing of 260 due; 4 of 6 finished new smear-positive patients per source are cured.
    // 6 of 120 confirmed patients unreported; 6 of 406 suspects never referred; 12 of 120 patients miss a visit cadence;
    // 6 of 80 smear-positive patients leave a close contact unscreened; 6 of 120 patients are not on the free standard
    // regimen; 1 of 20 suspected MDR-TB patients (Liuwan's) has no specimen sent.
    const district = { 'report-rate': [95, 100], 'referral-rate': [98.5, 100], 'visit-compliance': [90, 95], 'contact-screening': [92.5, 85], 'referral-arrival': [80, 85], 'overall-arrival': [90, 90], 'system-management': [95, 95], 'sputum-exam': [97.7, 90], 'cure-rate': [66.7, 85], 'self-paid-per-month': [10326, 15000], 'tracking-rate': [100, 100], 'new-smear-positive-detection': [null, 70], 'free-standard-regimen': [95, 90], 'mdr-specimen-sent': [95, 100] };
    expect(await indicators('district-cdc')).toEqual({ ...district, 'tracking-arrival': [50, 85] });
    // The hospital refers no suspects itself: 0 of 0 is no data (null), never 100%.
    expect(await indicators('district-tb-hospital')).toEqual({ ...district, 'referral-rate': [null, 100], 'tracking-arrival': [50, 85], 'new-smear-positive-detection': [75, 70] });
    expect(await indicators('dongxi-township-hc')).toEqual({ ...district, 'tracking-arrival': [50, 95], 'mdr-specimen-sent': [90, 100] });
    expect(await indicators('liuwan-village-clinic')).toEqual({ ...district, 'system-management': [95.8, 95], 'sputum-exam': [98.1, 90], 'self-paid-per-month': [10322, 15000], 'tracking-arrival': [50, 85], 'report-rate': [95.8, 100], 'referral-rate': [98.8, 100], 'visit-compliance': [91.7, 95], 'contact-screening': [93.8, 85], 'free-standard-regimen': [95.8, 90], 'mdr-specimen-sent': [75, 100] });
  });

  it('isolation: a village clinic sees only its own patients; another clinic\'s record answers 404', async () => {
    const mine = await taoyuan.get(`${P}/tb-referral?pageSize=200`);
    expect(mine.body.total).toBe(80);
    expect(mine.body.items.every((r: { institutionId: number }) => r.institutionId === ids['taoyuan-village-clinic'])).toBe(true);
    const theirs = await admin.get(`${P}/tb-referral?institutionId=${ids['liuwan-village-clinic']}&pageSize=1`);
    expect((await taoyuan.get(`/api/records/${theirs.body.items[0].id}`)).status).toBe(404);
    expect((await taoyuan.get(`${P}/tb-person?pageSize=1`)).body.total).toBe(81);
  });

  it('the township sees the referrals it manages (its clinics and its own), never the other township\'s', async () => {
    expect((await dongxi.get(`${P}/tb-referral?pageSize=1`)).body.total).toBe(200);
    const nanshan = await admin.get(`${P}/tb-referral?institutionId=${ids['meilin-village-clinic']}&pageSize=1`);
    expect((await dongxi.get(`/api/records/${nanshan.body.items[0].id}`)).status).toBe(404);
  });

  it('the hospital receives every referral addressed to it and records arrival, but cannot rewrite the referral', async () => {
    expect((await hospital.get(`${P}/tb-referral?institutionId=${ids['district-tb-hospital']}&pageSize=1`)).body.total).toBe(400);
    const list = (await taoyuan.get(`${P}/tb-referral?pageSize=200`)).body.items as { id: number; values: Record<string, unknown> }[];
    const missing = list.find((r) => !r.values.arrivalDate)!;
    const ok = await hospital.patch(`/api/records/${missing.id}`, { arrivalDate: '2026-11-20' });
    expect(ok.status).toBe(200);
    expect(ok.body.values.arrivalDate).toBe('2026-11-20');
    const denied = await hospital.patch(`/api/records/${missing.id}`, { referringDoctor: '改写' });
    expect(denied.status).toBe(400);
    expect(denied.body.details[0]).toMatchObject({ field: 'referringDoctor' });
    // The referenced person is visible to the hospital (read-only) through the referral.
    expect((await hospital.get(`/api/records/${missing.values.person}`)).status).toBe(200);
    expect((await hospital.patch(`/api/records/${missing.values.person}`, { village: 'X' })).status).toBe(400);
  });

  it('the generic screen URL of the arrivals queue redirects to its check-in page', async () => {
    const res = await hospital.get('/p/tb-referral/arrivals');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/check-in/tb-referral/arrivals');
  });

  it('identifying fields are encrypted at rest; the clinic\'s health staff see them, the discipline officer sees pseudonyms', async () => {
    const doctorView = (await taoyuan.get(`${P}/tb-person?pageSize=1`)).body.items[0];
    expect(doctorView.values.idNumber).toMatch(/^[0-9]{17}[0-9X]$/);
    const officerView = (await officer.get(`/api/records/${doctorView.id}`)).body;
    expect(officerView.values.idNumber).toMatch(/^P-[0-9A-F]{10}$/);
    expect(officerView.values.name).toMatch(/^P-[0-9A-F]{10}$/);
    const stored = await t.db.read((m) => m.query(`SELECT data FROM plugin_records WHERE id = ${doctorView.id}`));
    expect(stored[0].data).not.toContain(doctorView.values.idNumber);
    expect(stored[0].data).not.toContain(doctorView.values.name);
  });

  it('rejects an ID number with a wrong check digit', async () => {
    const good = (await taoyuan.get(`${P}/tb-person?pageSize=1`)).body.items[0].values.idNumber as string;
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await taoyuan.post(`${P}/tb-person`, { name: '测试', sex: 'm', birthDate: '1980-01-01', idNumber: bad });
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('idNumber');
  });

  it('a township finds the referrals addressed to it across its network in SQL, as the whole network filtered by hand', async () => {
    for (const code of ['dongxi-township-hc', 'district-tb-hospital']) {
      const field = code === 'district-tb-hospital' ? 'toHospital' : 'township';
      await t.db.read(async (m) => {
        const ctx = t.app.get(RulesService).context(m, ids[code], 'tb-referral', t.host.optionsFor(code, 'tb-referral'), new Date('2026-11-22T03:00:00Z'));
        const network = await ctx.records.list('tb-referral', { scope: 'network' });
        const want = network.filter((r) => r.values[field] === code).map((r) => r.id);
        expect(want.length).toBeGreaterThan(50);
        expect((await ctx.records.find!('tb-referral', { equal: { [field]: code } }, { scope: 'network' })).map((r) => r.id)).toEqual(want);
        const paged: number[] = [];
        for await (const page of ctx.records.pages!('tb-referral', { equal: { [field]: code } }, { scope: 'network' })) paged.push(...page.map((r) => r.id));
        expect(paged).toEqual(want);
        // Its own records alone are fewer: the clinics' referrals are theirs.
        expect((await ctx.records.find!('tb-referral', { equal: { [field]: code } })).length).toBeLessThan(want.length);
      });
    }
  });
});
