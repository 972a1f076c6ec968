import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiClient, TestApp } from '../support/test-app';
import { addPerson, PersonRef, PNG_BYTES, startRiskApp, upload } from '../support/risk-fixtures';

// Steps wait on a busy shared machine; each test gets a minute.
jest.setTimeout(60_000);

describe('risk module: power catalogue, risk points, identification steps', () => {
  let t: TestApp;
  let hospital: number;
  const p: Record<string, PersonRef> = {};
  const c: Record<string, ApiClient> = {};

  beforeAll(async () => {
    t = await startRiskApp();
    hospital = await t.institutionId('risk-hospital');
    p.buyer = await addPerson(t, { username: 'buyer', name: '韩采薇', institution: 'risk-hospital', department: '药剂科', post: '药品采购员', role: 'staff', postSince: '2019-03-01' });
    p.colleague = await addPerson(t, { username: 'colleague', name: '邵可', institution: 'risk-hospital', department: '药剂科', post: '药库管理员', role: 'staff' });
    p.pharmHead = await addPerson(t, { username: 'pharm-head', name: '潘仁', institution: 'risk-hospital', department: '药剂科', post: '药剂科主任', role: 'department-head' });
    p.deputy = await addPerson(t, { username: 'deputy', name: '韦德明', institution: 'risk-hospital', department: '院办公室', post: '分管副院长', role: 'deputy-in-charge' });
    p.head = await addPerson(t, { username: 'head', name: '卞宏', institution: 'risk-hospital', department: '院办公室', post: '院长', role: 'head' });
    p.officer = await addPerson(t, { username: 'officer', name: '施正', institution: 'risk-hospital', department: '纪检监察室', post: '纪检监察员', role: 'discipline-officer' });
    p.bureauHead = await addPerson(t, { username: 'bureau-head', name: '季远', institution: 'risk-bureau', department: '局办公室', post: '局长', role: 'head' });
    p.bureauStaff = await addPerson(t, { username: 'bureau-staff', name: '钟言', institution: 'risk-bureau', department: '市场科', post: '科员', role: 'staff' });
    for (const u of ['buyer', 'colleague', 'pharm-head', 'deputy', 'head', 'officer', 'bureau-head', 'bureau-staff']) c[u] = await t.login(u);
  }, 120_000);
  afterAll(() => t.close(), 60_000);

  const point = (over: Record<string, unknown> = {}) => ({ level: 'post', title: '药品遴选中收受回扣', category: 'post-duty', description: '利用药品遴选、采购权收受供应商回扣', manifestation: '指定品牌、拆分采购', likelihood: 2, harm: 3, measuresPrevention: '廉洁从业教育，签订廉政承诺书', measuresMonitoring: '采购全程纪检监督，资格预审、评标、定标三分离', measuresDisposal: '发现苗头及时诫勉谈话', ...over });

  describe('power catalogue (职权目录)', () => {
    let powerId: number;

    it('keeps the 003 篇1 fields and a version row for every add, change and removal', async () => {
      const created = await c.officer.post('/api/risk/powers', {
        number: 'YJ-001',
        category: '行政管理',
        name: '药品采购',
        legalBasisDocument: '《药品管理法》',
        legalBasisArticle: '第五十五条',
        processDescription: '科室申请→药事委员会遴选→招标采购→验收入库',
        responsibleDepartmentId: p.buyer.departmentId,
        responsiblePostId: p.buyer.postId,
        keyLinks: '遴选、定标',
        weakLinks: '紧急采购',
        workRules: '资格预审、评标、定标三分离',
        relatedRegulations: '《医院药品采购管理制度》',
      });
      expect(created.status).toBe(201);
      powerId = created.body.id;
      expect(created.body).toMatchObject({ number: 'YJ-001', name: '药品采购', responsibleDepartmentName: '药剂科', responsiblePostName: '药品采购员', version: 1, removed: false, flowChart: null });
      const changed = await c.officer.patch(`/api/risk/powers/${powerId}`, { weakLinks: '紧急采购、临时采购' });
      expect(changed.body.version).toBe(2);
      const dup = await c.officer.post('/api/risk/powers', { number: 'YJ-001', category: '行政管理', name: '重复' });
      expect(dup.status).toBe(409);
      const other = await c.officer.post('/api/risk/powers', { number: 'YJ-002', category: '行政管理', name: '器械采购' });
      const removed = await c.officer.request('DELETE', `/api/risk/powers/${other.body.id}`, {});
      expect(removed.body).toMatchObject({ removed: true, version: 2 });
      expect(removed.body.versions.map((v: any) => v.action)).toEqual(['create', 'remove']);
      const list = await c.buyer.get('/api/risk/powers');
      expect(list.body.map((x: any) => x.number)).toEqual(['YJ-001']);
      const all = await c.buyer.get('/api/risk/powers?includeRemoved=true');
      expect(all.body.map((x: any) => x.number)).toEqual(['YJ-001', 'YJ-002']);
      const detail = await c.buyer.get(`/api/risk/powers/${powerId}`);
      expect(detail.body.versions.map((v: any) => [v.version, v.action])).toEqual([[1, 'create'], [2, 'update']]);
      expect(detail.body.versions[0].snapshot.weakLinks).toBe('紧急采购');
      expect(detail.body.versions[1].snapshot.weakLinks).toBe('紧急采购、临时采购');
      expect((await c.officer.patch(`/api/risk/powers/${other.body.id}`, { name: 'x' })).status).toBe(409);
    });

    it('staff may read but not change the catalogue; another institution sees 404', async () => {
      expect((await c.buyer.post('/api/risk/powers', { number: 'X', category: 'x', name: 'x' })).status).toBe(403);
      expect((await c['bureau-head'].get(`/api/risk/powers/${powerId}`)).status).toBe(404);
      expect((await c['bureau-head'].patch(`/api/risk/powers/${powerId}`, { name: 'x' })).status).toBe(404);
      expect((await c.officer.post('/api/risk/powers', { number: 'Y', category: 'x', name: 'x', bogus: 1 })).status).toBe(400);
    });

    it('accepts a PNG flow chart checked by its bytes, refuses other types and oversize files', async () => {
      const url = `${t.url}/api/risk/powers/${powerId}/flow-chart`;
      const ok = await upload(url, c.officer.cookies, c.officer.csrf, PNG_BYTES, '流程图.png', 'image/png');
      expect(ok.status).toBe(201);
      expect(ok.body.flowChart).toMatchObject({ name: '流程图.png', mime: 'image/png', size: PNG_BYTES.length });
      expect(ok.body.versions.at(-1).action).toBe('flow-chart');
      const stored = fs.readdirSync(path.join(t.env.DATA_DIR, 'risk-files', String(hospital)));
      expect(stored).toHaveLength(1);
      const back = await fetch(`${t.url}${ok.body.flowChart.url}`, { headers: { cookie: `sid=${c.buyer.cookies.get('sid')}` } });
      expect(back.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await back.arrayBuffer()).equals(PNG_BYTES)).toBe(true);
      // An SVG calling itself a PNG is refused from its bytes.
      const fake = await upload(url, c.officer.cookies, c.officer.csrf, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.png', 'image/png');
      expect(fake.status).toBe(415);
      expect(fake.body.message).toContain('PNG');
      const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5 * 1024 * 1024 + 10)]);
      expect((await upload(url, c.officer.cookies, c.officer.csrf, big, 'big.pdf', 'application/pdf')).status).toBe(413);
      expect((await upload(url, c.officer.cookies, null, PNG_BYTES, 'a.png', 'image/png')).status).toBe(403);
      expect((await upload(url, c.buyer.cookies, c.buyer.csrf, PNG_BYTES, 'a.png', 'image/png')).status).toBe(403);
      expect(fs.readdirSync(path.join(t.env.DATA_DIR, 'risk-files', String(hospital)))).toHaveLength(1);
    });
  });

  describe('risk points', () => {
    it('grades from the likelihood × harm matrix and fills responsibility from the 002 preset', async () => {
      const settings = await c.buyer.get('/api/risk/settings');
      expect(settings.body.categories.map((x: any) => x.label)).toEqual(['岗位职责', '业务流程', '制度机制', '外部环境']);
      expect(settings.body.steps.map((x: any) => x.label)).toEqual(['自己找', '同事帮', '领导点', '集体定', '组织审']);
      expect(settings.body.grades.map((g: any) => [g.label, g.responsible, g.supervisor])).toEqual([
        ['一级', '分管领导', '主要领导'],
        ['二级', '科室负责人', '分管领导'],
        ['三级', '岗位本人', '科室负责人'],
      ]);
      expect(settings.body.grades[0].help).toContain('触犯国家法律');

      const one = await c.buyer.post('/api/risk/points', point());
      expect(one.status).toBe(201);
      expect(one.body).toMatchObject({ level: 'post', departmentName: '药剂科', postName: '药品采购员', ownerName: '韩采薇', grade: 1, gradeLabel: '一级', responsibleName: '韦德明', supervisorName: '卞宏', status: 'identifying', currentStep: 0, version: 1 });
      const two = await c.buyer.post('/api/risk/points', point({ title: '验收把关不严', likelihood: 2, harm: 2 }));
      expect(two.body).toMatchObject({ grade: 2, responsibleName: '潘仁', supervisorName: '韦德明' });
      const three = await c.buyer.post('/api/risk/points', point({ title: '台账登记不及时', likelihood: 1, harm: 1, category: 'system-mechanism' }));
      expect(three.body).toMatchObject({ grade: 3, gradeLabel: '三级', responsibleName: '韩采薇', supervisorName: '潘仁', categoryLabel: '制度机制' });
      expect(one.body.riskIndex).toBeGreaterThan(two.body.riskIndex);
      expect(two.body.riskIndex).toBeGreaterThan(three.body.riskIndex);
    });

    it('logs a regrade with its reason and refills responsibility unless overridden', async () => {
      const created = await c.buyer.post('/api/risk/points', point({ title: '供应商资质审核', likelihood: 1, harm: 1 }));
      expect(created.body.grade).toBe(3);
      expect((await c.officer.post(`/api/risk/points/${created.body.id}/regrade`, { likelihood: 3, harm: 2 })).status).toBe(400);
      expect((await c.buyer.post(`/api/risk/points/${created.body.id}/regrade`, { likelihood: 3, harm: 2, reason: 'x' })).status).toBe(403);
      const re = await c.officer.post(`/api/risk/points/${created.body.id}/regrade`, { likelihood: 3, harm: 2, reason: '采购金额增大，重新评估' });
      expect(re.status).toBe(201);
      expect(re.body).toMatchObject({ grade: 1, responsibleName: '韦德明', supervisorName: '卞宏', version: 2 });
      expect(re.body.gradeLog).toEqual([expect.objectContaining({ fromGrade: 3, toGrade: 1, reason: '采购金额增大，重新评估' })]);
      const over = await c.officer.patch(`/api/risk/points/${created.body.id}`, { responsiblePersonId: p.pharmHead.personId });
      expect(over.body).toMatchObject({ responsibleName: '潘仁', responsibilityOverridden: true });
      const re2 = await c.officer.post(`/api/risk/points/${created.body.id}/regrade`, { likelihood: 1, harm: 2, reason: '已整改' });
      expect(re2.body).toMatchObject({ grade: 2, responsibleName: '潘仁' });
      expect(re2.body.versions.map((v: any) => v.version)).toEqual([1, 2, 3, 4]);
    });

    it('uses the 000 preset (A/B/C, A → head) and the 001 step variant where configured', async () => {
      const settings = await c['bureau-staff'].get('/api/risk/settings');
      expect(settings.body.categories.map((x: any) => x.label)).toEqual(['决策', '个人', '用人', '失职']);
      expect(settings.body.steps.map((x: any) => x.label)).toEqual(['自己查', '领导点', '群众提', '互相找', '集体定']);
      const a = await c['bureau-staff'].post('/api/risk/points', point({ category: 'decision', likelihood: 3, harm: 3 }));
      expect(a.body).toMatchObject({ grade: 1, gradeLabel: 'A级', responsibleName: '季远' });
      expect((await c['bureau-staff'].post('/api/risk/points', point())).status).toBe(400);
    });

    it('validates plugin extension fields and shows them in the API and the list', async () => {
      const bad = await c.buyer.post('/api/risk/points', point({ extensions: { 'risk-ext-plugin': { procurementKind: 'food' } } }));
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].field).toBe('extensions.risk-ext-plugin.procurementKind');
      const unknown = await c.buyer.post('/api/risk/points', point({ extensions: { 'no-such-plugin': { a: 1 } } }));
      expect(unknown.status).toBe(400);
      const extra = await c.buyer.post('/api/risk/points', point({ extensions: { 'risk-ext-plugin': { procurementKind: 'drug', colour: 'red' } } }));
      expect(extra.status).toBe(400);
      const ok = await c.buyer.post('/api/risk/points', point({ title: '带扩展字段', extensions: { 'risk-ext-plugin': { procurementKind: 'drug', annualAmountFen: 120_000_00 } } }));
      expect(ok.status).toBe(201);
      expect(ok.body.extensions).toEqual({ 'risk-ext-plugin': { procurementKind: 'drug', annualAmountFen: 12_000_000 } });
      const patched = await c.buyer.patch(`/api/risk/points/${ok.body.id}`, { extensions: { 'risk-ext-plugin': { annualAmountFen: 5 } } });
      expect(patched.body.extensions['risk-ext-plugin']).toEqual({ procurementKind: 'drug', annualAmountFen: 5 });
      const list = await c.buyer.get('/api/risk/points?q=带扩展');
      expect(list.body.items[0].extensions['risk-ext-plugin'].procurementKind).toBe('drug');
      const settings = await c.buyer.get('/api/risk/settings');
      expect(settings.body.extensionFields[0].fields.map((f: any) => f.label)).toEqual(['采购类别', '年采购额（分）']);
    });

    it('lists with filters and ranks the top ten by risk index', async () => {
      const all = await c.officer.get('/api/risk/points');
      expect(all.body.total).toBeGreaterThanOrEqual(5);
      const g1 = await c.officer.get('/api/risk/points?grade=1');
      expect(g1.body.items.every((x: any) => x.grade === 1)).toBe(true);
      const cat = await c.officer.get('/api/risk/points?category=system-mechanism');
      expect(cat.body.items.map((x: any) => x.title)).toEqual(['台账登记不及时']);
      const dept = await c.officer.get(`/api/risk/points?departmentId=${p.buyer.departmentId}&status=identifying&q=验收`);
      expect(dept.body.items.map((x: any) => x.title)).toEqual(['验收把关不严']);
      expect((await c.officer.get('/api/risk/points?grade=7')).status).toBe(400);
      expect((await c.officer.get('/api/risk/points?status=bogus')).status).toBe(400);
      const top = await c.officer.get('/api/risk/points/top');
      const indexes = top.body.map((x: any) => x.riskIndex);
      expect(indexes).toEqual([...indexes].sort((a: number, b: number) => b - a));
      expect(top.body.length).toBeLessThanOrEqual(10);
      expect((await c['bureau-head'].get(`/api/risk/points?institutionId=${hospital}`)).status).toBe(404);
    });

    it('computes the index from all seven 003 篇1 factors, the three new ones optional, validated and regradable', async () => {
      for (const bad of [0, 4, 2.5, 'x']) {
        const res = await c.buyer.post('/api/risk/points', point({ title: '因素校验', variability: bad }));
        expect({ bad, status: res.status, field: res.body.details?.[0]?.field }).toEqual({ bad, status: 400, field: 'variability' });
      }
      expect((await c.buyer.post('/api/risk/points', point({ title: '因素校验', duration: 9 }))).body.details[0].field).toBe('duration');
      const plain = await c.buyer.post('/api/risk/points', point({ title: '四因素风险点', distribution: null }));
      expect(plain.body).toMatchObject({ riskIndex: 73, scope: 1, frequency: 1, variability: null, distribution: null, duration: null });
      const seven = await c.buyer.post('/api/risk/points', point({ title: '七因素风险点', variability: 3, distribution: 2, duration: 3 }));
      expect(seven.status).toBe(201);
      expect(seven.body).toMatchObject({ grade: 1, riskIndex: 75, variability: 3, distribution: 2, duration: 3 });
      const settings = await c.buyer.get('/api/risk/settings');
      expect(settings.body.factors.map((f: any) => [f.key, f.label, f.weight, f.optional])).toEqual([
        ['scope', '影响范围', 2, false],
        ['frequency', '发生频度', 2, false],
        ['variability', '变化幅度', 1, true],
        ['distribution', '分布情况', 1, true],
        ['duration', '持续时间', 1, true],
      ]);
      expect(settings.body.riskIndexHelp).toContain('权重');
      // Regrading without the factors keeps them; null sets one back to "not assessed" ((8·2 + 8·3 + 2·3 + 2·1 + 2 + 3) / 22 / 3 × 100 = 80).
      const same = await c.officer.post(`/api/risk/points/${seven.body.id}/regrade`, { likelihood: 2, harm: 3, reason: '复核' });
      expect(same.body).toMatchObject({ riskIndex: 75, variability: 3 });
      const cleared = await c.officer.post(`/api/risk/points/${seven.body.id}/regrade`, { likelihood: 2, harm: 3, variability: null, scope: 3, reason: '变化幅度暂无法评估，影响范围扩大' });
      expect(cleared.body).toMatchObject({ riskIndex: 80, scope: 3, variability: null, distribution: 2, duration: 3 });
      expect((await c.officer.post(`/api/risk/points/${seven.body.id}/regrade`, { likelihood: 2, harm: 3, duration: 4, reason: 'x' })).status).toBe(400);
    });
  });

  describe('identification steps', () => {
    let id: number;
    beforeAll(async () => {
      id = (await c.buyer.post('/api/risk/points', point({ title: '五步法测试' }))).body.id;
    });

    it('refuses steps out of order and steps by the wrong role with 409 and the reason', async () => {
      const early = await c.officer.post(`/api/risk/points/${id}/steps/5`, { content: '审核通过' });
      expect(early.status).toBe(409);
      expect(early.body.message).toContain('第1步“自己找”');
      const notMine = await c.colleague.post(`/api/risk/points/${id}/steps/1`, { content: '我替他找' });
      expect(notMine.status).toBe(409);
      expect(notMine.body.message).toContain('本人');
      expect((await c.buyer.post(`/api/risk/points/${id}/steps/1`, { content: '本人查找：遴选环节' })).status).toBe(201);
      const selfHelp = await c.buyer.post(`/api/risk/points/${id}/steps/2`, { content: '自己帮自己' });
      expect(selfHelp.status).toBe(409);
      expect((await c.colleague.post(`/api/risk/points/${id}/steps/2`, { content: '同事补充：与供应商私下接触' })).status).toBe(201);
      const staffAsLeader = await c.colleague.post(`/api/risk/points/${id}/steps/3`, { content: 'x' });
      expect(staffAsLeader.status).toBe(409);
      expect(staffAsLeader.body.message).toContain('主要领导、分管领导、科室负责人');
      expect((await c['pharm-head'].post(`/api/risk/points/${id}/steps/3`, { content: '领导点：紧急采购' })).status).toBe(201);
    });

    it('sends back to an earlier step keeping every contribution, and refuses publishing before approval', async () => {
      const back = await c.head.post(`/api/risk/points/${id}/send-back`, { toStep: 2, reason: '同事意见不够具体' });
      expect(back.status).toBe(201);
      expect(back.body.currentStep).toBe(1);
      expect(back.body.contributions.map((x: any) => [x.stepLabel, x.action, x.colour])).toEqual([
        ['自己找', 'contribute', 'black'],
        ['同事帮', 'contribute', 'blue'],
        ['领导点', 'contribute', 'red'],
        ['集体定', 'send-back', 'red'],
      ]);
      expect((await c.head.post(`/api/risk/points/${id}/send-back`, { toStep: 3, reason: 'x' })).status).toBe(409);
      expect((await c.colleague.post(`/api/risk/points/${id}/steps/2`, { content: '补充：回扣以会议费名义支付' })).status).toBe(201);
      expect((await c['pharm-head'].post(`/api/risk/points/${id}/steps/3`, { content: '同意' })).status).toBe(201);
      expect((await c.head.post(`/api/risk/points/${id}/steps/4`, { content: '班子会议集体研究确定' })).status).toBe(201);
      const done = await c.officer.post(`/api/risk/points/${id}/steps/5`, { content: '审核通过' });
      expect(done.body).toMatchObject({ status: 'approved' });
      expect(done.body.contributions).toHaveLength(8);
      expect((await c.officer.post(`/api/risk/points/${id}/steps/5`, { content: 'again' })).status).toBe(409);
    });
  });
});
