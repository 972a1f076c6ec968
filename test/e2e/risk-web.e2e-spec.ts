import { ApiClient, TestApp } from '../support/test-app';
import { addPerson, PersonRef, PNG_BYTES, startRiskApp } from '../support/risk-fixtures';

/** Posts an HTML form as a browser would (urlencoded, with the session's CSRF token). */
function form(c: ApiClient, url: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  body.append('_csrf', c.csrf);
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return c.request('POST', url, body.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}

// Steps wait on a busy shared machine; each test gets a minute.
jest.setTimeout(60_000);

describe('risk module screens', () => {
  let t: TestApp;
  const p: Record<string, PersonRef> = {};
  const c: Record<string, ApiClient> = {};

  beforeAll(async () => {
    t = await startRiskApp();
    p.buyer = await addPerson(t, { username: 'w-buyer', name: '韩采薇', institution: 'risk-hospital', department: '药剂科', post: '药品采购员', role: 'staff' });
    p.colleague = await addPerson(t, { username: 'w-colleague', name: '邵可', institution: 'risk-hospital', department: '药剂科', post: '药库管理员', role: 'staff' });
    p.head = await addPerson(t, { username: 'w-pharm-head', name: '潘仁', institution: 'risk-hospital', department: '药剂科', post: '药剂科主任', role: 'department-head' });
    p.officer = await addPerson(t, { username: 'w-officer', name: '施正', institution: 'risk-hospital', department: '纪检监察室', post: '纪检监察员', role: 'discipline-officer' });
    for (const u of ['w-buyer', 'w-colleague', 'w-pharm-head', 'w-officer']) c[u] = await t.login(u);
  }, 120_000);
  afterAll(() => t.close(), 60_000);

  it('shows empty states, then creates a power through the form with errors next to the fields', async () => {
    const empty = await c['w-officer'].get('/risk/powers');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('尚未登记职权');
    const bad = await form(c['w-officer'], '/risk/powers', { number: '', category: '行政管理', name: '药品采购' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/class="invalid">职权编号[\s\S]*职权编号：不能为空/);
    const ok = await form(c['w-officer'], '/risk/powers', { number: 'YJ-001', category: '行政管理', name: '药品采购', responsibleDepartmentId: String(p.buyer.departmentId) });
    expect(ok.status).toBe(303);
    const detail = await c['w-officer'].get(ok.headers.get('location')!);
    expect(detail.text).toContain('YJ-001 药品采购');
    expect(detail.text).toContain('enctype="multipart/form-data"');
    // The browser upload form carries the CSRF token in the multipart body.
    const id = ok.headers.get('location')!.split('/').pop();
    const fd = new FormData();
    fd.append('_csrf', c['w-officer'].csrf);
    fd.append('file', new Blob([new Uint8Array(PNG_BYTES)], { type: 'image/png' }), 'chart.png');
    const cookie = `sid=${c['w-officer'].cookies.get('sid')}`;
    const up = await fetch(`${t.url}/risk/powers/${id}/flow-chart`, { method: 'POST', body: fd, headers: { cookie }, redirect: 'manual' });
    expect(up.status).toBe(303);
    const noToken = new FormData();
    noToken.append('file', new Blob([new Uint8Array(PNG_BYTES)], { type: 'image/png' }), 'chart.png');
    expect((await fetch(`${t.url}/risk/powers/${id}/flow-chart`, { method: 'POST', body: noToken, headers: { cookie }, redirect: 'manual' })).status).toBe(403);
    const after = await c['w-officer'].get(`/risk/powers/${id}`);
    expect(after.text).toContain('class="risk-flow-chart"');
    expect(after.text).toContain('上传流程图');
  });

  it('creates a risk point through the form, with plugin fields, and lists it with its grade', async () => {
    const page = await c['w-buyer'].get('/risk/points/new');
    expect(page.text).toContain('采购类别');
    expect(page.text).toContain('可能触犯国家法律');
    const bad = await form(c['w-buyer'], '/risk/points', { level: 'post', category: 'post-duty', title: '', likelihood: '2', harm: '3', 'ext__risk-ext-plugin__procurementKind': 'food' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('风险点：不能为空');
    const ok = await form(c['w-buyer'], '/risk/points', { level: 'post', category: 'post-duty', title: '药品遴选中收受回扣', likelihood: '2', harm: '3', measuresPrevention: '签订承诺书', 'ext__risk-ext-plugin__procurementKind': 'drug' });
    expect(ok.status).toBe(303);
    const list = await c['w-officer'].get('/risk/points');
    expect(list.text).toContain('药品遴选中收受回扣');
    expect(list.text).toContain('risk-grade-1');
    expect(list.text).toMatch(/<th>采购类别<\/th>[\s\S]*<td data-label="采购类别">药品<\/td>/);
    const en = await c['w-officer'].get('/risk/points?lang=en');
    expect(en.status).toBe(200);
    expect(en.text).toContain('<h1>Risk points</h1>');
    expect(en.text).toContain('Procurement kind');
    const filtered = await c['w-officer'].get('/risk/points?grade=3');
    expect(filtered.text).toContain('没有符合条件的风险点');
  });

  it('colours contributions by who made them and refuses out-of-turn steps on the page', async () => {
    const list = await c['w-buyer'].get('/api/risk/points');
    const id = list.body.items[0].id;
    expect((await form(c['w-buyer'], `/risk/points/${id}/step`, { step: '1', content: '本人查找' })).status).toBe(303);
    expect((await form(c['w-colleague'], `/risk/points/${id}/step`, { step: '2', content: '同事补充' })).status).toBe(303);
    expect((await form(c['w-pharm-head'], `/risk/points/${id}/step`, { step: '3', content: '领导点评' })).status).toBe(303);
    const wrong = await form(c['w-colleague'], `/risk/points/${id}/step`, { step: '4', content: '越权' });
    expect(wrong.status).toBe(409);
    expect(wrong.text).toContain('“集体定”须由主要领导办理');
    const page = await c['w-officer'].get(`/risk/points/${id}`);
    expect(page.text).toMatch(/class="contrib contrib-black" data-kind="self">[\s\S]*本人查找/);
    expect(page.text).toMatch(/class="contrib contrib-blue" data-kind="colleague">[\s\S]*同事补充/);
    expect(page.text).toMatch(/class="contrib contrib-red" data-kind="leader">[\s\S]*领导点评/);
    expect(page.text).toContain('您不能办理当前步骤');
  });

  it('publishes through the page, takes a staff objection and a personal commitment with acknowledgement', async () => {
    const id = (await c['w-buyer'].get('/api/risk/points')).body.items[0].id;
    const officer = await t.login('w-officer');
    await addPerson(t, { username: 'w-head', name: '卞宏', institution: 'risk-hospital', department: '院办公室', post: '院长', role: 'head' });
    const headClient = await t.login('w-head');
    expect((await form(headClient, `/risk/points/${id}/step`, { step: '4', content: '集体定' })).status).toBe(303);
    expect((await form(officer, `/risk/points/${id}/step`, { step: '5', content: '组织审' })).status).toBe(303);
    const empty = await officer.get('/risk/publications');
    expect(empty.text).toContain('尚未发布公示');
    const today = new Date().toISOString().slice(0, 10);
    const bad = await form(officer, '/risk/publications', { title: '公示', startsOn: today, endsOn: '2000-01-01', pointIds: [String(id)] });
    expect(bad.status).toBe(400);
    const ok = await form(officer, '/risk/publications', { title: '药剂科风险点公示', startsOn: today, endsOn: '2099-12-31', pointIds: [String(id)] });
    expect(ok.status).toBe(303);
    const pubUrl = ok.headers.get('location')!;
    expect((await form(c['w-colleague'], `${pubUrl}/comments`, { kind: 'objection', pointId: String(id), content: '措施不具体' })).status).toBe(303);
    const page = await c['w-colleague'].get(pubUrl);
    expect(page.text).toContain('药品遴选中收受回扣');
    expect(page.text).toMatch(/异议[\s\S]*措施不具体/);
    expect((await form(c['w-buyer'], '/risk/commitments', { kind: 'personal', year: '2026', pledge: '不收受回扣', pointIds: [String(id)] })).status).toBe(303);
    const list = await c['w-buyer'].get('/risk/commitments');
    expect(list.text).toContain('个人承诺书（附表4）');
    expect(list.text).toContain('确认签署');
    const cid = (await c['w-buyer'].get('/api/risk/commitments')).body[0].id;
    expect((await form(c['w-buyer'], `/risk/commitments/${cid}/acknowledge`, {})).status).toBe(303);
    expect((await c['w-buyer'].get('/risk/commitments')).text).toContain('韩采薇 · ');
  });

  it('assesses the seven risk-index factors on the form, shows them on the point page and regrades them, 未评估 clearing one', async () => {
    const page = await c['w-officer'].get('/risk/points/new');
    for (const label of ['风险评估因素', '影响范围', '发生频度', '变化幅度', '分布情况', '持续时间', '未评估', '3 长期持续']) expect(page.text).toContain(label);
    expect(page.text).toContain('发生概率、危害程度各 8');
    const fields = { level: 'institution', category: 'system-mechanism', title: '七因素评估的风险点', likelihood: '2', harm: '3', scope: '1', frequency: '1', variability: '3', distribution: '2', duration: '3' };
    const bad = await form(c['w-officer'], '/risk/points', { ...fields, variability: '4' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/class="invalid">变化幅度[\s\S]*?<small class="error">变化幅度/);
    const ok = await form(c['w-officer'], '/risk/points', fields);
    expect(ok.status).toBe(303);
    const id = ok.headers.get('location')!.split('/').pop();
    expect((await c['w-officer'].get(`/api/risk/points/${id}`)).body).toMatchObject({ riskIndex: 75, scope: 1, frequency: 1, variability: 3, distribution: 2, duration: 3 });
    const detail = await c['w-officer'].get(`/risk/points/${id}`);
    expect(detail.text).toMatch(/<dt>变化幅度<\/dt><dd>3 变化剧烈<\/dd>/);
    expect(detail.text).toMatch(/<dt>分布情况<\/dt><dd>2 多个环节<\/dd>/);
    expect(detail.text).toMatch(/<dt>风险指数<\/dt><dd>75 /);
    const re = await form(c['w-officer'], `/risk/points/${id}/regrade`, { ...fields, variability: '', reason: '变化幅度暂无法评估' });
    expect(re.status).toBe(303);
    expect((await c['w-officer'].get(`/api/risk/points/${id}`)).body).toMatchObject({ riskIndex: 74, variability: null, distribution: 2, duration: 3 });
    expect((await c['w-officer'].get(`/risk/points/${id}`)).text).toMatch(/<dt>变化幅度<\/dt><dd class="muted">未评估<\/dd>/);
  });
});
