import { HttpStatus, Injectable } from '@nestjs/common';
import { AppError } from '../http/app-error';

/** Sliding-window limits per client address for the public, sign-in-free tip-off endpoints. */
export const TIPOFF_LIMITS = {
  submit: { max: 5, windowMs: 10 * 60_000 },
  status: { max: 30, windowMs: 60_000 },
} as const;

@Injectable()
export class TipoffThrottle {
  private readonly hits = new Map<string, number[]>();

  /** Counts one attempt; the attempt over the limit gets 429 and is not counted. */
  take(kind: keyof typeof TIPOFF_LIMITS, ip: string): void {
    const { max, windowMs } = TIPOFF_LIMITS[kind];
    // Real time, not the business Clock: tests move the Clock across months.
    const now = Date.now();
    const key = `${kind}:${ip}`;
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < windowMs);
    if (recent.length >= max) {
      this.hits.set(key, recent);
      throw new AppError(HttpStatus.TOO_MANY_REQUESTS, 'error.throttled');
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.prune(now);
  }

  private prune(now: number): void {
    for (const [key, times] of this.hits) if (!times.some((t) => now - t < 10 * 60_000)) this.hits.delete(key);
  }
}
