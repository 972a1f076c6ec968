import { createHmac, randomBytes } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { AppError } from './app-error';

export interface RateLimit {
  max: number;
  windowMs: number;
  /** Message key of the refusal (default `error.throttled`); it gets `minutes` to wait. */
  refusal?: string;
}

/** A 429 whose Retry-After and RateLimit-* headers the exception filter puts on the response. */
export class ThrottledError extends AppError {
  constructor(
    key: string,
    params: Record<string, unknown>,
    readonly headers: Record<string, string>,
  ) {
    super(HttpStatus.TOO_MANY_REQUESTS, key, params);
  }
}

/** One counted attempt; `release()` takes it back (a sign-in that succeeded). */
export interface Attempt {
  release(): void;
}

interface Bucket {
  windowMs: number;
  times: number[];
}

const SWEEP_MS = 60_000;
// Beyond this many clients the oldest are forgotten: memory stays bounded under a flood of addresses or names.
const MAX_KEYS = 200_000;

/**
 * Sliding-window attempt limits for sign-in-free endpoints, per client address (req.ip, which honours forwarding
 * headers only from TRUST_PROXY) or per submitted name. Checking and counting happen in one synchronous step, so
 * parallel requests cannot all pass before any is counted. Clients are kept only as HMACs under a per-process
 * random secret and forgotten once their window has passed. Real time, not the business Clock: tests move the Clock.
 */
export class PublicThrottle<K extends string = string> {
  private readonly secret = randomBytes(32);
  private readonly hits = new Map<string, Bucket>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly limits: Record<K, RateLimit>) {}

  /** Counts one attempt; the attempt over the limit is refused with 429 and not counted. */
  take(kind: K, client: string): Attempt {
    const { max, windowMs, refusal = 'error.throttled' } = this.limits[kind];
    const now = Date.now();
    const key = this.keyOf(kind, client);
    let bucket = this.hits.get(key);
    if (!bucket) {
      bucket = { windowMs, times: [] };
      this.hits.set(key, bucket);
      this.scheduleSweep();
    }
    const times = bucket.times;
    while (times.length && now - times[0] >= windowMs) times.shift();
    if (times.length >= max) {
      const retryAfter = Math.max(1, Math.ceil((times[0] + windowMs - now) / 1000));
      throw new ThrottledError(
        refusal,
        { minutes: Math.ceil(retryAfter / 60) },
        {
          'Retry-After': String(retryAfter),
          'RateLimit-Limit': String(max),
          'RateLimit-Remaining': '0',
          'RateLimit-Reset': String(retryAfter),
          'RateLimit-Policy': `${max};w=${Math.ceil(windowMs / 1000)}`,
        },
      );
    }
    times.push(now);
    if (this.hits.size > MAX_KEYS) this.evict(now);
    return {
      release: () => {
        const i = times.lastIndexOf(now);
        if (i >= 0) times.splice(i, 1);
      },
    };
  }

  /** Forgets every attempt of `client` (an account's failures after a successful sign-in). */
  clear(kind: K, client: string): void {
    this.hits.delete(this.keyOf(kind, client));
  }

  private keyOf(kind: K, client: string): string {
    return createHmac('sha256', this.secret).update(`${kind}\0${client}`).digest('base64url');
  }

  private sweep(now: number): void {
    for (const [key, { windowMs, times }] of this.hits) if (!times.length || now - times[times.length - 1] >= windowMs) this.hits.delete(key);
  }

  private evict(now: number): void {
    this.sweep(now);
    for (const key of this.hits.keys()) {
      if (this.hits.size <= MAX_KEYS) break;
      this.hits.delete(key);
    }
  }

  /** Sweeps once a minute while anything is held, so a client's HMAC is gone minutes after its window ends. */
  private scheduleSweep(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      this.sweep(Date.now());
      if (this.hits.size || !this.sweeper) return;
      clearInterval(this.sweeper);
      this.sweeper = null;
    }, SWEEP_MS);
    this.sweeper.unref();
  }
}
