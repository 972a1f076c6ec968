import { QueryRunner, Table } from 'typeorm';
import { NamedMigration } from '../migration-runner';
import { col, fk } from './table-helpers';

/** Versions of plugin records (tamper evidence); each existing record starts with its current contents as a version. */
export class RecordVersions0003 implements NamedMigration {
  name = 'core-0003-record-versions';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'record_versions',
        columns: [col.id(), col.int('record_id'), col.int('version'), col.text('data'), col.text('changed'), col.str('actor', 100), col.int('user_id', true), col.text('reason', true), col.str('created_at', 32)],
        foreignKeys: [fk('record_id', 'plugin_records'), fk('user_id', 'users')],
        indices: [{ columnNames: ['record_id', 'version'], isUnique: true }],
      }),
    );
    await qr.query(`INSERT INTO record_versions (record_id, version, data, changed, actor, user_id, reason, created_at) SELECT id, version, data, '[]', 'system:migration', NULL, NULL, updated_at FROM plugin_records`);
  }

  async down(): Promise<void> {
    throw new Error('core-0003-record-versions cannot be reverted');
  }
}
