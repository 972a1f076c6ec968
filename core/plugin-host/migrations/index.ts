import type { NamedMigration } from '../../db/migration-runner';
import { InstitutionSettings0001 } from './0001-institution-settings';

/** Migrations of the institution settings screens, applied in this order, tracked by name (prefix "institution-settings-"). */
export const INSTITUTION_SETTINGS_MIGRATIONS: NamedMigration[] = [new InstitutionSettings0001()];
