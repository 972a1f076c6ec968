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
import { ApiCreated, ApiFile, ApiOk, ApiOkNullable, OkResponse, PageOf } from '../http/api-responses';
import { IssuedDocumentResponse } from '../documents/documents-responses';
import { ClueResponse, EvidenceResponse, InterviewerResponse, QuarterlyReportResponse, WarningMessageResponse, WarningPaletteResponse, WarningResponse, WarningScanResponse } from './warning-responses';

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
  @ApiOperation({ summary: '查询预警等级设置', description: 'The current institution\'s warning levels: palette, deadlines, deciders, documents.' })
  @ApiOkNullable(WarningPaletteResponse, '当前单位的预警等级设置；没有当前单位时为 null')
  async levels(@CurrentActor() actor: Actor) {
    return actor.currentInstitutionId ? this.cfg.palette(actor.currentInstitutionId) : null;
  }

  @Post('clues')
  @ApiOperation({ summary: '登记预警信息', description: 'Staff entry of a clue (预警信息).' })
  @ApiCreated(ClueResponse)
  createClue(@CurrentActor() actor: Actor, @Body() dto: CreateClueDto) {
    return this.clues.createByStaff(actor, dto);
  }

  @Post('clues/rule-hits')
  @Roles('system-admin', 'discipline-officer')
  @ApiOperation({ summary: '上报规则命中', description: 'Internal API: a rule engine reports a hit (rule id, version and inputs).' })
  @ApiCreated(ClueResponse, '登记的预警信息')
  ruleHit(@CurrentActor() actor: Actor, @Body() dto: RuleHitDto) {
    return this.clues.reportRuleHit(actor, dto);
  }

  @Get('clues')
  @ApiOperation({ summary: '查询预警信息', description: 'Lists the clues the caller may see, with filters.' })
  @ApiOk(PageOf(ClueResponse))
  listClues(@CurrentActor() actor: Actor, @Query() q: ClueListQuery) {
    return this.clues.page(actor, { status: q.status, source: q.source, unit: q.unit }, pageWindow(q));
  }

  @Get('clues/:id')
  @ApiOperation({ summary: '查看预警信息', description: 'Reads one clue.' })
  @ApiOk(ClueResponse)
  getClue(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.clues.get(actor, id);
  }

  @Post('clues/:id/dismiss')
  @HttpCode(200)
  @ApiOperation({ summary: '排除预警信息', description: 'Closes a clue with no warning, with the reason.' })
  @ApiOk(ClueResponse)
  dismiss(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: DismissDto) {
    return this.clues.dismiss(actor, id, dto.reason);
  }

  @Post('clues/:id/merge')
  @HttpCode(200)
  @ApiOperation({ summary: '合并预警信息', description: 'Merges the clue into another clue.' })
  @ApiOk(ClueResponse)
  merge(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: MergeDto) {
    return this.clues.merge(actor, id, dto.intoClueId);
  }

  @Post('clues/:id/transfer')
  @HttpCode(200)
  @ApiOperation({ summary: '转为案件线索', description: 'Transfers the clue as a case clue (案件线索); it leaves the warning flow.' })
  @ApiOk(ClueResponse)
  transfer(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: TransferDto) {
    return this.clues.transfer(actor, id, dto.note);
  }

  @Post('clues/:id/warn')
  @ApiOperation({ summary: '作出预警', description: 'Turns the clue into a warning at a level the caller may decide.' })
  @ApiCreated(WarningResponse, '作出的预警')
  warn(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: WarnDto) {
    return this.notices.warnFromClue(actor, id, dto);
  }

  @Post('clues/:id/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: '再次确认并升级预警', description: 'Confirmed again on a subject with an open warning: escalates that warning.' })
  @ApiOk(WarningResponse, '升级后的预警')
  confirm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.escalation.confirmOnOpenWarning(actor, id);
  }

  @Get('warnings')
  @ApiOperation({ summary: '查询预警', description: 'Lists the warnings the caller may see, with filters.' })
  @ApiOk(PageOf(WarningResponse))
  listWarnings(@CurrentActor() actor: Actor, @Query() q: WarningListQuery) {
    return this.views.page(actor, { status: q.status, level: q.level, open: q.open, unit: q.unit }, pageWindow(q));
  }

  @Get('warnings/:id')
  @ApiOperation({ summary: '查看预警', description: 'Reads one warning with its history and documents.' })
  @ApiOk(WarningResponse)
  getWarning(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.views.get(actor, id);
  }

  @Post('warnings/:id/issue')
  @HttpCode(200)
  @ApiOperation({ summary: '印发预警通知书', description: 'Issues the warning notice as a numbered PDF.' })
  @ApiOk(WarningResponse)
  issue(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.notices.issue(actor, id);
  }

  @Get('warnings/:id/interviewers')
  @ApiOperation({ summary: '查询可选约谈人', description: 'Accounts of the institution that may be picked as interviewers.' })
  @ApiOk([InterviewerResponse])
  interviewers(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.interviews.interviewers(actor, id);
  }

  @Post('warnings/:id/schedule-interview')
  @HttpCode(200)
  @ApiOperation({ summary: '安排约谈', description: 'Sets time, place and interviewers and issues the 约谈通知单 PDF.' })
  @ApiOk(WarningResponse)
  scheduleInterview(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ScheduleInterviewDto) {
    return this.interviews.scheduleInterview(actor, id, dto);
  }

  @Post('warnings/:id/interview')
  @HttpCode(200)
  @ApiOperation({ summary: '登记约谈情况', description: 'Records the interview held: at least two interviewers, the lead, day, place and notes.' })
  @ApiOk(WarningResponse)
  interview(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: InterviewDto) {
    return this.interviews.interview(actor, id, dto);
  }

  @Post('warnings/:id/evidence')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(FileInterceptor('file', EVIDENCE_UPLOAD))
  @ApiOperation({ summary: '上传预警佐证材料', description: 'Uploads one evidence file (PDF, PNG or JPEG, at most 5 MB).' })
  @ApiCreated(EvidenceResponse, '已上传的材料')
  evidence(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @UploadedFile() file: UploadedEvidence | undefined) {
    return this.evidenceFiles.uploadEvidence(actor, id, file);
  }

  @Get('warnings/:id/evidence/:evidenceId')
  @ApiOperation({ summary: '下载预警佐证材料', description: 'Downloads one evidence file of a warning.' })
  @ApiFile(['application/pdf', 'image/png', 'image/jpeg'], '佐证材料文件')
  async evidenceFile(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('evidenceId', IdPipe) evidenceId: number, @Res() res: Response) {
    const f = await this.evidenceFiles.evidenceFile(actor, id, evidenceId);
    res.type(f.mime).setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
    res.send(f.data);
  }

  @Post('warnings/:id/answer')
  @HttpCode(200)
  @ApiOperation({ summary: '提交情况说明和整改措施', description: 'The warned person answers with an explanation or rectification measures and attaches evidence.' })
  @ApiOk(WarningResponse)
  answer(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: AnswerDto) {
    return this.answers.answer(actor, id, dto);
  }

  @Post('warnings/:id/review')
  @HttpCode(200)
  @ApiOperation({ summary: '审核整改情况', description: 'Reviews the rectification answer: accept or ask for more.' })
  @ApiOk(WarningResponse)
  review(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReviewDto) {
    return this.answers.review(actor, id, dto);
  }

  @Post('warnings/:id/extension')
  @HttpCode(200)
  @ApiOperation({ summary: '申请延期整改', description: 'Asks for more time to rectify, with the reason.' })
  @ApiOk(WarningResponse)
  requestExtension(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ExtensionRequestDto) {
    return this.answers.requestExtension(actor, id, dto);
  }

  @Post('warnings/:id/extension/decision')
  @HttpCode(200)
  @ApiOperation({ summary: '审批延期申请', description: 'Grants or refuses the extension request.' })
  @ApiOk(WarningResponse)
  decideExtension(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ExtensionDecisionDto) {
    return this.answers.decideExtension(actor, id, dto);
  }

  @Post('warnings/:id/follow-up')
  @HttpCode(200)
  @ApiOperation({ summary: '登记跟踪回访', description: 'Records a follow-up visit after rectification.' })
  @ApiOk(WarningResponse)
  followUp(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: FollowUpDto) {
    return this.answers.followUp(actor, id, dto);
  }

  @Post('warnings/:id/release')
  @HttpCode(200)
  @ApiOperation({ summary: '解除预警', description: 'Releases the warning with a leader\'s approval; the level may issue a release notice right after.' })
  @ApiOk(WarningResponse)
  release(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: WarningCommentDto) {
    return this.answers.release(actor, id, dto);
  }

  @Post('warnings/:id/appeal')
  @HttpCode(200)
  @ApiOperation({ summary: '提出预警申诉', description: 'The warned party appeals against the warning.' })
  @ApiOk(WarningResponse)
  appeal(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: AppealDto) {
    return this.appeals.appeal(actor, id, dto);
  }

  @Post('warnings/:id/appeal/answer')
  @HttpCode(200)
  @ApiOperation({ summary: '答复预警申诉', description: 'Answers the appeal.' })
  @ApiOk(WarningResponse)
  answerAppeal(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: AppealAnswerDto) {
    return this.appeals.answerAppeal(actor, id, dto);
  }

  @Post('warnings/:id/archive')
  @HttpCode(200)
  @ApiOperation({ summary: '预警归档', description: 'Archives the closed warning.' })
  @ApiOk(WarningResponse)
  archiveWarning(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.answers.archive(actor, id);
  }

  @Get('warnings/:id/archive.zip')
  @ApiOperation({ summary: '下载一事一档（ZIP）', description: 'One matter, one file: ZIP with summary.json, summary.html and the evidence.' })
  @ApiFile('application/zip', '一事一档 ZIP')
  async archiveZip(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Res() res: Response) {
    const zip = await this.archive.zip(actor, id);
    res.type('application/zip').setHeader('Content-Disposition', `attachment; filename="warning-${id}.zip"`);
    res.send(zip);
  }

  @Post('scan')
  @HttpCode(200)
  @Roles('discipline-officer')
  @ApiOperation({ summary: '立即运行预警升级与提醒扫描', description: 'Runs the escalation and reminder scan now (it also runs on a schedule).' })
  @ApiOk(WarningScanResponse)
  scan() {
    return this.escalation.scan();
  }

  @Get('reports/quarterly')
  @ApiOperation({ summary: '查询季度预警专报数据', description: '《廉政风险信息预警专报》 data for a quarter.' })
  @ApiOk(QuarterlyReportResponse)
  quarterly(@CurrentActor() actor: Actor, @Query() q: ReportQuery) {
    return this.reports.quarterly(actor, q.year, q.quarter);
  }

  @Post('reports/quarterly/pdf')
  @Roles('discipline-officer', 'head')
  @ApiOperation({ summary: '印发季度预警专报（PDF）', description: 'Issues the quarter\'s report as a numbered PDF.' })
  @ApiCreated(IssuedDocumentResponse, '已印发')
  quarterlyPdf(@CurrentActor() actor: Actor, @Body() q: ReportQuery) {
    return this.reports.issuePdf(actor, q.year, q.quarter);
  }

  @Get('messages')
  @ApiOperation({ summary: '查询预警消息', description: 'One page of the caller\'s in-app messages, newest first.' })
  @ApiOk(PageOf(WarningMessageResponse))
  messages(@CurrentActor() actor: Actor, @Query() q: PageQuery) {
    return this.inbox.page(actor, pageWindow(q));
  }

  @Post('messages/:id/read')
  @HttpCode(200)
  @ApiOperation({ summary: '预警消息标为已读', description: 'Marks one in-app message read.' })
  @ApiOk(OkResponse)
  read(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.inbox.markRead(actor, id);
  }
}
