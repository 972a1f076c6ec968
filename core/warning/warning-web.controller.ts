import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CsrfExempt, CurrentActor } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { resolveLang, t } from '../i18n/i18n';
import { beijingMinute } from '../plugin-api';
import { pager, screenHref, screenPageWindow } from '../web/pager';
import { ShellService } from '../web/shell.service';
import { sendWorkbook } from '../web/xlsx-response';
import { formError, validateForm } from '../web/form-validation';
import { ClueService } from './clue.service';
import { EscalationService } from './escalation.service';
import { WarningAccessService } from './warning-access.service';
import { WarningAnswerService } from './warning-answer.service';
import { WarningAppealService } from './warning-appeal.service';
import { EVIDENCE_UPLOAD, UploadedEvidence, WarningEvidenceService } from './warning-evidence.service';
import { WarningInboxService } from './warning-inbox.service';
import { WarningInterviewService } from './warning-interview.service';
import { WarningNoticeService } from './warning-notice.service';
import { WarningReportService } from './warning-report.service';
import { Problems, WarningScreensService } from './warning-screens.service';
import { WarningBoardService } from './warning-board.service';
import { AnswerDto, AppealAnswerDto, AppealDto, WarningCommentDto, CreateClueDto, DismissDto, ExtensionDecisionDto, ExtensionRequestDto, FollowUpDto, InterviewDto, MergeDto, ReportQuery, ReviewDto, ScheduleInterviewDto, TransferDto, WarnDto } from './warning.dto';

/** Server-rendered screens of the warning module: parse the form, call a service, render its view model. */
@ApiExcludeController()
@Controller('warning')
export class WarningWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly screens: WarningScreensService,
    private readonly boards: WarningBoardService,
    private readonly clues: ClueService,
    private readonly warningAccess: WarningAccessService,
    private readonly notices: WarningNoticeService,
    private readonly interviews: WarningInterviewService,
    private readonly evidenceFiles: WarningEvidenceService,
    private readonly answers: WarningAnswerService,
    private readonly appeals: WarningAppealService,
    private readonly escalation: EscalationService,
    private readonly reports: WarningReportService,
    private readonly inbox: WarningInboxService,
  ) {}

  @Get('board')
  async board(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Query() q: Record<string, string>) {
    const lang = resolveLang(req);
    await this.shell.send(req, res, actor, 'warning/board', t(lang, 'warning.board'), await this.boards.board(actor, lang, q));
  }

  /** Every row the board's filters select, as an Excel workbook streamed while the rows are read. */
  @Get('board/export.xlsx')
  async boardExport(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Query() q: Record<string, string>) {
    const file = await this.boards.export(actor, resolveLang(req), q);
    await sendWorkbook(res, file.filename, 'warning-board.xlsx', file.write);
  }

  private async clueForm(req: Request, res: Response, actor: Actor, form: Record<string, unknown>, p: Problems | null, status = 200): Promise<void> {
    const lang = resolveLang(req);
    await this.shell.send(req, res, actor, 'warning/clue-new', t(lang, 'warning.new_clue'), await this.screens.clueForm(actor, lang, form, p), status);
  }

  @Get('clues/new')
  newClue(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    return this.clueForm(req, res, actor, {}, null);
  }

  @Post('clues')
  async createClue(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const lang = resolveLang(req);
    const form = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== ''));
    const v = await validateForm(CreateClueDto, form, lang);
    if (!v.ok) return this.clueForm(req, res, actor, body, v, 400);
    try {
      const c = await this.clues.createByStaff(actor, v.value);
      // A clue about the unit's head or officer goes to the level above: its author no longer sees it.
      if (!c.handlerInstitutionId && (await this.warningAccess.isLeader(actor))) return res.redirect(303, `/warning/clues/${c.id}`);
      return this.shell.send(req, res, actor, 'warning/clue-saved', t(lang, 'warning.new_clue'), { clue: c });
    } catch (err) {
      return this.clueForm(req, res, actor, body, formError(err, lang), 400);
    }
  }

  private async clueView(req: Request, res: Response, actor: Actor, id: number, forms: Record<string, Problems> = {}, status = 200): Promise<void> {
    const page = await this.screens.clue(actor, resolveLang(req), id, forms);
    await this.shell.send(req, res, actor, 'warning/clue-detail', page.title, page.data, status);
  }

  @Get('clues/:id')
  clue(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    return this.clueView(req, res, actor, id);
  }

  @Post('clues/:id/triage')
  async triage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const lang = resolveLang(req);
    const action = String(body.action ?? '');
    const steps: Record<string, () => Promise<{ href: string } | Problems>> = {
      dismiss: async () => {
        const v = await validateForm(DismissDto, body, lang);
        return v.ok ? (await this.clues.dismiss(actor, id, v.value.reason), { href: `/warning/clues/${id}` }) : v;
      },
      merge: async () => {
        const v = await validateForm(MergeDto, body, lang);
        return v.ok ? (await this.clues.merge(actor, id, v.value.intoClueId), { href: `/warning/clues/${id}` }) : v;
      },
      transfer: async () => {
        const v = await validateForm(TransferDto, body, lang);
        return v.ok ? (await this.clues.transfer(actor, id, v.value.note), { href: `/warning/clues/${id}` }) : v;
      },
      warn: async () => {
        const labels = { subjectType: t(lang, 'wl.subject_type'), subjectPersonId: t(lang, 'wl.warned_person'), subjectDepartmentId: t(lang, 'wl.warned_department'), levelCode: t(lang, 'wl.level'), title: t(lang, 'wl.matter'), reason: t(lang, 'wl.reason'), decisionBody: t(lang, 'wl.decision_body'), decisionMeetingOn: t(lang, 'wl.decision_meeting_on'), decisionMinutesNo: t(lang, 'wl.decision_minutes_no') };
        const v = await validateForm(WarnDto, body, lang, { keepEmpty: [], labels });
        if (!v.ok) return v;
        try {
          return { href: `/warning/warnings/${(await this.notices.warnFromClue(actor, id, v.value)).id}` };
        } catch (err) {
          return formError(err, lang, labels);
        }
      },
      confirm: async () => ({ href: `/warning/warnings/${(await this.escalation.confirmOnOpenWarning(actor, id)).id}` }),
    };
    if (!steps[action]) throw AppError.validation([{ field: 'action', key: 'validation.enum', params: { values: Object.keys(steps).join(', ') } }]);
    try {
      const r = await steps[action]();
      if ('href' in r) return res.redirect(303, r.href);
      return this.clueView(req, res, actor, id, { [action]: { ...r, form: body } }, 400);
    } catch (err) {
      return this.clueView(req, res, actor, id, { [action]: { ...formError(err, lang), form: body } }, 400);
    }
  }

  private async warningView(req: Request, res: Response, actor: Actor, id: number, forms: Record<string, Problems> = {}, status = 200): Promise<void> {
    const page = await this.screens.warning(actor, resolveLang(req), id, forms);
    await this.shell.send(req, res, actor, 'warning/warning-detail', page.title, page.data, status);
  }

  @Get('warnings/:id')
  warning(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    return this.warningView(req, res, actor, id);
  }

  @Post('warnings/:id/act')
  async act(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const lang = resolveLang(req);
    const action = String(body.action ?? '');
    const run = async <T extends object>(cls: (new () => T) | null, fn: (v: T) => Promise<unknown>): Promise<Problems | null> => {
      if (!cls) return (await fn({} as T), null);
      const v = await validateForm(cls, body, lang);
      if (!v.ok) return v;
      await fn(v.value);
      return null;
    };
    const steps: Record<string, () => Promise<Problems | null>> = {
      issue: () => run(null, () => this.notices.issue(actor, id)),
      'schedule-interview': () => run(ScheduleInterviewDto, (v) => this.interviews.scheduleInterview(actor, id, v)),
      interview: () => run(InterviewDto, (v) => this.interviews.interview(actor, id, v)),
      answer: () => run(AnswerDto, (v) => this.answers.answer(actor, id, v)),
      review: () => run(ReviewDto, (v) => this.answers.review(actor, id, v)),
      'request-extension': () => run(ExtensionRequestDto, (v) => this.answers.requestExtension(actor, id, v)),
      'decide-extension': () => run(ExtensionDecisionDto, (v) => this.answers.decideExtension(actor, id, v)),
      'follow-up': () => run(FollowUpDto, (v) => this.answers.followUp(actor, id, v)),
      release: () => run(WarningCommentDto, (v) => this.answers.release(actor, id, v)),
      appeal: () => run(AppealDto, (v) => this.appeals.appeal(actor, id, v)),
      'answer-appeal': () => run(AppealAnswerDto, (v) => this.appeals.answerAppeal(actor, id, v)),
      archive: () => run(null, () => this.answers.archive(actor, id)),
    };
    if (!steps[action]) throw AppError.validation([{ field: 'action', key: 'validation.enum', params: { values: Object.keys(steps).join(', ') } }]);
    try {
      const problems = await steps[action]();
      if (!problems) return res.redirect(303, `/warning/warnings/${id}`);
      return this.warningView(req, res, actor, id, { [action]: problems }, 400);
    } catch (err) {
      return this.warningView(req, res, actor, id, { [action]: formError(err, lang) }, 400);
    }
  }

  /** Multipart forms cannot reach the CSRF guard's body check, so the token is checked here after parsing. */
  @Post('warnings/:id/evidence')
  @CsrfExempt()
  @UseInterceptors(FileInterceptor('file', EVIDENCE_UPLOAD))
  async evidence(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, @UploadedFile() file: UploadedEvidence | undefined, @Body() body: Record<string, unknown>) {
    if (body?._csrf !== actor.csrfToken) throw new AppError(HttpStatus.FORBIDDEN, 'error.csrf');
    try {
      await this.evidenceFiles.uploadEvidence(actor, id, file);
      return res.redirect(303, `/warning/warnings/${id}`);
    } catch (err) {
      return this.warningView(req, res, actor, id, { evidence: formError(err, resolveLang(req)) }, 400);
    }
  }

  @Get('mine')
  async mine(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const lang = resolveLang(req);
    await this.shell.send(req, res, actor, 'warning/mine', t(lang, 'warning.mine'), await this.screens.mine(actor, lang));
  }

  @Get('messages')
  async messages(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Query() q: Record<string, string>) {
    const lang = resolveLang(req);
    const w = screenPageWindow(q);
    const found = await this.inbox.page(actor, w);
    await this.shell.send(req, res, actor, 'warning/messages', t(lang, 'warning.messages'), {
      rows: found.items.map((x) => ({ ...x, createdAt: beijingMinute(x.createdAt) })),
      total: t(lang, 'ui.total', { n: found.total }),
      pager: pager(lang, w, found.total, (page) => screenHref('/warning/messages', { pageSize: q.pageSize ? w.pageSize : undefined, page })),
    });
  }

  @Get('report')
  async report(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Query() q: Record<string, string>) {
    const page = await this.screens.report(actor, resolveLang(req), q);
    await this.shell.send(req, res, actor, 'warning/report', page.title, page.data);
  }

  /** Issues the quarter's 专报 PDF and comes back to the report with a link to it. */
  @Post('report/issue')
  async issueReport(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const v = await validateForm(ReportQuery, { year: body.year, quarter: body.quarter }, resolveLang(req));
    if (!v.ok) throw AppError.validation([{ field: 'quarter', key: 'validation.invalid' }]);
    const doc = await this.reports.issuePdf(actor, v.value.year, v.value.quarter);
    return res.redirect(303, `/warning/report?year=${v.value.year}&quarter=${v.value.quarter}&issued=${doc.id}&number=${encodeURIComponent(doc.number)}`);
  }
}
