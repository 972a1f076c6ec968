/**
 * Real registers (issue #19 item 4): every API list answers `{ items, total, page, pageSize }` with a true total, a page
 * past the end is empty (not 400), records are searched by business number and sorted in SQL, and a duplicate
 * project number is refused naming the record that holds it. In-app messages, the warning board, risk points and risk
 * reminders are paged the same way.
 */
import path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { beijingMinute } from '../../core/plugin-api';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { UserEntity } from '../../core/auth/auth.entities';
import { RiskMessageEntity, RiskPointEntity } from '../../core/risk/risk.entities';
import { WarningClueEntity, WarningMessageEntity } from '../../core/warning/warning.entities';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/hospital-procurement/records/procurement-project';

describe('registers: pagination, search, sort and unique business numbers', () => {
  let t: TestApp;
  let officer: ApiClient;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    officer = await t.login('hosp-jijian', DEMO_PASSWORD);
  }, 240_000);
  afterAll(() => t?.close());

  it.each([P, '/api/rule-hits', '/api/warning/clues'])('%s pages with a true total, and a page past the end is empty', async (url) => {
    const first = await officer.get(`${url}?pageSize=2`);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2 });
    expect(first.body.total).toBeGreaterThan(2);
    expect(first.body.items).toHaveLength(2);
    const second = await officer.get(`${url}?page=2&pageSize=2`);
    expect(second.body.total).toBe(first.body.total);
    expect(second.body.items.map((x: { id: number }) => x.id)).not.toEqual(expect.arrayContaining(first.body.items.map((x: { id: number }) => x.id)));
    const past = await officer.get(`${url}?page=${Math.ceil(first.body.total / 2) + 5}&pageSize=2`);
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ items: [], total: first.body.total });
    expect((await officer.get(`${url}?page=0`)).status).toBe(400);
    expect((await officer.get(`${url}?pageSize=201`)).status).toBe(400);
  });

  it('/api/warning/warnings answers the same page shape, and past its end an empty page', async () => {
    const first = await officer.get('/api/warning/warnings?pageSize=2');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ items: expect.any(Array), total: expect.any(Number), page: 1, pageSize: 2 });
    expect(first.body.items.length).toBe(Math.min(2, first.body.total));
    const past = await officer.get(`/api/warning/warnings?page=${first.body.total + 3}&pageSize=2`);
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ items: [], total: first.body.total, page: first.body.total + 3 });
  });

  it('counts every procurement project (no silent cut at 100 or 500) and pages through all of them', async () => {
    const { total } = (await officer.get(`${P}?pageSize=1`)).body;
    expect(total).toBeGreaterThan(500);
    const seen = new Set<number>();
    for (let page = 1; page <= Math.ceil(total / 200); page++) for (const r of (await officer.get(`${P}?page=${page}&pageSize=200`)).body.items) seen.add(r.id);
    expect(seen.size).toBe(total);
  });

  it('finds a project by its number, by a supplier title and by a category label, and sorts by a field', async () => {
    const any = (await officer.get(`${P}?pageSize=1&sort=projectNo&dir=asc`)).body.items[0];
    const byNo = (await officer.get(`${P}?q=${encodeURIComponent(any.values.projectNo)}`)).body;
    expect(byNo.items.map((r: { id: number }) => r.id)).toContain(any.id);
    expect(byNo.total).toBeLessThan(5);
    const drugs = (await officer.get(`${P}?q=${encodeURIComponent('药品')}&pageSize=200`)).body;
    expect(drugs.total).toBeGreaterThan(0);
    expect(drugs.items.every((r: { values: { category: string; name: string } }) => r.values.category === 'drugs' || r.values.name.includes('药品'))).toBe(true);
    const asc = (await officer.get(`${P}?sort=totalFen&dir=asc&pageSize=50`)).body.items.map((r: { values: { totalFen: number } }) => r.values.totalFen);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const desc = (await officer.get(`${P}?sort=totalFen&dir=desc&pageSize=5`)).body.items.map((r: { values: { totalFen: number } }) => r.values.totalFen);
    expect(desc[0]).toBeGreaterThanOrEqual(asc[asc.length - 1]);
  });

  it('refuses a duplicate project or contract number, naming the record that holds it, in both languages', async () => {
    const [a] = (await officer.get(`${P}?pageSize=1`)).body.items;
    const base = { name: '重复编号测试项目', category: 'devices', totalFen: 100_000, department: '设备科', method: 'inquiry', awardedOn: '2026-11-01' };
    const dup = await officer.post(P, { ...base, projectNo: a.values.projectNo });
    expect(dup.status).toBe(400);
    expect(JSON.stringify(dup.body)).toContain(`${a.values.projectNo} 已被记录 #${a.id}`);
    const en = await officer.request('POST', P, JSON.stringify({ ...base, projectNo: a.values.projectNo }), { 'content-type': 'application/json', 'accept-language': 'en' });
    expect(JSON.stringify(en.body)).toContain(`is already used by record #${a.id}`);
    const fresh = await officer.post(P, { ...base, projectNo: 'DUP-TEST-0001', contractNo: 'HT-DUP-TEST' });
    expect(fresh.status).toBe(201);
    // Saving the record again with its own number is no clash; taking another's number on edit is.
    expect((await officer.patch(`/api/records/${fresh.body.id}`, { name: '重复编号测试项目（改）' })).status).toBe(200);
    const clash = await officer.patch(`/api/records/${fresh.body.id}`, { projectNo: a.values.projectNo });
    expect(clash.status).toBe(400);
    const other = await officer.post(P, { ...base, projectNo: 'DUP-TEST-0002', contractNo: 'HT-DUP-TEST' });
    expect(other.status).toBe(400);
    expect(JSON.stringify(other.body)).toContain(`#${fresh.body.id}`);
  });
  it('of eight saves racing with one project number exactly one is kept; eight racing with their own numbers are all kept', async () => {
    const base = { name: '并发编号测试项目', category: 'devices', totalFen: 100_000, department: '设备科', method: 'inquiry', awardedOn: '2026-11-01' };
    const same = await Promise.all(Array.from({ length: 8 }, () => officer.post(P, { ...base, projectNo: 'RACE-0001' })));
    const kept = same.filter((r) => r.status === 201);
    expect(kept).toHaveLength(1);
    expect(same.filter((r) => r.status === 400).map((r) => JSON.stringify(r.body).includes(`RACE-0001 已被记录 #${kept[0].body.id}`))).toEqual(Array(7).fill(true));
    const own = await Promise.all(Array.from({ length: 8 }, (_, i) => officer.post(P, { ...base, projectNo: `RACE-1${i}`, contractNo: `HT-RACE-1${i}` })));
    expect(own.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect((await officer.get(`${P}?q=RACE-&pageSize=50`)).body.total).toBe(9);
  });
  it('declares every business number of the plugins unique', () => {
    const numbers: Record<string, string[]> = {
      'hospital-procurement/procurement-project': ['projectNo', 'contractNo'],
      'tax-collection/collection': ['collectionNo'],
      'tax-collection/reduction': ['reductionNo'],
      'tax-collection/arrears': ['arrearsNo'],
      'tax-collection/inspection': ['inspectionNo'],
      'tax-collection/reminder': ['reminderNo'],
      'tb-referral/tb-referral': ['referralNo'],
    };
    const declared = INSTALLED_PLUGINS.flatMap((p) => (p.recordTypes ?? []).map((r) => [`${p.id}/${r.id}`, r.fields.filter((f) => f.unique).map((f) => f.key)] as const));
    for (const [type, keys] of Object.entries(numbers)) expect([type, declared.find(([t]) => t === type)?.[1]]).toEqual([type, expect.arrayContaining(keys)]);
  });

  it('refuses a tax reminder whose number another reminder holds', async () => {
    const tax = await t.login('tax-jijian', DEMO_PASSWORD);
    const institutionId = await t.institutionId('county-tax-bureau');
    const R = `/api/plugins/tax-collection/records/reminder?institutionId=${institutionId}`;
    const [held] = (await tax.get(`${R}&pageSize=1`)).body.items;
    const dup = await tax.post(R, { reminderNo: held.values.reminderNo, kind: 'card', occasion: 'promotion', staffName: '刘振华', issuedBy: '何静', issuedOn: '2026-11-20' });
    expect(dup.status).toBe(400);
    expect(JSON.stringify(dup.body)).toContain(`${held.values.reminderNo} 已被记录 #${held.id}`);
  });
  it('lists the latest rule hits on the officer’s home page by rule name, in Beijing time', async () => {
    const [hit] = (await officer.get('/api/rule-hits?pageSize=1')).body.items;
    const home = (await officer.get('/')).text;
    const row = home.slice(home.indexOf('<tr><td>' + hit.message.zh.replace(/&/g, '&amp;').slice(0, 10)));
    expect(row.slice(0, 600)).toContain(`<td>${beijingMinute(hit.createdAt)}</td>`);
    expect(row.slice(0, 600)).not.toContain(`<small>${hit.ruleId}</small>`);
  });

  /** The rows a board or message page shows, as `kind:id`. */
  const boardRows = (html: string) => [...html.matchAll(/<tr class="[^"]*" data-kind="(\w+)" data-id="(\d+)">/g)].map((x) => `${x[1]}:${x[2]}`);
  const messageRows = (html: string) => [...html.matchAll(/<li class="[^"]*" data-id="(\d+)">/g)].map((x) => Number(x[1]));
  /** The page's links as typed (Handlebars escapes `=` and `&` in attributes). */
  const links = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

  it('pages the in-app messages on the API and the screen: 250 of them, 50 a page, page 6 empty', async () => {
    const reader = await t.login('hosp-pharmacist', DEMO_PASSWORD);
    const userId = (await t.db.read((m) => m.getRepository(UserEntity).findOneByOrFail({ username: 'hosp-pharmacist' }))).id;
    const institutionId = await t.institutionId('county-hospital');
    const before = (await reader.get('/api/warning/messages?pageSize=1')).body.total as number;
    expect(before).toBeLessThan(250);
    const made = Array.from({ length: 250 - before }, (_, i) => ({ institutionId, userId, warningId: null, kind: 'test.paging', title: `分页消息 ${i + 1}`, body: '分页', uniqueKey: null, createdAt: '2026-11-21T02:00:00.000Z', readAt: null }));
    await t.db.write((m) => m.getRepository(WarningMessageEntity).insert(made));

    const first = await reader.get('/api/warning/messages');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 250, page: 1, pageSize: 50 });
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items[0].title).toBe(`分页消息 ${made.length}`);
    const ids = new Set<number>();
    for (let page = 1; page <= 5; page++) for (const x of (await reader.get(`/api/warning/messages?page=${page}`)).body.items) ids.add(x.id);
    expect(ids.size).toBe(250);
    expect((await reader.get('/api/warning/messages?page=2&pageSize=200')).body.items).toHaveLength(50);
    const past = await reader.get('/api/warning/messages?page=6');
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ items: [], total: 250, page: 6 });
    expect((await reader.get('/api/warning/messages?pageSize=201')).status).toBe(400);

    const screen = await reader.get('/warning/messages');
    expect(messageRows(screen.text)).toEqual(first.body.items.map((x: { id: number }) => x.id));
    expect(screen.text).toContain('共 250 条');
    expect(screen.text).toContain('第 1 / 5 页');
    expect(links(screen.text)).toContain('href="/warning/messages?page=2" rel="next"');
    const sixth = await reader.get('/warning/messages?page=6');
    expect(sixth.status).toBe(200);
    expect(messageRows(sixth.text)).toEqual([]);
    expect(links(sixth.text)).toContain('href="/warning/messages?page=5" rel="prev"');
    const en = await reader.get('/warning/messages?page=2&pageSize=100', { 'accept-language': 'en' });
    expect(messageRows(en.text)).toHaveLength(100);
    expect(en.text).toContain('250 in total');
    expect(en.text).toContain('Page 2 of 3');
    expect(links(en.text)).toContain('href="/warning/messages?pageSize=100&page=3" rel="next"');
    expect(en.text).not.toContain('第 2 / 3 页');
    expect((await reader.get('/warning/messages?page=abc')).text).toContain('第 1 / 5 页');
  });

  it('keeps the warning board small with 600 more new clues: 50 rows a page, the true total, filters kept in the pager', async () => {
    const institutionId = await t.institutionId('county-hospital');
    const now = '2026-11-22T03:00:00.000Z';
    const clues = Array.from({ length: 600 }, (_, i) => ({
      institutionId, source: 'petition', channel: 'staff', subjectType: 'institution', subjectLabel: '示范县人民医院', content: `分页线索 ${i + 1}：反映某科室在采购中接受宴请，请核实。`,
      status: 'new', triageDue: `2026-${i % 2 ? '11' : '12'}-${String((i % 28) + 1).padStart(2, '0')}`, anonymous: false, createdAt: now, updatedAt: now,
    }));
    await t.db.write(async (m) => void (await m.getRepository(WarningClueEntity).insert(clues)));
    const newClues = (await officer.get('/api/warning/clues?status=new&pageSize=1')).body.total as number;
    const openWarnings = (await officer.get('/api/warning/warnings?open=true&pageSize=1')).body.total as number;
    const total = newClues + openWarnings;
    const pages = Math.ceil(total / 50);
    expect(newClues).toBeGreaterThanOrEqual(600);

    const board = await officer.get('/warning/board');
    expect(board.status).toBe(200);
    const bytes = Buffer.byteLength(board.text);
    expect(bytes).toBeLessThan(60_000);
    const first = boardRows(board.text);
    expect(first).toHaveLength(50);
    expect(board.text).toContain(`今日 2026-11-22 · 共 ${total} 项`);
    expect(board.text).toContain(`第 1 / ${pages} 页`);
    const second = boardRows((await officer.get('/warning/board?page=2')).text);
    expect(second).toHaveLength(50);
    expect(second.filter((r) => first.includes(r))).toEqual([]);
    expect(boardRows((await officer.get(`/warning/board?page=${pages}`)).text)).toHaveLength(total - 50 * (pages - 1));
    const past = await officer.get(`/warning/board?page=${pages + 1}`);
    expect(past.status).toBe(200);
    expect(boardRows(past.text)).toEqual([]);

    // Filters stay in the pager's links; the overdue count is the total of the overdue-only board.
    const overdue = await officer.get('/warning/board?kind=clue&overdue=1');
    const overdueTotal = Number(/共 (\d+) 项/.exec(overdue.text)![1]);
    expect(overdueTotal).toBeGreaterThan(50);
    expect(boardRows(overdue.text).every((r) => r.startsWith('clue:'))).toBe(true);
    expect(links(overdue.text)).toContain('href="/warning/board?kind=clue&overdue=1&page=2" rel="next"');
    const overdueAll = Number(/共 (\d+) 项/.exec((await officer.get('/warning/board?overdue=1')).text)![1]);
    expect(board.text).toContain(`<span class="overdue-count">${overdueAll}</span>`);
    expect(Number(/共 (\d+) 项/.exec((await officer.get('/warning/board?kind=clue')).text)![1])).toBe(newClues);
    const en = await officer.get('/warning/board?pageSize=200', { 'accept-language': 'en' });
    expect(boardRows(en.text)).toHaveLength(200);
    expect(en.text).toContain(`Page 1 of ${Math.ceil(total / 200)}`);
    expect(links(en.text)).toContain('href="/warning/board?pageSize=200&page=2" rel="next"');
  });

  /** Risk points as rows of the county hospital, all found by one search word. */
  const riskPoints = async (from: number, n: number) => {
    const institutionId = await t.institutionId('county-hospital');
    const now = '2026-11-22T03:00:00.000Z';
    const rows = Array.from({ length: n }, (_, i) => ({
      institutionId, level: 'institution', departmentId: null, postId: null, ownerPersonId: null, title: `分页风险点 ${from + i}`, category: 'system-mechanism', description: '分页', manifestation: '分页',
      likelihood: 2, harm: 2, scope: 1, frequency: 1, variability: null, distribution: null, duration: null, grade: 2, riskIndex: 40, responsiblePersonId: null, supervisorPersonId: null,
      responsibilityOverridden: false, measuresPrevention: '', measuresMonitoring: '', measuresDisposal: '', status: 'approved', currentStep: 0, extensions: '{}', version: 1, createdBy: 1, createdAt: now, updatedAt: now,
    }));
    for (let i = 0; i < rows.length; i += 100) await t.db.write((m) => m.getRepository(RiskPointEntity).insert(rows.slice(i, i + 100)));
  };
  const pointRows = (html: string) => [...html.matchAll(/<td><a href="\/risk\/points\/(\d+)">分页风险点/g)].map((x) => Number(x[1]));
  const Q = encodeURIComponent('分页风险点');

  it('pages the risk points screen and API: 120 points, 50 a page, filters kept in the pager, past the end empty', async () => {
    await riskPoints(1, 120);
    const first = await officer.get(`/risk/points?grade=2&q=${Q}`);
    expect(first.status).toBe(200);
    expect(pointRows(first.text)).toHaveLength(50);
    expect(first.text).toContain('共 120 条');
    expect(first.text).toContain('第 1 / 3 页');
    expect(links(first.text)).toContain(`href="/risk/points?grade=2&q=${Q}&page=2" rel="next"`);
    expect(links(first.text)).toContain(`href="/risk/points?grade=2&q=${Q}&page=3">末页`);
    const third = await officer.get(`/risk/points?grade=2&q=${Q}&page=3`);
    expect(pointRows(third.text)).toHaveLength(20);
    expect(links(third.text)).toContain(`href="/risk/points?grade=2&q=${Q}&page=2" rel="prev"`);
    expect(third.text).not.toContain('rel="next"');
    const pages = [first, await officer.get(`/risk/points?grade=2&q=${Q}&page=2`), third].flatMap((r) => pointRows(r.text));
    expect(new Set(pages).size).toBe(120);
    const past = await officer.get(`/risk/points?grade=2&q=${Q}&page=4`);
    expect(past.status).toBe(200);
    expect(pointRows(past.text)).toEqual([]);
    const big = await officer.get(`/risk/points?q=${Q}&pageSize=100&page=2`, { 'accept-language': 'en' });
    expect(pointRows(big.text)).toHaveLength(20);
    expect(big.text).toContain('Page 2 of 2');
    expect(big.text).toContain('<input type="hidden" name="pageSize" value="100">');

    // The API takes page/pageSize as every list, and still limit/offset, but not both ways at once.
    const api = await officer.get(`/api/risk/points?q=${Q}&page=3&pageSize=50`);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ total: 120, totalCapped: false, page: 3, pageSize: 50 });
    expect(api.body.items.map((x: { id: number }) => x.id)).toEqual(pointRows(third.text));
    const old = await officer.get(`/api/risk/points?q=${Q}&limit=50&offset=100`);
    expect(old.body).toMatchObject({ total: 120, page: 3, pageSize: 50 });
    expect(old.body.items.map((x: { id: number }) => x.id)).toEqual(api.body.items.map((x: { id: number }) => x.id));
    expect((await officer.get(`/api/risk/points?q=${Q}&page=9`)).body).toMatchObject({ items: [], total: 120, page: 9 });
    expect((await officer.get(`/api/risk/points?q=${Q}&page=2&limit=10`)).status).toBe(400);
    expect((await officer.get('/api/risk/points?pageSize=201')).status).toBe(400);
  });

  it('says "1000+" when the risk point count stops at its cap, and still offers the next page until the last', async () => {
    await riskPoints(121, 900);
    const first = await officer.get(`/risk/points?q=${Q}`);
    expect(first.text).toContain('共 1000+ 条');
    expect(first.text).toContain('第 1 / 20+ 页');
    expect(first.text).toContain('rel="next"');
    expect(first.text).not.toContain('末页');
    const twentieth = await officer.get(`/risk/points?q=${Q}&page=20`);
    expect(pointRows(twentieth.text)).toHaveLength(50);
    expect(links(twentieth.text)).toContain(`href="/risk/points?q=${Q}&page=21" rel="next"`);
    const last = await officer.get(`/risk/points?q=${Q}&page=21`);
    expect(pointRows(last.text)).toHaveLength(20);
    expect(last.text).toContain('共 1020 条');
    expect(last.text).toContain('第 21 / 21 页');
    expect(last.text).not.toContain('rel="next"');
    expect((await officer.get(`/api/risk/points?q=${Q}&pageSize=1`)).body).toMatchObject({ total: 1000, totalCapped: true });
  });

  it('offers every approved risk point for a publication, and the commitment form a page of them with a search', async () => {
    const institutionId = await t.institutionId('county-hospital');
    const approved = await t.db.read((m) => m.getRepository(RiskPointEntity).countBy({ institutionId, status: 'approved' }));
    expect(approved).toBeGreaterThanOrEqual(1020);
    expect((await officer.get('/risk/publications')).text.match(/name="pointIds"/g)).toHaveLength(approved);
    const commitments = await officer.get(`/risk/commitments?pq=${Q}`);
    expect(commitments.text.match(/name="pointIds"/g)).toHaveLength(50);
    expect(commitments.text).toContain('共 1000+ 个风险点，每页列出一部分');
    expect(links(commitments.text)).toContain(`href="/risk/commitments?pq=${Q}&page=2" rel="next"`);
    const narrowed = await officer.get(`/risk/commitments?pq=${encodeURIComponent('分页风险点 1017')}`);
    expect(narrowed.text.match(/name="pointIds"/g)).toHaveLength(1);
    expect(narrowed.text).toContain('共 1 个风险点，全部列出');
  });

  it('pages the risk reminders on the API and the self-check screen', async () => {
    const personId = (await t.db.read((m) => m.getRepository(UserEntity).findOneByOrFail({ username: 'hosp-jijian' }))).personId!;
    const institutionId = await t.institutionId('county-hospital');
    const before = (await officer.get('/api/risk/messages?pageSize=1')).body.total as number;
    const made = Array.from({ length: 120 }, (_, i) => ({ institutionId, personId, kind: 'test', title: `分页提醒 ${i + 1}`, body: '分页', dedupeKey: `paging-${i}`, createdAt: '2026-11-21T02:00:00.000Z', readAt: null }));
    await t.db.write((m) => m.getRepository(RiskMessageEntity).insert(made));
    const total = before + 120;
    const first = await officer.get('/api/risk/messages');
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
    expect(first.body).toMatchObject({ total, page: 1, pageSize: 50 });
    expect(first.body.items[0].title).toBe('分页提醒 120');
    const ids = new Set<number>();
    for (let page = 1; page <= Math.ceil(total / 50); page++) for (const x of (await officer.get(`/api/risk/messages?page=${page}`)).body.items) ids.add(x.id);
    expect(ids.size).toBe(total);
    expect((await officer.get(`/api/risk/messages?page=${Math.ceil(total / 50) + 1}`)).body).toMatchObject({ items: [], total });
    expect((await officer.get('/api/risk/messages?unread=true&pageSize=10')).body.items).toHaveLength(10);
    expect((await officer.get('/api/risk/messages?pageSize=201')).status).toBe(400);

    const screen = await officer.get('/risk/self-checks');
    expect(messageRows(screen.text)).toEqual(first.body.items.map((x: { id: number }) => x.id));
    expect(screen.text).toContain(`共 ${total} 条`);
    expect(links(screen.text)).toContain('href="/risk/self-checks?page=2" rel="next"');
    const second = await officer.get('/risk/self-checks?page=2');
    expect(messageRows(second.text)).toEqual((await officer.get('/api/risk/messages?page=2')).body.items.map((x: { id: number }) => x.id));
  });

  it('pages the check-in queue with its true total, oldest first', async () => {
    const doctor = await t.login('tbh-doctor', DEMO_PASSWORD);
    const queueRows = (html: string) => [...html.matchAll(/<tr data-record-id="(\d+)">/g)].map((x) => Number(x[1]));
    const all = await doctor.get('/check-in/tb-referral/arrivals?pageSize=200');
    expect(all.status).toBe(200);
    const ids = queueRows(all.text);
    expect(ids.length).toBeGreaterThan(2);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(all.text).toContain(`共 ${ids.length} 条`);
    const first = await doctor.get('/check-in/tb-referral/arrivals?pageSize=2');
    expect(queueRows(first.text)).toEqual(ids.slice(0, 2));
    expect(first.text).toContain(`共 ${ids.length} 条`);
    expect(first.text).toContain(`第 1 / ${Math.ceil(ids.length / 2)} 页`);
    expect(links(first.text)).toContain('href="/check-in/tb-referral/arrivals?pageSize=2&page=2" rel="next"');
    expect(queueRows((await doctor.get('/check-in/tb-referral/arrivals?pageSize=2&page=2')).text)).toEqual(ids.slice(2, 4));
    const past = await doctor.get(`/check-in/tb-referral/arrivals?page=${Math.ceil(ids.length / 50) + 1}`);
    expect(past.status).toBe(200);
    expect(queueRows(past.text)).toEqual([]);
  });
});
