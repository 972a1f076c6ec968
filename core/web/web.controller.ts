import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, HttpStatus, Ip, OnModuleInit, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { Actor } from '../auth/actor';
import { sessionCookieOptions } from '../auth/auth.controller';
import { CsrfExempt, OpenWithTemporaryPassword, OptionalActor, Public } from '../auth/auth.decorators';
import { AuthService, SESSION_COOKIE } from '../auth/auth.service';
import { ssoLoginOptions } from '../auth/sso/sso-login-options';
import { EnvConfig } from '../config/env.config';
import { AllExceptionsFilter, errorBody } from '../http/all-exceptions.filter';
import { ThrottledError } from '../http/public-throttle';
import { Lang, resolveLang, t } from '../i18n/i18n';
import { HomeViewService } from './home-view.service';
import { langSwitchBack } from './shell.service';
import { ScreenRenderer } from './screen-renderer';

export class LoginFormDto {
  @IsString() @MaxLength(64) username: string;
  @IsString() @MaxLength(256) password: string;
  @IsString() @MaxLength(100) _csrf: string;
}

export class SwitchFormDto {
  @Type(() => Number) @IsInt() @Min(1) institutionId: number;
  @IsOptional() @IsString() @MaxLength(300) back?: string;
}

const PRE_CSRF_COOKIE = 'csrf_pre';

/** A same-site path to redirect to; `//host` and `/\host` would leave the site (browsers read `\` as `/`). */
export function isLocalPath(target: string): boolean {
  return /^\/(?![/\\])/.test(target);
}

/** The web shell's entry pages: sign-in and out, language and institution switch, home; and the HTML error page. */
@ApiExcludeController()
@Controller()
export class WebController implements OnModuleInit {
  constructor(
    private readonly screens: ScreenRenderer,
    private readonly auth: AuthService,
    private readonly home: HomeViewService,
    private readonly env: EnvConfig,
  ) {}

  onModuleInit(): void {
    AllExceptionsFilter.htmlRenderer = (req, res, body) => {
      if (body.statusCode === 401) {
        res.redirect(303, '/login');
        return true;
      }
      const lang = resolveLang(req);
      const page = { lang, otherLang: lang === 'zh' ? 'en' : 'zh', langBack: langSwitchBack(req.originalUrl) };
      res.status(body.statusCode).type('html').send(this.screens.render('error', { ...page, title: t(lang, 'ui.error'), status: body.statusCode, message: body.message, details: body.details ?? [], requestId: body.requestId }));
      return true;
    };
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
    res.status(status).type('html').send(this.screens.render('login', { lang, otherLang: lang === 'zh' ? 'en' : 'zh', title: t(lang, 'ui.login'), csrf: token, error, username, sso: ssoLoginOptions(this.env, lang) }));
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
      if (err instanceof ThrottledError) res.set(err.headers);
      this.sendLogin(req, res, body.statusCode, body.message, form.username);
    }
  }

  @OpenWithTemporaryPassword()
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
  async homePage(@OptionalActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.home.render(actor, req));
  }
}
