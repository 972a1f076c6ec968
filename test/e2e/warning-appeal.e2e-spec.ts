import { Clock } from '../../core/clock/clock';
import { WarningFactsService } from '../../core/warning/warning-facts.service';
import { ApiClient, TestApp } from '../support/test-app';
import { addPerson, COMMITTEE, startWarningApp, clueSubject } from '../support/warning-fixtures';

jest.setTimeout(60_000);

describe('003 篇5 palette: appeal, one leader-approved extension, levels and deciders', () => {
  let t: TestApp;
  let officer: ApiClient;
  let deputy: ApiClient;
  let head: ApiClient;
  let subject: ApiClient;
  let personId: number;

  const clue = async (content: string) => (await officer.post('/api/warning/clues', { source: 'informant', subjectType: 'person', subjectPersonId: personId, content })).body.id as number;

  beforeAll(async () => {
    t = await startWarningApp();
    t.app.get(Clock).set('2026-09-28T02:00:00Z');
    await t.createUser('p5-officer', [{ institution: 'w-township', role: 'discipline-officer' }]);
    await t.createUser('p5-deputy', [{ institution: 'w-township', role: 'deputy-in-charge' }]);
    await t.createUser('p5-head', [{ institution: 'w-township', role: 'head' }]);
    personId = (await addPerson(t, 'w-township', '陈某某', { dept: '村务', username: 'p5-subject' })).personId;
    officer = await t.login('p5-officer');
    deputy = await t.login('p5-deputy');
    head = await t.login('p5-head');
    subject = await t.login('p5-subject');
  });
  afterAll(() => t.close());

  it('uses the 告知 / 质询 / 监察建议 levels of the institution', async () => {
    const levels = (await officer.get('/api/warning/levels')).body;
    expect(levels.id).toBe('003-p5');
    expect(levels.levels.map((l: any) => l.disposition.zh)).toEqual(['廉情预警告知', '廉情预警质询', '廉情监察（检查）建议']);
  });

  it('follows an appeal: upheld returns the warning to where it was, a second appeal revokes it, then it is archived', async () => {
    const lowIncomeClue = await clue('群众反映其在低保评审中优亲厚友。');
    const w = (await officer.post(`/api/warning/clues/${lowIncomeClue}/warn`, { ...(await clueSubject(officer, lowIncomeClue)), levelCode: 'notify', title: '低保评审优亲厚友', reason: '群众反映' })).body;
    expect(w.level.document.zh).toBe('廉情预警告知书');
    const issued = (await officer.post(`/api/warning/warnings/${w.id}/issue`)).body;
    expect(issued.dueDate).toBe('2026-10-13'); // 七个工作日 across 国庆, counting Saturday 10-10
    expect((await officer.post(`/api/warning/warnings/${w.id}/appeal`, { grounds: '代为申诉的理由' })).status).toBe(403);
    const appealed = await subject.post(`/api/warning/warnings/${w.id}/appeal`, { grounds: '所反映情况与事实不符，评审经村民代表会议通过。' });
    expect(appealed.status).toBe(200);
    expect(appealed.body.status).toBe('appealed');
    expect((await subject.post(`/api/warning/warnings/${w.id}/answer`, { explanation: '申诉期间答复' })).status).toBe(409);
    expect((await subject.post(`/api/warning/warnings/${w.id}/appeal`, { grounds: '再次申诉的理由说明' })).status).toBe(409);
    const upheld = await officer.post(`/api/warning/warnings/${w.id}/appeal/answer`, { outcome: 'upheld', answer: '经调查，反映问题属实，维持预警。' });
    expect(upheld.body.status).toBe('notified');
    expect(upheld.body.dueDate).toBe('2026-10-13');
    await subject.post(`/api/warning/warnings/${w.id}/appeal`, { grounds: '补充新的证明材料，请求重新调查。' });
    const revoked = await deputy.post(`/api/warning/warnings/${w.id}/appeal/answer`, { outcome: 'revoked', answer: '经再次调查，评审程序合规，撤销预警。' });
    expect(revoked.body.status).toBe('revoked');
    expect(revoked.body.open).toBe(false);
    expect((await subject.get('/api/warning/messages?pageSize=200')).body.items.map((m: any) => m.kind)).toEqual(expect.arrayContaining(['warning.appeal-answer']));
    expect((await officer.post(`/api/warning/warnings/${w.id}/archive`)).body.status).toBe('archived');
    expect(revoked.body.steps.map((s: any) => s.kind)).toEqual(['decide', 'issue', 'appeal', 'answer-appeal', 'appeal', 'answer-appeal']);
  });

  it('only the party committee (head) decides 一级 监察建议; corrected within 1 month, one extension ≤ 1 month approved by a leader', async () => {
    const id = await clue('审计发现其经手的集体资产处置未经民主程序。');
    expect((await officer.post(`/api/warning/clues/${id}/warn`, { ...(await clueSubject(officer, id)), levelCode: 'advice', title: '资产处置', reason: '审计发现' })).status).toBe(403);
    expect((await deputy.post(`/api/warning/clues/${id}/warn`, { ...(await clueSubject(deputy, id)), levelCode: 'advice', title: '资产处置', reason: '审计发现' })).status).toBe(403);
    const w = (await head.post(`/api/warning/clues/${id}/warn`, { ...(await clueSubject(head, id)), levelCode: 'advice', title: '资产处置未经民主程序', reason: '审计发现', ...COMMITTEE })).body;
    const issued = (await officer.post(`/api/warning/warnings/${w.id}/issue`)).body;
    expect(issued.dueDate).toBe('2026-10-28'); // one calendar month
    expect((await subject.post(`/api/warning/warnings/${w.id}/extension`, { months: 2, reason: '资产处置需要重新公示' })).status).toBe(400);
    const req = await subject.post(`/api/warning/warnings/${w.id}/extension`, { months: 1, reason: '资产处置需要重新公示' });
    expect(req.status).toBe(200);
    expect(req.body.extensionRequestedMonths).toBe(1);
    expect((await subject.post(`/api/warning/warnings/${w.id}/extension`, { months: 1, reason: '再次申请延期' })).status).toBe(409);
    expect((await officer.post(`/api/warning/warnings/${w.id}/extension/decision`, { approve: true, comment: '同意' })).status).toBe(403);
    const ok = await deputy.post(`/api/warning/warnings/${w.id}/extension/decision`, { approve: true, comment: '同意延期一个月' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ dueDate: '2026-11-30', extensionUsed: true, extensionRequestedMonths: null }); // 11-28 is a Saturday
    const doc = ok.body.steps.at(-1).data.document;
    expect(doc).toMatchObject({ kind: 'extension-notice', title: '延期整改通知书', templateId: 'core/rectification-notice' });
    expect(doc.number).toMatch(/〔2026〕\d+号$/);
    // The deputy approves but may not issue documents: the platform issues it for the institution, and says so.
    const meta = (await officer.get(`/api/documents/${doc.id}`)).body;
    expect(meta).toMatchObject({ issuedBy: 'system:warning-extension', title: '关于资产处置未经民主程序延期整改的通知' });
    expect(meta.data.deadline).toBe('2026年11月30日');
    expect((await subject.get(`/api/documents/${doc.id}/pdf`)).status).toBe(200);
    expect((await subject.post(`/api/warning/warnings/${w.id}/extension`, { months: 1, reason: '第二次延期申请' })).status).toBe(409);
  });

  it('a 三级 告知 allows no extension; 二级 质询 is decided by the discipline secretary (deputy in charge)', async () => {
    const drinkingClue = await clue('反映其工作日午间饮酒。');
    const a = (await officer.post(`/api/warning/clues/${drinkingClue}/warn`, { ...(await clueSubject(officer, drinkingClue)), levelCode: 'notify', title: '午间饮酒', reason: '群众反映' })).body;
    await officer.post(`/api/warning/warnings/${a.id}/issue`);
    const ext = await subject.post(`/api/warning/warnings/${a.id}/extension`, { months: 1, reason: '需要时间准备' });
    expect(ext.status).toBe(409);
    expect(ext.body.message).toContain('不允许延期');
    const id = await clue('反映其对群众诉求推诿扯皮。');
    expect((await officer.post(`/api/warning/clues/${id}/warn`, { ...(await clueSubject(officer, id)), levelCode: 'inquiry', title: '推诿扯皮', reason: '群众反映' })).status).toBe(403);
    expect((await deputy.post(`/api/warning/clues/${id}/warn`, { ...(await clueSubject(deputy, id)), levelCode: 'inquiry', title: '推诿扯皮', reason: '群众反映' })).body.level.document.zh).toBe('廉情预警质询书');
  });

  it('a subject already warned and confirmed again is escalated (告知 → 质询), once', async () => {
    const open = (await subject.get('/api/warning/warnings')).body.items.find((w: any) => w.title === '午间饮酒');
    const again = await clue('预警后群众仍反映其午间饮酒，经调查属实。');
    const r = await officer.post(`/api/warning/clues/${again}/confirm`);
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(open.id);
    expect(r.body.level.code).toBe('inquiry');
    expect(r.body.escalations).toEqual([expect.objectContaining({ fromLevel: 'notify', toLevel: 'inquiry', reason: 'confirmed-again' })]);
    expect((await officer.post(`/api/warning/clues/${again}/confirm`)).status).toBe(409);
    await officer.post('/api/warning/scan');
    expect((await officer.get(`/api/warning/warnings/${open.id}`)).body.escalations).toHaveLength(1);
  });

  it('counts two 一级 warnings in a year: the unit cannot be rated advanced', async () => {
    const facts = t.app.get(WarningFactsService);
    const inst = await t.institutionId('w-township');
    expect(await facts.redWarningCount(inst, 2026)).toBe(1);
    const allowanceClue = await clue('反映其违规发放补贴。');
    await head.post(`/api/warning/clues/${allowanceClue}/warn`, { ...(await clueSubject(head, allowanceClue)), levelCode: 'advice', title: '违规发放补贴', reason: '核实属实', ...COMMITTEE });
    expect(await facts.redWarningCount(inst, 2026)).toBe(2);
    expect(await facts.unitBarredFromAdvanced(inst, 2026)).toBe(true);
    expect(await facts.unitBarredFromAdvanced(inst, 2027)).toBe(false);
  });
  it('counts a deadline into 2027, which has no State Council notice yet, with the statutory 元旦 and marks it for review', async () => {
    t.app.get(Clock).set('2026-12-28T02:00:00Z');
    try {
      const id = await clue('群众反映其在年底慰问品发放中优亲厚友。');
      const w = (await officer.post(`/api/warning/clues/${id}/warn`, { ...(await clueSubject(officer, id)), levelCode: 'notify', title: '慰问品发放优亲厚友', reason: '群众反映' })).body;
      const issued = (await officer.post(`/api/warning/warnings/${w.id}/issue`)).body;
      // 七个工作日: 12-29, 12-30, 12-31, (01-01 元旦, a Friday, statutory) 01-04, 01-05, 01-06, 01-07
      expect(issued.dueDate).toBe('2027-01-07');
      const page = (await officer.get(`/warning/warnings/${w.id}`)).text;
      expect(page).toMatch(/data-testid="due">2027-01-07[\s\S]*?data-testid="due-estimate">按法定节假日推算，待国务院通知发布后复核/);
    } finally {
      t.app.get(Clock).set('2026-09-28T02:00:00Z');
    }
  });
});
