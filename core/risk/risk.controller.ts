import { Body, Controller, Delete, Get, Param, Patch, Post, Query, Req, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import * as fs from 'node:fs';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { pageWindow } from '../http/pagination';
import { resolveLang } from '../i18n/i18n';
import { MAX_FLOW_CHART_BYTES } from './file-type';
import { IdentificationService } from './identification.service';
import { PowerService, UploadedFileLike } from './power.service';
import { RiskContext } from './risk-context.service';
import { RiskPointService } from './risk-point.service';
import { CommitmentService } from './commitment.service';
import { SelfCheckService } from './self-check.service';
import { ImportRejected, RiskExcelService } from './risk-excel.service';
import { errorBody } from '../http/all-exceptions.filter';
import { Clock } from '../clock/clock';
import { Roles } from '../auth/auth.decorators';
import { PublicationService } from './publication.service';
import { PublicationCommentDto, ContributeDto, CreateCommitmentDto, CreatePowerDto, CreateRiskPointDto, InstitutionQuery, PowerListQuery, PublishDto, ExportQuery, RegradeDto, ReviseDto, RiskListQuery, SelfCheckListQuery, SelfCheckReportDto, SendBackDto, UpdatePowerDto, UpdateRiskPointDto } from './risk.dto';
import { riskSettingsView } from './risk-settings.view';
import { RiskDocumentsService } from './risk-documents.service';
import { ImportPresetsDto, IssueRiskDocumentDto, MessageListQuery, PresetPreviewQuery } from './risk.dto';
import { PresetImportRejected, RiskPresetsImportService } from './risk-presets-import.service';
import { ApiCreated, ApiFile, ApiOk, OkResponse, PageOf } from '../http/api-responses';
import { IssuedDocumentResponse } from '../documents/documents-responses';
import { CommitmentResponse, CreatedIdsResponse, MarkedReadResponse, PowerDetailResponse, PowerResponse, PresetPreviewResponse, PresetSetResponse, PublicationResponse, PublicationSummaryResponse, RiskImportResponse, RiskMessageResponse, RiskPointListItemResponse, RiskPointPageResponse, RiskPointResponse, RiskSettingsResponse, RotationResponse, SelfCheckResponse, SelfCheckScanResponse, UnreadCountResponse } from './risk-responses';

// No storage option: multer keeps the upload in memory, so its bytes can be checked before anything is written.
export const FLOW_CHART_UPLOAD = FileInterceptor('file', { limits: { fileSize: MAX_FLOW_CHART_BYTES, files: 1, fields: 5 } });
export const EXCEL_UPLOAD = FileInterceptor('file', { limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 5 } });

@ApiTags('risk')
@Controller('api/risk')
export class RiskController {
  constructor(
    private readonly ctx: RiskContext,
    private readonly powers: PowerService,
    private readonly points: RiskPointService,
    private readonly identification: IdentificationService,
    private readonly publications: PublicationService,
    private readonly commitments: CommitmentService,
    private readonly selfChecks: SelfCheckService,
    private readonly clock: Clock,
    private readonly excel: RiskExcelService,
    private readonly riskDocuments: RiskDocumentsService,
    private readonly presets: RiskPresetsImportService,
  ) {}

  @Get('settings')
  @ApiOperation({ summary: '查看廉政风险设置', description: 'The institution\'s risk settings: categories, grades and extension fields.' })
  @ApiOk(RiskSettingsResponse)
  async settings(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery, @Req() req: Request) {
    const id = await this.ctx.target(actor, q.institutionId);
    return riskSettingsView(await this.ctx.settings(id), await this.ctx.extensionFields(id), resolveLang(req));
  }

  // ---- power catalogue ----
  @Get('powers')
  @ApiOperation({ summary: '查询权力事项清单', description: 'Lists the institution\'s power catalogue entries (removed ones on request).' })
  @ApiOk([PowerResponse])
  async listPowers(@CurrentActor() actor: Actor, @Query() q: PowerListQuery) {
    return this.powers.list(actor, await this.ctx.target(actor, q.institutionId), q.includeRemoved === 'true');
  }

  @Post('powers')
  @ApiOperation({ summary: '新增权力事项', description: 'Adds an entry to the institution\'s power catalogue.' })
  @ApiCreated(PowerDetailResponse)
  async createPower(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery, @Body() dto: CreatePowerDto) {
    return this.powers.create(actor, await this.ctx.target(actor, q.institutionId), dto);
  }

  @Get('powers/:id')
  @ApiOperation({ summary: '查看权力事项', description: 'Reads one power catalogue entry.' })
  @ApiOk(PowerDetailResponse)
  getPower(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.powers.get(actor, id);
  }

  @Patch('powers/:id')
  @ApiOperation({ summary: '修改权力事项', description: 'Changes one power catalogue entry.' })
  @ApiOk(PowerDetailResponse)
  updatePower(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdatePowerDto) {
    return this.powers.update(actor, id, dto);
  }

  @Delete('powers/:id')
  @ApiOperation({ summary: '删除权力事项', description: 'Removes one power catalogue entry (kept in history).' })
  @ApiOk(PowerDetailResponse, '已删除（保留在历史中），返回删除后的事项')
  removePower(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.powers.remove(actor, id);
  }

  @Post('powers/:id/flow-chart')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(FLOW_CHART_UPLOAD)
  @ApiOperation({ summary: '上传权力运行流程图', description: 'Uploads the flow chart of a power catalogue entry.' })
  @ApiCreated(PowerDetailResponse, '已上传，返回事项')
  uploadFlowChart(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @UploadedFile() file: UploadedFileLike | undefined) {
    return this.powers.uploadFlowChart(actor, id, file);
  }

  @Get('powers/:id/flow-chart')
  @ApiOperation({ summary: '下载权力运行流程图', description: 'Downloads the flow chart of a power catalogue entry.' })
  @ApiFile(['application/pdf', 'image/png', 'image/jpeg'], '流程图文件')
  async flowChart(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Res({ passthrough: true }) res: Response) {
    const f = await this.powers.flowChart(actor, id);
    res.setHeader('Content-Type', f.mime);
    res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    return new StreamableFile(fs.createReadStream(f.file));
  }

  // ---- risk points ----
  @Get('points')
  @ApiOperation({ summary: '查询廉政风险点', description: 'Lists the institution\'s risk points with filters.' })
  @ApiOk(RiskPointPageResponse)
  listPoints(@CurrentActor() actor: Actor, @Query() q: RiskListQuery, @Req() req: Request) {
    return this.points.list(actor, q, resolveLang(req));
  }

  @Get('points/top')
  @ApiOperation({ summary: '查看风险指数最高的十个风险点', description: 'The ten risk points of the institution with the highest risk index.' })
  @ApiOk([RiskPointListItemResponse])
  top(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery, @Req() req: Request) {
    return this.points.top(actor, q.institutionId, resolveLang(req));
  }

  @Post('points')
  @ApiOperation({ summary: '新增廉政风险点', description: 'Creates a draft risk point (step 1 of the identification flow).' })
  @ApiCreated(RiskPointResponse)
  async createPoint(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery, @Body() dto: CreateRiskPointDto, @Req() req: Request) {
    const id = await this.points.create(actor, await this.ctx.target(actor, q.institutionId), dto);
    return this.points.get(actor, id, resolveLang(req));
  }

  @Get('points/:id')
  @ApiOperation({ summary: '查看廉政风险点', description: 'Reads one risk point with its steps and history.' })
  @ApiOk(RiskPointResponse)
  getPoint(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request) {
    return this.points.get(actor, id, resolveLang(req));
  }

  @Patch('points/:id')
  @ApiOperation({ summary: '修改廉政风险点', description: 'Changes a risk point.' })
  @ApiOk(RiskPointResponse)
  async updatePoint(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateRiskPointDto, @Req() req: Request) {
    await this.points.update(actor, id, dto);
    return this.points.get(actor, id, resolveLang(req));
  }

  @Post('points/:id/regrade')
  @ApiOperation({ summary: '调整风险等级', description: 'Changes the grade of a risk point, with the reason.' })
  @ApiCreated(RiskPointResponse, '已调整，返回风险点')
  async regrade(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: RegradeDto, @Req() req: Request) {
    await this.points.regrade(actor, id, dto);
    return this.points.get(actor, id, resolveLang(req));
  }

  @Post('points/:id/steps/:step')
  @ApiOperation({ summary: '提交风险点审核步骤', description: 'Completes one step of the risk point\'s identification and review flow.' })
  @ApiCreated(RiskPointResponse, '已提交，返回风险点')
  async contribute(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('step', IdPipe) stepNo: number, @Body() dto: ContributeDto, @Req() req: Request) {
    // Steps are numbered from 1 in URLs, as users count them.
    await this.identification.contribute(actor, id, stepNo - 1, dto.content);
    return this.points.get(actor, id, resolveLang(req));
  }

  @Post('points/:id/send-back')
  @ApiOperation({ summary: '退回风险点', description: 'Sends a risk point back to an earlier step, with the reason.' })
  @ApiCreated(RiskPointResponse, '已退回，返回风险点')
  async sendBack(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: SendBackDto, @Req() req: Request) {
    await this.identification.sendBack(actor, id, dto.toStep - 1, dto.reason);
    return this.points.get(actor, id, resolveLang(req));
  }

  // ---- publication (公示) ----
  @Get('publications')
  @ApiOperation({ summary: '查询风险点公示', description: 'Lists the institution\'s publications of risk points.' })
  @ApiOk([PublicationSummaryResponse])
  async listPublications(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery) {
    return this.publications.list(actor, await this.ctx.target(actor, q.institutionId));
  }

  @Post('publications')
  @ApiOperation({ summary: '发布风险点公示', description: 'Publishes risk points for comments during a period.' })
  @ApiCreated(PublicationResponse)
  async publish(@CurrentActor() actor: Actor, @Body() dto: PublishDto) {
    const id = await this.publications.publish(actor, await this.ctx.target(actor, dto.institutionId), dto);
    return this.publications.get(actor, id);
  }

  @Get('publications/:id')
  @ApiOperation({ summary: '查看风险点公示', description: 'Reads one publication with its comments.' })
  @ApiOk(PublicationResponse)
  getPublication(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.publications.get(actor, id);
  }

  @Post('publications/:id/comments')
  @ApiOperation({ summary: '提交公示意见', description: 'Adds a comment to a publication.' })
  @ApiCreated(PublicationResponse, '已提交，返回公示')
  async comment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: PublicationCommentDto) {
    await this.publications.comment(actor, id, dto);
    return this.publications.get(actor, id);
  }

  @Post('publications/:id/revise')
  @ApiOperation({ summary: '修订风险点并重新公示', description: 'After objections, publishes the revised points again as a new version.' })
  @ApiCreated(PublicationResponse, '新版公示')
  async revise(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReviseDto) {
    return this.publications.get(actor, await this.publications.revise(actor, id, dto));
  }

  // ---- commitments (承诺书) ----
  @Get('commitments')
  @ApiOperation({ summary: '查询廉政承诺', description: 'Lists the institution\'s integrity commitments.' })
  @ApiOk([CommitmentResponse])
  async listCommitments(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery) {
    return this.commitments.list(actor, await this.ctx.target(actor, q.institutionId));
  }

  @Post('commitments')
  @ApiOperation({ summary: '起草廉政承诺书', description: 'Draws up a personal or department integrity commitment for a year, covering chosen risk points.' })
  @ApiCreated(CommitmentResponse)
  async createCommitment(@CurrentActor() actor: Actor, @Body() dto: CreateCommitmentDto) {
    const institutionId = await this.ctx.target(actor, dto.institutionId);
    const id = await this.commitments.create(actor, institutionId, dto);
    return (await this.commitments.list(actor, institutionId)).find((c) => c.id === id);
  }

  @Post('commitments/:id/acknowledge')
  @ApiOperation({ summary: '签署廉政承诺书', description: 'The person signs a personal commitment; the department\'s head signs a department one.' })
  @ApiCreated(OkResponse, '已签署')
  async acknowledge(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    await this.commitments.acknowledge(actor, id);
    return { ok: true };
  }

  // ---- self-checks (自查) ----
  @Get('self-checks')
  @ApiOperation({ summary: '查询风险自查任务', description: 'Lists the institution\'s self-check tasks, by status.' })
  @ApiOk([SelfCheckResponse])
  async listSelfChecks(@CurrentActor() actor: Actor, @Query() q: SelfCheckListQuery) {
    return this.selfChecks.list(actor, await this.ctx.target(actor, q.institutionId), q.status);
  }

  /** Runs the scheduled scan now (it also runs hourly); safe to repeat. */
  @Roles('discipline-officer')
  @Post('self-checks/scan')
  @ApiOperation({ summary: '立即运行自查任务扫描', description: 'Runs the scheduled self-check scan now (it also runs hourly); safe to repeat.' })
  @ApiCreated(SelfCheckScanResponse, '扫描结果')
  scan() {
    return this.selfChecks.runSelfCheckScan(this.clock.now());
  }

  @Post('self-checks/:id/submit')
  @ApiOperation({ summary: '提交自查报告', description: 'Submits the report of a self-check task.' })
  @ApiCreated(OkResponse, '已提交')
  async submitSelfCheck(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: SelfCheckReportDto) {
    await this.selfChecks.submit(actor, id, dto.report);
    return { ok: true };
  }

  @Get('rotation')
  @ApiOperation({ summary: '查询应轮岗人员', description: 'People on an A-grade post for at least the rotation period, computed now.' })
  @ApiOk([RotationResponse])
  async rotation(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery) {
    return this.selfChecks.rotationList(actor, await this.ctx.target(actor, q.institutionId));
  }

  /** One page of the caller's reminders, newest first; `readAt` is null while unread. `?unread=true` lists only unread ones. */
  @Get('messages')
  @ApiOperation({ summary: '查询风险提醒消息', description: 'One page of the caller\'s reminders, newest first.' })
  @ApiOk(PageOf(RiskMessageResponse))
  messages(@CurrentActor() actor: Actor, @Query() q: MessageListQuery) {
    return this.selfChecks.messages(actor, pageWindow(q), { unreadOnly: q.unread === 'true' });
  }

  @Get('messages/unread-count')
  @ApiOperation({ summary: '查询未读提醒数', description: 'How many of the caller\'s reminders are unread.' })
  @ApiOk(UnreadCountResponse)
  async unreadCount(@CurrentActor() actor: Actor) {
    return { unread: await this.selfChecks.unreadCount(actor) };
  }

  @Post('messages/read-all')
  @ApiOperation({ summary: '全部提醒标为已读', description: 'Marks all of the caller\'s reminders read.' })
  @ApiCreated(MarkedReadResponse, '已标为已读')
  async readAll(@CurrentActor() actor: Actor) {
    return { marked: await this.selfChecks.markRead(actor), unread: await this.selfChecks.unreadCount(actor) };
  }

  @Post('messages/:id/read')
  @ApiOperation({ summary: '提醒标为已读', description: 'Marks one reminder read.' })
  @ApiCreated(MarkedReadResponse, '已标为已读')
  async read(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return { marked: await this.selfChecks.markRead(actor, id), unread: await this.selfChecks.unreadCount(actor) };
  }

  // ---- catalogues as PDF (documents pipeline) ----
  /** Issues 《权力廉政风险等级目录》, 《廉政风险点汇总表》 or 附表1-3 as a numbered PDF; download it from /api/documents/:id/pdf. */
  @Post('documents')
  @ApiOperation({ summary: '印发风险目录文书（PDF）', description: 'Issues the risk catalogue, the risk point summary or 附表1-3 as a numbered PDF.' })
  @ApiCreated(IssuedDocumentResponse, '已印发')
  async issueDocument(@CurrentActor() actor: Actor, @Body() dto: IssueRiskDocumentDto) {
    return this.riskDocuments.issue(actor, await this.ctx.target(actor, dto.institutionId), dto);
  }

  // ---- plugins' preset risk points ----
  /** The preset sets of the plugins this institution enables. */
  @Get('presets')
  @ApiOperation({ summary: '查询预置风险点集', description: 'The preset risk point sets of the plugins the institution enables.' })
  @ApiOk([PresetSetResponse])
  async presetSets(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery, @Req() req: Request) {
    return this.presets.sets(await this.ctx.target(actor, q.institutionId), resolveLang(req));
  }

  /** What an import would create: post, holder, category, grade and measures per preset, with any problem named. */
  @Get('presets/:pluginId')
  @ApiOperation({ summary: '预览预置风险点导入', description: 'What importing a plugin\'s presets would create, with any problem named.' })
  @ApiOk([PresetPreviewResponse])
  async presetPreview(@CurrentActor() actor: Actor, @Param('pluginId') pluginId: string, @Query() q: PresetPreviewQuery, @Req() req: Request) {
    return this.presets.preview(actor, await this.ctx.target(actor, q.institutionId), pluginId, q.fallbackCategory, resolveLang(req));
  }

  /** Creates draft points (step 1) for the chosen presets; all-or-nothing, problems as `errors: [{presetId, message}]`. */
  @Post('presets/:pluginId/import')
  @ApiOperation({ summary: '导入预置风险点', description: 'Creates draft risk points from the chosen presets; all or nothing.' })
  @ApiCreated(CreatedIdsResponse, '已导入（问题时 400，ErrorBody 另有 errors）')
  async importPresets(@CurrentActor() actor: Actor, @Param('pluginId') pluginId: string, @Body() dto: ImportPresetsDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    try {
      return await this.presets.import(actor, await this.ctx.target(actor, dto.institutionId), pluginId, dto);
    } catch (err) {
      if (!(err instanceof PresetImportRejected)) throw err;
      res.status(400);
      return { ...errorBody(err, resolveLang(req)), errors: err.rows };
    }
  }

  // ---- Excel ----
  @Get('export')
  @ApiOperation({ summary: '导出廉政风险点（Excel）', description: 'Exports the power catalogue or risk points as an Excel workbook.' })
  @ApiFile('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Excel 工作簿')
  async export(@CurrentActor() actor: Actor, @Query() q: ExportQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { buffer, filename } = await this.excel.export(actor, await this.ctx.target(actor, q.institutionId), q.kind as never, resolveLang(req));
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="risk.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`);
    return new StreamableFile(buffer);
  }

  /** 附表1-3 layout; all rows are checked first, problems come back as `errors: [{row, column, message}]`. */
  @Post('import')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(EXCEL_UPLOAD)
  @ApiOperation({ summary: '导入廉政风险点（Excel）', description: 'Imports risk points in the 附表1-3 layout; all rows are checked first.' })
  @ApiCreated(RiskImportResponse, '已导入（问题时 400，ErrorBody 另有 errors）')
  async import(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery, @UploadedFile() file: UploadedFileLike | undefined, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    try {
      return await this.excel.import(actor, await this.ctx.target(actor, q.institutionId), file);
    } catch (err) {
      if (!(err instanceof ImportRejected)) throw err;
      res.status(400);
      return { ...errorBody(err, resolveLang(req)), errors: err.rows };
    }
  }
}
