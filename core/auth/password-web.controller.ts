import { Body, Controller, Get, Ip, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '../http/app-error';
import { resolveLang } from '../i18n/i18n';
import { Refusal, formRefusal, validateForm } from '../web/form-validation';
import { ShellService } from '../web/shell.service';
import { Actor } from './actor';
import { CurrentActor, OpenWithTemporaryPassword } from './auth.decorators';
import { AuthService } from './auth.service';
import { ChangePasswordForm } from './accounts.dto';
import { accountLabels } from './accounts-view';

/** Every user's own password change; an account with a temporary password is led here until it is done. */
@ApiExcludeController()
@Controller('account')
export class PasswordWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly auth: AuthService,
  ) {}

  @OpenWithTemporaryPassword()
  @Get('password')
  page(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.render(actor, req, res, req.query.changed === '1');
  }

  @OpenWithTemporaryPassword()
  @Post('password')
  async change(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Ip() ip: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const labels = accountLabels(lang);
    const form = await validateForm(ChangePasswordForm, body, lang, { keepEmpty: [], labels });
    if (!form.ok) return this.render(actor, req, res, false, { errors: form.errors, general: null }, 400);
    try {
      if (form.value.confirmPassword !== form.value.newPassword) throw AppError.validation([{ field: 'confirmPassword', key: 'validation.password_mismatch' }]);
      await this.auth.changePassword(actor, form.value.currentPassword, form.value.newPassword, ip);
      // A temporary password replaced leads on to the home page; a routine change stays to say it is done.
      res.redirect(303, actor.mustChangePassword ? '/' : '/account/password?changed=1');
    } catch (err) {
      const refusal = formRefusal(err, lang, labels);
      await this.render(actor, req, res, false, refusal, (err as AppError).getStatus?.() ?? 400);
    }
  }

  private async render(actor: Actor, req: Request, res: Response, changed: boolean, refusal?: Refusal, status = 200): Promise<void> {
    const L = accountLabels(resolveLang(req));
    await this.shell.send(req, res, actor, 'admin/password-change', L.changePassword, { L, mustChange: !!actor.mustChangePassword, changed, errors: refusal?.errors ?? {}, general: refusal?.general ?? null }, status);
  }
}
