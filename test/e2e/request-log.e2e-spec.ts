import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { ROOT_DIR } from '../../apps/server/bootstrap';
import { MeService } from '../../core/auth/me.service';
import { SESSION_COOKIE } from '../../core/auth/auth.service';
import { ApiClient, HttpResult, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const REQUEST_FIELDS = ['level', 'time', 'pid', 'hostname', 'msg', 'requestId', 'method', 'route', 'status', 'ms', 'userId', 'institutionId'].sort();

describe('request log: one JSON line per request, the request id in the header and every error body', () => {
  let t: TestApp;
  const written: string[] = [];
  const entries = () => written.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  let officer: ApiClient;
  let hospitalId: number;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(ROOT_DIR, 'config'), seed: 'demo', logTo: { write: (line: string) => void written.push(line) } });
    hospitalId = await t.institutionId('county-hospital');
    officer = await t.login('hosp-jijian', DEMO_PASSWORD);
  }, 120_000);
  afterAll(() => t.close(), 60_000);

  /** The request's log line, written when the response closes (just after the client has read it). */
  async function lineOf(res: HttpResult): Promise<Record<string, unknown>> {
    const id = res.headers.get('x-request-id');
    for (let i = 0; i < 100; i++) {
      const found = entries().filter((e) => e.requestId === id && e.msg === 'request');
      if (found.length) {
        expect(found).toHaveLength(1);
        return found[0];
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no log line for request ${id}`);
  }

  it('logs a signed-in request with the route pattern, user and institution, and no query string', async () => {
    const res = await officer.get('/api/me?name=%E5%BC%A0%E4%B8%89&phone=13800138000');
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(UUID);
    const line = await lineOf(res);
    expect(Object.keys(line).sort()).toEqual(REQUEST_FIELDS);
    expect(line).toMatchObject({ level: 'info', method: 'GET', route: '/api/me', status: 200, userId: res.body.id, institutionId: res.body.currentInstitutionId });
    expect([typeof res.body.id, res.body.currentInstitutionId]).toEqual(['number', hospitalId]);
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
    expect(line.ms).toEqual(expect.any(Number));
    expect(line.ms as number).toBeGreaterThanOrEqual(0);
  });

  it('answers a record that is not there with 404, the id in header and body, the pattern in the log', async () => {
    const res = await officer.get('/api/risk/points/987654');
    expect(res.status).toBe(404);
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
    expect(await lineOf(res)).toMatchObject({ route: '/api/risk/points/:id', status: 404, institutionId: hospitalId });
  });

  it('logs an unknown route without its path, and an HTML error page still carries the id', async () => {
    const api = await t.anonymous().get('/api/no-such-route/%E6%9D%8E%E5%9B%9B');
    expect(api.status).toBe(404);
    expect(api.body.requestId).toBe(api.headers.get('x-request-id'));
    expect(await lineOf(api)).toMatchObject({ method: 'GET', route: null, status: 404, userId: null, institutionId: null });
    const page = await officer.get('/no-such-page');
    expect(page.status).toBe(404);
    expect(page.headers.get('x-request-id')).toMatch(UUID);
    // No route, so the session guard never ran: the log still names who asked.
    const me = (await officer.get('/api/me')).body;
    expect(await lineOf(page)).toMatchObject({ route: null, status: 404, userId: me.id, institutionId: hospitalId });
    // Shown on the page, so a user can quote it to support.
    expect(page.text).toContain(`请求编号（联系技术支持时请提供）: <code class="request-id">${page.headers.get('x-request-id')}</code>`);
    const proxied = await officer.request('GET', '/no-such-page', undefined, { 'x-request-id': 'proxy-id-4711' });
    expect(proxied.text).toContain('<code class="request-id">proxy-id-4711</code>');
  });

  it('puts the id in a 400 body, a malformed body too', async () => {
    const invalid = await officer.post('/api/me/institution', { institutionId: 'not-a-number' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.requestId).toBe(invalid.headers.get('x-request-id'));
    expect(await lineOf(invalid)).toMatchObject({ method: 'POST', route: '/api/me/institution', status: 400 });
    const malformed = await officer.request('POST', '/api/me/institution', '{"institutionId":', { 'content-type': 'application/json' });
    expect([malformed.status, malformed.body.error]).toEqual([400, 'error.malformed_json']);
    expect(malformed.body.requestId).toBe(malformed.headers.get('x-request-id'));
    // Refused by the body parser before any guard: the line names the signed-in sender all the same.
    expect(await lineOf(malformed)).toMatchObject({ status: 400, route: null, userId: expect.any(Number), institutionId: hospitalId });
    const deep = await officer.request('POST', '/api/me/institution', `${'['.repeat(2000)}${']'.repeat(2000)}`, { 'content-type': 'application/json' });
    expect(deep.status).toBeGreaterThanOrEqual(400);
    expect(deep.status).toBeLessThan(500);
    expect(await lineOf(deep)).toMatchObject({ userId: expect.any(Number), institutionId: hospitalId });
  });

  it('logs a 500 once as the request and once with the stack, both under the id the body names', async () => {
    const spy = jest.spyOn(t.app.get(MeService), 'describe').mockRejectedValueOnce(new Error('SQLITE_BUSY: simulated failure'));
    try {
      const res = await officer.get('/api/me');
      expect(res.status).toBe(500);
      expect(res.text).not.toContain('SQLITE');
      const id = res.body.requestId;
      expect(id).toBe(res.headers.get('x-request-id'));
      expect(await lineOf(res)).toMatchObject({ route: '/api/me', status: 500 });
      const error = entries().find((e) => e.requestId === id && e.level === 'error');
      expect(error).toMatchObject({ msg: 'unhandled error', context: 'HTTP', method: 'GET', route: '/api/me' });
      expect(error!.err).toContain('SQLITE_BUSY: simulated failure');
    } finally {
      spy.mockRestore();
    }
  });

  it('keeps an incoming X-Request-Id only when it is a short safe token', async () => {
    const kept = await officer.get('/api/me', { 'x-request-id': 'proxy-0123456789abcdef' });
    expect(kept.headers.get('x-request-id')).toBe('proxy-0123456789abcdef');
    expect((await lineOf(kept)).status).toBe(200);
    for (const forged of ['a b c d e f g h', '{"level":"fatal"}', 'short', 'x'.repeat(65)]) {
      const res = await officer.get('/api/me', { 'x-request-id': forged });
      expect(res.headers.get('x-request-id')).toMatch(UUID);
    }
  });

  it('never writes bodies, passwords, cookies or query strings to the log', async () => {
    const wrong = await t.anonymous().post('/api/auth/login', { username: 'hosp-jijian', password: 'Wrong-Secret-Pass-42' });
    expect(wrong.status).toBe(401);
    expect(await lineOf(wrong)).toMatchObject({ route: '/api/auth/login', status: 401, userId: null });
    const text = written.join('');
    for (const secret of ['Wrong-Secret-Pass-42', DEMO_PASSWORD, officer.cookies.get(SESSION_COOKIE)!, officer.csrf, '13800138000', 'name=', '李四', 'no-such-route', 'not-a-number', '987654']) {
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
    // Every line is one JSON object; request lines are one per answered request above.
    expect(entries().filter((e) => e.msg === 'request').length).toBeGreaterThanOrEqual(14);
  });
});
