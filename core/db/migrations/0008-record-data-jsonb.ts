import { QueryRunner } from 'typeorm';
import type { NamedMigration } from '../migration-runner';

/**
 * PostgreSQL keeps each record's data also as jsonb, computed by the database on every write, so queries and indexes
 * read fields without parsing the JSON text row by row (a dashboard total parsed every project of the year each view).
 * SQLite reads its text with json_extract and needs nothing.
 */
export class RecordDataJsonb0008 implements NamedMigration {
  name = 'core-0008-record-data-jsonb';

  async up(qr: QueryRunner): Promise<void> {
    if (qr.connection.options.type !== 'postgres') return;
    await qr.query('ALTER TABLE plugin_records ADD COLUMN data_jsonb jsonb GENERATED ALWAYS AS (data::jsonb) STORED');
  }

  async down(): Promise<void> {
    throw new Error('core-0008-record-data-jsonb cannot be reverted');
  }
}
