import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { CastBallotDto, CreateRoundDto, CreateSchemeDto, PaperTallyDto, RecordVetoDto, ReplaceItemsDto, ReplaceVetoRulesDto, ScoreItemDto, SelfReportDto } from './assessment.dto';
import { AssessmentResultsService } from './assessment-results.service';
import { AssessmentSchemeService } from './assessment-scheme.service';
import { AssessmentScoringService } from './assessment-scoring.service';
import { DossierService } from './dossier.service';
import { EvaluationService } from './evaluation.service';
import { ResultsDocumentService } from './results-document.service';
import { SelfReportService } from './self-report.service';
import { UnitDossierService } from './unit-dossier.service';
import { UnitRankingService } from './unit-ranking.service';
import type { VetoRule } from './veto-rules';
import { ApiCreated, ApiOk, OkResponse } from '../http/api-responses';
import { IssuedDocumentResponse } from '../documents/documents-responses';
import { AssessmentItemResponse, InstitutionIndicatorResponse, ItemScoreResponse, PersonDossierResponse, RoundDetailResponse, RoundResponse, SchemeDetailResponse, SchemeResponse, SchemeResultsResponse, SelfReportListedResponse, SelfReportResponse, SubjectEvidenceResponse, TallyResponse, UnitDossierResponse, UnitRankingResponse, VetoResponse, VetoRuleResponse } from './assessment-responses';

export class PeriodQuery {
  @ApiPropertyOptional({ example: '2026', description: 'defaults to the latest period with finalised results' }) @IsOptional() @Matches(/^\d{4}(-(H1|H2|Q[1-4]))?$/) period?: string;
}

export class InstitutionQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) institutionId?: number;
}

@ApiTags('assessment')
@Controller('api/assessment')
export class AssessmentController {
  constructor(
    private readonly schemes: AssessmentSchemeService,
    private readonly scoring: AssessmentScoringService,
    private readonly resultsService: AssessmentResultsService,
    private readonly reports: SelfReportService,
    private readonly evaluation: EvaluationService,
    private readonly dossiers: DossierService,
    private readonly units: UnitRankingService,
    private readonly unitDossiers: UnitDossierService,
    private readonly resultsDocuments: ResultsDocumentService,
  ) {}

  @Get('schemes')
  @ApiOperation({ summary: '查询考核方案', description: 'Lists the institution\'s assessment schemes.' })
  @ApiOk([SchemeResponse])
  list(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery) {
    return this.schemes.listSchemes(actor, q.institutionId);
  }

  @Post('schemes')
  @ApiOperation({ summary: '新建考核方案', description: 'Creates an assessment scheme.' })
  @ApiCreated(SchemeResponse)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSchemeDto) {
    return this.schemes.createScheme(actor, dto);
  }

  @Get('schemes/:id')
  @ApiOperation({ summary: '查看考核方案', description: 'Reads one assessment scheme with its items and veto rules.' })
  @ApiOk(SchemeDetailResponse)
  detail(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.schemes.detail(actor, id);
  }

  @Put('schemes/:id/items')
  @ApiOperation({ summary: '设置考核指标项', description: 'Replaces the scheme\'s scoring items.' })
  @ApiOk([AssessmentItemResponse])
  replaceItems(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReplaceItemsDto) {
    return this.schemes.replaceItems(actor, id, dto);
  }

  @Put('schemes/:id/veto-rules')
  @ApiOperation({ summary: '设置一票否决规则', description: 'Replaces the scheme\'s veto rules.' })
  @ApiOk([VetoRuleResponse])
  replaceVetoRules(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReplaceVetoRulesDto) {
    return this.schemes.replaceVetoRules(actor, id, dto.vetoRules as VetoRule[]);
  }

  @Get('institutions/:id/indicators')
  @ApiOperation({ summary: '查询单位考核指标', description: 'The indicators available to an institution\'s schemes.' })
  @ApiOk([InstitutionIndicatorResponse])
  indicators(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.schemes.indicators(actor, id);
  }

  @Get('institutions/:id/unit-ranking')
  @ApiOperation({ summary: '查询所属单位考核排名', description: 'Ranks the units of an institution for a period.' })
  @ApiOk(UnitRankingResponse)
  unitRanking(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Query() q: PeriodQuery) {
    return this.units.ranking(actor, id, q.period);
  }

  @Get('units/:id/dossier')
  @ApiOperation({ summary: '查看单位廉政档案', description: 'The integrity dossier of one unit.' })
  @ApiOk(UnitDossierResponse)
  unitDossier(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.unitDossiers.view(actor, id);
  }

  @Get('schemes/:id/evidence')
  @ApiOperation({ summary: '查看考核佐证材料', description: 'The evidence gathered for the scheme\'s items.' })
  @ApiOk([SubjectEvidenceResponse])
  evidence(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.scoring.evidence(actor, id);
  }

  @Post('items/:id/scores')
  @ApiOperation({ summary: '考核项评分', description: 'Scores one item of a scheme.' })
  @ApiCreated(ItemScoreResponse)
  score(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ScoreItemDto) {
    return this.scoring.scoreItem(actor, id, dto);
  }

  @Get('schemes/:id/results')
  @ApiOperation({ summary: '查看考核结果', description: 'The scheme\'s results: scores, vetoes and ranks.' })
  @ApiOk(SchemeResultsResponse)
  results(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.resultsService.results(actor, id);
  }

  @Post('schemes/:id/finalise')
  @ApiOperation({ summary: '确定考核结果', description: 'Finalises the scheme\'s results.' })
  @ApiCreated(SchemeResultsResponse, '已确定，返回冻结的结果')
  finalise(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.resultsService.finalise(actor, id);
  }

  @Post('schemes/:id/publish')
  @ApiOperation({ summary: '公布考核结果', description: 'Publishes the finalised results.' })
  @ApiCreated(SchemeResponse, '已公布')
  publish(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.resultsService.publish(actor, id);
  }

  /** 考核结果通报 as a numbered PDF (GET /api/documents/:id/pdf); 409 before the results are finalised. */
  @Post('schemes/:id/pdf')
  @ApiOperation({ summary: '印发考核结果通报（PDF）', description: 'Issues the scheme\'s results as a numbered PDF.' })
  @ApiCreated(IssuedDocumentResponse, '已印发')
  resultsPdf(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.resultsDocuments.issuePdf(actor, id);
  }

  @Post('schemes/:id/reassessment')
  @ApiOperation({ summary: '安排再次评估', description: 'Schedules a re-assessment of the subjects whose results call for one.' })
  @ApiCreated(SchemeResponse, '再次评估的新方案')
  reassess(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.resultsService.scheduleReassessment(actor, id);
  }

  @Get('schemes/:id/self-reports')
  @ApiOperation({ summary: '查询自评报告', description: 'Lists the self-reports submitted for a scheme.' })
  @ApiOk([SelfReportListedResponse])
  selfReports(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.reports.selfReports(actor, id);
  }

  @Post('schemes/:id/self-reports')
  @ApiOperation({ summary: '提交自评报告', description: 'Submits the caller\'s self-report for a scheme.' })
  @ApiCreated(SelfReportResponse)
  submitSelfReport(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: SelfReportDto) {
    return this.reports.submitSelfReport(actor, id, dto);
  }

  @Post('schemes/:id/rounds')
  @ApiOperation({ summary: '发起民主测评', description: 'Starts a ballot round for a scheme.' })
  @ApiCreated(RoundResponse)
  createRound(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: CreateRoundDto) {
    return this.evaluation.create(actor, id, dto);
  }

  @Get('rounds/mine')
  @ApiOperation({ summary: '查询本人待测评轮次', description: 'The ballot rounds the caller may vote in.' })
  @ApiOk([RoundResponse])
  myRounds(@CurrentActor() actor: Actor) {
    return this.evaluation.myOpenRounds(actor);
  }

  @Get('rounds/:id')
  @ApiOperation({ summary: '查看测评轮次', description: 'Reads one ballot round and its tally.' })
  @ApiOk(RoundDetailResponse)
  round(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.evaluation.view(actor, id);
  }

  @Post('rounds/:id/ballots')
  @ApiOperation({ summary: '提交测评票', description: 'Casts the caller\'s ballot in a round.' })
  @ApiCreated(OkResponse, '已投票')
  cast(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: CastBallotDto) {
    return this.evaluation.cast(actor, id, dto);
  }

  @Put('rounds/:id/paper-tally')
  @ApiOperation({ summary: '录入纸质票统计', description: 'Records the tally of paper ballots for a round.' })
  @ApiOk(TallyResponse, '录入后的纸质票合计')
  paperTally(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: PaperTallyDto) {
    return this.evaluation.enterPaperTally(actor, id, dto);
  }

  @Post('rounds/:id/close')
  @ApiOperation({ summary: '结束测评轮次', description: 'Closes a ballot round.' })
  @ApiCreated(RoundResponse, '已结束')
  close(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.evaluation.close(actor, id);
  }

  @Post('vetoes')
  @ApiOperation({ summary: '登记一票否决事项', description: 'Records a veto event against a person or unit.' })
  @ApiCreated(VetoResponse)
  recordVeto(@CurrentActor() actor: Actor, @Body() dto: RecordVetoDto) {
    return this.dossiers.recordVeto(actor, dto);
  }

  @Post('dossiers/:personId/pdf')
  @ApiOperation({ summary: '印发个人廉政档案（PDF）', description: 'Issues a person\'s integrity dossier as a numbered PDF.' })
  @ApiCreated(IssuedDocumentResponse, '已印发')
  dossierPdf(@CurrentActor() actor: Actor, @Param('personId', IdPipe) personId: number) {
    return this.dossiers.issuePdf(actor, personId);
  }

  @Get('dossiers/:personId')
  @ApiOperation({ summary: '查看个人廉政档案', description: 'A person\'s integrity dossier.' })
  @ApiOk(PersonDossierResponse)
  dossier(@CurrentActor() actor: Actor, @Param('personId', IdPipe) personId: number) {
    return this.dossiers.view(actor, personId);
  }
}
