import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { WarningFactsService } from '../warning/warning-facts.service';
import { RiskPersonSource } from '../risk/person-risk.source';
import { RiskModule } from '../risk/risk.module';
import { WarningModule } from '../warning/warning.module';
import { ASSESSMENT_FACTS, PERSON_RISK_SOURCE } from './assessment-facts';
import { AssessmentResultsService } from './assessment-results.service';
import { AssessmentSchemeRepository } from './assessment-scheme.repository';
import { AssessmentSchemeService } from './assessment-scheme.service';
import { AssessmentScoringService } from './assessment-scoring.service';
import { AssessmentController } from './assessment.controller';
import { BallotWebController } from './ballot-web.controller';
import { DossierWebController } from './dossier-web.controller';
import { AssessmentTodoService } from './assessment-todo.service';
import { DossierService } from './dossier.service';
import { EvaluationRoundRepository } from './evaluation-round.repository';
import { EvaluationService } from './evaluation.service';
import { ResultsDocumentService } from './results-document.service';
import { SchemeResultsWebController } from './scheme-results-web.controller';
import { SchemeSetupWebController } from './scheme-setup-web.controller';
import { SelfReportWebController } from './self-report-web.controller';
import { SelfReportService } from './self-report.service';
import { UnitRankingWebController } from './unit-ranking-web.controller';
import { UnitDossierService } from './unit-dossier.service';
import { UnitRankingService } from './unit-ranking.service';

/**
 * Vetoes read the warning module's facts (red warnings, yellow cards); PERSON_RISK_SOURCE (risk points,
 * commitments, self-check reports) is bound to the risk module's service.
 */
@Module({
  imports: [WarningModule, RiskModule, DocumentsModule],
  controllers: [AssessmentController, SchemeSetupWebController, SchemeResultsWebController, BallotWebController, SelfReportWebController, UnitRankingWebController, DossierWebController],
  providers: [
    AssessmentSchemeRepository,
    EvaluationRoundRepository,
    AssessmentSchemeService,
    AssessmentScoringService,
    AssessmentResultsService,
    SelfReportService,
    EvaluationService,
    DossierService,
    ResultsDocumentService,
    UnitRankingService,
    UnitDossierService,
    AssessmentTodoService,
    { provide: ASSESSMENT_FACTS, useExisting: WarningFactsService },
    { provide: PERSON_RISK_SOURCE, useExisting: RiskPersonSource },
  ],
  exports: [ASSESSMENT_FACTS, PERSON_RISK_SOURCE, UnitRankingService],
})
export class AssessmentModule {}
