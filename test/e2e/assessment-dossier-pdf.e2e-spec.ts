import { UserEntity } from '../../core/auth/auth.entities';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { Clock } from '../../core/clock/clock';
import { PersonEntity } from '../../core/org/org.entities';
import { pdfFonts, pdfText, pdfToPng } from '../support/pdf-tools';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

describe('assessment: the integrity dossier as a PDF through the documents pipeline', () => {
  let t: TestApp;
  let officer: ApiClient;
  let alpha: number;
  let zhang: number;
  let docId: number;

  async function fetchPdf(id: number, client: ApiClient): Promise<{ status: number; pdf: Buffer }> {
    const res = await fetch(`${t.url}/api/documents/${id}/pdf`, { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    return { status: res.status, pdf: Buffer.from(await res.arrayBuffer()) };
  }

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).set('2026-12-01T02:00:00Z');
    alpha = await t.institutionId('alpha-hospital');
    await t.createUser('root', [], { admin: true });
    await t.createUser('officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
    await t.createUser('deputy', [{ institution: 'alpha-hospital', role: 'deputy-in-charge' }]);
    officer = await t.login('officer');
    const dept = (await (await t.login('root')).post(`/api/institutions/${alpha}/departments`, { name: '药剂科' })).body.id;
    zhang = await t.db.write(async (m) => {
      const p = m.getRepository(PersonEntity).create({ institutionId: alpha, departmentId: dept, postId: null, name: '张三', title: '药剂科主任', postSince: null });
      await m.getRepository(PersonEntity).insert(p);
      return p.id;
    });
    const zhangUser = await t.createUser('zhang', [{ institution: 'alpha-hospital', role: 'staff' }]);
    await t.db.write((m) => m.getRepository(UserEntity).update({ id: zhangUser }, { personId: zhang }));
    // A paper round: (8 × 100 + 2 × 80) / 10 = 96.00 → 优秀, capped to 良好 by the dossier veto recorded below.
    const scheme = await officer.post('/api/assessment/schemes', {
      name: '2026年度党风廉政建设责任制考核',
      period: '2026',
      items: [{ area: '民主测评', name: '职工民主测评', maxPoints: 100, method: 'evaluation' }],
      subjects: [{ kind: 'person', id: zhang }],
    });
    expect(scheme.status).toBe(201);
    const round = await officer.post(`/api/assessment/schemes/${scheme.body.id}/rounds`, { name: '测评会', mode: 'paper' });
    const subjectId = (await officer.get(`/api/assessment/schemes/${scheme.body.id}`)).body.subjects[0].id;
    await officer.request('PUT', `/api/assessment/rounds/${round.body.id}/paper-tally`, { subjectId, excellent: 8, good: 2, fair: 0, poor: 0, invalid: 1 });
    await officer.post(`/api/assessment/rounds/${round.body.id}/close`);
    expect((await officer.post('/api/assessment/vetoes', { personId: zhang, year: 2026, reason: '因违反廉洁纪律受党内警告处分' })).status).toBe(201);
    expect((await officer.post(`/api/assessment/schemes/${scheme.body.id}/finalise`)).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    t?.app.get(Clock).reset();
    await t?.close();
  });

  it('refuses the PDF to roles that may not open the dossier, before anything is numbered', async () => {
    expect((await (await t.login('staff')).post(`/api/assessment/dossiers/${zhang}/pdf`)).status).toBe(404);
    expect((await (await t.login('deputy')).post(`/api/assessment/dossiers/${zhang}/pdf`)).status).toBe(404);
    expect((await officer.get('/api/documents')).body.items).toEqual([]);
  });

  it('issues a numbered PDF with the person’s results, evaluation score, veto and timeline', async () => {
    const res = await officer.post(`/api/assessment/dossiers/${zhang}/pdf`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ templateId: 'core/integrity-dossier', number: '甲纪〔2026〕1号', title: '廉政档案（张三）', readRoles: ['system-admin', 'discipline-officer', 'head'] });
    docId = res.body.id;
    const { status, pdf } = await fetchPdf(docId, officer);
    expect(status).toBe(200);
    if (process.env.DOCS_PNG_DIR) await pdfToPng(pdf, `${process.env.DOCS_PNG_DIR}/integrity-dossier`);
    for (const f of await pdfFonts(pdf)) expect(f.embedded).toBe(true);
    const text = (await pdfText(pdf)).join('\n').replace(/\s+/g, '');
    expect(text).toContain('廉政档案（张三）');
    expect(text).toContain('姓名：张三；职务：药剂科主任；单位：甲医院。');
    expect(text).toContain('2026年度党风廉政建设责任制考核（2026）：96.00分，良好。等次限制：廉政档案记载一票否决');
    expect(text).toContain('不列入提拔推荐名单。');
    expect(text).toContain('民主测评96.00分');
    expect(text).toContain('2026年度：因违反廉洁纪律受党内警告处分');
    expect(text).toContain('一票否决（2026年度）');
    for (const heading of ['二、廉政风险点', '三、廉政承诺', '四、预警记录', '八、档案记录']) expect(text).toContain(heading);
    expect(text).toContain('无。'); // no risk points in this fixture
  });

  it('lets only the dossier roles and the person read the PDF; others get the same 404 as a missing one', async () => {
    expect((await fetchPdf(docId, await t.login('zhang'))).status).toBe(200);
    expect((await fetchPdf(docId, await t.login('root'))).status).toBe(200);
    expect((await fetchPdf(docId, await t.login('staff'))).status).toBe(404);
    expect((await fetchPdf(docId, await t.login('deputy'))).status).toBe(404);
    expect((await (await t.login('staff')).get(`/api/documents/${docId}`)).status).toBe(404);
    expect((await (await t.login('staff')).get('/api/documents')).body.items).toEqual([]);
  });

  it('logs the dossier view behind each PDF, and the page has the button that issues it', async () => {
    const views = await t.db.read((m) => m.getRepository(AuditEntryEntity).findBy({ objectType: 'dossier', objectId: String(zhang), action: 'dossier.view' }));
    expect(views.map((v) => v.outcome).sort()).toEqual(['denied', 'denied', 'ok']);
    const page = await officer.get(`/assessment/dossiers/${zhang}`);
    expect(page.text).toContain(`action="/assessment/dossiers/${zhang}/pdf"`);
    expect(page.text).toContain('生成廉政档案PDF');
    expect((await (await t.login('zhang')).get(`/assessment/dossiers/${zhang}`)).text).not.toContain('生成廉政档案PDF');
    const posted = await officer.request('POST', `/assessment/dossiers/${zhang}/pdf`, `_csrf=${officer.csrf}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toMatch(/^\/api\/documents\/\d+\/pdf$/);
    const second = Number(/(\d+)\/pdf$/.exec(posted.headers.get('location')!)![1]);
    expect((await officer.get(`/api/documents/${second}`)).body.number).toBe('甲纪〔2026〕2号');
  });
});
