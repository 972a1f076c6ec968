import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { ROOT_DIR } from '../../apps/server/bootstrap';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { UserEntity } from '../../core/auth/auth.entities';
import { ApiClient, HttpResult, startTestApp, TestApp, TEST_PASSWORD } from '../support/test-app';

jest.setTimeout(120_000);

/** Issue #23 item 1: accounts on screens, temporary passwords that must be changed, own password change. */
describe('accounts and passwords (screens and API)', () => {
  let t: TestApp;
  let admin: ApiClient;
  let hospital: number;

  const post = (c: ApiClient, url: string, fields: [string, string][]) =>
    c.post(url, new URLSearchParams([...fields, ['_csrf', c.csrf]]).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  const temporaryOf = (res: HttpResult) => /data-testid="temporary-password">([^<]+)</.exec(res.text)?.[1] ?? '';
  const audits = (action: string, objectId: number) => t.db.read((m) => m.getRepository(AuditEntryEntity).find({ where: { action, objectId: String(objectId) }, order: { seq: 'ASC' } }));
  const userId = async (username: string) => (await t.db.read((m) => m.getRepository(UserEntity).findOneByOrFail({ username }))).id;
  const userCount = () => t.db.read((m) => m.getRepository(UserEntity).count());
  const attempt = (username: string, password: string) => t.anonymous().post('/api/auth/login', { username, password });

  /** Creates an account on the screen; answers its id and the temporary password shown once. */
  async function createOnScreen(username: string, role = 'staff'): Promise<{ id: number; password: string }> {
    const res = await post(admin, '/admin/accounts', [['username', username], ['displayName', `测试${username}`], ['institutionId', String(hospital)], ['role', role], ['institutionId', ''], ['role', '']]);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    return { id: await userId(username), password: temporaryOf(res) };
  }

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(ROOT_DIR, 'config'), seed: 'demo' });
    admin = await t.login('admin', DEMO_PASSWORD);
    hospital = await t.institutionId('county-hospital');
  }, 180_000);
  afterAll(() => t?.close(), 60_000);

  it('creates an account with a role and a one-time temporary password that must be changed before anything else', async () => {
    const { id, password } = await createOnScreen('e2e-new');
    expect(password).toMatch(/^[a-zA-Z2-9]{12}$/);
    const created = await audits('user.create', id);
    expect(created).toHaveLength(1);
    expect(JSON.parse(created[0].detail)).toMatchObject({ username: 'e2e-new', roles: [{ institutionId: hospital, role: 'staff' }], temporaryPassword: true });
    expect(created[0].actor).toMatch(/^user:\d+:admin$/);

    const user = await t.login('e2e-new', password);
    expect((await user.get('/api/me')).body).toMatchObject({ username: 'e2e-new', mustChangePassword: true, roles: [{ institutionId: hospital, role: 'staff' }] });
    const api = await user.get('/api/risk/points');
    expect(api.status).toBe(403);
    expect(api.body.error).toBe('error.must_change_password');
    expect(api.body.message).toContain('临时密码');
    expect((await user.get('/api/risk/points', { 'accept-language': 'en' })).body.message).toContain('temporary password');
    const screen = await user.get('/risk/points');
    expect(screen.status).toBe(303);
    expect(screen.headers.get('location')).toBe('/account/password');
    expect((await user.get('/account/password')).text).toContain('data-testid="must-change"');

    expect((await user.post('/api/me/password', { currentPassword: password, newPassword: 'Hospital-2026' })).status).toBe(200);
    expect((await user.get('/risk/points')).status).toBe(200);
    expect((await user.get('/api/me')).body.mustChangePassword).toBe(false);
    expect((await attempt('e2e-new', password)).status).toBe(401);
    expect((await attempt('e2e-new', 'Hospital-2026')).status).toBe(200);
  });

  it('refuses a duplicate username with 409, on the screen next to the field and through the API', async () => {
    const screen = await post(admin, '/admin/accounts', [['username', 'hosp-jijian'], ['displayName', '重复'], ['institutionId', ''], ['role', '']]);
    expect(screen.status).toBe(409);
    expect(screen.text).toContain('用户名：用户名“hosp-jijian”已被使用');
    const api = await admin.post('/api/users', { username: 'hosp-jijian', displayName: '重复', password: 'Another-2026' });
    expect(api.status).toBe(409);
    expect(api.body.error).toBe('error.username_taken');
  });

  it('refuses bad account forms with field-named Chinese errors and changes nothing', async () => {
    const before = await userCount();
    const badName = await post(admin, '/admin/accounts', [['username', '坏 名'], ['displayName', ''], ['institutionId', ''], ['role', '']]);
    expect(badName.status).toBe(400);
    expect(badName.text).toContain('用户名：格式不正确');
    const halfRow = await post(admin, '/admin/accounts', [['username', 'e2e-half'], ['displayName', '半行'], ['institutionId', String(hospital)], ['role', '']]);
    expect(halfRow.status).toBe(400);
    expect(halfRow.text).toContain('角色：第1行选了单位，请选择角色');
    const foreign = await post(admin, '/admin/accounts', [['username', 'e2e-foreign'], ['displayName', '外单位'], ['institutionId', '999999'], ['role', 'staff']]);
    expect(foreign.status).toBe(400);
    expect(foreign.text).toContain('单位：第1行的单位不存在或不由您管理');
    const forged = await post(admin, '/admin/accounts', [['username', 'e2e-forged'], ['displayName', '伪造'], ['isSystemAdmin', '1']]);
    expect(forged.status).toBe(400);
    expect(await userCount()).toBe(before);
    const weak = await admin.post('/api/users', { username: 'e2e-weak', displayName: '弱', password: 'abcdefghij' });
    expect(weak.status).toBe(400);
    expect(weak.body.details).toEqual([{ field: 'password', message: 'password：须包含字母、数字、符号中的至少两种' }]);
  });

  it('lets only a system admin reach the account screens', async () => {
    const officer = await t.login('hosp-jijian', DEMO_PASSWORD);
    expect((await officer.get('/admin/accounts')).status).toBe(403);
    expect((await post(officer, '/admin/accounts', [['username', 'e2e-sneak'], ['displayName', 'x']])).status).toBe(403);
    expect((await post(officer, `/admin/accounts/${await userId('hosp-buyer')}/reset-password`, [])).status).toBe(403);
    expect((await admin.get('/admin/accounts/999999')).status).toBe(404);
  });

  it('searches and pages the list with a true total', async () => {
    const found = await admin.get('/admin/accounts?q=HOSP-');
    expect(found.status).toBe(200);
    expect(found.text).toContain('data-username="hosp-jijian"');
    expect(found.text).not.toContain('data-username="tax-officer"');
    expect(found.text).toContain('示范县人民医院 · 纪检监察');
    const all = await userCount();
    const paged = await admin.get('/admin/accounts?pageSize=2&page=2');
    expect(paged.text).toContain(`共 ${all} 条`);
    expect(paged.text).toContain(`第 2 / ${Math.ceil(all / 2)} 页`);
    expect(paged.text.match(/data-username=/g)).toHaveLength(2);
    expect(paged.text).toContain('href="/admin/accounts?pageSize&#x3D;2&amp;page&#x3D;3" rel="next"');
    const literal = await admin.get('/admin/accounts?q=%25');
    expect(literal.text).toContain('data-testid="account-empty"');
  });

  it('edits the name and roles, audited with old and new values, effective on the next request', async () => {
    const id = await t.createUser('e2e-edit', [{ institution: 'county-hospital', role: 'staff' }]);
    const user = await t.login('e2e-edit');
    const saved = await post(admin, `/admin/accounts/${id}`, [['displayName', '改名后'], ['institutionId', String(hospital)], ['role', 'department-head'], ['institutionId', String(hospital)], ['role', 'staff'], ['descendants', '1']]);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/admin/accounts/${id}?saved=1`);
    expect((await user.get('/api/me')).body).toMatchObject({
      displayName: '改名后',
      roles: [
        { institutionId: hospital, role: 'department-head', includeDescendants: false },
        { institutionId: hospital, role: 'staff', includeDescendants: true },
      ],
    });
    const [entry] = await audits('user.update', id);
    expect(JSON.parse(entry.detail).changes).toEqual({
      displayName: { from: 'e2e-edit', to: '改名后' },
      roles: {
        from: [{ institutionId: hospital, role: 'staff', includeDescendants: false }],
        to: [
          { institutionId: hospital, role: 'department-head', includeDescendants: false },
          { institutionId: hospital, role: 'staff', includeDescendants: true },
        ],
      },
    });
    // A post without role rows (the API-style body) renames and keeps the roles.
    expect((await post(admin, `/admin/accounts/${id}`, [['displayName', '再改名']])).status).toBe(303);
    expect((await user.get('/api/me')).body.roles).toHaveLength(2);
    const page = await admin.get(`/admin/accounts/${id}?saved=1`);
    expect(page.text).toContain('data-testid="account-saved"');
    expect(page.text).toContain('value="再改名"');
  });

  it('disables (ending sessions) and re-enables, audited; an admin cannot disable themself', async () => {
    const id = await t.createUser('e2e-disable', [{ institution: 'county-hospital', role: 'staff' }]);
    const user = await t.login('e2e-disable');
    const page = await admin.get(`/admin/accounts/${id}`);
    expect(page.text).toMatch(/action="\/admin\/accounts\/\d+\/disable" data-confirm="停用后/);
    expect((await post(admin, `/admin/accounts/${id}/disable`, [])).status).toBe(303);
    expect((await user.get('/api/me')).status).toBe(401);
    expect((await attempt('e2e-disable', TEST_PASSWORD)).status).toBe(401);
    expect((await admin.get(`/admin/accounts?q=e2e-disable`)).text).toContain('已停用');
    expect((await post(admin, `/admin/accounts/${id}/enable`, [])).status).toBe(303);
    expect((await attempt('e2e-disable', TEST_PASSWORD)).status).toBe(200);
    expect((await audits('user.disable', id)).length).toBe(1);
    expect((await audits('user.enable', id)).length).toBe(1);
    const self = await post(admin, `/admin/accounts/${await userId('admin')}/disable`, []);
    expect(self.status).toBe(409);
    expect(self.text).toContain('不能停用自己正在使用的账户');
  });

  it('resets a password: the old one and every session stop at once, the temporary one works once', async () => {
    const id = await t.createUser('e2e-reset', [{ institution: 'county-hospital', role: 'staff' }]);
    const session = await t.login('e2e-reset');
    const res = await post(admin, `/admin/accounts/${id}/reset-password`, []);
    expect(res.status).toBe(200);
    const temporary = temporaryOf(res);
    expect(temporary).toMatch(/^[a-zA-Z2-9]{12}$/);
    expect((await session.get('/api/me')).status).toBe(401);
    expect((await attempt('e2e-reset', TEST_PASSWORD)).status).toBe(401);
    const again = await t.login('e2e-reset', temporary);
    expect((await again.get('/')).headers.get('location')).toBe('/account/password');
    const changed = await post(again, '/account/password', [['currentPassword', temporary], ['newPassword', 'Reset-done-2026'], ['confirmPassword', 'Reset-done-2026']]);
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe('/');
    expect((await again.get('/')).status).toBe(200);
    expect((await attempt('e2e-reset', temporary)).status).toBe(401);
    expect((await audits('user.password_reset', id)).length).toBe(1);
    expect(JSON.parse((await audits('user.password_change', id))[0].detail)).toMatchObject({ wasTemporary: true });
  });

  it('changes one’s own password on the screen: rules, repeat, and every other session ends', async () => {
    await t.createUser('e2e-own', [{ institution: 'county-hospital', role: 'staff' }]);
    const here = await t.login('e2e-own');
    const elsewhere = await t.login('e2e-own');
    const weak = await post(here, '/account/password', [['currentPassword', TEST_PASSWORD], ['newPassword', 'abcdefghij'], ['confirmPassword', 'abcdefghij']]);
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('新密码：须包含字母、数字、符号中的至少两种');
    const named = await here.post('/api/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'e2e-own-2026' });
    expect(named.status).toBe(400);
    expect(named.body.details[0]).toEqual({ field: 'newPassword', message: 'newPassword：不能包含用户名' });
    const mismatch = await post(here, '/account/password', [['currentPassword', TEST_PASSWORD], ['newPassword', 'Own-pass-2026'], ['confirmPassword', 'Own-pass-2027']]);
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain('再次输入新密码：两次输入的新密码不一致');
    expect((await elsewhere.get('/api/me')).status).toBe(200);
    const ok = await post(here, '/account/password', [['currentPassword', TEST_PASSWORD], ['newPassword', 'Own-pass-2026'], ['confirmPassword', 'Own-pass-2026']]);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/account/password?changed=1');
    expect((await here.get('/account/password?changed=1')).text).toContain('data-testid="password-changed"');
    expect((await elsewhere.get('/api/me')).status).toBe(401);
    expect((await attempt('e2e-own', TEST_PASSWORD)).status).toBe(401);
    expect((await attempt('e2e-own', 'Own-pass-2026')).status).toBe(200);
  });

  it('answers a wrong current password with 400, counted towards the sign-in lockout', async () => {
    await t.createUser('e2e-guess', [{ institution: 'county-hospital', role: 'staff' }]);
    const thief = await t.login('e2e-guess');
    const screen = await post(thief, '/account/password', [['currentPassword', 'guess-0'], ['newPassword', 'Stolen-2026'], ['confirmPassword', 'Stolen-2026']]);
    expect(screen.status).toBe(400);
    expect(screen.text).toContain('当前密码：当前密码不正确');
    for (let i = 1; i < 5; i++) {
      const res = await thief.post('/api/me/password', { currentPassword: `guess-${i}`, newPassword: 'Stolen-2026' });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'currentPassword', message: 'currentPassword：当前密码不正确' }]);
    }
    const locked = await thief.post('/api/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'Stolen-2026' });
    expect(locked.status).toBe(429);
    expect((await attempt('e2e-guess', TEST_PASSWORD)).status).toBe(429);
    const failed = await audits('user.password_change', await userId('e2e-guess'));
    expect(failed.map((a) => a.outcome)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
  });
});
