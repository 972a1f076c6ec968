import { AsyncLocalStorage } from 'node:async_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DataSource, DataSourceOptions, EntityManager } from 'typeorm';

export type DbKind = 'sqlite' | 'postgres';

export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** What every SQLite connection must run with; checked after each open, a reopen included. */
export const REQUIRED_SQLITE_SETTINGS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL: better-sqlite3 reopens an existing WAL file at NORMAL otherwise.
  foreign_keys: 1,
  busy_timeout: SQLITE_BUSY_TIMEOUT_MS,
} as const;

export function configureSqliteConnection(conn: BetterSqlite3.Database, readOnly: boolean): void {
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = FULL');
  conn.pragma('foreign_keys = ON');
  conn.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  if (readOnly) conn.pragma('query_only = ON');
  assertSqliteSettings(conn);
}

export function readSqliteSettings(conn: BetterSqlite3.Database): Record<keyof typeof REQUIRED_SQLITE_SETTINGS, unknown> {
  return {
    journal_mode: conn.pragma('journal_mode', { simple: true }),
    synchronous: conn.pragma('synchronous', { simple: true }),
    foreign_keys: conn.pragma('foreign_keys', { simple: true }),
    busy_timeout: conn.pragma('busy_timeout', { simple: true }),
  };
}

function assertSqliteSettings(conn: BetterSqlite3.Database): void {
  const actual = readSqliteSettings(conn);
  for (const [key, want] of Object.entries(REQUIRED_SQLITE_SETTINGS)) {
    const got = actual[key as keyof typeof actual];
    if (String(got).toLowerCase() !== String(want)) {
      throw new Error(`SQLite setting ${key} is ${String(got)}, expected ${want}`);
    }
  }
}

interface PgResult {
  rows: Record<string, unknown>[];
}

/** A promise chain: one write transaction at a time, in arrival order. */
class WriteLane {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export interface DbOpenOptions {
  dataDir: string;
  databaseUrl?: string;
  entities: DataSourceOptions['entities'];
  logging?: boolean;
}

/**
 * The only way the app touches the database.
 * Writes go through one serialised lane: TypeORM shares a single SQLite connection, and concurrent
 * transactions on it nest into each other's savepoints, losing acknowledged writes. Reads on SQLite go
 * to a second, query-only connection, so they never see another request's uncommitted rows.
 */
export class Db {
  private readonly lane = new WriteLane();
  private readonly current = new AsyncLocalStorage<EntityManager>();
  /** Work queued by afterSettle, per outermost transaction. */
  private readonly settleHooks = new WeakMap<EntityManager, (() => Promise<unknown>)[]>();
  /** Work queued by beforeCommit, per outermost transaction. */
  private readonly commitHooks = new WeakMap<EntityManager, ((m: EntityManager) => Promise<unknown>)[]>();
  private readonly txState = new WeakMap<EntityManager, Map<string, unknown>>();

  private constructor(
    readonly kind: DbKind,
    readonly writer: DataSource,
    readonly reader: DataSource,
    readonly location: string,
  ) {}

  static async open(opts: DbOpenOptions): Promise<Db> {
    if (opts.databaseUrl) {
      const ds = new DataSource({
        type: 'postgres',
        url: opts.databaseUrl,
        entities: opts.entities,
        synchronize: false,
        migrationsRun: false,
        logging: opts.logging ?? false,
        extra: { max: 10 },
      });
      await ds.initialize();
      return new Db('postgres', ds, ds, opts.databaseUrl.replace(/\/\/[^@]*@/, '//***@'));
    }
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const file = path.join(opts.dataDir, 'platform.sqlite');
    const make = (readOnly: boolean) =>
      new DataSource({
        type: 'better-sqlite3',
        database: file,
        entities: opts.entities,
        synchronize: false,
        migrationsRun: false,
        logging: opts.logging ?? false,
        timeout: SQLITE_BUSY_TIMEOUT_MS,
        prepareDatabase: (conn: BetterSqlite3.Database) => configureSqliteConnection(conn, readOnly),
      });
    const writer = await make(false).initialize();
    const reader = await make(true).initialize();
    return new Db('sqlite', writer, reader, file);
  }

  /** Runs fn in one write transaction; a nested call joins the enclosing transaction. */
  write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.current.getStore();
    if (outer) return fn(outer);
    const hooks: (() => Promise<unknown>)[] = [];
    const run = this.lane.run(() =>
      this.writer.transaction((m) => {
        this.settleHooks.set(m, hooks);
        const commitHooks: ((m: EntityManager) => Promise<unknown>)[] = [];
        this.commitHooks.set(m, commitHooks);
        // Fresh for every transaction, whatever the driver does with managers.
        this.txState.set(m, new Map());
        return this.current.run(m, async () => {
          const result = await fn(m);
          // A hook may queue another (in order); each runs once, inside the transaction, before COMMIT.
          for (let i = 0; i < commitHooks.length; i++) await commitHooks[i](m);
          return result;
        });
      }),
    );
    // Hooks run once the lane is free, whether the transaction committed or rolled back.
    return run.finally(async () => {
      for (const hook of hooks) await hook().catch(() => undefined);
    });
  }

  /**
   * Runs fn after the enclosing write transaction has committed or rolled back, or now outside one.
   * For records that must survive the rollback they explain, such as a denied access that ends in a 404.
   */
  async afterSettle(fn: () => Promise<unknown>): Promise<void> {
    const m = this.current.getStore();
    const hooks = m && this.settleHooks.get(m);
    if (hooks) hooks.push(fn);
    else await fn();
  }

  /**
   * Runs fn as the last step of the write transaction m belongs to, just before it commits; false outside one
   * (the caller then does the work at once). Lets a transaction batch rows it gathered, such as its audit entries.
   */
  beforeCommit(m: EntityManager, fn: (m: EntityManager) => Promise<unknown>): boolean {
    const hooks = this.current.getStore() === m ? this.commitHooks.get(m) : undefined;
    if (!hooks) return false;
    hooks.push(fn);
    return true;
  }

  /**
   * Runs several SQL statements (no parameters) in one round trip on m's PostgreSQL connection and returns the last
   * one's rows. Each statement takes its own snapshot, so a read after a lock sees what the lock's last holder committed.
   */
  async pgScript(m: EntityManager, sql: string): Promise<Record<string, unknown>[]> {
    if (this.kind !== 'postgres' || !m.queryRunner) throw new Error('pgScript needs a PostgreSQL transaction');
    // TypeORM's query() expects one result; the pg client answers a multi-statement text with one per statement.
    const conn = await (m.queryRunner as unknown as { connect(): Promise<{ query(sql: string): Promise<PgResult | PgResult[]> }> }).connect();
    const results = await conn.query(sql);
    const last = Array.isArray(results) ? results[results.length - 1] : results;
    return last.rows;
  }

  /** Scratch space that lives exactly as long as the write transaction m belongs to; undefined outside one. */
  transactionState(m: EntityManager): Map<string, unknown> | undefined {
    return this.current.getStore() === m ? this.txState.get(m) : undefined;
  }

  /** Reads committed data; inside a write it reads through that transaction. */
  read<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return fn(this.current.getStore() ?? this.reader.manager);
  }

  /**
   * Runs fn holding a lock that other processes on the same database respect (PostgreSQL session advisory lock on
   * its own connection, released if the process dies). SQLite has one process, so fn just runs.
   */
  async crossProcessLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if (this.kind !== 'postgres') return fn();
    const qr = this.writer.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      try {
        return await fn();
      } finally {
        await qr.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      }
    } finally {
      await qr.release();
    }
  }

  /** Runs fn in the lane without a transaction (migrations manage their own). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.lane.run(fn);
  }

  async close(): Promise<void> {
    await this.lane.run(async () => undefined);
    if (this.reader !== this.writer && this.reader.isInitialized) await this.reader.destroy();
    if (this.writer.isInitialized) await this.writer.destroy();
  }
}
