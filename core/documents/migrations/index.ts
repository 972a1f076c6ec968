import type { NamedMigration } from '../../db/migration-runner';

/** Migrations of the documents module, applied in this order, tracked by name (prefix "documents-"). */
export const DOCUMENTS_MIGRATIONS: NamedMigration[] = [];
