import { Injectable, OnModuleInit } from '@nestjs/common';
import { HealthChecks, HealthResult } from '../http/health-checks';
import { CalendarService } from './calendar.service';
import { addDays } from './working-days';

/** Deadlines are counted this far ahead (the longest working-day limits), so the calendar should cover it. */
const HORIZON_DAYS = 60;

/**
 * The working-day calendar's coverage of the next 60 days. A year without its State Council notice counts only the
 * statutory holidays (no bridge days or make-up Saturdays), so its deadlines are estimates: warn (the admin enters the
 * notice on /admin/calendar), not down, since next year's notice is published only in November or December.
 */
@Injectable()
export class CalendarHealth implements OnModuleInit {
  constructor(
    private readonly checks: HealthChecks,
    private readonly calendars: CalendarService,
  ) {}

  onModuleInit(): void {
    this.checks.register('calendar', async () => this.check(), 60_000);
  }

  check(): HealthResult {
    const cal = this.calendars.calendar;
    const from = this.calendars.today();
    const until = addDays(from, HORIZON_DAYS);
    const years = [...new Set([Number(from.slice(0, 4)), Number(until.slice(0, 4))])];
    const missing = years.filter((y) => !cal.covers(y));
    if (!missing.length) return { status: 'ok', from, until, years: cal.coveredYears() };
    return { status: 'warn', from, until, years: cal.coveredYears(), missing, detail: `no State Council holiday notice for ${missing.join(', ')}: deadlines there count the statutory holidays computed from the law and are marked for review; enter it on /admin/calendar (or add config/calendar/${missing[0]}.yaml)` };
  }
}
