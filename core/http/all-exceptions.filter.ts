import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isSerializationFailure } from '../db/db';
import { Lang, pick, resolveLang, t } from '../i18n/i18n';
import { AppError } from './app-error';
import { ThrottledError } from './public-throttle';
import { requestIdOf, routeOf } from './request-log';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: { field: string; message: string }[];
  /** The X-Request-Id of the request: what a user quotes and an operator finds in the log. */
  requestId?: string;
}

const STATUS_KEYS: Record<number, string> = {
  400: 'error.validation',
  401: 'error.unauthenticated',
  403: 'error.forbidden',
  404: 'error.route_not_found',
  409: 'error.conflict',
  413: 'error.payload_too_large',
  415: 'error.unsupported_media',
  429: 'error.throttled',
};

/** body-parser and other middleware errors carry a status and a type instead of being HttpExceptions. */
function middlewareError(err: unknown): { status: number; key: string } | null {
  const e = err as { status?: number; statusCode?: number; type?: string };
  const status = e?.status ?? e?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  if (e.type === 'entity.parse.failed') return { status: 400, key: 'error.malformed_json' };
  if (e.type === 'entity.too.large') return { status: 413, key: 'error.payload_too_large' };
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return { status: 415, key: 'error.unsupported_media' };
  return { status, key: STATUS_KEYS[status] ?? 'error.validation' };
}

/**
 * Express error middleware placed right after the body parsers: Nest would wrap a parse failure in a bare
 * BadRequestException (losing body-parser's `type`), so the specific localised error is made here instead.
 */
export function bodyParserErrors(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const mw = middlewareError(err);
  next(mw ? new AppError(mw.status, mw.key) : err);
}

export function errorBody(err: unknown, lang: Lang): ErrorBody {
  if (err instanceof AppError) {
    const reason = err.params.reason as { zh: string; en: string } | undefined;
    const message = reason ? pick(reason, lang) : t(lang, err.key, err.params);
    const body: ErrorBody = { statusCode: err.getStatus(), error: err.key, message };
    if (err.problems.length) {
      body.details = err.problems.map((p) => ({ field: p.field, message: t(lang, p.key, { field: p.field, ...p.params }) }));
      body.message = `${message}：${body.details.map((d) => d.message).join('；')}`;
      if (lang === 'en') body.message = `${message}: ${body.details.map((d) => d.message).join('; ')}`;
    }
    return body;
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const key = STATUS_KEYS[status] ?? (status >= 500 ? 'error.internal' : 'error.validation');
    return { statusCode: status, error: key, message: t(lang, key) };
  }
  const mw = middlewareError(err);
  if (mw) return { statusCode: mw.status, error: mw.key, message: t(lang, mw.key) };
  // PostgreSQL kept failing the write against concurrent ones through every retry: nothing was written.
  if (isSerializationFailure(err)) return { statusCode: 503, error: 'error.busy', message: t(lang, 'error.busy') };
  return { statusCode: 500, error: 'error.internal', message: t(lang, 'error.internal') };
}

export type HtmlErrorRenderer = (req: Request, res: Response, body: ErrorBody) => boolean;

/** Every error leaves as a localised JSON body (or an HTML page for screens), never a stack trace or SQL. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');
  static htmlRenderer: HtmlErrorRenderer | null = null;

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body: ErrorBody = { ...errorBody(exception, resolveLang(req)), requestId: requestIdOf(req) };
    if (body.statusCode >= 500) {
      // The route pattern, not the path: a path or query may name people.
      this.logger.error({ msg: 'unhandled error', requestId: body.requestId, method: req.method, route: routeOf(req), err: exception instanceof Error ? exception.stack : String(exception) });
    }
    if (res.headersSent) return;
    if (exception instanceof ThrottledError) res.set(exception.headers);
    if (!req.path.startsWith('/api') && AllExceptionsFilter.htmlRenderer?.(req, res, body)) return;
    res.status(body.statusCode).json(body);
  }
}
