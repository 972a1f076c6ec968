import ExcelJS from 'exceljs';
import { Clock } from '../../core/clock/clock';
import { ApiClient, TestApp } from '../support/test-app';
import { addPerson, PersonRef, startRiskApp } from '../support/risk-fixtures';

// Steps wait on a busy shared machine; each test gets a minute.
jest.setTimeout(60_000);

describe('risk module: one risk point through five steps, publication, commitments', () => {
  let t: TestApp;
  const p: Record<string, PersonRef> = {};
  const c: Record<string, ApiClient> = {};
  let pointId: number;
  let publicationId: number;

  beforeAll(async () => {
    t = await startRiskApp();
    t.app.get(Clock).set('2026-07-01T02:00:00Z');
    p.buyer = await addPerson(t, { username: 'f-buyer', name: '韩采薇', institution: 'risk-hospital', department: '药剂科', post: '药品采购员', role: 'staff' });
    p.colleague = await addPerson(t, { username: 'f-colleague', name: '邵可', institution: 'risk-hospital', department: '药剂科', post: '药库管理员', role: 'staff' });
    p.pharmHead = await addPerson(t, { username: 'f-pharm-head', name: '潘仁', institution: 'risk-hospital', department: '药剂科', post: '药剂科主任', role: 'department-head' });
    p.deputy = await addPerson(t, { username: 'f-deputy', name: '韦德明', institution: 'risk-hospital', department: '院办公室', post: '分管副院长', role: 'deputy-in-charge' });
    p.head = await addPerson(t, { username: 'f-head', name: '卞宏', institution: 'risk-hospital', department: '院办公室', post: '院长', role: 'head' });
    p.officer = await addPerson(t, { username: 'f-officer', name: '施正', institution: 'risk-hospital', department: '纪检监察室', post: '纪检监察员', role: 'discipline-officer' });
    p.other = await addPerson(t, { username: 'f-bureau', name: '钟言', institution: 'risk-bureau', department: '市场科', post: '科员', role: 'staff' });
    for (const u of ['f-buyer', 'f-colleague', 'f-pharm-head', 'f-deputy', 'f-head', 'f-officer', 'f-bureau']) c[u] = await t.login(u);
  }, 120_000);
  afterAll(() => t.close(), 60_000);

  it('walks one risk point through 自己找 → 同事帮 → 领导点 → 集体定 → 组织审 with five different users', async () => {
    const power = await c['f-officer'].post('/api/risk/powers', { number: 'YJ-001', category: '行政管理', name: '药品采购', responsibleDepartmentId: p.buyer.departmentId });
    const created = await c['f-buyer'].post('/api/risk/points', {
      level: 'post',
      title: '药品遴选中收受回扣',
      category: 'post-duty',
      description: '利用药品遴选、采购权收受供应商回扣',
      manifestation: '指定品牌、拆分采购规避招标',
      likelihood: 2,
      harm: 3,
      powerIds: [power.body.id],
      measuresPrevention: '廉洁从业教育，签订廉政承诺书',
      measuresMonitoring: '资格预审、评标、定标三分离，纪检全程监督',
      measuresDisposal: '发现苗头及时诫勉谈话，查实移送',
    });
    expect(created.status).toBe(201);
    pointId = created.body.id;
    expect(created.body.powers).toEqual([{ id: power.body.id, number: 'YJ-001', name: '药品采购' }]);
    const order: [string, string][] = [
      ['f-buyer', '本人查找：遴选环节自由裁量大'],
      ['f-colleague', '同事帮：与供应商私下接触'],
      ['f-pharm-head', '领导点：紧急采购环节'],
      ['f-head', '集体定：班子会议定为一级风险'],
      ['f-officer', '组织审：审核通过'],
    ];
    // Publishing before approval is refused with the reason.
    const early = await c['f-officer'].post('/api/risk/publications', { title: '2026年度药剂科廉政风险点公示', startsOn: '2026-07-01', endsOn: '2026-07-07', pointIds: [pointId] });
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('只有审定通过的风险点才能公示');
    let last: any;
    for (const [i, [user, content]] of order.entries()) {
      last = await c[user].post(`/api/risk/points/${pointId}/steps/${i + 1}`, { content });
      expect(last.status).toBe(201);
    }
    expect(last.body.status).toBe('approved');
    expect(last.body.contributions.map((x: any) => [x.stepLabel, x.authorName, x.colour])).toEqual([
      ['自己找', '韩采薇', 'black'],
      ['同事帮', '邵可', 'blue'],
      ['领导点', '潘仁', 'red'],
      ['集体定', '卞宏', 'red'],
      ['组织审', '施正', 'red'],
    ]);
    expect(new Set(last.body.contributions.map((x: any) => x.authorName)).size).toBe(5);
  });

  it('publishes the approved point for a period that staff can read and comment on', async () => {
    expect((await c['f-buyer'].post('/api/risk/publications', { title: 'x', startsOn: '2026-07-01', endsOn: '2026-07-07', pointIds: [pointId] })).status).toBe(403);
    expect((await c['f-officer'].post('/api/risk/publications', { title: 'x', startsOn: '2026-07-08', endsOn: '2026-07-01', pointIds: [pointId] })).status).toBe(400);
    const pub = await c['f-officer'].post('/api/risk/publications', { title: '2026年度药剂科廉政风险点公示', startsOn: '2026-07-01', endsOn: '2026-07-07', pointIds: [pointId] });
    expect(pub.status).toBe(201);
    publicationId = pub.body.id;
    expect(pub.body).toMatchObject({ version: 1, status: 'open', inPeriod: true });
    expect(pub.body.items).toEqual([expect.objectContaining({ pointId, title: '药品遴选中收受回扣', gradeLabel: '一级', responsibleName: '韦德明', supervisorName: '卞宏' })]);
    expect((await c['f-buyer'].get(`/api/risk/points/${pointId}`)).body.status).toBe('published');
    const staffView = await c['f-colleague'].get(`/api/risk/publications/${publicationId}`);
    expect(staffView.status).toBe(200);
    expect((await c['f-bureau'].get(`/api/risk/publications/${publicationId}`)).status).toBe(404);
    const objection = await c['f-colleague'].post(`/api/risk/publications/${publicationId}/comments`, { kind: 'objection', pointId, content: '防控措施未覆盖临时采购' });
    expect(objection.status).toBe(201);
    expect((await c['f-buyer'].post(`/api/risk/publications/${publicationId}/comments`, { kind: 'comment', content: '同意' })).status).toBe(201);
    t.app.get(Clock).set('2026-07-09T02:00:00Z');
    const late = await c['f-colleague'].post(`/api/risk/publications/${publicationId}/comments`, { kind: 'comment', content: '过期了' });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('不在公示期内');
  });

  it('exports the published catalogue 《权力廉政风险等级目录》 and reads it back', async () => {
    const res = await fetch(`${t.url}/api/risk/export?kind=catalogue`, { headers: { cookie: `sid=${c['f-officer'].cookies.get('sid')}` } });
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition')!.split("UTF-8''")[1])).toBe('丁县医院权力廉政风险等级目录.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0][0]).toBe('丁县医院权力廉政风险等级目录');
    expect(rows[1]).toEqual(['序号', '职权编号', '职权名称', '风险点', '风险类别', '风险等级', '表现形式', '前期预防', '中期监控', '后期处置', '责任人', '监督人', '采购类别', '年采购额（分）']);
    expect(rows.slice(2)).toEqual([
      [1, 'YJ-001', '药品采购', '药品遴选中收受回扣', '岗位职责', '一级', '指定品牌、拆分采购规避招标', '廉洁从业教育，签订廉政承诺书', '资格预审、评标、定标三分离，纪检全程监督', '发现苗头及时诫勉谈话，查实移送', '韦德明', '卞宏', '', ''],
    ]);
  });

  it('revises after the objection: the point gets a new version and the publication a new version, comments kept', async () => {
    const revise = await c['f-pharm-head'].patch(`/api/risk/points/${pointId}`, { measuresPrevention: '廉洁从业教育；临时采购须两人以上经办', reason: '采纳公示期意见' });
    expect(revise.body).toMatchObject({ status: 'identifying', currentStep: 4, version: 2 });
    const tooEarly = await c['f-officer'].post(`/api/risk/publications/${publicationId}/revise`, { endsOn: '2026-07-16' });
    expect(tooEarly.status).toBe(409);
    expect((await c['f-officer'].post(`/api/risk/points/${pointId}/steps/5`, { content: '修订后审核通过' })).body.status).toBe('approved');
    const next = await c['f-officer'].post(`/api/risk/publications/${publicationId}/revise`, { startsOn: '2026-07-09', endsOn: '2026-07-16' });
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({ version: 2, supersedesId: publicationId, status: 'open', inPeriod: true });
    expect(next.body.items[0]).toMatchObject({ version: 2, measures: expect.objectContaining({ prevention: '廉洁从业教育；临时采购须两人以上经办' }) });
    expect(next.body.comments.map((x: any) => [x.publicationVersion, x.kind, x.content])).toEqual([
      [1, 'objection', '防控措施未覆盖临时采购'],
      [1, 'comment', '同意'],
    ]);
    const old = await c['f-officer'].get(`/api/risk/publications/${publicationId}`);
    expect(old.body.status).toBe('superseded');
    expect((await c['f-officer'].post(`/api/risk/publications/${publicationId}/revise`, {})).status).toBe(409);
    const list = await c['f-colleague'].get('/api/risk/publications');
    expect(list.body.map((x: any) => [x.version, x.status, x.comments])).toEqual([
      [2, 'open', 0],
      [1, 'superseded', 2],
    ]);
    const point = await c['f-officer'].get(`/api/risk/points/${pointId}`);
    expect(point.body.versions.map((v: any) => [v.version, v.reason])).toEqual([
      [1, 'create'],
      [2, '采纳公示期意见'],
    ]);
  });

  it('ties personal and department commitments (附表4-5) to risk points and records who acknowledged them and when', async () => {
    const personal = await c['f-buyer'].post('/api/risk/commitments', { kind: 'personal', year: 2026, pledge: '严守廉洁从业规定，不收受供应商任何财物', pointIds: [pointId] });
    expect(personal.status).toBe(201);
    expect(personal.body).toMatchObject({ kind: 'personal', personName: '韩采薇', departmentName: '药剂科', points: [{ id: pointId, title: '药品遴选中收受回扣', grade: 1 }], acknowledgedAt: null });
    const dept = await c['f-officer'].post('/api/risk/commitments', { kind: 'department', departmentId: p.pharmHead.departmentId, year: 2026, pledge: '科室集体承诺', measures: '每月自查采购台账', pointIds: [pointId] });
    expect(dept.status).toBe(201);
    expect((await c['f-buyer'].post('/api/risk/commitments', { kind: 'personal', personId: p.colleague.personId, year: 2026, pledge: 'x', pointIds: [pointId] })).status).toBe(403);
    expect((await c['f-colleague'].post(`/api/risk/commitments/${personal.body.id}/acknowledge`, {})).status).toBe(409);
    t.app.get(Clock).set('2026-07-10T01:30:00Z');
    expect((await c['f-buyer'].post(`/api/risk/commitments/${personal.body.id}/acknowledge`, {})).status).toBe(201);
    expect((await c['f-buyer'].post(`/api/risk/commitments/${personal.body.id}/acknowledge`, {})).status).toBe(409);
    expect((await c['f-deputy'].post(`/api/risk/commitments/${dept.body.id}/acknowledge`, {})).status).toBe(409);
    expect((await c['f-pharm-head'].post(`/api/risk/commitments/${dept.body.id}/acknowledge`, {})).status).toBe(201);
    const list = await c['f-officer'].get('/api/risk/commitments');
    expect(list.body.map((x: any) => [x.kind, x.acknowledgedByName, x.acknowledgedAt])).toEqual([
      ['department', '潘仁', '2026-07-10T01:30:00.000Z'],
      ['personal', '韩采薇', '2026-07-10T01:30:00.000Z'],
    ]);
  });
});
