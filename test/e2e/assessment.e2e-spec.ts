import { UserEntity } from '../../core/auth/auth.entities';
import { ASSESSMENT_FACTS, AssessmentFactsSource, PERSON_RISK_SOURCE, PersonRiskSource } from '../../core/assessment/assessment-facts';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { PersonEntity } from '../../core/org/org.entities';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

describe('assessment: a full round (real server, real database)', () => {
  let t: TestApp;
  let officer: ApiClient;
  let alpha: number;
  let dept: number;
  let zhang: number; // 张三, head of 药剂科
  let li: number; // 李四
  let schemeId: number;
  let roundId: number;
  const voters: ApiClient[] = [];
  let voterIds: number[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    alpha = await t.institutionId('alpha-hospital');
    await t.createUser('root', [], { admin: true });
    await t.createUser('officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
    await t.createUser('beta-officer', [{ institution: 'beta-bureau', role: 'discipline-officer' }]);
    officer = await t.login('officer');
    const root = await t.login('root');
    dept = (await root.post(`/api/institutions/${alpha}/departments`, { name: '药剂科' })).body.id;
    [zhang, li] = await t.db.write(async (m) => {
      const repo = m.getRepository(PersonEntity);
      const a = repo.create({ institutionId: alpha, departmentId: dept, postId: null, name: '张三', title: '药剂科主任', postSince: null });
      const b = repo.create({ institutionId: alpha, departmentId: dept, postId: null, name: '李四', title: '药师', postSince: null });
      await repo.insert(a);
      await repo.insert(b);
      return [a.id, b.id];
    });
    const zhangUser = await t.createUser('zhang', [{ institution: 'alpha-hospital', role: 'department-head' }]);
    await t.db.write((m) => m.getRepository(UserEntity).update({ id: zhangUser }, { personId: zhang }));
    voterIds = [];
    for (let i = 0; i < 40; i++) voterIds.push(await t.createUser(`voter${i}`, [{ institution: 'alpha-hospital', role: 'staff' }]));
    for (let i = 0; i < 40; i++) voters.push(await t.login(`voter${i}`));
  }, 120_000);
  afterAll(() => t.close());

  it('refuses a scheme whose items do not add up to 100, naming the sum', async () => {
    const res = await officer.post('/api/assessment/schemes', {
      name: '错误方案',
      period: '2026',
      items: [{ area: '教育', name: '学习', maxPoints: 90, method: 'manual' }],
      subjects: [{ kind: 'person', id: zhang }],
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'items', message: expect.stringContaining('当前为90分') })]));
  });

  it('creates a scheme, then swaps in an indicator item from the test plugin', async () => {
    const res = await officer.post('/api/assessment/schemes', {
      name: '2026年度党风廉政建设责任制考核',
      period: '2026',
      assessmentDate: '2026-12-20',
      items: [
        { area: '民主测评', name: '职工民主测评', maxPoints: 60, method: 'evaluation' },
        { area: '教育学习', name: '每季度廉政学习并有记录', maxPoints: 22, method: 'manual' },
        { area: '责任制落实', name: '责任制各项任务（缺1扣2）', maxPoints: 18, method: 'deduction', perMissing: 2 },
      ],
      subjects: [
        { kind: 'person', id: zhang },
        { kind: 'person', id: li },
      ],
    });
    expect(res.status).toBe(201);
    schemeId = res.body.id;
    const indicators = await officer.get(`/api/assessment/institutions/${alpha}/indicators`);
    expect(indicators.body).toEqual(expect.arrayContaining([expect.objectContaining({ pluginId: 'test-plugin', indicatorId: 'notes-count', target: 4, better: 'higher' })]));
    const detail = (await officer.get(`/api/assessment/schemes/${schemeId}`)).body;
    const [evalItem, manual, deduction] = detail.items;
    const bad = await officer.request('PUT', `/api/assessment/schemes/${schemeId}/items`, {
      items: [{ ...evalItem }, { id: manual.id, area: manual.area, name: manual.name, maxPoints: 12, method: 'manual' }],
    });
    expect(bad.status).toBe(400);
    const put = await officer.request('PUT', `/api/assessment/schemes/${schemeId}/items`, {
      items: [
        { id: evalItem.id, area: evalItem.area, name: evalItem.name, maxPoints: 60, method: 'evaluation' },
        { id: manual.id, area: manual.area, name: manual.name, maxPoints: 12, method: 'manual' },
        { id: deduction.id, area: deduction.area, name: deduction.name, maxPoints: 18, method: 'deduction', perMissing: 2 },
        { area: '业务监督', name: '检查记录（插件指标）', maxPoints: 10, method: 'indicator', pluginId: 'test-plugin', indicatorId: 'notes-count' },
      ],
    });
    expect(put.status).toBe(200);
    expect(put.body.map((i: { maxPoints: number }) => i.maxPoints)).toEqual([60, 12, 18, 10]);
    // Live data for the indicator: 3 inspection notes against a target of 4.
    for (const subject of ['药品验收', '器械入库', '处方点评']) {
      const r = await officer.post(`/api/plugins/test-plugin/records/inspection-note?institutionId=${alpha}`, { subject, amountFen: 100, inspectedOn: '2026-03-01' });
      expect(r.status).toBe(201);
    }
  });

  it('runs a round of 40 anonymous ballots: one per voter, invalid ones counted apart, counts hidden while open', async () => {
    const create = await officer.post(`/api/assessment/schemes/${schemeId}/rounds`, { name: '2026年度民主测评', mode: 'online', voterUserIds: voterIds });
    expect(create.status).toBe(201);
    roundId = create.body.id;
    // One round at a time per scheme: a second would split the same voters' ballots between two counts.
    const second = await officer.post(`/api/assessment/schemes/${schemeId}/rounds`, { name: '重复测评', mode: 'online', voterUserIds: voterIds });
    expect([second.status, second.body.message]).toEqual([409, '该方案已有进行中的民主测评，请先结束该测评']);
    const [a, b] = (await officer.get(`/api/assessment/schemes/${schemeId}`)).body.subjects.map((s: { id: number }) => String(s.id));
    for (let i = 0; i < 40; i++) {
      const choices: Record<string, string> = {};
      // 张三: 20 优秀, 12 良好, 4 一般, 1 差, 1 marked invalid, 2 left blank.
      if (i < 38) choices[a] = i < 20 ? 'excellent' : i < 32 ? 'good' : i < 36 ? 'fair' : i < 37 ? 'poor' : 'invalid';
      // 李四: 37 优秀, 1 良好, 1 marked invalid, 1 left blank.
      if (i < 39) choices[b] = i < 37 ? 'excellent' : i < 38 ? 'good' : 'invalid';
      const res = await voters[i].post(`/api/assessment/rounds/${roundId}/ballots`, { choices });
      expect(res.status).toBe(201);
      if (i === 10) {
        const mid = await officer.get(`/api/assessment/rounds/${roundId}`);
        expect(mid.body.turnout).toEqual({ voters: 40, voted: 11 });
        expect(mid.body.tallies).toBeNull();
      }
    }
    const again = await voters[0].post(`/api/assessment/rounds/${roundId}/ballots`, { choices: { [a]: 'poor' } });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('只能投一次');
    const outsider = await (await t.login('staff')).post(`/api/assessment/rounds/${roundId}/ballots`, { choices: { [a]: 'poor' } });
    expect(outsider.status).toBe(404);
    const junk = await voters[1].post(`/api/assessment/rounds/${roundId}/ballots`, { choices: { [a]: 'superb' } });
    expect(junk.status).toBe(400);
    expect((await officer.post(`/api/assessment/rounds/${roundId}/close`)).status).toBe(201);
    const closed = (await officer.get(`/api/assessment/rounds/${roundId}`)).body;
    expect(closed.tallies).toEqual(
      expect.arrayContaining([
        { subjectId: Number(a), source: 'online', excellent: 20, good: 12, fair: 4, poor: 1, invalid: 3 },
        { subjectId: Number(b), source: 'online', excellent: 37, good: 1, fair: 0, poor: 0, invalid: 2 },
      ]),
    );
    // Nothing stored can tie a ballot to a voter: the voter table holds only a flag, the tally table only counts.
    const cols = await t.db.read(async (m) => (await m.query(t.db.kind === 'sqlite' ? "SELECT name FROM pragma_table_info('evaluation_tallies')" : "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'evaluation_tallies'")) as { name: string }[]);
    expect(cols.map((c) => c.name).sort()).toEqual(['excellent', 'fair', 'good', 'institution_id', 'invalid', 'poor', 'round_id', 'source', 'subject_id']);
    const votes = await t.db.read((m) => m.getRepository(AuditEntryEntity).findBy({ action: 'evaluation.vote' }));
    expect(votes).toHaveLength(40);
    expect(votes.every((v) => v.detail === '')).toBe(true);
  });

  it('scores the hand and deduction items, applies the vetoes and matches the hand-computed scores and grades', async () => {
    const detail = (await officer.get(`/api/assessment/schemes/${schemeId}`)).body;
    const [, manual, deduction] = detail.items;
    const [a, b] = detail.subjects.map((s: { id: number }) => s.id);
    const score = (itemId: number, body: object) => officer.post(`/api/assessment/items/${itemId}/scores`, body);
    // The department's half-year self-check report (from the risk module) is offered as evidence.
    const risk = t.app.get<PersonRiskSource>(PERSON_RISK_SOURCE);
    jest.spyOn(risk, 'halfYearReports').mockImplementation(async (_inst, year, subject) =>
      year === 2026 && subject.departmentId === dept ? [{ date: '2026-06-18', title: '药剂科2026年上半年廉政风险自查报告' }] : [],
    );
    const evidence = await officer.get(`/api/assessment/schemes/${schemeId}/evidence`);
    expect(evidence.body.map((e: { reports: { title: string }[] }) => e.reports.map((r) => r.title))).toEqual([['药剂科2026年上半年廉政风险自查报告'], ['药剂科2026年上半年廉政风险自查报告']]);
    expect((await score(manual.id, { subjectId: a, points: 11.5, evidence: '2026年上半年自查报告：学习记录3次' })).status).toBe(201);
    expect((await score(manual.id, { subjectId: b, points: 12, evidence: '学习记录齐全' })).status).toBe(201);
    expect((await score(manual.id, { subjectId: b, points: 12.5, evidence: '超出满分' })).status).toBe(400);
    expect((await score(deduction.id, { subjectId: a, missing: 2, evidence: '缺2项' })).status).toBe(201);
    expect((await score(deduction.id, { subjectId: b, missing: 0, evidence: '全部完成' })).status).toBe(201);
    // A scored item cannot shrink below its scores or change how it is scored.
    const keep = detail.items.map((i: { id: number; area: string; name: string; maxPoints: number; method: string; pluginId: string | null; indicatorId: string | null }) => ({
      id: i.id,
      area: i.area,
      name: i.name,
      maxPoints: i.maxPoints,
      method: i.method,
      ...(i.method === 'deduction' ? { perMissing: 2 } : {}),
      ...(i.method === 'indicator' ? { pluginId: i.pluginId, indicatorId: i.indicatorId } : {}),
    }));
    const shrink = await officer.request('PUT', `/api/assessment/schemes/${schemeId}/items`, { items: keep.map((i: { id: number; maxPoints: number }) => (i.id === manual.id ? { ...i, maxPoints: 11 } : i.id === deduction.id ? { ...i, maxPoints: 19 } : i)) });
    expect(shrink.status).toBe(409);
    expect(shrink.body.message).toContain('已有评分高于新的分值');

    // Vetoes: 李四 has 2 red warnings this year (from the warning module); 药剂科 got a yellow card and 张三 heads it;
    // a veto is recorded in 张三's dossier.
    const facts = t.app.get<AssessmentFactsSource>(ASSESSMENT_FACTS);
    jest.spyOn(facts, 'redWarningCount').mockImplementation(async (_inst, year, subject) => (year === 2026 && subject?.personId === li ? 2 : 0));
    jest.spyOn(facts, 'yellowCards').mockImplementation(async (inst, year) => (inst === alpha && year === 2026 ? [{ departmentId: dept }] : []));
    expect((await officer.post('/api/assessment/vetoes', { personId: zhang, year: 2026, reason: '因违反廉洁纪律受党内警告处分' })).status).toBe(201);

    const res = await officer.get(`/api/assessment/schemes/${schemeId}/results`);
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.results.map((r: { label: string }) => [r.label, r]));
    // 张三 by hand:
    //   evaluation: valid = 20 + 12 + 4 + 1 = 37 (3 invalid left out); sum = 20×100 + 12×80 + 4×60 + 1×0 = 3200;
    //     score 3200 / 37 = 86.486… → 86.49; item (max 60) = 60 × 3200 / 37 = 5189.19… hundredths → 51.89
    //   manual 11.50; deduction 18 − 2 × 2 = 14.00; indicator 10 × 3 / 4 = 7.50
    //   total 51.89 + 11.50 + 14.00 + 7.50 = 84.89 → 良好 (80–94.99);
    //   yellow card on 药剂科, 张三 its head → at most 一般: final 一般; dossier veto caps at 良好 (not binding) and excludes from promotion.
    const z = byName['张三'];
    expect(z.evaluationHundredths).toBe(8649);
    expect(z.items.map((i: { pointsText: string }) => i.pointsText)).toEqual(['51.89', '11.50', '14.00', '7.50']);
    expect(z.items[3].indicator).toMatchObject({ value: 3, target: 4 });
    expect(z.score).toBe('84.89');
    expect(z.baseGrade).toBe('good');
    expect(z.grade).toBe('fair');
    expect(z.caps).toEqual([expect.objectContaining({ ruleId: 'yellow-card-head', from: 'good', to: 'fair' })]);
    expect(z.notBinding.map((c: { ruleId: string }) => c.ruleId)).toEqual(['dossier-veto']);
    expect(z.excludedFromPromotion).toBe(true);
    // 李四 by hand:
    //   evaluation: valid = 37 + 1 = 38; sum = 37×100 + 1×80 = 3780; score 99.473… → 99.47; item = 60 × 3780 / 38 = 5968.42… → 59.68
    //   manual 12.00; deduction 18.00; indicator 7.50; total 59.68 + 12 + 18 + 7.50 = 97.18 → 优秀 (≥ 95)
    //   2 red warnings this year → at most 良好: final 良好.
    const l = byName['李四'];
    expect(l.evaluationHundredths).toBe(9947);
    expect(l.score).toBe('97.18');
    expect([l.baseGrade, l.grade]).toEqual(['excellent', 'good']);
    expect(l.caps).toHaveLength(1);
    expect(l.caps[0]).toMatchObject({ ruleId: 'red-warnings', from: 'excellent', to: 'good', toLabel: { zh: '良好', en: 'Good' } });
    expect(l.caps[0].reason.zh).toContain('本年度红色（一级）预警次数：2（规则：≥ 2）');
    expect(l.rank).toBe(1);
    expect(z.rank).toBe(2);
    expect(res.body.results.every((r: { pending: boolean }) => !r.pending)).toBe(true);
  });

  it('finalises (frozen results), publishes, and shows published results to staff', async () => {
    const staff = await t.login('staff');
    expect((await staff.get(`/api/assessment/schemes/${schemeId}/results`)).status).toBe(404);
    const fin = await officer.post(`/api/assessment/schemes/${schemeId}/finalise`);
    expect(fin.status).toBe(201);
    // Facts that change later do not move a frozen result.
    jest.restoreAllMocks();
    const frozen = (await officer.get(`/api/assessment/schemes/${schemeId}/results`)).body;
    expect(frozen.frozen).toBe(true);
    expect(frozen.results.map((r: { label: string; score: string; grade: string }) => [r.label, r.score, r.grade])).toEqual([
      ['李四', '97.18', 'good'],
      ['张三', '84.89', 'fair'],
    ]);
    expect((await officer.post(`/api/assessment/schemes/${schemeId}/finalise`)).status).toBe(409);
    expect((await officer.post(`/api/assessment/schemes/${schemeId}/publish`)).status).toBe(201);
    const seen = await staff.get(`/api/assessment/schemes/${schemeId}/results`);
    expect(seen.status).toBe(200);
    expect(seen.body.results).toHaveLength(2);
  });

  it('opens an integrity dossier only for the right roles or the person, and logs every view', async () => {
    const ok = await officer.get(`/api/assessment/dossiers/${zhang}`);
    expect(ok.status).toBe(200);
    expect(ok.body.results).toEqual([expect.objectContaining({ score: '84.89', grade: 'fair', excludedFromPromotion: true, evaluationScore: '86.49' })]);
    expect(ok.body.vetoes).toEqual([expect.objectContaining({ year: 2026, reason: '因违反廉洁纪律受党内警告处分' })]);
    expect(ok.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['assessment', 'veto']));
    const own = await (await t.login('zhang')).get(`/api/assessment/dossiers/${zhang}`);
    expect(own.status).toBe(200);
    expect((await (await t.login('zhang')).get(`/api/assessment/dossiers/${li}`)).status).toBe(404);
    expect((await (await t.login('staff')).get(`/api/assessment/dossiers/${zhang}`)).status).toBe(404);
    expect((await (await t.login('beta-officer')).get(`/api/assessment/dossiers/${zhang}`)).status).toBe(404);
    const again = (await officer.get(`/api/assessment/dossiers/${zhang}`)).body;
    expect(again.views.map((v: { who: string; outcome: string }) => [v.who, v.outcome])).toEqual([
      ['officer', 'ok'],
      ['staff', 'denied'],
      ['zhang', 'ok'],
      ['officer', 'ok'],
    ]);
    expect(again.views[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
