import type { DomainModuleDefinition } from '../platform/domain-module';
import { ASSESSMENT_TEMPLATE_DEMO_DATA, ASSESSMENT_TEMPLATE_FIELDS } from './assessment-document-data';
import { ASSESSMENT_ENTITIES } from './assessment.entities';
import { ASSESSMENT_MIGRATIONS } from './migrations';
import { ASSESSMENT_NAV } from './assessment.nav';

/** What the assessment module registers with the platform (entities, migrations, menu, document data shapes). */
export const ASSESSMENT_MODULE: DomainModuleDefinition = {
  id: 'assessment',
  entities: ASSESSMENT_ENTITIES,
  migrations: ASSESSMENT_MIGRATIONS,
  nav: ASSESSMENT_NAV,
  templateFields: ASSESSMENT_TEMPLATE_FIELDS,
  templateDemoData: ASSESSMENT_TEMPLATE_DEMO_DATA,
};
