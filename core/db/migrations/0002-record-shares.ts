import { QueryRunner, Table } from 'typeorm';
import { NamedMigration } from '../migration-runner';
import { col, fk } from './table-helpers';

/** Second owning institutions of plugin records (RecordTypeDef.shares). */
export class RecordShares0002 implements NamedMigration {
  name = 'core-0002-record-shares';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'record_shares',
        columns: [col.id(), col.int('record_id'), col.int('institution_id'), col.int('via_record_id'), col.str('field', 64)],
        foreignKeys: [fk('record_id', 'plugin_records'), fk('institution_id', 'institutions'), fk('via_record_id', 'plugin_records')],
        indices: [{ columnNames: ['institution_id', 'record_id'] }, { columnNames: ['via_record_id'] }],
      }),
    );
  }

  async down(): Promise<void> {
    throw new Error('core-0002-record-shares cannot be reverted');
  }
}
