import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { resolveLang, t } from '../i18n/i18n';
import { formError, validateForm } from '../web/form-validation';
import { ShellService } from '../web/shell.service';
import { ClueAssignmentScreens } from './clue-assignment-screens.service';
import { ClueAssignmentService } from './clue-assignment.service';
import { AssignClueDto, AssignmentNoteDto, ReportAssignmentDto, ReturnAssignmentDto } from './clue-assignment.dto';
import { Problems, WarningScreensService } from './warning-screens.service';

/** The 交办督办 screens: the list, one assignment with its actions, and the assign form posted from a clue's page. */
@ApiExcludeController()
@Controller('warning')
export class ClueAssignmentWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly screens: ClueAssignmentScreens,
    private readonly warningScreens: WarningScreensService,
    private readonly assignments: ClueAssignmentService,
  ) {}

  @Get('assignments')
  async list(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Query() q: Record<string, string>) {
    const lang = resolveLang(req);
    await this.shell.send(req, res, actor, 'warning/assignments', t(lang, 'wa.title'), await this.screens.list(actor, lang, q));
  }

  private async detailView(req: Request, res: Response, actor: Actor, id: number, forms: Record<string, Problems> = {}, status = 200): Promise<void> {
    const page = await this.screens.detail(actor, resolveLang(req), id, forms);
    await this.shell.send(req, res, actor, 'warning/assignment-detail', page.title, page.data, status);
  }

  @Get('assignments/:id')
  detail(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    return this.detailView(req, res, actor, id);
  }

  @Post('assignments/:id/act')
  async act(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const lang = resolveLang(req);
    const action = String(body.action ?? '');
    const form = Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== '' && k !== 'action' && k !== '_csrf'));
    const labels = { outcome: t(lang, 'wa.outcome'), reason: t(lang, 'wa.return_reason'), deadline: t(lang, 'wa.deadline'), note: t(lang, 'wa.takeover_note') };
    const run = async <T extends object>(cls: new () => T, fn: (v: T) => Promise<unknown>): Promise<Problems | null> => {
      const v = await validateForm(cls, form, lang, { labels });
      if (!v.ok) return v;
      await fn(v.value);
      return null;
    };
    const steps: Record<string, () => Promise<Problems | null>> = {
      report: () => run(ReportAssignmentDto, (v) => this.assignments.report(actor, id, v)),
      accept: () => run(AssignmentNoteDto, (v) => this.assignments.accept(actor, id, v)),
      return: () => run(ReturnAssignmentDto, (v) => this.assignments.return(actor, id, v)),
      'take-over': () => run(AssignmentNoteDto, (v) => this.assignments.takeOver(actor, id, v)),
    };
    if (!steps[action]) throw AppError.validation([{ field: 'action', key: 'validation.enum', params: { values: Object.keys(steps).join(', ') } }]);
    try {
      const problems = await steps[action]();
      if (!problems) return res.redirect(303, `/warning/assignments/${id}`);
      return this.detailView(req, res, actor, id, { [action]: { ...problems, form: body } }, 400);
    } catch (err) {
      return this.detailView(req, res, actor, id, { [action]: { ...formError(err, lang, labels), form: body } }, 400);
    }
  }

  /** The assign form on a clue's page: on a refusal the clue page comes back with the form's problems. */
  @Post('clues/:id/assign')
  async assign(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const lang = resolveLang(req);
    const labels = { unitId: t(lang, 'wa.unit'), deadline: t(lang, 'wa.deadline'), instructions: t(lang, 'wa.instructions') };
    const form = Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== '' && k !== '_csrf'));
    const v = await validateForm(AssignClueDto, form, lang, { labels });
    let problems: Problems;
    if (v.ok) {
      try {
        const a = await this.assignments.assign(actor, id, v.value);
        return res.redirect(303, `/warning/assignments/${a.id}`);
      } catch (err) {
        problems = formError(err, lang, labels);
      }
    } else problems = v;
    const page = await this.warningScreens.clue(actor, lang, id, { assign: { ...problems, form: body } });
    await this.shell.send(req, res, actor, 'warning/clue-detail', page.title, page.data, 400);
  }
}
