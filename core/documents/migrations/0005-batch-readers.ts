import { QueryRunner, TableColumn } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';

/** A batch keeps the readers its issued documents get, as a single issue does (render workers issue them later). */
export class DocumentsBatchReaders0005 implements NamedMigration {
  name = 'documents-0005-batch-readers';

  async up(qr: QueryRunner): Promise<void> {
    // JSON arrays, as on issued_documents; NULL = unrestricted.
    await qr.addColumns('document_batches', [
      new TableColumn({ name: 'read_roles', type: 'text', isNullable: true }),
      new TableColumn({ name: 'read_user_ids', type: 'text', isNullable: true }),
    ]);
  }

  async down(): Promise<void> {
    throw new Error('documents-0005-batch-readers cannot be reverted');
  }
}
