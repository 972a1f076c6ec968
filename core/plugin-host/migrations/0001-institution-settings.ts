import { QueryRunner, Table } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';
import { col, fk } from '../../db/migrations/table-helpers';

/** Institutions saved on /admin/institutions, one row each. */
export class InstitutionSettings0001 implements NamedMigration {
  name = 'institution-settings-0001';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'institution_settings',
        columns: [{ name: 'institution_code', type: 'varchar', length: '64', isPrimary: true }, col.text('config'), col.int('version'), col.int('updated_by'), col.str('updated_at', 32), col.str('reason', 500)],
        foreignKeys: [fk('updated_by', 'users')],
      }),
    );
  }

  async down(): Promise<void> {
    throw new Error('institution-settings-0001 cannot be reverted');
  }
}
