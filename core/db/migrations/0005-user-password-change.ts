import { QueryRunner, TableColumn } from 'typeorm';
import type { NamedMigration } from '../migration-runner';

/** An account created or reset by an admin carries a temporary password its holder must replace at next sign-in. */
export class UserPasswordChange0005 implements NamedMigration {
  name = 'core-0005-user-password-change';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('users', new TableColumn({ name: 'must_change_password', type: 'boolean', default: false }));
  }

  async down(): Promise<void> {
    throw new Error('core-0005-user-password-change cannot be reverted');
  }
}
