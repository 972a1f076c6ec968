/**
 * Real registers (issue #19 item 4): every API list answers `{ items, total, page, pageSize }` with a true total, a page
 * past the end is empty (not 400), records are searched by business number and sorted in SQL, and a duplicate
 * project number is refused naming the record that holds it. In-app messages and the warning board are paged the same way.
 */
import path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { beijingMinute } from '../../core/plugin-api';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { UserEntity } from '../../core/auth/auth.entities';
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
});
