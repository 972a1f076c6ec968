import type { DomainModuleDefinition } from '../platform/domain-module';
import { PLUGIN_SETTINGS_MIGRATIONS } from './migrations';
import { InstitutionPluginSettingsEntity } from './plugin-settings.entity';

/** What the plugin settings screen registers with the platform: its table and the admin's menu entry. */
export const PLUGIN_SETTINGS_MODULE: DomainModuleDefinition = {
  id: 'plugin-settings',
  entities: [InstitutionPluginSettingsEntity],
  migrations: PLUGIN_SETTINGS_MIGRATIONS,
  nav: [{ href: '/admin/plugins', label: { zh: '单位插件设置', en: 'Plugins by institution' }, roles: ['system-admin'], group: { zh: '系统管理', en: 'Administration' } }],
  templateFields: {},
  templateDemoData: {},
  auditActions: {
    'institution.plugins': { zh: '修改单位插件设置', en: 'Institution plugins changed' },
  },
};
