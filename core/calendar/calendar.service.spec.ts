import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { Clock } from '../clock/clock';
import type { EnvConfig } from '../config/env.config';
import type { Db } from '../db/db';
import { DomainEvents } from '../events/domain-events';
import { AppError } from '../http/app-error';
import { TodoRegistry } from '../platform/todo-registry';
import { noticeYear, parseNoticeYaml } from './calendar-notice';
import { CalendarNoticeEntity } from './calendar.entities';
import { CalendarService, noticeFromDays } from './calendar.service';
import { CalendarError } from './working-days';

const NOTICE_2027 = {
  year: 2027,
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-05', to: '2027-02-11' },
  ],
  workdays: [{ date: '2027-02-13' }],
};

/** A CalendarService on the shipped files, with `rows` as the stored notices and writes kept in memory. */
async function serviceWith(rows: Partial<CalendarNoticeEntity>[], today = '2026-12-05T04:00:00Z') {
  const saved: Partial<CalendarNoticeEntity>[] = [...rows];
  const audits: unknown[] = [];
  const repo = {
    find: async () => saved,
    findOneBy: async ({ year }: { year: number }) => saved.find((r) => r.year === year) ?? null,
    create: (v: object) => ({ ...v }),
    save: async (r: Partial<CalendarNoticeEntity>) => (saved.includes(r) ? r : (saved.push(r), r)),
  };
  const m = { getRepository: () => repo };
  const db = { read: (fn: (x: unknown) => unknown) => fn(m), write: (fn: (x: unknown) => unknown) => fn(m) } as unknown as Db;
  const audit = { append: async (_m: unknown, a: unknown) => void audits.push(a) } as unknown as AuditService;
  const events = new DomainEvents();
  const clock = new Clock();
  clock.set(today);
  const todos = new TodoRegistry();
  const svc = new CalendarService({ CONFIG_DIR: '/nonexistent' } as EnvConfig, db, audit, events, clock, todos);
  await svc.onModuleInit();
  return { svc, saved, audits, events, todos };
}

const admin = { userId: 1, username: 'admin', displayName: '系统管理员', isSystemAdmin: true } as Actor;

describe('holiday notices: validation (the YAML loader and the screen share it)', () => {
  const refused = (raw: unknown) => {
    try {
      noticeYear('2027', raw, 2027);
    } catch (err) {
      expect(err).toBeInstanceOf(CalendarError);
      const e = err as CalendarError;
      return { field: e.field, zh: e.reasonText.zh, en: e.reasonText.en };
    }
    throw new Error('expected a refusal');
  };

  it.each([
    [{ year: 2027, workdays: [{ date: '2027-01-04' }] }, 'workdays[0].date', '2027-01-04 is a weekday; only weekend days can be make-up working days', '只有周末才能调休上班'],
    [{ year: 2027, holidays: [{ name: '元旦', from: '2027-01-02' }], workdays: [{ date: '2027-01-02' }] }, 'workdays[0].date', '2027-01-02 is also listed as a holiday', '同时列为放假日'],
    [{ year: 2027, holidays: [{ name: '元旦', from: '2026-12-31', to: '2027-01-01' }] }, 'holidays[0].from', '2026-12-31 is not in 2027', '不在 2027 年内'],
    [{ year: 2027, holidays: [{ name: '春节', from: '2027-02-11', to: '2027-02-05' }] }, 'holidays[0].to', '2027-02-05 is before from 2027-02-11', '早于开始日期'],
    [{ year: 2027, holidays: [{ name: ' ', from: '2027-02-11' }] }, 'holidays[0].name', 'is required', '必填'],
    [{ year: 2028 }, 'year', 'must equal the year entered "2027"', '所录年份'],
  ])('%j is refused at %s', (raw, field, en, zh) => {
    const r = refused(raw);
    expect(r.field).toBe(field);
    expect(r.en).toBe(en);
    expect(r.zh).toContain(zh);
  });

  it('gives the same message for the same mistake in a YAML text', () => {
    expect(() => parseNoticeYaml('2027.yaml', 'year: 2027\nworkdays: [{ date: 2027-01-04 }]\n', 2027)).toThrow('2027.yaml: workdays[0].date: 2027-01-04 is a weekday; only weekend days can be make-up working days');
  });

  it('turns a year’s days back into notice rows (consecutive days of one name as one holiday)', () => {
    const { year } = noticeYear('2027', NOTICE_2027, 2027);
    expect(noticeFromDays(year)).toEqual({ ...NOTICE_2027, workdays: [{ date: '2027-02-13' }] });
  });
});

describe('CalendarService: an entered notice over the shipped file over the statutory days', () => {
  it('counts 2027 from the law until a notice is entered, then from the notice at once', async () => {
    const { svc, saved, audits } = await serviceWith([]);
    expect(svc.status(2026).source).toBe('file');
    expect(svc.status(2027).source).toBe('estimate');
    expect(svc.calendar.isEstimate('2027-01-04')).toBe(true);
    // Statutory 2027: 元旦 on Friday only, 春节 02-05..02-10 (two weekend days made up); the notice adds 01-02, 01-03 and bridge days.
    expect(svc.calendar.addWorkingDays('2026-12-28', 10)).toBe('2027-01-12');
    await svc.enterForm(admin, 2027, { year: 2027, holidays: NOTICE_2027.holidays, workdays: NOTICE_2027.workdays }, { holidays: [0, 1], workdays: [0] });
    expect(svc.calendar.isEstimate('2027-01-04')).toBe(false);
    expect(svc.calendar.isWorkingDay('2027-02-11')).toBe(false);
    expect(svc.calendar.isWorkingDay('2027-02-13')).toBe(true);
    expect(svc.workingDays.isWorkingDay('2027-02-13')).toBe(true);
    expect(svc.status(2027)).toMatchObject({ source: 'notice', enteredByName: '系统管理员', via: 'form' });
    expect(saved).toHaveLength(1);
    expect(audits).toEqual([expect.objectContaining({ action: 'calendar.notice', objectId: 2027, detail: expect.objectContaining({ from: 'estimate', to: 'notice', values: expect.objectContaining({ holidays: { old: expect.any(Array), new: NOTICE_2027.holidays } }) }) })]);
  });

  it('a stored notice for a shipped year outranks the file', async () => {
    const notice = { year: 2026, holidays: [{ name: '测试', from: '2026-07-01', to: '2026-07-01' }], workdays: [] };
    const { svc } = await serviceWith([{ year: 2026, notice: JSON.stringify(notice), source: 'yaml', enteredBy: 1, enteredByName: 'x', enteredAt: '2026-11-01T00:00:00Z' }]);
    expect(svc.status(2026).source).toBe('notice');
    expect(svc.calendar.isWorkingDay('2026-07-01')).toBe(false);
    expect(svc.calendar.isWorkingDay('2026-10-08')).toBe(true);
    expect(svc.calendar.isWorkingDay('2026-10-01')).toBe(true); // the file's 国庆 is replaced, not merged
  });

  it('refuses a bad notice with the form row named and saves nothing', async () => {
    const { svc, saved, events } = await serviceWith([]);
    const seen: number[] = [];
    events.on('calendar.notice-entered', async (_m, p) => void seen.push(p.year));
    const bad = { year: 2027, holidays: [{ name: '元旦', from: '2027-01-01' }], workdays: [{ date: '2027-01-04' }] };
    const err = await svc.enterForm(admin, 2027, bad, { holidays: [0], workdays: [3] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).problems).toEqual([{ field: 'workdays[3].date', key: 'validation.custom', params: { message: expect.objectContaining({ en: '2027-01-04 is a weekday; only weekend days can be make-up working days' }) } }]);
    expect(saved).toEqual([]);
    expect(seen).toEqual([]);
    expect(svc.calendar.isEstimate('2027-01-04')).toBe(true);
  });

  it('imports the same YAML as the files, and tells the admin from 1 November that next year is missing', async () => {
    const { svc, todos } = await serviceWith([], '2026-11-01T01:00:00Z');
    expect(svc.missingNextYear()).toBe(2027);
    expect(await todos.for(admin)).toEqual([expect.objectContaining({ href: '/admin/calendar/2027' })]);
    expect(await todos.for({ ...admin, isSystemAdmin: false })).toEqual([]);
    await svc.importYaml(admin, 2027, 'year: 2027\nholidays:\n  - { name: 元旦, from: 2027-01-01, to: 2027-01-03 }\nworkdays: []\n');
    expect(svc.missingNextYear()).toBeNull();
    expect(svc.status(2027).via).toBe('yaml');
    expect((await serviceWith([], '2026-10-31T15:00:00Z')).svc.missingNextYear()).toBeNull();
  });
});
