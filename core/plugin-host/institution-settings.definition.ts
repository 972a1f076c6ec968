import type { DomainModuleDefinition } from '../platform/domain-module';
import { INSTITUTION_SETTINGS_MIGRATIONS } from './migrations';
import { InstitutionSettingsEntity } from './institution-settings.entity';

/** What the institution settings screens register with the platform: their table and the admin's menu entry. */
export const INSTITUTION_SETTINGS_MODULE: DomainModuleDefinition = {
  id: 'institution-settings',
  entities: [InstitutionSettingsEntity],
  migrations: INSTITUTION_SETTINGS_MIGRATIONS,
  nav: [{ href: '/admin/institutions', label: { zh: '单位与插件', en: 'Institutions and plugins' }, roles: ['system-admin'], group: { zh: '系统管理', en: 'Administration' } }],
  templateFields: {},
  templateDemoData: {},
  auditActions: {
    'institution.settings': { zh: '修改单位设置', en: 'Institution settings changed' },
    'institution.plugins': { zh: '修改单位插件设置', en: 'Institution plugins changed' },
  },
};
