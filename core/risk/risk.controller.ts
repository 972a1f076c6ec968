import { Body, Controller, Delete, Get, Param, Patch, Post, Query, Req, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
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
  async settings(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery, @Req() req: Request) {
    const id = await this.ctx.target(actor, q.institutionId);
    return riskSettingsView(await this.ctx.settings(id), await this.ctx.extensionFields(id), resolveLang(req));
  }

  // ---- power catalogue ----
  @Get('powers')
  async listPowers(@CurrentActor() actor: Actor, @Query() q: PowerListQuery) {
    return this.powers.list(actor, await this.ctx.target(actor, q.institutionId), q.includeRemoved === 'true');
  }

  @Post('powers')
  async createPower(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery, @Body() dto: CreatePowerDto) {
    return this.powers.create(actor, await this.ctx.target(actor, q.institutionId), dto);
  }

  @Get('powers/:id')
  getPower(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.powers.get(actor, id);
  }

  @Patch('powers/:id')
  updatePower(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdatePowerDto) {
    return this.powers.update(actor, id, dto);
  }

  @Delete('powers/:id')
  removePower(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.powers.remove(actor, id);
  }

  @Post('powers/:id/flow-chart')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(FLOW_CHART_UPLOAD)
  uploadFlowChart(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @UploadedFile() file: UploadedFileLike | undefined) {
    return this.powers.uploadFlowChart(actor, id, file);
  }

  @Get('powers/:id/flow-chart')
  async flowChart(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Res({ passthrough: true }) res: Response) {
    const f = await this.powers.flowChart(actor, id);
    res.setHeader('Content-Type', f.mime);
    res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    return new StreamableFile(fs.createReadStream(f.file));
  }

  // ---- risk points ----
  @Get('points')
  listPoints(@CurrentActor() actor: Actor, @Query() q: RiskListQuery, @Req() req: Request) {
    return this.points.list(actor, q, resolveLang(req));
  }

  @Get('points/top')
  top(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery, @Req() req: Request) {
    return this.points.top(actor, q.institutionId, resolveLang(req));
  }

  @Post('points')
  async createPoint(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery, @Body() dto: CreateRiskPointDto, @Req() req: Request) {
    const id = await this.points.create(actor, await this.ctx.target(actor, q.institutionId), dto);
    return this.points.get(actor, id, resolveLang(req));
  }

  @Get('points/:id')
  getPoint(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request) {
    return this.points.get(actor, id, resolveLang(req));
  }

  @Patch('points/:id')
  async updatePoint(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateRiskPointDto, @Req() req: Request) {
    await this.points.update(actor, id, dto);
    return this.points.get(actor, id, resolveLang(req));
  }

  @Post('points/:id/regrade')
  async regrade(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: RegradeDto, @Req() req: Request) {
    await this.points.regrade(actor, id, dto);
    return this.points.get(actor, id, resolveLang(req));
  }

  @Post('points/:id/steps/:step')
  async contribute(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('step', IdPipe) stepNo: number, @Body() dto: ContributeDto, @Req() req: Request) {
    // Steps are numbered from 1 in URLs, as users count them.
    await this.identification.contribute(actor, id, stepNo - 1, dto.content);
    return this.points.get(actor, id, resolveLang(req));
  }

  @Post('points/:id/send-back')
  async sendBack(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: SendBackDto, @Req() req: Request) {
    await this.identification.sendBack(actor, id, dto.toStep - 1, dto.reason);
    return this.points.get(actor, id, resolveLang(req));
  }

  // ---- publication (公示) ----
  @Get('publications')
  async listPublications(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery) {
    return this.publications.list(actor, await this.ctx.target(actor, q.institutionId));
  }

  @Post('publications')
  async publish(@CurrentActor() actor: Actor, @Body() dto: PublishDto) {
    const id = await this.publications.publish(actor, await this.ctx.target(actor, dto.institutionId), dto);
    return this.publications.get(actor, id);
  }

  @Get('publications/:id')
  getPublication(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.publications.get(actor, id);
  }

  @Post('publications/:id/comments')
  async comment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: PublicationCommentDto) {
    await this.publications.comment(actor, id, dto);
    return this.publications.get(actor, id);
  }

  @Post('publications/:id/revise')
  async revise(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReviseDto) {
    return this.publications.get(actor, await this.publications.revise(actor, id, dto));
  }

  // ---- commitments (承诺书) ----
  @Get('commitments')
  async listCommitments(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery) {
    return this.commitments.list(actor, await this.ctx.target(actor, q.institutionId));
  }

  @Post('commitments')
  async createCommitment(@CurrentActor() actor: Actor, @Body() dto: CreateCommitmentDto) {
    const institutionId = await this.ctx.target(actor, dto.institutionId);
    const id = await this.commitments.create(actor, institutionId, dto);
    return (await this.commitments.list(actor, institutionId)).find((c) => c.id === id);
  }

  @Post('commitments/:id/acknowledge')
  async acknowledge(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    await this.commitments.acknowledge(actor, id);
    return { ok: true };
  }

  // ---- self-checks (自查) ----
  @Get('self-checks')
  async listSelfChecks(@CurrentActor() actor: Actor, @Query() q: SelfCheckListQuery) {
    return this.selfChecks.list(actor, await this.ctx.target(actor, q.institutionId), q.status);
  }

  /** Runs the scheduled scan now (it also runs hourly); safe to repeat. */
  @Roles('discipline-officer')
  @Post('self-checks/scan')
  scan() {
    return this.selfChecks.runSelfCheckScan(this.clock.now());
  }

  @Post('self-checks/:id/submit')
  async submitSelfCheck(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: SelfCheckReportDto) {
    await this.selfChecks.submit(actor, id, dto.report);
    return { ok: true };
  }

  @Get('rotation')
  async rotation(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery) {
    return this.selfChecks.rotationList(actor, await this.ctx.target(actor, q.institutionId));
  }

  /** One page of the caller's reminders, newest first; `readAt` is null while unread. `?unread=true` lists only unread ones. */
  @Get('messages')
  messages(@CurrentActor() actor: Actor, @Query() q: MessageListQuery) {
    return this.selfChecks.messages(actor, pageWindow(q), { unreadOnly: q.unread === 'true' });
  }

  @Get('messages/unread-count')
  async unreadCount(@CurrentActor() actor: Actor) {
    return { unread: await this.selfChecks.unreadCount(actor) };
  }

  @Post('messages/read-all')
  async readAll(@CurrentActor() actor: Actor) {
    return { marked: await this.selfChecks.markRead(actor), unread: await this.selfChecks.unreadCount(actor) };
  }

  @Post('messages/:id/read')
  async read(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return { marked: await this.selfChecks.markRead(actor, id), unread: await this.selfChecks.unreadCount(actor) };
  }

  // ---- catalogues as PDF (documents pipeline) ----
  /** Issues 《权力廉政风险等级目录》, 《廉政风险点汇总表》 or 附表1-3 as a numbered PDF; download it from /api/documents/:id/pdf. */
  @Post('documents')
  async issueDocument(@CurrentActor() actor: Actor, @Body() dto: IssueRiskDocumentDto) {
    return this.riskDocuments.issue(actor, await this.ctx.target(actor, dto.institutionId), dto);
  }

  // ---- plugins' preset risk points ----
  /** The preset sets of the plugins this institution enables. */
  @Get('presets')
  async presetSets(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery, @Req() req: Request) {
    return this.presets.sets(await this.ctx.target(actor, q.institutionId), resolveLang(req));
  }

  /** What an import would create: post, holder, category, grade and measures per preset, with any problem named. */
  @Get('presets/:pluginId')
  async presetPreview(@CurrentActor() actor: Actor, @Param('pluginId') pluginId: string, @Query() q: PresetPreviewQuery, @Req() req: Request) {
    return this.presets.preview(actor, await this.ctx.target(actor, q.institutionId), pluginId, q.fallbackCategory, resolveLang(req));
  }

  /** Creates draft points (step 1) for the chosen presets; all-or-nothing, problems as `errors: [{presetId, message}]`. */
  @Post('presets/:pluginId/import')
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
