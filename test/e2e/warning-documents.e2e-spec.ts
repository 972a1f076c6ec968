import JSZip from 'jszip';
import { Clock } from '../../core/clock/clock';
import * as path from 'node:path';
import { launchBrowser, loginViaForm, open, screenshot } from '../support/browser';
import { pdfText, pdfToPng } from '../support/pdf-tools';
import { ApiClient, TestApp } from '../support/test-app';
import { addPerson, COMMITTEE, startWarningApp, clueSubject } from '../support/warning-fixtures';

jest.setTimeout(180_000);

const TIPSTER = '赵举报人';
const PHONE = '13912345678';
const cookie = (c: ApiClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
/** pdftotext -layout spreads CJK text with spaces; compare without them. */
/** For looking at the output: PNGs of a PDF under $SCREENSHOT_DIR when it is set. */
const look = async (pdf: Buffer, name: string) => {
  if (process.env.SCREENSHOT_DIR) await pdfToPng(pdf, path.join(process.env.SCREENSHOT_DIR, name));
};
const flat = (pages: string[]) => pages.join('\n').replace(/[\s\u3000]+/g, '');

describe('warning documents: the notice PDF is issued with the notice, linked on the detail page, tipster-free; the archive carries archive.pdf', () => {
  let t: TestApp;
  let officer: ApiClient;
  let lead: ApiClient;
  let staff: ApiClient;
  let subject: ApiClient;
  let township: ApiClient;
  let warningId = 0;
  let docId = 0;
  let docNumber = '';
  let tipWarningId = 0;
  let subjectPersonId = 0;

  async function fetchPdf(client: ApiClient, id: number): Promise<{ status: number; type: string | null; pdf: Buffer }> {
    const res = await fetch(`${t.url}/api/documents/${id}/pdf`, { headers: { cookie: cookie(client) } });
    return { status: res.status, type: res.headers.get('content-type'), pdf: Buffer.from(await res.arrayBuffer()) };
  }

  async function archive(client: ApiClient, id: number): Promise<JSZip> {
    const res = await fetch(`${t.url}/api/warning/warnings/${id}/archive.zip`, { headers: { cookie: cookie(client) } });
    expect(res.status).toBe(200);
    return JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
  }

  /** A staff clue turned into a warning at `level` by `decider` and issued by `issuer`; returns the issue response. */
  async function warnAndIssue(clueBy: ApiClient, decider: ApiClient, clue: Record<string, unknown>, level: string, title: string) {
    const c = await clueBy.post('/api/warning/clues', { source: 'inspection', ...clue });
    expect(c.status).toBe(201);
    const w = await decider.post(`/api/warning/clues/${c.body.id}/warn`, { ...(await clueSubject(decider, c.body.id)), levelCode: level, title, reason: '经核查，反映问题基本属实，需按规定处置。', ...COMMITTEE });
    expect(w.status).toBe(201);
    return decider.post(`/api/warning/warnings/${w.body.id}/issue`);
  }

  beforeAll(async () => {
    t = await startWarningApp();
    t.app.get(Clock).set('2026-06-15T02:00:00Z'); // Monday
    await t.createUser('wd-officer', [{ institution: 'w-hospital', role: 'discipline-officer' }]);
    await t.createUser('wd-lead', [
      { institution: 'w-hospital', role: 'head' },
      { institution: 'w-hospital', role: 'discipline-officer' },
    ]);
    await t.createUser('wd-staff', [{ institution: 'w-hospital', role: 'staff' }]);
    await t.createUser('wd-township', [
      { institution: 'w-township', role: 'discipline-officer' },
      { institution: 'w-township', role: 'head' },
    ]);
    subjectPersonId = (await addPerson(t, 'w-hospital', '李采购', { username: 'wd-subject', dept: '药剂科', post: '药品采购员' })).personId;
    officer = await t.login('wd-officer');
    lead = await t.login('wd-lead');
    staff = await t.login('wd-staff');
    subject = await t.login('wd-subject');
    township = await t.login('wd-township');
  });
  afterAll(() => t.close());

  it('issuing a yellow notice issues 预警通知书 through the documents pipeline in the same request and stores its id on the step', async () => {
    const c = await staff.post('/api/warning/clues', { source: 'petition', subjectType: 'person', subjectPersonId, content: '群众反映其在药品采购中多次接受医药代表宴请。' });
    const w = await officer.post(`/api/warning/clues/${c.body.id}/warn`, { ...(await clueSubject(officer, c.body.id)), levelCode: 'yellow', title: '接受医药代表宴请', reason: '经初步核实，反映问题基本属实。' });
    warningId = w.body.id;
    const res = await officer.post(`/api/warning/warnings/${warningId}/issue`);
    expect(res.status).toBe(200);
    const step = res.body.steps.at(-1);
    expect(step.kind).toBe('issue');
    expect(step.data.document).toMatchObject({ kind: 'warning-notice', title: '预警通知书', templateId: 'core/warning-notice' });
    docId = step.data.document.id;
    docNumber = step.data.document.number;
    expect(docId).toBeGreaterThan(0);
    expect(docNumber).toBe('预测纪〔2026〕1号');
    expect(res.body.documents).toEqual([{ id: docId, number: docNumber, title: '预警通知书', stepKind: 'issue' }]);
    const meta = await officer.get(`/api/documents/${docId}`);
    expect(meta.body).toMatchObject({ templateId: 'core/warning-notice', number: docNumber, title: '关于接受医药代表宴请的预警通知书' });
    // A second issue is refused before a number is taken.
    expect((await officer.post(`/api/warning/warnings/${warningId}/issue`)).status).toBe(409);
    expect((await officer.get('/api/documents')).body.items).toHaveLength(1);
  });

  it('the PDF is filled from the warning: letterhead, number, addressee, level, clue, due date written 2026年6月30日 style', async () => {
    const { dueDate } = (await officer.get(`/api/warning/warnings/${warningId}`)).body;
    expect(dueDate).toBe('2026-06-30'); // 10 working days from Monday 15 June, skipping 端午 (19 June)
    const { status, type, pdf } = await fetchPdf(officer, docId);
    expect(status).toBe(200);
    expect(type).toBe('application/pdf');
    await look(pdf, 'warning-notice');
    const text = flat(await pdfText(pdf));
    for (const s of ['预警测试医院纪委', docNumber, '关于接受医药代表宴请的预警通知书', '李采购同志：', '二级（黄色）', '群众反映其在药品采购中多次接受医药代表宴请。', '诫勉纠错', '请于2026年6月30日前', '2026年6月15日']) {
      expect(text).toContain(s);
    }
  });

  it('the warned person and officers open the PDF; the detail page links it with its number', async () => {
    for (const client of [subject, officer, lead]) {
      expect((await fetchPdf(client, docId)).status).toBe(200);
      const page = await client.get(`/warning/warnings/${warningId}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`href="/api/documents/${docId}/pdf"`);
      expect(page.text).toContain(docNumber);
    }
    expect((await t.anonymous().get(`/api/documents/${docId}/pdf`)).status).toBe(401);
    if (process.env.SCREENSHOT_DIR) {
      const b = await launchBrowser();
      try {
        const page = await b.newPage();
        await loginViaForm(page, t.url, 'wd-subject');
        await open(page, `${t.url}/warning/warnings/${warningId}`);
        await screenshot(page, 'warning-detail-documents');
      } finally {
        await b.close();
      }
    }
  });

  it('never names the tipster in the notice, even where the officer quoted them', async () => {
    const tip = await t.anonymous().post('/api/public/tipoffs', { institutionCode: 'w-hospital', subjectLabel: '设备科张某', content: `我是${TIPSTER}，电话${PHONE}，张某在设备采购中指定供应商。`, anonymous: false, name: TIPSTER, contact: PHONE }, { 'x-forwarded-for': '10.7.0.1' });
    expect(tip.status).toBe(201);
    const clue = (await officer.get('/api/warning/clues')).body.items.find((c: any) => c.tipster?.name === TIPSTER);
    const w = await officer.post(`/api/warning/clues/${clue.id}/warn`, { ...(await clueSubject(officer, clue.id)), levelCode: 'blue', title: '设备采购指定供应商', reason: `经核查，${TIPSTER}（${PHONE}）反映的指定供应商问题属实。` });
    tipWarningId = w.body.id;
    const res = await officer.post(`/api/warning/warnings/${tipWarningId}/issue`);
    expect(res.status).toBe(200);
    const id = res.body.steps.at(-1).data.document.id;
    const text = flat(await pdfText((await fetchPdf(officer, id)).pdf));
    expect(text).toContain('设备采购指定供应商');
    expect(text).toContain('三级（蓝色）');
    expect(text).not.toContain(TIPSTER);
    expect(text).not.toContain(PHONE);
    const meta = (await officer.get(`/api/documents/${id}`)).text;
    expect(meta).not.toContain(TIPSTER);
    expect(meta).not.toContain(PHONE);
  });

  it('maps each level\'s document to its template: 告知书, 质询书, 监察建议书 (003 篇5) and 整改通知书 (003 篇8 red)', async () => {
    const cases: [ApiClient, string, string, string, string[]][] = [
      [township, 'notify', 'core/warning-notice', '廉情预警告知书', ['预警测试镇纪委', '预测镇纪〔2026〕']],
      [township, 'inquiry', 'core/inquiry-letter', '廉情预警质询书', ['提出质询', '请于2026年']],
      [township, 'advice', 'core/supervision-recommendation', '廉情监察（检查）建议书', ['二、监察建议', '请于2026年']],
      [lead, 'red', 'core/rectification-notice', '整改通知书', ['预警测试医院纪委', '二、整改要求', '请于2026年']],
    ];
    for (const [client, level, templateId, title, texts] of cases) {
      const res = await warnAndIssue(client, client, { subjectType: 'institution', content: `${title}测试：监督检查发现制度执行不到位。` }, level, `${level}级事项`);
      expect(res.status).toBe(200);
      const d = res.body.steps.at(-1).data.document;
      expect(d).toMatchObject({ templateId, title });
      const text = flat(await pdfText((await fetchPdf(client, d.id)).pdf));
      for (const s of [d.number, `关于${level}级事项的${title}`, ...texts]) expect(text).toContain(s);
    }
  });

  it('the archive ZIP carries archive.pdf: facts, document number and steps, and no tipster even when an officer exports', async () => {
    const zip = await archive(officer, warningId);
    expect(Object.keys(zip.files).sort()).toEqual(['archive.pdf', 'summary.html', 'summary.json']);
    const archivePdf = await zip.file('archive.pdf')!.async('nodebuffer');
    await look(archivePdf, 'warning-archive');
    const text = flat(await pdfText(archivePdf));
    for (const s of ['预警测试医院纪委', '预警事项档案（接受医药代表宴请）', '预警对象：李采购', '二级（黄色）预警', docNumber, '作出预警决定', '发出预警通知书']) expect(text).toContain(s);
    const tipZip = await archive(officer, tipWarningId);
    expect(await tipZip.file('summary.json')!.async('string')).toContain(TIPSTER);
    const tipText = flat(await pdfText(await tipZip.file('archive.pdf')!.async('nodebuffer')));
    expect(tipText).toContain('设备采购指定供应商');
    expect(tipText).not.toContain(TIPSTER);
    expect(tipText).not.toContain(PHONE);
  });
});
