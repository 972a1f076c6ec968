import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, Header, HttpStatus, Ip, OnModuleInit, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { Actor } from '../auth/actor';
import { sessionCookieOptions } from '../auth/auth.controller';
import { Clock } from '../clock/clock';
import { CsrfExempt, OptionalActor, Public } from '../auth/auth.decorators';
import { AuthService, SESSION_COOKIE } from '../auth/auth.service';
import { AllExceptionsFilter, errorBody } from '../http/all-exceptions.filter';
import { AppError } from '../http/app-error';
import { Lang, pick, resolveLang, t } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { ISSUING_ROLES } from '../documents/documents.service';
import { FieldDef, PluginRecordView, RecordTypeDef, ROLE_LABELS, Role, ScreenDef } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { RecordsService } from '../records/records.service';
import { RecordIssueService } from '../records/record-issue.service';
import { IdPipe } from '../http/id.pipe';
import { fieldsInCondition } from '../plugin-host/constraints';
import { changedValues, coerceFormValues } from './form-coercion';
import { langSwitchBack, screenHref, ShellService } from './shell.service';
import { ScreenRenderer } from './screen-renderer';
import { PluginScreenExtras } from './plugin-screen-extras';
import { WebFonts } from './web-fonts';

export class LoginFormDto {
  @IsString() @MaxLength(64) username: string;
  @IsString() @MaxLength(256) password: string;
  @IsString() @MaxLength(100) _csrf: string;
}

export class SwitchFormDto {
  @Type(() => Number) @IsInt() @Min(1) institutionId: number;
  @IsOptional() @IsString() @MaxLength(300) back?: string;
}

export class ListPageQuery {
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  /** Plugin list filters, each `fieldKey=value` (from the screen's `filters`). */
  @IsOptional() @IsString({ each: true }) @MaxLength(200, { each: true }) filter?: string | string[];
  @IsOptional() @IsIn(['', '1', '0']) flagged?: string;
  @IsOptional() @IsIn(['zh', 'en']) lang?: string;
}

/** A list row's 出具 button: which of the record's plugin templates to issue. */
export class IssueFormDto {
  @IsString() @MaxLength(130) @Matches(/^[a-z0-9-]+\/[a-z0-9-]+$/) template: string;
}

const PRE_CSRF_COOKIE = 'csrf_pre';

/** The fields a form screen shows and accepts: its `fields` subset in that order, else all of the type's. */
export function formFieldsOf(screen: ScreenDef, type: RecordTypeDef): FieldDef[] {
  return screen.fields ? screen.fields.map((k) => type.fields.find((f) => f.key === k)!) : type.fields;
}

/** A same-site path to redirect to; `//host` and `/\host` would leave the site (browsers read `\` as `/`). */
export function isLocalPath(target: string): boolean {
  return /^\/(?![/\\])/.test(target);
}

/** The web shell: server-rendered pages, Chinese first. Pages only gather data from services and render. */
@ApiExcludeController()
@Controller()
export class WebController implements OnModuleInit {
  private readonly fonts = new WebFonts();

  constructor(
    private readonly screens: ScreenRenderer,
    private readonly auth: AuthService,
    private readonly access: AccessService,
    private readonly host: PluginHost,
    private readonly records: RecordsService,
    private readonly shellService: ShellService,
    private readonly extras: PluginScreenExtras,
    private readonly moduleRef: ModuleRef,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    AllExceptionsFilter.htmlRenderer = (req, res, body) => {
      if (body.statusCode === 401) {
        res.redirect(303, '/login');
        return true;
      }
      const lang = resolveLang(req);
      const page = { lang, otherLang: lang === 'zh' ? 'en' : 'zh', langBack: langSwitchBack(req.originalUrl) };
      res.status(body.statusCode).type('html').send(this.screens.render('error', { ...page, title: t(lang, 'ui.error'), status: body.statusCode, message: body.message, details: body.details ?? [] }));
      return true;
    };
  }

  private shell(req: Request, actor: Actor, title: string, extra: Record<string, unknown> = {}) {
    return this.shellService.data(req, actor, title, extra);
  }

  @Public()
  @Get('assets/app.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  css(): string {
    return this.screens.css();
  }

  @Public()
  @Get('assets/fonts.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  fontsCss(): string {
    return this.fonts.css();
  }

  @Public()
  @Get('assets/fonts/:file')
  font(@Param('file') name: string, @Res() res: Response): void {
    const file = this.fonts.file(name);
    if (!file) throw AppError.notFound();
    // File names are fixed per @fontsource release, so clients may keep them for a week.
    res.setHeader('Cache-Control', 'public, max-age=604800');
    res.type(name.endsWith('.woff2') ? 'font/woff2' : 'font/woff').sendFile(file);
  }

  @Public()
  @Get('lang/:lang')
  setLang(@Param('lang') lang: string, @Query('back') back: string | undefined, @Res() res: Response): void {
    const chosen: Lang = lang === 'en' ? 'en' : 'zh';
    res.cookie('lang', chosen, { httpOnly: false, sameSite: 'lax', path: '/', maxAge: 365 * 86400_000 });
    res.redirect(303, typeof back === 'string' && isLocalPath(back) ? back : '/');
  }

  @Public()
  @Get('login')
  loginPage(@Req() req: Request, @Res() res: Response, @OptionalActor() actor: Actor | null): void {
    if (actor) return res.redirect(303, '/');
    this.sendLogin(req, res, HttpStatus.OK);
  }

  private sendLogin(req: Request, res: Response, status: number, error?: string, username = ''): void {
    const lang = resolveLang(req);
    const token = randomBytes(18).toString('hex');
    res.cookie(PRE_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/login', secure: req.secure });
    res.status(status).type('html').send(this.screens.render('login', { lang, otherLang: lang === 'zh' ? 'en' : 'zh', title: t(lang, 'ui.login'), csrf: token, error, username }));
  }

  @Public()
  @CsrfExempt()
  @Post('login')
  async login(@Body() form: LoginFormDto, @Ip() ip: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    // Login CSRF: the form's token must match the cookie this browser received with the form.
    if (!req.cookies?.[PRE_CSRF_COOKIE] || req.cookies[PRE_CSRF_COOKIE] !== form._csrf) {
      return this.sendLogin(req, res, HttpStatus.FORBIDDEN, t(resolveLang(req), 'error.csrf'), form.username);
    }
    try {
      const { token } = await this.auth.login(form.username, form.password, ip);
      res.clearCookie(PRE_CSRF_COOKIE, { path: '/login' });
      res.cookie(SESSION_COOKIE, token, sessionCookieOptions(req));
      res.redirect(303, '/');
    } catch (err) {
      const body = errorBody(err, resolveLang(req));
      this.sendLogin(req, res, body.statusCode, body.message, form.username);
    }
  }

  @Post('logout')
  async logout(@OptionalActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.auth.logout(actor);
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.secure });
    res.redirect(303, '/login');
  }

  @Post('institution')
  async switchInstitution(@OptionalActor() actor: Actor, @Body() form: SwitchFormDto, @Res() res: Response): Promise<void> {
    await this.auth.switchInstitution(actor, form.institutionId);
    res.redirect(303, form.back && isLocalPath(form.back) ? form.back : '/');
  }

  @Get()
  async home(@OptionalActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const roles = actor.currentInstitutionId ? await this.access.rolesAt(actor, actor.currentInstitutionId) : [];
    const has = (r: Role) => roles.includes(r);
    const cards = [
      ...(has('system-admin') ? ['ui.home_admin'] : []),
      ...(has('discipline-officer') ? ['ui.home_discipline'] : []),
      ...(has('head') || has('deputy-in-charge') || has('department-head') ? ['ui.home_leader'] : []),
      ...(has('staff') ? ['ui.home_staff'] : []),
    ].map((k) => t(lang, k));
    const current = (await this.access.institutions()).find((i) => i.id === actor.currentInstitutionId);
    const enabled = current ? this.host.enabledFor(current.code).map((e) => ({ name: pick(e.plugin.name, lang), version: e.plugin.version })) : [];
    const hits = has('discipline-officer') || has('system-admin') ? (await this.records.ruleHits(actor, actor.currentInstitutionId ?? undefined)).slice(0, 20) : [];
    const data = await this.shell(req, actor, t(lang, 'ui.home'), {
      roles: roles.map((r) => pick(ROLE_LABELS[r], lang)),
      cards,
      enabled,
      showHits: has('discipline-officer') || has('system-admin'),
      hits: hits.map((h) => ({ rule: h.ruleId, level: h.level, levelLabel: t(lang, `ui.level_${h.level}`), message: pick(h.message as { zh: string; en: string }, lang), recordId: h.recordId, at: h.createdAt.slice(0, 16).replace('T', ' ') })),
    });
    res.type('html').send(this.screens.render('home', data));
  }

  private screenFor(actor: Actor, pluginId: string, screenId: string) {
    const current = actor.currentInstitutionId;
    if (!current) throw new AppError(HttpStatus.BAD_REQUEST, 'error.no_institution');
    return { current, pluginId, screenId };
  }

  @Get('p/:pluginId/:screenId')
  async pluginScreen(@OptionalActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Query() query: ListPageQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    // Check-in screens have their own page; the generic URL (an old bookmark, a typed link) goes there.
    const here = (await this.access.institutions()).find((i) => i.id === actor.currentInstitutionId);
    const checkIn = here && this.host.screensFor(here.code).find((s) => s.pluginId === pluginId && s.screen.id === screenId && s.screen.kind === 'check-in');
    if (checkIn) return res.redirect(303, screenHref(pluginId, checkIn.screen));
    const { html, status } = await this.renderScreen(actor, pluginId, screenId, req, query.q, undefined, query);
    res.status(status).type('html').send(html);
  }

  @Public()
  @Get('assets/record-form.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  recordFormJs(): string {
    return this.screens.asset('record-form.js');
  }

  /** `edit`: the form screen edits this record (its institution's references and options) instead of creating one. */
  /** `issueError`: a failed 出具, shown next to that record's button. */
  private async renderScreen(actor: Actor, pluginId: string, screenId: string, req: Request, q?: string, formState?: { values: Record<string, unknown>; errors: { field: string; message: string }[] }, listQuery: ListPageQuery = {}, edit?: PluginRecordView, issueError?: { recordId: number; template: string; message: string }) {
    this.screenFor(actor, pluginId, screenId);
    const lang = resolveLang(req);
    const institutions = await this.access.institutions();
    const current = institutions.find((i) => i.id === actor.currentInstitutionId)!;
    const entry = this.host.screensFor(current.code).find((s) => s.pluginId === pluginId && s.screen.id === screenId);
    if (!entry) throw AppError.notFound();
    const inst = edit ? institutions.find((i) => i.id === edit.institutionId)! : current;
    const type = this.host.recordType(pluginId, entry.screen.recordType)!;
    // An edit-only form (a step of a longer record) has no blank page to create from.
    if (entry.screen.kind === 'form' && entry.screen.creates === false && !edit) throw AppError.notFound();
    const title = edit ? t(lang, 'ui.edit_record', { type: pick(type.label, lang), title: edit.title }) : pick(entry.screen.label, lang);
    const errorsByField = new Map((formState?.errors ?? []).map((e) => [e.field, e.message]));
    const formFields = formFieldsOf(entry.screen, type);
    const fields = formFields.map((f) => {
      const v = formState?.values[f.key];
      return {
        key: f.key,
        label: pick(f.label, lang),
        help: pick(f.help, lang),
        required: !!f.required,
        type: f.type,
        inputType: f.type === 'date' ? 'date' : ['integer', 'money', 'decimal'].includes(f.type) ? 'number' : 'text',
        // The browser's date picker stops at today, as the server's check does.
        max: f.type === 'date' && f.notAfterToday ? this.clock.today() : undefined,
        isText: f.type === 'text',
        isEnum: f.type === 'enum',
        // Multi-choice fields are a group of checkboxes sharing the field's name.
        isMulti: f.type === 'multi-enum',
        isBool: f.type === 'boolean',
        value: v === undefined || v === null ? '' : Array.isArray(v) ? v.join(', ') : String(v),
        checked: v === true,
        options: (f.options ?? []).map((o) => ({ value: o.value, label: pick(o.label, lang), selected: Array.isArray(v) ? v.includes(o.value) : o.value === v })),
        error: errorsByField.get(f.key),
        isRef: f.type === 'reference',
        isRows: f.type === 'rows',
      };
    });
    if (entry.screen.kind === 'form') {
      for (const [i, f] of formFields.entries()) {
        if (f.type === 'reference') fields[i].options = await this.extras.referenceOptions(actor, pluginId, inst.id, f, formState?.values[f.key]);
        if (f.type === 'rows') Object.assign(fields[i], { rows: this.extras.rows(f, formState?.values[f.key], lang) });
      }
    }
    const listFields = type.fields.filter((f) => f.list);
    const fmt = (f: (typeof type.fields)[number], v: unknown) => {
      if (v === null || v === undefined) return '';
      if (f.type === 'enum') return pick(f.options?.find((o) => o.value === v)?.label, lang) || String(v);
      if (f.type === 'multi-enum' && Array.isArray(v)) return v.map((x) => pick(f.options?.find((o) => o.value === x)?.label, lang) || String(x)).join('、');
      // Stored in fen; shown in yuan with the unit, so a (分) column label cannot mislead.
      if (f.type === 'money' && typeof v === 'number') return t(lang, 'ui.money_yuan', { amount: (v / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) });
      if (f.type === 'boolean') return t(lang, v ? 'ui.yes' : 'ui.no');
      return Array.isArray(v) ? v.join('、') : String(v);
    };
    const formScreen = this.host.screensFor(current.code).find((s) => s.pluginId === pluginId && s.screen.kind === 'form' && s.screen.recordType === type.id && s.screen.creates !== false);
    const editScreen = entry.screen.editScreen ? this.host.screensFor(current.code).find((s) => s.pluginId === pluginId && s.screen.id === entry.screen.editScreen) : formScreen;
    const editBase = editScreen && editScreen.screen.editable !== false ? `/p/${pluginId}/${editScreen.screen.id}` : null;
    let list: unknown = null;
    let filters: unknown[] = [];
    let dashboard: unknown = null;
    if (entry.screen.kind === 'list') {
      const where = this.extras.parseFilters(entry.screen, type, listQuery.filter);
      const flagged = listQuery.flagged === '1' ? true : listQuery.flagged === '0' ? false : undefined;
      const result = await this.records.list(actor, pluginId, type.id, { institutionId: inst.id, q, limit: 100, where, flagged, show: entry.screen.show });
      const flags = await this.extras.flags(pluginId, result.items.map((r) => r.id), lang);
      // References show the referenced record's title, not its id: exactly the ids on this page, one read per referenced type.
      const idsByType = new Map<string, number[]>();
      for (const f of listFields.filter((x) => x.type === 'reference' && x.ref)) {
        idsByType.set(f.ref!.recordType, [...(idsByType.get(f.ref!.recordType) ?? []), ...result.items.map((r) => r.values[f.key]).filter((v): v is number => typeof v === 'number')]);
      }
      const titles = new Map<string, Map<number, string>>();
      for (const [refType, ids] of idsByType) titles.set(refType, await this.records.titles(actor, pluginId, refType, ids));
      filters = await this.extras.filterControls(actor, pluginId, inst.id, entry.screen, type, where, lang);
      // 出具 buttons: the type's templates, for those the documents pipeline lets issue at the record's institution.
      const templates = (this.host.plugin(pluginId)?.templates ?? []).filter((d) => d.recordType === type.id);
      const issuers = new Map<number, boolean>();
      for (const institutionId of templates.length ? new Set(result.items.map((r) => r.institutionId)) : []) issuers.set(institutionId, (await this.access.can(actor, institutionId, ISSUING_ROLES)));
      list = {
        total: t(lang, 'ui.total', { n: result.total }),
        empty: result.items.length === 0,
        columns: listFields.map((f) => pick(f.label, lang)),
        hasActions: !!editBase || [...issuers.values()].some(Boolean),
        // An edit-only form is one party's step (a hospital's registration): its rows' link says which step.
        editLabel: editScreen && editScreen.screen.creates === false ? pick(editScreen.screen.label, lang) : t(lang, 'ui.edit'),
        flaggedValue: listQuery.flagged ?? '',
        rows: result.items.map((r) => ({
          id: r.id,
          title: r.title,
          cells: listFields.map((f) => (f.type === 'reference' && typeof r.values[f.key] === 'number' ? (titles.get(f.ref?.recordType ?? '')?.get(r.values[f.key] as number) ?? String(r.values[f.key])) : fmt(f, r.values[f.key]))),
          createdAt: r.createdAt.slice(0, 10),
          flags: flags.get(r.id) ?? [],
          editHref: editBase ? `${editBase}/${r.id}/edit` : null,
          issue: issuers.get(r.institutionId)
            ? templates.map((d) => {
                const template = `${pluginId}/${d.id}`;
                const failed = issueError?.recordId === r.id && issueError.template === template;
                return { action: `/p/${pluginId}/${screenId}/${r.id}/issue`, template, label: t(lang, 'ui.issue_template', { template: pick(d.label, lang) }), error: failed ? issueError.message : null };
              })
            : [],
        })),
      };
    }
    if (entry.screen.kind === 'dashboard') dashboard = await this.extras.dashboard(entry.screen, pluginId, inst.id, inst.code, lang, actor);
    const data = await this.shell(req, actor, title, {
      screen: {
        kind: entry.screen.kind,
        isList: entry.screen.kind === 'list',
        isForm: entry.screen.kind === 'form',
        isDashboard: entry.screen.kind === 'dashboard',
        action: edit ? `/p/${pluginId}/${screenId}/${edit.id}/edit` : `/p/${pluginId}/${screenId}`,
        isEdit: !!edit,
        backHref: edit ? this.returnHref(current.code, pluginId, entry.screen) : null,
      },
      // The live check sees only this form's inputs: a constraint over fields outside a subset form is left to the server.
      constraints: entry.screen.kind === 'form' ? this.extras.constraintsJson({ ...type, constraints: (type.constraints ?? []).filter((k) => [k.field, ...fieldsInCondition(k.when), ...fieldsInCondition(k.then)].every((key) => formFields.some((f) => f.key === key))) }, this.host.optionsFor(inst.code, pluginId), lang) : '[]',
      filters,
      dashboard,
      // A work queue (`show`) lists records made elsewhere: nothing to create from it.
      formHref: formScreen && !entry.screen.show ? `/p/${pluginId}/${formScreen.screen.id}` : null,
      fields,
      list,
      q: q ?? '',
      formErrors: formState?.errors ?? [],
    });
    return { html: this.screens.render('plugin-screen', data), status: formState?.errors.length ? 400 : 200 };
  }

  /** A list row's 出具: issues the template for the record, then opens the numbered PDF; a refusal shows beside the button. */
  @Post('p/:pluginId/:screenId/:id/issue')
  async issueFromList(@OptionalActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Param('id', IdPipe) id: number, @Body() form: IssueFormDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { current } = this.screenFor(actor, pluginId, screenId);
    const inst = (await this.access.institutions()).find((i) => i.id === current)!;
    const entry = this.host.screensFor(inst.code).find((s) => s.pluginId === pluginId && s.screen.id === screenId && s.screen.kind === 'list');
    const declared = entry && (this.host.plugin(pluginId)?.templates ?? []).some((d) => d.recordType === entry.screen.recordType && `${pluginId}/${d.id}` === form.template);
    if (!entry || !declared) throw AppError.notFound();
    // A record of another type is the same 404 as a missing one; one out of reach is too, and `get` logs the attempt.
    if (!(await this.records.titles(actor, pluginId, entry.screen.recordType, [id])).has(id)) {
      await this.records.get(actor, id, 'issue');
      throw AppError.notFound();
    }
    try {
      // RecordIssueService sits beside DocumentsModule (AppModule), outside this global module, so it is looked up.
      const issued = await this.moduleRef.get(RecordIssueService, { strict: false }).issue(actor, id, form.template);
      res.redirect(303, `/api/documents/${issued.id}/pdf`);
    } catch (err) {
      // Out of reach or not allowed: the plain error page (such a caller has no button to show it beside).
      if (!(err instanceof AppError) || [HttpStatus.NOT_FOUND, HttpStatus.FORBIDDEN].includes(err.getStatus())) throw err;
      const message = errorBody(err, resolveLang(req)).message;
      const { html } = await this.renderScreen(actor, pluginId, screenId, req, undefined, undefined, {}, undefined, { recordId: id, template: form.template, message });
      res.status(err.getStatus()).type('html').send(html);
    }
  }

  @Post('p/:pluginId/:screenId')
  async submitPluginForm(@OptionalActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { current } = this.screenFor(actor, pluginId, screenId);
    const inst = (await this.access.institutions()).find((i) => i.id === current)!;
    const entry = this.host.screensFor(inst.code).find((s) => s.pluginId === pluginId && s.screen.id === screenId && s.screen.kind === 'form' && s.screen.creates !== false);
    if (!entry) throw AppError.notFound();
    const type = this.host.recordType(pluginId, entry.screen.recordType)!;
    const values = coerceFormValues(formFieldsOf(entry.screen, type), body);
    try {
      await this.records.create(actor, current, pluginId, type.id, values);
    } catch (err) {
      const errors = this.fieldErrors(req, type, err);
      const { html, status } = await this.renderScreen(actor, pluginId, screenId, req, undefined, { values, errors });
      res.status(status).type('html').send(html);
      return;
    }
    res.redirect(303, this.listHref(inst.code, pluginId, type.id));
  }

  /** Validation problems as messages for the page (naming fields by label, 事项, not key); anything else is rethrown. */
  private fieldErrors(req: Request, type: RecordTypeDef, err: unknown): { field: string; message: string }[] {
    if (!(err instanceof AppError) || !err.problems.length) throw err;
    const lang = resolveLang(req);
    return err.problems.map((p) => ({ field: p.field, message: t(lang, p.key, { field: type.fields.find((f) => f.key === p.field)?.label ?? p.field, ...p.params }) }));
  }

  /** Where an edit form returns: its `returnTo`, else the list whose `editScreen` names it, else the type's list. */
  private returnHref(institutionCode: string, pluginId: string, form: ScreenDef): string {
    const screens = this.host.screensFor(institutionCode).filter((s) => s.pluginId === pluginId);
    const target = screens.find((s) => s.screen.id === form.returnTo) ?? screens.find((s) => s.screen.kind === 'list' && s.screen.editScreen === form.id);
    return target ? `/p/${pluginId}/${target.screen.id}` : this.listHref(institutionCode, pluginId, form.recordType);
  }

  private listHref(institutionCode: string, pluginId: string, recordType: string): string {
    const list = this.host.screensFor(institutionCode).find((s) => s.pluginId === pluginId && s.screen.kind === 'list' && s.screen.recordType === recordType);
    return list ? `/p/${pluginId}/${list.screen.id}` : '/';
  }

  /** The record an edit form is about: 404 for a record out of reach (as for a missing one) or of another type. */
  private async editTarget(actor: Actor, pluginId: string, screenId: string, id: number) {
    const { current } = this.screenFor(actor, pluginId, screenId);
    const inst = (await this.access.institutions()).find((i) => i.id === current)!;
    const entry = this.host.screensFor(inst.code).find((s) => s.pluginId === pluginId && s.screen.id === screenId && s.screen.kind === 'form' && s.screen.editable !== false);
    if (!entry) throw AppError.notFound();
    const record = await this.records.get(actor, id, 'edit-form');
    if (record.pluginId !== pluginId || record.recordType !== entry.screen.recordType) throw AppError.notFound();
    return { record, type: this.host.recordType(pluginId, record.recordType)!, institutionCode: inst.code, screen: entry.screen };
  }

  @Get('p/:pluginId/:screenId/:id/edit')
  async editForm(@OptionalActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { record } = await this.editTarget(actor, pluginId, screenId, id);
    const { html, status } = await this.renderScreen(actor, pluginId, screenId, req, undefined, { values: record.values, errors: [] }, {}, record);
    res.status(status).type('html').send(html);
  }

  @Post('p/:pluginId/:screenId/:id/edit')
  async submitEdit(@OptionalActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { record, type, institutionCode, screen } = await this.editTarget(actor, pluginId, screenId, id);
    const formFields = formFieldsOf(screen, type);
    const values = coerceFormValues(formFields, body);
    // Only what the user changed is sent: an untouched masked value is not written back as its mask.
    const changes = changedValues(formFields, record.values, values);
    try {
      // A field outside the form's subset (another party's part of the record) is not this form's to change.
      const outside = Object.keys(changes).filter((k) => !formFields.some((f) => f.key === k));
      if (outside.length) throw AppError.validation(outside.map((field) => ({ field, key: 'validation.unknown_field' })));
      if (Object.keys(changes).length) await this.records.update(actor, id, changes);
    } catch (err) {
      const errors = this.fieldErrors(req, type, err);
      const { html, status } = await this.renderScreen(actor, pluginId, screenId, req, undefined, { values, errors }, {}, record);
      res.status(status).type('html').send(html);
      return;
    }
    res.redirect(303, this.returnHref(institutionCode, pluginId, screen));
  }
}
