import { QueryRunner, TableColumn } from 'typeorm';
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
    // TypeORM reads a generated column's expression back from its own metadata table (getTable would fail without it).
    await qr.query('CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" character varying NOT NULL, "database" character varying, "schema" character varying, "table" character varying, "name" character varying, "value" text)');
    await qr.addColumn('plugin_records', new TableColumn({ name: 'data_jsonb', type: 'jsonb', isNullable: true, generatedType: 'STORED', asExpression: 'data::jsonb' }));
  }

  async down(): Promise<void> {
    throw new Error('core-0008-record-data-jsonb cannot be reverted');
  }
}
