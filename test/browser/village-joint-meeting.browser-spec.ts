import * as path from 'node:path';
import { Clock } from '../../core/clock/clock';
import { RecordsService } from '../../core/records/records.service';
import { RulesService } from '../../core/rules/rules.service';
import { villageJointMeetingPlugin as P } from '../../plugins/village-joint-meeting/village-joint-meeting.plugin';
import { clickAndWait, launchBrowser, loginViaForm, open, screenshot, setValue, TestBrowser, textOf } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';
import { noPeople } from '../support/plugin-memory';

const R = '/api/plugins/village-joint-meeting/records';

describe('village joint meeting minutes editor on a phone', () => {
  let t: TestApp;
  let b: TestBrowser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', 'fixtures', 'vjm-config'), plugins: [P] });
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    await t.createUser('vjmb-secretary', [{ institution: 'qingshi-village', role: 'head' }]);
    const api = await t.login('vjmb-secretary');
    for (const [name, party, role] of [
      ['黄立新', 'party-branch', 'branch-secretary'],
      ['高文斌', 'work-team', 'team-leader'],
      ['何丽娟', 'work-team', 'team-member'],
    ]) {
      const res = await api.post(`${R}/member`, { name, party, role });
      if (res.status !== 201) throw new Error(res.text);
      ids[name] = String(res.body.id);
    }
    b = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('takes attendance by party, then agenda items, then signatures, and saves the meeting', async () => {
    const page = await b.newPage();
    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await loginViaForm(page, t.url, 'vjmb-secretary');
    await open(page, `${t.url}/p/village-joint-meeting/new-meeting`);
    await page.type('input[name=title]', '联席会议例会（2026-W27）');
    await page.select('select[name=kind]', 'ad-hoc');
    // An ad-hoc meeting must name its matter: the form says so as you go.
    expect(await page.$eval('[data-live-for=matter]', (el) => (el.hasAttribute('hidden') ? null : el.textContent))).toBe('临时会议须写明所议重大事项');
    await page.select('select[name=kind]', 'weekly-regular');
    await setValue(page, 'input[name=date]', '2026-06-30');
    await page.type('input[name=place]', '青石村党群服务中心会议室');
    await page.select('select[name=convenerBranch]', ids['黄立新']);
    await page.select('select[name=convenerTeam]', ids['高文斌']);
    const parties = ['party-branch', 'village-committee', 'work-team'];
    for (const [i, party] of parties.entries()) {
      await page.select(`select[name="attendance.${i}.party"]`, party);
      await page.type(`input[name="attendance.${i}.expected"]`, '3');
      await page.type(`input[name="attendance.${i}.present"]`, i === 1 ? '2' : '3');
    }
    await page.type('input[name="attendance.1.absentees"]', '吴德胜（病假）');
    await page.select('select[name=recorder]', ids['何丽娟']);
    await page.select('select[name="agenda.0.kind"]', 'last-week-review');
    await page.type('input[name="agenda.0.topic"]', '总结上周工作');
    await page.select('select[name="agenda.1.kind"]', 'funds');
    await page.type('input[name="agenda.1.topic"]', '研究南干渠修缮资金');
    await page.type('textarea[name=minutes]', '会议同意修缮南干渠。');
    await setValue(page, 'input[name=signedBranchOn]', '2026-06-30');
    await setValue(page, 'input[name=signedTeamOn]', '2026-07-01');
    await screenshot(page, 'vjm-phone-form');
    // The page fits the phone: nothing but the row tables scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const saved = await clickAndWait(page, 'form.record-form button[type=submit]');
    expect(saved?.status()).toBe(200);
    expect(page.url()).toContain('/p/village-joint-meeting/meetings');
    await screenshot(page, 'vjm-phone-register');
    const row = await page.$$eval('tr[data-record-id]', (rows) => rows.map((r) => r.textContent ?? '').find((x) => x.includes('联席会议例会（2026-W27）')) ?? '');
    expect(row).toContain('每周例会');
    const api = await t.login('vjmb-secretary');
    const stored = (await api.get(`${R}/meeting?pageSize=1`)).body.items[0].values;
    expect(stored.attendance).toEqual([
      { party: 'party-branch', expected: 3, present: 3 },
      { party: 'village-committee', expected: 3, present: 2, absentees: '吴德胜（病假）' },
      { party: 'work-team', expected: 3, present: 3 },
    ]);
    expect(stored.agenda.map((a: { kind: string }) => a.kind)).toEqual(['last-week-review', 'funds']);
  });

  it('villagers read the 村务公开栏 on a phone with no login', async () => {
    const api = await t.login('vjmb-secretary');
    const meeting = (await api.get(`${R}/meeting?pageSize=1`)).body.items[0];
    const d = await api.post(`${R}/decision`, { content: '同意修缮南干渠', meeting: meeting.id, agendaKind: 'funds', branchAgreement: 'agree', teamAgreement: 'agree', policeAgreement: 'agree', responsible: '黄立新', deadline: '2026-07-31' });
    await api.post(`${R}/publication`, { title: '南干渠修缮决议', item: 'decision', decision: d.body.id, publishedOn: '2026-07-01', place: '村务公开栏', days: 10 });
    const page = await b.newPage();
    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await open(page, `${t.url}/public/qingshi-village/village-joint-meeting/board`);
    await screenshot(page, 'vjm-phone-board');
    expect(await page.$eval('main', (m) => m.textContent ?? '')).toContain('同意修缮南干渠');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

describe('township view across its villages (shipped config), on a desk and on a phone', () => {
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config') });
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    // Only this plugin's demo, in the township's villages, as the CLI seeds it.
    const records = t.app.get(RecordsService);
    for (const code of ['qingshi-village', 'shuikou-village']) {
      const id = await t.institutionId(code);
      await P.demoSeed!({ institutionId: id, institutionCode: code, institutionType: 'village', options: t.host.optionsFor(code, P.id), today: t.app.get(Clock).today(), createRecord: (type, values) => records.create(null, id, P.id, type, values, { skipRules: true }), createPerson: noPeople });
      await t.app.get(RulesService).scan(id);
    }
    await t.createUser('vjmb-township', [{ institution: 'dongxi-township', role: 'discipline-officer', includeDescendants: true }]);
    b = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('lists both villages with their figures, fits a phone, and a village name opens that village read-only', async () => {
    const page = await b.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await loginViaForm(page, t.url, 'vjmb-township');
    await open(page, `${t.url}/p/village-joint-meeting/township`);
    await screenshot(page, 'vjm-township-desk');
    const rows = await page.$$eval('section.dashboard-panel tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td.textContent ?? '').trim())));
    expect(rows).toEqual([
      ['青石村', '24/26', '1', '15,000.00 元', '1', '8'],
      ['水口村', '6/8', '2', '19,300.00 元', '1', '5'],
    ]);
    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await open(page, `${t.url}/p/village-joint-meeting/township`);
    await screenshot(page, 'vjm-township-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const switcher = () => page.$eval('[data-testid=institution-switcher]', (s) => (s as HTMLSelectElement).selectedOptions[0].textContent);
    const before = await switcher();
    await clickAndWait(page, 'section.dashboard-panel tbody tr:nth-child(2) td:first-child a');
    expect(page.url()).toContain('/p/village-joint-meeting/dashboard?at=');
    expect(await page.$eval('main', (m) => m.textContent ?? '')).toContain('会议日历（按周）');
    expect(await textOf(page, '[data-testid=viewing-unit]')).toBe('只读查看：示范县东溪镇水口村（当前单位未切换） 返回');
    await screenshot(page, 'vjm-township-drill-down');
    // The session stayed at the township: its view answers again, from the banner's link and from Back.
    expect(await switcher()).toBe(before);
    await clickAndWait(page, '[data-testid=viewing-unit] a');
    expect(new URL(page.url()).pathname).toBe('/p/village-joint-meeting/township');
    await page.goBack({ waitUntil: 'load' });
    await page.goBack({ waitUntil: 'load' });
    expect(new URL(page.url()).pathname).toBe('/p/village-joint-meeting/township');
    // Reloaded (not from the back-forward cache), it still answers: it used to be 404 after a drill-down switched the session.
    expect((await page.reload({ waitUntil: 'load' }))?.status()).toBe(200);
  });
});

