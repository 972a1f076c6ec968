import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { configureSqliteConnection, Db, readSqliteSettings, REQUIRED_SQLITE_SETTINGS } from '../../core/db/db';
import { CORE_ENTITIES } from '../../core/domain-modules';
import { openTestDb } from './support/test-db';

jest.setTimeout(60_000);

/** The better-sqlite3 handle TypeORM opened for a DataSource. */
const handle = (ds: DataSource) => (ds.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;

/** Settings as a plain PRAGMA through TypeORM reports them, on the connection the app really uses. */
async function viaQuery(ds: DataSource): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(REQUIRED_SQLITE_SETTINGS)) {
    const rows: Record<string, unknown>[] = await ds.query(`PRAGMA ${name}`);
    out[name] = Object.values(rows[0])[0];
  }
  return out;
}

const EXPECTED = { journal_mode: 'wal', synchronous: 2, foreign_keys: 1, busy_timeout: 5000 };

async function expectSettings(db: Db): Promise<void> {
  expect(db.reader).not.toBe(db.writer);
  for (const ds of [db.writer, db.reader]) {
    expect(readSqliteSettings(handle(ds))).toEqual(EXPECTED);
    expect(await viaQuery(ds)).toEqual(EXPECTED);
  }
  // The reader is query-only: a write through it fails in SQLite itself.
  expect(handle(db.reader).pragma('query_only', { simple: true })).toBe(1);
  expect(() => handle(db.reader).exec(`CREATE TABLE must_fail (x integer)`)).toThrow(/readonly|query_only|attempt to write/i);
}

describe('connection settings on every open', () => {
  it('WAL, synchronous=FULL, foreign keys on and busy timeout on the writer and the reader, at first open and after reopening', async () => {
    if (process.env.DATABASE_URL) {
      // PostgreSQL has no per-connection pragmas; the switch itself is what this run can prove.
      const t = await openTestDb();
      expect(t.db.kind).toBe('postgres');
      expect(t.db.reader).toBe(t.db.writer);
      await t.close();
      return;
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-conn-'));
    try {
      const first = await openTestDb({ dataDir });
      expect(first.db.kind).toBe('sqlite');
      await expectSettings(first.db);
      await first.db.write((m) => m.query(`INSERT INTO institutions (code, name, type, created_at) VALUES ('c1', 'c1', 'other', 'x')`));
      await first.close();

      // Plain reopen.
      const second = await openTestDb({ dataDir });
      await expectSettings(second.db);
      await second.close();

      // Reopen while another process-like connection keeps the -wal file alive: this is the case where
      // better-sqlite3 would come back at synchronous=NORMAL if nothing set it again.
      const file = path.join(dataDir, 'platform.sqlite');
      const holder = new Database(file);
      holder.pragma('journal_mode = WAL');
      holder.prepare(`INSERT INTO institutions (code, name, type, created_at) VALUES ('c2', 'c2', 'other', 'x')`).run();
      expect(fs.existsSync(`${file}-wal`)).toBe(true);
      const third = await Db.open({ dataDir, entities: CORE_ENTITIES });
      try {
        await expectSettings(third);
        const rows: unknown[] = await third.read((m) => m.query('SELECT code FROM institutions ORDER BY code'));
        expect(rows).toEqual([{ code: 'c1' }, { code: 'c2' }]);
      } finally {
        await third.close();
        holder.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a write an outbox replays commits without an fsync; every other write, and the connection after it, at FULL', async () => {
    const t = await openTestDb();
    try {
      if (t.db.kind === 'postgres') {
        const seen = await t.db.write((m) => m.query('SHOW synchronous_commit'), { replayed: true });
        expect(seen).toEqual([{ synchronous_commit: 'off' }]);
        expect(await t.db.write((m) => m.query('SHOW synchronous_commit'))).toEqual([{ synchronous_commit: 'on' }]);
        return;
      }
      const sync = () => handle(t.db.writer).pragma('synchronous', { simple: true });
      expect(await t.db.write(async () => sync(), { replayed: true })).toBe(1);
      expect(await t.db.write(async () => sync())).toBe(2);
      // A failing replayed write leaves the connection at FULL too.
      await expect(t.db.write(async () => Promise.reject(new Error('boom')), { replayed: true })).rejects.toThrow('boom');
      expect(sync()).toBe(2);
      expect(readSqliteSettings(handle(t.db.writer))).toEqual(EXPECTED);
    } finally {
      await t.close();
    }
  });

  it('refuses a connection on which a required setting does not stick', () => {
    // An in-memory database cannot use WAL: the check must fail loudly rather than run without it.
    const mem = new Database(':memory:');
    try {
      expect(() => configureSqliteConnection(mem, false)).toThrow('SQLite setting journal_mode is memory, expected wal');
    } finally {
      mem.close();
    }
  });
});
