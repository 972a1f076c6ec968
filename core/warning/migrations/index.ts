import type { NamedMigration } from '../../db/migration-runner';
import { WarningSchema0001 } from './0001-warning-schema';
import { WarningSubjectsJurisdiction0002 } from './0002-subjects-and-jurisdiction';
import { WarningClueAssignments0003 } from './0003-clue-assignments';
import { WarningCommitteeDecision0004 } from './0004-committee-decision';

/** Migrations of the warning module, applied in this order, tracked by name (prefix "warning-"). */
export const WARNING_MIGRATIONS: NamedMigration[] = [new WarningSchema0001(), new WarningSubjectsJurisdiction0002(), new WarningClueAssignments0003(), new WarningCommitteeDecision0004()];
