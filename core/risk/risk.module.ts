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
import { RiskTodoService } from './risk-todo.service';
import { RiskPointService } from './risk-point.service';
import { RiskPointRepository } from './risk-point.repository';
import { RiskController } from './risk.controller';
import { PowerWebController } from './power-web.controller';
import { RiskPointWebController } from './risk-point-web.controller';
import { RiskImportWebController } from './risk-import-web.controller';
import { PublicationWebController } from './publication-web.controller';
import { CommitmentWebController } from './commitment-web.controller';
import { SelfCheckWebController } from './self-check-web.controller';
import { PowerScreensService } from './power-screens.service';
import { RiskPointScreensService } from './risk-point-screens.service';
import { PresetScreensService } from './preset-screens.service';
import { PublicationScreensService } from './publication-screens.service';
import { CommitmentScreensService } from './commitment-screens.service';
import { SelfCheckScreensService } from './self-check-screens.service';

@Module({
  imports: [DocumentsModule],
  controllers: [RiskController, PowerWebController, RiskPointWebController, RiskImportWebController, PublicationWebController, CommitmentWebController, SelfCheckWebController],
  providers: [
    RiskPersonSource, RiskContext, PowerService, RiskPointRepository, RiskPointService, IdentificationService, PublicationService, CommitmentService, SelfCheckService, RiskExcelService, RiskDocumentsService, RiskPresetsImportService,
    RiskTodoService,
    PowerScreensService, RiskPointScreensService, PresetScreensService, PublicationScreensService, CommitmentScreensService, SelfCheckScreensService,
  ],
  exports: [RiskPointService, SelfCheckService, SelfCheckScreensService, RiskPersonSource],
})
export class RiskModule {}
