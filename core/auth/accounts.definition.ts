import type { DomainModuleDefinition } from '../platform/domain-module';

/** The account screens' menu entry; the tables and migration belong to the platform (core/db). */
export const ACCOUNTS_MODULE: DomainModuleDefinition = {
  id: 'accounts',
  entities: [],
  migrations: [],
  nav: [{ href: '/admin/accounts', label: { zh: '账户管理', en: 'Accounts' }, roles: ['system-admin'], group: { zh: '系统管理', en: 'Administration' } }],
  templateFields: {},
  templateDemoData: {},
};
