import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { WarningFactsService } from '../warning/warning-facts.service';
import { RiskPersonSource } from '../risk/person-risk.source';
import { RiskModule } from '../risk/risk.module';
import { WarningModule } from '../warning/warning.module';
import { ASSESSMENT_FACTS, PERSON_RISK_SOURCE } from './assessment-facts';
import { AssessmentWebController } from './assessment-web.controller';
import { AssessmentController } from './assessment.controller';
import { AssessmentService } from './assessment.service';
import { DossierService } from './dossier.service';
import { EvaluationService } from './evaluation.service';
import { UnitRankingService } from './unit-ranking.service';

/**
 * Vetoes read the warning module's facts (red warnings, yellow cards); PERSON_RISK_SOURCE (risk points,
 * commitments, self-check reports) is bound to the risk module's service.
 */
@Module({
  imports: [WarningModule, RiskModule, DocumentsModule],
  controllers: [AssessmentController, AssessmentWebController],
  providers: [
    AssessmentService,
    EvaluationService,
    DossierService,
    UnitRankingService,
    { provide: ASSESSMENT_FACTS, useExisting: WarningFactsService },
    { provide: PERSON_RISK_SOURCE, useExisting: RiskPersonSource },
  ],
  exports: [AssessmentService, ASSESSMENT_FACTS, PERSON_RISK_SOURCE],
})
export class AssessmentModule {}
