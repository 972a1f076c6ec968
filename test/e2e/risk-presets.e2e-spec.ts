import * as path from 'node:path';
import { DepartmentEntity, PersonEntity, PostEntity } from '../../core/org/org.entities';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';
import { addPerson, PersonRef } from '../support/risk-fixtures';

jest.setTimeout(60_000);

const form = (c: ApiClient, fields: [string, string][]) => c.post(`/risk/presets/import`, new URLSearchParams([['_csrf', c.csrf], ...fields]).toString(), { 'content-type': 'application/x-www-form-urlencoded' });

describe('risk module: plugin preset import and the self step for owners without an account', () => {
  let t: TestApp;
  let bureau = 0;
  const p: Record<string, PersonRef> = {};
  const c: Record<string, ApiClient> = {};
  let accountless = 0;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', 'fixtures', 'tax-config') });
    bureau = await t.institutionId('county-tax-bureau');
    p.inspector = await addPerson(t, { username: 'rp-inspector', name: '稽查员甲', institution: 'county-tax-bureau', department: '稽查局', post: '税务稽查岗', role: 'staff' });
    p.officer = await addPerson(t, { username: 'rp-officer', name: '纪检员乙', institution: 'county-tax-bureau', department: '纪检组', post: '纪检员', role: 'discipline-officer' });
    p.deptHead = await addPerson(t, { username: 'rp-dept-head', name: '科长丙', institution: 'county-tax-bureau', department: '征管科', post: '征管科科长', role: 'department-head' });
    p.otherHead = await addPerson(t, { username: 'rp-other-head', name: '科长丁', institution: 'county-tax-bureau', department: '稽查局', post: '稽查局局长', role: 'department-head' });
    p.colleague = await addPerson(t, { username: 'rp-colleague', name: '同事戊', institution: 'county-tax-bureau', department: '征管科', post: '征管员', role: 'staff' });
    // The reduction-approval post is held by someone with no user account (as after a roster import).
    accountless = await t.db.write(async (m) => {
      const dept = await m.getRepository(DepartmentEntity).findOneByOrFail({ institutionId: bureau, name: '征管科' });
      const post = m.getRepository(PostEntity).create({ institutionId: bureau, departmentId: dept.id, name: '减免税审批岗' });
      await m.getRepository(PostEntity).insert(post);
      const person = m.getRepository(PersonEntity).create({ institutionId: bureau, departmentId: dept.id, postId: post.id, name: '审批员己', title: '减免税审批岗', postSince: null });
      await m.getRepository(PersonEntity).insert(person);
      return person.id;
    });
    for (const u of ['rp-inspector', 'rp-officer', 'rp-dept-head', 'rp-other-head', 'rp-colleague']) c[u] = await t.login(u);
  }, 120_000);
  afterAll(() => t.close(), 60_000);

  const count = async () => (await c['rp-officer'].get('/api/risk/points')).body.total as number;

  it('lists the preset sets of enabled plugins only and previews where each preset would go', async () => {
    const sets = await c['rp-officer'].get('/api/risk/presets');
    expect(sets.status).toBe(200);
    expect(sets.body).toEqual([{ pluginId: 'tax-collection', name: '税收征管廉政监督', count: 6 }]);
    const preview = await c['rp-officer'].get('/api/risk/presets/tax-collection');
    expect(preview.status).toBe(200);
    const byId = Object.fromEntries(preview.body.map((r: any) => [r.id, r]));
    expect(byId['tc-discretionary-penalty']).toMatchObject({ post: '税务稽查岗', ownerName: '稽查员甲', category: 'post-duty', gradeLabel: '一级', likelihood: 3, harm: 3, prevention: '细化自由裁量基准并公开，处罚决定集体审理', problems: [] });
    expect(byId['tc-reduction-approval']).toMatchObject({ ownerName: '审批员己', problems: [] });
    expect(byId['tc-inspection-conduct']).toMatchObject({ category: 'external-environment', gradeLabel: '二级', likelihood: 2, harm: 2 });
    expect(byId['tc-write-off'].problems).toEqual(['本单位没有岗位“欠税管理岗”，请先在组织机构中设置该岗位']);
    // A plugin this institution does not enable, or none at all, is not found; staff may not preview.
    expect((await c['rp-officer'].get('/api/risk/presets/hospital-procurement')).status).toBe(404);
    expect((await c['rp-officer'].get('/api/risk/presets/no-such-plugin')).status).toBe(404);
    expect((await c['rp-inspector'].get('/api/risk/presets/tax-collection')).status).toBe(403);
  });

  it('imports nothing when any chosen preset has a problem (all-or-nothing)', async () => {
    const before = await count();
    const res = await c['rp-officer'].post('/api/risk/presets/tax-collection/import', { presetIds: ['tc-discretionary-penalty', 'tc-write-off', 'tc-nope'] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { presetId: 'tc-nope', message: '没有该预置风险点' },
      { presetId: 'tc-write-off', message: '欠税违规核销或延缓征收：本单位没有岗位“欠税管理岗”，请先在组织机构中设置该岗位' },
    ]);
    expect(await count()).toBe(before);
    expect((await c['rp-inspector'].post('/api/risk/presets/tax-collection/import', { presetIds: ['tc-discretionary-penalty'] })).status).toBe(403);
    expect((await c['rp-officer'].post('/api/risk/presets/tax-collection/import', { presetIds: 'tc-discretionary-penalty' })).status).toBe(400);
  });

  it('imports the chosen presets as drafts at step 1 for the post holders, audited; a second import is refused', async () => {
    const res = await c['rp-officer'].post('/api/risk/presets/tax-collection/import', { presetIds: ['tc-discretionary-penalty', 'tc-reduction-approval'] });
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(2);
    const [a, b] = await Promise.all(res.body.ids.map(async (id: number) => (await c['rp-officer'].get(`/api/risk/points/${id}`)).body));
    expect(a).toMatchObject({ title: '行政处罚自由裁量权滥用', level: 'post', postName: '税务稽查岗', departmentName: '稽查局', ownerName: '稽查员甲', status: 'identifying', currentStep: 0, grade: 1, categoryLabel: '岗位职责' });
    expect(a.measures.monitoring).toBe('系统比对处罚金额与裁量基准，超出即预警');
    expect(b).toMatchObject({ title: '违规审批减免税', ownerPersonId: accountless, ownerName: '审批员己' });
    const audit = await t.db.read((m) => m.query(`SELECT action, object_id FROM audit_log WHERE action = 'risk.presets.import'`));
    expect(audit).toEqual([{ action: 'risk.presets.import', object_id: 'tax-collection' }]);
    const again = await c['rp-officer'].post('/api/risk/presets/tax-collection/import', { presetIds: ['tc-discretionary-penalty'] });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].message).toContain('该岗位已有同名风险点');
  });

  it('the screen previews a set and imports from the form, showing problems when refused', async () => {
    const page = await c['rp-officer'].get('/risk/presets?pluginId=tax-collection');
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-testid="preset-preview"');
    expect(page.text).toContain('本单位没有岗位“欠税管理岗”');
    expect((await c['rp-officer'].get('/risk/points')).text).toContain('href="/risk/presets"');
    const refused = await form(c['rp-officer'], [['pluginId', 'tax-collection'], ['presetIds', 'tc-write-off']]);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('data-testid="preset-errors"');
    await t.db.write(async (m) => {
      const dept = await m.getRepository(DepartmentEntity).findOneByOrFail({ institutionId: bureau, name: '征管科' });
      await m.getRepository(PostEntity).insert({ institutionId: bureau, departmentId: dept.id, name: '欠税管理岗' });
    });
    const ok = await form(c['rp-officer'], [['pluginId', 'tax-collection'], ['presetIds', 'tc-write-off']]);
    expect(ok.status).toBe(201);
    expect(ok.text).toContain('data-testid="preset-created"');
    // Nobody holds that post yet: the point has no owner and an editor does its self step.
    const list = (await c['rp-officer'].get('/api/risk/points?q=欠税违规核销')).body.items;
    expect(list).toHaveLength(1);
    expect((await c['rp-officer'].get(`/api/risk/points/${list[0].id}`)).body.ownerPersonId).toBeNull();
  });

  it('the self step of an owner without an account is done by their department head or a discipline officer, on their behalf', async () => {
    const id = (await c['rp-officer'].get('/api/risk/points?q=违规审批减免税')).body.items[0].id;
    // Another department's head and a colleague cannot; the refusal says who can.
    const other = await c['rp-other-head'].post(`/api/risk/points/${id}/steps/1`, { content: '代填' });
    expect(other.status).toBe(409);
    expect(other.body.message).toContain('“审批员己”没有登录账号');
    expect((await c['rp-colleague'].post(`/api/risk/points/${id}/steps/1`, { content: '代填' })).status).toBe(409);
    const page = await c['rp-dept-head'].get(`/risk/points/${id}`);
    expect(page.text).toContain('name="content"');
    const done = await c['rp-dept-head'].post(`/api/risk/points/${id}/steps/1`, { content: '经与本人核实，风险点属实' });
    expect(done.status).toBe(201);
    expect(done.body.currentStep).toBe(1);
    expect(done.body.contributions[0]).toMatchObject({ stepIndex: 0, colour: 'black', authorName: '科长丙（代审批员己填报）', content: '经与本人核实，风险点属实' });
    const audit = await t.db.read((m) => m.query(`SELECT detail FROM audit_log WHERE action = 'risk.point.step' AND object_id = '${id}'`));
    expect(JSON.parse(audit[0].detail)).toMatchObject({ index: 0, onBehalfOf: accountless });
    // The owner of a point who can sign in still does their own self step.
    const own = (await c['rp-officer'].get('/api/risk/points?q=行政处罚自由裁量权滥用')).body.items[0].id;
    expect((await c['rp-officer'].post(`/api/risk/points/${own}/steps/1`, { content: '代填' })).status).toBe(409);
    expect((await c['rp-inspector'].post(`/api/risk/points/${own}/steps/1`, { content: '本人查找' })).status).toBe(201);
  });
});
