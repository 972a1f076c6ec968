import type { DomainModuleDefinition } from '../platform/domain-module';

/** The account screens' menu entry; the tables and migration belong to the platform (core/db). */
export const ACCOUNTS_MODULE: DomainModuleDefinition = {
  id: 'accounts',
  entities: [],
  migrations: [],
  nav: [{ href: '/admin/accounts', label: { zh: '账户管理', en: 'Accounts' }, roles: ['system-admin'], group: { zh: '系统管理', en: 'Administration' } }],
  templateFields: {},
  templateDemoData: {},
  auditActions: {
    'auth.login': { zh: '登录', en: 'Sign-in' },
    'auth.logout': { zh: '退出登录', en: 'Sign-out' },
    'user.create': { zh: '创建账户', en: 'Account created' },
    'user.update': { zh: '修改账户', en: 'Account changed' },
    'user.disable': { zh: '停用账户', en: 'Account disabled' },
    'user.enable': { zh: '启用账户', en: 'Account re-enabled' },
    'user.password_reset': { zh: '重置密码', en: 'Password reset' },
    'user.password_change': { zh: '修改本人密码', en: 'Own password changed' },
  },
};
