import type { NamedMigration } from '../../db/migration-runner';

/** Migrations of the warning module, applied in this order, tracked by name (prefix "warning-"). */
export const WARNING_MIGRATIONS: NamedMigration[] = [];
