import { Clock } from '../../core/clock/clock';
import { DomainEventMap, DomainEvents } from '../../core/events/domain-events';
import { SelfCheckService } from '../../core/risk/self-check.service';
import { SelfCheckEntity } from '../../core/risk/risk.entities';
import { ApiClient, TestApp } from '../support/test-app';
import { addPerson, PersonRef, startRiskApp } from '../support/risk-fixtures';

jest.setTimeout(60_000);

describe('risk module: self-checks, reminders, overdue clues, rotation', () => {
  let t: TestApp;
  const p: Record<string, PersonRef> = {};
  const c: Record<string, ApiClient> = {};
  const overdue: DomainEventMap['self-check.overdue'][] = [];
  const clock = () => t.app.get(Clock);
  let aPoint: number;
  let bPoint: number;

  async function approve(id: number): Promise<void> {
    for (const [i, u] of ['s-buyer', 's-colleague', 's-pharm-head', 's-head', 's-officer'].entries()) {
      const res = await c[u].post(`/api/risk/points/${id}/steps/${i + 1}`, { content: `第${i + 1}步` });
      if (res.status !== 201) throw new Error(`step ${i + 1}: ${res.status} ${res.text}`);
    }
  }

  beforeAll(async () => {
    t = await startRiskApp();
    clock().set('2026-01-10T02:00:00Z');
    t.app.get(DomainEvents).on('self-check.overdue', async (_m, payload) => void overdue.push(payload));
    p.buyer = await addPerson(t, { username: 's-buyer', name: '韩采薇', institution: 'risk-hospital', department: '药剂科', post: '药品采购员', role: 'staff', postSince: '2019-03-01' });
    p.colleague = await addPerson(t, { username: 's-colleague', name: '邵可', institution: 'risk-hospital', department: '药剂科', post: '药库管理员', role: 'staff', postSince: '2024-01-01' });
    p.pharmHead = await addPerson(t, { username: 's-pharm-head', name: '潘仁', institution: 'risk-hospital', department: '药剂科', post: '药剂科主任', role: 'department-head' });
    p.deputy = await addPerson(t, { username: 's-deputy', name: '韦德明', institution: 'risk-hospital', department: '院办公室', post: '分管副院长', role: 'deputy-in-charge' });
    p.head = await addPerson(t, { username: 's-head', name: '卞宏', institution: 'risk-hospital', department: '院办公室', post: '院长', role: 'head' });
    p.officer = await addPerson(t, { username: 's-officer', name: '施正', institution: 'risk-hospital', department: '纪检监察室', post: '纪检监察员', role: 'discipline-officer' });
    for (const u of ['s-buyer', 's-colleague', 's-pharm-head', 's-deputy', 's-head', 's-officer']) c[u] = await t.login(u);
    const base = { level: 'post', category: 'post-duty', description: '', manifestation: '' };
    aPoint = (await c['s-buyer'].post('/api/risk/points', { ...base, title: '药品遴选中收受回扣', likelihood: 2, harm: 3 })).body.id;
    bPoint = (await c['s-buyer'].post('/api/risk/points', { ...base, title: '验收把关不严', likelihood: 2, harm: 2 })).body.id;
    await c['s-buyer'].post('/api/risk/points', { ...base, title: '尚在查找的风险', likelihood: 3, harm: 3 });
    await approve(aPoint);
    await approve(bPoint);
  }, 180_000);
  afterAll(() => t.close(), 60_000);

  it('starts an unref’d hourly scheduler with the module', () => {
    const timer = (t.app.get(SelfCheckService) as unknown as { timer: NodeJS.Timeout }).timer;
    expect(timer).toBeTruthy();
    expect(timer.hasRef()).toBe(false);
  });

  it('creates due self-checks by grade and cadence, reminds within 30 days, flags rotation; a rerun creates nothing', async () => {
    const svc = t.app.get(SelfCheckService);
    const first = await svc.runSelfCheckScan(new Date('2026-05-25T01:00:00Z'));
    // A: H1 open (H2 opens 06-21); B: the yearly one; the unapproved point gets none.
    expect(first).toEqual({ created: 2, reminded: 1, overdue: 0, rotationFlags: 1 });
    const again = await Promise.all([svc.runSelfCheckScan(new Date('2026-05-25T01:00:00Z')), svc.runSelfCheckScan(new Date('2026-05-25T05:00:00Z'))]);
    expect(again).toEqual([
      { created: 0, reminded: 0, overdue: 0, rotationFlags: 0 },
      { created: 0, reminded: 0, overdue: 0, rotationFlags: 0 },
    ]);
    const list = await c['s-officer'].get('/api/risk/self-checks');
    expect(list.body.map((x: any) => [x.pointTitle, x.periodKey, x.dueDate, x.status, x.personName])).toEqual([
      ['药品遴选中收受回扣', '2026H1', '2026-06-20', 'due', '韦德明'],
      ['验收把关不严', '2026', '2026-11-20', 'due', '潘仁'],
    ]);
    const deputyMsgs = await c['s-deputy'].get('/api/risk/messages');
    expect(deputyMsgs.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(deputyMsgs.body.items.map((x: any) => x.title)).toEqual(['请按时提交自查报告：药品遴选中收受回扣（2026H1）']);
    const officerMsgs = await c['s-officer'].get('/api/risk/messages');
    expect(officerMsgs.body.items.map((x: any) => x.title)).toEqual(['轮岗提醒：韩采薇']);
    const rotation = await c['s-officer'].get('/api/risk/rotation');
    expect(rotation.body).toEqual([expect.objectContaining({ name: '韩采薇', postSince: '2019-03-01', pointId: aPoint })]);
  });

  it('marks an unreported self-check overdue once and raises self-check.overdue for the warning module', async () => {
    const svc = t.app.get(SelfCheckService);
    const r = await svc.runSelfCheckScan(new Date('2026-06-21T01:00:00Z'));
    expect(r).toMatchObject({ created: 1, overdue: 1 });
    expect((await svc.runSelfCheckScan(new Date('2026-06-22T01:00:00Z'))).overdue).toBe(0);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ personId: p.deputy.personId, departmentId: p.buyer.departmentId, dueDate: '2026-06-20', title: '廉政风险点自查：药品遴选中收受回扣（2026H1）' });
    const rows = await t.db.read((m) => m.getRepository(SelfCheckEntity).find({ order: { id: 'ASC' } }));
    expect(rows.map((x) => [x.periodKey, x.status])).toEqual([
      ['2026H1', 'overdue'],
      ['2026', 'due'],
      ['2026H2', 'due'],
    ]);
  });

  it('lets the responsible person submit; others get 403; a second submit is a 409', async () => {
    clock().set('2026-07-01T01:00:00Z');
    const list = (await c['s-pharm-head'].get('/api/risk/self-checks?status=due')).body;
    const mine = list.find((x: any) => x.pointId === bPoint);
    expect((await c['s-buyer'].post(`/api/risk/self-checks/${mine.id}/submit`, { report: 'x' })).status).toBe(403);
    expect((await c['s-pharm-head'].post(`/api/risk/self-checks/${mine.id}/submit`, { report: '已自查采购验收台账，未发现问题' })).status).toBe(201);
    expect((await c['s-pharm-head'].post(`/api/risk/self-checks/${mine.id}/submit`, { report: 'again' })).status).toBe(409);
    const after = (await c['s-officer'].get('/api/risk/self-checks?status=submitted')).body;
    expect(after).toEqual([expect.objectContaining({ pointId: bPoint, report: '已自查采购验收台账，未发现问题', submittedAt: '2026-07-01T01:00:00.000Z' })]);
    expect((await c['s-buyer'].post('/api/risk/self-checks/scan', {})).status).toBe(403);
    expect((await c['s-officer'].post('/api/risk/self-checks/scan', {})).body).toMatchObject({ created: 0, overdue: 0 });
  });

  it('shows self-checks with due dates, overdue ones, rotation flags and reminders on the page', async () => {
    const page = await c['s-officer'].get('/risk/self-checks');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/class="risk-sc-overdue"[\s\S]*2026-06-20[\s\S]*已逾期/);
    expect(page.text).toContain('06-20、11-20');
    expect(page.text).toMatch(/韩采薇 — 任职自 2019-03-01/);
    expect(page.text).toContain('轮岗提醒：韩采薇');
    const staff = await c['s-colleague'].get('/risk/self-checks');
    expect(staff.text).toContain('暂无自查任务');
  });

  it('skips periods that ended before the point existed', async () => {
    clock().set('2026-11-25T02:00:00Z');
    const late = (await c['s-buyer'].post('/api/risk/points', { level: 'post', category: 'post-duty', title: '年底新增风险', likelihood: 1, harm: 1 })).body.id;
    await approve(late);
    const r = await t.app.get(SelfCheckService).runSelfCheckScan(new Date('2026-11-26T00:00:00Z'));
    // Its 2026 report was due 11-20, before it existed; the A point's H2 is now overdue.
    expect(r).toMatchObject({ created: 0, overdue: 1 });
    const next = await t.app.get(SelfCheckService).runSelfCheckScan(new Date('2027-01-02T00:00:00Z'));
    expect(next.created).toBe(3);
    expect((await c['s-officer'].get('/api/risk/self-checks')).body.filter((x: any) => x.pointId === late).map((x: any) => x.periodKey)).toEqual(['2027']);
  });

  it('keeps a read state per message: unread count, mark one or all read, only one’s own', async () => {
    const deputy = c['s-deputy'];
    const all = (await deputy.get('/api/risk/messages')).body.items;
    expect(all.length).toBeGreaterThan(1);
    expect(all.every((x: any) => x.readAt === null)).toBe(true);
    expect((await deputy.get('/api/risk/messages/unread-count')).body).toEqual({ unread: all.length });
    let page = await deputy.get('/risk/self-checks');
    expect(page.text).toContain(`未读 ${all.length}`);
    expect(page.text).toContain('risk-msg-unread');
    // Someone else's message is as unknown as a missing one; nothing changes.
    expect((await c['s-officer'].post(`/api/risk/messages/${all[0].id}/read`)).status).toBe(404);
    expect((await deputy.post('/api/risk/messages/abc/read')).status).toBe(400);
    clock().set('2027-01-03T08:00:00Z');
    expect((await deputy.post(`/api/risk/messages/${all[0].id}/read`)).body).toEqual({ marked: 1, unread: all.length - 1 });
    expect((await deputy.post(`/api/risk/messages/${all[0].id}/read`)).body).toEqual({ marked: 0, unread: all.length - 1 });
    const after = (await deputy.get('/api/risk/messages')).body.items;
    expect(after.find((x: any) => x.id === all[0].id).readAt).toBe('2027-01-03T08:00:00.000Z');
    expect((await deputy.get('/api/risk/messages?unread=true')).body.items.map((x: any) => x.id)).toEqual(all.slice(1).map((x: any) => x.id));
    // The screen's "mark all read" form.
    const res = await deputy.post('/risk/messages/read-all', new URLSearchParams({ _csrf: deputy.csrf }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(303);
    expect((await deputy.get('/api/risk/messages/unread-count')).body).toEqual({ unread: 0 });
    page = await deputy.get('/risk/self-checks');
    expect(page.text).toContain('未读 0');
    expect(page.text).not.toContain('risk-msg-unread');
    const audit = await t.db.read((m) => m.query(`SELECT object_id FROM audit_log WHERE action = 'risk.message.read' ORDER BY seq`));
    expect(audit.map((a: { object_id: string }) => a.object_id)).toEqual([String(all[0].id), 'all']);
    // The officer's messages are untouched.
    expect((await c['s-officer'].get('/api/risk/messages/unread-count')).body.unread).toBeGreaterThan(0);
  });
});
