import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { resolveLang } from '../i18n/i18n';
import { validateForm } from '../web/form-validation';
import { ShellService } from '../web/shell.service';
import { publishFormLabels, PublicationScreensService } from './publication-screens.service';
import { PublicationService } from './publication.service';
import { RiskContext } from './risk-context.service';
import { RiskDocumentsService } from './risk-documents.service';
import { riskLabels } from './risk-labels';
import { RiskPointScreensService } from './risk-point-screens.service';
import { runFormAction } from './risk-web.forms';
import { IssueRiskDocumentDto, PublicationCommentDto, PublishDto, ReviseDto, RiskPageQuery } from './risk.dto';

/** Screens of publication (公示) and of issuing the catalogue and 附表 forms as documents. */
@ApiExcludeController()
@Controller('risk')
export class PublicationWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly ctx: RiskContext,
    private readonly publications: PublicationService,
    private readonly riskDocuments: RiskDocumentsService,
    private readonly screens: PublicationScreensService,
    private readonly pointScreens: RiskPointScreensService,
  ) {}

  @Get('publications')
  publicationsPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.renderList(actor, req, res);
  }

  @Post('publications')
  async publishForm(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const institutionId = await this.ctx.currentInstitution(actor);
    const labels = publishFormLabels(lang);
    let id = 0;
    const rerender = (message: string, status: number) => this.renderList(actor, req, res, status, message);
    await runFormAction(res, () => `/risk/publications/${id}`, lang, rerender, async () => {
      const form = await validateForm(PublishDto, body, lang, { arrays: ['pointIds'], keepEmpty: [], labels });
      if (!form.ok) return form.messages;
      id = await this.publications.publish(actor, institutionId, form.value);
    }, labels);
  }

  @Get('publications/:id')
  publicationPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.renderPublication(actor, id, req, res);
  }

  @Post('publications/:id/comments')
  commentForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const rerender = (message: string, status: number) => this.renderPublication(actor, id, req, res, status, message);
    return runFormAction(res, `/risk/publications/${id}`, lang, rerender, async () => {
      const form = await validateForm(PublicationCommentDto, body, lang, { numeric: ['pointId'], keepEmpty: [], labels: riskLabels(lang) });
      if (!form.ok) return form.messages;
      await this.publications.comment(actor, id, form.value);
    });
  }

  @Post('publications/:id/revise')
  reviseForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    let next = id;
    const rerender = (message: string, status: number) => this.renderPublication(actor, id, req, res, status, message);
    return runFormAction(res, () => `/risk/publications/${next}`, lang, rerender, async () => {
      const form = await validateForm(ReviseDto, body, lang, { keepEmpty: [], labels: riskLabels(lang) });
      if (!form.ok) return form.messages;
      next = await this.publications.revise(actor, id, form.value);
    });
  }

  /** Issues a catalogue or 附表 form through the documents pipeline and opens the PDF; a refusal shows on the points list. */
  @Post('documents')
  async issueDocument(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const institutionId = await this.ctx.currentInstitution(actor);
    const L = riskLabels(lang);
    const labels = { ...L, personId: L.person, departmentId: L.department };
    let issuedId = 0;
    const rerender = async (message: string, status: number) => {
      const data = await this.pointScreens.list(actor, await this.ctx.currentInstitution(actor), {} as RiskPageQuery, lang, message);
      await this.shell.send(req, res, actor, 'risk/points', L.points, data, status);
    };
    await runFormAction(res, () => `/api/documents/${issuedId}/pdf`, lang, rerender, async () => {
      const form = await validateForm(IssueRiskDocumentDto, body, lang, { numeric: ['personId', 'departmentId'], keepEmpty: [], labels });
      if (!form.ok) return form.messages;
      issuedId = (await this.riskDocuments.issue(actor, institutionId, form.value)).id;
    }, labels);
  }

  private async renderList(actor: Actor, req: Request, res: Response, status = 200, message?: string): Promise<void> {
    const lang = resolveLang(req);
    const institutionId = await this.ctx.currentInstitution(actor);
    await this.shell.send(req, res, actor, 'risk/publications', riskLabels(lang).publications, await this.screens.publicationsPage(actor, institutionId, lang, message), status);
  }

  private async renderPublication(actor: Actor, id: number, req: Request, res: Response, status = 200, message?: string): Promise<void> {
    const { title, data } = await this.screens.publicationPage(actor, id, resolveLang(req), message);
    await this.shell.send(req, res, actor, 'risk/publication', title, data, status);
  }
}
