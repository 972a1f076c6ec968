import type { NextFunction, Request, Response } from 'express';
import { Semaphore } from '../platform/semaphore';

/** How long a request keeps its place before the next one may start beside it (a download to a slow client, a render). */
export const ADMISSION_HOLD_MS = 1000;

/** Requests in progress at once on PostgreSQL unless ACTIVE_REQUESTS says otherwise; on SQLite none are held back. */
export const PG_ACTIVE_REQUESTS = 8;

/**
 * At most `size` requests in progress, the rest waiting in arrival order. On PostgreSQL every query yields Node's one
 * thread, so without it Node shares itself among every request in progress and a page of twenty queries waits behind
 * all the others twenty times (the dashboard's p99 under 50 users was 1.2× the mean page's). A request leaves its place
 * when its answer is sent, its client goes away, or after `holdMs`, so slow clients and long renders cannot stall the rest.
 */
export function admission(size: number, holdMs = ADMISSION_HOLD_MS): (req: Request, res: Response, next: NextFunction) => void {
  const places = new Semaphore(size);
  return (req, res, next) => {
    places
      .run(
        () =>
          new Promise<void>((leave) => {
            // Its client left while it waited: nobody reads the answer, so the next one goes instead.
            if (req.socket?.destroyed) return leave();
            const timer = setTimeout(leave, holdMs);
            timer.unref();
            const done = () => {
              clearTimeout(timer);
              leave();
            };
            res.once('finish', done);
            res.once('close', done);
            next();
          }),
      )
      .catch(next);
  };
}
