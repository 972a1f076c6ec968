import { QueryRunner, TableColumn } from 'typeorm';
import { col } from '../../db/migrations/table-helpers';
import type { NamedMigration } from '../../db/migration-runner';

/** Records a clue cites (for subject suggestions and evidence locks), and the body that handles a matter when it is not the institution's own. */
export class WarningSubjectsJurisdiction0002 implements NamedMigration {
  name = 'warning-0002-subjects-and-jurisdiction';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('warning_clues', [new TableColumn(col.text('record_ids', true)), new TableColumn(col.int('handler_institution_id', true))]);
    await qr.addColumn('warnings', new TableColumn(col.int('handler_institution_id', true)));
  }

  async down(): Promise<void> {
    throw new Error('warning-0002-subjects-and-jurisdiction cannot be reverted');
  }
}
