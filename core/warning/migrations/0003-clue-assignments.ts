import { QueryRunner, Table } from 'typeorm';
import { col, fk } from '../../db/migrations/table-helpers';
import type { NamedMigration } from '../../db/migration-runner';

/** Assignments (交办单) of clues from a discipline body to a unit below it, and their steps. */
export class WarningClueAssignments0003 implements NamedMigration {
  name = 'warning-0003-clue-assignments';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'warning_assignments',
        columns: [
          col.id(),
          col.int('institution_id'),
          col.int('clue_id'),
          col.int('from_institution_id'),
          col.int('unit_institution_id'),
          col.str('deadline', 10),
          col.text('instructions'),
          col.str('status', 20),
          col.text('outcome', true),
          col.int('warning_id', true),
          col.int('created_by'),
          col.str('created_at', 32),
          col.str('updated_at', 32),
        ],
        foreignKeys: [fk('institution_id', 'institutions'), fk('clue_id', 'warning_clues'), fk('from_institution_id', 'institutions'), fk('unit_institution_id', 'institutions'), fk('warning_id', 'warnings'), fk('created_by', 'users')],
        indices: [{ columnNames: ['from_institution_id', 'status'] }, { columnNames: ['unit_institution_id', 'status'] }, { columnNames: ['clue_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'warning_assignment_steps',
        columns: [col.id(), col.int('assignment_id'), col.int('institution_id'), col.str('kind', 20), col.str('actor', 100), col.str('at', 32), col.text('data')],
        foreignKeys: [fk('assignment_id', 'warning_assignments'), fk('institution_id', 'institutions')],
        indices: [{ columnNames: ['assignment_id'] }],
      }),
    );
  }

  async down(): Promise<void> {
    throw new Error('warning-0003-clue-assignments cannot be reverted');
  }
}
