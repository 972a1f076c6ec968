import { QueryRunner, TableColumn } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';

/** A county assesses the units below it (issue #22): a subject, and its frozen result, may name a whole institution. */
export class AssessmentUnitSubjects0003 implements NamedMigration {
  name = 'assessment-0003-unit-subjects';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('assessment_subjects', new TableColumn({ name: 'unit_id', type: 'integer', isNullable: true }));
    await qr.addColumn('assessment_results', new TableColumn({ name: 'unit_id', type: 'integer', isNullable: true }));
  }

  async down(): Promise<void> {
    throw new Error('assessment-0003-unit-subjects cannot be reverted');
  }
}
