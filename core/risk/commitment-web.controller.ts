import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { pageWindow } from '../http/pagination';
import { resolveLang } from '../i18n/i18n';
import { validateForm } from '../web/form-validation';
import { screenPageWindow } from '../web/pager';
import { ShellService } from '../web/shell.service';
import { CommitmentScreensService } from './commitment-screens.service';
import { CommitmentService } from './commitment.service';
import { RiskContext } from './risk-context.service';
import { riskLabels } from './risk-labels';
import { runFormAction } from './risk-web.forms';
import { CreateCommitmentDto } from './risk.dto';

/** Screens of commitments (廉政承诺书, 附表4-5): the list, drawing one up and acknowledging it. */
@ApiExcludeController()
@Controller('risk')
export class CommitmentWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly ctx: RiskContext,
    private readonly commitments: CommitmentService,
    private readonly screens: CommitmentScreensService,
  ) {}

  /** `pq` searches the risk points the new-commitment form offers, a page at a time. */
  @Get('commitments')
  commitmentsPage(@CurrentActor() actor: Actor, @Query() q: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const text = typeof q.pq === 'string' ? q.pq.trim().slice(0, 100) : '';
    return this.render(actor, req, res, 200, undefined, { q: text, w: screenPageWindow(q) });
  }

  @Post('commitments')
  createCommitmentForm(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    return this.action(actor, req, res, async () => {
      const institutionId = await this.ctx.currentInstitution(actor);
      const form = await validateForm(CreateCommitmentDto, body, lang, { numeric: ['personId', 'departmentId', 'year'], arrays: ['pointIds'], keepEmpty: [], labels: riskLabels(lang) });
      if (!form.ok) return form.messages;
      await this.commitments.create(actor, institutionId, form.value);
    });
  }

  @Post('commitments/:id/acknowledge')
  ackForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.action(actor, req, res, () => this.commitments.acknowledge(actor, id));
  }

  private action(actor: Actor, req: Request, res: Response, action: () => Promise<string[] | void>): Promise<void> {
    return runFormAction(res, '/risk/commitments', resolveLang(req), (message, status) => this.render(actor, req, res, status, message), action);
  }

  /** A refused form is drawn again with the first page of points. */
  private async render(actor: Actor, req: Request, res: Response, status = 200, message?: string, offer = { q: '', w: pageWindow({}) }): Promise<void> {
    const lang = resolveLang(req);
    const institutionId = await this.ctx.currentInstitution(actor);
    await this.shell.send(req, res, actor, 'risk/commitments', riskLabels(lang).commitments, await this.screens.commitmentsPage(actor, institutionId, lang, offer, message), status);
  }
}
