import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { RuleOutbox } from './rule-outbox.service';
import { RulesService } from './rules.service';

/** Hour (UTC, by the app clock) after which the nightly scan runs once per day. */
export const NIGHTLY_SCAN_HOUR_UTC = 18; // 02:00 Beijing time

/** Runs the full rule scan once a night; the scan is idempotent, so a missed or doubled run is harmless. */
@Injectable()
export class RuleScanScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private lastRunDay: string | null = null;
  private running = false;
  private readonly log = new Logger('RuleScan');

  constructor(
    private readonly rules: RulesService,
    private readonly outbox: RuleOutbox,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), 10 * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Runs the scan when the nightly hour has come and today's scan has not run yet; exposed for tests. */
  async tick(): Promise<boolean> {
    const now = this.clock.now();
    const day = now.toISOString().slice(0, 10);
    if (this.running || this.lastRunDay === day || now.getUTCHours() < NIGHTLY_SCAN_HOUR_UTC) return false;
    this.running = true;
    try {
      // Saves whose rules have not run yet go first, so the log counts each hit where it belongs.
      await this.outbox.drainAll();
      const results = await this.rules.scanAll(now);
      this.lastRunDay = day;
      this.log.log(`nightly scan: ${results.reduce((n, r) => n + r.newHits, 0)} new hits`);
      return true;
    } catch (err) {
      this.log.error(`nightly scan failed: ${(err as Error).message}`);
      return false;
    } finally {
      this.running = false;
    }
  }
}
