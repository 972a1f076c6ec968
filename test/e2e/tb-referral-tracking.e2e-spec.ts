import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { Clock } from '../../core/clock/clock';
import { idNumberCheckChar } from '../../core/plugin-api';
import { RulesService } from '../../core/rules/rules.service';
import { WarningClueEntity } from '../../core/warning/warning.entities';
import { pdfFonts, pdfInfo, pdfText } from '../support/pdf-tools';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/tb-referral/records';

/** One referral that never arrives, followed day by day on a controlled clock (issue 9, "how to show it"). */
describe('tb-referral: a referral that does not arrive (moving clock)', () => {
  let t: TestApp;
  let taoyuan: ApiClient;
  let dongxi: ApiClient;
  let admin: ApiClient;
  let referralId: number;
  const ids: Record<string, number> = {};
  const clock = () => t.app.get(Clock);
  // Day 0 is the referral date; each step moves the clock to noon of day n and runs the nightly scan.
  const day = async (n: number) => {
    clock().set(new Date(Date.parse('2026-03-02T04:00:00Z') + n * 86_400_000).toISOString());
    await t.app.get(RulesService).scanAll();
  };
  // Supervision visits are not seeded here, so supervision-missing hits are set aside: this test is about the referral.
  const hits = async (code: string) =>
    ((await admin.get(`/api/rule-hits?institutionId=${ids[code]}&pageSize=200`)).body.items as { ruleId: string; level: string; recordId: number }[]).filter((h) => h.ruleId.startsWith('tb-referral/') && h.ruleId !== 'tb-referral/supervision-missing');
  const clues = async (code: string) =>
    (await t.db.read((m) => m.getRepository(WarningClueEntity).find({ where: { institutionId: ids[code], channel: 'rule' } }))).filter((c) => c.ruleId !== 'tb-referral/supervision-missing');
  const tasks = async (client: ApiClient) => (await client.get(`${P}/tb-tracking-task?pageSize=50`)).body as { total: number; items: { id: number; institutionId: number; values: Record<string, unknown> }[] };

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-03-02T04:00:00Z', seed: 'demo' });
    for (const code of ['taoyuan-village-clinic', 'dongxi-township-hc', 'district-tb-hospital']) ids[code] = await t.institutionId(code);
    await t.createUser('tbt-root', [], { admin: true });
    admin = await t.login('tbt-root');
    taoyuan = await t.login('taoyuan-doctor', DEMO_PASSWORD);
    dongxi = await t.login('dongxi-doctor', DEMO_PASSWORD);
    const first17 = '32010219800312001';
    const person = await taoyuan.post(`${P}/tb-person`, { name: '柳青禾', sex: 'f', birthDate: '1980-03-12', idNumber: first17 + idNumberCheckChar(first17), phone: '13900001111', village: '桃源村' });
    expect(person.status).toBe(201);
    const referral = await taoyuan.post(`${P}/tb-referral`, { referralNo: 'TB-TY-9001', person: person.body.id, referralDate: '2026-03-02', symptoms: ['cough-2w'], referringDoctor: '乡村医生' });
    expect(referral.status).toBe(201);
    expect(referral.body.values).toMatchObject({ toHospital: 'district-tb-hospital', township: 'dongxi-township-hc' });
    referralId = referral.body.id;
  }, 300_000);
  afterAll(() => t?.close());

  it('day 7: still within the 7-day window, no task and no clue', async () => {
    await day(7);
    expect(await hits('taoyuan-village-clinic')).toEqual([]);
    expect((await tasks(dongxi)).total).toBe(0);
    expect(await clues('taoyuan-village-clinic')).toEqual([]);
  });

  it('day 8: a tracking task for the township, due in 7 days, and a blue clue for the referring clinic', async () => {
    await day(8);
    const village = await hits('taoyuan-village-clinic');
    expect(village.map((h) => [h.ruleId, h.level, h.recordId])).toEqual([['tb-referral/referral-not-arrived', 'blue', referralId]]);
    const clue = await clues('taoyuan-village-clinic');
    expect(clue.map((c) => c.ruleId)).toEqual(['tb-referral/referral-not-arrived']);
    // The task is a record of the township, listed on its screen with the due date.
    const list = await tasks(dongxi);
    expect(list.total).toBe(1);
    expect(list.items[0].institutionId).toBe(ids['dongxi-township-hc']);
    expect(list.items[0].values).toMatchObject({ referralNo: 'TB-TY-9001', referralId, referredBy: '东溪镇桃源村卫生室', referralDate: '2026-03-02', startDate: '2026-03-10', dueDate: '2026-03-17' });
    const page = await dongxi.get('/p/tb-referral/tracking-tasks');
    expect(page.status).toBe(200);
    expect(page.text).toContain('TB-TY-9001');
    expect(page.text).toContain('2026-03-17');
    // The referring clinic does not see the township's task list; the township has no clue yet.
    expect((await tasks(taoyuan)).total).toBe(0);
    expect(await hits('dongxi-township-hc')).toEqual([]);
    // Scanning again the same day raises nothing twice and makes no second task.
    await day(8);
    expect((await hits('taoyuan-village-clinic')).length).toBe(1);
    expect((await tasks(dongxi)).total).toBe(1);
  });

  it('the CDC issues the tracking notice to the township as a numbered GB/T 9704 PDF', async () => {
    const task = (await tasks(dongxi)).items[0];
    // The notice goes out in the CDC's name, out of the township's reach (404 as for anything it cannot see); the CDC's head issues it.
    expect((await dongxi.post(`/api/records/${task.id}/issue`, { template: 'tb-referral/tracking-notice' })).status).toBe(404);
    await t.createUser('tbt-cdc-head', [{ institution: 'district-cdc', role: 'head', includeDescendants: true }]);
    const cdc = await t.login('tbt-cdc-head');
    const issued = await cdc.post(`/api/records/${task.id}/issue`, { template: 'tb-referral/tracking-notice', issuerInstitutionId: await t.institutionId('district-cdc') });
    expect(issued.status).toBe(201);
    expect(issued.body.docNumber ?? issued.body.number).toBeTruthy();
    const pdf = await fetch(`${t.url}/api/documents/${issued.body.id}/pdf`, { headers: { cookie: [...cdc.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const buf = Buffer.from(await pdf.arrayBuffer());
    const info = await pdfInfo(buf);
    // A4 portrait (GB/T 9704: 210 mm × 297 mm), fonts embedded.
    expect([Math.round(info.width), Math.round(info.height)]).toEqual([595, 842]);
    expect((await pdfFonts(buf)).every((f) => f.embedded)).toBe(true);
    const text = (await pdfText(buf)).join('\n').replace(/\s+/g, '');
    for (const expected of ['青山区疾病预防控制中心', '青疾控', '关于追踪肺结核可疑症状者到位就诊的通知', '东溪镇卫生院：', '东溪镇桃源村卫生室于2026年3月2日开具转诊单（编号TB-TY-9001）', '姓名：柳青禾', '联系电话：139****1111', '请于2026年3月17日前', '特此通知。']) expect(text).toContain(expected);
    expect(text).not.toContain('13900001111');
  });

  it('day 14: 6 days into tracking, no yellow clue yet', async () => {
    await day(14);
    expect(await hits('dongxi-township-hc')).toEqual([]);
  });

  it('day 15: 7 days after tracking started without arrival, a yellow clue for the township', async () => {
    await day(15);
    const township = await hits('dongxi-township-hc');
    expect(township.map((h) => [h.ruleId, h.level, h.recordId])).toEqual([['tb-referral/tracking-not-arrived', 'yellow', referralId]]);
    expect((await clues('dongxi-township-hc')).map((c) => c.ruleId)).toEqual(['tb-referral/tracking-not-arrived']);
    // The referring clinic still has only its blue clue.
    expect((await hits('taoyuan-village-clinic')).map((h) => h.level)).toEqual(['blue']);
  });

  it('a later arrival recorded by the hospital raises nothing new', async () => {
    const hospital = await t.login('tbh-doctor', DEMO_PASSWORD);
    expect((await hospital.patch(`/api/records/${referralId}`, { arrivalDate: '2026-03-18' })).status).toBe(200);
    await day(30);
    expect((await hits('dongxi-township-hc')).length).toBe(1);
    expect((await hits('taoyuan-village-clinic')).length).toBe(1);
  });
});
