import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import { Db } from '../../../core/db/db';
import { ALL_CORE_MIGRATIONS, CORE_ENTITIES } from '../../../core/domain-modules';
import { runMigrations } from '../../../core/db/migration-runner';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface TestDb {
  db: Db;
  dataDir: string;
  close(): Promise<void>;
}

/** Empties the shared PostgreSQL test database (callers hold /tmp/pg-e2e.lock). */
export async function resetPostgres(url: string): Promise<void> {
  const c = new PgClient({ connectionString: url });
  await c.connect();
  try {
    await c.query('DROP SCHEMA IF EXISTS public CASCADE');
    await c.query('CREATE SCHEMA public');
  } finally {
    await c.end();
  }
}

/** A migrated database without the HTTP app: a fresh SQLite file, or the PostgreSQL test database. */
export async function openTestDb(opts: { migrate?: boolean; dataDir?: string; sqlite?: boolean } = {}): Promise<TestDb> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lz-rel-'));
  const url = opts.sqlite ? undefined : process.env.DATABASE_URL;
  if (url && !opts.dataDir) await resetPostgres(url);
  const db = await Db.open({ dataDir, databaseUrl: url, entities: CORE_ENTITIES });
  if (opts.migrate !== false) await db.exclusive(() => runMigrations(db.writer, ALL_CORE_MIGRATIONS));
  return {
    db,
    dataDir,
    async close() {
      await db.close();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `$n` on PostgreSQL, `?` on SQLite. */
export function ph(db: Db, n: number): string {
  return db.kind === 'postgres' ? `$${n}` : '?';
}
