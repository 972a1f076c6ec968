import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { answerBody, ApiClient, HttpResult, TestApp, TEST_PASSWORD } from '../support/test-app';
import { startWarningApp } from '../support/warning-fixtures';

jest.setTimeout(120_000);

const UNKNOWN_RECEIPT = { code: 'JB-AAAAA-AAAAA-AAAAA-AAAAA' };
const from = (ip: string) => ({ 'x-forwarded-for': ip });

/** Issue #25 points 2, 3, 4 and 10: atomic lockout and throttles, forwarding headers, tipster address, login CSRF. */
describe('sign-in and public throttles under attack', () => {
  // `direct` runs with the default (no TRUST_PROXY), `proxied` behind a proxy on 127.0.0.1.
  let direct: TestApp;
  let proxied: TestApp;

  beforeAll(async () => {
    direct = await startWarningApp();
    // On PostgreSQL both apps share the one test database: the second must not reset it under the first.
    const sharedDb = !!process.env.DATABASE_URL;
    proxied = await startWarningApp({ trustProxy: '127.0.0.1', ...(sharedDb ? { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lz-sa-proxied-')) } : {}) });
    for (const t of sharedDb ? [direct] : [direct, proxied]) {
      for (const name of ['sa-parallel', 'sa-known', 'sa-victim', 'sa-attacker']) await t.createUser(name, [{ institution: 'w-hospital', role: 'staff' }]);
    }
  });
  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
  });

  const login = (t: TestApp, username: string, password: string, headers: Record<string, string> = {}) => t.anonymous().post('/api/auth/login', { username, password }, headers);
  const tally = (results: HttpResult[]) => results.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  const checkedFailures = (t: TestApp, username: string) =>
    t.db.read((m) => m.getRepository(AuditEntryEntity).countBy({ actor: `login:${username}`, action: 'auth.login', outcome: 'failed' }));

  it('checks exactly 5 of 25 parallel wrong passwords for one account, then locks it even for the right one', async () => {
    const results = await Promise.all(Array.from({ length: 25 }, () => login(proxied, 'sa-parallel', 'wrong-password', from('198.51.100.1'))));
    expect(tally(results)).toEqual({ 401: 5, 429: 20 });
    expect(await checkedFailures(proxied, 'sa-parallel')).toBe(5);
    expect((await login(proxied, 'sa-parallel', TEST_PASSWORD, from('198.51.100.11'))).status).toBe(429);
  });

  it('checks exactly 30 of a burst of 60 wrong sign-ins from one address; another address is unaffected', async () => {
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => login(proxied, `sa-burst-${i}`, 'wrong-password', from('198.51.100.2'))));
    expect(tally(results)).toEqual({ 401: 30, 429: 30 });
    const checked = await proxied.db.read((m) => m.getRepository(AuditEntryEntity).createQueryBuilder('a').where("a.actor LIKE 'login:sa-burst-%'").getCount());
    expect(checked).toBe(30);
    expect((await login(proxied, 'sa-burst-0', 'wrong-password', from('198.51.100.3'))).status).toBe(401);
  });

  it('locks out an unknown username exactly like an existing one, with Retry-After and RateLimit headers', async () => {
    const sixth: HttpResult[] = [];
    for (const [name, ip] of [
      ['sa-known', '198.51.100.4'],
      ['sa-nobody-has-this-name', '198.51.100.5'],
    ]) {
      for (let i = 0; i < 5; i++) expect((await login(proxied, name, 'wrong-password', from(ip))).status).toBe(401);
      sixth.push(await login(proxied, name, 'wrong-password', from(ip)));
    }
    const [known, unknown] = sixth;
    expect([known.status, unknown.status]).toEqual([429, 429]);
    expect(answerBody(unknown)).toEqual(answerBody(known));
    expect(known.body.message).toContain('锁定');
    for (const res of sixth) {
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(800);
      expect(retryAfter).toBeLessThanOrEqual(900);
      expect({
        limit: res.headers.get('ratelimit-limit'),
        remaining: res.headers.get('ratelimit-remaining'),
        reset: res.headers.get('ratelimit-reset'),
        policy: res.headers.get('ratelimit-policy'),
      }).toEqual({ limit: '5', remaining: '0', reset: String(retryAfter), policy: '5;w=900' });
    }
  });

  it('without TRUST_PROXY, rotating X-Forwarded-For does not reset the per-address throttle', async () => {
    const client = direct.anonymous();
    for (let i = 0; i < 30; i++) expect((await client.post('/api/public/tipoffs/status', UNKNOWN_RECEIPT, from(`203.0.113.${i + 1}`))).status).toBe(404);
    const refused = await client.post('/api/public/tipoffs/status', UNKNOWN_RECEIPT, from('203.0.113.200'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-policy')).toBe('30;w=60');
  });

  it('with TRUST_PROXY=127.0.0.1, the forwarded address is the client: each has its own allowance', async () => {
    const client = proxied.anonymous();
    for (let i = 0; i < 31; i++) expect((await client.post('/api/public/tipoffs/status', UNKNOWN_RECEIPT, from(`192.0.2.${i + 1}`))).status).toBe(404);
    for (let i = 0; i < 29; i++) expect((await client.post('/api/public/tipoffs/status', UNKNOWN_RECEIPT, from('192.0.2.1'))).status).toBe(404);
    expect((await client.post('/api/public/tipoffs/status', UNKNOWN_RECEIPT, from('192.0.2.1'))).status).toBe(429);
    expect((await client.post('/api/public/tipoffs/status', UNKNOWN_RECEIPT, from('192.0.2.2'))).status).toBe(404);
  });

  it('refuses cross-site and form-encoded requests to the JSON sign-in and sign-out (login CSRF)', async () => {
    const victim = await direct.login('sa-victim');
    const forged: [string, string | object, Record<string, string>][] = [
      ['cross-site Origin', { username: 'sa-attacker', password: TEST_PASSWORD }, { origin: 'https://evil.example' }],
      ['Origin null', { username: 'sa-attacker', password: TEST_PASSWORD }, { origin: 'null' }],
      ['Sec-Fetch-Site cross-site', { username: 'sa-attacker', password: TEST_PASSWORD }, { 'sec-fetch-site': 'cross-site' }],
      ['Sec-Fetch-Site same-site', { username: 'sa-attacker', password: TEST_PASSWORD }, { 'sec-fetch-site': 'same-site' }],
      ['form post', `username=sa-attacker&password=${TEST_PASSWORD}`, { 'content-type': 'application/x-www-form-urlencoded' }],
    ];
    for (const [what, body, headers] of forged) {
      const res = await victim.post('/api/auth/login', body, headers);
      expect({ what, status: res.status, error: res.body.error, setCookie: res.headers.getSetCookie() }).toEqual({ what, status: 403, error: 'error.csrf', setCookie: [] });
    }
    // A body no parser reads is refused before it reaches the route.
    const plain = await victim.post('/api/auth/login', JSON.stringify({ username: 'sa-attacker', password: TEST_PASSWORD }), { 'content-type': 'text/plain' });
    expect([plain.status, plain.headers.getSetCookie()]).toEqual([415, []]);
    expect((await victim.get('/api/me')).body.username).toBe('sa-victim');
    expect((await victim.post('/api/auth/logout', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await victim.get('/api/me')).body.username).toBe('sa-victim');

    // The project's own clients: JSON without Origin, or from the same origin.
    const sameOrigin = await direct.anonymous().post('/api/auth/login', { username: 'sa-attacker', password: TEST_PASSWORD }, { origin: direct.url, 'sec-fetch-site': 'same-origin' });
    expect(sameOrigin.status).toBe(200);
    const cli = new ApiClient(direct.url);
    expect((await cli.post('/api/auth/login', { username: 'sa-attacker', password: TEST_PASSWORD })).status).toBe(200);
    expect((await cli.post('/api/auth/logout')).status).toBe(200);
  });

  it('keeps nothing of a tipster’s address in the audit log: a constant actor, no hash', async () => {
    const ip = '203.0.113.77';
    const res = await proxied.anonymous().post('/api/public/tipoffs', { institutionCode: 'w-hospital', subjectLabel: '设备科某人', content: '该同志在设备采购中收受回扣，情况属实。', anonymous: true }, from(ip));
    expect(res.status).toBe(201);
    const rows = await proxied.db.read((m) => m.getRepository(AuditEntryEntity).find({ order: { seq: 'ASC' } }));
    expect(rows.filter((r) => r.action === 'warning.clue.intake').map((r) => r.actor)).toEqual(['public:tipoff']);
    const all = JSON.stringify(rows);
    for (const address of [ip, '127.0.0.1', '::ffff:127.0.0.1']) {
      expect(all).not.toContain(createHash('sha256').update(address).digest('hex').slice(0, 12));
    }
    expect(all).not.toContain(ip);
  });
});
