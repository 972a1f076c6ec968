import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { RiskModule } from '../risk/risk.module';
import { WarningModule } from '../warning/warning.module';
import { CountyBoardService } from './county-board.service';
import { CountyController } from './county.controller';
import { CountyWebController } from './county-web.controller';

/** The county board: reads the risk, warning and assessment modules' list services; none of them imports it. */
@Module({
  imports: [RiskModule, WarningModule, AssessmentModule],
  controllers: [CountyController, CountyWebController],
  providers: [CountyBoardService],
})
export class OversightModule {}
