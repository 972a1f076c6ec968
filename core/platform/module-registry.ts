import type { TemplateFields } from '../documents/template-data';
import type { LocalizedText } from '../plugin-api';
import type { NavItem } from '../web/nav';
import type { AuditTransition, DomainModuleDefinition, InstitutionChoice } from './domain-module';

/** The registered core modules, as the shared parts see them (injected; built once at the composition root). */
export class ModuleRegistry {
  readonly nav: NavItem[];
  /** The presets an institution chooses, by the modules that use them. */
  readonly institutionChoices: InstitutionChoice[];
  /** Every module's audit action names, in module order. */
  readonly auditActions: Record<string, LocalizedText> = {};
  private readonly fields = new Map<string, TemplateFields>();

  constructor(readonly modules: readonly DomainModuleDefinition[]) {
    this.nav = modules.flatMap((m) => m.nav);
    this.institutionChoices = modules.flatMap((m) => m.institutionChoices ?? []);
    for (const m of modules) {
      for (const [action, label] of Object.entries(m.auditActions ?? {})) {
        if (this.auditActions[action]) throw new Error(`audit action ${action} is named by two modules`);
        this.auditActions[action] = label;
      }
    }
    for (const m of modules) {
      for (const [id, rules] of Object.entries(m.templateFields)) {
        if (this.fields.has(id)) throw new Error(`template ${id} is registered by two modules`);
        this.fields.set(id, rules);
      }
    }
  }

  /** The declared data shape of a core template, or undefined for plugin and override templates. */
  templateFields(templateId: string): TemplateFields | undefined {
    return this.fields.get(templateId);
  }

  /** How the audit log words an action's `from`/`to` pair, as the module that writes it declares. */
  auditTransition(action: string): AuditTransition | undefined {
    return this.modules.flatMap((m) => m.auditTransitions ?? []).find((t) => action.startsWith(t.actionPrefix));
  }

  templateDemoData(): Record<string, object> {
    return Object.assign({}, ...this.modules.map((m) => m.templateDemoData)) as Record<string, object>;
  }
}
