import { UserEntity } from '../../core/auth/auth.entities';
import { Clock } from '../../core/clock/clock';
import { PersonEntity } from '../../core/org/org.entities';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

/** Posts an HTML form as a browser would (urlencoded, with the session's CSRF token). */
function form(c: ApiClient, url: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  body.append('_csrf', c.csrf);
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return c.request('POST', url, body.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}

jest.setTimeout(60_000);

describe('assessment screens for what used to be API-only: items, veto rules, voters, self-reports', () => {
  let t: TestApp;
  let officer: ApiClient;
  let alpha: number;
  let schemeId: number;
  let wang: number;
  let zhaoUser: number;

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).set('2026-12-01T02:00:00Z');
    alpha = await t.institutionId('alpha-hospital');
    await t.createUser('root', [], { admin: true });
    await t.createUser('officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('beta-staff', [{ institution: 'beta-bureau', role: 'staff' }]);
    officer = await t.login('officer');
    const dept = (await (await t.login('root')).post(`/api/institutions/${alpha}/departments`, { name: '检验科' })).body.id;
    const [w, z] = await t.db.write(async (m) => {
      const repo = m.getRepository(PersonEntity);
      const a = repo.create({ institutionId: alpha, departmentId: dept, postId: null, name: '王敏', title: '检验科主任', postSince: null });
      const b = repo.create({ institutionId: alpha, departmentId: dept, postId: null, name: '赵磊', title: '检验师', postSince: null });
      await repo.insert(a);
      await repo.insert(b);
      return [a.id, b.id];
    });
    wang = w;
    const wangUser = await t.createUser('wang', [{ institution: 'alpha-hospital', role: 'staff' }]);
    zhaoUser = await t.createUser('zhao', [{ institution: 'alpha-hospital', role: 'staff' }]);
    await t.db.write(async (m) => {
      await m.getRepository(UserEntity).update({ id: wangUser }, { personId: w });
      await m.getRepository(UserEntity).update({ id: zhaoUser }, { personId: z });
    });
    const res = await officer.post('/api/assessment/schemes', {
      name: '2026年度科室负责人廉政考核',
      period: '2026',
      assessmentDate: '2026-12-20',
      items: [
        { area: '民主测评', name: '职工民主测评', maxPoints: 60, method: 'evaluation' },
        { area: '教育学习', name: '廉政学习记录', maxPoints: 40, method: 'manual' },
      ],
      subjects: [{ kind: 'person', id: w }],
    });
    schemeId = res.body.id;
  }, 120_000);
  afterAll(async () => {
    t?.app.get(Clock).reset();
    await t?.close();
  });

  it('edits the items: a sum other than 100 is refused with the sum next to the items, then saved', async () => {
    const page = await officer.get(`/assessment/schemes/${schemeId}/edit`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('编辑考核项目及规则');
    expect(page.text).toMatch(/data-testid="items-sum">100</);
    const [evalItem, manual] = (await officer.get(`/api/assessment/schemes/${schemeId}`)).body.items;
    const rows = (maxManual: string) => ({
      id0: String(evalItem.id), area0: '民主测评', name0: '职工民主测评', maxPoints0: '60', method0: 'evaluation', perMissing0: '', indicator0: '',
      id1: String(manual.id), area1: '教育学习', name1: '廉政学习记录', maxPoints1: maxManual, method1: 'manual', perMissing1: '', indicator1: '',
      id2: '', area2: '责任制落实', name2: '责任制任务（缺1扣2）', maxPoints2: '10', method2: 'deduction', perMissing2: '', indicator2: '',
      id3: '', area3: '', name3: '', maxPoints3: '', method3: 'manual', perMissing3: '', indicator3: '',
    });
    const bad = await form(officer, `/assessment/schemes/${schemeId}/items`, rows('40'));
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/data-testid="items-error">[^<]*各项目分值之和必须为100分，当前为110分/);
    expect(bad.text).toMatch(/data-testid="items-sum">110</);
    // The deduction row lacks its per-missing points: named on that row.
    expect(bad.text).toMatch(/data-testid="item-error-2">每缺1项扣分：不能为空/);
    expect(bad.text).toContain('value="责任制任务（缺1扣2）"'); // what was typed stays
    const ok = await form(officer, `/assessment/schemes/${schemeId}/items`, { ...rows('30'), perMissing2: '2' });
    expect(ok.status).toBe(303);
    const items = (await officer.get(`/api/assessment/schemes/${schemeId}`)).body.items;
    expect(items.map((i: { name: string; maxPoints: number }) => `${i.name}:${i.maxPoints}`)).toEqual(['职工民主测评:60', '廉政学习记录:30', '责任制任务（缺1扣2）:10']);
    expect(items[1].id).toBe(manual.id);
    expect(items[2].perMissingHundredths).toBe(200);
  });

  it('edits the veto rules: a rule with no effect is refused next to its row; a new rule and a removal are saved', async () => {
    const rules = (await officer.get(`/api/assessment/schemes/${schemeId}`)).body.vetoRules;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(['red-warnings', 'yellow-card-head', 'dossier-veto']);
    const fields: Record<string, string> = {};
    rules.forEach((r: { id: string; fact: string; min: number; capGrade: string | null; excludeFromPromotion: boolean; label: { zh: string; en: string } }, i: number) => {
      Object.assign(fields, { [`ruleId${i}`]: r.id, [`fact${i}`]: r.fact, [`min${i}`]: String(r.min), [`capGrade${i}`]: r.capGrade ?? '', [`labelZh${i}`]: r.label.zh, [`labelEn${i}`]: r.label.en });
      if (r.excludeFromPromotion) fields[`exclude${i}`] = 'on';
    });
    const added = { ruleId3: '', fact3: 'red-warnings', min3: '1', capGrade3: '', labelZh3: '本年度一次红色预警：不得评为先进', labelEn3: 'One red warning: not advanced' };
    const bad = await form(officer, `/assessment/schemes/${schemeId}/veto-rules`, { ...fields, ...added });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/data-testid="rule-error-3">规则效果：规则须限制等次或不列入提拔名单，至少选一项/);
    const ok = await form(officer, `/assessment/schemes/${schemeId}/veto-rules`, { ...fields, ...added, exclude3: 'on', remove1: 'on' });
    expect(ok.status).toBe(303);
    const after = (await officer.get(`/api/assessment/schemes/${schemeId}`)).body.vetoRules;
    expect(after.map((r: { id: string }) => r.id)).toEqual(['red-warnings', 'dossier-veto', 'red-warnings-4']);
    expect(after[2]).toMatchObject({ fact: 'red-warnings', min: 1, capGrade: null, excludeFromPromotion: true, label: { zh: '本年度一次红色预警：不得评为先进' } });
    const put = await officer.request('PUT', `/api/assessment/schemes/${schemeId}/veto-rules`, { vetoRules: [{ ...after[0], min: 0 }] });
    expect(put.status).toBe(400);
  });

  it('picks the voters of a round from the institution’s people; none picked is refused next to the list', async () => {
    const page = await officer.get(`/assessment/schemes/${schemeId}`);
    expect(page.text).toMatch(/data-testid="voter-picker"[\s\S]*赵磊（检验师）[\s\S]*<\/div>/);
    expect(page.text).not.toContain('beta-staff');
    const none = await form(officer, `/assessment/schemes/${schemeId}/rounds`, { roundName: '民主测评', mode: 'online' });
    expect(none.status).toBe(400);
    expect(none.text).toMatch(/data-testid="voters-error">参加测评人员：不能为空/);
    const betaUser = (await t.db.read((m) => m.getRepository(UserEntity).findOneByOrFail({ username: 'beta-staff' }))).id;
    const outsider = await officer.post(`/api/assessment/schemes/${schemeId}/rounds`, { name: '测评', mode: 'online', voterUserIds: [betaUser] });
    expect(outsider.status).toBe(400);
    const ok = await form(officer, `/assessment/schemes/${schemeId}/rounds`, { roundName: '2026年度民主测评', mode: 'online', voters: [String(zhaoUser)] });
    expect(ok.status).toBe(303);
    const round = (await officer.get(`/api/assessment/schemes/${schemeId}`)).body.rounds[0];
    expect((await officer.get(`/api/assessment/rounds/${round.id}`)).body.turnout).toEqual({ voters: 1, voted: 0 });
    expect((await (await t.login('zhao')).get('/assessment')).text).toContain(`/assessment/rounds/${round.id}/vote`);
  });

  it('lets the assessed person submit a self-report, with errors next to the fields and the deadline shown', async () => {
    const wangClient = await t.login('wang');
    const home = await wangClient.get('/assessment');
    expect(home.text).toMatch(/data-testid="my-self-reports"[\s\S]*2026年度科室负责人廉政考核/);
    const page = await wangClient.get(`/assessment/schemes/${schemeId}/self-report`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('2026-12-17');
    const subjectId = /<option value="(\d+)"[^>]*>王敏<\/option>/.exec(page.text)![1];
    const bad = await form(wangClient, `/assessment/schemes/${schemeId}/self-report`, { subjectId, title: '2026年度述职述廉报告', body: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/data-testid="error-body">报告正文：不能为空/);
    const ok = await form(wangClient, `/assessment/schemes/${schemeId}/self-report`, { subjectId, title: '2026年度述职述廉报告', body: '一年来，本人认真履行“一岗双责”……' });
    expect(ok.status).toBe(303);
    expect((await wangClient.get(ok.headers.get('location')!)).text).toContain('述职述廉报告已提交');
    expect((await officer.get(`/api/assessment/schemes/${schemeId}/self-reports`)).body).toEqual([expect.objectContaining({ title: '2026年度述职述廉报告', publishFrom: '2026-12-17', published: false })]);
    // Someone who is not assessed in the draft scheme gets no form, and cannot tell it from a missing one.
    expect((await (await t.login('zhao')).get(`/assessment/schemes/${schemeId}/self-report`)).status).toBe(404);
    t.app.get(Clock).set('2026-12-18T02:00:00Z');
    const late = await form(wangClient, `/assessment/schemes/${schemeId}/self-report`, { subjectId, title: '补充', body: '……' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('已过提交期限');
  });

  it('shows no results while the round is open, only the ballots cast so far, and no second round form; results once it closes', async () => {
    const round = (await officer.get(`/api/assessment/schemes/${schemeId}`)).body.rounds[0];
    expect(round.status).toBe('open');
    const during = async (n: number) => {
      for (const [lang, text] of [['zh', `测评进行中，结束后公布结果</strong> · 已收到选票 ${n} 张`], ['en', `Evaluation in progress: results are shown once it closes</strong> · ${n} ballots cast so far`]]) {
        const page = await officer.get(`/assessment/schemes/${schemeId}?lang=${lang}`);
        expect(page.text).toContain(text);
        // No grade, score or 诫勉谈话 advice computed from a round half voted.
        expect(page.text).not.toContain('data-testid="results"');
        expect(page.text).not.toContain('data-testid="new-round"');
        // Nor a grade chart of empty bars.
        expect(page.text).not.toContain('class="asm-chart"');
      }
      // Nor through the API: no per-person score of an open round.
      expect((await officer.get(`/api/assessment/schemes/${schemeId}/results`)).body).toMatchObject({ results: [], evaluating: { ballotsCast: n } });
    };
    await during(0);
    const subjects = (await officer.get(`/api/assessment/schemes/${schemeId}`)).body.subjects as { id: number }[];
    expect((await (await t.login('zhao')).post(`/api/assessment/rounds/${round.id}/ballots`, { choices: Object.fromEntries(subjects.map((x) => [x.id, 'good'])) })).status).toBe(201);
    await during(1);
    expect((await form(officer, `/assessment/rounds/${round.id}/close`, {})).status).toBe(303);
    const closed = await officer.get(`/assessment/schemes/${schemeId}`);
    expect(closed.text).not.toContain('results-evaluating');
    expect(closed.text).toMatch(/data-testid="results"[\s\S]*王敏/);
    expect(closed.text).toContain('data-testid="new-round"');
    expect(closed.text).toContain('class="asm-chart"');
    const api = (await officer.get(`/api/assessment/schemes/${schemeId}/results`)).body;
    expect(api.evaluating).toBeNull();
    expect(api.results.map((r: { label: string; evaluationHundredths: number }) => [r.label, r.evaluationHundredths])).toEqual([['王敏', 8000]]);
  });
});
