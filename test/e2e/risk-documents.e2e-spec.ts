import * as path from 'node:path';
import { pdfRawText, pdfToPng } from '../support/pdf-tools';
import { ApiClient, TestApp } from '../support/test-app';
import { addPerson, PersonRef, startRiskApp } from '../support/risk-fixtures';

jest.setTimeout(120_000);

const cookie = (c: ApiClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
describe('risk module: catalogues and 附表1-3 issued as PDF through the documents pipeline', () => {
  let t: TestApp;
  const p: Record<string, PersonRef> = {};
  const c: Record<string, ApiClient> = {};

  async function pdfOf(client: ApiClient, id: number): Promise<string> {
    const res = await fetch(`${t.url}/api/documents/${id}/pdf`, { headers: { cookie: cookie(client) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    // For looking at the output: PNGs under $SCREENSHOT_DIR when it is set.
    if (process.env.SCREENSHOT_DIR) await pdfToPng(pdf, path.join(process.env.SCREENSHOT_DIR, `risk-doc-${id}`));
    return pdfRawText(pdf);
  }

  beforeAll(async () => {
    t = await startRiskApp();
    p.buyer = await addPerson(t, { username: 'd-buyer', name: '韩采薇', institution: 'risk-hospital', department: '药剂科', post: '药品采购员', role: 'staff' });
    p.keeper = await addPerson(t, { username: 'd-keeper', name: '邵可', institution: 'risk-hospital', department: '药剂科', post: '药库管理员', role: 'staff' });
    p.pharmHead = await addPerson(t, { username: 'd-pharm-head', name: '潘仁', institution: 'risk-hospital', department: '药剂科', post: '药剂科主任', role: 'department-head' });
    p.officer = await addPerson(t, { username: 'd-officer', name: '施正', institution: 'risk-hospital', department: '纪检监察室', post: '纪检监察员', role: 'discipline-officer' });
    p.deputy = await addPerson(t, { username: 'd-deputy', name: '韦德明', institution: 'risk-hospital', department: '院办公室', post: '分管副院长', role: 'deputy-in-charge' });
    p.head = await addPerson(t, { username: 'd-head', name: '卞宏', institution: 'risk-hospital', department: '院办公室', post: '院长', role: 'head' });
    for (const u of ['d-buyer', 'd-keeper', 'd-pharm-head', 'd-officer', 'd-head']) c[u] = await t.login(u);
    const power = await c['d-officer'].post('/api/risk/powers', { number: 'YJ-001', category: '行政管理', name: '药品采购' });
    // A post point walked through all five steps (approved), so it is in the grade catalogue.
    const post = await c['d-buyer'].post('/api/risk/points', {
      level: 'post', title: '药品遴选中收受回扣', category: 'post-duty', manifestation: '指定品牌、暗箱操作', likelihood: 2, harm: 3, powerIds: [power.body.id],
      measuresPrevention: '签订廉政承诺书', measuresMonitoring: '采购三分离', measuresDisposal: '诫勉谈话',
    });
    expect(post.status).toBe(201);
    for (const [i, u] of ['d-buyer', 'd-keeper', 'd-pharm-head', 'd-head', 'd-officer'].entries()) {
      expect((await c[u].post(`/api/risk/points/${post.body.id}/steps/${i + 1}`, { content: `第${i + 1}步意见` })).status).toBe(201);
    }
    expect((await c['d-officer'].get(`/api/risk/points/${post.body.id}`)).body.status).toBe('approved');
    const dept = await c['d-pharm-head'].post('/api/risk/points', { level: 'department', departmentId: p.pharmHead.departmentId, title: '药品验收把关不严', category: 'business-process', manifestation: '不核对批号效期', likelihood: 1, harm: 2, measuresPrevention: '双人验收', measuresMonitoring: '季度复核', measuresDisposal: '限期整改' });
    expect(dept.status).toBe(201);
    const unit = await c['d-head'].post('/api/risk/points', { level: 'institution', title: '重大事项决策不民主', category: 'system-mechanism', manifestation: '个人说了算', likelihood: 1, harm: 1, measuresPrevention: '三重一大集体决策' });
    expect(unit.status).toBe(201);
    // Enough department points for 附表2 to run over several pages.
    for (let i = 1; i <= 14; i++) {
      const r = await c['d-pharm-head'].post('/api/risk/points', { level: 'department', departmentId: p.pharmHead.departmentId, title: `药品库存盘点第${i}项风险`, category: 'business-process', manifestation: '账实不符、盘点走过场、虚报损耗以掩盖流失', likelihood: 1, harm: 1, measuresPrevention: '每月盘点由两人以上共同进行并签字确认', measuresMonitoring: '财务科每季度抽盘，差异超过千分之一的逐项说明', measuresDisposal: '追究盘点责任人责任，造成损失的依规赔偿' });
      expect(r.status).toBe(201);
    }
  }, 240_000);
  afterAll(() => t.close(), 60_000);

  it('issues 《权力廉政风险等级目录》 with the approved points only, numbered and audited', async () => {
    const res = await c['d-officer'].post('/api/risk/documents', { kind: 'catalogue' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ templateId: 'core/risk-catalogue', title: '丁县医院权力廉政风险等级目录', number: expect.stringMatching(/^丁医纪〔\d{4}〕\d+号$/) });
    const text = await pdfOf(c['d-officer'], res.body.id);
    for (const s of ['丁县医院权力廉政风险等级目录', '药品遴选中收受回扣', '一级', '指定品牌、暗箱操作', '前期预防：签订廉政承诺书', '中期监控：采购三分离', '后期处置：诫勉谈话', 'YJ-001药品采购', '韦德明', res.body.number]) expect(text).toContain(s);
    // Still being identified, so not in the grade catalogue.
    expect(text).not.toContain('药品验收把关不严');
    const audit = await t.db.read((m) => m.query(`SELECT action, object_id FROM audit_log WHERE object_type = 'document'`));
    expect(audit).toContainEqual({ action: 'document.issue', object_id: String(res.body.id) });
  });

  it('issues 《廉政风险点汇总表》 with every point, its department and status', async () => {
    const res = await c['d-head'].post('/api/risk/documents', { kind: 'summary' });
    expect(res.status).toBe(201);
    const text = await pdfOf(c['d-head'], res.body.id);
    for (const s of ['丁县医院廉政风险点汇总表', '药品遴选中收受回扣', '药品验收把关不严', '重大事项决策不民主', '药剂科·药品采购员', '已审定', '查找中', '一级', '二级', '三级']) expect(text).toContain(s);
  });

  it('issues 附表1 for one person: their post points, name, department and post', async () => {
    const res = await c['d-officer'].post('/api/risk/documents', { kind: 'form1', personId: p.buyer.personId });
    expect(res.status).toBe(201);
    const text = await pdfOf(c['d-officer'], res.body.id);
    for (const s of ['附表1', '丁县医院个人风险岗位廉能识别防控表', '韩采薇', '药剂科', '药品采购员', '药品遴选中收受回扣', '一级', '签订廉政承诺书', '一级、二级、三级']) expect(text).toContain(s);
    expect(text).not.toContain('药品验收把关不严');
    // Someone with no post points gets a 409 with the reason, and no number is used up.
    const none = await c['d-officer'].post('/api/risk/documents', { kind: 'form1', personId: p.keeper.personId });
    expect(none.status).toBe(409);
    expect(none.body.message).toContain('邵可没有可列入的风险点');
  });

  it('issues 附表2 for the department and 附表3 for the institution', async () => {
    const form2 = await c['d-officer'].post('/api/risk/documents', { kind: 'form2', departmentId: p.pharmHead.departmentId });
    expect(form2.status).toBe(201);
    const t2 = await pdfOf(c['d-officer'], form2.body.id);
    for (const s of ['附表2', '丁县医院科（室）风险岗位廉能识别防控表', '药剂科', '潘仁', '药品验收把关不严', '二级', '双人验收', '丁县医院']) expect(t2).toContain(s);
    expect(t2).not.toContain('药品遴选中收受回扣');
    // The table runs over pages and its header row is repeated on each.
    expect(form2.body.pages).toBeGreaterThan(1);
    const pages = t2.split('\f').filter(Boolean);
    const withTable = pages.filter((pg) => pg.includes('序号风险类别风险点表现形式风险等级防控措施责任人'));
    expect(withTable.length).toBeGreaterThan(1);
    // The signature never stands on a page of its own: the note goes with it (gbt/closing).
    expect(pages.find((pg) => pg.includes('注：1.岗位职责'))).toMatch(/丁县医院纪委\d{4}年\d+月\d+日/);
    expect(t2).toContain('药品库存盘点第14项风险');
    const form3 = await c['d-officer'].post('/api/risk/documents', { kind: 'form3' });
    expect(form3.status).toBe(201);
    const t3 = await pdfOf(c['d-officer'], form3.body.id);
    for (const s of ['附表3', '丁县医院风险岗位廉能识别防控表', '卞宏', '院长', '重大事项决策不民主', '三级', '三重一大集体决策']) expect(t3).toContain(s);
  });

  it('refuses bad input and callers without an issuing role', async () => {
    expect((await c['d-officer'].post('/api/risk/documents', { kind: 'form2' })).status).toBe(400);
    expect((await c['d-officer'].post('/api/risk/documents', { kind: 'poster' })).status).toBe(400);
    expect((await c['d-officer'].post('/api/risk/documents', { kind: 'form1', personId: 999999 })).status).toBe(404);
    expect((await c['d-buyer'].post('/api/risk/documents', { kind: 'summary' })).status).toBe(403);
    expect((await c['d-pharm-head'].post('/api/risk/documents', { kind: 'form2', departmentId: p.pharmHead.departmentId })).status).toBe(403);
  });

  it('the points screen offers the issue buttons to issuers only, and a button opens the PDF', async () => {
    const page = await c['d-officer'].get('/risk/points');
    expect(page.text).toContain('data-testid="risk-issue"');
    expect(page.text).toContain('韩采薇（药剂科·药品采购员）');
    expect((await c['d-buyer'].get('/risk/points')).text).not.toContain('data-testid="risk-issue"');
    const form = new URLSearchParams({ _csrf: c['d-officer'].csrf, kind: 'form3' });
    const res = await c['d-officer'].post('/risk/documents', form.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/api\/documents\/\d+\/pdf$/);
    const empty = await c['d-officer'].post('/risk/documents', new URLSearchParams({ _csrf: c['d-officer'].csrf, kind: 'form1', personId: String(p.keeper.personId) }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(empty.status).toBe(409);
    expect(empty.text).toContain('邵可没有可列入的风险点');
  });
});
