import type { NamedMigration } from '../migration-runner';
import { CORE_MIGRATIONS } from './0001-core-schema';

/** The platform's own migrations; core modules register theirs through their definition (core/domain-modules.ts). */
export const PLATFORM_MIGRATIONS: NamedMigration[] = [...CORE_MIGRATIONS];
