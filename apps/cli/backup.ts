import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { EnvConfig } from '../../core/config/env.config';
import { Db } from '../../core/db/db';
import { CORE_ENTITIES } from '../../core/domain-modules';

const DB_FILE = 'platform.sqlite';
export const PG_BACKUP_HINT =
  'PostgreSQL: use pg_dump / pg_restore, e.g. `pg_dump -Fc "$DATABASE_URL" -f backup.dump` and `pg_restore -d "$NEW_DATABASE_URL" backup.dump`';

function integrityCheck(file: string): string {
  const conn = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return String(conn.pragma('integrity_check', { simple: true }));
  } finally {
    conn.close();
  }
}

/**
 * Online backup of the SQLite database into `target` with VACUUM INTO: one consistent snapshot, taken in the
 * write lane (this process's writers wait), while other processes keep writing through WAL.
 */
export async function backupSqlite(env: EnvConfig, target: string): Promise<{ file: string; bytes: number }> {
  if (env.DATABASE_URL) throw new Error(PG_BACKUP_HINT);
  const file = path.resolve(target);
  if (fs.existsSync(file)) throw new Error(`${file} already exists; choose a new file name`);
  if (!fs.existsSync(path.join(env.DATA_DIR, DB_FILE))) throw new Error(`no database in ${env.DATA_DIR}`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = await Db.open({ dataDir: env.DATA_DIR, entities: CORE_ENTITIES });
  try {
    await db.exclusive(() => db.writer.query('VACUUM INTO ?', [file]));
  } finally {
    await db.close();
  }
  const check = integrityCheck(file);
  if (check !== 'ok') throw new Error(`backup ${file} failed its integrity check: ${check}`);
  return { file, bytes: fs.statSync(file).size };
}

/** Restores a backup into a fresh data directory, after checking the backup's integrity; never overwrites. */
export function restoreSqlite(source: string, dataDir: string): { file: string } {
  const from = path.resolve(source);
  if (!fs.existsSync(from)) throw new Error(`${from} does not exist`);
  const check = integrityCheck(from);
  if (check !== 'ok') throw new Error(`${from} failed its integrity check: ${check}`);
  const dir = path.resolve(dataDir);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length) throw new Error(`${dir} is not empty; restore into a fresh data directory`);
  fs.mkdirSync(dir, { recursive: true });
  const to = path.join(dir, DB_FILE);
  fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
  return { file: to };
}
