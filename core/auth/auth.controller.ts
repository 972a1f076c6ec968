import { Body, Controller, Get, HttpCode, Ip, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiRateLimited } from '../http/api-docs';
import type { Request, Response } from 'express';
import type { Actor } from './actor';
import { ChangePasswordDto } from './accounts.dto';
import { CsrfExempt, CurrentActor, OpenWithTemporaryPassword, Public } from './auth.decorators';
import { LoginDto, SwitchInstitutionDto } from './auth.dto';
import { AuthService, SESSION_COOKIE, SESSION_HOURS } from './auth.service';
import { MeService } from './me.service';
import { SameOriginJsonGuard } from './same-origin-json.guard';
import { ApiOk, OkResponse } from '../http/api-responses';
import { MeResponse, SwitchedInstitutionResponse } from './auth-responses';

export function sessionCookieOptions(req: Request) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: req.secure, path: '/', maxAge: SESSION_HOURS * 3600_000 };
}

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly me: MeService,
  ) {}

  @Public()
  @CsrfExempt()
  @Post('auth/login')
  @HttpCode(200)
  @UseGuards(SameOriginJsonGuard)
  @ApiRateLimited()
  @ApiOperation({ summary: '登录', description: 'Signs in with user name and password and sets the session cookie; repeated failures are throttled.' })
  @ApiOk(MeResponse, '已登录，返回当前用户')
  async login(@Body() dto: LoginDto, @Ip() ip: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { token, actor } = await this.auth.login(dto.username, dto.password, ip);
    res.cookie(SESSION_COOKIE, token, sessionCookieOptions(req));
    return this.me.describe(actor);
  }

  @OpenWithTemporaryPassword()
  @CsrfExempt()
  @Post('auth/logout')
  @HttpCode(200)
  @UseGuards(SameOriginJsonGuard)
  @ApiOperation({ summary: '退出登录', description: 'Ends the current session.' })
  @ApiOk(OkResponse)
  async logout(@CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.auth.logout(actor);
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.secure });
    return { ok: true };
  }

  @OpenWithTemporaryPassword()
  @Get('me')
  @ApiOperation({ summary: '查看当前用户', description: 'The signed-in account: name, roles, current institution and CSRF token.' })
  @ApiOk(MeResponse)
  me_(@CurrentActor() actor: Actor) {
    return this.me.describe(actor);
  }

  /** The caller's own password; a wrong current one is a 400 that counts towards the sign-in lockout. */
  @OpenWithTemporaryPassword()
  @Post('me/password')
  @HttpCode(200)
  @ApiRateLimited()
  @ApiOperation({ summary: '修改本人密码', description: 'Changes the caller\'s own password (also the temporary one).' })
  @ApiOk(OkResponse)
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Ip() ip: string) {
    await this.auth.changePassword(actor, dto.currentPassword, dto.newPassword, ip);
    return { ok: true };
  }

  @Post('me/institution')
  @HttpCode(200)
  @ApiOperation({ summary: '切换当前单位', description: 'Switches the caller\'s current institution among those they hold roles at.' })
  @ApiOk(SwitchedInstitutionResponse)
  async switchInstitution(@CurrentActor() actor: Actor, @Body() dto: SwitchInstitutionDto) {
    await this.auth.switchInstitution(actor, dto.institutionId);
    return { ok: true, currentInstitutionId: dto.institutionId };
  }
}
