import { ASSESSMENT_MIGRATIONS } from '../../assessment/migrations';
import { DOCUMENTS_MIGRATIONS } from '../../documents/migrations';
import { RISK_MIGRATIONS } from '../../risk/migrations';
import { WARNING_MIGRATIONS } from '../../warning/migrations';
import type { NamedMigration } from '../migration-runner';
import { CORE_MIGRATIONS } from './0001-core-schema';

/** Every core migration in apply order: the platform first, then each module's own. */
export const ALL_CORE_MIGRATIONS: NamedMigration[] = [...CORE_MIGRATIONS, ...RISK_MIGRATIONS, ...WARNING_MIGRATIONS, ...ASSESSMENT_MIGRATIONS, ...DOCUMENTS_MIGRATIONS];
