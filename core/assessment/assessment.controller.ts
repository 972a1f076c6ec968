import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
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
  list(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery) {
    return this.schemes.listSchemes(actor, q.institutionId);
  }

  @Post('schemes')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSchemeDto) {
    return this.schemes.createScheme(actor, dto);
  }

  @Get('schemes/:id')
  detail(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.schemes.detail(actor, id);
  }

  @Put('schemes/:id/items')
  replaceItems(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReplaceItemsDto) {
    return this.schemes.replaceItems(actor, id, dto);
  }

  @Put('schemes/:id/veto-rules')
  replaceVetoRules(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReplaceVetoRulesDto) {
    return this.schemes.replaceVetoRules(actor, id, dto.vetoRules as VetoRule[]);
  }

  @Get('institutions/:id/indicators')
  indicators(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.schemes.indicators(actor, id);
  }

  @Get('institutions/:id/unit-ranking')
  unitRanking(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Query() q: PeriodQuery) {
    return this.units.ranking(actor, id, q.period);
  }

  @Get('units/:id/dossier')
  unitDossier(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.unitDossiers.view(actor, id);
  }

  @Get('schemes/:id/evidence')
  evidence(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.scoring.evidence(actor, id);
  }

  @Post('items/:id/scores')
  score(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ScoreItemDto) {
    return this.scoring.scoreItem(actor, id, dto);
  }

  @Get('schemes/:id/results')
  results(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.resultsService.results(actor, id);
  }

  @Post('schemes/:id/finalise')
  finalise(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.resultsService.finalise(actor, id);
  }

  @Post('schemes/:id/publish')
  publish(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.resultsService.publish(actor, id);
  }

  /** 考核结果通报 as a numbered PDF (GET /api/documents/:id/pdf); 409 before the results are finalised. */
  @Post('schemes/:id/pdf')
  resultsPdf(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.resultsDocuments.issuePdf(actor, id);
  }

  @Post('schemes/:id/reassessment')
  reassess(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.resultsService.scheduleReassessment(actor, id);
  }

  @Get('schemes/:id/self-reports')
  selfReports(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.reports.selfReports(actor, id);
  }

  @Post('schemes/:id/self-reports')
  submitSelfReport(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: SelfReportDto) {
    return this.reports.submitSelfReport(actor, id, dto);
  }

  @Post('schemes/:id/rounds')
  createRound(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: CreateRoundDto) {
    return this.evaluation.create(actor, id, dto);
  }

  @Get('rounds/mine')
  myRounds(@CurrentActor() actor: Actor) {
    return this.evaluation.myOpenRounds(actor);
  }

  @Get('rounds/:id')
  round(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.evaluation.view(actor, id);
  }

  @Post('rounds/:id/ballots')
  cast(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: CastBallotDto) {
    return this.evaluation.cast(actor, id, dto);
  }

  @Put('rounds/:id/paper-tally')
  paperTally(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: PaperTallyDto) {
    return this.evaluation.enterPaperTally(actor, id, dto);
  }

  @Post('rounds/:id/close')
  close(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.evaluation.close(actor, id);
  }

  @Post('vetoes')
  recordVeto(@CurrentActor() actor: Actor, @Body() dto: RecordVetoDto) {
    return this.dossiers.recordVeto(actor, dto);
  }

  @Post('dossiers/:personId/pdf')
  dossierPdf(@CurrentActor() actor: Actor, @Param('personId', IdPipe) personId: number) {
    return this.dossiers.issuePdf(actor, personId);
  }

  @Get('dossiers/:personId')
  dossier(@CurrentActor() actor: Actor, @Param('personId', IdPipe) personId: number) {
    return this.dossiers.view(actor, personId);
  }
}
