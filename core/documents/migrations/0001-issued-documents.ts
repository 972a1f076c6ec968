import { QueryRunner, Table } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';
import { col, fk } from '../../db/migrations/table-helpers';

export class DocumentsIssued0001 implements NamedMigration {
  name = 'documents-0001-issued-documents';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'issued_documents',
        columns: [
          col.id(),
          col.str('public_id', 40),
          col.int('institution_id'),
          col.str('template_id', 120),
          col.str('template_version', 64),
          col.str('title', 300),
          col.int('number_year'),
          col.int('number_seq'),
          col.str('number_text', 60),
          col.int('version'),
          col.int('previous_id', true),
          col.text('data_json'),
          col.str('sha256', 64),
          col.int('size_bytes'),
          col.int('pages'),
          col.str('file_path', 300),
          col.str('issued_on', 10),
          col.str('issued_at', 32),
          col.str('issued_by', 100),
        ],
        // The unique number is what makes a concurrent second issuer fail instead of repeating a number.
        uniques: [{ columnNames: ['public_id'] }, { columnNames: ['institution_id', 'number_year', 'number_seq', 'version'] }],
        foreignKeys: [fk('institution_id', 'institutions'), fk('previous_id', 'issued_documents')],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('issued_documents');
  }
}
