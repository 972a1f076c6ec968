import { QueryRunner, Table } from 'typeorm';
import { NamedMigration } from '../migration-runner';
import { col, fk } from './table-helpers';
import { RecordShares0002 } from './0002-record-shares';
import { RecordVersions0003 } from './0003-record-versions';
import { RecordImportMappings0004 } from './0004-record-import-mappings';

export class CoreSchema0001 implements NamedMigration {
  name = 'core-0001-schema';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'institutions',
        columns: [col.id(), col.str('code', 64), col.str('name', 200), col.str('name_en', 200, false, ''), col.str('type', 40), col.int('parent_id', true), col.str('created_at', 32)],
        uniques: [{ columnNames: ['code'] }],
        foreignKeys: [fk('parent_id', 'institutions')],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'departments',
        columns: [col.id(), col.int('institution_id'), col.str('name', 200), col.str('code', 64, false, '')],
        foreignKeys: [fk('institution_id', 'institutions')],
        indices: [{ columnNames: ['institution_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'posts',
        columns: [col.id(), col.int('institution_id'), col.int('department_id', true), col.str('name', 200)],
        foreignKeys: [fk('institution_id', 'institutions'), fk('department_id', 'departments')],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'people',
        columns: [
          col.id(),
          col.int('institution_id'),
          col.int('department_id', true),
          col.int('post_id', true),
          col.str('name', 100),
          col.str('title', 100, false, ''),
          col.str('post_since', 10, true),
        ],
        foreignKeys: [fk('institution_id', 'institutions'), fk('department_id', 'departments'), fk('post_id', 'posts')],
        indices: [{ columnNames: ['institution_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'institution_grants',
        columns: [col.id(), col.int('grantor_id'), col.int('grantee_id'), col.str('scope', 64)],
        foreignKeys: [fk('grantor_id', 'institutions'), fk('grantee_id', 'institutions')],
        uniques: [{ columnNames: ['grantor_id', 'grantee_id', 'scope'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'users',
        columns: [
          col.id(),
          col.str('username', 64),
          col.str('display_name', 100),
          col.str('password_hash', 200),
          col.int('person_id', true),
          col.bool('is_system_admin'),
          col.bool('disabled'),
          col.int('failed_logins', false, 0),
          col.str('locked_until', 32, true),
          col.str('locale', 8, false, 'zh'),
          col.str('created_at', 32),
        ],
        uniques: [{ columnNames: ['username'] }],
        foreignKeys: [fk('person_id', 'people')],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'role_assignments',
        columns: [col.id(), col.int('user_id'), col.int('institution_id'), col.str('role', 40), col.bool('include_descendants')],
        foreignKeys: [fk('user_id', 'users'), fk('institution_id', 'institutions')],
        uniques: [{ columnNames: ['user_id', 'institution_id', 'role'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id_hash', type: 'varchar', length: '64', isPrimary: true },
          col.int('user_id'),
          col.str('csrf_token', 64),
          col.int('current_institution_id', true),
          col.str('created_at', 32),
          col.str('expires_at', 32),
        ],
        foreignKeys: [fk('user_id', 'users'), fk('current_institution_id', 'institutions')],
        indices: [{ columnNames: ['user_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true },
          col.str('at', 32),
          col.str('actor', 100),
          col.int('institution_id', true),
          col.str('action', 80),
          col.str('object_type', 80),
          col.str('object_id', 80),
          col.str('outcome', 20),
          col.text('detail'),
          col.str('prev_hash', 64),
          col.str('hash', 64),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'plugin_records',
        columns: [
          col.id(),
          col.int('institution_id'),
          col.str('plugin_id', 64),
          col.str('record_type', 64),
          col.str('title', 300),
          col.text('data'),
          col.int('version', false, 1),
          col.int('created_by', true),
          col.str('created_at', 32),
          col.str('updated_at', 32),
        ],
        foreignKeys: [fk('institution_id', 'institutions'), fk('created_by', 'users')],
        indices: [{ columnNames: ['institution_id', 'plugin_id', 'record_type'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'rule_hits',
        columns: [
          col.id(),
          col.int('institution_id'),
          col.str('plugin_id', 64),
          col.str('rule_id', 120),
          col.int('rule_version'),
          col.str('level', 10),
          col.int('record_id', true),
          col.str('subject_key', 200),
          col.text('inputs'),
          col.text('message'),
          col.str('created_at', 32),
        ],
        foreignKeys: [fk('institution_id', 'institutions'), fk('record_id', 'plugin_records')],
        uniques: [{ columnNames: ['institution_id', 'rule_id', 'rule_version', 'subject_key'] }],
      }),
    );
    await this.protectAuditLog(qr);
  }

  /** The database itself refuses updates and deletes of audit rows. */
  private async protectAuditLog(qr: QueryRunner): Promise<void> {
    if (qr.connection.options.type === 'postgres') {
      await qr.query(`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql`);
      await qr.query(`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
      await qr.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    } else {
      await qr.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
      await qr.query(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
    }
  }

  async down(): Promise<void> {
    throw new Error('core-0001-schema cannot be reverted');
  }
}

export const CORE_MIGRATIONS = [new CoreSchema0001(), new RecordShares0002(), new RecordVersions0003(), new RecordImportMappings0004()];
