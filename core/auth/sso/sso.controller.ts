import { Controller, Get, Ip, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '../../http/app-error';
import { sessionCookieOptions } from '../auth.controller';
import { Public } from '../auth.decorators';
import { AuthService, SESSION_COOKIE } from '../auth.service';
import { CasService } from './cas.service';
import { OidcService, SsoFailedError, failed } from './oidc.service';
import { SsoFlow, saveFlow, takeFlow } from './sso-flow';

/** The sign-in round trips through the institution's identity platform; each answers 404 while its setting is unset. */
@ApiExcludeController()
@Controller('login')
export class SsoController {
  constructor(
    private readonly auth: AuthService,
    private readonly oidc: OidcService,
    private readonly cas: CasService,
  ) {}

  @Public()
  @Get('oidc')
  async startOidc(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.oidc.enabled) throw AppError.notFound();
    this.redirectTo(req, res, await this.oidc.start());
  }

  @Public()
  @Get('oidc/callback')
  async finishOidc(@Query('state') state: unknown, @Ip() ip: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.oidc.enabled) throw AppError.notFound();
    await this.signIn('oidc', req, res, ip, state, (flow) => this.oidc.finish(req, flow));
  }

  @Public()
  @Get('cas')
  startCas(@Req() req: Request, @Res() res: Response): void {
    if (!this.cas.enabled) throw AppError.notFound();
    this.redirectTo(req, res, this.cas.start());
  }

  @Public()
  @Get('cas/callback')
  async finishCas(@Query('state') state: unknown, @Query('ticket') ticket: unknown, @Ip() ip: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.cas.enabled) throw AppError.notFound();
    await this.signIn('cas', req, res, ip, state, (flow) => this.cas.finish(ticket, flow));
  }

  private redirectTo(req: Request, res: Response, start: { url: string; flow: SsoFlow }): void {
    saveFlow(req, res, start.flow);
    res.redirect(303, start.url);
  }

  /** Same session as a password sign-in; every refusal is audited as auth.login denied with its reason. */
  private async signIn(method: SsoFlow['method'], req: Request, res: Response, ip: string, state: unknown, finish: (flow: SsoFlow) => Promise<string>): Promise<void> {
    let username: string;
    try {
      const flow = takeFlow(req, res, method, state);
      if (!flow) throw failed('state', 'state missing or not this browser’s');
      username = await finish(flow);
    } catch (err) {
      if (err instanceof SsoFailedError) await this.auth.refuse(`sso:${method}`, '-', `sso_${err.reason}`, { ip, method, why: err.why });
      throw err;
    }
    const { token } = await this.auth.loginExternal(username, method, ip);
    res.cookie(SESSION_COOKIE, token, sessionCookieOptions(req));
    res.redirect(303, '/');
  }
}
