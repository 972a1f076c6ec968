import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserEntity } from '../../core/auth/auth.entities';
import { Clock } from '../../core/clock/clock';
import { WarningMessageEntity } from '../../core/warning/warning.entities';
import { pdfRawText } from '../support/pdf-tools';
import { ApiClient, TestApp } from '../support/test-app';
import { addPerson, startWarningApp } from '../support/warning-fixtures';

jest.setTimeout(60_000);

/** Issue #18 point 1 and 5: every warning is decided against a subject who can answer it, and release reaches a leader. */
describe('triage names the subject; the subject and the releasing leader are told and see it in their to-do lists', () => {
  let t: TestApp;
  let officer: ApiClient;
  let head: ApiClient;
  let deptHead: ApiClient;
  let person: { personId: number; departmentId: number };
  let foreignPerson: number;
  let headUserId: number;
  let deptHeadUserId: number;
  const clue = async (content: string) => (await officer.post('/api/warning/clues', { source: 'audit', subjectType: 'institution', content })).body.id as number;
  const userIdOf = async (username: string) => (await t.db.read((m) => m.getRepository(UserEntity).findOneByOrFail({ username }))).id;
  const messagesOf = (userId: number) => t.db.read((m) => m.getRepository(WarningMessageEntity).find({ where: { userId }, order: { id: 'ASC' } }));

  beforeAll(async () => {
    t = await startWarningApp();
    t.app.get(Clock).set('2026-09-28T02:00:00Z');
    await t.createUser('ts-officer', [{ institution: 'w-hospital', role: 'discipline-officer' }]);
    headUserId = await t.createUser('ts-head', [{ institution: 'w-hospital', role: 'head' }]);
    person = await addPerson(t, 'w-hospital', '钱某', { dept: '设备科', username: 'ts-subject' });
    await addPerson(t, 'w-hospital', '设备科长某', { dept: '设备科', username: 'ts-dept-head', roles: ['department-head'] });
    deptHeadUserId = await userIdOf('ts-dept-head');
    foreignPerson = (await addPerson(t, 'w-township', '外单位某')).personId;
    officer = await t.login('ts-officer');
    head = await t.login('ts-head');
    deptHead = await t.login('ts-dept-head');
  });
  afterAll(() => t.close());

  it('refuses triage without a subject, naming the field, and writes nothing', async () => {
    const id = await clue('审计发现设备科采购验收记录缺失。');
    const none = await officer.post(`/api/warning/clues/${id}/warn`, { levelCode: 'blue', title: '验收记录缺失', reason: '审计发现' });
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body.details)).toContain('subjectType');
    const noPerson = await officer.post(`/api/warning/clues/${id}/warn`, { subjectType: 'person', levelCode: 'blue', title: '验收记录缺失', reason: '审计发现' });
    expect(noPerson.status).toBe(400);
    expect(noPerson.body.details.map((d: { field: string }) => d.field)).toEqual(['subjectPersonId']);
    const noDept = await officer.post(`/api/warning/clues/${id}/warn`, { subjectType: 'department', levelCode: 'blue', title: '验收记录缺失', reason: '审计发现' });
    expect(noDept.body.details.map((d: { field: string }) => d.field)).toEqual(['subjectDepartmentId']);
    expect((await officer.get(`/api/warning/clues/${id}`)).body.status).toBe('new');
  });

  it('answers a subject of another institution like a missing id (404), and a missing one too', async () => {
    const id = await clue('审计发现设备科采购验收记录缺失（二）。');
    expect((await officer.post(`/api/warning/clues/${id}/warn`, { subjectType: 'person', subjectPersonId: foreignPerson, levelCode: 'blue', title: '验收记录缺失', reason: '审计发现' })).status).toBe(404);
    expect((await officer.post(`/api/warning/clues/${id}/warn`, { subjectType: 'person', subjectPersonId: 999999, levelCode: 'blue', title: '验收记录缺失', reason: '审计发现' })).status).toBe(404);
    expect((await officer.get(`/api/warning/clues/${id}`)).body.status).toBe('new');
  });

  it('a warning against a person reaches that person: message on notice, and an answer in the to-do list', async () => {
    const id = await clue('群众反映钱某接受供应商宴请。');
    const w = await officer.post(`/api/warning/clues/${id}/warn`, { subjectType: 'person', subjectPersonId: person.personId, levelCode: 'blue', title: '接受供应商宴请', reason: '经核实基本属实' });
    expect(w.status).toBe(201);
    expect(w.body).toMatchObject({ subjectType: 'person', subjectPersonId: person.personId, subjectLabel: '钱某' });
    expect((await officer.post(`/api/warning/warnings/${w.body.id}/issue`)).status).toBe(200);
    const subject = await t.login('ts-subject');
    const msgs = await messagesOf(await userIdOf('ts-subject'));
    expect(msgs.map((x) => x.title).join('\n')).toContain('接受供应商宴请');
    const home = await subject.get('/');
    expect(home.text).toContain('待答复的预警');
    expect(home.text).toContain(`/warning/warnings/${w.body.id}`);
  });

  it('a warning against a department goes to its head, who may answer it', async () => {
    const id = await clue('审计发现设备科验收环节一人验收。');
    const w = await officer.post(`/api/warning/clues/${id}/warn`, { subjectType: 'department', subjectDepartmentId: person.departmentId, levelCode: 'blue', title: '验收一人操作', reason: '审计发现' });
    expect(w.status).toBe(201);
    expect(w.body.subjectLabel).toBe('设备科');
    await officer.post(`/api/warning/warnings/${w.body.id}/issue`);
    expect((await messagesOf(deptHeadUserId)).some((x) => x.warningId === w.body.id)).toBe(true);
    const answered = await deptHead.post(`/api/warning/warnings/${w.body.id}/answer`, { explanation: '已安排双人验收，并补登记录。' });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('answered');
  });

  it('after the follow-up visit the head is told, sees the release in his to-do list, and the officer sees who releases', async () => {
    const id = await clue('群众反映钱某违规报销。');
    const w = (await officer.post(`/api/warning/clues/${id}/warn`, { subjectType: 'person', subjectPersonId: person.personId, levelCode: 'blue', title: '违规报销', reason: '经核实基本属实' })).body;
    await officer.post(`/api/warning/warnings/${w.id}/issue`);
    const subject = await t.login('ts-subject');
    expect((await subject.post(`/api/warning/warnings/${w.id}/answer`, { explanation: '已退回多报销的款项。' })).status).toBe(200);
    expect((await officer.post(`/api/warning/warnings/${w.id}/review`, { decision: 'accept', comment: '予以采纳' })).status).toBe(200);
    expect((await head.get('/')).text).not.toContain('待审批解除的预警');
    expect((await officer.post(`/api/warning/warnings/${w.id}/follow-up`, { visitedOn: '2026-09-28', method: '查阅资料', findings: '已整改', opinion: '建议解除' })).status).toBe(200);
    expect((await messagesOf(headUserId)).filter((x) => x.kind === 'warning.release-pending' && x.warningId === w.id)).toHaveLength(1);
    const home = (await head.get('/')).text;
    expect(home).toContain('待审批解除的预警');
    expect(home).toContain(`/warning/warnings/${w.id}`);
    expect((await officer.get(`/warning/warnings/${w.id}`)).text).toMatch(/data-testid="releasers">[^<]*ts-head/);
    expect((await head.post(`/api/warning/warnings/${w.id}/release`, { comment: '同意解除' })).status).toBe(200);
    expect((await head.get('/')).text).not.toContain(`/warning/warnings/${w.id}"`);
  });

  it('releasing a yellow warning issues a 解除预警通知书 to the subject by name; a blue one issues none', async () => {
    const subject = await t.login('ts-subject');
    const walk = async (levelCode: string, title: string) => {
      const id = await clue(`群众反映钱某${title}。`);
      const w = (await officer.post(`/api/warning/clues/${id}/warn`, { subjectType: 'person', subjectPersonId: person.personId, levelCode, title, reason: '经核实基本属实' })).body;
      await officer.post(`/api/warning/warnings/${w.id}/issue`);
      await subject.post(`/api/warning/warnings/${w.id}/answer`, { explanation: '已按要求整改。' });
      await officer.post(`/api/warning/warnings/${w.id}/review`, { decision: 'accept', comment: '予以采纳' });
      await officer.post(`/api/warning/warnings/${w.id}/follow-up`, { visitedOn: '2026-09-28', method: '座谈了解', findings: '接待登记制度已建立。', opinion: '整改到位，建议解除。' });
      const released = await head.post(`/api/warning/warnings/${w.id}/release`, { comment: '同意解除' });
      expect(released.status).toBe(200);
      return released.body;
    };
    const yellow = await walk('yellow', '接受医药代表宴请');
    const doc = yellow.documents.find((d: { stepKind: string }) => d.stepKind === 'release');
    expect(doc).toMatchObject({ title: '解除预警通知书' });
    const res = await fetch(`${t.url}/api/documents/${doc.id}/pdf`, { headers: { cookie: [...subject.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer());
    if (process.env.SCREENSHOT_DIR) fs.writeFileSync(path.join(process.env.SCREENSHOT_DIR, 'release-notice.pdf'), pdf);
    const text = (await pdfRawText(pdf)).replace(/\s+/g, '');
    expect(text).toContain('钱某同志');
    expect(text).toContain('解除对你的');
    expect(text).toMatch(/根据预测纪〔2026〕\d+号《预警通知书》/);
    expect(text).toContain('接待登记制度已建立');
    expect(text).toContain('经ts-head批准');
    expect(text).not.toMatch(/yellow|user:|release/i);
    const blue = await walk('blue', '上班时间打牌');
    expect(blue.documents.filter((d: { stepKind: string }) => d.stepKind === 'release')).toEqual([]);
  });
});
