import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { ClueAssignmentAccess } from './clue-assignment-access.service';
import { ClueAssignmentScreens } from './clue-assignment-screens.service';
import { ClueAssignmentTodoService } from './clue-assignment-todo.service';
import { ClueAssignmentWebController } from './clue-assignment-web.controller';
import { ClueAssignmentController } from './clue-assignment.controller';
import { ClueAssignmentService } from './clue-assignment.service';
import { ClueService } from './clue.service';
import { EscalationService } from './escalation.service';
import { NotificationService } from './notification.service';
import { RecordEvidenceLock } from './record-evidence.lock';
import { RuleHitListRepository } from './rule-hit-list.repository';
import { RuleHitListService } from './rule-hit-list.service';
import { RuleHitsController, RuleHitsWebController } from './rule-hits.controller';
import { SubjectSuggestionService } from './subject-suggestion.service';
import { TipoffController, TipoffStatusThrottleGuard, TipoffSubmitThrottleGuard } from './tipoff.controller';
import { TipoffThrottle } from './tipoff-throttle';
import { TipoffService } from './tipoff.service';
import { WarningAccessService } from './warning-access.service';
import { WarningAnswerService } from './warning-answer.service';
import { WarningAppealService } from './warning-appeal.service';
import { WARNING_ARCHIVE_PDF, WarningArchiveService } from './warning-archive.service';
import { WarningArchivePdfRenderer } from './warning-documents';
import { WarningConfigService } from './warning-config.service';
import { WarningDeadlineRecompute } from './warning-deadline-recompute.service';
import { WarningEvidenceService } from './warning-evidence.service';
import { WarningFactsService } from './warning-facts.service';
import { WarningInboxService } from './warning-inbox.service';
import { WarningInterviewService } from './warning-interview.service';
import { WarningJurisdictionService } from './warning-jurisdiction.service';
import { WarningNoticeService } from './warning-notice.service';
import { WarningReportService } from './warning-report.service';
import { WarningScreensService } from './warning-screens.service';
import { WarningBoardService } from './warning-board.service';
import { WarningTodoService } from './warning-todo.service';
import { WarningTransitionService } from './warning-transition.service';
import { WarningViewService } from './warning-view.service';
import { WarningWebController } from './warning-web.controller';
import { WarningController } from './warning.controller';
import { WarningRepository } from './warning.repository';
// Registers the warning screens' labels (zh + en) with the i18n catalogue.
import './warning.i18n';
import './clue-assignment.i18n';

@Module({
  imports: [DocumentsModule],
  controllers: [WarningController, TipoffController, WarningWebController, ClueAssignmentController, ClueAssignmentWebController, RuleHitsController, RuleHitsWebController],
  providers: [
    WarningConfigService,
    WarningDeadlineRecompute,
    WarningJurisdictionService,
    NotificationService,
    ClueService,
    WarningRepository,
    WarningAccessService,
    WarningTransitionService,
    WarningViewService,
    WarningNoticeService,
    WarningInterviewService,
    WarningEvidenceService,
    WarningAnswerService,
    WarningAppealService,
    EscalationService,
    WarningFactsService,
    WarningReportService,
    WarningArchiveService,
    { provide: WARNING_ARCHIVE_PDF, useClass: WarningArchivePdfRenderer },
    WarningInboxService,
    WarningScreensService,
    WarningBoardService,
    SubjectSuggestionService,
    WarningTodoService,
    TipoffService,
    TipoffThrottle,
    TipoffSubmitThrottleGuard,
    TipoffStatusThrottleGuard,
    RecordEvidenceLock,
    ClueAssignmentAccess,
    ClueAssignmentService,
    ClueAssignmentScreens,
    ClueAssignmentTodoService,
    RuleHitListRepository,
    RuleHitListService,
  ],
  // The assessment module reads warning consequences (red warnings, yellow cards) through WarningFactsService.
  exports: [WarningFactsService, WarningConfigService, WarningBoardService, ClueAssignmentService],
})
export class WarningModule {}
