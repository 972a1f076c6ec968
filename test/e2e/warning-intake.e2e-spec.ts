import { Clock } from '../../core/clock/clock';
import { DomainEvents } from '../../core/events/domain-events';
import { WarningFactsService } from '../../core/warning/warning-facts.service';
import { WarningClueEntity } from '../../core/warning/warning.entities';
import { ApiClient, TestApp } from '../support/test-app';
import { addPerson, Person, startWarningApp, clueSubject } from '../support/warning-fixtures';

jest.setTimeout(60_000);

describe('clue intake from events and the rule API, triage, yellow cards, report, board and messages', () => {
  let t: TestApp;
  let officer: ApiClient;
  let staff: ApiClient;
  let inst: number;
  let cashier: Person;

  beforeAll(async () => {
    t = await startWarningApp();
    t.app.get(Clock).set('2026-08-03T02:00:00Z');
    await t.createUser('in-officer', [{ institution: 'w-hospital', role: 'discipline-officer' }]);
    await t.createUser('in-staff', [{ institution: 'w-hospital', role: 'staff' }]);
    officer = await t.login('in-officer');
    staff = await t.login('in-staff');
    inst = await t.institutionId('w-hospital');
    cashier = await addPerson(t, 'w-hospital', '孙出纳', { dept: '财务科', post: '出纳岗' });
  });
  afterAll(() => t.close());

  const emitRuleHit = (hitId: number) =>
    t.db.write((m) =>
      t.app.get(DomainEvents).emit(m, 'rule.hit', { institutionId: inst, ruleId: 'hospital-procurement/split-purchase', ruleVersion: 3, level: 'yellow', hitId, recordId: null, recordIds: [], subjectLabel: '设备科 2026-07 采购', message: { zh: '疑似拆分采购规避招标', en: 'Possible split purchase' }, inputs: { totalFen: 1980000, orders: 4 } }),
    );

  it("turns a 'rule.hit' event into a clue with the rule id, version and inputs, once per hit", async () => {
    await emitRuleHit(501);
    await emitRuleHit(501);
    const clues = (await officer.get('/api/warning/clues?source=rule')).body.items;
    expect(clues).toHaveLength(1);
    expect(clues[0]).toMatchObject({ channel: 'rule', ruleId: 'hospital-procurement/split-purchase', ruleVersion: 3, ruleInputs: { totalFen: 1980000, orders: 4 }, subjectLabel: '设备科 2026-07 采购' });
    expect(clues[0].content).toContain('疑似拆分采购规避招标');
  });

  it("turns a 'self-check.overdue' event into a clue on the person, once", async () => {
    const payload = { institutionId: inst, selfCheckId: 77, personId: cashier.personId, departmentId: cashier.departmentId, dueDate: '2026-07-31', title: '2026年第二季度岗位廉政风险自查' };
    await t.db.write((m) => t.app.get(DomainEvents).emit(m, 'self-check.overdue', payload));
    await t.db.write((m) => t.app.get(DomainEvents).emit(m, 'self-check.overdue', payload));
    const clues = (await officer.get('/api/warning/clues?source=self-check')).body.items;
    expect(clues).toHaveLength(1);
    expect(clues[0]).toMatchObject({ subjectLabel: '孙出纳', subjectPersonId: cashier.personId });
  });

  it('accepts rule hits through the internal API (officers and admins only), idempotent by hit key', async () => {
    const body = { institutionId: inst, ruleId: 'ext/overtime-pay', ruleVersion: 1, hitKey: '2026-07:dept-3', subjectLabel: '检验科', message: '加班费超过上限', inputs: { hours: 96 } };
    expect((await staff.post('/api/warning/clues/rule-hits', body)).status).toBe(403);
    const a = await officer.post('/api/warning/clues/rule-hits', body);
    const b = await officer.post('/api/warning/clues/rule-hits', body);
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(a.body.ruleInputs).toEqual({ hours: 96 });
    expect((await officer.post('/api/warning/clues/rule-hits', { ...body, institutionId: 999 })).status).toBe(404);
  });

  it('triages: dismiss with a reason, merge into a duplicate, transfer as a case clue (leaves the warning flow); each once', async () => {
    const mk = async (content: string) => (await staff.post('/api/warning/clues', { source: 'petition', subjectType: 'person', subjectPersonId: cashier.personId, content })).body.id as number;
    const a = await mk('反映出纳挪用备用金。');
    const b = await mk('再次反映出纳挪用备用金（重复）。');
    const c = await mk('反映出纳已挪用公款五万元，构成违纪。');
    const d = await mk('反映内容经核查不属实的情况。');
    expect((await officer.post(`/api/warning/clues/${d}/dismiss`, { reason: '经核查不属实' })).body).toMatchObject({ status: 'dismissed', outcomeNote: '经核查不属实' });
    expect((await officer.post(`/api/warning/clues/${b}/merge`, { intoClueId: a })).body).toMatchObject({ status: 'merged', mergedIntoId: a });
    expect((await officer.post(`/api/warning/clues/${b}/merge`, { intoClueId: a })).status).toBe(409);
    expect((await officer.post(`/api/warning/clues/${a}/merge`, { intoClueId: a })).status).toBe(409);
    const transferred = await officer.post(`/api/warning/clues/${c}/transfer`, { note: '已构成违纪，移送纪委案件审理' });
    expect(transferred.body).toMatchObject({ status: 'transferred', warningId: null });
    expect((await officer.post(`/api/warning/clues/${c}/warn`, { ...(await clueSubject(officer, c)), levelCode: 'blue', title: '挪用公款', reason: '已移送' })).status).toBe(409);
    expect((await staff.post(`/api/warning/clues/${a}/dismiss`, { reason: '无权' })).status).toBe(404);
    expect((await officer.post(`/api/warning/clues/abc/dismiss`, { reason: '坏编号' })).status).toBe(400);
  });

  it('gives a 002 yellow card to a post reported twice with verified problems, and to a bottom-three post', async () => {
    const facts = t.app.get(WarningFactsService);
    expect(await facts.yellowCards(inst, 2026)).toEqual([]);
    const c = (await staff.post('/api/warning/clues', { source: 'petition', subjectType: 'person', subjectPersonId: cashier.personId, content: '反映出纳收支不入账。' })).body.id;
    await officer.post(`/api/warning/clues/${c}/warn`, { ...(await clueSubject(officer, c)), levelCode: 'blue', title: '收支不入账', reason: '核实属实' });
    // the transferred case clue above is the first verified report, this warning the second
    const cards = await facts.yellowCards(inst, 2026);
    expect(cards).toEqual([expect.objectContaining({ postId: cashier.postId, postName: '出纳岗', departmentName: '财务科', reasons: ['reported-twice'], verifiedReports: 2 })]);
    const lab = await addPerson(t, 'w-hospital', '周检验', { dept: '检验科', post: '检验岗' });
    await t.db.write((m) => t.app.get(DomainEvents).emit(m, 'evaluation.bottom-three', { institutionId: inst, year: 2026, posts: [{ postId: lab.postId, rank: 1 }] }));
    const after = await facts.yellowCards(inst, 2026);
    expect(after.map((x) => [x.postName, x.reasons])).toEqual([['出纳岗', ['reported-twice']], ['检验岗', ['bottom-three']]]);
    await facts.recordEvaluationBottomThree(inst, 2026, [{ postId: cashier.postId, rank: 2 }]);
    expect((await facts.yellowCards(inst, 2026)).map((x) => [x.postName, x.reasons])).toEqual([['出纳岗', ['reported-twice', 'bottom-three']]]);
    expect(await facts.yellowCards(inst, 2025)).toEqual([]);
  });

  it('reports the quarter as JSON (by level, source, department, status, four-quarter trend) and as a page with an SVG chart', async () => {
    const r = await officer.get('/api/warning/reports/quarterly?year=2026&quarter=3');
    expect(r.status).toBe(200);
    expect(r.body.title).toBe('廉政风险信息预警专报');
    expect(r.body).toMatchObject({ from: '2026-07-01', to: '2026-09-30', totals: { clues: 8, warnings: 1 } });
    expect(r.body.byLevel.map((x: any) => [x.key, x.count])).toEqual([['blue', 1], ['yellow', 0], ['red', 0]]);
    expect(r.body.bySource.find((x: any) => x.key === 'petition').count).toBe(5);
    expect(r.body.bySource.find((x: any) => x.key === 'rule').count).toBe(2);
    expect(r.body.byDepartment).toEqual([{ key: String(cashier.departmentId), label: { zh: '财务科', en: '财务科' }, count: 1 }]);
    expect(r.body.trend.map((q: any) => q.label)).toEqual(['2025Q4', '2026Q1', '2026Q2', '2026Q3']);
    expect(r.body.trend[3]).toMatchObject({ clues: 8, warnings: 1 });
    expect((await officer.get('/api/warning/reports/quarterly?year=2026&quarter=5')).status).toBe(400);
    expect((await staff.get('/api/warning/reports/quarterly?year=2026&quarter=3')).status).toBe(403);
    const page = await officer.get('/warning/report?year=2026&quarter=3');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg class="chart"');
    expect(page.text).toContain('2026Q3');
    // No script of its own (the chart is plain SVG); the shell's /assets scripts aside.
    expect(page.text.replace(/<script src="\/assets\/[a-z-]+\.js" defer><\/script>/g, '')).not.toContain('<script');
  });

  it('tells officers of new clues in their inbox and lets them mark messages read', async () => {
    const inbox = (await officer.get('/api/warning/messages?pageSize=200')).body.items;
    expect(inbox.filter((m: any) => m.kind === 'clue.new').length).toBe(8);
    expect((await officer.post(`/api/warning/messages/${inbox[0].id}/read`)).status).toBe(200);
    expect((await staff.post(`/api/warning/messages/${inbox[0].id}/read`)).status).toBe(404);
    expect((await officer.get('/warning/messages')).text).toContain('新预警信息');
  });

  it('renders the screens with due dates, and a staff member can enter a clue through the form', async () => {
    const form = await staff.get('/warning/clues/new');
    expect(form.status).toBe(200);
    const bad = await staff.request('POST', '/warning/clues', `_csrf=${staff.csrf}&source=petition&subjectType=person&content=`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('small class="error"');
    const ok = await staff.request('POST', '/warning/clues', `_csrf=${staff.csrf}&source=petition&subjectType=person&subjectPersonId=${cashier.personId}&content=${encodeURIComponent('反映出纳违规借支。')}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('2026-08-12');
    const board = await officer.get('/warning/board');
    expect(board.text).toContain('2026-08-12');
    const count = await t.db.read((m) => m.getRepository(WarningClueEntity).countBy({ institutionId: inst, status: 'new' }));
    expect((board.text.match(/data-kind="clue"/g) ?? []).length).toBe(count);
  });
});
