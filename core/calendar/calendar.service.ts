import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Clock } from '../clock/clock';
import { TodoRegistry } from '../platform/todo-registry';
import { t } from '../i18n/i18n';
import { EnvConfig } from '../config/env.config';
import { Db } from '../db/db';
import { DomainEvents } from '../events/domain-events';
import { AppError } from '../http/app-error';
import type { WorkingDays } from '../plugin-api';
import { calendarDirOf, loadCalendarDir, NoticeInput, noticeYear, parseNoticeYaml, YearSource } from './calendar-notice';
import './calendar.i18n';
import { CalendarNoticeEntity } from './calendar.entities';
import { addDays, CalendarError, CalendarYear, chinaDate, IsoDate, WorkingCalendar } from './working-days';

export interface YearStatus {
  year: number;
  source: YearSource;
  enteredByName: string | null;
  enteredAt: string | null;
  /** How the stored notice came in: typed on the screen or pasted YAML. */
  via: string | null;
}

/** From this day of a year on, next year's notice is expected (the State Council publishes it in November or December). */
const NOTICE_EXPECTED_FROM = '-11-01';

/**
 * The working-day calendar for the whole platform: the shipped or deployment YAML files (config/calendar), overridden by
 * notices an admin enters on /admin/calendar, which apply at once; every other year counts the statutory days.
 */
@Injectable()
export class CalendarService implements OnModuleInit {
  private readonly log = new Logger('Calendar');
  private readonly files: CalendarYear[];
  private stored = new Map<number, CalendarNoticeEntity>();
  private current: WorkingCalendar;

  constructor(
    env: EnvConfig,
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly todos: TodoRegistry,
  ) {
    this.files = loadCalendarDir(calendarDirOf(env.CONFIG_DIR));
    this.current = new WorkingCalendar(this.files);
  }

  async onModuleInit(): Promise<void> {
    const rows = await this.db.read((m) => m.getRepository(CalendarNoticeEntity).find({ order: { year: 'ASC' } }));
    this.stored = new Map(rows.map((r) => [r.year, r]));
    let cal = this.current;
    for (const r of rows) cal = cal.withYear(noticeYear(`calendar_notices.${r.year}`, JSON.parse(r.notice)).year);
    this.current = cal;
    this.todos.register(async (actor) => {
      const year = actor.isSystemAdmin ? this.missingNextYear() : null;
      return year ? [{ group: { zh: t('zh', 'calendar.todo_group'), en: t('en', 'calendar.todo_group') }, title: t('zh', 'calendar.todo_missing', { year }), href: `/admin/calendar/${year}`, due: `${year}-01-01`, overdue: false }] : [];
    });
    const missing = this.missingNextYear();
    if (missing) this.log.warn(`no State Council holiday notice for ${missing}: deadlines reaching into it count the statutory holidays and are marked for review; enter it on /admin/calendar`);
  }

  /** The calendar as it stands now; hold the returned object for one computation. */
  get calendar(): WorkingCalendar {
    return this.current;
  }

  /** The read-only calendar plugins get on their contexts; always answers with the newest notices. */
  readonly workingDays: WorkingDays = {
    isWorkingDay: (date) => this.current.isWorkingDay(date),
    addWorkingDays: (date, n) => this.current.addWorkingDays(date, n),
    isEstimate: (date) => this.current.isEstimate(date),
  };

  today(): IsoDate {
    return chinaDate(this.clock.now());
  }

  /** Next year, when today is on or after 1 November and its notice is neither entered nor shipped. */
  missingNextYear(): number | null {
    const today = this.today();
    const next = Number(today.slice(0, 4)) + 1;
    return today >= `${today.slice(0, 4)}${NOTICE_EXPECTED_FROM}` && !this.current.covers(next) ? next : null;
  }

  /** Every year with a notice or file, plus last, this and next year, newest first. */
  years(): YearStatus[] {
    const now = Number(this.today().slice(0, 4));
    const all = new Set([now - 1, now, now + 1, ...this.files.map((f) => f.year), ...this.stored.keys()]);
    return [...all].sort((a, b) => b - a).map((year) => this.status(year));
  }

  status(year: number): YearStatus {
    const row = this.stored.get(year);
    if (row) return { year, source: 'notice', enteredByName: row.enteredByName, enteredAt: row.enteredAt, via: row.source };
    return { year, source: this.files.some((f) => f.year === year) ? 'file' : 'estimate', enteredByName: null, enteredAt: null, via: null };
  }

  /** The year's notice as entered, or as the file or the law gives it, for the form. */
  noticeOf(year: number): NoticeInput {
    const row = this.stored.get(year);
    if (row) return JSON.parse(row.notice) as NoticeInput;
    return noticeFromDays(this.current.yearOf(year));
  }

  /** A notice from the screen's rows; `rowOf` maps a list index back to the form row it came from. */
  enterForm(actor: Actor, year: number, notice: { year: number; holidays: Record<string, string>[]; workdays: Record<string, string>[] }, rowOf: { holidays: number[]; workdays: number[] }): Promise<void> {
    return this.save(actor, year, 'form', () => noticeYear(String(year), notice, year), (field) => field.replace(/^(holidays|workdays)\[(\d+)\]/, (_, list: 'holidays' | 'workdays', i: string) => `${list}[${rowOf[list][Number(i)] ?? i}]`));
  }

  /** A notice pasted as the same YAML as config/calendar/<year>.yaml. */
  importYaml(actor: Actor, year: number, text: string): Promise<void> {
    return this.save(actor, year, 'yaml', () => parseNoticeYaml(`${year}.yaml`, text, year), (f) => f);
  }

  private async save(actor: Actor, year: number, via: string, check: () => { year: CalendarYear; notice: NoticeInput }, fieldOf: (f: string) => string): Promise<void> {
    let checked: { year: CalendarYear; notice: NoticeInput };
    try {
      checked = check();
    } catch (err) {
      if (!(err instanceof CalendarError)) throw err;
      throw AppError.validation([{ field: fieldOf(err.field), key: 'validation.custom', params: { message: err.reasonText } }]);
    }
    const at = this.clock.now().toISOString();
    const saved = await this.db.write(async (m) => {
      const next = this.current.withYear(checked.year);
      const repo = m.getRepository(CalendarNoticeEntity);
      const old = await repo.findOneBy({ year });
      const row = Object.assign(old ?? repo.create({ year }), { notice: JSON.stringify(checked.notice), source: via, enteredBy: actor.userId, enteredByName: actor.displayName.slice(0, 100), enteredAt: at });
      const before = old ? (JSON.parse(old.notice) as NoticeInput) : noticeFromDays(this.current.yearOf(year));
      await repo.save(row);
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: null, action: 'calendar.notice', objectType: 'calendar-notice', objectId: year, detail: { year, via, from: this.status(year).source, to: 'notice', values: { holidays: { old: before.holidays, new: checked.notice.holidays }, workdays: { old: before.workdays, new: checked.notice.workdays } } } });
      await this.events.emit(m, 'calendar.notice-entered', { year, calendar: next, actor: actorLabel(actor) });
      return row;
    });
    this.stored.set(year, saved);
    // From the calendar as it is now, so a notice for another year saved meanwhile is kept.
    this.current = this.current.withYear(checked.year);
  }
}

/** A year's days as notice rows: consecutive days off with one name become one holiday. */
export function noticeFromDays(y: CalendarYear): NoticeInput {
  const holidays: NoticeInput['holidays'] = [];
  for (const d of [...y.holidays].sort()) {
    const last = holidays[holidays.length - 1];
    const name = y.names.get(d) ?? '';
    const base = name.replace(/（补假）$/, '');
    if (last && last.name === base && addDays(last.to, 1) === d) last.to = d;
    else holidays.push({ name: base, from: d, to: d });
  }
  return { year: y.year, holidays, workdays: [...y.workdays].sort().map((date) => ({ date })) };
}
