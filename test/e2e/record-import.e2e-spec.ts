import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { PluginRecordEntity, RecordVersionEntity } from '../../core/records/record.entities';
import { RulesService } from '../../core/rules/rules.service';
import { upload } from '../support/risk-fixtures';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';
import { xlsxBomb } from '../support/zip-bomb';

jest.setTimeout(120_000);

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const URL = '/api/records/hospital-procurement/procurement-project/import';
const HEADER = ['项目编号', '项目名称', '采购类别', '采购金额（元）', '申请科室', '采购方式', '定标日期', '中标供应商', '备注'];
const SPLIT_SUPPLIER = '示范县导入测试耗材有限公司';

const csvOf = (rows: (string | number)[][]) => Buffer.from(rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\r\n') + '\r\n');

/** 50 projects in 2026: 47 ordinary ones spread over the year, and three under the tender threshold from one new supplier within 20 days (拆分采购). */
function goodRows(prefix: string): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (let i = 1; i <= 47; i++) rows.push([`${prefix}-${String(i).padStart(3, '0')}`, `导入测试项目${i}，含"引号"`, i % 2 ? '医用耗材' : 'drugs', `${1000 + i}.50`, '设备科', i % 3 ? '公开招标' : '询价', `2026/${1 + (i % 9)}/${1 + (i % 27)}`, '', '年度导入']);
  for (let i = 0; i < 3; i++) rows.push([`${prefix}-S${i}`, `输液器分批采购${i}`, '医用耗材', '80,000', '设备科', '询价', `2026年10月${5 + i * 10}日`, SPLIT_SUPPLIER, '']);
  return rows;
}

/** A tender needs its announcement date: the tenders get one in an extra column, mapped by its label. */
function withAnnounced(rows: (string | number)[][]): (string | number)[][] {
  return rows.map((r) => [...r, r[5] === '公开招标' ? '2026-01-02' : '']);
}

const FULL_HEADER = [...HEADER, '公告日期'];

describe('bulk import of plugin records (CSV and XLSX)', () => {
  let t: TestApp;
  let buyer: ApiClient;
  let officer: ApiClient;
  let hospital: number;
  const count = () => t.db.read((m) => m.getRepository(PluginRecordEntity).countBy({ institutionId: hospital, recordType: 'procurement-project' }));
  const send = (c: ApiClient, bytes: Buffer, name: string, query = '', mime = CSV) => upload(`${t.url}${URL}${query}`, c.cookies, c.csrf, bytes, name, mime);

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    hospital = await t.institutionId('county-hospital');
    buyer = await t.login('hosp-buyer', DEMO_PASSWORD);
    officer = await t.login('hosp-jijian', DEMO_PASSWORD);
    const some = (await buyer.get('/api/plugins/hospital-procurement/records/supplier?pageSize=1')).body.items[0];
    const made = await buyer.post('/api/plugins/hospital-procurement/records/supplier', { name: SPLIT_SUPPLIER, creditCode: some.values.creditCode }, { 'x-csrf-token': buyer.csrf });
    expect(made.status).toBe(201);
  }, 240_000);
  afterAll(() => t?.close());

  it('previews with dryRun (automatic mapping, values as stored) and writes nothing', async () => {
    const before = await count();
    const res = await send(buyer, csvOf([FULL_HEADER, ...withAnnounced(goodRows('IMP'))]), 'projects.csv', '?dryRun=true');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ total: 50, errorCount: 0, errors: [] });
    expect(res.body.mapping).toEqual(['projectNo', 'name', 'category', 'totalFen', 'department', 'method', 'awardedOn', 'supplier', null, 'announcedOn']);
    expect(res.body.rows).toHaveLength(20);
    expect(res.body.rows[0]).toMatchObject({ row: 2, cells: ['IMP-001', '导入测试项目1，含"引号"', '医用耗材', '1,001.50', '设备科', '公开招标', '2026-02-02', '', '', '2026-01-02'] });
    expect(await count()).toBe(before);
  });

  it('imports 50 projects in one go, audits the file once with its SHA-256, and raises the split-purchase clue once', async () => {
    const before = await count();
    const bytes = csvOf([FULL_HEADER, ...withAnnounced(goodRows('IMP'))]);
    const res = await send(buyer, bytes, '2026年采购台账.csv');
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(50);
    expect(await count()).toBe(before + 50);
    const audit = await t.db.read((m) => m.getRepository(AuditEntryEntity).findBy({ action: 'records.import' }));
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].detail as unknown as string)).toMatchObject({ sha256: createHash('sha256').update(bytes).digest('hex'), rows: 50, file: '2026年采购台账.csv', recordType: 'procurement-project' });
    const stored = await t.db.read((m) => m.getRepository(PluginRecordEntity).findOneByOrFail({ title: '导入测试项目1，含"引号"' }));
    expect(JSON.parse(stored.data)).toMatchObject({ 'hp-totalFen': 100150, 'hp-category': 'consumables', 'hp-awardedOn': '2026-02-02' });
    const hits = (await officer.get(`/api/rule-hits?institutionId=${hospital}&pageSize=200`)).body.items as { ruleId: string; subjectKey: string }[];
    expect(res.body.newHits).toBe(1);
    const split = hits.filter((h) => h.ruleId === 'hospital-procurement/split-purchase' && /IMP-S/.test(JSON.stringify(h)));
    expect(split).toHaveLength(1);
    expect((split[0] as unknown as { inputs: { subject: { label: string } } }).inputs.subject.label).toBe('IMP-S0、IMP-S1、IMP-S2');
    const versions = await t.db.read((m) => m.getRepository(RecordVersionEntity).findBy({ recordId: stored.id }));
    expect(versions.map((v) => [v.version, v.actor.startsWith(`user:`), JSON.parse(v.changed).includes('projectNo')])).toEqual([[1, true, true]]);
  });

  it('refuses the same file again, naming the clashing project numbers, and writes nothing', async () => {
    const before = await count();
    const res = await send(buyer, csvOf([FULL_HEADER, ...withAnnounced(goodRows('IMP'))]), 'again.csv');
    expect(res.status).toBe(400);
    expect(res.body.total).toBe(50);
    expect(res.body.errors[0]).toMatchObject({ row: 2, column: '项目编号' });
    expect(res.body.errors[0].message).toContain('IMP-001');
    expect(res.body.errors.map((e: { message: string }) => e.message).join()).toContain('IMP-S2');
    expect(await count()).toBe(before);
  });

  it('refuses a file of mixed rows whole, listing every bad row with its column and reason', async () => {
    const before = await count();
    const rows = withAnnounced(goodRows('MIX')).slice(0, 6);
    rows[1][6] = '2026-13-45'; // bad date (row 3)
    rows[2][3] = '-100'; // negative amount (row 4)
    rows[3][2] = '食品'; // unknown enum value (row 5)
    rows[4][0] = 'MIX-001'; // duplicate inside the file (row 6)
    rows[5][0] = 'IMP-002'; // clashes with a stored project (row 7)
    const res = await send(buyer, csvOf([FULL_HEADER, ...rows]), 'mixed.csv');
    expect(res.status).toBe(400);
    expect(await count()).toBe(before);
    const byRow = Object.fromEntries((res.body.errors as { row: number; column: string; message: string }[]).map((e) => [e.row, e]));
    expect(res.body.total).toBe(5);
    expect(byRow[3]).toMatchObject({ column: '定标日期' });
    expect(byRow[3].message).toContain('2026-13-45');
    expect(byRow[4]).toMatchObject({ column: '采购金额（元）' });
    expect(byRow[4].message).toContain('不能小于');
    expect(byRow[5]).toMatchObject({ column: '采购类别' });
    expect(byRow[5].message).toContain('食品');
    expect(byRow[6].message).toContain('与第 2 行重复');
    expect(byRow[7].message).toContain('IMP-002');
    expect(res.body.message).toContain('5 处错误');
  });

  it('names a number repeated past the first batch of rows as a duplicate in the file, though its first row is already written', async () => {
    const before = await count();
    const rows = Array.from({ length: 13 }, (_, i) => withAnnounced(goodRows(`BIG${i}`)).slice(0, 47)).flat();
    rows.push([...rows[0]]); // row 613 repeats row 2, which the import wrote in its first batch of 500
    const res = await send(buyer, csvOf([FULL_HEADER, ...rows]), 'big.csv');
    expect(res.status).toBe(400);
    expect(res.body.total).toBe(1);
    expect(res.body.errors[0]).toMatchObject({ row: 613, column: '项目编号' });
    expect(res.body.errors[0].message).toContain('与第 2 行重复');
    expect(await count()).toBe(before);
  });

  it('refuses a wrong column: a mapping naming no field is 400, a missing required column is an error on every row', async () => {
    const rows = withAnnounced(goodRows('COL')).slice(0, 2);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(csvOf([FULL_HEADER, ...rows]))], { type: CSV }), 'x.csv');
    form.append('mapping', JSON.stringify({ 备注: 'noSuchField' }));
    const res = await fetch(`${t.url}${URL}`, { method: 'POST', body: form, headers: { cookie: [...buyer.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': buyer.csrf } });
    expect(res.status).toBe(400);
    const header = FULL_HEADER.map((h) => (h === '申请科室' ? '科室名称' : h));
    const missing = await send(buyer, csvOf([header, ...rows]), 'y.csv', '?dryRun=true');
    expect(missing.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([[2, '申请科室'], [3, '申请科室']]);
  });

  it('imports an XLSX with Excel date and number cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(FULL_HEADER);
    ws.addRow(['XLS-1', 'Excel 导入项目', '设备', 123456.7, '影像科', '公开招标', new Date(Date.UTC(2026, 4, 6)), '', '', new Date(Date.UTC(2026, 3, 1))]);
    const before = await count();
    const res = await send(buyer, Buffer.from(await wb.xlsx.writeBuffer()), 'x.xlsx', '', XLSX);
    expect(res.status).toBe(201);
    expect(await count()).toBe(before + 1);
    const stored = await t.db.read((m) => m.getRepository(PluginRecordEntity).findOneByOrFail({ title: 'Excel 导入项目' }));
    expect(JSON.parse(stored.data)).toMatchObject({ 'hp-totalFen': 12345670, 'hp-awardedOn': '2026-05-06', 'hp-category': 'equipment' });
  });

  it('answers a zip-bomb workbook 413 quickly, before parsing it', async () => {
    const started = Date.now();
    const res = await send(buyer, await xlsxBomb(200), 'bomb.xlsx', '', XLSX);
    expect(res.status).toBe(413);
    expect(res.body.message).toContain('解压后超过');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a buyer mapping a field only the officer and leaders write (403), and another unit\'s officer (404)', async () => {
    const form = new FormData();
    const rows = [[...HEADER, '审批人'], ['PRT-1', '越权项目', '药品', '10', '药剂科', '询价', '2026-03-01', '', '', '周明远']];
    form.append('file', new Blob([new Uint8Array(csvOf(rows))], { type: CSV }), 'p.csv');
    form.append('mapping', JSON.stringify({ 审批人: 'approver' }));
    const res = await fetch(`${t.url}${URL}`, { method: 'POST', body: form, headers: { cookie: [...buyer.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': buyer.csrf } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toContain('审批人');
    const tax = await t.login('tax-officer', DEMO_PASSWORD);
    const foreign = await send(tax, csvOf(rows), 'p.csv', `?institutionId=${hospital}`);
    expect(foreign.status).toBe(404);
  });

  it('finds a split purchase joining a project saved before the import to one in the file; a full scan after it finds nothing more', async () => {
    const supplier = '示范县导入拆分补录公司';
    const some = (await buyer.get('/api/plugins/hospital-procurement/records/supplier?pageSize=1')).body.items[0];
    const made = await buyer.post('/api/plugins/hospital-procurement/records/supplier', { name: supplier, creditCode: some.values.creditCode }, { 'x-csrf-token': buyer.csrf });
    expect(made.status).toBe(201);
    // Saved on its own, one purchase under the threshold is no split.
    const saved = await buyer.post(
      '/api/plugins/hospital-procurement/records/procurement-project',
      { projectNo: 'JOIN-0', name: '监护仪配件补录一', category: 'consumables', totalFen: 12_000_000, department: '设备科', method: 'inquiry', awardedOn: '2026-08-03', supplier: made.body.id },
      { 'x-csrf-token': buyer.csrf },
    );
    expect(saved.status).toBe(201);
    const splits = async () => {
      const all: { ruleId: string; inputs: { subject: { label: string } } }[] = [];
      for (let page = 1; ; page++) {
        const items = (await officer.get(`/api/rule-hits?institutionId=${hospital}&pageSize=200&page=${page}`)).body.items as typeof all;
        all.push(...items);
        if (items.length < 200) break;
      }
      return all.filter((h) => h.ruleId === 'hospital-procurement/split-purchase' && /JOIN-/.test(h.inputs.subject.label));
    };
    expect(await splits()).toEqual([]);
    // The file's one purchase 17 days later, from the same supplier: together over the 200,000 元 threshold.
    const res = await send(buyer, csvOf([HEADER, ['JOIN-1', '监护仪配件补录二', '医用耗材', '120,000', '设备科', '询价', '2026-08-20', supplier, '']]), 'join.csv');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ imported: 1, newHits: 1 });
    expect((await splits()).map((h) => h.inputs.subject.label)).toEqual(['JOIN-0、JOIN-1']);
    // The pass after the import read only the weeks around the new award; the full scan reads every year and adds nothing.
    expect((await t.app.get(RulesService).scan(hospital)).newHits).toBe(0);
  });

  it('remembers the mapping per institution and record type', async () => {
    const form = new FormData();
    const header = ['编号', '名称', '类别', '金额', '科室', '方式', '日期'];
    const rows = [header, ['MAP-1', '对应测试', '药品', '10', '药剂科', '询价', '2026-03-01']];
    const mapping = { 编号: 'projectNo', 名称: 'name', 类别: 'category', 金额: 'totalFen', 科室: 'department', 方式: 'method', 日期: 'awardedOn' };
    form.append('file', new Blob([new Uint8Array(csvOf(rows))], { type: CSV }), 'm.csv');
    form.append('mapping', JSON.stringify(mapping));
    const res = await fetch(`${t.url}${URL}`, { method: 'POST', body: form, headers: { cookie: [...buyer.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': buyer.csrf } });
    expect(res.status).toBe(201);
    const next = await send(officer, csvOf([header, ['MAP-2', '再次导入', '药品', '20', '药剂科', '询价', '2026-03-02']]), 'm2.csv', '?dryRun=true');
    expect(next.body.mapping).toEqual(Object.values(mapping));
    expect(next.body.errorCount).toBe(0);
  });
});
