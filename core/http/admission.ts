import type { NextFunction, Request, Response } from 'express';

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
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return (req, res, next) => {
    const start = () => {
      // Its client left while it waited: nobody reads the answer, so the next one goes instead.
      if (req.socket?.destroyed) return release();
      let held = true;
      const leave = () => {
        if (!held) return;
        held = false;
        clearTimeout(timer);
        release();
      };
      const timer = setTimeout(leave, holdMs);
      timer.unref();
      res.once('finish', leave);
      res.once('close', leave);
      next();
    };
    if (active < size) {
      active++;
      start();
    } else waiting.push(start);
  };
}
