import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { ClueService } from './clue.service';
import { EscalationService } from './escalation.service';
import { NotificationService, OutboxSmsGateway, SMS_GATEWAY } from './notification.service';
import { TipoffController, TipoffStatusThrottleGuard, TipoffSubmitThrottleGuard } from './tipoff.controller';
import { TipoffThrottle } from './tipoff-throttle';
import { WARNING_ARCHIVE_PDF, WarningArchiveService } from './warning-archive.service';
import { WarningArchivePdfRenderer } from './warning-documents';
import { WarningConfigService } from './warning-config.service';
import { WarningFactsService } from './warning-facts.service';
import { WarningInboxService } from './warning-inbox.service';
import { WarningReportService } from './warning-report.service';
import { WarningWebController } from './warning-web.controller';
import { WarningController } from './warning.controller';
import { WarningService } from './warning.service';
// Registers the warning screens' labels (zh + en) with the i18n catalogue.
import './warning.i18n';

@Module({
  imports: [DocumentsModule],
  controllers: [WarningController, TipoffController, WarningWebController],
  providers: [
    WarningConfigService,
    NotificationService,
    { provide: SMS_GATEWAY, useClass: OutboxSmsGateway },
    ClueService,
    WarningService,
    EscalationService,
    WarningFactsService,
    WarningReportService,
    WarningArchiveService,
    { provide: WARNING_ARCHIVE_PDF, useClass: WarningArchivePdfRenderer },
    WarningInboxService,
    TipoffThrottle,
    TipoffSubmitThrottleGuard,
    TipoffStatusThrottleGuard,
  ],
  // The assessment module reads warning consequences (red warnings, yellow cards) through WarningFactsService.
  exports: [WarningFactsService, WarningConfigService],
})
export class WarningModule {}
