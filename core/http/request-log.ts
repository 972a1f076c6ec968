import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

/** An incoming X-Request-Id is kept only as one short token (a proxy's id or a UUID): nothing to inject into a log line. */
export const SAFE_REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

const REQUEST_ID = Symbol('requestId');

interface Who {
  userId: number;
  currentInstitutionId: number | null;
}

type Tracked = Request & { [REQUEST_ID]?: string; route?: { path?: unknown }; actor?: Who };

/** Who sent a request the session guard never saw (refused by a body parser or the input guard, or no route): read-only. */
export type IdentifyRequest = (req: Request) => Promise<Who | null>;

export function requestIdOf(req: Request): string | undefined {
  return (req as Tracked)[REQUEST_ID];
}

/** The route pattern the request matched (`/api/risk/points/:id`), or null: never the path or query, which may name people. */
export function routeOf(req: Request): string | null {
  const path = (req as Tracked).route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : null;
}

/**
 * First middleware: gives the request its id (an incoming safe X-Request-Id, else a new UUID), answers it in
 * X-Request-Id, and when the response ends logs one line of who, what route, status and time taken (no bodies).
 * `identify` names the user of a request refused before the session guard ran, so those lines say who sent them too.
 */
export function requestLog(logger: Logger, identify?: IdentifyRequest): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    (req as Tracked)[REQUEST_ID] = id;
    res.setHeader('X-Request-Id', id);
    if (logger.isLevelEnabled('info')) {
      res.once('close', async () => {
        const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
        const actor = (req as Tracked).actor ?? (identify ? await identify(req).catch(() => null) : null);
        logger.info({
          requestId: id,
          method: req.method,
          route: routeOf(req),
          status: res.statusCode,
          ms,
          userId: actor?.userId ?? null,
          institutionId: actor?.currentInstitutionId ?? null,
          ...(res.writableFinished ? {} : { aborted: true }),
        }, 'request');
      });
    }
    next();
  };
}
