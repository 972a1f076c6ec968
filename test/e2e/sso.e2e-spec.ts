import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { ROOT_DIR } from '../../apps/server/bootstrap';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { UserEntity } from '../../core/auth/auth.entities';
import { UsersService } from '../../core/auth/users.service';
import { CasStub, OidcStub, startCasStub, startOidcStub } from '../support/sso-stubs';
import { ApiClient, HttpResult, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/** Issue #24 item 8: sign-in through the institution's identity platform (OIDC, CAS 3) against local stub providers. */
describe('sign-in through the identity platform (OIDC and CAS stubs)', () => {
  let t: TestApp;
  let oidc: OidcStub;
  let cas: CasStub;

  const lastLogins = async (n: number) => {
    const rows = await t.db.read((m) => m.getRepository(AuditEntryEntity).find({ where: { action: 'auth.login' }, order: { seq: 'DESC' }, take: n }));
    return rows.map((r) => ({ actor: r.actor, outcome: r.outcome, detail: JSON.parse(r.detail || '{}') as Record<string, unknown> }));
  };
  const local = (location: string | null) => (location ?? '').replace(t.url, '');

  /** Follows the round trip as a browser would: platform → provider → platform callback; answers the callback's answer. */
  async function roundTrip(c: ApiClient, start: string, alter: (callback: URL) => void = () => {}): Promise<HttpResult> {
    const begun = await c.get(start);
    expect(begun.status).toBe(303);
    const atProvider = await fetch(begun.headers.get('location')!, { redirect: 'manual' });
    expect(atProvider.status).toBe(302);
    const callback = new URL(atProvider.headers.get('location')!);
    expect(callback.origin).toBe(t.url);
    alter(callback);
    return c.get(callback.pathname + callback.search, { accept: 'text/html' });
  }

  beforeAll(async () => {
    [oidc, cas] = await Promise.all([startOidcStub(), startCasStub()]);
    t = await startTestApp({
      configDir: path.join(ROOT_DIR, 'config'),
      seed: 'demo',
      env: { OIDC_ISSUER: oidc.issuer, OIDC_CLIENT_ID: oidc.clientId, OIDC_CLIENT_SECRET: oidc.clientSecret, CAS_BASE_URL: cas.baseUrl, SSO_ONLY_EXCEPT_ADMINS: 'true' },
    });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await Promise.all([oidc?.close(), cas?.close()]);
  }, 60_000);
  beforeEach(() => {
    oidc.tamper = {};
    oidc.user = 'hosp-jijian';
    cas.user = 'tax-jijian';
  });

  it('offers 统一身份认证登录 on the sign-in screen, and says password sign-in is for admins only', async () => {
    const page = await t.anonymous().get('/login');
    expect(page.text).toContain('href="/login/oidc">统一身份认证登录</a>');
    expect(page.text).toContain('href="/login/cas">统一身份认证登录（CAS）</a>');
    expect(page.text).toContain('密码登录仅限系统管理员');
    const en = await t.anonymous().get('/login', { 'accept-language': 'en' });
    expect(en.text).toContain('Sign in through the identity platform</a>');
  });

  it('OIDC: code flow with PKCE, state and nonce ends in the same session as a password sign-in, audited with the method', async () => {
    const c = t.anonymous();
    const begun = await c.get('/login/oidc');
    const authorize = new URL(begun.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe(`${oidc.issuer}/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ client_id: oidc.clientId, response_type: 'code', code_challenge_method: 'S256', redirect_uri: `${t.url}/login/oidc/callback` });
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(c.cookies.has('sso_flow')).toBe(true);

    const done = await roundTrip(c, '/login/oidc');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/');
    expect(c.cookies.has('sid')).toBe(true);
    expect(c.cookies.has('sso_flow')).toBe(false);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('hosp-jijian');
    // The session carries a CSRF token like a password one: a form post without it is refused, with it accepted.
    expect((await c.post('/logout', '', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(403);
    expect((await c.post('/logout', `_csrf=${me.body.csrfToken}`, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(303);
    const [entry] = await lastLogins(1);
    expect(entry).toMatchObject({ actor: expect.stringMatching(/^user:\d+:hosp-jijian$/), outcome: 'ok', detail: { method: 'oidc' } });
    expect(oidc.pkceRefusals).toBe(0);
  });

  it('OIDC: an account unknown to the platform is refused with a clear page in both languages, audited, nothing created', async () => {
    oidc.user = 'no-such-person';
    const users = await t.db.read((m) => m.getRepository(UserEntity).count());
    const c = t.anonymous();
    const res = await roundTrip(c, '/login/oidc');
    expect(res.status).toBe(403);
    expect(res.text).toContain('统一身份认证账号“no-such-person”在本平台没有对应的账户');
    expect(c.cookies.has('sid')).toBe(false);
    expect(await t.db.read((m) => m.getRepository(UserEntity).count())).toBe(users);
    const [entry] = await lastLogins(1);
    expect(entry).toMatchObject({ actor: 'login:no-such-person', outcome: 'denied', detail: { method: 'oidc', reason: 'unknown_account' } });
    const en = t.anonymous();
    en.cookies.set('lang', 'en');
    expect((await roundTrip(en, '/login/oidc')).text).toContain('has no account on this platform');
  });

  it('OIDC: a disabled account is refused and audited', async () => {
    const user = await t.app.get(UsersService).create({ username: 'sso-disabled', displayName: '停用者', password: 'Disabled-pass-1', roles: [] }, 'test');
    await t.app.get(UsersService).setDisabled(user.id, true, 'test');
    oidc.user = 'sso-disabled';
    const c = t.anonymous();
    const res = await roundTrip(c, '/login/oidc');
    expect(res.status).toBe(403);
    expect(res.text).toContain('账户“sso-disabled”已停用');
    expect(c.cookies.has('sid')).toBe(false);
    expect((await lastLogins(1))[0]).toMatchObject({ outcome: 'denied', detail: { method: 'oidc', reason: 'account_disabled' } });
  });

  it('OIDC: a new account holding a temporary password works at once, as it cannot sign in with a password anyway', async () => {
    const hospital = await t.institutionId('county-hospital');
    await t.app.get(UsersService).create({ username: 'sso-newcomer', displayName: '新同事', password: 'Temporary-pass-1', mustChangePassword: true, roles: [{ institutionId: hospital, role: 'staff' }] }, 'test');
    oidc.user = 'sso-newcomer';
    const c = t.anonymous();
    expect((await roundTrip(c, '/login/oidc')).status).toBe(303);
    const home = await c.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('新同事');
  });

  it('OIDC: a tampered state, a replayed callback or a callback without the start cookie is refused', async () => {
    const tampered = t.anonymous();
    const res = await roundTrip(tampered, '/login/oidc', (u) => u.searchParams.set('state', `${u.searchParams.get('state')}x`));
    expect(res.status).toBe(400);
    expect(res.text).toContain('登录请求已过期或不是从本浏览器发起');
    expect(tampered.cookies.has('sid')).toBe(false);
    expect((await lastLogins(1))[0]).toMatchObject({ actor: 'login:sso:oidc', outcome: 'denied', detail: { method: 'oidc', reason: 'sso_state' } });

    // Another browser (an attacker's link) cannot use this browser's callback, and the same one cannot use it twice.
    const c = t.anonymous();
    let callback = '';
    const ok = await roundTrip(c, '/login/oidc', (u) => (callback = u.pathname + u.search));
    expect(ok.status).toBe(303);
    expect((await t.anonymous().get(callback)).status).toBe(400);
    expect((await c.get(callback)).status).toBe(400);
  });

  it.each([
    ['a wrong nonce', { nonce: 'not-the-one-sent' }, /nonce mismatch/],
    ['another issuer', { iss: 'http://127.0.0.1:1/evil' }, /unexpected iss/],
    ['a signature by a key not in the JWKS', { foreignKey: true }, /signature/],
  ])('OIDC: an ID token with %s is refused and audited', async (_what, tamper, why) => {
    oidc.tamper = tamper;
    const c = t.anonymous();
    const res = await roundTrip(c, '/login/oidc');
    expect(res.status).toBe(400);
    expect(res.text).toContain('认证平台返回的凭据无效');
    expect(c.cookies.has('sid')).toBe(false);
    const [entry] = await lastLogins(1);
    expect(entry).toMatchObject({ outcome: 'denied', detail: { method: 'oidc', reason: 'sso_token' } });
    expect(String(entry.detail.why)).toMatch(why);
  });

  it('CAS: the ticket is validated at /p3/serviceValidate and the same session opens, audited with the method', async () => {
    const c = t.anonymous();
    const begun = await c.get('/login/cas');
    const login = new URL(begun.headers.get('location')!);
    expect(login.origin + login.pathname).toBe(`${cas.baseUrl}/login`);
    expect(login.searchParams.get('service')).toMatch(new RegExp(`^${t.url}/login/cas/callback\\?state=[\\w-]{20,}$`));
    const done = await roundTrip(c, '/login/cas');
    expect(done.status).toBe(303);
    expect((await c.get('/api/me')).body.username).toBe('tax-jijian');
    expect(cas.validations.at(-1)).toContain('<cas:user>tax-jijian</cas:user>');
    expect((await lastLogins(1))[0]).toMatchObject({ actor: expect.stringMatching(/:tax-jijian$/), outcome: 'ok', detail: { method: 'cas' } });
  });

  it('CAS: a refused ticket, a ticket replayed and an unknown account are refused and audited', async () => {
    const c = t.anonymous();
    let callback = '';
    expect((await roundTrip(c, '/login/cas', (u) => (callback = u.pathname + u.search))).status).toBe(303);
    // Replayed with a fresh state cookie of its own: the CAS server refuses the used ticket.
    const replay = t.anonymous();
    const begun = await replay.get('/login/cas');
    const state = new URL(new URL(begun.headers.get('location')!).searchParams.get('service')!).searchParams.get('state')!;
    const ticket = new URL(callback, t.url).searchParams.get('ticket')!;
    const res = await replay.get(`/login/cas/callback?state=${state}&ticket=${ticket}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('票据无效或已使用');
    expect(replay.cookies.has('sid')).toBe(false);
    expect(cas.validations.at(-1)).toContain('INVALID_TICKET');
    expect((await lastLogins(1))[0]).toMatchObject({ outcome: 'denied', detail: { method: 'cas', reason: 'sso_ticket', why: 'INVALID_TICKET' } });

    cas.user = 'stranger';
    const unknown = await roundTrip(t.anonymous(), '/login/cas');
    expect(unknown.status).toBe(403);
    expect((await lastLogins(1))[0]).toMatchObject({ actor: 'login:stranger', outcome: 'denied', detail: { method: 'cas', reason: 'unknown_account' } });
  });

  it('SSO_ONLY_EXCEPT_ADMINS: a password signs in only a system admin; others are told to use the identity platform', async () => {
    const refused = await t.anonymous().post('/api/auth/login', { username: 'hosp-jijian', password: DEMO_PASSWORD });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('仅系统管理员可用密码登录');
    expect((await lastLogins(1))[0]).toMatchObject({ actor: 'login:hosp-jijian', outcome: 'denied', detail: { reason: 'password_login_restricted' } });
    // A wrong password still reads as a wrong password, so the restriction tells nothing to a guesser.
    expect((await t.anonymous().post('/api/auth/login', { username: 'hosp-jijian', password: 'wrong-password-9' })).status).toBe(401);
    const admin = await t.login('admin', DEMO_PASSWORD);
    expect((await admin.get('/api/me')).body.username).toBe('admin');
    expect((await lastLogins(1))[0]).toMatchObject({ outcome: 'ok', detail: { method: 'password' } });
  });
});

describe('sign-in without an identity platform configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(ROOT_DIR, 'config'), seed: 'demo' });
  }, 180_000);
  afterAll(() => t?.close(), 60_000);

  it('shows no SSO button, answers 404 on the SSO routes and lets everyone sign in with a password', async () => {
    const page = await t.anonymous().get('/login');
    expect(page.text).not.toContain('/login/oidc');
    for (const url of ['/login/oidc', '/login/oidc/callback?state=x&code=y', '/login/cas', '/login/cas/callback?state=x&ticket=ST-1']) {
      expect((await t.anonymous().get(url)).status).toBe(404);
    }
    expect((await (await t.login('hosp-jijian', DEMO_PASSWORD)).get('/api/me')).body.username).toBe('hosp-jijian');
  });
});
