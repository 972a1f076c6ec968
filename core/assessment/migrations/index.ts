import type { NamedMigration } from '../../db/migration-runner';

/** Migrations of the assessment module, applied in this order, tracked by name (prefix "assessment-"). */
export const ASSESSMENT_MIGRATIONS: NamedMigration[] = [];
