import { QueryRunner, TableColumn } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';

/** Documents printing personal data in clear (a patient's name from a referral slip): no read pass for system admins. */
export class DocumentsPersonalData0004 implements NamedMigration {
  name = 'documents-0004-personal-data';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('issued_documents', new TableColumn({ name: 'personal_data', type: 'integer', isNullable: false, default: 0 }));
  }

  async down(): Promise<void> {
    throw new Error('documents-0004-personal-data cannot be reverted');
  }
}
