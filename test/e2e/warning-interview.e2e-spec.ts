import * as path from 'node:path';
import { UserEntity } from '../../core/auth/auth.entities';
import { Clock } from '../../core/clock/clock';
import { launchBrowser, loginViaForm, open, screenshot } from '../support/browser';
import { pdfText, pdfToPng } from '../support/pdf-tools';
import { ApiClient, TestApp } from '../support/test-app';
import { addPerson, startWarningApp, clueSubject } from '../support/warning-fixtures';

jest.setTimeout(180_000);

const cookie = (c: ApiClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
/** pdftotext spreads CJK text with spaces; compare without them. */
const flat = (pages: string[]) => pages.join('\n').replace(/[\s\u3000]+/g, '');
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
const form = (c: ApiClient, url: string, fields: [string, string][]) =>
  c.request('POST', url, new URLSearchParams([['_csrf', c.csrf], ...fields]).toString(), { 'content-type': 'application/x-www-form-urlencoded' });

describe('warning documents are restricted to the matter; interviews are scheduled with a 约谈通知单; the 专报 is a PDF; the screens speak English', () => {
  let t: TestApp;
  let officer: ApiClient;
  let head: ApiClient;
  let staff: ApiClient;
  let subject: ApiClient;
  let subjectPersonId = 0;
  let warningId = 0;
  let noticeId = 0;
  const ids: Record<string, number> = {};

  async function fetchPdf(client: ApiClient, id: number): Promise<{ status: number; pdf: Buffer }> {
    const res = await fetch(`${t.url}/api/documents/${id}/pdf`, { headers: { cookie: cookie(client) } });
    return { status: res.status, pdf: Buffer.from(await res.arrayBuffer()) };
  }
  const look = async (pdf: Buffer, name: string) => {
    if (process.env.SCREENSHOT_DIR) await pdfToPng(pdf, path.join(process.env.SCREENSHOT_DIR, name));
  };

  beforeAll(async () => {
    t = await startWarningApp();
    t.app.get(Clock).set('2026-06-15T02:00:00Z'); // Monday
    await addPerson(t, 'w-hospital', '王纪检', { username: 'wi-officer', roles: ['discipline-officer'], dept: '纪检监察室', post: '纪检监察员' });
    await addPerson(t, 'w-hospital', '张书记', { username: 'wi-head', roles: ['head'], dept: '院办', post: '党委书记' });
    await addPerson(t, 'w-hospital', '赵职员', { username: 'wi-staff', roles: ['staff'], dept: '院办', post: '办事员' });
    subjectPersonId = (await addPerson(t, 'w-hospital', '李采购', { username: 'wi-subject', dept: '药剂科', post: '药品采购员' })).personId;
    for (const u of await t.db.read((m) => m.getRepository(UserEntity).find())) ids[u.username] = u.id;
    officer = await t.login('wi-officer');
    head = await t.login('wi-head');
    staff = await t.login('wi-staff');
    subject = await t.login('wi-subject');
    const c = await staff.post('/api/warning/clues', { source: 'petition', subjectType: 'person', subjectPersonId, content: '群众反映其在药品采购中多次接受医药代表宴请。' });
    warningId = (await officer.post(`/api/warning/clues/${c.body.id}/warn`, { ...(await clueSubject(officer, c.body.id)), levelCode: 'yellow', title: '接受医药代表宴请', reason: '经初步核实，反映问题基本属实。' })).body.id;
    const issued = await officer.post(`/api/warning/warnings/${warningId}/issue`);
    expect(issued.status).toBe(200);
    noticeId = issued.body.documents[0].id;
  });
  afterAll(() => t?.close());

  it('the notice PDF is readable by officers, the head and the warned person, and a 404 for other staff of the institution', async () => {
    const meta = (await officer.get(`/api/documents/${noticeId}`)).body;
    expect(meta).toMatchObject({ readRoles: ['discipline-officer', 'head'], readUserIds: [ids['wi-subject']] });
    for (const c of [officer, head, subject]) expect((await fetchPdf(c, noticeId)).status).toBe(200);
    const denied = await fetchPdf(staff, noticeId);
    expect(denied.status).toBe(404);
    expect((await staff.get(`/api/documents/${noticeId}`)).status).toBe(404);
    expect((await staff.get('/api/documents?pageSize=200')).body.items.map((d: any) => d.id)).not.toContain(noticeId);
    expect((await fetchPdf(staff, 999_999)).status).toBe(404); // the same answer as a missing document
  });

  it('interviewers are offered by name from the institution\'s accounts, marked when of lead rank', async () => {
    const list = (await officer.get(`/api/warning/warnings/${warningId}/interviewers`)).body;
    expect(list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: ids['wi-officer'], name: '王纪检', post: '纪检监察员', lead: true }),
        expect.objectContaining({ userId: ids['wi-head'], name: '张书记', post: '党委书记', lead: true }),
        expect.objectContaining({ userId: ids['wi-staff'], name: '赵职员', lead: false }),
      ]),
    );
    expect(list.map((c: any) => c.userId)).not.toContain(ids['wi-subject']); // the warned person does not interview themself
    const page = await officer.get(`/warning/warnings/${warningId}`);
    expect(page.text).toContain('<select name="interviewerUserIds" multiple');
    expect(page.text).toMatch(new RegExp(`<option value="${ids['wi-head']}">张书记 · 党委书记`));
    expect(page.text).not.toContain('用户编号');
  });

  it('scheduling needs two interviewers, a lead of rank among them and a time not in the past', async () => {
    const base = { at: '2026-06-18T09:30', place: '行政楼三楼纪委谈话室' };
    const url = `/api/warning/warnings/${warningId}/schedule-interview`;
    expect((await officer.post(url, { ...base, interviewerUserIds: [ids['wi-head']], leadUserId: ids['wi-head'] })).status).toBe(400);
    const low = await officer.post(url, { ...base, interviewerUserIds: [ids['wi-staff'], ids['wi-officer']], leadUserId: ids['wi-staff'] });
    expect(low.status).toBe(400);
    expect(low.body.message).toContain('主谈人');
    const past = await officer.post(url, { ...base, at: '2026-06-12T09:30', interviewerUserIds: [ids['wi-head'], ids['wi-officer']], leadUserId: ids['wi-head'] });
    expect(past.status).toBe(400);
    expect((await officer.post(url, { ...base, at: '2026-06-18 9:30', interviewerUserIds: [ids['wi-head'], ids['wi-officer']], leadUserId: ids['wi-head'] })).status).toBe(400);
    expect((await subject.post(url, { ...base, interviewerUserIds: [ids['wi-head'], ids['wi-officer']], leadUserId: ids['wi-head'] })).status).toBe(403);
  });

  it('the schedule form issues the 约谈通知单 as a numbered GB/T 9704 PDF with names, time and place, for the matter\'s readers only', async () => {
    const res = await form(officer, `/warning/warnings/${warningId}/act`, [
      ['action', 'schedule-interview'],
      ['at', '2026-06-18T09:30'],
      ['place', '行政楼三楼纪委谈话室'],
      ['interviewerUserIds', String(ids['wi-head'])],
      ['interviewerUserIds', String(ids['wi-officer'])],
      ['leadUserId', String(ids['wi-head'])],
      ['bring', '近半年药品采购台账\n个人有关事项报告表'],
    ]);
    expect(res.status).toBe(303);
    const w = (await officer.get(`/api/warning/warnings/${warningId}`)).body;
    expect(w.status).toBe('notified'); // scheduling does not change the state; the interview is recorded when held
    const step = w.steps.at(-1);
    expect(step).toMatchObject({ kind: 'schedule-interview', data: { scheduledAt: '2026-06-18T09:30', place: '行政楼三楼纪委谈话室', lead: { name: '张书记' } } });
    expect(step.data.interviewers.map((i: any) => i.name)).toEqual(['张书记', '王纪检']);
    expect(step.data.document).toMatchObject({ kind: 'interview-notice', title: '约谈通知单', templateId: 'core/interview-notice', number: '预测纪〔2026〕2号' });
    const { status, pdf } = await fetchPdf(subject, step.data.document.id);
    expect(status).toBe(200);
    await look(pdf, 'interview-notice');
    const text = flat(await pdfText(pdf));
    for (const s of ['预警测试医院纪委', '预测纪〔2026〕2号', '约谈通知单', '李采购同志：', '诫勉纠错谈话', '李采购（药品采购员）', '2026年6月18日上午9时30分', '行政楼三楼纪委谈话室', '党委书记张书记（主谈人）、纪检监察员王纪检', '接受医药代表宴请', '近半年药品采购台账', '2026年6月15日']) {
      expect(text).toContain(s);
    }
    expect((await fetchPdf(staff, step.data.document.id)).status).toBe(404);
    const inbox = (await subject.get('/api/warning/messages?pageSize=200')).body.items;
    expect(inbox.some((m: any) => m.kind === 'warning.interview' && m.title.includes('2026年6月18日上午9时30分') && m.title.includes('行政楼三楼纪委谈话室'))).toBe(true);
    const page = await subject.get(`/warning/warnings/${warningId}`);
    expect(page.text).toContain(`href="/api/documents/${step.data.document.id}/pdf"`);
    // The interview is then recorded with the same pickers.
    const held = await officer.post(`/api/warning/warnings/${warningId}/interview`, { interviewerUserIds: [ids['wi-head'], ids['wi-officer']], leadUserId: ids['wi-head'], heldOn: '2026-06-18', place: '行政楼三楼纪委谈话室', notes: '指出问题，提出纠错要求' });
    expect(held.status).toBe(200);
    expect(held.body.status).toBe('interviewed');
  });

  it('the report screen issues the quarter\'s 专报 as a numbered PDF carrying its figures and the trend chart', async () => {
    const json = (await officer.get('/api/warning/reports/quarterly?year=2026&quarter=2')).body;
    expect(json.totals).toEqual({ clues: 1, warnings: 1, escalated: 0, released: 0 });
    expect((await staff.post('/api/warning/reports/quarterly/pdf', { year: 2026, quarter: 2 })).status).toBe(403);
    const res = await form(head, '/warning/report/issue', [['year', '2026'], ['quarter', '2']]);
    expect(res.status).toBe(303);
    const loc = res.headers.get('location')!;
    const docId = Number(/issued=(\d+)/.exec(loc)![1]);
    const page = await head.get(loc);
    expect(page.text).toContain(`href="/api/documents/${docId}/pdf"`);
    expect(page.text).toContain('预测纪〔2026〕3号');
    const meta = (await head.get(`/api/documents/${docId}`)).body;
    expect(meta).toMatchObject({ templateId: 'core/warning-report', title: '2026年第二季度廉政风险信息预警专报', number: '预测纪〔2026〕3号' });
    const { status, pdf } = await fetchPdf(officer, docId);
    expect(status).toBe(200);
    await look(pdf, 'warning-report');
    const text = flat(await pdfText(pdf));
    // The chart is inline SVG, so its axis labels are real text: each quarter appears under its bars and in the table.
    for (const q of ['2025Q3', '2026Q2']) expect(text.split(q).length - 1).toBe(2);
    for (const s of ['2026年第二季度廉政风险信息预警专报', '2026年4月1日至2026年6月30日', '共受理预警信息1条，作出预警1件，其中升级预警0件，已解除预警0件', '二级（黄色）预警1件', '信访举报', '药剂科', '2025Q3', '2025Q4', '2026Q1', '2026Q2', '预警信息（条）']) {
      expect(text).toContain(s);
    }
    expect((await fetchPdf(staff, docId)).status).toBe(404);
  });

  it('in English, the main warning screens show no Chinese label (only data stays Chinese)', async () => {
    const c = (await officer.get('/api/warning/clues')).body.items[0];
    const data = [
      '预警测试医院', '纪检监察室', '院办', '王纪检', '张书记', '赵职员', '李采购', '纪检监察员', '党委书记', '办事员', '药剂科', '药品采购员', '接受医药代表宴请', '经初步核实，反映问题基本属实。', '群众反映其在药品采购中多次接受医药代表宴请。', '行政楼三楼纪委谈话室', '预警通知书', '约谈通知单', '指出问题，提出纠错要求', '预测纪〔2026〕1号', '预测纪〔2026〕2号', '预测纪〔2026〕3号',
      ...(await officer.get('/api/warning/messages?pageSize=200')).body.items.flatMap((m: any) => [m.title, m.body]),
    ];
    const pages = ['/warning/board', `/warning/warnings/${warningId}`, `/warning/clues/${c.id}`, '/warning/clues/new', '/warning/report?year=2026&quarter=2', '/warning/messages'];
    for (const url of pages) {
      const res = await officer.get(`${url}${url.includes('?') ? '&' : '?'}lang=en`);
      expect(res.status).toBe(200);
      let main = res.text.slice(res.text.indexOf('<main id="main">'), res.text.lastIndexOf('</main>'));
      main = main.replace(/<pre>[\s\S]*?<\/pre>/g, ''); // step data as recorded
      for (const d of [...data].sort((a, b) => b.length - a.length)) main = main.split(d).join('');
      const left = main.replace(/<[^>]+>/g, ' ').split('\n').map((l) => l.trim()).filter((l) => CJK.test(l));
      expect({ url, left }).toEqual({ url, left: [] });
    }
    for (const url of ['/warning/mine']) {
      const res = await subject.get(`${url}?lang=en`);
      const main = res.text.slice(res.text.indexOf('<main id="main">'), res.text.lastIndexOf('</main>'));
      expect(main).toContain('Answer due');
      expect(data.reduce((s, d) => s.split(d).join(''), main).replace(/<[^>]+>/g, ' ')).not.toMatch(CJK);
    }
    if (process.env.SCREENSHOT_DIR) {
      const b = await launchBrowser();
      try {
        const p = await b.newPage();
        await loginViaForm(p, t.url, 'wi-officer');
        await open(p, `${t.url}/warning/warnings/${warningId}?lang=en`);
        await screenshot(p, 'warning-detail-en');
        await open(p, `${t.url}/warning/warnings/${warningId}?lang=zh`);
        await screenshot(p, 'warning-detail-zh');
        await open(p, `${t.url}/warning/report?year=2026&quarter=2&lang=en`);
        await screenshot(p, 'warning-report-en');
      } finally {
        await b.close();
      }
    }
  });
});
