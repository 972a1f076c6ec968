import type { NamedMigration } from '../../db/migration-runner';

/** Migrations of the risk module, applied in this order, tracked by name (prefix "risk-"). */
export const RISK_MIGRATIONS: NamedMigration[] = [];
