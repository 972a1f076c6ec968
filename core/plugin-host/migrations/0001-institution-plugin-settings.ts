import { QueryRunner, Table } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';
import { col, fk } from '../../db/migrations/table-helpers';

/** Plugin settings saved on /admin/plugins, one row per institution. */
export class InstitutionPluginSettings0001 implements NamedMigration {
  name = 'plugin-settings-0001-institution-plugin-settings';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'institution_plugin_settings',
        columns: [
          { name: 'institution_code', type: 'varchar', length: '64', isPrimary: true },
          col.text('plugins'),
          col.int('version'),
          col.int('updated_by'),
          col.str('updated_at', 32),
          col.str('reason', 500),
        ],
        foreignKeys: [fk('updated_by', 'users')],
      }),
    );
  }

  async down(): Promise<void> {
    throw new Error('plugin-settings-0001-institution-plugin-settings cannot be reverted');
  }
}
