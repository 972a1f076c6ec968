import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { pageWindow } from '../http/pagination';
import { resolveLang } from '../i18n/i18n';
import { screenPageWindow } from '../web/pager';
import { ShellService } from '../web/shell.service';
import { RiskContext } from './risk-context.service';
import { riskLabels } from './risk-labels';
import { runFormAction } from './risk-web.forms';
import { SELF_CHECK_STATUSES, SelfCheckScreensService, type SelfCheckStatus } from './self-check-screens.service';
import { SelfCheckService } from './self-check.service';

interface SelfCheckQuery {
  institutionId?: number;
  status?: SelfCheckStatus;
}

/** The list's filters from the query string; anything else is ignored, as the other screens' filters are. */
function selfCheckQuery(q: Record<string, unknown>): SelfCheckQuery {
  const id = typeof q.institutionId === 'string' && /^[1-9]\d{0,9}$/.test(q.institutionId) ? Number(q.institutionId) : undefined;
  const status = SELF_CHECK_STATUSES.find((s) => s === q.status);
  return { institutionId: id, status };
}

/** Screens of self-checks (自查): the reports due, submitting one, and the reminder messages. */
@ApiExcludeController()
@Controller('risk')
export class SelfCheckWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly ctx: RiskContext,
    private readonly selfChecks: SelfCheckService,
    private readonly screens: SelfCheckScreensService,
  ) {}

  @Get('self-checks')
  selfChecksPage(@CurrentActor() actor: Actor, @Query() q: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.render(actor, req, res, 200, undefined, screenPageWindow(q), selfCheckQuery(q));
  }

  @Post('messages/read-all')
  readAllForm(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.action(actor, req, res, async () => {
      await this.selfChecks.markRead(actor);
    });
  }

  @Post('messages/:id/read')
  readForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.action(actor, req, res, async () => {
      await this.selfChecks.markRead(actor, id);
    });
  }

  @Post('self-checks/:id/submit')
  submitSelfCheckForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.action(actor, req, res, async () => {
      const report = String(body.report ?? '').trim();
      if (!report || report.length > 4000) throw AppError.validation([{ field: 'report', key: 'validation.required' }]);
      await this.selfChecks.submit(actor, id, report);
    });
  }

  private action(actor: Actor, req: Request, res: Response, action: () => Promise<void>): Promise<void> {
    return runFormAction(res, '/risk/self-checks', resolveLang(req), (message, status) => this.render(actor, req, res, status, message), action);
  }

  /** A refused form is drawn again with the first page of messages. */
  private async render(actor: Actor, req: Request, res: Response, status = 200, message?: string, w = pageWindow({}), q: SelfCheckQuery = {}): Promise<void> {
    const lang = resolveLang(req);
    // ?institutionId= reads a unit below (the county board's links) without switching the session's institution.
    const institutionId = q.institutionId ? await this.ctx.target(actor, q.institutionId) : await this.ctx.currentInstitution(actor);
    await this.shell.send(req, res, actor, 'risk/self-checks', riskLabels(lang).selfChecks, await this.screens.selfChecksPage(actor, institutionId, lang, w, message, q.status), status);
  }
}
