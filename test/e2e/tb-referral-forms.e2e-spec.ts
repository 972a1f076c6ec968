import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/tb-referral/records';
const REFERRAL_PART = ['referralNo', 'person', 'referralDate', 'symptoms', 'referringDoctor', 'toHospital', 'township'];

/** Posts an HTML form as a browser would (urlencoded, with the session's CSRF token). */
function postForm(c: ApiClient, url: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  body.append('_csrf', c.csrf);
  return c.request('POST', url, body.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}

/** The names of the inputs the record form offers (the CSRF token aside), each once, in page order. */
const inputNames = (html: string) => [...new Set([...html.matchAll(/<(?:input|select|textarea)[^>]* name="([^"]+)"/g)].map((m) => m[1].split('.')[0]).filter((n) => n !== '_csrf' && n !== 'reason'))];
/** A select's options as [value, label, selected]. */
function options(html: string, name: string): [string, string, boolean][] {
  const select = html.match(new RegExp(`<select name="${name}"[^>]*>([\\s\\S]*?)</select>`));
  if (!select) throw new Error(`no select ${name}`);
  return [...select[1].matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)].filter((m) => m[1] !== '').map((m) => [m[1], m[3], !!m[2]]);
}
const readOnly = (html: string) => [...html.matchAll(/data-readonly="([^"]+)"/g)].map((m) => m[1]);

/** The TB referral as its parties fill it in: institutions picked by name, each party's part on its own, patients told apart. */
describe('tb-referral forms: institution pickers, forms staged by party, a patient picker that tells patients apart', () => {
  let t: TestApp;
  let taoyuan: ApiClient;
  let hospital: ApiClient;
  let dongxi: ApiClient;
  let cdc: ApiClient;
  let referralId: number;
  /** What the clinic's form posted: its part of the referral. */
  let referralPart: Record<string, string | string[]>;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    [taoyuan, hospital, dongxi, cdc] = await Promise.all(['taoyuan-doctor', 'tbh-doctor', 'dongxi-doctor', 'cdc-tb'].map((u) => t.login(u, DEMO_PASSWORD)));
  }, 600_000);
  afterAll(() => t?.close());

  it('the village doctor\'s referral form asks only the referral part and offers the hospitals and townships by name', async () => {
    const form = await taoyuan.get('/p/tb-referral/new-referral');
    expect(form.status).toBe(200);
    expect(inputNames(form.text)).toEqual(REFERRAL_PART);
    // No institution code is typed or shown: the clinic's configured hospital and township stand preselected by name.
    expect(form.text).not.toMatch(/<input[^>]* name="(toHospital|township)"/);
    expect(form.text).not.toContain('单位代码');
    expect(options(form.text, 'toHospital')).toEqual([['district-tb-hospital', '青山区结核病定点医院', true]]);
    expect(options(form.text, 'township')).toEqual([
      ['dongxi-township-hc', '东溪镇卫生院', true],
      ['nanshan-township-hc', expect.stringMatching(/^南山镇/), false],
    ]);
    const visible = form.text.replace(/<option value="[^"]*"/g, '').replace(/<select name="[^"]*"/g, '');
    expect(visible).not.toMatch(/district-tb-hospital|dongxi-township-hc/);
    // In English, the names in English.
    const en = await taoyuan.get('/p/tb-referral/new-referral?lang=en');
    expect(options(en.text, 'toHospital')).toEqual([['district-tb-hospital', 'Qingshan District TB Designated Hospital', true]]);
  });

  it('the patient picker names each patient by masked name and facts to check, never the ID number', async () => {
    const form = await taoyuan.get('/p/tb-referral/new-referral');
    const people = options(form.text, 'person');
    expect(people.length).toBeGreaterThan(10);
    for (const [, label] of people) expect(label).toMatch(/^\S\*+ · (男|女) · \d{4}年生 · 桃源村 · 身份证尾号 [0-9]{3}[0-9X]$/);
    // Patients sharing a masked name are told apart.
    const zhou = people.filter(([, label]) => label.startsWith('周*'));
    expect(zhou.length).toBeGreaterThan(1);
    expect(new Set(zhou.map(([, label]) => label)).size).toBe(zhou.length);
    // The whole ID number is nowhere in the picker, though this role may see it on the patient's record.
    const { body } = await taoyuan.get(`${P}/tb-person?pageSize=200`);
    const idNumbers = (body.items as { values: { idNumber: string } }[]).map((p) => p.values.idNumber);
    expect(idNumbers[0]).toMatch(/^[0-9]{17}[0-9X]$/);
    for (const id of idNumbers) expect(form.text).not.toContain(id);
  });

  it('a referral posted from the form stores the picked institutions by code', async () => {
    const form = await taoyuan.get('/p/tb-referral/new-referral');
    const person = options(form.text, 'person')[0][0];
    referralPart = { referralNo: 'TB-TY-FORM-1', person, referralDate: '2026-11-21', symptoms: ['cough-2w', 'fever'], referringDoctor: '钱玉梅', toHospital: 'district-tb-hospital', township: 'dongxi-township-hc' };
    const saved = await postForm(taoyuan, '/p/tb-referral/new-referral', referralPart);
    expect(saved.status).toBe(303);
    const { body } = await taoyuan.get(`${P}/tb-referral?q=TB-TY-FORM-1`);
    referralId = body.items[0].id;
    expect(body.items[0].values).toMatchObject({ toHospital: 'district-tb-hospital', township: 'dongxi-township-hc', symptoms: ['cough-2w', 'fever'] });
  });

  it('each party\'s edit form shows its own part as inputs; the others\' filled parts read-only, their empty ones left out', async () => {
    // The register's row link opens the party's form.
    expect((await taoyuan.get('/p/tb-referral/referrals')).text).toContain(`href="/p/tb-referral/referral/${referralId}/edit" data-testid="edit">填写本单位部分</a>`);
    const village = await taoyuan.get(`/p/tb-referral/referral/${referralId}/edit`);
    expect(village.status).toBe(200);
    expect(inputNames(village.text)).toEqual([...REFERRAL_PART, 'villageVisits']);
    expect(readOnly(village.text)).toEqual([]);
    // The hospital records the arrival and its registration; the clinic then sees them, read-only.
    expect((await hospital.patch(`/api/records/${referralId}`, { arrivalDate: '2026-11-22', diagnosis: 'confirmed', registrationNo: 'QS2026-FORM', treatmentStart: '2026-11-22', supervisingVillage: 'taoyuan-village-clinic' })).status).toBe(200);
    const after = await taoyuan.get(`/p/tb-referral/referral/${referralId}/edit`);
    expect(inputNames(after.text)).toEqual([...REFERRAL_PART, 'villageVisits']);
    expect(readOnly(after.text)).toEqual(['arrivalDate', 'diagnosis', 'registrationNo', 'treatmentStart', 'supervisingVillage']);
    expect(after.text).toContain('<output data-testid="readonly-diagnosis">确诊</output>');
    expect(after.text).toContain('<output data-testid="readonly-supervisingVillage">东溪镇桃源村卫生室</output>');
    // The hospital's form: its own part as inputs, the clinic's part read-only with institutions by name.
    const hosp = await hospital.get(`/p/tb-referral/referral/${referralId}/edit`);
    expect(inputNames(hosp.text)).toEqual(['arrivalDate', 'diagnosis', 'reportDate', 'contacts', 'contactsScreened', 'smear', 'registrationNo', 'treatmentStart', 'regimen', 'freeStandardRegimen', 'mdrSuspected', 'mdrSpecimenSentDate', 'treatmentType', 'phase', 'supervisingVillage', 'sputumExams', 'outcome', 'outcomeDate', 'monthlyCosts']);
    expect(readOnly(hosp.text)).toEqual(expect.arrayContaining(['referralNo', 'person', 'toHospital', 'township']));
    expect(hosp.text).toContain('<output data-testid="readonly-toHospital">青山区结核病定点医院</output>');
    expect(options(hosp.text, 'supervisingVillage')).toContainEqual(['taoyuan-village-clinic', '东溪镇桃源村卫生室', true]);
    // The township's form: its tracking and visits only.
    const township = await dongxi.get(`/p/tb-referral/referral/${referralId}/edit`);
    expect(inputNames(township.text)).toEqual(['trackingStartDate', 'trackingRecords', 'townshipVisits']);
  });

  it('the server refuses a party\'s write to another party\'s part, by API and by a forged form post', async () => {
    const denied = await taoyuan.patch(`/api/records/${referralId}`, { regimen: '自拟方案' });
    expect(denied.status).toBe(403);
    expect(denied.body.details?.[0]?.field ?? denied.text).toBe('regimen');
    expect((await taoyuan.patch(`/api/records/${referralId}`, { trackingStartDate: '2026-11-22' })).status).toBe(403);
    const forged = await postForm(taoyuan, `/p/tb-referral/referral/${referralId}/edit`, { ...referralPart, outcome: 'cured', outcomeDate: '2026-11-22' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('转归：由接收本记录的单位填写');
    // Each party may write its own part.
    expect((await dongxi.patch(`/api/records/${referralId}`, { trackingStartDate: '2026-11-22' })).status).toBe(200);
    expect((await dongxi.patch(`/api/records/${referralId}`, { outcome: 'cured', outcomeDate: '2026-11-22' })).status).toBe(403);
    expect((await hospital.patch(`/api/records/${referralId}`, { referringDoctor: '改写' })).status).toBe(400);
    const stored = (await taoyuan.get(`/api/records/${referralId}`)).body.values;
    expect(stored).toMatchObject({ referringDoctor: '钱玉梅', trackingStartDate: '2026-11-22' });
    expect(stored.regimen ?? null).toBeNull();
    expect(stored.outcome ?? null).toBeNull();
  });

  it('the CDC picks the supervised institution by name, and its register lists it by name', async () => {
    const form = await cdc.get('/p/tb-referral/new-supervision');
    expect(form.status).toBe(200);
    const targets = options(form.text, 'target');
    expect(targets.map(([, label]) => label)).toEqual(expect.arrayContaining(['青山区结核病定点医院', '东溪镇卫生院', '东溪镇桃源村卫生室']));
    expect(targets.every(([, label, selected]) => !/[a-z]-[a-z]/.test(label) && !selected)).toBe(true);
    expect(form.text).not.toMatch(/<input[^>]* name="target"/);
    // The register of visits names them too.
    const list = await cdc.get('/p/tb-referral/supervision');
    expect(list.text).toContain('<td>青山区结核病定点医院</td>');
    expect(list.text).not.toContain('<td>district-tb-hospital</td>');
  });
});
