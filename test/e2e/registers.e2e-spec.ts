/**
 * Real registers (issue #19 item 4): every API list answers `{ items, total, page, pageSize }` with a true total, a page
 * past the end is empty (not 400), records are searched by business number and sorted in SQL, and a duplicate
 * project number is refused naming the record that holds it.
 */
import path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { beijingMinute } from '../../core/plugin-api';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
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
});
