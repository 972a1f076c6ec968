import { QueryRunner, Table, TableColumn } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';
import { col, fk } from '../../db/migrations/table-helpers';

/**
 * The delivery outbox, people's contact columns, and the end of sms_outbox: its rows named people and held the
 * matter in plain text, so they move over by person and key only, marked failed (never sent by anyone: an admin
 * may retry them on /admin/deliveries), and the old table goes.
 */
export class NotifyOutbox0001 implements NamedMigration {
  name = 'notify-0001-outbox';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('people', [new TableColumn({ name: 'phone', type: 'text', isNullable: true }), new TableColumn({ name: 'email', type: 'text', isNullable: true })]);
    await qr.createTable(
      new Table({
        name: 'notification_outbox',
        columns: [
          col.id(),
          col.int('institution_id'),
          col.int('person_id'),
          col.str('channel', 10),
          col.str('link', 300),
          col.str('status', 10),
          col.int('attempts', false, 0),
          col.str('last_error', 500, true),
          col.str('next_attempt_at', 32),
          col.str('claimed_until', 32, true),
          col.str('last_attempt_at', 32, true),
          col.str('sent_at', 32, true),
          col.str('unique_key', 200, true),
          col.str('created_at', 32),
        ],
        foreignKeys: [fk('institution_id', 'institutions'), fk('person_id', 'people')],
        uniques: [{ columnNames: ['unique_key'] }],
        indices: [{ columnNames: ['status', 'next_attempt_at'] }],
      }),
    );
    if (await qr.hasTable('sms_outbox')) {
      await qr.query(
        `INSERT INTO notification_outbox (institution_id, person_id, channel, link, status, attempts, last_error, next_attempt_at, unique_key, created_at)
         SELECT institution_id, person_id, 'sms', '/', 'failed', 0, 'queued before delivery existed; not sent', created_at, unique_key, created_at FROM sms_outbox WHERE person_id IS NOT NULL`,
      );
      await qr.dropTable('sms_outbox');
    }
  }

  async down(): Promise<void> {
    throw new Error('notify-0001-outbox cannot be reverted');
  }
}
