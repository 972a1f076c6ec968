import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { resolveLang } from '../i18n/i18n';
import { validateForm } from '../web/form-validation';
import { ShellService } from '../web/shell.service';
import { IdentificationService } from './identification.service';
import { RiskContext } from './risk-context.service';
import { riskLabels } from './risk-labels';
import { RiskPointScreensService } from './risk-point-screens.service';
import { RiskPointService } from './risk-point.service';
import { UNASSESSABLE_FACTORS } from './risk-settings.view';
import { FormState, refusedForm, runFormAction, withoutFields } from './risk-web.forms';
import { CreateRiskPointDto, RegradeDto, RiskPageQuery } from './risk.dto';

/** A regrade may come with the point form's identity fields besides the grading ones; they are not regraded, so they are set aside. */
const NOT_REGRADED = ['level', 'category', 'title'];

/** Screens of risk points: the list, the new-point form, one point and its identification steps and regrading. */
@ApiExcludeController()
@Controller('risk')
export class RiskPointWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly ctx: RiskContext,
    private readonly points: RiskPointService,
    private readonly identification: IdentificationService,
    private readonly screens: RiskPointScreensService,
  ) {}

  @Get('points')
  async pointsPage(@CurrentActor() actor: Actor, @Query() q: RiskPageQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    // ?institutionId= reads a unit below (the county board's links) without switching the session's institution.
    const institutionId = q.institutionId ? await this.ctx.target(actor, q.institutionId) : await this.ctx.currentInstitution(actor);
    await this.shell.send(req, res, actor, 'risk/points', riskLabels(lang).points, await this.screens.list(actor, institutionId, q, lang));
  }

  // Declared before points/:id, which would take "new" for an id.
  @Get('points/new')
  newPointPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.renderNewPoint(actor, req, res);
  }

  @Post('points')
  async createPoint(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const institutionId = await this.ctx.currentInstitution(actor);
    // The plugin fields (ext__<plugin>__<key>) leave the form here; the rest is the DTO's.
    const extensions = await this.screens.takeExtensions(institutionId, body);
    const values = { ...body, extensions };
    const form = await validateForm(CreateRiskPointDto, body, lang, { numeric: ['likelihood', 'harm'], arrays: ['powerIds'], keepEmpty: [], labels: riskLabels(lang) });
    if (!form.ok) return this.renderNewPoint(actor, req, res, 400, { values, errors: form.errors, general: null });
    try {
      const id = await this.points.create(actor, institutionId, Object.assign(form.value, { extensions }));
      res.redirect(303, `/risk/points/${id}`);
    } catch (err) {
      const { state, status } = refusedForm(err, lang, values);
      await this.renderNewPoint(actor, req, res, status, state);
    }
  }

  @Get('points/:id')
  pointPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.renderPoint(actor, id, req, res);
  }

  @Post('points/:id/step')
  stepForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pointAction(actor, id, req, res, async () => {
      const content = String(body.content ?? '').trim();
      if (!content || content.length > 4000) throw AppError.validation([{ field: 'content', key: 'validation.required' }]);
      await this.identification.contribute(actor, id, Number(body.step) - 1, content);
    });
  }

  @Post('points/:id/send-back')
  sendBackForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pointAction(actor, id, req, res, async () => {
      const reason = String(body.reason ?? '').trim();
      if (!reason || reason.length > 4000) throw AppError.validation([{ field: 'reason', key: 'validation.required' }]);
      const toStep = Number(body.toStep);
      if (!Number.isInteger(toStep) || toStep < 1) throw AppError.validation([{ field: 'toStep', key: 'validation.integer' }]);
      await this.identification.sendBack(actor, id, toStep - 1, reason);
    });
  }

  @Post('points/:id/regrade')
  regradeForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pointAction(actor, id, req, res, async () => {
      const lang = resolveLang(req);
      const posted = withoutFields(body, NOT_REGRADED);
      // "未评估" posts an empty value, which clears that factor.
      for (const k of UNASSESSABLE_FACTORS) if (posted[k] === '') posted[k] = null;
      const form = await validateForm(RegradeDto, posted, lang, { numeric: ['likelihood', 'harm'], keepEmpty: [], labels: riskLabels(lang) });
      if (!form.ok) return form.messages;
      await this.points.regrade(actor, id, form.value);
    });
  }

  private pointAction(actor: Actor, id: number, req: Request, res: Response, action: () => Promise<string[] | void>): Promise<void> {
    return runFormAction(res, `/risk/points/${id}`, resolveLang(req), (message, status) => this.renderPoint(actor, id, req, res, status, message), action);
  }

  private async renderNewPoint(actor: Actor, req: Request, res: Response, status = 200, form?: FormState): Promise<void> {
    const lang = resolveLang(req);
    const institutionId = await this.ctx.currentInstitution(actor);
    const data = await this.screens.newPointForm(actor, institutionId, lang, form);
    await this.shell.send(req, res, actor, 'risk/point-form', data.L.newPoint, data, status);
  }

  private async renderPoint(actor: Actor, id: number, req: Request, res: Response, status = 200, message?: string): Promise<void> {
    const { title, data } = await this.screens.point(actor, id, resolveLang(req), message);
    await this.shell.send(req, res, actor, 'risk/point', title, data, status);
  }
}
