import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { upload } from '../support/risk-fixtures';
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

/** The names of the inputs the record form offers (the CSRF token and pickers' search boxes aside), each once, in page order. */
const inputNames = (html: string) => [...new Set([...html.matchAll(/<(?:input|select|textarea)[^>]* name="([^"]+)"/g)].map((m) => m[1].split('.')[0]).filter((n) => !n.startsWith('_') && n !== 'reason'))];
/** An input's value as the page fills it in. */
const inputValue = (html: string, name: string) => html.match(new RegExp(`<input[^>]* name="${name.replace('.', '\\.')}"[^>]* value="([^"]*)"`))?.[1];
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

  it('the patient picker searches every patient the clinic may pick by what its options show, keeping what was typed, saving nothing', async () => {
    const all = options((await taoyuan.get('/p/tb-referral/new-referral')).text, 'person');
    const typed = { referralNo: 'TB-TY-FIND-1', referralDate: '2026-11-21', referringDoctor: '钱玉梅', symptoms: ['fever'] };
    // 查找 (the _find button) with a year of birth and a village: only those patients, the typed values kept, a 200 page.
    const [, sample] = all[0];
    const year = sample.match(/(\d{4})年生/)![1];
    const found = await postForm(taoyuan, '/p/tb-referral/new-referral', { ...typed, '_pick.person': `${year} 桃源`, _find: 'person' });
    expect(found.status).toBe(200);
    const hits = options(found.text, 'person');
    const expected = all.filter(([, label]) => label.includes(`${year}年生`));
    expect(hits.map(([v]) => v).sort()).toEqual(expected.map(([v]) => v).sort());
    expect(hits.length).toBeLessThan(all.length);
    expect(found.text).toContain(`找到 ${expected.length} 条`);
    expect(inputValue(found.text, '_pick.person')).toBe(`${year} 桃源`);
    expect(inputValue(found.text, 'referralNo')).toBe('TB-TY-FIND-1');
    expect(inputValue(found.text, 'referringDoctor')).toBe('钱玉梅');
    expect(found.text).toMatch(/<input type="checkbox" name="symptoms" value="fever"[^>]* checked>/);
    expect(found.text).not.toContain('data-testid="form-errors"');
    // By the ID number's last four characters (as shown), one patient; nothing matches a word no option holds.
    const [id, label] = all.find(([, l]) => all.filter(([, x]) => x.slice(-4) === l.slice(-4)).length === 1)!;
    expect(options((await postForm(taoyuan, '/p/tb-referral/new-referral', { '_pick.person': label.slice(-4), _find: 'person' })).text, 'person')).toEqual([[id, label, false]]);
    const none = await postForm(taoyuan, '/p/tb-referral/new-referral', { '_pick.person': '不存在的村', _find: 'person' });
    expect(options(none.text, 'person')).toEqual([]);
    expect(none.text).toContain('找到 0 条');
    // A patient already chosen stays offered whatever the search, so a search never drops the choice.
    const kept = await postForm(taoyuan, '/p/tb-referral/new-referral', { person: id, '_pick.person': '不存在的村', _find: 'person' });
    expect(options(kept.text, 'person')).toEqual([[id, label, true]]);
    // Nothing was saved by searching.
    expect((await taoyuan.get(`${P}/tb-referral?q=TB-TY-FIND-1`)).body.total).toBe(0);
    // Another clinic's patients are never offered, searched or not.
    const liuwan = await t.createUser('tbf-liuwan', [{ institution: 'liuwan-village-clinic', role: 'staff' }]).then(() => t.login('tbf-liuwan'));
    const theirs = options((await postForm(liuwan, '/p/tb-referral/new-referral', { '_pick.person': '桃源村', _find: 'person' })).text, 'person');
    expect(theirs).toEqual([]);
    // With the script, typing filters at once: the form loads it from /assets (no inline script under the CSP).
    expect(found.text).toContain('<script src="/assets/record-form.js" defer></script>');
    expect((await taoyuan.get('/assets/record-form.js')).text).toContain('data-picker-search');
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

  it('an institution field takes only an institution of its types that uses the plugin: by API, form and import, nothing written', async () => {
    const person = Number(options((await taoyuan.get('/p/tb-referral/new-referral')).text, 'person')[0][0]);
    const referral = { referralNo: 'TB-TY-TYPE-1', person, referralDate: '2026-11-21', symptoms: ['fever'], referringDoctor: '钱玉梅', toHospital: 'district-tb-hospital', township: 'dongxi-township-hc' };
    // A township health centre is no designated hospital; a village (no TB plugin) is no township; an unknown code is nothing.
    for (const [field, code] of [['toHospital', 'dongxi-township-hc'], ['township', 'qingshi-village'], ['toHospital', 'no-such-hospital']]) {
      const res = await taoyuan.post(`${P}/tb-referral`, { ...referral, [field]: code });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field, message: expect.stringContaining(`“${code}”不是可选的单位`) }]);
    }
    const en = await taoyuan.request('POST', `${P}/tb-referral`, JSON.stringify({ ...referral, toHospital: 'dongxi-township-hc' }), { 'content-type': 'application/json', 'accept-language': 'en' });
    expect(en.body.details[0].message).toBe('toHospital: "dongxi-township-hc" cannot be chosen here (it must be a designated TB hospital that uses this plugin)');
    // A forged form post: 400 naming the field by its label, nothing saved.
    const forged = await postForm(taoyuan, '/p/tb-referral/new-referral', { ...referralPart, referralNo: 'TB-TY-TYPE-1', toHospital: 'taoyuan-village-clinic' });
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('接诊定点医院：“taoyuan-village-clinic”不是可选的单位（须为启用本插件的结核病定点医院）');
    expect((await taoyuan.get(`${P}/tb-referral?q=TB-TY-TYPE-1`)).body.total).toBe(0);
    // The hospital's 督导村卫生室 on an update, and the CDC's 被督导单位: refused, the record unchanged.
    const bad = await hospital.patch(`/api/records/${referralId}`, { supervisingVillage: 'dongxi-township-hc' });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('supervisingVillage');
    expect((await taoyuan.get(`/api/records/${referralId}`)).body.values.supervisingVillage).toBe('taoyuan-village-clinic');
    const visit = { date: '2026-11-20', supervisor: '疾控结防科督导组' };
    for (const target of ['county-hospital', 'qingshi-village']) expect((await cdc.post(`${P}/tb-supervision`, { ...visit, target })).status).toBe(400);
    expect((await cdc.post(`${P}/tb-supervision`, { ...visit, target: 'dongxi-township-hc' })).status).toBe(201);
    // Import: a row naming a hospital of another kind refuses the whole file.
    const before = (await cdc.get(`${P}/tb-supervision`)).body.total;
    const csv = Buffer.from('被督导单位,督导日期,督导人员\ndongxi-township-hc,2026-11-18,督导组\ncounty-hospital,2026-11-19,督导组\n', 'utf8');
    const imported = await upload(`${t.url}/api/records/tb-referral/tb-supervision/import`, cdc.cookies, cdc.csrf, csv, 'visits.csv', 'text/csv');
    expect(imported.status).toBe(400);
    expect(JSON.stringify(imported.body)).toContain('“county-hospital”不是可选的单位');
    expect((await cdc.get(`${P}/tb-supervision`)).body.total).toBe(before);
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
