import { Injectable, Logger } from '@nestjs/common';

// An instant with an explicit zone, so a fake "now" never depends on the machine's time zone.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The start instant of `LZ_FAKE_NOW` (e.g. `2026-10-12T02:00:00Z`) for a test server run as a child process, or null
 * when unset. Refused unless NODE_ENV=test: business time (deadlines, audit timestamps) must never be faked in a
 * deployment, and a stray variable should stop the boot loudly rather than be half-noticed in a log line.
 */
export function fakeNowFromEnv(env: NodeJS.ProcessEnv = process.env): Date | null {
  const raw = env.LZ_FAKE_NOW;
  if (raw === undefined || raw === '') return null;
  if (env.NODE_ENV !== 'test') throw new Error(`LZ_FAKE_NOW is set but NODE_ENV is ${env.NODE_ENV ? `'${env.NODE_ENV}'` : 'unset'}: a fake clock is only allowed with NODE_ENV=test`);
  const m = ISO_INSTANT.exec(raw);
  const [y, mo, d, h, mi, se] = (m ?? []).slice(1).map((x) => Number(x ?? 0));
  // Date.parse rolls 2026-02-30 over to March; the calendar check refuses it instead.
  const day = new Date(Date.UTC(y, mo - 1, d));
  const at = new Date(raw);
  if (!m || Number.isNaN(at.getTime()) || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) {
    throw new Error(`LZ_FAKE_NOW must be an ISO instant with a zone, e.g. 2026-10-12T02:00:00Z; got '${raw}'`);
  }
  return at;
}

/** The app's only source of "now", so tests can move time across deadlines without waiting. */
@Injectable()
export class Clock {
  /** Offset from `LZ_FAKE_NOW` (test child processes): time starts there and flows, as it does after a real restart. */
  private readonly startOffsetMs: number;
  private offsetMs: number;
  private fixed: Date | null = null;

  constructor() {
    const fake = fakeNowFromEnv();
    this.startOffsetMs = fake ? fake.getTime() - Date.now() : 0;
    this.offsetMs = this.startOffsetMs;
    if (fake) new Logger('Clock').warn(`test clock: LZ_FAKE_NOW=${fake.toISOString()}`);
  }

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date(Date.now() + this.offsetMs);
  }

  /** Test hook: pin the clock to a moment. */
  set(at: Date | string): void {
    this.fixed = new Date(at);
  }

  /** Test hook: move time forward. */
  advance(ms: number): void {
    if (this.fixed) this.fixed = new Date(this.fixed.getTime() + ms);
    else this.offsetMs += ms;
  }

  reset(): void {
    this.fixed = null;
    this.offsetMs = this.startOffsetMs;
  }

  today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}
