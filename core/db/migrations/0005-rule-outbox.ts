import { QueryRunner, Table } from 'typeorm';
import { NamedMigration } from '../migration-runner';
import { col, fk } from './table-helpers';

/** Saved records whose rules have not run yet: written with the save, removed with the rules' outcome (exactly once). */
export class RuleOutbox0005 implements NamedMigration {
  name = 'core-0005-rule-outbox';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(new Table({ name: 'rule_outbox', columns: [col.id(), col.int('record_id'), col.str('created_at', 32)], foreignKeys: [fk('record_id', 'plugin_records')] }));
  }

  async down(): Promise<void> {
    throw new Error('core-0005-rule-outbox cannot be reverted');
  }
}
