import { ASSESSMENT_MODULE } from './assessment/assessment.definition';
import { AUDIT_MODULE } from './audit/audit.definition';
import { ACCOUNTS_MODULE } from './auth/accounts.definition';
import { CALENDAR_MODULE } from './calendar/calendar.definition';
import { ASSESSMENT_TEMPLATE_DEMO_DATA, AssessmentTemplateDataMap } from './assessment/assessment-document-data';
import { PLATFORM_ENTITIES } from './db/entities';
import { PLATFORM_MIGRATIONS } from './db/migrations';
import type { NamedMigration } from './db/migration-runner';
import { DOCUMENTS_MODULE } from './documents/documents.definition';
import { NOTIFY_MODULE } from './notify/notify.definition';
import { ORG_MODULE } from './org/org.definition';
import { OVERSIGHT_MODULE } from './oversight/oversight.definition';
import { INSTITUTION_SETTINGS_MODULE } from './plugin-host/institution-settings.definition';
import type { CoreTemplateDataMap } from './documents/template-data';
import { LETTER_DEMO_DATA } from './documents/template-demo-data';
import type { DomainModuleDefinition } from './platform/domain-module';
import { ModuleRegistry } from './platform/module-registry';
import { RISK_TEMPLATE_DEMO_DATA, RiskTemplateDataMap } from './risk/risk-document-data';
import { RISK_MODULE } from './risk/risk.definition';
import { WARNING_TEMPLATE_DEMO_DATA, WarningTemplateDataMap } from './warning/warning-document-data';
import { WARNING_MODULE } from './warning/warning.definition';

/** The composition root of the core modules, as plugins/installed.ts is for plugins: menu and migration order. */
export const DOMAIN_MODULES: readonly DomainModuleDefinition[] = [RISK_MODULE, WARNING_MODULE, OVERSIGHT_MODULE, ASSESSMENT_MODULE, DOCUMENTS_MODULE, ACCOUNTS_MODULE, ORG_MODULE, INSTITUTION_SETTINGS_MODULE, AUDIT_MODULE, CALENDAR_MODULE, NOTIFY_MODULE];

/** Every entity: the platform's own, then each module's, so both connections see the same model. */
export const CORE_ENTITIES: Function[] = [...PLATFORM_ENTITIES, ...DOMAIN_MODULES.flatMap((m) => m.entities)];

/** Every core migration in apply order: the platform first, then each module's own. */
export const ALL_CORE_MIGRATIONS: NamedMigration[] = [...PLATFORM_MIGRATIONS, ...DOMAIN_MODULES.flatMap((m) => m.migrations)];

export const moduleRegistry = (): ModuleRegistry => new ModuleRegistry(DOMAIN_MODULES);

/** Demo data of every core template, typed: tests, the bench and the demo render them. */
export const DEMO_TEMPLATE_DATA: CoreTemplateDataMap & RiskTemplateDataMap & WarningTemplateDataMap & AssessmentTemplateDataMap = {
  ...RISK_TEMPLATE_DEMO_DATA,
  ...LETTER_DEMO_DATA,
  ...WARNING_TEMPLATE_DEMO_DATA,
  ...ASSESSMENT_TEMPLATE_DEMO_DATA,
};
