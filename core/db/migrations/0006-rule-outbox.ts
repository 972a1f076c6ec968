import { QueryRunner, Table } from 'typeorm';
import type { NamedMigration } from '../migration-runner';
import { col } from './table-helpers';

/** Saved records whose rules have not run yet: written with the save, removed with the rules' outcome (exactly once). */
export class RuleOutbox0006 implements NamedMigration {
  name = 'core-0006-rule-outbox';

  async up(qr: QueryRunner): Promise<void> {
    // No foreign key: a queued record may be gone by the time its rules run, and the drain then drops the row.
    await qr.createTable(
      new Table({
        name: 'rule_outbox',
        columns: [col.id(), col.int('record_id'), col.int('institution_id'), col.str('plugin_id', 64), col.int('attempts', false, 0), col.str('created_at', 32)],
        indices: [{ columnNames: ['institution_id', 'plugin_id', 'id'] }],
      }),
    );
  }

  async down(): Promise<void> {
    throw new Error('core-0006-rule-outbox cannot be reverted');
  }
}
