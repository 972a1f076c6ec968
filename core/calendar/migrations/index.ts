import type { NamedMigration } from '../../db/migration-runner';
import { CalendarNotices0001 } from './0001-calendar-notices';

/** Migrations of the holiday calendar, applied in this order, tracked by name (prefix "calendar-"). */
export const CALENDAR_MIGRATIONS: NamedMigration[] = [new CalendarNotices0001()];
