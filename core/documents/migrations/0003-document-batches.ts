import { QueryRunner, Table } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';
import { col, fk } from '../../db/migrations/table-helpers';

/** Batch state in the database, shared by web processes and render workers. */
export class DocumentsBatches0003 implements NamedMigration {
  name = 'documents-0003-document-batches';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'document_batches',
        columns: [
          col.id(),
          col.str('public_id', 24),
          col.int('institution_id'),
          col.str('template_id', 120),
          col.int('owner_user_id'),
          col.bool('issue'),
          col.int('total'),
          col.str('mode', 16),
          col.str('date_text', 20),
          col.str('created_at', 32),
        ],
        uniques: [{ columnNames: ['public_id'] }],
        foreignKeys: [fk('institution_id', 'institutions'), fk('owner_user_id', 'users')],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'document_batch_items',
        columns: [
          col.id(),
          col.int('batch_id'),
          col.int('idx'),
          col.text('data_json'),
          col.str('status', 10),
          col.int('document_id', true),
          col.str('file_path', 300, true),
          col.str('error', 300, true),
        ],
        // One row per item: the conditional "pending → done" update is what stops a retried job issuing twice.
        uniques: [{ columnNames: ['batch_id', 'idx'] }],
        foreignKeys: [fk('batch_id', 'document_batches'), fk('document_id', 'issued_documents')],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('document_batch_items');
    await qr.dropTable('document_batches');
  }
}
