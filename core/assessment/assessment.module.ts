import { Module } from '@nestjs/common';
import { ASSESSMENT_FACTS, NoAssessmentFacts, NoPersonRisk, PERSON_RISK_SOURCE } from './assessment-facts';
import { AssessmentWebController } from './assessment-web.controller';
import { AssessmentController } from './assessment.controller';
import { AssessmentService } from './assessment.service';
import { DossierService } from './dossier.service';
import { EvaluationService } from './evaluation.service';

/**
 * ASSESSMENT_FACTS (warning facts for vetoes) and PERSON_RISK_SOURCE (risk points, commitments, self-check
 * reports) default to "no facts" so this module stands alone; bind the warning and risk modules' services here.
 */
@Module({
  controllers: [AssessmentController, AssessmentWebController],
  providers: [
    AssessmentService,
    EvaluationService,
    DossierService,
    { provide: ASSESSMENT_FACTS, useClass: NoAssessmentFacts },
    { provide: PERSON_RISK_SOURCE, useClass: NoPersonRisk },
  ],
  exports: [AssessmentService, ASSESSMENT_FACTS, PERSON_RISK_SOURCE],
})
export class AssessmentModule {}
