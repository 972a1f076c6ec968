import type { NamedMigration } from '../../db/migration-runner';
import { InstitutionPluginSettings0001 } from './0001-institution-plugin-settings';

/** Migrations of the plugin settings screen, applied in this order, tracked by name (prefix "plugin-settings-"). */
export const PLUGIN_SETTINGS_MIGRATIONS: NamedMigration[] = [new InstitutionPluginSettings0001()];
