import type { NamedMigration } from '../migration-runner';
import { CORE_MIGRATIONS } from './0001-core-schema';
import { UserPasswordChange0005 } from './0005-user-password-change';
import { RuleOutbox0006 } from './0006-rule-outbox';
import { WarningModels0007 } from './0007-warning-models';
import { RecordDataJsonb0008 } from './0008-record-data-jsonb';

/** The platform's own migrations; core modules register theirs through their definition (core/domain-modules.ts). */
export const PLATFORM_MIGRATIONS: NamedMigration[] = [...CORE_MIGRATIONS, new UserPasswordChange0005(), new RuleOutbox0006(), new WarningModels0007(), new RecordDataJsonb0008()];
