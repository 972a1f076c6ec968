import { ArgumentsHost, BadRequestException, ForbiddenException, HttpStatus, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter, bodyParserErrors, errorBody } from './all-exceptions.filter';
import { AppError } from './app-error';
import { createAppLogger } from './app-logger';
import { requestLog } from './request-log';

/** A body-parser error as Express hands it on: a status and a type, no HttpException. */
function parserError(type: string, status: number, ctor: ErrorConstructor = Error): Error {
  return Object.assign(new ctor(`raw parser message ${type}`), { status, statusCode: status, type, expose: true });
}

const sqlError = new QueryFailedError('INSERT INTO plugin_records (data) VALUES (?)', ['x'], new Error('SQLITE_CONSTRAINT: NOT NULL constraint failed: plugin_records.title'));

const LEAKS = /\bat .*\(|\.ts:\d+|SELECT|INSERT|UPDATE|DELETE|SQLITE|constraint|plugin_records|raw parser message/i;

describe('errorBody', () => {
  it('localises an AppError with its field details in both languages', () => {
    const err = AppError.validation([
      { field: 'amountFen', key: 'validation.integer' },
      { field: 'subject', key: 'validation.max_length', params: { max: 100 } },
    ]);
    expect(errorBody(err, 'zh')).toEqual({
      statusCode: 400,
      error: 'error.validation',
      message: '输入有误：amountFen：必须是整数；subject：长度不能超过 100 个字符',
      details: [
        { field: 'amountFen', message: 'amountFen：必须是整数' },
        { field: 'subject', message: 'subject：长度不能超过 100 个字符' },
      ],
    });
    expect(errorBody(err, 'en').message).toBe('Invalid input: amountFen: must be a whole number; subject: must be at most 100 characters');
  });

  it('answers 503 "busy" when PostgreSQL failed a write against concurrent ones through every retry, with no SQL', () => {
    const pgError = Object.assign(new Error('could not serialize access due to read/write dependencies among transactions'), { code: '40001' });
    const err = new QueryFailedError('UPDATE warnings SET status = $1', ['x'], pgError);
    expect(errorBody(err, 'zh')).toEqual({ statusCode: 503, error: 'error.busy', message: '系统繁忙，本次操作未保存，请稍后重试' });
    expect(errorBody(Object.assign(new Error('deadlock detected'), { code: '40P01' }), 'en').message).toBe('The system is busy and nothing was saved; try again shortly');
    expect(errorBody(sqlError, 'zh').statusCode).toBe(500);
  });

  it('uses the reason of a conflict', () => {
    const err = AppError.conflict({ zh: '已办结的预警不能再退回', en: 'A closed warning cannot be sent back' });
    expect(errorBody(err, 'zh')).toEqual({ statusCode: 409, error: 'error.conflict', message: '已办结的预警不能再退回' });
    expect(errorBody(err, 'en').message).toBe('A closed warning cannot be sent back');
  });

  it("maps Nest's own exceptions by status and never repeats their message", () => {
    expect(errorBody(new NotFoundException('Cannot GET /secret/path'), 'zh')).toEqual({ statusCode: 404, error: 'error.route_not_found', message: '接口不存在' });
    expect(errorBody(new ForbiddenException('internal detail'), 'en')).toEqual({ statusCode: 403, error: 'error.forbidden', message: 'You are not allowed to do this' });
    expect(errorBody(new BadRequestException('Unexpected token } in JSON'), 'en').message).toBe('Invalid input');
  });

  it('maps body-parser errors by type to specific messages', () => {
    expect(errorBody(parserError('entity.parse.failed', 400, SyntaxError), 'zh')).toEqual({ statusCode: 400, error: 'error.malformed_json', message: '请求体不是合法的 JSON' });
    expect(errorBody(parserError('entity.parse.failed', 400, SyntaxError), 'en').message).toBe('The request body is not valid JSON');
    expect(errorBody(parserError('entity.too.large', 413), 'en')).toEqual({ statusCode: 413, error: 'error.payload_too_large', message: 'The request body is too large' });
    expect(errorBody(parserError('charset.unsupported', 415), 'en').error).toBe('error.unsupported_media');
    expect(errorBody(parserError('encoding.unsupported', 415), 'en').error).toBe('error.unsupported_media');
    expect(errorBody(parserError('request.aborted', 400), 'en').error).toBe('error.validation');
  });

  it('answers anything else with a generic 500 that leaks no SQL and no stack', () => {
    for (const err of [sqlError, new TypeError("Cannot read properties of undefined (reading 'id')"), 'a string', null, { status: 200 }]) {
      const body = errorBody(err, 'zh');
      expect(body).toEqual({ statusCode: 500, error: 'error.internal', message: '服务器内部错误，已记录，请联系管理员' });
      expect(JSON.stringify(body)).not.toMatch(LEAKS);
    }
  });

  it('never turns a 5xx-looking middleware error into a client error', () => {
    expect(errorBody(Object.assign(new Error('db down'), { status: 503 }), 'en').statusCode).toBe(500);
  });
});

describe('bodyParserErrors middleware', () => {
  it('turns a parse failure into the specific AppError and passes other errors through', () => {
    const next = jest.fn();
    bodyParserErrors(parserError('entity.parse.failed', 400, SyntaxError), {} as never, {} as never, next);
    const passed = next.mock.calls[0][0];
    expect(passed).toBeInstanceOf(AppError);
    expect([passed.getStatus(), passed.key]).toEqual([400, 'error.malformed_json']);
    const other = new Error('boom');
    bodyParserErrors(other, {} as never, {} as never, next);
    expect(next.mock.calls[1][0]).toBe(other);
  });
});

describe('AllExceptionsFilter.catch', () => {
  function run(exception: unknown, at: string | Record<string, unknown> = '/api/records/1', headers: Record<string, string> = {}) {
    const res = { headersSent: false, statusCode: 0, body: undefined as unknown, status(s: number) { this.statusCode = s; return this; }, json(b: unknown) { this.body = b; return this; } };
    const req = typeof at === 'string' ? { path: at, method: 'POST', headers, query: {}, cookies: {} } : at;
    const host = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
    const filter = new AllExceptionsFilter();
    (filter as unknown as { logger: { error: jest.Mock } }).logger = { error: jest.fn() };
    filter.catch(exception, host);
    return { res, logger: (filter as unknown as { logger: { error: jest.Mock } }).logger };
  }

  it('sends the localised JSON body in the request language', () => {
    const { res } = run(AppError.notFound(), '/api/records/1', { 'accept-language': 'en' });
    expect([res.statusCode, res.body]).toEqual([404, { statusCode: 404, error: 'error.not_found', message: 'Record not found' }]);
  });

  it('logs the stack of a 500 on the server and sends none of it', () => {
    const { res, logger } = run(sqlError);
    expect(res.statusCode).toBe(HttpStatus.INTERNAL_SERVER_ERROR);
    expect(JSON.stringify(res.body)).not.toMatch(LEAKS);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0][0].err).toContain('SQLITE_CONSTRAINT');
  });

  it("puts the request's id in the body and the 500's log entry, with the route pattern and not the path", () => {
    const req = { path: '/api/records/1', method: 'POST', headers: { 'x-request-id': 'rid-12345678' }, query: {}, cookies: {}, baseUrl: '', route: { path: '/api/records/:id' } };
    requestLog(createAppLogger('silent'))(req as never, { setHeader: () => undefined } as never, () => undefined);
    const { res, logger } = run(sqlError, req);
    expect(res.body).toMatchObject({ statusCode: 500, requestId: 'rid-12345678' });
    expect(logger.error.mock.calls[0][0]).toMatchObject({ requestId: 'rid-12345678', method: 'POST', route: '/api/records/:id' });
  });

  it('does nothing once the headers are sent', () => {
    const res = { headersSent: true, status: jest.fn(), json: jest.fn() };
    const host = { switchToHttp: () => ({ getRequest: () => ({ path: '/api/x', method: 'GET', headers: {} }), getResponse: () => res }) } as unknown as ArgumentsHost;
    new AllExceptionsFilter().catch(AppError.notFound(), host);
    expect(res.status).not.toHaveBeenCalled();
  });
});
