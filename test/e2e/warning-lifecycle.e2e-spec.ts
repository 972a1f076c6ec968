import JSZip from 'jszip';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { In } from 'typeorm';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { Clock } from '../../core/clock/clock';
import { EscalationService } from '../../core/warning/escalation.service';
import { WarningFactsService } from '../../core/warning/warning-facts.service';
import { DeliveryEntity } from '../../core/notify/notify.entities';
import { WarningEscalationEntity, WarningMessageEntity } from '../../core/warning/warning.entities';
import { ApiClient, TestApp } from '../support/test-app';
import { addPerson, PDF_BYTES, startWarningApp, upload, clueSubject } from '../support/warning-fixtures';

jest.setTimeout(60_000);

describe('warning life: clue → yellow → missed deadline → red → answer → follow-up → release (controlled clock)', () => {
  let t: TestApp;
  let officer: ApiClient;
  let head: ApiClient;
  let staff: ApiClient;
  let subject: ApiClient;
  let subjectPerson: number;
  let headId: number;
  let officerId: number;
  let staffId: number;
  let clueId: number;
  let warningId: number;
  const clock = () => t.app.get(Clock);

  beforeAll(async () => {
    t = await startWarningApp();
    clock().set('2026-09-28T02:00:00Z'); // Monday, 10:00 in China
    officerId = await t.createUser('w-officer', [{ institution: 'w-hospital', role: 'discipline-officer' }]);
    headId = await t.createUser('w-head', [{ institution: 'w-hospital', role: 'head' }]);
    staffId = await t.createUser('w-staff', [{ institution: 'w-hospital', role: 'staff' }]);
    subjectPerson = (await addPerson(t, 'w-hospital', '李某某', { username: 'w-subject' })).personId;
    officer = await t.login('w-officer');
    head = await t.login('w-head');
    staff = await t.login('w-staff');
    subject = await t.login('w-subject');
  });
  afterAll(() => t.close());

  it('staff enter a clue; its triage is due 7 working days later, skipping 国庆', async () => {
    const res = await staff.post('/api/warning/clues', { source: 'petition', subjectType: 'person', subjectPersonId: subjectPerson, content: '群众反映其在药品采购中多次接受供应商宴请。' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'new', subjectLabel: '李某某', source: 'petition', channel: 'staff', triageDue: '2026-10-13' });
    clueId = res.body.id;
    // Staff may not read clues, their own included: the answer is a missing id's (#25 point 6).
    expect((await staff.get(`/api/warning/clues/${clueId}`)).status).toBe(404);
  });

  it('only a level\'s deciders may choose it: the officer may not decide red (责令整改), but may decide yellow', async () => {
    const red = await officer.post(`/api/warning/clues/${clueId}/warn`, { ...(await clueSubject(officer, clueId)), levelCode: 'red', title: '接受宴请', reason: '经核实基本属实' });
    expect(red.status).toBe(403);
    expect(red.body.message).toContain('一级（红色）预警');
    const yellow = await officer.post(`/api/warning/clues/${clueId}/warn`, { ...(await clueSubject(officer, clueId)), levelCode: 'yellow', title: '接受供应商宴请', reason: '经初步核实，反映问题基本属实' });
    expect(yellow.status).toBe(201);
    expect(yellow.body).toMatchObject({ status: 'decided', level: { code: 'yellow', disposition: { zh: '诫勉纠错' } }, dueDate: null });
    warningId = yellow.body.id;
    const again = await officer.post(`/api/warning/clues/${clueId}/dismiss`, { reason: '重复' });
    expect(again.status).toBe(409);
  });

  it('issuing the notice sets the answer due in 10 working days (2026-10-16) and the 1-month limit, and tells the subject', async () => {
    const res = await officer.post(`/api/warning/warnings/${warningId}/issue`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'notified', issuedOn: '2026-09-28', dueDate: '2026-10-16', finalDate: '2026-10-28' });
    expect(res.body.steps.map((s: any) => s.kind)).toEqual(['decide', 'issue']);
    expect(res.body.steps[1].data.document).toMatchObject({ kind: 'warning-notice', title: '预警通知书', number: '预测纪〔2026〕1号' });
    const inbox = await subject.get('/api/warning/messages?pageSize=200');
    expect(inbox.body.items.some((m: any) => m.kind === 'warning.notice' && m.body.includes('2026-10-16'))).toBe(true);
    const sms = await t.db.read((m) => m.getRepository(DeliveryEntity).findBy({ personId: subjectPerson, channel: 'sms' }));
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ status: 'queued' });
  });

  it('an interview needs two interviewers and a lead of the required rank', async () => {
    const one = await officer.post(`/api/warning/warnings/${warningId}/interview`, { interviewerUserIds: [officerId], leadUserId: officerId, heldOn: '2026-09-29', place: '纪委谈话室', notes: '谈话提醒' });
    expect(one.status).toBe(400);
    const lowRank = await officer.post(`/api/warning/warnings/${warningId}/interview`, { interviewerUserIds: [staffId, officerId], leadUserId: staffId, heldOn: '2026-09-29', place: '纪委谈话室', notes: '谈话提醒' });
    expect(lowRank.status).toBe(400);
    expect(lowRank.body.message).toContain('主谈人须为党委成员');
    const ok = await officer.post(`/api/warning/warnings/${warningId}/interview`, { interviewerUserIds: [headId, officerId], leadUserId: headId, heldOn: '2026-09-29', place: '纪委谈话室', notes: '指出问题，提出纠错要求' });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('interviewed');
    expect(ok.body.steps.at(-1).data.notice).toBe('诫勉纠错谈话通知');
  });

  it('refuses illegal transitions with 409 and the reason', async () => {
    const follow = await officer.post(`/api/warning/warnings/${warningId}/follow-up`, { visitedOn: '2026-09-30', method: '查阅资料', findings: '尚未整改', opinion: '继续督促' });
    expect(follow.status).toBe(409);
    expect(follow.body.message).toContain('不能回访登记');
    expect((await head.post(`/api/warning/warnings/${warningId}/release`, { comment: '同意' })).status).toBe(409);
    expect((await officer.post(`/api/warning/warnings/${warningId}/archive`)).status).toBe(409);
    expect((await subject.post(`/api/warning/warnings/${warningId}/extension`, { months: 1, reason: '需要时间' })).status).toBe(409);
  });

  it('reminds 3 days and 1 day before the due date, once each', async () => {
    const scan = t.app.get(EscalationService);
    clock().set('2026-10-13T02:00:00Z');
    expect((await scan.scan()).reminders).toBe(1);
    expect((await scan.scan()).reminders).toBe(0);
    clock().set('2026-10-15T02:00:00Z');
    expect((await scan.scan()).reminders).toBe(1);
    expect((await scan.scan()).reminders).toBe(0);
    const keys = (await t.db.read((m) => m.getRepository(DeliveryEntity).findBy({ personId: subjectPerson, channel: 'sms' }))).map((s) => s.uniqueKey);
    expect(keys).toEqual(expect.arrayContaining([`remind:w${warningId}:2026-10-16:3:sms`, `remind:w${warningId}:2026-10-16:1:sms`]));
    const reminders = await t.db.read((m) => m.getRepository(WarningMessageEntity).findBy({ warningId, kind: 'warning.reminder' }));
    expect(reminders).toHaveLength(2);
  });

  it('a missed deadline escalates to red exactly once, however often the scan runs', async () => {
    clock().set('2026-10-17T02:00:00Z'); // Saturday after the due date
    const scan = t.app.get(EscalationService);
    await Promise.all([scan.scan(), scan.scan()]);
    await scan.scan();
    const rows = await t.db.read((m) => m.getRepository(WarningEscalationEntity).findBy({ warningId }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ fromLevel: 'yellow', toLevel: 'red', reason: 'deadline-missed' });
    const w = (await officer.get(`/api/warning/warnings/${warningId}`)).body;
    // 10 working days from Saturday 2026-10-17: 10-19 … 10-23, 10-26 … 10-30
    expect(w).toMatchObject({ status: 'notified', level: { code: 'red', disposition: { zh: '责令整改' } }, dueDate: '2026-10-30', issuedOn: '2026-10-17', overdue: false });
    expect(w.steps.at(-1)).toMatchObject({ kind: 'escalate', actor: 'system:warning-scan' });
    expect(w.steps.at(-1).data.document.title).toBe('整改通知书');
  });

  it('the scan issues the red level\'s 整改通知书 as a numbered PDF, by the system actor, audited as the scheduled scan', async () => {
    const w = (await officer.get(`/api/warning/warnings/${warningId}`)).body;
    const doc = w.steps.at(-1).data.document;
    expect(doc).toMatchObject({ kind: 'rectification-notice', title: '整改通知书', templateId: 'core/rectification-notice', number: '预测纪〔2026〕2号' });
    expect(doc.pending).toBeUndefined();
    expect(w.documents.map((d: any) => d.number)).toEqual(['预测纪〔2026〕1号', '预测纪〔2026〕2号']);
    const meta = await officer.get(`/api/documents/${doc.id}`);
    expect(meta.status).toBe(200);
    expect(meta.body).toMatchObject({ number: '预测纪〔2026〕2号', issuedBy: 'system:warning-scan', issuedOn: '2026-10-17', readRoles: ['discipline-officer', 'head'] });
    expect(meta.body.data.deadline).toBe('2026年10月30日');
    expect((await subject.get(`/api/documents/${doc.id}/pdf`)).status).toBe(200);
    expect((await staff.get(`/api/documents/${doc.id}/pdf`)).status).toBe(404);
    const audit = await t.db.read((m) => m.getRepository(AuditEntryEntity).findBy({ action: In(['document.issue', 'warning.document', 'warning.escalate']) }));
    expect(audit.filter((a) => a.action === 'warning.escalate').map((a) => a.actor)).toEqual(['system:warning-scan']);
    expect(audit.filter((a) => a.action === 'warning.document').map((a) => a.actor)).toEqual(['system:warning-scan']);
    expect(audit.filter((a) => a.action === 'document.issue').map((a) => a.actor)).toEqual([`user:${officerId}:w-officer`, 'system:warning-scan']);
    // A later scan finds nothing left to issue.
    expect((await t.app.get(EscalationService).scan()).documents).toBe(0);
  });

  it('the warned person uploads evidence (type checked by content, size capped) and answers', async () => {
    clock().set('2026-10-20T02:00:00Z');
    const exe = await upload(t, subject, `/api/warning/warnings/${warningId}/evidence`, Buffer.from('MZ\x90\x00 fake exe'), 'measures.pdf');
    expect(exe.status).toBe(415);
    const big = await upload(t, subject, `/api/warning/warnings/${warningId}/evidence`, Buffer.concat([PDF_BYTES, Buffer.alloc(5 * 1024 * 1024 + 1)]), 'big.pdf');
    expect(big.status).toBe(413);
    const noCsrf = await fetch(`${t.url}/api/warning/warnings/${warningId}/evidence`, { method: 'POST', body: (() => { const f = new FormData(); f.append('file', new Blob([new Uint8Array(PDF_BYTES)]), 'x.pdf'); return f; })(), headers: { cookie: [...subject.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(noCsrf.status).toBe(403);
    const ok = await upload(t, subject, `/api/warning/warnings/${warningId}/evidence`, PDF_BYTES, '整改报告.pdf');
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ mime: 'application/pdf', filename: '整改报告.pdf', size: PDF_BYTES.length });
    expect((await officer.post(`/api/warning/warnings/${warningId}/answer`, { explanation: '代答' })).status).toBe(403);
    const answer = await subject.post(`/api/warning/warnings/${warningId}/answer`, { explanation: '已退还宴请费用并作出书面检讨。', measures: '建立供应商接待登记制度。', evidenceIds: [ok.body.id] });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('answered');
    expect(answer.body.evidence[0].stepId).toBe(answer.body.steps.at(-1).id);
  });

  it('the officer accepts, visits, and only a leader releases; then it is archived as one ZIP', async () => {
    expect((await officer.post(`/api/warning/warnings/${warningId}/review`, { decision: 'accept', comment: '整改措施可行' })).body.status).toBe('accepted');
    const visit = await officer.post(`/api/warning/warnings/${warningId}/follow-up`, { visitedOn: '2026-10-27', method: '听取汇报、查阅资料', findings: '已按要求整改', opinion: '建议解除预警' });
    expect(visit.body.status).toBe('followed-up');
    expect(visit.body.steps.at(-1).data.form).toBe('预警工作回访登记表');
    expect((await officer.post(`/api/warning/warnings/${warningId}/release`, { comment: '同意' })).status).toBe(403);
    const released = await head.post(`/api/warning/warnings/${warningId}/release`, { comment: '同意解除预警' });
    expect(released.body.status).toBe('released');
    expect((await officer.post(`/api/warning/warnings/${warningId}/archive`)).body.status).toBe('archived');
    const zipRes = await fetch(`${t.url}/api/warning/warnings/${warningId}/archive.zip`, { headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(zipRes.status).toBe(200);
    const zip = await JSZip.loadAsync(Buffer.from(await zipRes.arrayBuffer()));
    expect(Object.keys(zip.files).sort()).toEqual(expect.arrayContaining(['summary.json', 'summary.html', expect.stringMatching(/^evidence\/\d+-整改报告\.pdf$/)]));
    const summary = JSON.parse(await zip.file('summary.json')!.async('string'));
    expect(summary.warning.steps.map((s: any) => s.kind)).toEqual(['decide', 'issue', 'interview', 'escalate', 'answer', 'accept', 'follow-up', 'release', 'archive']);
    expect(summary.warning.escalations).toHaveLength(1);
  });

  it('audited every transition', async () => {
    const rows = await t.db.read((m) => m.getRepository(AuditEntryEntity).findBy({ objectType: 'warning', objectId: String(warningId) }));
    const actions = rows.map((r) => r.action);
    for (const a of ['warning.decide', 'warning.issue', 'warning.interview', 'warning.escalate', 'warning.evidence', 'warning.answer', 'warning.accept', 'warning.follow-up', 'warning.release', 'warning.archive']) expect(actions).toContain(a);
  });

  it('counts the red warning for the assessment module', async () => {
    const facts = t.app.get(WarningFactsService);
    const inst = await t.institutionId('w-hospital');
    expect(await facts.redWarningCount(inst, 2026)).toBe(1);
    expect(await facts.unitBarredFromAdvanced(inst, 2026)).toBe(false);
    expect(await facts.redWarningCount(inst, 2025)).toBe(0);
  });

  it('shows the due date and the overdue mark on the board, sorted by due date', async () => {
    clock().set('2026-11-02T02:00:00Z');
    const c = await staff.post('/api/warning/clues', { source: 'audit', subjectType: 'person', subjectPersonId: subjectPerson, content: '审计发现报销凭证不全。' });
    const late = await officer.post(`/api/warning/clues/${c.body.id}/warn`, { ...(await clueSubject(officer, c.body.id)), levelCode: 'blue', title: '报销凭证不全', reason: '审计发现' });
    await officer.post(`/api/warning/warnings/${late.body.id}/issue`);
    clock().set('2026-11-20T02:00:00Z');
    const page = await officer.get('/warning/board');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<tr class="overdue" data-kind="warning"');
    expect(page.text).toContain('2026-11-09');
    const overdueOnly = await officer.get('/warning/board?overdue=1&kind=warning');
    expect(overdueOnly.text).toContain(`data-id="${late.body.id}"`);
    const detail = await officer.get(`/warning/warnings/${late.body.id}`);
    expect(detail.text).toContain('2026-11-09');
    expect(detail.text).toContain('已逾期');
  });
});

describe('warning scan catches up after downtime, exactly once', () => {
  it('escalates a deadline passed while the app was stopped once across restarts and repeated scans', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-warn-restart-'));
    let warningId = 0;
    {
      const t = await startWarningApp({ dataDir });
      t.app.get(Clock).set('2026-09-28T02:00:00Z');
      await t.createUser('r-officer', [{ institution: 'w-hospital', role: 'discipline-officer' }]);
      const p = await addPerson(t, 'w-hospital', '王某');
      const officer = await t.login('r-officer');
      const clue = await officer.post('/api/warning/clues', { source: 'inspection', subjectType: 'person', subjectPersonId: p.personId, content: '巡察发现公车私用情况。' });
      warningId = (await officer.post(`/api/warning/clues/${clue.body.id}/warn`, { ...(await clueSubject(officer, clue.body.id)), levelCode: 'blue', title: '公车私用', reason: '巡察发现' })).body.id;
      expect((await officer.post(`/api/warning/warnings/${warningId}/issue`)).body.dueDate).toBe('2026-10-08');
      await t.close();
    }
    {
      const t = await startWarningApp({ dataDir });
      t.app.get(Clock).set('2026-10-12T02:00:00Z');
      const scan = t.app.get(EscalationService);
      await scan.scan();
      await scan.scan();
      const rows = await t.db.read((m) => m.getRepository(WarningEscalationEntity).findBy({ warningId }));
      expect(rows.map((r) => [r.fromLevel, r.toLevel])).toEqual([['blue', 'yellow']]);
      await t.close();
    }
    {
      const t = await startWarningApp({ dataDir });
      t.app.get(Clock).set('2026-10-12T03:00:00Z');
      await t.app.get(EscalationService).scan();
      const rows = await t.db.read((m) => m.getRepository(WarningEscalationEntity).findBy({ warningId: In([warningId]) }));
      expect(rows).toHaveLength(1);
      await t.close();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
