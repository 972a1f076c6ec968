import { QueryRunner, Table } from 'typeorm';
import { NamedMigration } from '../migration-runner';
import { col, fk } from './table-helpers';

/** The column mapping of a bulk import, remembered per institution and record type and offered on the next import. */
export class RecordImportMappings0004 implements NamedMigration {
  name = 'core-0004-record-import-mappings';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'record_import_mappings',
        columns: [col.id(), col.int('institution_id'), col.str('plugin_id', 64), col.str('record_type', 64), col.text('mapping'), col.str('updated_at', 32)],
        foreignKeys: [fk('institution_id', 'institutions')],
        indices: [{ columnNames: ['institution_id', 'plugin_id', 'record_type'], isUnique: true }],
      }),
    );
  }

  async down(): Promise<void> {
    throw new Error('core-0004-record-import-mappings cannot be reverted');
  }
}
