import * as path from 'node:path';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AssessmentModule } from './assessment/assessment.module';
import { AuditController } from './audit/audit.controller';
import { AuditLogService } from './audit/audit-log.service';
import { AuditWebController } from './audit/audit-web.controller';
import { AuditService } from './audit/audit.service';
import { AccountsService } from './auth/accounts.service';
import { AccountsWebController } from './auth/accounts-web.controller';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { MeService } from './auth/me.service';
import { PasswordWebController } from './auth/password-web.controller';
import { SessionGuard } from './auth/session.guard';
import { UsersController } from './auth/users.controller';
import { UsersService } from './auth/users.service';
import { SsoModule } from './auth/sso/sso.module';
import { CalendarHealth } from './calendar/calendar-health';
import { CalendarService } from './calendar/calendar.service';
import { CalendarWebController } from './calendar/calendar-web.controller';
import { InstitutionSettingsService } from './plugin-host/institution-settings.service';
import { InstitutionPluginsWebController } from './plugin-host/institution-plugins-web.controller';
import { InstitutionsWebController } from './plugin-host/institutions-web.controller';
import { Clock } from './clock/clock';
import { EnvConfig } from './config/env.config';
import { PublicUrl } from './config/public-url';
import { Db } from './db/db';
import { moduleRegistry } from './domain-modules';
import { ModuleRegistry } from './platform/module-registry';
import { DocumentsModule } from './documents/documents.module';
import { TemplateService } from './documents/template.service';
import { DomainEvents } from './events/domain-events';
import { HealthController } from './http/health.controller';
import { HealthChecks } from './http/health-checks';
import { AccessService } from './org/access.service';
import { OrgController } from './org/org.controller';
import { OrgService } from './org/org.service';
import { OrgStructureService } from './org/org-structure.service';
import { OrgWebController } from './org/org-web.controller';
import { PeopleImportService } from './org/people-import.service';
import { PeopleService } from './org/people.service';
import { PeopleWebController } from './org/people-web.controller';
import { PluginHost } from './plugin-host/plugin-host';
import { PluginsController } from './plugin-host/plugins.controller';
import { RecordDocumentService } from './records/record-document.service';
import { RecordIssueController } from './records/record-issue.controller';
import { RecordIssueService } from './records/record-issue.service';
import { FieldCipher } from './records/field-cipher';
import { PublicFormController } from './records/public-form.controller';
import { PublicFormService } from './records/public-form.service';
import { RecordSharesService } from './records/record-shares.service';
import { RecordsController } from './records/records.controller';
import { RecordImportController } from './records/record-import.controller';
import { RecordImportService } from './records/record-import.service';
import { RecordImportUploads } from './records/record-import-uploads';
import { RecordImportWebController } from './records/record-import-web.controller';
import { RecordsService } from './records/records.service';
import { RecordEvidenceLocks } from './records/record-evidence-locks';
import { RecordVersionsService } from './records/record-versions.service';
import { RecordWritePolicy } from './records/record-write-policy.service';
import { TodoRegistry } from './platform/todo-registry';
import { PluginRecordRepository } from './records/plugin-record.repository';
import { RiskModule } from './risk/risk.module';
import { IndicatorsService } from './rules/indicators.service';
import { IndicatorsWebController } from './rules/indicators-web.controller';
import { RuleScanScheduler } from './rules/rule-scan.scheduler';
import { RulesController } from './rules/rules.controller';
import { RulesService } from './rules/rules.service';
import { RuleOutbox } from './rules/rule-outbox.service';
import { RuleHitWriter } from './rules/rule-hit-writer';
import { ModelEvaluator } from './rules/models/model-evaluator.service';
import { ModelRepository } from './rules/models/model.repository';
import { ModelBacktest } from './rules/models/model-backtest.service';
import { ModelsController } from './rules/models/models.controller';
import { ModelsService } from './rules/models/models.service';
import { ModelScreens } from './rules/models/model-screens.service';
import { ModelsWebController } from './rules/models/models-web.controller';
import { ModelConfigSync } from './rules/models/model-config-sync.service';
import { WarningModule } from './warning/warning.module';
import { NotifyModule } from './notify/notify.module';
import { OversightModule } from './oversight/oversight.module';
import { ScreenRenderer } from './web/screen-renderer';
import { ShellService } from './web/shell.service';
import { PluginScreenExtras } from './web/plugin-screen-extras';
import { WebController } from './web/web.controller';
import { WebAssetsController } from './web/web-assets.controller';
import { HomeViewService } from './web/home-view.service';
import { PluginScreenService } from './web/plugin-screen.service';
import { PluginScreenViewService } from './web/plugin-screen-view.service';
import { PluginRecordFormService } from './web/plugin-record-form.service';
import { PluginListIssueService } from './web/plugin-list-issue.service';
import { PluginScreenController } from './web/plugin-screen.controller';
import { PluginRecordFormController } from './web/plugin-record-form.controller';
import { PublicScreenController } from './web/public-screen.controller';
import { CheckInController } from './web/check-in.controller';

export interface CoreDeps {
  db: Db;
  host: PluginHost;
  env: EnvConfig;
  /** Loaded and checked against the stored encrypted fields before Nest starts (loadFieldCipher). */
  cipher: FieldCipher;
  /** Project root: templates/ lives here. */
  rootDir: string;
}

/** The platform services every domain module may inject: database, plugins, audit, access, clock, events. */
@Global()
@Module({})
export class PlatformModule {
  static register(deps: CoreDeps): DynamicModule {
    const shared = [
      { provide: Db, useValue: deps.db },
      { provide: PluginHost, useValue: deps.host },
      { provide: ModuleRegistry, useFactory: moduleRegistry },
      { provide: EnvConfig, useValue: deps.env },
      { provide: FieldCipher, useValue: deps.cipher },
      { provide: TemplateService, useFactory: (host: PluginHost) => new TemplateService(host, path.join(deps.rootDir, 'templates', 'documents')), inject: [PluginHost] },
      { provide: ScreenRenderer, useFactory: () => new ScreenRenderer(path.join(deps.rootDir, 'templates', 'screens')) },
      Clock,
      PublicUrl,
      DomainEvents,
      AuditService,
      AuditLogService,
      AccessService,
      AuthService,
      MeService,
      UsersService,
      AccountsService,
      OrgService,
      OrgStructureService,
      PeopleService,
      PeopleImportService,
      RuleHitWriter,
      ModelRepository,
      ModelEvaluator,
      ModelBacktest,
      ModelsService,
      ModelScreens,
      ModelConfigSync,
      RulesService,
      RuleOutbox,
      IndicatorsService,
      RuleScanScheduler,
      RecordsService,
      RecordImportService,
      RecordImportUploads,
      RecordEvidenceLocks,
      RecordWritePolicy,
      RecordVersionsService,
      PluginRecordRepository,
      RecordSharesService,
      RecordDocumentService,
      PublicFormService,
      ShellService,
      TodoRegistry,
      HealthChecks,
      CalendarService,
      InstitutionSettingsService,
      CalendarHealth,
      PluginScreenExtras,
      HomeViewService,
      PluginScreenService,
      PluginScreenViewService,
      PluginRecordFormService,
      PluginListIssueService,
    ];
    return {
      module: PlatformModule,
      controllers: [HealthController, AuthController, UsersController, OrgController, PluginsController, RecordsController, RecordImportController, PublicFormController, RulesController, ModelsController, ModelsWebController, AuditController, AuditWebController, WebController, WebAssetsController, RecordImportWebController, PluginScreenController, PluginRecordFormController, PublicScreenController, CheckInController, IndicatorsWebController, AccountsWebController, OrgWebController, PeopleWebController, PasswordWebController, CalendarWebController, InstitutionsWebController, InstitutionPluginsWebController],
      providers: [...shared, { provide: APP_GUARD, useClass: SessionGuard }],
      exports: shared.map((p) => ('provide' in p ? p.provide : p)),
    };
  }
}

@Module({})
export class AppModule {
  static register(deps: CoreDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.register(deps), NotifyModule, RiskModule, WarningModule, AssessmentModule, OversightModule, DocumentsModule, SsoModule],
      // Needs DocumentsService, so it sits here rather than in the global PlatformModule.
      controllers: [RecordIssueController],
      providers: [RecordIssueService],
    };
  }
}
