import { PageQuery, pageWindow } from '../http/pagination';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { ClueService } from './clue.service';
import { EscalationService } from './escalation.service';
import { WarningAnswerService } from './warning-answer.service';
import { WarningAppealService } from './warning-appeal.service';
import { WarningArchiveService } from './warning-archive.service';
import { WarningConfigService } from './warning-config.service';
import { EVIDENCE_UPLOAD, UploadedEvidence, WarningEvidenceService } from './warning-evidence.service';
import { WarningInboxService } from './warning-inbox.service';
import { WarningInterviewService } from './warning-interview.service';
import { WarningNoticeService } from './warning-notice.service';
import { WarningReportService } from './warning-report.service';
import {
  AnswerDto,
  AppealAnswerDto,
  AppealDto,
  ClueListQuery,
  WarningCommentDto,
  CreateClueDto,
  DismissDto,
  ExtensionDecisionDto,
  ExtensionRequestDto,
  FollowUpDto,
  InterviewDto,
  MergeDto,
  ReportQuery,
  ReviewDto,
  RuleHitDto,
  ScheduleInterviewDto,
  TransferDto,
  WarnDto,
  WarningListQuery,
} from './warning.dto';
import { WarningViewService } from './warning-view.service';

@ApiTags('warning')
@Controller('api/warning')
export class WarningController {
  constructor(
    private readonly clues: ClueService,
    private readonly views: WarningViewService,
    private readonly notices: WarningNoticeService,
    private readonly interviews: WarningInterviewService,
    private readonly evidenceFiles: WarningEvidenceService,
    private readonly answers: WarningAnswerService,
    private readonly appeals: WarningAppealService,
    private readonly escalation: EscalationService,
    private readonly reports: WarningReportService,
    private readonly archive: WarningArchiveService,
    private readonly inbox: WarningInboxService,
    private readonly cfg: WarningConfigService,
  ) {}

  @Get('levels')
  @ApiOperation({ summary: "The current institution's warning levels (palette, deadlines, deciders, documents)" })
  async levels(@CurrentActor() actor: Actor) {
    return actor.currentInstitutionId ? this.cfg.palette(actor.currentInstitutionId) : null;
  }

  @Post('clues')
  @ApiOperation({ summary: 'Staff entry of a clue (预警信息)' })
  createClue(@CurrentActor() actor: Actor, @Body() dto: CreateClueDto) {
    return this.clues.createByStaff(actor, dto);
  }

  @Post('clues/rule-hits')
  @Roles('system-admin', 'discipline-officer')
  @ApiOperation({ summary: 'Internal API: a rule engine reports a hit (rule id, version and inputs)' })
  ruleHit(@CurrentActor() actor: Actor, @Body() dto: RuleHitDto) {
    return this.clues.reportRuleHit(actor, dto);
  }

  @Get('clues')
  listClues(@CurrentActor() actor: Actor, @Query() q: ClueListQuery) {
    return this.clues.page(actor, { status: q.status, source: q.source, unit: q.unit }, pageWindow(q));
  }

  @Get('clues/:id')
  getClue(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.clues.get(actor, id);
  }

  @Post('clues/:id/dismiss')
  @HttpCode(200)
  dismiss(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: DismissDto) {
    return this.clues.dismiss(actor, id, dto.reason);
  }

  @Post('clues/:id/merge')
  @HttpCode(200)
  merge(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: MergeDto) {
    return this.clues.merge(actor, id, dto.intoClueId);
  }

  @Post('clues/:id/transfer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Transfer as a case clue (案件线索): leaves the warning flow' })
  transfer(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: TransferDto) {
    return this.clues.transfer(actor, id, dto.note);
  }

  @Post('clues/:id/warn')
  @ApiOperation({ summary: 'Turn the clue into a warning at a level the caller may decide' })
  warn(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: WarnDto) {
    return this.notices.warnFromClue(actor, id, dto);
  }

  @Post('clues/:id/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirmed again on a subject with an open warning: escalates that warning' })
  confirm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.escalation.confirmOnOpenWarning(actor, id);
  }

  @Get('warnings')
  listWarnings(@CurrentActor() actor: Actor, @Query() q: WarningListQuery) {
    return this.views.page(actor, { status: q.status, level: q.level, open: q.open, unit: q.unit }, pageWindow(q));
  }

  @Get('warnings/:id')
  getWarning(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.views.get(actor, id);
  }

  @Post('warnings/:id/issue')
  @HttpCode(200)
  issue(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.notices.issue(actor, id);
  }

  @Get('warnings/:id/interviewers')
  @ApiOperation({ summary: 'Accounts of the institution that may be picked as interviewers (by name; lead marks the lead rank)' })
  interviewers(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.interviews.interviewers(actor, id);
  }

  @Post('warnings/:id/schedule-interview')
  @HttpCode(200)
  @ApiOperation({ summary: '约谈安排: time, place, interviewers; issues the 约谈通知单 PDF' })
  scheduleInterview(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ScheduleInterviewDto) {
    return this.interviews.scheduleInterview(actor, id, dto);
  }

  @Post('warnings/:id/interview')
  @HttpCode(200)
  interview(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: InterviewDto) {
    return this.interviews.interview(actor, id, dto);
  }

  @Post('warnings/:id/evidence')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Upload one evidence file (PDF, PNG or JPEG, at most 5 MB); send the CSRF token as X-CSRF-Token' })
  @UseInterceptors(FileInterceptor('file', EVIDENCE_UPLOAD))
  evidence(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @UploadedFile() file: UploadedEvidence | undefined) {
    return this.evidenceFiles.uploadEvidence(actor, id, file);
  }

  @Get('warnings/:id/evidence/:evidenceId')
  async evidenceFile(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('evidenceId', IdPipe) evidenceId: number, @Res() res: Response) {
    const f = await this.evidenceFiles.evidenceFile(actor, id, evidenceId);
    res.type(f.mime).setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
    res.send(f.data);
  }

  @Post('warnings/:id/answer')
  @HttpCode(200)
  answer(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: AnswerDto) {
    return this.answers.answer(actor, id, dto);
  }

  @Post('warnings/:id/review')
  @HttpCode(200)
  review(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReviewDto) {
    return this.answers.review(actor, id, dto);
  }

  @Post('warnings/:id/extension')
  @HttpCode(200)
  requestExtension(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ExtensionRequestDto) {
    return this.answers.requestExtension(actor, id, dto);
  }

  @Post('warnings/:id/extension/decision')
  @HttpCode(200)
  decideExtension(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ExtensionDecisionDto) {
    return this.answers.decideExtension(actor, id, dto);
  }

  @Post('warnings/:id/follow-up')
  @HttpCode(200)
  followUp(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: FollowUpDto) {
    return this.answers.followUp(actor, id, dto);
  }

  @Post('warnings/:id/release')
  @HttpCode(200)
  release(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: WarningCommentDto) {
    return this.answers.release(actor, id, dto);
  }

  @Post('warnings/:id/appeal')
  @HttpCode(200)
  appeal(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: AppealDto) {
    return this.appeals.appeal(actor, id, dto);
  }

  @Post('warnings/:id/appeal/answer')
  @HttpCode(200)
  answerAppeal(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: AppealAnswerDto) {
    return this.appeals.answerAppeal(actor, id, dto);
  }

  @Post('warnings/:id/archive')
  @HttpCode(200)
  archiveWarning(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.answers.archive(actor, id);
  }

  @Get('warnings/:id/archive.zip')
  @ApiOperation({ summary: 'One matter, one file (一事一档): ZIP with summary.json, summary.html and the evidence' })
  async archiveZip(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Res() res: Response) {
    const zip = await this.archive.zip(actor, id);
    res.type('application/zip').setHeader('Content-Disposition', `attachment; filename="warning-${id}.zip"`);
    res.send(zip);
  }

  @Post('scan')
  @HttpCode(200)
  @Roles('discipline-officer')
  @ApiOperation({ summary: 'Run the escalation and reminder scan now (it also runs on a schedule)' })
  scan() {
    return this.escalation.scan();
  }

  @Get('reports/quarterly')
  @ApiOperation({ summary: '《廉政风险信息预警专报》 data for a quarter' })
  quarterly(@CurrentActor() actor: Actor, @Query() q: ReportQuery) {
    return this.reports.quarterly(actor, q.year, q.quarter);
  }

  @Post('reports/quarterly/pdf')
  @Roles('discipline-officer', 'head')
  @ApiOperation({ summary: 'Issue the quarter\'s 专报 as a numbered PDF (readable by discipline officers and the head)' })
  quarterlyPdf(@CurrentActor() actor: Actor, @Body() q: ReportQuery) {
    return this.reports.issuePdf(actor, q.year, q.quarter);
  }

  @Get('messages')
  @ApiOperation({ summary: "One page of the caller's in-app messages, newest first" })
  messages(@CurrentActor() actor: Actor, @Query() q: PageQuery) {
    return this.inbox.page(actor, pageWindow(q));
  }

  @Post('messages/:id/read')
  @HttpCode(200)
  read(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.inbox.markRead(actor, id);
  }
}
