import { QueryRunner, TableColumn } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';

/** Restricted documents: who besides the issuer may read one (roles at its institution, named users). */
export class DocumentsReadRestriction0002 implements NamedMigration {
  name = 'documents-0002-read-restriction';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('issued_documents', [
      new TableColumn({ name: 'issuer_user_id', type: 'integer', isNullable: true }),
      // JSON arrays; NULL = readable by everyone who can see the institution (the default).
      new TableColumn({ name: 'read_roles', type: 'text', isNullable: true }),
      new TableColumn({ name: 'read_user_ids', type: 'text', isNullable: true }),
    ]);
  }

  async down(): Promise<void> {
    throw new Error('documents-0002-read-restriction cannot be reverted');
  }
}
