import type { DomainModuleDefinition } from '../platform/domain-module';
import { AUDIT_MIGRATIONS } from './migrations';
import { AUDIT_NAV } from './audit.nav';

/** What the audit screens register with the platform: the log's indexes and the menu entry (the table is the platform's). */
export const AUDIT_MODULE: DomainModuleDefinition = {
  id: 'audit',
  entities: [],
  migrations: AUDIT_MIGRATIONS,
  nav: AUDIT_NAV,
  templateFields: {},
  templateDemoData: {},
};
