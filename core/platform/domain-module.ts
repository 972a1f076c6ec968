import type { NamedMigration } from '../db/migration-runner';
import type { TemplateFields } from '../documents/template-data';
import type { LocalizedText } from '../plugin-api';
import type { NavItem } from '../web/nav';

/**
 * What a core module (risk, warning, assessment, documents) registers with the platform, the way plugins register
 * through their definition: the shared parts (db, web, documents) read these lists and import no module.
 */
export interface DomainModuleDefinition {
  id: string;
  entities: Function[];
  /** Applied after the platform's own, in module order. */
  migrations: NamedMigration[];
  /** Menu entries, in menu order. */
  nav: NavItem[];
  /** Runtime shape of the data each of the module's document templates takes, by template id. */
  templateFields: Record<string, TemplateFields>;
  /** Demo data for each of those templates: tests, the bench and the demo render them. */
  templateDemoData: object;
  /** How the audit log words the `from`/`to` of this module's transitions: the first entry whose prefix starts the action. */
  auditTransitions?: AuditTransition[];
  /** How the audit log names the actions this module writes, in the order its filter lists them. */
  auditActions?: Record<string, LocalizedText>;
  /** The presets an institution chooses for this module (config/institutions/*.yaml), as the institution screen offers them. */
  institutionChoices?: InstitutionChoice[];
}

export interface InstitutionChoice {
  field: 'warningPalette' | 'gradingPreset' | 'assessmentPreset';
  label: LocalizedText;
  options: { value: string; label: LocalizedText }[];
}

export interface AuditTransition {
  actionPrefix: string;
  label: LocalizedText;
  /** Labels of the values (a warning's states); values without one read as written. */
  values?: Record<string, LocalizedText>;
}
