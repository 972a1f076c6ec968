import { QueryRunner, TableColumn } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';

/** 000: a 不合格 result is re-assessed; the new scheme points at the one it repeats. */
export class AssessmentReassessment0002 implements NamedMigration {
  name = 'assessment-0002-reassessment';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('assessment_schemes', new TableColumn({ name: 'reassessment_of', type: 'integer', isNullable: true }));
  }

  async down(): Promise<void> {
    throw new Error('assessment-0002-reassessment cannot be reverted');
  }
}
