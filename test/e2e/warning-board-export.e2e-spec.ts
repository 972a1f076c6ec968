/**
 * Issue #19 item 4: the warning board exports the filtered list to Excel: every row its filters select (not a page),
 * in board order, with the board's columns in words (labels in the request's language, Beijing time to the minute),
 * only what the viewer sees, cells formula-safe.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { beijingMinute } from '../../core/plugin-api';
import { seedWarningDemo } from '../../core/warning/warning-demo.seed';
import { WarningClueEntity } from '../../core/warning/warning.entities';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const NOW = '2026-11-22T03:00:00.000Z';
const FORMULA = '=HYPERLINK("http://evil.example/","点我")';

describe('warning board: Excel export of the filtered board', () => {
  let t: TestApp;
  let officer: ApiClient;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    await seedWarningDemo(t.app, { institutionCode: 'county-hospital' });
    const hospital = await t.institutionId('county-hospital');
    const tax = await t.institutionId('county-tax-bureau');
    // 450 new clues at the hospital, every other one overdue (triage due before today), one subject typed as a formula.
    const clue = (institutionId: number, content: string, triageDue: string, subjectLabel = '示范县人民医院') => ({
      institutionId, source: 'petition', channel: 'staff', subjectType: 'institution', subjectLabel, content, status: 'new', triageDue, anonymous: false, createdAt: NOW, updatedAt: NOW,
    });
    const clues = Array.from({ length: 450 }, (_, i) =>
      clue(hospital, `导出线索 ${i + 1}${i % 2 ? '（未到期）' : '（已逾期）'}`, i % 2 ? `2026-12-${String((i % 28) + 1).padStart(2, '0')}` : `2026-11-${String((i % 20) + 1).padStart(2, '0')}`, i === 10 ? FORMULA : '示范县人民医院'),
    );
    const foreign = Array.from({ length: 5 }, (_, i) => clue(tax, `他局线索 ${i + 1}（已逾期）`, '2026-11-02'));
    await t.db.write(async (m) => void (await m.getRepository(WarningClueEntity).insert([...clues, ...foreign])));
    officer = await t.login('hosp-jijian', DEMO_PASSWORD);
  }, 240_000);
  afterAll(() => t?.close());

  const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
  const boardRows = (html: string) => [...html.matchAll(/<tr class="[^"]*" data-kind="(\w+)" data-id="(\d+)">/g)].map((m) => `${m[1]}:${m[2]}`);
  const boardTotal = (html: string) => Number(/共 (\d+) 项/.exec(html)![1]);

  async function workbook(url: string, lang = 'zh'): Promise<{ title: string; header: string[]; rows: ExcelJS.Cell[][] }> {
    const res = await fetch(t.url + url, { headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': lang } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="warning-board\.xlsx"; filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    const all: ExcelJS.Cell[][] = [];
    ws.eachRow((r) => all.push(Array.from({ length: ws.columnCount }, (_, i) => r.getCell(i + 1))));
    return { title: all[0][0].text, header: all[1].map((c) => c.text), rows: all.slice(2) };
  }
  const col = (header: string[], name: string) => {
    const i = header.indexOf(name);
    expect(i).toBeGreaterThanOrEqual(0);
    return i;
  };

  it('the board links its export with the filters kept; the export holds every row they select, in words', async () => {
    const board = await officer.get('/warning/board?kind=clue&overdue=1&page=2');
    expect(board.status).toBe(200);
    const href = unescape(/<a class="button secondary" href="([^"]+)" data-testid="export-xlsx" download>导出 Excel<\/a>/.exec(board.text)![1]);
    expect(href).toBe('/warning/board/export.xlsx?kind=clue&overdue=1');
    const total = boardTotal(board.text);
    expect(total).toBeGreaterThanOrEqual(225); // more than one export read (200 a time) and more than a board page

    const x = await workbook(href);
    expect(x.title).toBe('示范县人民医院预警工作台');
    expect(x.header).toEqual(['类别', '#', '对象', '事项', '等级/来源', '状态', '期限', '已逾期', '登记时间']);
    expect(x.rows).toHaveLength(total);
    const text = (i: number) => x.rows.map((r) => r[i].text);
    expect(new Set(text(0))).toEqual(new Set(['预警信息']));
    expect(new Set(text(col(x.header, '已逾期')))).toEqual(new Set(['是']));
    expect(new Set(text(col(x.header, '状态')))).toEqual(new Set(['待研判']));
    expect(text(col(x.header, '等级/来源'))).toContain('信访举报');
    const matters = text(col(x.header, '事项'));
    expect(matters.filter((m) => m.includes('（未到期）'))).toEqual([]);
    expect(matters.filter((m) => m.includes('他局线索'))).toEqual([]);
    expect(matters.filter((m) => m.startsWith('导出线索'))).toHaveLength(225);
    const inserted = x.rows.filter((r) => r[3].text.startsWith('导出线索'));
    expect(new Set(inserted.map((r) => r[col(x.header, '登记时间')].text))).toEqual(new Set([beijingMinute(NOW)]));
    expect(beijingMinute(NOW)).toBe('2026-11-22 11:00');
    // Board order: soonest due first, as on the screen.
    const dues = text(col(x.header, '期限'));
    expect(dues).toEqual([...dues].sort());
    // A subject typed as a formula stays text.
    const formula = x.rows.find((r) => r[2].text.includes('HYPERLINK'))!;
    expect(formula[2].value).toBe(`'${FORMULA}`);
    expect(x.rows.flat().filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
  });

  it('unfiltered, it lists the whole board, clues and warnings merged in the board’s order', async () => {
    const board = await officer.get('/warning/board?pageSize=200');
    const total = boardTotal(board.text);
    const x = await workbook('/warning/board/export.xlsx');
    expect(x.rows).toHaveLength(total);
    const ids = x.rows.map((r) => `${r[0].text === '预警' ? 'warning' : 'clue'}:${r[1].value}`);
    expect(ids.slice(0, 200)).toEqual(boardRows(board.text));
    expect(ids.filter((r) => r.startsWith('warning:')).length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(total);
    const levels = x.rows.filter((r) => r[0].text === '预警').map((r) => r[4].text);
    expect(levels.every((l) => /[\u4e00-\u9fa5]/.test(l) && !/^(red|orange|yellow|blue)$/.test(l))).toBe(true);
  });

  it('a colour filter exports that level’s warnings only; English headers and labels in English', async () => {
    const warnings = await workbook('/warning/board/export.xlsx?kind=warning');
    expect(warnings.rows.length).toBeGreaterThan(1);
    const options = [...(await officer.get('/warning/board')).text.split('name="colour"')[1].split('</select>')[0].matchAll(/<option value="(\w+)">([^<]+)<\/option>/g)];
    const [, colour, label] = options.find((o) => o[2] === warnings.rows[0][4].text)!;
    const filtered = await workbook(`/warning/board/export.xlsx?colour=${colour}`);
    const board = await officer.get(`/warning/board?colour=${colour}&pageSize=200`);
    expect(filtered.rows).toHaveLength(boardTotal(board.text));
    expect(filtered.rows.length).toBeGreaterThan(0);
    expect(new Set(filtered.rows.map((r) => r[4].text))).toEqual(new Set([label]));
    expect(new Set(filtered.rows.map((r) => r[0].text))).toEqual(new Set(['预警']));

    const en = await workbook('/warning/board/export.xlsx?kind=clue&overdue=1', 'en');
    expect(en.title).toMatch(/Warning board$/);
    expect(en.header).toEqual(['Kind', '#', 'Subject', 'Matter', 'Level / source', 'Status', 'Due', 'Overdue', 'Recorded at']);
    expect(new Set(en.rows.map((r) => r[0].text))).toEqual(new Set(['Clue']));
    expect(new Set(en.rows.map((r) => r[5].text))).toEqual(new Set(['Awaiting triage']));
    expect(new Set(en.rows.map((r) => r[7].text))).toEqual(new Set(['Yes']));
  });

  it('a township officer’s export names each village, and the unit filter keeps one village’s rows', async () => {
    const [qingshi, shuikou] = [await t.institutionId('qingshi-village'), await t.institutionId('shuikou-village')];
    const village = (institutionId: number, name: string) => Array.from({ length: 3 }, (_, i) => ({
      institutionId, source: 'petition', channel: 'staff', subjectType: 'institution', subjectLabel: name, content: `${name}导出线索 ${i + 1}`, status: 'new', triageDue: '2026-12-01', anonymous: false, createdAt: NOW, updatedAt: NOW,
    }));
    await t.db.write(async (m) => void (await m.getRepository(WarningClueEntity).insert([...village(qingshi, '青石村'), ...village(shuikou, '水口村')])));
    const township = await t.login('township-jijian', DEMO_PASSWORD);
    const cookie = [...township.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const read = async (url: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await (await fetch(t.url + url, { headers: { cookie } })).arrayBuffer()) as never);
      const rows: string[][] = [];
      wb.worksheets[0].eachRow((r) => rows.push(Array.from({ length: wb.worksheets[0].columnCount }, (_, i) => r.getCell(i + 1).text)));
      return { header: rows[1], rows: rows.slice(2) };
    };
    const all = await read('/warning/board/export.xlsx');
    expect(all.header.slice(0, 4)).toEqual(['类别', '#', '单位', '受理单位']);
    expect(all.rows).toHaveLength(boardTotal((await township.get('/warning/board')).text));
    const mine = all.rows.filter((r) => r[5].includes('导出线索 '));
    const expected = [['示范县东溪镇青石村', '青石村'], ['示范县东溪镇水口村', '水口村']].flatMap(([unit, v]) => [1, 2, 3].map((i) => `${unit}:${v}导出线索 ${i}`));
    expect(mine.map((r) => `${r[2]}:${r[5]}`).sort()).toEqual(expected.sort());
    const one = await read(`/warning/board/export.xlsx?unit=${qingshi}`);
    expect(one.rows).toHaveLength(boardTotal((await township.get(`/warning/board?unit=${qingshi}`)).text));
    expect(new Set(one.rows.map((r) => r[2]))).toEqual(new Set(['示范县东溪镇青石村']));
    expect(one.rows.filter((r) => r[5].startsWith('水口村'))).toEqual([]);
    expect(all.rows.filter((r) => r[5].startsWith('导出线索'))).toEqual([]);
  });

  it('answers a staff member only what their board shows, and a visitor not at all', async () => {
    const buyer = await t.login('hosp-buyer', DEMO_PASSWORD);
    const res = await fetch(`${t.url}/warning/board/export.xlsx`, { headers: { cookie: [...buyer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const texts: string[] = [];
    wb.worksheets[0].eachRow((r) => r.eachCell((c) => texts.push(c.text)));
    expect(texts.filter((s) => s.startsWith('导出线索') || s.startsWith('他局线索'))).toEqual([]);
    expect(wb.worksheets[0].rowCount - 2).toBe(boardTotal((await buyer.get('/warning/board')).text));
    const anonymous = await fetch(`${t.url}/warning/board/export.xlsx`, { redirect: 'manual' });
    expect([302, 303, 401]).toContain(anonymous.status);
  });
});
