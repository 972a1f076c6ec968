import { QueryRunner, TableColumn } from 'typeorm';
import { col } from '../../db/migrations/table-helpers';
import type { NamedMigration } from '../../db/migration-runner';

/** The committee decision of a warning at a level a collective body decides (003 篇5 一级 by the party committee). */
export class WarningCommitteeDecision0004 implements NamedMigration {
  name = 'warning-0004-committee-decision';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('warnings', [
      new TableColumn(col.str('decision_body', 100, true)),
      new TableColumn(col.str('decision_meeting_on', 10, true)),
      new TableColumn(col.str('decision_minutes_no', 60, true)),
    ]);
  }

  async down(): Promise<void> {
    throw new Error('warning-0004-committee-decision cannot be reverted');
  }
}
