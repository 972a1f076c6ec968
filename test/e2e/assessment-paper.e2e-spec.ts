import { Clock } from '../../core/clock/clock';
import { PersonEntity } from '../../core/org/org.entities';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

describe('assessment: paper rounds, the 004 第2篇 30 % rule, 000 grades, self-report publication', () => {
  let t: TestApp;
  let officer: ApiClient;
  let alpha: number;
  let dept: number;
  let person: number;

  beforeAll(async () => {
    t = await startTestApp();
    alpha = await t.institutionId('alpha-hospital');
    await t.createUser('root', [], { admin: true });
    await t.createUser('officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
    officer = await t.login('officer');
    dept = (await (await t.login('root')).post(`/api/institutions/${alpha}/departments`, { name: '总务科' })).body.id;
    person = await t.db.write(async (m) => {
      const p = m.getRepository(PersonEntity).create({ institutionId: alpha, departmentId: dept, postId: null, name: '王五', title: '总务科科长', postSince: null });
      await m.getRepository(PersonEntity).insert(p);
      return p.id;
    });
  });
  afterAll(() => t.close());

  async function paperScheme(preset: string, tally: Record<string, number>) {
    const scheme = await officer.post('/api/assessment/schemes', {
      name: `纸质测评 ${preset}`,
      period: '2026',
      preset,
      items: [{ area: '民主测评', name: '职工民主测评', maxPoints: 100, method: 'evaluation' }],
      subjects: [{ kind: 'department', id: dept }],
    });
    expect(scheme.status).toBe(201);
    const round = await officer.post(`/api/assessment/schemes/${scheme.body.id}/rounds`, { name: '测评会', mode: 'paper' });
    expect(round.status).toBe(201);
    const subjectId = (await officer.get(`/api/assessment/schemes/${scheme.body.id}`)).body.subjects[0].id;
    const online = await officer.post(`/api/assessment/rounds/${round.body.id}/ballots`, { choices: { [subjectId]: 'good' } });
    expect(online.status).toBe(409);
    const put = await officer.request('PUT', `/api/assessment/rounds/${round.body.id}/paper-tally`, { subjectId, ...tally });
    expect(put.status).toBe(200);
    expect((await officer.post(`/api/assessment/rounds/${round.body.id}/close`)).status).toBe(201);
    const res = await officer.get(`/api/assessment/schemes/${scheme.body.id}/results`);
    return { ...res.body.results[0], schemeId: scheme.body.id };
  }

  async function paperTally(schemeId: number, tally: Record<string, number>) {
    const round = await officer.post(`/api/assessment/schemes/${schemeId}/rounds`, { name: '再次测评', mode: 'paper' });
    const subjectId = (await officer.get(`/api/assessment/schemes/${schemeId}`)).body.subjects[0].id;
    expect((await officer.request('PUT', `/api/assessment/rounds/${round.body.id}/paper-tally`, { subjectId, ...tally })).status).toBe(200);
    expect((await officer.post(`/api/assessment/rounds/${round.body.id}/close`)).status).toBe(201);
    return (await officer.get(`/api/assessment/schemes/${schemeId}/results`)).body.results[0];
  }

  it('004 第2篇: 3 差 of 10 valid is 差 whatever the mean; 2 of 10 is not', async () => {
    // 7 × 100 + 3 × 0 = 700 / 10 valid = 70.00 → 一般 by points; 3 × 10 ≥ 10 × 3 → 差. 2 invalid ballots do not count.
    const hit = await paperScheme('004-p2', { excellent: 7, good: 0, fair: 0, poor: 3, invalid: 2 });
    expect(hit.score).toBe('70.00');
    expect([hit.baseGrade, hit.grade]).toEqual(['fair', 'poor']);
    expect(hit.caps[0]).toMatchObject({ ruleId: 'poor-share', toLabel: { zh: '差', en: 'Poor' } });
    expect(hit.caps[0].reason.zh).toContain('差票 3/10');
    expect(hit.consequences.map((c: { code: string }) => c.code)).toEqual(['criticism-rectification']);
    // 8 × 100 / 10 = 80.00 → 好; 2 × 10 < 10 × 3.
    const miss = await paperScheme('004-p2', { excellent: 8, good: 0, fair: 0, poor: 2, invalid: 0 });
    expect([miss.score, miss.grade, miss.caps]).toEqual(['80.00', 'good', []]);
  });

  it('004 第1篇: below 59 proposes an admonishment talk, 59.00 does not', async () => {
    // 59 × 100 / 100 = 59.00 → 差, no talk; 58 × 100 / 100 = 58.00 → 差 and a talk.
    const at59 = await paperScheme('004-p1', { excellent: 59, good: 0, fair: 0, poor: 41, invalid: 0 });
    expect([at59.score, at59.grade, at59.consequences]).toEqual(['59.00', 'poor', []]);
    const at58 = await paperScheme('004-p1', { excellent: 58, good: 0, fair: 0, poor: 42, invalid: 0 });
    expect(at58.consequences.map((c: { code: string }) => c.code)).toEqual(['admonishment-talk']);
  });

  it('000: 不合格 issues a rectification notice and a re-assessment', async () => {
    // (1 × 100 + 1 × 60 + 2 × 0) / 4 = 40.00 → 不合格
    const r = await paperScheme('000', { excellent: 1, good: 0, fair: 1, poor: 2, invalid: 1 });
    expect([r.score, r.grade, r.gradeLabel.zh]).toEqual(['40.00', 'fail', '不合格']);
    expect(r.consequences.map((c: { label: { zh: string } }) => c.label.zh)).toEqual(['书面下达整改通知', '安排再次评估考核']);
    expect((await officer.post(`/api/assessment/schemes/${r.schemeId}/reassessment`)).status).toBe(409); // not finalised yet
    expect((await officer.post(`/api/assessment/schemes/${r.schemeId}/finalise`)).status).toBe(201);
    const again = await officer.post(`/api/assessment/schemes/${r.schemeId}/reassessment`);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ reassessmentOf: r.schemeId, status: 'draft', name: '纸质测评 000（再次评估）' });
    expect((await officer.post(`/api/assessment/schemes/${r.schemeId}/reassessment`)).status).toBe(409);
    // Failing the re-assessment: (2 × 60 + 2 × 0) / 4 = 30.00 → 不合格 again → accountability.
    const second = await paperTally(again.body.id, { excellent: 0, good: 0, fair: 2, poor: 2, invalid: 0 });
    expect([second.score, second.grade]).toEqual(['30.00', 'fail']);
    expect(second.consequences.map((c: { code: string }) => c.code)).toEqual(['accountability']);
  });

  it('publishes self-reports from 3 days before the assessment date and refuses late ones', async () => {
    const clock = t.app.get(Clock);
    clock.set('2026-12-10T02:00:00Z');
    const scheme = await officer.post('/api/assessment/schemes', {
      name: '述职述廉',
      period: '2026',
      assessmentDate: '2026-12-20',
      items: [{ area: '综合', name: '综合评价', maxPoints: 100, method: 'manual' }],
      subjects: [{ kind: 'person', id: person }],
    });
    const id = scheme.body.id;
    const subjectId = (await officer.get(`/api/assessment/schemes/${id}`)).body.subjects[0].id;
    const sent = await officer.post(`/api/assessment/schemes/${id}/self-reports`, { subjectId, title: '2026年度述职述廉报告', body: '一年来……' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ publishFrom: '2026-12-17', publishUntil: '2026-12-20' });
    const staff = await t.login('staff');
    expect((await staff.get(`/api/assessment/schemes/${id}/self-reports`)).body).toEqual([]);
    clock.set('2026-12-17T01:00:00Z');
    expect((await staff.get(`/api/assessment/schemes/${id}/self-reports`)).body).toEqual([expect.objectContaining({ title: '2026年度述职述廉报告', published: true })]);
    clock.set('2026-12-18T01:00:00Z');
    const late = await officer.post(`/api/assessment/schemes/${id}/self-reports`, { subjectId, title: '补交', body: '……' });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('2026-12-17');
    clock.reset();
  });
});
