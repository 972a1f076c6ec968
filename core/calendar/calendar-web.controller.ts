import { Body, Controller, Get, HttpStatus, Param, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CsrfExempt, CurrentActor, Roles } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { labelsIn } from '../i18n/labels';
import { pick, resolveLang } from '../i18n/i18n';
import { beijingMinute } from '../plugin-api';
import { formRefusal, Refusal, validateForm } from '../web/form-validation';
import { ShellService } from '../web/shell.service';
import { CalendarService } from './calendar.service';
import { CalendarImportForm, CalendarNoticeForm } from './calendar.dto';
import { CALENDAR_LABELS, dayText, sourceLabel } from './calendar.i18n';
import { NoticeInput } from './calendar-notice';

/** A notice file is a few hundred bytes; 64 KiB leaves room for comments and refuses anything else early. */
const NOTICE_UPLOAD = { limits: { fileSize: 64 * 1024, files: 1, fields: 3 } };

/** Empty rows the form offers beyond the notice's own, so a year can be typed in one go. */
const SPARE_ROWS = 3;

/** Years a notice may be entered for: the YAML loader's range. */
function yearParam(v: string): number {
  if (!/^\d{4}$/.test(v) || Number(v) < 2000 || Number(v) > 2100) throw AppError.notFound();
  return Number(v);
}

const fill = (s: string, year: number) => s.replace('{year}', String(year));

/** The holiday calendar screens of system admins: the years and where each comes from; a year's days; entering its notice. */
@ApiExcludeController()
@Roles('system-admin')
@Controller('admin/calendar')
export class CalendarWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly calendars: CalendarService,
  ) {}

  @Get()
  async listPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const L = labelsIn(CALENDAR_LABELS, lang);
    const missing = this.calendars.missingNextYear();
    await this.shell.send(req, res, actor, 'calendar/index', L.title, {
      L,
      missing: missing && { year: missing, text: fill(L.missing, missing), link: fill(L.enterMissing, missing) },
      years: this.calendars.years().map((y) => ({ ...y, sourceLabel: pick(sourceLabel(y.source), lang), enteredAt: y.enteredAt && beijingMinute(y.enteredAt) })),
    });
  }

  @Get(':year')
  yearPage(@CurrentActor() actor: Actor, @Param('year') year: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.render(actor, req, res, yearParam(year));
  }

  @Post(':year')
  async enter(@CurrentActor() actor: Actor, @Param('year') yearText: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const year = yearParam(yearText);
    const lang = resolveLang(req);
    const form = await validateForm(CalendarNoticeForm, body, lang, { keepEmpty: ['holidayName', 'holidayFrom', 'holidayTo', 'workday'] });
    if (!form.ok) return this.render(actor, req, res, year, { posted: body, refusal: { errors: form.errors, general: null } }, 400);
    const v = form.value;
    const rowOf = { holidays: [] as number[], workdays: [] as number[] };
    const holidays: Record<string, string>[] = [];
    const rows = Math.max(v.holidayName?.length ?? 0, v.holidayFrom?.length ?? 0, v.holidayTo?.length ?? 0);
    for (let i = 0; i < rows; i++) {
      const [name, from, to] = [v.holidayName?.[i], v.holidayFrom?.[i], v.holidayTo?.[i]].map((x) => (x ?? '').trim());
      if (!name && !from && !to) continue;
      rowOf.holidays.push(i);
      holidays.push({ name, from, ...(to ? { to } : {}) });
    }
    const workdays: Record<string, string>[] = [];
    (v.workday ?? []).forEach((d, i) => {
      if (!d.trim()) return;
      rowOf.workdays.push(i);
      workdays.push({ date: d.trim() });
    });
    try {
      await this.calendars.enterForm(actor, year, { year, holidays, workdays }, rowOf);
      res.redirect(303, `/admin/calendar/${year}?saved=1`);
    } catch (err) {
      await this.render(actor, req, res, year, { posted: body, refusal: formRefusal(err, lang) }, 400);
    }
  }

  @Post(':year/import')
  async importYaml(@CurrentActor() actor: Actor, @Param('year') yearText: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const year = yearParam(yearText);
    const lang = resolveLang(req);
    const form = await validateForm(CalendarImportForm, body, lang, { labels: { yaml: labelsIn(CALENDAR_LABELS, lang).yaml } });
    if (!form.ok) return this.render(actor, req, res, year, { yaml: String(body.yaml ?? ''), importRefusal: { errors: form.errors, general: form.messages[0] ?? null } }, 400);
    try {
      await this.calendars.importYaml(actor, year, form.value.yaml);
      res.redirect(303, `/admin/calendar/${year}?saved=1`);
    } catch (err) {
      const refusal = formRefusal(err, lang);
      await this.render(actor, req, res, year, { yaml: form.value.yaml, importRefusal: { errors: refusal.errors, general: refusal.general ?? Object.values(refusal.errors)[0] ?? null } }, 400);
    }
  }

  /** The same YAML as a file; multipart forms cannot reach the CSRF guard's body check, so the token is checked here. */
  @Post(':year/upload')
  @CsrfExempt()
  @UseInterceptors(FileInterceptor('file', NOTICE_UPLOAD))
  async uploadYaml(@CurrentActor() actor: Actor, @Param('year') yearText: string, @UploadedFile() file: { buffer: Buffer } | undefined, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    if ((body?._csrf ?? req.headers['x-csrf-token']) !== actor.csrfToken) throw new AppError(HttpStatus.FORBIDDEN, 'error.csrf');
    const year = yearParam(yearText);
    const lang = resolveLang(req);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(file?.buffer ?? new Uint8Array());
    } catch {
      text = '';
    }
    try {
      if (!text.trim()) throw AppError.validation([{ field: 'file', key: 'validation.custom', params: { message: { zh: '请选择 UTF-8 编码的 YAML 文件', en: 'choose a UTF-8 YAML file' } } }]);
      await this.calendars.importYaml(actor, year, text);
      res.redirect(303, `/admin/calendar/${year}?saved=1`);
    } catch (err) {
      const refusal = formRefusal(err, lang);
      await this.render(actor, req, res, year, { yaml: text, importRefusal: { errors: refusal.errors, general: refusal.general ?? Object.values(refusal.errors)[0] ?? null } }, 400);
    }
  }

  private async render(actor: Actor, req: Request, res: Response, year: number, state: { posted?: Record<string, unknown>; refusal?: Refusal; yaml?: string; importRefusal?: Refusal } = {}, status = 200): Promise<void> {
    const lang = resolveLang(req);
    const L = labelsIn(CALENDAR_LABELS, lang);
    const status_ = this.calendars.status(year);
    const notice = this.calendars.noticeOf(year);
    const errors = state.refusal?.errors ?? {};
    const missing = this.calendars.missingNextYear();
    await this.shell.send(
      req,
      res,
      actor,
      'calendar/year',
      `${L.title} · ${year}`,
      {
        L,
        year,
        status: { ...status_, sourceLabel: pick(sourceLabel(status_.source), lang), enteredAt: status_.enteredAt && beijingMinute(status_.enteredAt) },
        missing: missing === year && { text: fill(L.missing, year) },
        holidays: notice.holidays.map((h) => ({ name: h.name, from: dayText(h.from, lang), to: h.to !== h.from ? dayText(h.to, lang) : null, days: L.days.replace('{n}', String(daysIn(h.from, h.to))) })),
        workdays: notice.workdays.map((w) => dayText(w.date, lang)),
        holidayRows: holidayRows(notice, state.posted, errors),
        workdayRows: workdayRows(notice, state.posted, errors),
        general: state.refusal?.general ?? errors.year ?? errors['(file)'] ?? null,
        yaml: state.yaml ?? yamlOf(notice),
        importError: state.importRefusal?.general ?? null,
        saved: req.query.saved === '1' && status === 200,
      },
      status,
    );
  }
}

const daysIn = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;

const postedList = (posted: Record<string, unknown> | undefined, key: string): string[] | null => {
  if (!posted) return null;
  const v = posted[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (typeof x === 'string' ? x : ''));
};

/** The holiday rows of the form: as posted after a refusal, else the year's notice, then spare rows; each with its error. */
function holidayRows(notice: NoticeInput, posted: Record<string, unknown> | undefined, errors: Record<string, string>) {
  const names = postedList(posted, 'holidayName');
  const base = names
    ? names.map((name, i) => ({ name, from: postedList(posted, 'holidayFrom')?.[i] ?? '', to: postedList(posted, 'holidayTo')?.[i] ?? '' }))
    : notice.holidays.map((h) => ({ name: h.name, from: h.from, to: h.to === h.from ? '' : h.to }));
  const rows = names ? base : [...base, ...Array.from({ length: SPARE_ROWS }, () => ({ name: '', from: '', to: '' }))];
  return rows.map((r, i) => {
    const e = (f: string) => errors[`holidays[${i}].${f}`] ?? null;
    return { ...r, number: i + 1, error: e('name') ?? e('from') ?? e('to') ?? errors[`holidays[${i}]`] ?? null, nameInvalid: !!e('name'), fromInvalid: !!e('from'), toInvalid: !!e('to') };
  });
}

function workdayRows(notice: NoticeInput, posted: Record<string, unknown> | undefined, errors: Record<string, string>) {
  const dates = postedList(posted, 'workday') ?? [...notice.workdays.map((w) => w.date), ...Array.from({ length: SPARE_ROWS }, () => '')];
  return dates.map((date, i) => ({ date, number: i + 1, error: errors[`workdays[${i}].date`] ?? errors[`workdays[${i}]`] ?? null }));
}

/** The year's notice as the YAML the import takes, to start from. */
function yamlOf(n: NoticeInput): string {
  const holidays = n.holidays.map((h) => `  - { name: ${h.name}, from: ${h.from}, to: ${h.to} }`);
  const workdays = n.workdays.map((w) => `  - { date: ${w.date}${w.for ? `, for: ${w.for}` : ''} }`);
  return [`year: ${n.year}`, holidays.length ? 'holidays:' : 'holidays: []', ...holidays, workdays.length ? 'workdays:' : 'workdays: []', ...workdays, ''].join('\n');
}
