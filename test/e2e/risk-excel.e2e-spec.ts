import ExcelJS from 'exceljs';
import { ApiClient, TestApp } from '../support/test-app';
import { addPerson, PersonRef, startRiskApp, upload } from '../support/risk-fixtures';

jest.setTimeout(60_000);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function download(c: ApiClient, url: string): Promise<{ status: number; type: string | null; disposition: string | null; wb: ExcelJS.Workbook }> {
  const res = await fetch(c.baseUrl + url, { headers: { cookie: `sid=${c.cookies.get('sid')}` } });
  const wb = new ExcelJS.Workbook();
  const buf = Buffer.from(await res.arrayBuffer());
  if (res.status === 200) await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), wb };
}

function rows(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
  return out;
}

async function sheet(form: string, header: string[], data: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  ws.addRow([form]);
  ws.addRow(header);
  for (const r of data) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('risk module: Excel export and import', () => {
  let t: TestApp;
  const p: Record<string, PersonRef> = {};
  const c: Record<string, ApiClient> = {};

  beforeAll(async () => {
    t = await startRiskApp();
    p.buyer = await addPerson(t, { username: 'x-buyer', name: '韩采薇', institution: 'risk-hospital', department: '药剂科', post: '药品采购员', role: 'staff' });
    p.keeper = await addPerson(t, { username: 'x-keeper', name: '邵可', institution: 'risk-hospital', department: '药剂科', post: '药库管理员', role: 'staff' });
    p.officer = await addPerson(t, { username: 'x-officer', name: '施正', institution: 'risk-hospital', department: '纪检监察室', post: '纪检监察员', role: 'discipline-officer' });
    p.deputy = await addPerson(t, { username: 'x-deputy', name: '韦德明', institution: 'risk-hospital', department: '院办公室', post: '分管副院长', role: 'deputy-in-charge' });
    p.head = await addPerson(t, { username: 'x-head', name: '卞宏', institution: 'risk-hospital', department: '院办公室', post: '院长', role: 'head' });
    for (const u of ['x-buyer', 'x-officer']) c[u] = await t.login(u);
    const power = await c['x-officer'].post('/api/risk/powers', { number: 'YJ-001', category: '行政管理', name: '药品采购' });
    await c['x-buyer'].post('/api/risk/points', {
      level: 'post', title: '药品遴选中收受回扣', category: 'post-duty', manifestation: '指定品牌', likelihood: 2, harm: 3, variability: 3, distribution: 2, duration: 3, powerIds: [power.body.id],
      measuresPrevention: '签订廉政承诺书', measuresMonitoring: '三分离', measuresDisposal: '诫勉谈话', extensions: { 'risk-ext-plugin': { procurementKind: 'drug' } },
    });
    await c['x-buyer'].post('/api/risk/points', { level: 'post', title: '=HYPERLINK("http://evil","点我")', category: 'business-process', manifestation: '@SUM(1)', likelihood: 1, harm: 1 });
  }, 180_000);
  afterAll(() => t.close(), 60_000);

  it('exports 《廉政风险点汇总表》 with every point, plugin columns and formula-looking text neutralised', async () => {
    const res = await download(c['x-officer'], '/api/risk/export?kind=summary');
    expect(res.status).toBe(200);
    expect(res.type).toBe(XLSX);
    expect(decodeURIComponent(res.disposition!.split("UTF-8''")[1])).toBe('丁县医院廉政风险点汇总表.xlsx');
    const ws = res.wb.worksheets[0];
    const r = rows(ws);
    expect(r[0][0]).toBe('丁县医院廉政风险点汇总表');
    expect(r[1]).toEqual(['序号', '层级', '科室', '岗位', '风险点', '风险类别', '风险描述', '表现形式', '发生概率', '危害程度', '影响范围', '发生频度', '变化幅度', '分布情况', '持续时间', '风险等级', '风险指数', '责任人', '监督人', '状态', '采购类别', '年采购额（分）']);
    expect(r[2].slice(0, 6)).toEqual([1, '岗位', '药剂科', '药品采购员', '药品遴选中收受回扣', '岗位职责']);
    // All seven factors (scope and frequency defaulted to 1): (8·2 + 8·3 + 2·1 + 2·1 + 3 + 2 + 3) / 23 / 3 × 100 = 75.
    expect(r[2].slice(8, 21)).toEqual([2, 3, 1, 1, 3, 2, 3, '一级', 75, '韦德明', '卞宏', '查找中', '药品']);
    // Not assessed: blank cells, and the index of the four factors alone.
    expect(r[3].slice(12, 15).map((v) => v ?? '')).toEqual(['', '', '']);
    expect(r[3][16]).toBe(33);
    expect(r[3][4]).toBe('\'=HYPERLINK("http://evil","点我")');
    expect(r[3][7]).toBe("'@SUM(1)");
    expect(ws.getCell('E4').type).toBe(ExcelJS.ValueType.String);
  });

  it('exports 附表1 in the 002 layout and imports that file back (round trip)', async () => {
    const form1 = await download(c['x-officer'], '/api/risk/export?kind=form1');
    const r = rows(form1.wb.worksheets[0]);
    expect(r[0][0]).toBe('丁县医院个人风险岗位廉能识别防控表');
    expect(r[1].slice(0, 12)).toEqual(['姓名', '科室', '岗位', '风险类别', '风险点', '表现形式', '发生概率', '危害程度', '风险等级', '前期预防', '中期监控', '后期处置']);
    expect(r[2].slice(0, 12)).toEqual(['韩采薇', '药剂科', '药品采购员', '岗位职责', '药品遴选中收受回扣', '指定品牌', 2, 3, '一级', '签订廉政承诺书', '三分离', '诫勉谈话']);
    expect(String(r.at(-1)![0])).toMatch(/^注：/);
    const buf = Buffer.from(await form1.wb.xlsx.writeBuffer());
    const before = (await c['x-officer'].get('/api/risk/points')).body.total;
    const res = await upload(`${t.url}/api/risk/import`, c['x-officer'].cookies, c['x-officer'].csrf, buf, '附表1.xlsx', XLSX);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ created: 2, form: 'form1' });
    const after = await c['x-officer'].get('/api/risk/points?q=药品遴选');
    expect(after.body.total).toBe(2);
    expect((await c['x-officer'].get('/api/risk/points')).body.total).toBe(before + 2);
    const imported = await c['x-officer'].get(`/api/risk/points/${res.body.ids[0]}`);
    expect(imported.body).toMatchObject({ ownerName: '韩采薇', grade: 1, status: 'identifying', extensions: { 'risk-ext-plugin': { procurementKind: 'drug' } }, measures: { prevention: '签订廉政承诺书', monitoring: '三分离', disposal: '诫勉谈话' } });
    // The neutralised cell comes back as the text it was, quote included, never as a formula.
    const second = await c['x-officer'].get(`/api/risk/points/${res.body.ids[1]}`);
    expect(second.body.title).toBe('\'=HYPERLINK("http://evil","点我")');
  });

  it('rejects the whole file when any row is wrong, naming each row and column, and writes nothing', async () => {
    const header = ['姓名', '科室', '岗位', '风险类别', '风险点', '表现形式', '发生概率', '危害程度', '风险等级', '前期预防', '中期监控', '后期处置'];
    const buf = await sheet('个人风险岗位廉能识别防控表', header, [
      ['韩采薇', '药剂科', '药品采购员', '岗位职责', '验收把关不严', '', 2, 2, '二级', '', '', ''],
      ['韩采薇', '药剂科', '药品采购员', '思想道德', '类别不对', '', 2, 2, '', '', '', ''],
      ['无此人', '药剂科', '', '业务流程', '查无此人', '', '高', '严重', 'C级', '', '', ''],
      ['邵可', '药剂科', '药库管理员', '制度机制', '', '', 5, 1, '', '', '', ''],
      ['邵可', '药剂科', '药库管理员', '外部环境', { formula: '1+1' }, '', 1, 1, '', '', '', ''],
    ]);
    const before = (await c['x-officer'].get('/api/risk/points')).body.total;
    const res = await upload(`${t.url}/api/risk/import`, c['x-officer'].cookies, c['x-officer'].csrf, buf, 'bad.xlsx', XLSX);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { row: 4, column: '风险类别', message: '须为 岗位职责/业务流程/制度机制/外部环境 之一' },
      { row: 5, column: '风险等级', message: '与发生概率×危害程度不符，应为一级' },
      { row: 5, column: '姓名', message: '本单位没有“药剂科”的人员“无此人”' },
      { row: 6, column: '风险点', message: '不能为空' },
      { row: 6, column: '发生概率', message: '须为 1-3 或 低/中/高' },
      { row: 7, column: '风险点', message: '单元格含公式，请填写数值或文字' },
    ]);
    expect(res.body.message).toContain('第4行·风险类别');
    expect((await c['x-officer'].get('/api/risk/points')).body.total).toBe(before);
    const staff = await t.login('x-buyer');
    expect((await upload(`${t.url}/api/risk/import`, staff.cookies, staff.csrf, buf, 'bad.xlsx', XLSX)).status).toBe(403);
    const notExcel = await upload(`${t.url}/api/risk/import`, c['x-officer'].cookies, c['x-officer'].csrf, Buffer.from('hello'), 'x.xlsx', XLSX);
    expect(notExcel.status).toBe(400);
    expect(notExcel.body.errors[0].message).toContain('不是有效的 Excel');
  });

  it('imports the department form (附表2)', async () => {
    const buf = await sheet('科(室)风险岗位廉能识别防控表', ['科室', '科(室)责任人', '风险类别', '风险点', '表现形式', '发生概率', '危害程度', '风险等级', '前期预防', '中期监控', '后期处置'], [
      ['药剂科', '', '制度机制', '药品出入库管理制度不健全', '账实不符', '中', '较重', '二级', '完善制度', '每月盘点', '追责'],
    ]);
    const res = await upload(`${t.url}/api/risk/import`, c['x-officer'].cookies, c['x-officer'].csrf, buf, '附表2.xlsx', XLSX);
    expect(res.status).toBe(201);
    const point = await c['x-officer'].get(`/api/risk/points/${res.body.ids[0]}`);
    expect(point.body).toMatchObject({ level: 'department', departmentName: '药剂科', grade: 2, categoryLabel: '制度机制' });
  });

  it('imports through the page and lists each bad cell by row and column', async () => {
    const buf = await sheet('单位风险岗位廉能识别防控表', ['责任人姓名', '责任人职务', '风险类别', '风险点', '表现形式', '发生概率', '危害程度'], [['卞宏', '院长', '决策', '重大事项未经集体决策', '', 3, 3]]);
    const post = async (b: Buffer, csrf: string | null) => {
      const fd = new FormData();
      if (csrf) fd.append('_csrf', csrf);
      fd.append('file', new Blob([new Uint8Array(b)], { type: XLSX }), 'x.xlsx');
      const res = await fetch(`${t.url}/risk/points/import`, { method: 'POST', body: fd, headers: { cookie: `sid=${c['x-officer'].cookies.get('sid')}` } });
      return { status: res.status, text: await res.text() };
    };
    expect((await post(buf, null)).status).toBe(403);
    const bad = await post(buf, c['x-officer'].csrf);
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/<td>3<\/td><td>风险类别<\/td><td>须为 岗位职责\/业务流程\/制度机制\/外部环境 之一<\/td>/);
    const good = await post(await sheet('单位风险岗位廉能识别防控表', ['责任人姓名', '责任人职务', '风险类别', '风险点', '发生概率', '危害程度'], [['卞宏', '院长', '岗位职责', '重大事项未经集体决策', 3, 3]]), c['x-officer'].csrf);
    expect(good.status).toBe(200);
    expect(good.text).toContain('已导入 1 个风险点');
  });
});
