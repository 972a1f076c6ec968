import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { pick, resolveLang } from '../i18n/i18n';
import { ShellService } from '../web/shell.service';
import { Form, refusal, str } from './assessment-forms';
import { assessmentLabels } from './assessment-labels';
import { EvaluationService } from './evaluation.service';
import { BALLOT_CHOICES, BALLOT_LABELS } from './scoring';

/** The ballot sheet of an online evaluation round. */
@ApiExcludeController()
@Controller('assessment')
export class BallotWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly evaluation: EvaluationService,
  ) {}

  @Get('rounds/:id/vote')
  async ballot(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, error?: string): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const round = await this.evaluation.view(actor, id);
    await this.shell.send(req, res, actor, 'assessment/ballot', `${L.ballotSheet} · ${round.name}`, {
      L,
      round,
      canVote: round.myBallot.listed && !round.myBallot.hasVoted && round.status === 'open' && round.mode === 'online',
      choices: [...BALLOT_CHOICES.map((c) => ({ value: c, label: pick(BALLOT_LABELS[c], lang) })), { value: 'invalid', label: L.abstain }],
      error: error ?? null,
    }, error ? 409 : 200);
  }

  /** Choices arrive as `s<subject id>`; the service checks them against the round's subjects. */
  @Post('rounds/:id/vote')
  async castBallot(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const choices: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (/^s\d{1,12}$/.test(k) && str(v)) choices[k.slice(1)] = str(v);
    try {
      await this.evaluation.cast(actor, id, { choices }, { everySubject: true });
      res.redirect(303, `/assessment/rounds/${id}/vote`);
    } catch (err) {
      const refused = refusal(err, resolveLang(req));
      await this.ballot(actor, id, req, res, refused.general ?? Object.values(refused.errors).join('；'));
    }
  }
}
