import { Injectable } from '@nestjs/common';

/** ok: working; warn: working, but an operator should act (e.g. next year's holiday calendar missing); down: answers 503. */
export type HealthStatus = 'ok' | 'warn' | 'down';

export interface HealthResult {
  status: HealthStatus;
  detail?: string;
  [key: string]: unknown;
}

interface Entry {
  name: string;
  check: () => Promise<HealthResult>;
  ttlMs: number;
  last?: { at: number; result: Promise<HealthResult> };
}

/** A check that does not answer within this long counts as down. */
const CHECK_TIMEOUT_MS = 5_000;

/**
 * What /api/health reports beside the database and the disk: modules register their own checks (the renderer, the
 * working-day calendar), so core/http imports no module. Results are kept for each check's ttl, so a load balancer
 * polling every second does not open a page in Chromium every second.
 */
@Injectable()
export class HealthChecks {
  private readonly entries: Entry[] = [];

  register(name: string, check: () => Promise<HealthResult>, ttlMs = 10_000): void {
    this.entries.push({ name, check, ttlMs });
  }

  async run(): Promise<Record<string, HealthResult>> {
    const now = Date.now();
    const results = await Promise.all(
      this.entries.map((e) => {
        if (!e.last || now - e.last.at >= e.ttlMs) e.last = { at: now, result: withTimeout(e.check) };
        return e.last.result;
      }),
    );
    return Object.fromEntries(this.entries.map((e, i) => [e.name, results[i]]));
  }
}

async function withTimeout(check: () => Promise<HealthResult>): Promise<HealthResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check(),
      new Promise<HealthResult>((resolve) => {
        timer = setTimeout(() => resolve({ status: 'down', detail: `no answer within ${CHECK_TIMEOUT_MS / 1000} s` }), CHECK_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    return { status: 'down', detail: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
