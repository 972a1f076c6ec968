import type { NamedMigration } from '../../db/migration-runner';
import { AssessmentSchema0001 } from './0001-assessment-schema';
import { AssessmentReassessment0002 } from './0002-reassessment';
import { AssessmentUnitSubjects0003 } from './0003-unit-subjects';

/** Migrations of the assessment module, applied in this order, tracked by name (prefix "assessment-"). */
export const ASSESSMENT_MIGRATIONS: NamedMigration[] = [new AssessmentSchema0001(), new AssessmentReassessment0002(), new AssessmentUnitSubjects0003()];
