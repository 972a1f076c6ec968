import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, Header, HttpStatus, Ip, OnModuleInit, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { Actor } from '../auth/actor';
import { sessionCookieOptions } from '../auth/auth.controller';
import { CsrfExempt, OptionalActor, Public } from '../auth/auth.decorators';
import { AuthService, SESSION_COOKIE } from '../auth/auth.service';
import { AllExceptionsFilter, errorBody } from '../http/all-exceptions.filter';
import { AppError } from '../http/app-error';
import { Lang, pick, resolveLang, t } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { ROLE_LABELS, Role } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { RecordsService } from '../records/records.service';
import { coerceFormValues } from './form-coercion';
import { langSwitchBack, ShellService } from './shell.service';
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

const PRE_CSRF_COOKIE = 'csrf_pre';

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

  private async renderScreen(actor: Actor, pluginId: string, screenId: string, req: Request, q?: string, formState?: { values: Record<string, unknown>; errors: { field: string; message: string }[] }, listQuery: ListPageQuery = {}) {
    this.screenFor(actor, pluginId, screenId);
    const lang = resolveLang(req);
    const inst = (await this.access.institutions()).find((i) => i.id === actor.currentInstitutionId)!;
    const entry = this.host.screensFor(inst.code).find((s) => s.pluginId === pluginId && s.screen.id === screenId);
    if (!entry) throw AppError.notFound();
    const type = this.host.recordType(pluginId, entry.screen.recordType)!;
    const title = pick(entry.screen.label, lang);
    const errorsByField = new Map((formState?.errors ?? []).map((e) => [e.field, e.message]));
    const fields = type.fields.map((f) => {
      const v = formState?.values[f.key];
      return {
        key: f.key,
        label: pick(f.label, lang),
        help: pick(f.help, lang),
        required: !!f.required,
        type: f.type,
        inputType: f.type === 'date' ? 'date' : ['integer', 'money', 'decimal'].includes(f.type) ? 'number' : 'text',
        isText: f.type === 'text',
        isEnum: f.type === 'enum',
        isBool: f.type === 'boolean',
        value: v === undefined || v === null ? '' : String(v),
        checked: v === true,
        options: (f.options ?? []).map((o) => ({ value: o.value, label: pick(o.label, lang), selected: o.value === v })),
        error: errorsByField.get(f.key),
        isRef: f.type === 'reference',
        isRows: f.type === 'rows',
      };
    });
    if (entry.screen.kind === 'form') {
      for (const [i, f] of type.fields.entries()) {
        if (f.type === 'reference') fields[i].options = await this.extras.referenceOptions(actor, pluginId, inst.id, f, formState?.values[f.key]);
        if (f.type === 'rows') Object.assign(fields[i], { rows: this.extras.rows(f, formState?.values[f.key], lang) });
      }
    }
    const listFields = type.fields.filter((f) => f.list);
    const fmt = (f: (typeof type.fields)[number], v: unknown) => {
      if (v === null || v === undefined) return '';
      if (f.type === 'enum') return pick(f.options?.find((o) => o.value === v)?.label, lang) || String(v);
      // Stored in fen; shown in yuan with the unit, so a (分) column label cannot mislead.
      if (f.type === 'money' && typeof v === 'number') return t(lang, 'ui.money_yuan', { amount: (v / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) });
      if (f.type === 'boolean') return t(lang, v ? 'ui.yes' : 'ui.no');
      return Array.isArray(v) ? v.join('、') : String(v);
    };
    let list: unknown = null;
    let filters: unknown[] = [];
    let dashboard: unknown = null;
    if (entry.screen.kind === 'list') {
      const where = this.extras.parseFilters(entry.screen, type, listQuery.filter);
      const flagged = listQuery.flagged === '1' ? true : listQuery.flagged === '0' ? false : undefined;
      const result = await this.records.list(actor, pluginId, type.id, { institutionId: inst.id, q, limit: 100, where, flagged });
      const flags = await this.extras.flags(pluginId, result.items.map((r) => r.id), lang);
      // References show the referenced record's title, not its id.
      const titles = new Map<number, string>();
      for (const f of listFields.filter((x) => x.type === 'reference')) for (const o of await this.extras.referenceOptions(actor, pluginId, inst.id, f, null)) titles.set(Number(o.value), o.label);
      filters = await this.extras.filterControls(actor, pluginId, inst.id, entry.screen, type, where, lang);
      list = {
        total: t(lang, 'ui.total', { n: result.total }),
        empty: result.items.length === 0,
        columns: listFields.map((f) => pick(f.label, lang)),
        flaggedValue: listQuery.flagged ?? '',
        rows: result.items.map((r) => ({
          id: r.id,
          title: r.title,
          cells: listFields.map((f) => (f.type === 'reference' && typeof r.values[f.key] === 'number' ? (titles.get(r.values[f.key] as number) ?? String(r.values[f.key])) : fmt(f, r.values[f.key]))),
          createdAt: r.createdAt.slice(0, 10),
          flags: flags.get(r.id) ?? [],
        })),
      };
    }
    if (entry.screen.kind === 'dashboard') dashboard = await this.extras.dashboard(entry.screen, pluginId, inst.id, inst.code, lang);
    const formScreen = this.host.screensFor(inst.code).find((s) => s.pluginId === pluginId && s.screen.kind === 'form' && s.screen.recordType === type.id);
    const data = await this.shell(req, actor, title, {
      screen: { kind: entry.screen.kind, isList: entry.screen.kind === 'list', isForm: entry.screen.kind === 'form', isDashboard: entry.screen.kind === 'dashboard', action: `/p/${pluginId}/${screenId}` },
      constraints: entry.screen.kind === 'form' ? this.extras.constraintsJson(type, this.host.optionsFor(inst.code, pluginId), lang) : '[]',
      filters,
      dashboard,
      formHref: formScreen ? `/p/${pluginId}/${formScreen.screen.id}` : null,
      fields,
      list,
      q: q ?? '',
      formErrors: formState?.errors ?? [],
    });
    return { html: this.screens.render('plugin-screen', data), status: formState?.errors.length ? 400 : 200 };
  }

  @Post('p/:pluginId/:screenId')
  async submitPluginForm(@OptionalActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { current } = this.screenFor(actor, pluginId, screenId);
    const inst = (await this.access.institutions()).find((i) => i.id === current)!;
    const entry = this.host.screensFor(inst.code).find((s) => s.pluginId === pluginId && s.screen.id === screenId && s.screen.kind === 'form');
    if (!entry) throw AppError.notFound();
    const type = this.host.recordType(pluginId, entry.screen.recordType)!;
    const values = coerceFormValues(type.fields, body);
    try {
      await this.records.create(actor, current, pluginId, type.id, values);
    } catch (err) {
      if (err instanceof AppError && err.problems.length) {
        const lang = resolveLang(req);
        // On the page, problems name the field by its label (事项), not by its key (subject).
        const errors = err.problems.map((p) => ({ field: p.field, message: t(lang, p.key, { field: type.fields.find((f) => f.key === p.field)?.label ?? p.field, ...p.params }) }));
        const { html, status } = await this.renderScreen(actor, pluginId, screenId, req, undefined, { values, errors });
        res.status(status).type('html').send(html);
        return;
      }
      throw err;
    }
    const list = this.host.screensFor(inst.code).find((s) => s.pluginId === pluginId && s.screen.kind === 'list' && s.screen.recordType === type.id);
    res.redirect(303, list ? `/p/${pluginId}/${list.screen.id}` : '/');
  }
}
