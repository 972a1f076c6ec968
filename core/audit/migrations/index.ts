import type { NamedMigration } from '../../db/migration-runner';
import { AuditIndexes0001 } from './0001-audit-indexes';

/** Migrations of the audit screens, applied in this order, tracked by name (prefix "audit-"). */
export const AUDIT_MIGRATIONS: NamedMigration[] = [new AuditIndexes0001()];
