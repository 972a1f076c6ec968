import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { AuditService } from '../../core/audit/audit.service';
import { answerBody, startTestApp, TestApp } from '../support/test-app';

describe('platform foundation (real server, real database)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.createUser('root', [], { admin: true });
    await t.createUser('alpha-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('alpha-staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
    await t.createUser('beta-staff', [{ institution: 'beta-bureau', role: 'staff' }]);
    await t.createUser('cdc-lead', [{ institution: 'gamma-cdc', role: 'department-head', includeDescendants: true }]);
  });
  afterAll(() => t.close());

  it('answers health without sign-in and reports the database kind', async () => {
    const res = await t.anonymous().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.database).toBe(process.env.DATABASE_URL ? 'postgres' : 'sqlite');
  });

  it('serves the OpenAPI JSON and UI', async () => {
    const json = await t.anonymous().get('/api/docs-json');
    expect(json.status).toBe(200);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/me', '/api/plugins', '/api/institutions', '/api/health']));
    const ui = await t.anonymous().get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('signs in with a session cookie carrying HttpOnly and SameSite, and /api/me describes the caller', async () => {
    const c = t.anonymous();
    const res = await c.post('/api/auth/login', { username: 'alpha-staff', password: 'test-password-1' });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((x) => x.startsWith('sid='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const me = await c.get('/api/me');
    expect(me.body.username).toBe('alpha-staff');
    expect(me.body.roles).toEqual([expect.objectContaining({ role: 'staff', institutionName: '甲医院' })]);
  });

  it('rejects wrong passwords in the request language and never says which part was wrong', async () => {
    const zh = await t.anonymous().post('/api/auth/login', { username: 'alpha-staff', password: 'nope' });
    expect(zh.status).toBe(401);
    expect(zh.body.message).toBe('用户名或密码错误');
    const en = await t.anonymous().post('/api/auth/login', { username: 'ghost', password: 'nope' }, { 'accept-language': 'en-US' });
    expect(en.status).toBe(401);
    expect(en.body.message).toBe('Wrong username or password');
  });

  it('locks an account after 5 failures with 429, even for the right password', async () => {
    await t.createUser('lock-me', [{ institution: 'alpha-hospital', role: 'staff' }]);
    for (let i = 0; i < 5; i++) expect((await t.anonymous().post('/api/auth/login', { username: 'lock-me', password: 'bad' })).status).toBe(401);
    const locked = await t.anonymous().post('/api/auth/login', { username: 'lock-me', password: 'test-password-1' });
    expect(locked.status).toBe(429);
    expect(locked.body.message).toContain('锁定');
  });

  it('logout kills the session on the server: the old cookie answers 401', async () => {
    const c = await t.login('alpha-staff');
    const old = c.cookies.get('sid')!;
    expect((await c.post('/api/auth/logout')).status).toBe(200);
    const replay = t.anonymous();
    replay.cookies.set('sid', old);
    expect((await replay.get('/api/me')).status).toBe(401);
  });

  it('issues a new session id at every login', async () => {
    const a = await t.login('alpha-staff');
    const b = await t.login('alpha-staff');
    expect(a.cookies.get('sid')).not.toEqual(b.cookies.get('sid'));
  });

  it('disabling an account ends its live sessions', async () => {
    const id = await t.createUser('to-disable', [{ institution: 'alpha-hospital', role: 'staff' }]);
    const victim = await t.login('to-disable');
    const admin = await t.login('root');
    expect((await admin.post(`/api/users/${id}/disable`, {})).status).toBe(200);
    expect((await victim.get('/api/me')).status).toBe(401);
    expect((await t.anonymous().post('/api/auth/login', { username: 'to-disable', password: 'test-password-1' })).status).toBe(401);
  });

  it('lists plugins with the institutions that enable each', async () => {
    const c = await t.login('alpha-staff');
    const res = await c.get('/api/plugins');
    const tp = res.body.find((p: any) => p.id === 'test-plugin');
    expect(tp.version).toBe('1.0.0');
    expect(tp.name.zh).toBe('测试插件');
    expect(tp.institutions.sort()).toEqual(['alpha-hospital', 'beta-bureau', 'gamma-cdc', 'gamma-township']);
    expect(res.body.find((p: any) => p.id === 'hospital-procurement').institutions).toEqual(['alpha-hospital']);
  });

  it('scopes institutions: staff see their own, a CDC lead sees its townships, an admin sees all', async () => {
    const staff = await (await t.login('alpha-staff')).get('/api/institutions');
    expect(staff.body.map((i: any) => i.code)).toEqual(['alpha-hospital']);
    const cdc = await (await t.login('cdc-lead')).get('/api/institutions');
    expect(cdc.body.map((i: any) => i.code).sort()).toEqual(['gamma-cdc', 'gamma-township']);
    const admin = await (await t.login('root')).get('/api/institutions');
    expect(admin.body).toHaveLength(4);
    expect(admin.body.find((i: any) => i.code === 'alpha-hospital')).toMatchObject({ letterhead: '甲医院纪委', docNumberPrefix: '甲纪', plugins: ['hospital-procurement', 'test-plugin'] });
  });

  describe('plugin records through the contract', () => {
    it('creates a record validated by its field declarations and raises the rule hit once', async () => {
      const c = await t.login('alpha-staff');
      const ok = await c.post('/api/plugins/test-plugin/records/inspection-note', { subject: '采购复核', amountFen: 150_000, inspectedOn: '2026-06-20', category: 'drug' });
      expect(ok.status).toBe(201);
      expect(ok.body.values).toMatchObject({ subject: '采购复核', amountFen: 150_000, category: 'drug', note: null });
      const officer = await t.login('alpha-officer');
      const hits = await officer.get('/api/rule-hits?pageSize=200');
      const mine = hits.body.items.filter((h: any) => h.recordId === ok.body.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ ruleId: 'test-plugin/large-amount', ruleVersion: 1, level: 'yellow', inputs: { facts: { amountFen: 150_000 }, thresholds: { maxFen: 100_000 } } });
      // Saving again does not raise the same hit twice (the officer saves: the hit's clue locks the record for its creator).
      expect((await officer.patch(`/api/records/${ok.body.id}`, { note: '已复核' })).status).toBe(200);
      expect((await officer.get('/api/rule-hits?pageSize=200')).body.items.filter((h: any) => h.recordId === ok.body.id)).toHaveLength(1);
    });

    it("uses the institution's threshold override from config", async () => {
      const c = await t.login('beta-staff');
      const below = await c.post('/api/plugins/test-plugin/records/inspection-note', { subject: '征收检查', amountFen: 150_000, inspectedOn: '2026-06-20' });
      expect(below.status).toBe(201);
      const admin = await t.login('root');
      const hits = (await admin.get('/api/rule-hits?pageSize=200')).body.items.filter((h: any) => h.recordId === below.body.id);
      expect(hits).toHaveLength(0);
      // Above it, the hit's message states the threshold as this institution set it (5,000 元), not the default (1,000 元).
      const above = await c.post('/api/plugins/test-plugin/records/inspection-note', { subject: '征收复查', amountFen: 600_000, inspectedOn: '2026-06-21' });
      const [hit] = (await admin.get('/api/rule-hits?pageSize=200')).body.items.filter((h: any) => h.recordId === above.body.id);
      expect(hit.message).toEqual({ zh: '金额超过阈值5,000.00 元', en: 'Amount above the threshold of CNY 5,000.00' });
      const alpha = (await admin.get('/api/rule-hits?pageSize=200')).body.items.find((h: any) => h.ruleId === 'test-plugin/large-amount' && h.inputs.thresholds.maxFen === 100_000);
      expect(alpha.message.zh).toBe('金额超过阈值1,000.00 元');
    });

    it('rejects bad values with 400, a message per field, and writes nothing', async () => {
      const c = await t.login('alpha-staff');
      const before = (await c.get('/api/plugins/test-plugin/records/inspection-note')).body.total;
      const bad = await c.post('/api/plugins/test-plugin/records/inspection-note', { subject: 'x', amountFen: 1.5, inspectedOn: '2026-02-30', category: 'food', extra: 1 });
      expect(bad.status).toBe(400);
      const fields = bad.body.details.map((d: any) => d.field).sort();
      expect(fields).toEqual(['amountFen', 'category', 'extra', 'inspectedOn']);
      expect(bad.body.details.find((d: any) => d.field === 'inspectedOn').message).toBe('inspectedOn：必须是日期（YYYY-MM-DD）');
      expect((await c.get('/api/plugins/test-plugin/records/inspection-note')).body.total).toBe(before);
    });

    it("answers another institution's record exactly like a missing one, and logs the attempt", async () => {
      const alpha = await t.login('alpha-staff');
      const created = await alpha.post('/api/plugins/test-plugin/records/inspection-note', { subject: '甲院记录', amountFen: 1, inspectedOn: '2026-01-05' });
      const beta = await t.login('beta-staff');
      const foreign = await beta.get(`/api/records/${created.body.id}`);
      const missing = await beta.get('/api/records/99999999');
      expect(foreign.status).toBe(404);
      expect(answerBody(foreign)).toEqual(answerBody(missing));
      expect(foreign.text).not.toContain('甲院记录');
      const denied = await t.db.read((m) => m.getRepository(AuditEntryEntity).findBy({ action: 'access.denied', objectId: String(created.body.id) }));
      expect(denied.length).toBeGreaterThanOrEqual(1);
      expect(denied[0].outcome).toBe('denied');
    });

    it('lets a grantee see records through a visibility grant, scoped to the plugin', async () => {
      const cdc = await t.login('cdc-lead');
      const rec = await cdc.post('/api/plugins/test-plugin/records/inspection-note?institutionId=' + (await t.institutionId('gamma-township')), { subject: '镇卫生院记录', amountFen: 10, inspectedOn: '2026-03-02' });
      expect(rec.status).toBe(201);
      const alpha = await t.login('alpha-staff');
      expect((await alpha.get(`/api/records/${rec.body.id}`)).status).toBe(200);
      const beta = await t.login('beta-staff');
      expect((await beta.get(`/api/records/${rec.body.id}`)).status).toBe(404);
    });

    it("renders the plugin's template with escaped data", async () => {
      const c = await t.login('alpha-staff');
      const rec = await c.post('/api/plugins/test-plugin/records/inspection-note', { subject: '<script>alert(1)</script>', amountFen: 5, inspectedOn: '2026-04-01' });
      const html = await c.get(`/api/records/${rec.body.id}/render?template=test-plugin/note`);
      expect([rec.status, html.status]).toEqual([201, 200]);
      expect(html.text).toContain('甲医院 检查记录单');
      expect(html.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html.text).not.toContain('<script>');
    });
  });

  describe('CSRF', () => {
    it('refuses a form post without the session token and accepts it with the token', async () => {
      const c = await t.login('alpha-staff');
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const id = await t.institutionId('alpha-hospital');
      const without = await c.request('POST', '/api/me/institution', `institutionId=${id}`, form);
      expect(without.status).toBe(403);
      const withToken = await c.request('POST', '/api/me/institution', `institutionId=${id}&_csrf=${c.csrf}`, form);
      expect(withToken.status).toBe(200);
    });

    it('refuses a cross-site JSON request without the token', async () => {
      const c = await t.login('alpha-staff');
      const res = await c.post('/api/plugins/test-plugin/records/inspection-note', { subject: 'x', amountFen: 1, inspectedOn: '2026-01-05' }, { 'sec-fetch-site': 'cross-site' });
      expect(res.status).toBe(403);
    });
  });

  it('writes the audit row in the same transaction and the chain verifies', async () => {
    const report = await t.app.get(AuditService).verify();
    expect(report.ok).toBe(true);
    expect(report.rows).toBeGreaterThan(10);
    const actions = new Set((await t.db.read((m) => m.getRepository(AuditEntryEntity).find())).map((r) => r.action));
    for (const a of ['institution.create', 'user.create', 'auth.login', 'auth.logout', 'record.create', 'record.update', 'rule.hit', 'user.disable', 'access.denied']) {
      expect(actions).toContain(a);
    }
  });

  it('the database itself refuses updates and deletes of audit rows', async () => {
    await expect(t.db.write((m) => m.query("UPDATE audit_log SET actor = 'x' WHERE seq = 1"))).rejects.toThrow(/append-only/);
    await expect(t.db.write((m) => m.query('DELETE FROM audit_log WHERE seq = 1'))).rejects.toThrow(/append-only/);
  });

  it('answers unknown routes with a localised 404 JSON', async () => {
    const res = await t.anonymous().get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('接口不存在');
  });
});
