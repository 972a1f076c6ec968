import { RiskPersonSource } from './person-risk.source';
import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { RiskDocumentsService } from './risk-documents.service';
import { RiskPresetsImportService } from './risk-presets-import.service';
import { CommitmentService } from './commitment.service';
import { IdentificationService } from './identification.service';
import { PublicationService } from './publication.service';
import { SelfCheckService } from './self-check.service';
import { RiskExcelService } from './risk-excel.service';
import { PowerService } from './power.service';
import { RiskContext } from './risk-context.service';
import { RiskPointService } from './risk-point.service';
import { RiskWebController } from './risk-web.controller';
import { RiskController } from './risk.controller';

@Module({
  imports: [DocumentsModule],
  controllers: [RiskController, RiskWebController],
  providers: [RiskPersonSource, RiskContext, PowerService, RiskPointService, IdentificationService, PublicationService, CommitmentService, SelfCheckService, RiskExcelService, RiskDocumentsService, RiskPresetsImportService],
  exports: [RiskPointService, SelfCheckService, RiskPersonSource],
})
export class RiskModule {}
