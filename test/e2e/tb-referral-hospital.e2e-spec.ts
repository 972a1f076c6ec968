import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { Clock } from '../../core/clock/clock';
import { idNumberCheckChar } from '../../core/plugin-api';
import { RulesService } from '../../core/rules/rules.service';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/tb-referral/records';

/** Posts an HTML form as a browser would (urlencoded, with the session's CSRF token). */
function postForm(c: ApiClient, url: string, fields: Record<string, string>) {
  const body = new URLSearchParams(fields);
  body.append('_csrf', c.csrf);
  return c.request('POST', url, body.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}

/** The designated hospital's registration queue and sputum exam schedule: only its own received referrals. */
describe('tb-referral hospital screens: registration queue, registration form, sputum exam schedule', () => {
  let t: TestApp;
  let configDir: string;
  let taoyuan: ApiClient;
  let hospital: ApiClient;
  let riverside: ApiClient;
  let admin: ApiClient;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    // The demo district plus a second designated hospital, so "another hospital's referral" exists.
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-hospital-config-'));
    fs.cpSync(path.join(__dirname, '..', '..', 'config'), configDir, { recursive: true });
    fs.writeFileSync(
      path.join(configDir, 'institutions', 'riverside-tb-hospital.yaml'),
      ['code: riverside-tb-hospital', 'name: 滨江区结核病定点医院', 'type: designated-hospital', 'letterhead: 滨江区结核病定点医院', 'docNumberPrefix: 滨结防', "warningPalette: '000'", "gradingPreset: '000'", 'plugins:', '  - id: tb-referral', '    options: { networkRole: designated-hospital }', ''].join('\n'),
    );
    t = await startTestApp({ configDir, now: '2026-06-10T02:00:00Z', seed: 'demo' });
    await t.createUser('tbh-riverside', [{ institution: 'riverside-tb-hospital', role: 'staff' }]);
    taoyuan = await t.login('taoyuan-doctor', DEMO_PASSWORD);
    hospital = await t.login('tbh-doctor', DEMO_PASSWORD);
    riverside = await t.login('tbh-riverside');
    await t.createUser('tbh-root', [], { admin: true });
    admin = await t.login('tbh-root');
    const refer = async (code: string, i: number, extra: Record<string, unknown> = {}) => {
      const first17 = `3201021980010${i}002`;
      const person = await taoyuan.post(`${P}/tb-person`, { name: `测试${i}`, sex: 'm', birthDate: '1980-01-01', idNumber: first17 + idNumberCheckChar(first17), village: '桃源村' });
      const res = await taoyuan.post(`${P}/tb-referral`, { referralNo: code, person: person.body.id, referralDate: '2026-03-10', symptoms: ['cough-2w'], referringDoctor: '乡村医生', ...extra });
      if (res.status !== 201) throw new Error(res.text);
      ids[code] = res.body.id;
    };
    await refer('TB-TY-9001', 1);
    await refer('TB-TY-9002', 2);
    await refer('TB-TY-9003', 3, { toHospital: 'riverside-tb-hospital' });
    await refer('TB-TY-9004', 4);
    for (const code of ['TB-TY-9001', 'TB-TY-9004']) expect((await hospital.patch(`/api/records/${ids[code]}`, { arrivalDate: '2026-03-12' })).status).toBe(200);
    expect((await riverside.patch(`/api/records/${ids['TB-TY-9003']}`, { arrivalDate: '2026-03-12' })).status).toBe(200);
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  const queue = async (c: ApiClient) => {
    const res = await c.get('/p/tb-referral/registration');
    expect(res.status).toBe(200);
    return [...res.text.matchAll(/<tr data-record-id="(\d+)">/g)].map((m) => Number(m[1]));
  };

  it('each hospital\'s registration queue lists only the arrived referrals addressed to it', async () => {
    // 9002 has not arrived; 9003 went to the other hospital.
    expect((await queue(hospital)).sort()).toEqual([ids['TB-TY-9001'], ids['TB-TY-9004']].sort());
    expect(await queue(riverside)).toEqual([ids['TB-TY-9003']]);
    // A queue is no place to create referrals, and the edit-only form is not in the menu.
    const page = await hospital.get('/p/tb-referral/registration');
    // The row link names the hospital's step, not a generic 编辑.
    expect(page.text).toContain(`href="/p/tb-referral/register/${ids['TB-TY-9001']}/edit" data-testid="edit">登记诊断结果</a>`);
    expect(page.text).not.toContain('class="button" href="/p/tb-referral/new-referral"');
    expect(page.text).not.toContain('href="/p/tb-referral/register"');
    expect(page.text).toContain('href="/p/tb-referral/sputum-schedule"');
  });

  it('another hospital\'s referral answers 404 on the registration and sputum forms, read or written; no blank form exists', async () => {
    const theirs = ids['TB-TY-9003'];
    for (const screen of ['register', 'sputum-result']) {
      expect((await hospital.get(`/p/tb-referral/${screen}/${theirs}/edit`)).status).toBe(404);
      expect((await postForm(hospital, `/p/tb-referral/${screen}/${theirs}/edit`, { diagnosis: 'excluded' })).status).toBe(404);
      expect((await hospital.get(`/p/tb-referral/${screen}`)).status).toBe(404);
    }
    expect((await riverside.get(`/p/tb-referral/register/${theirs}/edit`)).status).toBe(200);
    // A village clinic has no registration queue.
    expect((await taoyuan.get('/p/tb-referral/registration')).status).toBe(404);
    expect((await taoyuan.get(`/api/records/${theirs}`)).body.values.diagnosis ?? null).toBeNull();
  });

  it('the registration form shows only the hospital\'s fields, answers errors next to the field, and saves back to the queue', async () => {
    const id = ids['TB-TY-9001'];
    const form = await hospital.get(`/p/tb-referral/register/${id}/edit`);
    expect(form.status).toBe(200);
    for (const label of ['诊断结果', '痰涂片', '登记号', '开始治疗日期', '治疗方案', '初治/复治']) expect(form.text).toContain(label);
    expect(form.text).not.toContain('name="referringDoctor"');
    // A registration number before a confirmed diagnosis: the plugin's constraint, beside the field.
    const bad = await postForm(hospital, `/p/tb-referral/register/${id}/edit`, { diagnosis: 'suspected', registrationNo: 'QS2026-0001' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/<small class="error" id="field-registrationNo-error">登记号：确诊后方可填写登记号<\/small>/);
    // A field outside the form (the referral's own part) is refused, not written.
    const outside = await postForm(hospital, `/p/tb-referral/register/${id}/edit`, { diagnosis: 'excluded', referringDoctor: '改写' });
    expect(outside.status).toBe(400);
    const ok = await postForm(hospital, `/p/tb-referral/register/${id}/edit`, { diagnosis: 'confirmed', smear: 'positive', registrationNo: 'QS2026-0001', reportDate: '2026-03-13', treatmentStart: '2026-03-16', regimen: '2H3R3Z3E3/4H3R3', treatmentType: 'new', phase: 'intensive' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/p/tb-referral/registration');
    const stored = (await hospital.get(`/api/records/${id}`)).body.values;
    expect(stored).toMatchObject({ diagnosis: 'confirmed', smear: 'positive', registrationNo: 'QS2026-0001', treatmentStart: '2026-03-16', referringDoctor: '乡村医生' });
    expect(await queue(hospital)).toEqual([ids['TB-TY-9004']]);
  });

  it('the sputum schedule lists each patient\'s month-2/5/6 exams with due dates, 逾期 exactly where the rule hits, and records a result', async () => {
    expect((await hospital.patch(`/api/records/${ids['TB-TY-9004']}`, { diagnosis: 'confirmed', smear: 'positive', registrationNo: 'QS2026-0002', treatmentStart: '2026-04-05', treatmentType: 'retreatment' })).status).toBe(200);
    const board = await hospital.get('/p/tb-referral/sputum-schedule');
    expect(board.status).toBe(200);
    const rows = [...board.text.matchAll(/<tr><td>(TB-TY-900\d)<\/td><td[^>]*>[^<]*<\/td><td[^>]*>[^<]*<\/td><td[^>]*>[^<]*<\/td><td[^>]*>第(\d)月末<\/td><td[^>]*>([0-9-]+)<\/td><td[^>]*>([^<]+)<\/td>/g)].map((m) => [m[1], Number(m[2]), m[3], m[4]]);
    // 9001 (new, started 2026-03-16): month 2 due 05-16 is 25 days late; 9004 (retreatment, 04-05): month 2 due 06-05, within 14 days.
    expect(rows).toEqual([
      ['TB-TY-9001', 2, '2026-05-16', '逾期25天'],
      ['TB-TY-9004', 2, '2026-06-05', '已到期待查（14天内）'],
      ['TB-TY-9001', 5, '2026-08-16', '未到期'],
      ['TB-TY-9004', 5, '2026-09-05', '未到期'],
      ['TB-TY-9001', 6, '2026-09-16', '未到期'],
      ['TB-TY-9004', 6, '2026-10-05', '未到期'],
      ['TB-TY-9004', 8, '2026-12-05', '未到期'],
    ]);
    // The sputum-overdue rule hits exactly the exam the schedule calls 逾期.
    await t.app.get(RulesService).scan(await t.institutionId('district-tb-hospital'));
    const hits = ((await admin.get(`/api/rule-hits?pageSize=200&institutionId=${await t.institutionId('district-tb-hospital')}`)).body.items as { ruleId: string; subjectKey: string }[]).filter((h) => h.ruleId === 'tb-referral/sputum-overdue');
    expect(hits.map((h) => h.subjectKey)).toEqual([`sputum-due:${ids['TB-TY-9001']}:m2`]);
    const saved = await postForm(hospital, `/p/tb-referral/sputum-result/${ids['TB-TY-9001']}/edit`, { 'sputumExams.0.month': '2', 'sputumExams.0.date': '2026-06-09', 'sputumExams.0.result': 'negative' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/p/tb-referral/sputum-schedule');
    expect((await hospital.get('/p/tb-referral/sputum-schedule')).text).toContain('>已查：阴性（2026-06-09）</td>');
    // The other hospital's schedule is empty: none of these patients are its.
    expect((await riverside.get('/p/tb-referral/sputum-schedule')).text).toContain('data-testid="panel-empty"');
  });

  it('registration records the free standard regimen and MDR-TB suspicion; a sent date needs suspicion, not before the referral nor after today', async () => {
    const id = ids['TB-TY-9001'];
    const form = await hospital.get(`/p/tb-referral/register/${id}/edit`);
    for (const label of ['是否国家统一方案免费抗结核治疗', '是（免费标准化疗）', '否（其他方案）', '是否疑似耐多药肺结核', '耐多药检测标本送检日期']) expect(form.text).toContain(label);
    // The date picker stops at today (the clock's 2026-06-10); dates without the rule get no limit.
    expect(form.text).toMatch(/<input name="mdrSpecimenSentDate" type="date" data-type="date" value="[^"]*" max="2026-06-10"/);
    expect(form.text).toMatch(/<input name="treatmentStart" type="date" data-type="date" value="[^"]*"(?! max=)/);
    const base = { diagnosis: 'confirmed', smear: 'positive', registrationNo: 'QS2026-0001', reportDate: '2026-03-13', treatmentStart: '2026-03-16', regimen: '2H3R3Z3E3/4H3R3', treatmentType: 'new', phase: 'intensive', freeStandardRegimen: 'yes' };
    const error = async (fields: Record<string, string>, field: string) => {
      const res = await postForm(hospital, `/p/tb-referral/register/${id}/edit`, { ...base, ...fields });
      expect(res.status).toBe(400);
      return new RegExp(`<small class="error" id="field-${field}-error">([^<]*)</small>`).exec(res.text)?.[1];
    };
    expect(await error({ mdrSuspected: 'no', mdrSpecimenSentDate: '2026-06-01' }, 'mdrSpecimenSentDate')).toBe('耐多药检测标本送检日期：疑似耐多药肺结核方可填写送检日期');
    expect(await error({ mdrSpecimenSentDate: '2026-06-01' }, 'mdrSpecimenSentDate')).toBe('耐多药检测标本送检日期：疑似耐多药肺结核方可填写送检日期');
    // The clock says 2026-06-10; the referral was made on 2026-03-10.
    expect(await error({ mdrSuspected: 'yes', mdrSpecimenSentDate: '2026-06-11' }, 'mdrSpecimenSentDate')).toBe('耐多药检测标本送检日期：不能晚于今天（2026-06-10）');
    expect(await error({ mdrSuspected: 'yes', mdrSpecimenSentDate: '2026-03-09' }, 'mdrSpecimenSentDate')).toBe('耐多药检测标本送检日期：送检日期不能早于转诊日期');
    expect(await error({ diagnosis: 'excluded', registrationNo: '', treatmentStart: '', freeStandardRegimen: '', mdrSuspected: 'yes' }, 'mdrSuspected')).toBe('是否疑似耐多药肺结核：已排除肺结核的不能标为疑似耐多药');
    expect(await error({ treatmentStart: '', freeStandardRegimen: 'no' }, 'freeStandardRegimen')).toBe('是否国家统一方案免费抗结核治疗：填写是否免费标准化疗须同时填写开始治疗日期');
    expect((await hospital.get(`/api/records/${id}`)).body.values.mdrSpecimenSentDate ?? null).toBeNull();
    // Today is the latest day allowed; a suspect may be recorded before the specimen goes.
    expect((await postForm(hospital, `/p/tb-referral/register/${id}/edit`, { ...base, mdrSuspected: 'yes' })).status).toBe(303);
    expect((await postForm(hospital, `/p/tb-referral/register/${id}/edit`, { ...base, mdrSuspected: 'yes', mdrSpecimenSentDate: '2026-06-10' })).status).toBe(303);
    expect((await hospital.get(`/api/records/${id}`)).body.values).toMatchObject({ freeStandardRegimen: 'yes', mdrSuspected: 'yes', mdrSpecimenSentDate: '2026-06-10' });
    // A stored day stays valid when the clock is set back and another field changes.
    t.app.get(Clock).set('2026-06-01T02:00:00Z');
    try {
      // The referral is evidence of an open clue by now: a change to a filled-in field says why.
      expect((await hospital.patch(`/api/records/${id}`, { phase: 'continuation', reason: '强化期结束，转入继续期' })).status).toBe(200);
      expect((await hospital.patch(`/api/records/${id}`, { mdrSpecimenSentDate: '2026-06-09' })).status).toBe(400);
    } finally {
      t.app.get(Clock).set('2026-06-10T02:00:00Z');
    }
  });
});
