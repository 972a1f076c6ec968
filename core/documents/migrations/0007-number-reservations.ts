import { QueryRunner, Table } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';
import { col } from '../../db/migrations/table-helpers';

/** Numbers taken in a short transaction before the render, so issues at one institution render side by side. */
export class DocumentsNumberReservations0007 implements NamedMigration {
  name = 'documents-0007-number-reservations';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'document_number_reservations',
        columns: [col.id(), col.str('prefix', 40), col.int('year'), col.int('seq'), col.str('holder', 24), col.str('claim', 80, true), col.str('lease_until', 32), col.str('created_at', 32)],
        // One reservation per number, as issued_documents has one row per number and version.
        indices: [{ name: 'uq_document_number_reservations', columnNames: ['prefix', 'year', 'seq'], isUnique: true }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('document_number_reservations');
  }
}
