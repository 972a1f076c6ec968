import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { idNumberCheckChar } from '../../core/plugin-api';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/tb-referral/records';
const id18 = (first17: string) => first17 + idNumberCheckChar(first17);

/** PIPL Art. 28 on a shared referral: who sees identifying fields in clear, who sees pseudonyms, and the log of every clear view. */
describe('tb-referral privacy: shared referrals, pseudonyms, reveal with reason, audited views', () => {
  let t: TestApp;
  let taoyuan: ApiClient;
  let dongxi: ApiClient;
  let hospital: ApiClient;
  let officer: ApiClient;
  let stranger: ApiClient;
  let personId: number;
  let otherId: number;
  let referralId: number;
  const ID = id18('32010219750505123');
  const views = (action: string, objectId?: string) =>
    t.db.read((m) => m.getRepository(AuditEntryEntity).find({ where: { action, ...(objectId ? { objectId } : {}) }, order: { seq: 'ASC' } }));

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-05-04T02:00:00Z', seed: 'demo' });
    await t.createUser('tbp-officer', [{ institution: 'taoyuan-village-clinic', role: 'discipline-officer' }]);
    await t.createUser('tbp-stranger', [{ institution: 'meilin-village-clinic', role: 'staff' }]);
    taoyuan = await t.login('taoyuan-doctor', DEMO_PASSWORD);
    dongxi = await t.login('dongxi-doctor', DEMO_PASSWORD);
    hospital = await t.login('tbh-doctor', DEMO_PASSWORD);
    officer = await t.login('tbp-officer');
    stranger = await t.login('tbp-stranger');
    personId = (await taoyuan.post(`${P}/tb-person`, { name: '林晚舟', sex: 'm', birthDate: '1975-05-05', idNumber: ID, phone: '13700002222', address: '桃源村3组8号', village: '桃源村' })).body.id;
    otherId = (await taoyuan.post(`${P}/tb-person`, { name: '林晚舟', sex: 'm', birthDate: '1975-05-05', idNumber: id18('32010219750505124'), village: '桃源村' })).body.id;
    const referral = await taoyuan.post(`${P}/tb-referral`, { referralNo: 'TB-TY-8001', person: personId, referralDate: '2026-05-04', symptoms: ['cough-2w'], referringDoctor: '乡村医生' });
    expect(referral.status).toBe(201);
    referralId = referral.body.id;
  }, 300_000);
  afterAll(() => t?.close());

  it('health staff of every institution involved see the person in clear: the referring clinic, the township and the receiving hospital', async () => {
    for (const client of [taoyuan, dongxi, hospital]) {
      const res = await client.get(`/api/records/${personId}`);
      expect(res.status).toBe(200);
      expect(res.body.values).toMatchObject({ name: '林晚舟', idNumber: ID, phone: '13700002222', address: '桃源村3组8号' });
    }
    // Another clinic's staff: the same 404 as a missing record.
    expect((await stranger.get(`/api/records/${personId}`)).status).toBe(404);
  });

  it('every view of a clear identifying field is logged: who, when, which record, which fields, by which way', async () => {
    const before = (await views('record.sensitive-view', String(personId))).length;
    await hospital.get(`/api/records/${personId}`);
    const after = await views('record.sensitive-view', String(personId));
    expect(after.length).toBe(before + 1);
    const last = after[after.length - 1];
    expect(last.actor).toContain('tbh-doctor');
    expect(last.objectType).toBe('tb-referral/tb-person');
    expect(last.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.parse(last.detail)).toEqual({ via: 'api', records: [{ id: personId, fields: ['name', 'idNumber', 'phone', 'address'] }] });
    // A list read is one entry naming every record shown in clear.
    await taoyuan.get(`${P}/tb-person?pageSize=10`);
    const list = (await views('record.sensitive-view')).pop()!;
    expect(JSON.parse(list.detail)).toMatchObject({ via: 'list', records: [{ id: otherId, fields: ['name', 'idNumber'] }, { id: personId, fields: ['name', 'idNumber', 'phone', 'address'] }] });
    // The list page shows clear names too and is logged the same way.
    const page = await taoyuan.get('/p/tb-referral/persons');
    expect(page.text).toContain(ID);
    expect(JSON.parse((await views('record.sensitive-view')).pop()!.detail).via).toBe('list');
  });

  it('the discipline officer sees stable pseudonyms, not masks, and nothing is logged as a clear view', async () => {
    const before = (await views('record.sensitive-view')).length;
    const a = (await officer.get(`/api/records/${personId}`)).body.values;
    const b = (await officer.get(`${P}/tb-person?pageSize=10`)).body.items.find((r: { id: number }) => r.id === personId).values;
    const other = (await officer.get(`/api/records/${otherId}`)).body.values;
    for (const key of ['name', 'idNumber', 'phone', 'address']) expect(a[key]).toMatch(/^P-[0-9A-F]{10}$/);
    // Same person, same pseudonym on every read; two people of the same name stay two pseudonyms.
    expect(b).toEqual(a);
    expect(other.name).not.toBe(a.name);
    expect(new Set([a.name, a.idNumber, a.phone, a.address]).size).toBe(4);
    expect(a.village).toBe('桃源村');
    expect((await views('record.sensitive-view')).length).toBe(before);
  });

  it('reveal: a reason of at least 10 characters is required, the clear value comes back once and the reason is logged', async () => {
    const noReason = await officer.post(`/api/records/${personId}/reveal`, { field: 'idNumber' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.map((d: { field: string }) => d.field)).toContain('reason');
    expect((await officer.post(`/api/records/${personId}/reveal`, { field: 'idNumber', reason: '核查' })).status).toBe(400);
    expect((await officer.post(`/api/records/${personId}/reveal`, { field: 'village', reason: '核查转诊到位率时核对身份信息' })).status).toBe(400);
    expect((await officer.post(`/api/records/${personId}/reveal`, { field: 'idNumber', reason: '          x' })).status).toBe(400);
    const ok = await officer.post(`/api/records/${personId}/reveal`, { field: 'idNumber', reason: '核查转诊到位率时核对身份信息' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ recordId: personId, field: 'idNumber', value: ID });
    const logged = (await views('record.reveal', String(personId))).filter((e) => e.outcome === 'ok');
    expect(logged.length).toBe(1);
    expect(logged[0].actor).toContain('tbp-officer');
    expect(JSON.parse(logged[0].detail)).toEqual({ field: 'idNumber', reason: '核查转诊到位率时核对身份信息' });
    // Reading again still shows the pseudonym: a reveal is for that once.
    expect((await officer.get(`/api/records/${personId}`)).body.values.idNumber).toMatch(/^P-/);
  });

  it('reveal is refused (and logged) for a role with neither clear view nor pseudonyms, and 404 outside the caller\'s scope', async () => {
    await t.createUser('tbp-admin-ish', [{ institution: 'taoyuan-village-clinic', role: 'system-admin' }]);
    const other = await t.login('tbp-admin-ish');
    expect((await other.post(`/api/records/${personId}/reveal`, { field: 'idNumber', reason: '核查转诊到位率时核对身份信息' })).status).toBe(403);
    expect((await views('record.reveal', String(personId))).some((e) => e.outcome === 'denied')).toBe(true);
    expect((await stranger.post(`/api/records/${personId}/reveal`, { field: 'idNumber', reason: '核查转诊到位率时核对身份信息' })).status).toBe(404);
    expect((await officer.post(`/api/records/abc/reveal`, { field: 'idNumber', reason: '核查转诊到位率时核对身份信息' })).status).toBe(400);
  });

  it('the referral itself carries no identifying field; the hospital records the arrival on it', async () => {
    expect((await hospital.patch(`/api/records/${referralId}`, { arrivalDate: '2026-05-06' })).status).toBe(200);
  });
});
