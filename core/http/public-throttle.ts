import { HttpStatus } from '@nestjs/common';
import { AppError } from './app-error';

/**
 * Sliding-window attempt limits per client address for sign-in-free pages. Real time, not the
 * business Clock: tests move the Clock across months.
 */
export class PublicThrottle {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly limits: Record<string, { max: number; windowMs: number }>) {}

  /** Counts one attempt; the attempt over the limit gets 429 and is not counted. */
  take(kind: string, ip: string): void {
    const { max, windowMs } = this.limits[kind];
    const now = Date.now();
    const key = `${kind}:${ip}`;
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < windowMs);
    if (recent.length >= max) {
      this.hits.set(key, recent);
      throw new AppError(HttpStatus.TOO_MANY_REQUESTS, 'error.throttled');
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) for (const [k, times] of this.hits) if (!times.some((t) => now - t < windowMs)) this.hits.delete(k);
  }
}
