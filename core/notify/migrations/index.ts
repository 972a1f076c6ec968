import type { NamedMigration } from '../../db/migration-runner';
import { NotifyOutbox0001 } from './0001-notify-outbox';

/** Migrations of notification delivery, applied after the warning module's (they replace its sms_outbox). */
export const NOTIFY_MIGRATIONS: NamedMigration[] = [new NotifyOutbox0001()];
