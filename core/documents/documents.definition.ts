import type { DomainModuleDefinition } from '../platform/domain-module';
import { LETTER_TEMPLATE_FIELDS } from './template-data';
import { LETTER_DEMO_DATA } from './template-demo-data';
import { DOCUMENTS_ENTITIES } from './documents.entities';
import { DOCUMENTS_MIGRATIONS } from './migrations';
import { DOCUMENTS_NAV } from './documents.nav';

/** What the documents module registers with the platform (entities, migrations, menu, document data shapes). */
export const DOCUMENTS_MODULE: DomainModuleDefinition = {
  id: 'documents',
  entities: DOCUMENTS_ENTITIES,
  migrations: DOCUMENTS_MIGRATIONS,
  nav: DOCUMENTS_NAV,
  templateFields: LETTER_TEMPLATE_FIELDS,
  templateDemoData: LETTER_DEMO_DATA,
  auditActions: {
    'document.batch': { zh: '批量出具公文', en: 'Document batch' },
    'document.batch.expire': { zh: '草稿批次到期删除', en: 'Draft batch expired' },
  },
};
