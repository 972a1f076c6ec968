import { QueryRunner, Table } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';
import { col, fk } from '../../db/migrations/table-helpers';

/** Holiday notices entered on /admin/calendar, one per year. */
export class CalendarNotices0001 implements NamedMigration {
  name = 'calendar-0001-notices';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'calendar_notices',
        columns: [col.id(), col.int('year'), col.text('notice'), col.str('source', 10), col.int('entered_by'), col.str('entered_by_name', 100), col.str('entered_at', 32)],
        uniques: [{ columnNames: ['year'] }],
        foreignKeys: [fk('entered_by', 'users')],
      }),
    );
  }

  async down(): Promise<void> {
    throw new Error('calendar-0001-notices cannot be reverted');
  }
}
