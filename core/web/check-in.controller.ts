import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import type { Actor } from '../auth/actor';
import { OptionalActor } from '../auth/auth.decorators';
import { Clock } from '../clock/clock';
import { AppError } from '../http/app-error';
import { DEFAULT_PAGE_SIZE, PageQuery, type PageWindow, pageWindow } from '../http/pagination';
import { pick, resolveLang, t } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import type { PluginRecordView, ScreenDef } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { RecordsService } from '../records/records.service';
import { pager, screenHref } from './pager';
import { ShellService } from './shell.service';

export class CheckInQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(60) code?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) done?: number;
}

export class CheckInForm {
  /** Checked (and removed) by the session guard before validation. */
  @IsOptional() @IsString() @MaxLength(100) _csrf?: string;
  @IsString() @MaxLength(60) code: string;
  @IsOptional() @IsString() @Matches(/^(\d{4}-\d{2}-\d{2})?$/) date?: string;
}

/**
 * Check-in screens (ScreenDef kind 'check-in'): scan or type a record's code to stamp a date on it.
 * A barcode scanner types the code and Enter, so the code box has the focus and submits the form.
 */
@ApiExcludeController()
@Controller('check-in')
export class CheckInController {
  constructor(
    private readonly host: PluginHost,
    private readonly access: AccessService,
    private readonly records: RecordsService,
    private readonly shell: ShellService,
    private readonly clock: Clock,
  ) {}

  private async screen(actor: Actor, pluginId: string, screenId: string): Promise<{ institutionId: number; screen: ScreenDef & { checkIn: { codeField: string; stampField: string } } }> {
    const inst = (await this.access.institutions()).find((i) => i.id === actor.currentInstitutionId);
    const entry = inst && this.host.screensFor(inst.code).find((s) => s.pluginId === pluginId && s.screen.id === screenId && s.screen.kind === 'check-in');
    if (!inst || !entry?.screen.checkIn) throw AppError.notFound();
    return { institutionId: inst.id, screen: entry.screen as ScreenDef & { checkIn: { codeField: string; stampField: string } } };
  }

  @Get(':pluginId/:screenId')
  async page(@OptionalActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Query() query: CheckInQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const done = query.done ? await this.records.get(actor, query.done, 'check-in').catch(() => null) : null;
    await this.render(actor, pluginId, screenId, req, res, { code: query.code ?? '', done, window: pageWindow(query) });
  }

  @Post(':pluginId/:screenId')
  async stamp(@OptionalActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Body() form: CheckInForm, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { institutionId, screen } = await this.screen(actor, pluginId, screenId);
    const lang = resolveLang(req);
    const code = form.code.trim().toUpperCase();
    const { codeField, stampField } = screen.checkIn;
    const found = (await this.records.list(actor, pluginId, screen.recordType, { institutionId, where: { [codeField]: code }, limit: 2 }, 'check-in')).items[0];
    let error: string | null = null;
    if (!code) error = t(lang, 'ui.checkin_code_required');
    else if (!found) error = t(lang, 'ui.checkin_not_found', { code });
    else if (found.values[stampField]) error = t(lang, 'ui.checkin_already', { code, date: String(found.values[stampField]) });
    if (error || !found) return this.render(actor, pluginId, screenId, req, res, { code: form.code, error, date: form.date }, found && !error ? 200 : found ? 409 : 404);
    try {
      await this.records.update(actor, found.id, { [stampField]: form.date || this.clock.today() });
    } catch (err) {
      if (!(err instanceof AppError) || !err.problems.length) throw err;
      return this.render(actor, pluginId, screenId, req, res, { code: form.code, error: err.problems.map((p) => t(lang, p.key, { field: p.field, ...p.params })).join('；'), date: form.date }, 400);
    }
    res.redirect(303, `/check-in/${pluginId}/${screenId}?done=${found.id}`);
  }

  private async render(actor: Actor, pluginId: string, screenId: string, req: Request, res: Response, state: { code: string; error?: string | null; date?: string; done?: PluginRecordView | null; window?: PageWindow }, status = 200): Promise<void> {
    const { institutionId, screen } = await this.screen(actor, pluginId, screenId);
    const lang = resolveLang(req);
    const type = this.host.recordType(pluginId, screen.recordType)!;
    const { codeField, stampField } = screen.checkIn;
    const listFields = type.fields.filter((f) => f.list && f.key !== stampField && f.key !== codeField);
    // The queue: records addressed to this institution and not yet stamped, oldest first, a page at a time.
    const w = state.window ?? pageWindow({});
    const queue = await this.records.list(actor, pluginId, screen.recordType, { institutionId, where: { [stampField]: null }, dir: 'asc', limit: w.limit, offset: w.offset }, 'check-in');
    const base = `/check-in/${pluginId}/${screenId}`;
    const names = new Map((await this.access.institutions()).map((i) => [i.id, lang === 'en' && i.nameEn ? i.nameEn : i.name]));
    const cell = (r: PluginRecordView, key: string) => {
      const f = type.fields.find((x) => x.key === key)!;
      const v = r.values[key];
      if (v === null || v === undefined) return '';
      return f.type === 'enum' ? pick(f.options?.find((o) => o.value === v)?.label, lang) || String(v) : String(v);
    };
    await this.shell.send(req, res, actor, 'check-in', pick(screen.label, lang), {
      action: `/check-in/${pluginId}/${screenId}`,
      codeLabel: pick(type.fields.find((f) => f.key === codeField)!.label, lang),
      stampLabel: pick(type.fields.find((f) => f.key === stampField)!.label, lang),
      code: state.code,
      date: state.date || this.clock.today(),
      error: state.error ?? null,
      done: state.done ? { code: String(state.done.values[codeField] ?? state.done.title), date: String(state.done.values[stampField] ?? '') } : null,
      columns: listFields.map((f) => pick(f.label, lang)),
      pending: queue.items.map((r) => ({ id: r.id, code: String(r.values[codeField] ?? ''), from: names.get(r.institutionId) ?? '', cells: listFields.map((f) => cell(r, f.key)), href: screenHref(base, { code: String(r.values[codeField] ?? '') }) })),
      pendingTotal: t(lang, 'ui.total', { n: queue.total }),
      pager: pager(lang, w, queue.total, (page) => screenHref(base, { pageSize: w.pageSize === DEFAULT_PAGE_SIZE ? undefined : w.pageSize, page })),
    }, status);
  }
}
