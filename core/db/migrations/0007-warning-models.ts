import { QueryRunner, Table } from 'typeorm';
import type { NamedMigration } from '../migration-runner';
import { col, fk } from './table-helpers';

/** Warning models configured as data (#21): the model with its current definition, and every version it was enabled in. */
export class WarningModels0007 implements NamedMigration {
  name = 'core-0007-warning-models';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'warning_models',
        columns: [
          col.id(),
          col.int('institution_id'),
          col.str('model_key', 48),
          col.str('plugin_id', 64),
          col.str('record_type', 64),
          col.str('status', 10),
          col.int('version', false, 0),
          col.text('definition'),
          col.str('config_file', 200, true),
          col.str('created_at', 32),
          col.str('updated_at', 32),
        ],
        foreignKeys: [fk('institution_id', 'institutions')],
        // The first answers every save's question "which models read this record type here?".
        indices: [{ columnNames: ['institution_id', 'plugin_id', 'record_type', 'status'] }, { columnNames: ['institution_id', 'model_key'], isUnique: true }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'warning_model_versions',
        columns: [col.id(), col.int('model_id'), col.int('version'), col.text('definition'), col.str('actor', 100), col.int('user_id', true), col.text('reason'), col.str('created_at', 32)],
        foreignKeys: [fk('model_id', 'warning_models'), fk('user_id', 'users')],
        indices: [{ columnNames: ['model_id', 'version'], isUnique: true }],
      }),
    );
  }

  async down(): Promise<void> {
    throw new Error('core-0007-warning-models cannot be reverted');
  }
}
