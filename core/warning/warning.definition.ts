import type { DomainModuleDefinition } from '../platform/domain-module';
import { WARNING_TEMPLATE_DEMO_DATA, WARNING_TEMPLATE_FIELDS } from './warning-document-data';
import { WARNING_ENTITIES } from './warning.entities';
import { WARNING_MIGRATIONS } from './migrations';
import { WARNING_NAV } from './warning.nav';
import { STATE_LABELS } from './warning-state';
import { ASSIGNMENT_STATE_LABELS } from './clue-assignment-labels';

/** What the warning module registers with the platform (entities, migrations, menu, document data shapes). */
export const WARNING_MODULE: DomainModuleDefinition = {
  id: 'warning',
  entities: WARNING_ENTITIES,
  migrations: WARNING_MIGRATIONS,
  nav: WARNING_NAV,
  templateFields: WARNING_TEMPLATE_FIELDS,
  templateDemoData: WARNING_TEMPLATE_DEMO_DATA,
  auditTransitions: [
    { actionPrefix: 'warning.assignment.', label: { zh: '交办状态', en: 'Assignment status' }, values: ASSIGNMENT_STATE_LABELS },
    { actionPrefix: 'warning.', label: { zh: '状态', en: 'Status' }, values: STATE_LABELS },
  ],
};
