import type { DomainModuleDefinition } from '../platform/domain-module';

/** The organisation screens' menu entry; the tables belong to the platform (core/db). */
export const ORG_MODULE: DomainModuleDefinition = {
  id: 'org',
  entities: [],
  migrations: [],
  nav: [{ href: '/admin/org', label: { zh: '组织机构', en: 'Organisation' }, roles: ['system-admin', 'head'], group: { zh: '系统管理', en: 'Administration' } }],
  templateFields: {},
  templateDemoData: {},
};
