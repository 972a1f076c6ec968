import { Body, Controller, Get, Param, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CsrfExempt, CurrentActor } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { resolveLang } from '../i18n/i18n';
import { validateForm } from '../web/form-validation';
import { ShellService } from '../web/shell.service';
import { POWER_TEXT, PowerScreensService } from './power-screens.service';
import { PowerService, UploadedFileLike } from './power.service';
import { RiskContext } from './risk-context.service';
import { riskLabels } from './risk-labels';
import { assertFormCsrf, FormState, refusalMessage, refusedForm } from './risk-web.forms';
import { FLOW_CHART_UPLOAD } from './risk.controller';
import { CreatePowerDto, UpdatePowerDto } from './risk.dto';

const POWER_REFS = ['responsibleDepartmentId', 'responsiblePostId'];

/** Screens of the power catalogue (职权目录): the list, one power, its edits and flow chart. */
@ApiExcludeController()
@Controller('risk')
export class PowerWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly ctx: RiskContext,
    private readonly powers: PowerService,
    private readonly screens: PowerScreensService,
  ) {}

  @Get('powers')
  powersPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.renderCatalogue(actor, req, res);
  }

  @Post('powers')
  async createPower(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const institutionId = await this.ctx.currentInstitution(actor);
    const form = await validateForm(CreatePowerDto, body, lang, { numeric: POWER_REFS, keepEmpty: [], labels: riskLabels(lang) });
    if (!form.ok) return this.renderCatalogue(actor, req, res, 400, { values: body, errors: form.errors, general: null });
    try {
      const created = await this.powers.create(actor, institutionId, form.value);
      res.redirect(303, `/risk/powers/${created.id}`);
    } catch (err) {
      const { state, status } = refusedForm(err, lang, body);
      await this.renderCatalogue(actor, req, res, status, state);
    }
  }

  @Get('powers/:id')
  powerPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.renderPower(actor, id, req, res);
  }

  @Post('powers/:id')
  async updatePower(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const form = await validateForm(UpdatePowerDto, body, lang, { numeric: POWER_REFS, keepEmpty: POWER_TEXT.slice(3), labels: riskLabels(lang) });
    if (!form.ok) return this.renderPower(actor, id, req, res, 400, { values: body, errors: form.errors, general: null });
    try {
      await this.powers.update(actor, id, form.value);
      res.redirect(303, `/risk/powers/${id}`);
    } catch (err) {
      const { state, status } = refusedForm(err, lang, body);
      await this.renderPower(actor, id, req, res, status, state);
    }
  }

  @Post('powers/:id/remove')
  async removePower(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Res() res: Response): Promise<void> {
    await this.powers.remove(actor, id);
    res.redirect(303, `/risk/powers/${id}`);
  }

  @CsrfExempt()
  @Post('powers/:id/flow-chart')
  @UseInterceptors(FLOW_CHART_UPLOAD)
  async uploadFlowChart(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @UploadedFile() file: UploadedFileLike | undefined, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    assertFormCsrf(actor, body);
    try {
      await this.powers.uploadFlowChart(actor, id, file);
      res.redirect(303, `/risk/powers/${id}`);
    } catch (err) {
      const message = refusalMessage(err, resolveLang(req));
      await this.renderPower(actor, id, req, res, (err as AppError).getStatus(), undefined, message);
    }
  }

  private async renderCatalogue(actor: Actor, req: Request, res: Response, status = 200, form?: FormState): Promise<void> {
    const lang = resolveLang(req);
    const institutionId = await this.ctx.currentInstitution(actor);
    await this.shell.send(req, res, actor, 'risk/powers', riskLabels(lang).powers, await this.screens.catalogue(actor, institutionId, lang, form), status);
  }

  private async renderPower(actor: Actor, id: number, req: Request, res: Response, status = 200, form?: FormState, uploadError?: string): Promise<void> {
    const { title, data } = await this.screens.power(actor, id, resolveLang(req), form, uploadError);
    await this.shell.send(req, res, actor, 'risk/power', title, data, status);
  }
}
