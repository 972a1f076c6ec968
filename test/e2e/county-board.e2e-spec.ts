/**
 * The county board (issue #22 item 2) on the SHIPPED configuration and demo: county-jijian sees every unit below
 * 示范县纪委监委, and every figure of every unit opens a list whose count is that figure; the drill-down keeps the
 * session's institution; a unit's officer sees his own unit only; staff are refused.
 */
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { seedAssessmentDemo } from '../../core/assessment/assessment-demo.seed';
import { seedRiskDemo } from '../../core/risk/risk-demo.seed';
import { seedWarningDemo } from '../../core/warning/warning-demo.seed';
import { Clock } from '../../core/clock/clock';
import type { CountyBoard } from '../../core/oversight/county-board.service';
import { SelfCheckService } from '../../core/risk/self-check.service';
import { shippedBelow } from '../support/shipped-config';
import { answerText, ApiClient, HttpResult, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(300_000);

const MISSING_ID = 987654321;
/** The count a list screen shows: the warning board's and the risk point list's data-total. */
const listTotal = (html: string): number => {
  const m = html.match(/data-total="(\d+)"/);
  if (!m) throw new Error('no data-total on the list');
  return Number(m[1]);
};

describe('county board: figures that match their lists (shipped configuration)', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  const clients: Record<string, ApiClient> = {};
  let board: CountyBoard;
  const masked = (res: HttpResult, id: number) => `${res.status} ${answerText(res).replace(new RegExp(`(?<![0-9%])${id}(?![0-9])`, 'g'), ':id')}`;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo+plugins' });
    // The rest of the shipped demo, as `start --demo` seeds it (apps/cli/cli.ts).
    await seedRiskDemo(t.app, 'county-hospital');
    await seedWarningDemo(t.app, { institutionCode: 'county-hospital' });
    await seedAssessmentDemo(t.app, 'county-hospital');
    for (const code of ['demo-county', 'county-hospital', 'county-tax-bureau', 'dongxi-township', 'qingshi-village', 'shuikou-village']) ids[code] = await t.institutionId(code);
    for (const u of ['county-jijian', 'hosp-jijian', 'hosp-buyer']) clients[u] = await t.login(u, DEMO_PASSWORD);
    const res = await clients['county-jijian'].get('/api/county/board');
    expect(res.status).toBe(200);
    board = res.body;
  }, 300_000);
  afterAll(() => t?.close());

  it('lists every unit below the county, villages under their township, for the current year and quarter', () => {
    const known: [string, number][] = [
      ['示范县人民医院', 0],
      ['示范县税务局', 0],
      ['示范县东溪镇', 0],
      ['示范县东溪镇青石村', 1],
      ['示范县东溪镇水口村', 1],
    ];
    // The demo's own units in this order (villages under their township), among them any a plugin's demo adds below the county.
    expect(board.units.map((u) => [u.name, u.depth]).filter(([name]) => known.some(([k]) => k === name))).toEqual(known);
    // Every unit the configuration puts below the county, each once, at its depth.
    const byName = (a: [string, number], b: [string, number]) => a[0].localeCompare(b[0]);
    expect(board.units.map((u): [string, number] => [u.name, u.depth]).sort(byName)).toEqual(shippedBelow('demo-county').map((i): [string, number] => [i.name, i.depth]).sort(byName));
    expect(board.period).toMatchObject({ year: 2026, quarter: 3, from: '2026-07-01', to: '2026-09-30' });
    // The county's palette (003-p5) names its levels; every level has a column.
    expect(board.colours.length).toBeGreaterThanOrEqual(3);
  });

  it('every figure of every unit opens a list with exactly that count', async () => {
    const county = clients['county-jijian'];
    let checked = 0;
    for (const u of board.units) {
      expect(Object.keys(u.figures).sort()).toEqual(['assignments-overdue', 'clues', 'grade-1', 'grade-2', 'grade-3', 'identifying', 'overdue', 'rule-clues', 'rule-hits', 'self-checks-overdue', ...board.colours.map((c) => `level-${c.colour}`)].sort());
      for (const [key, f] of Object.entries(u.figures)) {
        const list = await county.get(f.href);
        expect(`${u.name} ${key} ${list.status}`).toBe(`${u.name} ${key} 200`);
        expect(`${u.name} ${key} ${listTotal(list.text)}`).toBe(`${u.name} ${key} ${f.count}`);
        checked++;
      }
    }
    expect(checked).toBe(board.units.length * (10 + board.colours.length));
    const overdue = await county.get(board.overdue.href);
    expect(listTotal(overdue.text)).toBe(board.overdue.total);
  });

  it('the figures are not all zero: the demo’s rule-hit clues, risk points and warnings show', () => {
    const unit = (name: string) => board.units.find((u) => u.name === name)!;
    // The planted hits of the village demo (test/e2e/oversight.e2e-spec.ts): 8 in 青石村, 5 in 水口村.
    expect([unit('示范县东溪镇青石村').figures['rule-clues'].count, unit('示范县东溪镇水口村').figures['rule-clues'].count]).toEqual([8, 5]);
    const hospital = unit('示范县人民医院');
    expect(hospital.figures['grade-1'].count + hospital.figures['grade-2'].count + hospital.figures['grade-3'].count).toBeGreaterThan(0);
    expect(board.units.reduce((s, u) => s + board.colours.reduce((n, c) => n + u.figures[`level-${c.colour}`].count, 0), 0)).toBeGreaterThan(0);
  });

  it('rule hits (模型命中): each unit’s figure opens its rule-hit list of the period, read from above; the JSON agrees', async () => {
    const county = clients['county-jijian'];
    const unit = (code: string) => board.units.find((u) => u.id === ids[code])!;
    for (const u of board.units) {
      const f = u.figures['rule-hits'];
      expect(f.count).toBe(u.ruleHits);
      expect(f.href).toBe(`/warning/rule-hits?institutionId=${u.id}&period=2026-Q3`);
      const api = await county.get(f.href.replace('/warning/', '/api/warning/'));
      expect(`${u.name} ${api.status} ${api.body.total}`).toBe(`${u.name} 200 ${f.count}`);
    }
    // The demo's planted hits: the figure is not only zero, and each row says what the rule saw, in words.
    expect([unit('qingshi-village').figures['rule-hits'].count, unit('shuikou-village').figures['rule-hits'].count].every((n) => n >= 5)).toBe(true);
    const list = await county.get(unit('qingshi-village').figures['rule-hits'].href);
    expect(list.text).toContain('<h1>示范县东溪镇青石村 · 模型命中</h1>');
    const rows = [...list.text.matchAll(/<tr data-hit-id="(\d+)"[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    expect(rows.length).toBe(Math.min(50, unit('qingshi-village').figures['rule-hits'].count));
    for (const row of rows) {
      expect(row).toMatch(/data-label="命中时间">2026-0[7-9]-\d\d \d\d:\d\d</);
      expect(row).toMatch(/href="\/warning\/clues\/\d+" data-testid="hit-clue"/);
      // What a reader sees: no rule id, subject key, money in 分 or UTC instant.
      expect(row.replace(/<[^>]+>/g, ' ')).not.toMatch(/village-joint-meeting|record:|[0-9] ?分|T\d\d:\d\d|Z\b/);
    }
    expect(rows.some((r) => r.includes('<li>'))).toBe(true);
    // Newest first.
    const at = (await county.get(`/api/warning/rule-hits?institutionId=${ids['qingshi-village']}&pageSize=200`)).body.items.map((h: { at: string }) => h.at);
    expect(at).toEqual([...at].sort().reverse());
    // The session's institution stays the county.
    expect((await county.get('/api/me')).body.currentInstitutionId).toBe(ids['demo-county']);
    // One unit's page: the figure in its list, and each model's bar linked to the unit's list of that model.
    const page = await county.get(`/county/units/${ids['qingshi-village']}`);
    const bars = [...page.text.matchAll(/<a href="([^"]+)" class="county-rule-bar" data-count="(\d+)">/g)].map((m) => ({ href: m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '='), count: Number(m[2]) }));
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.reduce((s, b) => s + b.count, 0)).toBe(unit('qingshi-village').figures['rule-hits'].count);
    for (const b of bars) {
      expect(b.href).toMatch(new RegExp(`^/warning/rule-hits\\?institutionId=${ids['qingshi-village']}&period=2026-Q3&rule=[a-z-]+%2F`));
      expect(listTotal((await county.get(b.href)).text)).toBe(b.count);
    }
    // The whole board sums models over units: its bars open no single unit's list.
    expect((await county.get('/county')).text).not.toContain('county-rule-bar');
    expect((await county.get(`/api/warning/rule-hits?institutionId=${ids['qingshi-village']}&period=2026-Q5`)).status).toBe(400);
    expect((await county.get(`/warning/rule-hits?institutionId=${ids['qingshi-village']}&level=purple`)).status).toBe(400);
  });

  it('a village’s discipline officer sees the village’s own rule hits; another unit’s answers like a missing one, logged', async () => {
    const village = await t.login('village-jijian', DEMO_PASSWORD);
    const own = await village.get('/warning/rule-hits?period=2026-Q3');
    expect(own.status).toBe(200);
    expect(listTotal(own.text)).toBe(board.units.find((u) => u.id === ids['qingshi-village'])!.figures['rule-hits'].count);
    expect(own.text).toContain('<h1>模型命中</h1>');
    expect(own.text).toContain('href="/warning/rule-hits"');
    // At its own unit, where the plugin's screens are, a hit on a record links to the record's page.
    const record = own.text.match(/<a href="([^"]+)" data-testid="hit-record">/);
    expect(record).not.toBeNull();
    expect((await village.get(record![1])).status).toBe(200);
    const en = await village.get('/warning/rule-hits?lang=en&period=2026-Q3');
    expect(en.text).toContain('<h1>Model hits</h1>');
    expect(en.text).toContain('<th>Hit at</th>');
    expect(en.text).toContain('>Q3 2026</option>');
    const all = await village.get('/api/warning/rule-hits');
    expect(all.body.institution).toEqual({ id: ids['qingshi-village'], name: '示范县东溪镇青石村' });
    expect(all.body.total).toBeGreaterThanOrEqual(listTotal(own.text));
    expect(JSON.stringify(all.body)).not.toMatch(/"inputs"|"subjectKey"|"message"/);
    const other = ids['shuikou-village'];
    const denied = async () => Number((await t.db.read((m) => m.query(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'access.denied' AND object_type = 'institution' AND object_id = '${other}'`)))[0].n);
    const before = await denied();
    expect(masked(await village.get(`/warning/rule-hits?institutionId=${other}`), other)).toBe(masked(await village.get(`/warning/rule-hits?institutionId=${MISSING_ID}`), MISSING_ID));
    expect(masked(await village.get(`/api/warning/rule-hits?institutionId=${other}`), other)).toBe(masked(await village.get(`/api/warning/rule-hits?institutionId=${MISSING_ID}`), MISSING_ID));
    expect(await denied()).toBe(before + 2);
    // Staff see no rule hits, as they see no warning board.
    expect((await clients['hosp-buyer'].get('/warning/rule-hits')).status).toBe(403);
    expect((await clients['hosp-buyer'].get('/api/warning/rule-hits')).status).toBe(403);
    expect((await clients['hosp-buyer'].get(`/api/warning/rule-hits?institutionId=${ids['county-hospital']}`)).status).toBe(403);
  });

  it('the screen shows the same figures as the JSON, each linked to its list', async () => {
    const page = await clients['county-jijian'].get('/county');
    expect(page.status).toBe(200);
    expect(page.text).toContain('县级监督看板');
    const en = await clients['county-jijian'].get('/county?lang=en');
    expect(en.status).toBe(200);
    expect(en.text).toContain('<h1>County board</h1>');
    expect(en.text).toContain('Risk points by grade');
    for (const u of board.units) {
      const row = page.text.slice(page.text.indexOf(`<tr data-unit-id="${u.id}">`), page.text.indexOf('</tr>', page.text.indexOf(`<tr data-unit-id="${u.id}">`)));
      const shown = Object.fromEntries([...row.matchAll(/href="([^"]+)" data-figure="([^"]+)" data-count="(\d+)"/g)].map((m) => [m[2], { href: m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '='), count: Number(m[3]) }]));
      expect(shown).toEqual(u.figures);
    }
  });

  it('assessment scores and ranks are those of the unit ranking for the year, and link to it', async () => {
    let scored = 0;
    for (const year of [2026, 2025]) {
      const b: CountyBoard = (await clients['county-jijian'].get(`/api/county/board?year=${year}`)).body;
      const ranking = await clients['county-jijian'].get(b.units[0].assessment.href);
      expect(b.units[0].assessment.href).toBe(`/assessment/units?period=${year}`);
      for (const u of b.units.filter((x) => x.assessment.score !== '—')) {
        // The ranking row of the unit, as words: rank, name, score first.
        const row = ranking.text.split('<tr').find((r) => r.includes(`>${u.name}</td>`)) ?? '';
        expect(row.slice(row.indexOf('>') + 1).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()).toMatch(new RegExp(`^${u.assessment.rank} ${u.name} ${u.assessment.score.replace('.', '\\.')} `));
        scored++;
      }
    }
    // The demo's 2025 scheme of the hospital is decided: at least that score shows.
    expect(scored).toBeGreaterThan(0);
  });

  it('a period of its own: the whole of 2025 counts the rule hits of 2025 only', async () => {
    const res = await clients['county-jijian'].get('/api/county/board?year=2025&quarter=0');
    expect(res.status).toBe(200);
    expect(res.body.period).toMatchObject({ year: 2025, quarter: 0, from: '2025-01-01', to: '2025-12-31' });
    // The demo's rules fired on its day (2026-07-01): none in 2025, some in the third quarter of 2026.
    expect((res.body as CountyBoard).units.map((u) => u.ruleHits)).toEqual(board.units.map(() => 0));
    expect((res.body as CountyBoard).units.length).toBe(shippedBelow('demo-county').length);
    expect((res.body as CountyBoard).ruleHits).toEqual([]);
    expect(board.units.reduce((s, u) => s + u.ruleHits, 0)).toBe(board.ruleHits.reduce((s, h) => s + h.count, 0));
    expect(board.units.find((u) => u.name === '示范县东溪镇青石村')!.ruleHits).toBeGreaterThanOrEqual(8);
    expect((await clients['county-jijian'].get('/api/county/board?year=1999')).status).toBe(400);
    expect((await clients['county-jijian'].get('/api/county/board?quarter=5')).status).toBe(400);
    expect((await clients['county-jijian'].get('/county?quarter=abc')).status).toBe(400);
  });

  it('the drill-down shows one unit without switching the session’s institution', async () => {
    const county = clients['county-jijian'];
    const before = (await county.get('/api/me')).body.currentInstitutionId;
    expect(before).toBe(ids['demo-county']);
    const page = await county.get(`/county/units/${ids['county-hospital']}`);
    expect(page.status).toBe(200);
    // The page's own part: the header's institution switcher names every institution the officer may switch to.
    const main = page.text.slice(page.text.indexOf('<main'));
    expect(main).toContain('示范县人民医院');
    expect(main).not.toContain('示范县税务局');
    expect([...main.matchAll(/data-unit-id="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([ids['county-hospital']]);
    // Its figures are the board's for that unit, with the same links.
    const shown = Object.fromEntries([...main.matchAll(/href="([^"]+)" data-figure="([^"]+)" data-count="(\d+)"/g)].map((m) => [m[2], { href: m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '='), count: Number(m[3]) }]));
    expect(shown).toEqual(board.units.find((u) => u.id === ids['county-hospital'])!.figures);
    expect((await county.get('/api/me')).body.currentInstitutionId).toBe(before);
    // The unit's risk point list, read from the county, keeps the county current as well.
    const points = await county.get(`/risk/points?institutionId=${ids['qingshi-village']}`);
    expect(points.status).toBe(200);
    expect((await county.get('/api/me')).body.currentInstitutionId).toBe(before);
    expect(masked(await county.get(`/county/units/${ids['demo-county']}`), ids['demo-county'])).toBe(masked(await county.get(`/county/units/${MISSING_ID}`), MISSING_ID));
  });

  it('hosp-jijian sees his own hospital only, never the tax bureau; staff are refused', async () => {
    const hosp = clients['hosp-jijian'];
    const own = await hosp.get('/api/county/board');
    expect(own.status).toBe(200);
    expect((own.body as CountyBoard).units.map((u) => u.id)).toEqual([ids['county-hospital']]);
    expect(JSON.stringify(own.body)).not.toContain('税务局');
    const page = await hosp.get('/county');
    expect(page.text).not.toContain('税务局');
    const tax = ids['county-tax-bureau'];
    expect(masked(await hosp.get(`/county/units/${tax}`), tax)).toBe(masked(await hosp.get(`/county/units/${MISSING_ID}`), MISSING_ID));
    expect((await hosp.get(`/risk/points?institutionId=${tax}`)).status).toBe(404);
    expect((await clients['hosp-buyer'].get('/api/county/board')).status).toBe(403);
    expect((await clients['hosp-buyer'].get('/county')).status).toBe(403);
    // The menu offers the board only where units lie below: the county and the township, not the hospital.
    const menuHasBoard = async (c: ApiClient) => /<a [^>]*href="\/county"/.test((await c.get('/')).text);
    expect(await menuHasBoard(hosp)).toBe(false);
    expect(await menuHasBoard(clients['county-jijian'])).toBe(true);
    expect(await menuHasBoard(await t.login('township-jijian', DEMO_PASSWORD))).toBe(true);
  });

  // Last: it moves the clock past the deadline.
  it('an assignment past its deadline with no report comes back to the board, counted by the assignment list', async () => {
    const county = clients['county-jijian'];
    const hospital = () => board.units.find((u) => u.id === ids['county-hospital'])!;
    expect(hospital().figures['assignments-overdue'].count).toBe(0);
    const clues = (await county.get(`/api/warning/clues?status=new&unit=${ids['county-hospital']}`)).body.items as { id: number }[];
    const assigned = await county.post(`/api/warning/clues/${clues[0].id}/assignments`, { unitId: ids['county-hospital'], deadline: '2026-07-03', instructions: '请核实并报告办理结果。' });
    expect(assigned.status).toBe(201);
    t.app.get(Clock).set('2026-07-08T03:00:00Z');
    const after: CountyBoard = (await county.get('/api/county/board')).body;
    const fig = after.units.find((u) => u.id === ids['county-hospital'])!.figures['assignments-overdue'];
    expect(fig).toEqual({ count: 1, href: `/warning/assignments?unit=${ids['county-hospital']}&overdue=1` });
    expect(after.units.filter((u) => u.id !== ids['county-hospital']).map((u) => u.figures['assignments-overdue'].count)).toEqual(after.units.slice(1).map(() => 0));
    expect(after.units.length).toBe(shippedBelow('demo-county').length);
    expect(listTotal((await county.get(fig.href)).text)).toBe(1);
    expect((await county.get('/county')).text).toMatch(/data-figure="assignments-overdue" data-count="1"/);
  });

  it('self-checks past their due date without a report show per unit, counted by that unit’s self-check list', async () => {
    const county = clients['county-jijian'];
    // The demo's published points got their second half-year reports (due 11-20) at start-up; later scans mark the unsent ones overdue.
    const scan = t.app.get(SelfCheckService);
    await scan.runSelfCheckScan(new Date('2026-12-01T03:00:00Z'));
    await scan.runSelfCheckScan(new Date('2027-01-05T03:00:00Z'));
    const overdueAt = async (id: number) => Number((await t.db.read((m) => m.query(`SELECT COUNT(*) AS n FROM risk_self_checks WHERE institution_id = ${id} AND status = 'overdue'`)))[0].n);
    const after: CountyBoard = (await county.get('/api/county/board')).body;
    const fig = after.units.find((u) => u.id === ids['county-hospital'])!.figures['self-checks-overdue'];
    const expected = await overdueAt(ids['county-hospital']);
    expect(expected).toBeGreaterThan(0);
    expect(fig).toEqual({ count: expected, href: `/risk/self-checks?institutionId=${ids['county-hospital']}&status=overdue` });
    const list = await county.get(fig.href);
    expect(listTotal(list.text)).toBe(expected);
    // Read-only from above: no submit form, and the session stays at the county.
    expect(list.text).not.toContain('/submit"');
    expect((await county.get('/api/me')).body.currentInstitutionId).toBe(ids['demo-county']);
  });
});
