import { EventEmitter } from 'node:events';
import { createAppLogger, NestPinoLogger } from './app-logger';
import { requestIdOf, requestLog } from './request-log';

function capture(level: 'info' | 'debug' | 'silent' = 'info') {
  const lines: string[] = [];
  const logger = createAppLogger(level, { write: (l: string) => void lines.push(l) });
  return { logger, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function fakeExchange(headers: Record<string, string> = {}) {
  const req = { method: 'POST', headers, baseUrl: '', route: undefined as { path: string } | undefined, actor: undefined as object | undefined };
  const res = Object.assign(new EventEmitter(), { statusCode: 200, writableFinished: true, headers: {} as Record<string, string>, setHeader(k: string, v: string) { this.headers[k] = v; } });
  return { req, res };
}

describe('requestLog', () => {
  it('logs one line when the response closes: pattern, status, time taken, user and institution', () => {
    const { logger, entries } = capture();
    const { req, res } = fakeExchange();
    const next = jest.fn();
    requestLog(logger)(req as never, res as never, next);
    expect(next).toHaveBeenCalledTimes(1);
    const id = res.headers['X-Request-Id'];
    expect(requestIdOf(req as never)).toBe(id);
    req.route = { path: '/api/records/:id' };
    req.actor = { userId: 7, currentInstitutionId: 3 };
    res.statusCode = 409;
    expect(entries()).toEqual([]);
    res.emit('close');
    expect(entries()).toEqual([expect.objectContaining({ level: 'info', msg: 'request', requestId: id, method: 'POST', route: '/api/records/:id', status: 409, userId: 7, institutionId: 3 })]);
    expect(entries()[0].ms).toEqual(expect.any(Number));
  });

  it('asks identify who sent a request that never reached the session guard, and only then', async () => {
    const { logger, entries } = capture();
    const identify = jest.fn(async () => ({ userId: 9, currentInstitutionId: 4 }));
    const refused = fakeExchange();
    requestLog(logger, identify)(refused.req as never, refused.res as never, () => undefined);
    refused.res.statusCode = 413;
    refused.res.emit('close');
    await new Promise((r) => setImmediate(r));
    expect(entries()).toEqual([expect.objectContaining({ status: 413, route: null, userId: 9, institutionId: 4 })]);
    const routed = fakeExchange();
    requestLog(logger, identify)(routed.req as never, routed.res as never, () => undefined);
    routed.req.actor = { userId: 7, currentInstitutionId: 3 };
    routed.res.emit('close');
    await new Promise((r) => setImmediate(r));
    expect(identify).toHaveBeenCalledTimes(1);
    expect(entries()[1]).toMatchObject({ userId: 7, institutionId: 3 });
  });

  it('marks a response the client left before it was sent', () => {
    const { logger, entries } = capture();
    const { req, res } = fakeExchange();
    requestLog(logger)(req as never, res as never, () => undefined);
    res.writableFinished = false;
    res.emit('close');
    expect(entries()[0]).toMatchObject({ route: null, userId: null, institutionId: null, aborted: true });
  });

  it('keeps a safe incoming id and replaces anything else', () => {
    const { logger } = capture();
    const idFor = (value: string) => {
      const { req, res } = fakeExchange({ 'x-request-id': value });
      requestLog(logger)(req as never, res as never, () => undefined);
      return res.headers['X-Request-Id'];
    };
    expect(idFor('nginx_0f3a9c2b7d1e')).toBe('nginx_0f3a9c2b7d1e');
    for (const bad of ['abc', 'a'.repeat(65), 'id with spaces', 'x"}\n{"level":"fatal', '张三的请求编号']) expect(idFor(bad)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('still gives ids but writes nothing when silent', () => {
    const { logger, entries } = capture('silent');
    const { req, res } = fakeExchange();
    requestLog(logger)(req as never, res as never, () => undefined);
    res.emit('close');
    expect(res.headers['X-Request-Id']).toBeTruthy();
    expect(entries()).toEqual([]);
  });
});

describe('NestPinoLogger', () => {
  it("writes Nest's errors and warnings with their context and stack, and its start-up chatter only at debug", () => {
    const info = capture('info');
    const nest = new NestPinoLogger(info.logger);
    nest.log('Mapped {/api/me, GET} route', 'RouterExplorer');
    nest.error('scan failed', 'Error: boom\n    at x', 'WarningScan');
    nest.warn('slow', 'Db');
    nest.error({ msg: 'unhandled error', requestId: 'r1' }, 'HTTP');
    expect(info.entries()).toEqual([
      expect.objectContaining({ level: 'error', msg: 'scan failed', context: 'WarningScan', stack: 'Error: boom\n    at x' }),
      expect.objectContaining({ level: 'warn', msg: 'slow', context: 'Db' }),
      expect.objectContaining({ level: 'error', msg: 'unhandled error', context: 'HTTP', requestId: 'r1' }),
    ]);
    const debug = capture('debug');
    new NestPinoLogger(debug.logger).log('Mapped {/api/me, GET} route', 'RouterExplorer');
    expect(debug.entries()).toEqual([expect.objectContaining({ level: 'debug', msg: 'Mapped {/api/me, GET} route', context: 'RouterExplorer' })]);
  });
});
