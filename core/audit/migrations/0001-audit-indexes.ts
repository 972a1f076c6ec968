import { QueryRunner } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';

/** Indexes: (column, seq) pairs answer a filter newest first without a sort; `at` answers a date range. */
const INDEXES: [string, string[]][] = [
  ['audit_log_institution_seq', ['institution_id', 'seq']],
  ['audit_log_actor_seq', ['actor', 'seq']],
  ['audit_log_action_seq', ['action', 'seq']],
  ['audit_log_object_seq', ['object_type', 'object_id', 'seq']],
  ['audit_log_at', ['at']],
];

/** The audit screen filters the log by institution, actor, action, object and date in SQL, whatever its length. */
export class AuditIndexes0001 implements NamedMigration {
  name = 'audit-0001-indexes';

  async up(qr: QueryRunner): Promise<void> {
    for (const [name, columns] of INDEXES) await qr.query(`CREATE INDEX ${name} ON audit_log (${columns.join(', ')})`);
  }

  async down(): Promise<void> {
    throw new Error('audit-0001-indexes cannot be reverted');
  }
}
