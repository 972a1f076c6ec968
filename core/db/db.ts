import { AsyncLocalStorage } from 'node:async_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DataSource, DataSourceOptions, EntityManager, QueryRunner } from 'typeorm';
import { Semaphore } from '../platform/semaphore';

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

/** Attempts at a PostgreSQL write transaction before its serialization failure reaches the caller. */
export const PG_TX_ATTEMPTS = 20;
/** From this attempt on, retried transactions queue in the lane, one at a time, so a hot row still makes progress. */
const PG_TX_ATTEMPTS_BESIDE = 2;

export function isSerializationFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}

/** PostgreSQL pool size, and how many of its connections write transactions may hold at once: the rest stay free for
 * reads and for a transaction's own reads made beside it, so writers never wait on each other for a connection. */
const PG_POOL_SIZE = 10;
const PG_WRITE_SLOTS = 6;

export interface DbOpenOptions {
  dataDir: string;
  databaseUrl?: string;
  entities: DataSourceOptions['entities'];
  logging?: boolean;
}

/**
 * The only way the app touches the database.
 * SQLite writes go through one serialised lane: TypeORM shares a single SQLite connection, and concurrent
 * transactions on it nest into each other's savepoints, losing acknowledged writes. Reads on SQLite go
 * to a second, query-only connection, so they never see another request's uncommitted rows.
 * PostgreSQL writes run side by side on pooled connections at SERIALIZABLE (see write).
 */
export class Db {
  /** SQLite's writes, PostgreSQL's retried ones, and migrations: one at a time, in arrival order. */
  private readonly lane = new Semaphore(1);
  private readonly current = new AsyncLocalStorage<EntityManager>();
  /** Work queued by afterSettle, per outermost transaction. */
  private readonly settleHooks = new WeakMap<EntityManager, (() => Promise<unknown>)[]>();
  /** Work queued by beforeCommit, per outermost transaction. */
  private readonly commitHooks = new WeakMap<EntityManager, ((m: EntityManager) => Promise<unknown>)[]>();
  private readonly txState = new WeakMap<EntityManager, Map<string, unknown>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private freshReader?: QueryRunner;
  private readonly writeSlots = new Semaphore(PG_WRITE_SLOTS);

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
        extra: { max: PG_POOL_SIZE },
      });
      await ds.initialize();
      const db = new Db('postgres', ds, ds, opts.databaseUrl.replace(/\/\/[^@]*@/, '//***@'));
      // Taken now, so the audit head read never waits for a pool slot that waiting writers hold.
      db.freshReader = ds.createQueryRunner();
      await db.freshReader.connect();
      return db;
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

  /**
   * Runs fn in one write transaction; a nested call joins the enclosing transaction.
   * SQLite: one at a time through the lane. PostgreSQL: side by side at SERIALIZABLE, so the database keeps the
   * outcome equal to some one-at-a-time order and fails the rest with a serialization failure (40001) or deadlock
   * (40P01), which re-runs fn from the start; fn must therefore keep its effects to the transaction (files it writes
   * before or after, never inside). `readCommitted` (PostgreSQL) is for work that reads what others commit and keeps
   * its outcome unique by keys, such as rules after a save: it takes no part in the serializable conflict checks.
   * `replayed` is for a write that an outbox repeats after a crash (its row is removed in the same write): its commit
   * does not wait for the disk (SQLite synchronous=NORMAL, PostgreSQL synchronous_commit off), so a power cut can lose
   * it but never half of it, and the next durable commit makes it durable too.
   */
  write<T>(fn: (m: EntityManager) => Promise<T>, opts: { readCommitted?: boolean; replayed?: boolean } = {}): Promise<T> {
    const outer = this.current.getStore();
    if (outer) return fn(outer);
    const hooks: (() => Promise<unknown>)[] = [];
    const body = (m: EntityManager) => {
      // A retried attempt starts clean: nothing the failed one queued may run.
      hooks.length = 0;
      this.settleHooks.set(m, hooks);
      const commitHooks: ((m: EntityManager) => Promise<unknown>)[] = [];
      this.commitHooks.set(m, commitHooks);
      // Fresh for every transaction, whatever the driver does with managers.
      this.txState.set(m, new Map());
      return this.current.run(m, async () => {
        if (opts.replayed && this.kind === 'postgres') await m.query('SET LOCAL synchronous_commit TO OFF');
        const result = await fn(m);
        // A hook may queue another (in order); each runs once, inside the transaction, before COMMIT.
        for (let i = 0; i < commitHooks.length; i++) await commitHooks[i](m);
        return result;
      });
    };
    const run = this.kind === 'postgres' ? this.track(this.writeSlots.run(() => this.retrySerializable(() => this.writer.transaction(opts.readCommitted ? 'READ COMMITTED' : 'SERIALIZABLE', body)))) : this.lane.run(() => (opts.replayed ? this.withoutSync(() => this.writer.transaction(body)) : this.writer.transaction(body)));
    // Hooks run once the transaction has ended (and, on SQLite, the lane is free), committed or rolled back.
    return run.finally(async () => {
      for (const hook of hooks) await hook().catch(() => undefined);
    });
  }

  /** SQLite, in the lane, outside a transaction (the pragma cannot change inside one): tx commits without an fsync. */
  private async withoutSync<T>(tx: () => Promise<T>): Promise<T> {
    const conn = (this.writer.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
    conn.pragma('synchronous = NORMAL');
    try {
      return await tx();
    } finally {
      conn.pragma('synchronous = FULL');
    }
  }

  /**
   * Re-runs tx after a serialization failure or deadlock, after a short random pause (at most 5 ms per attempt, as
   * saves racing each other need), which from the ninth attempt doubles up to a second: a retry only succeeds once the
   * other side of the conflict has ended, and a long one outlasted twenty pauses of at most 50 ms.
   */
  private async retrySerializable<T>(tx: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return attempt <= PG_TX_ATTEMPTS_BESIDE ? await tx() : await this.lane.run(tx);
      } catch (err) {
        if (!isSerializationFailure(err)) throw err;
        if (attempt >= PG_TX_ATTEMPTS) {
          // PostgreSQL's reason code (pivot, conflict out…) is what tells the cause apart; the log shows only the message.
          (err as Error).message += ` (${(err as { detail?: string }).detail ?? 'no detail'}; ${attempt} attempts in ${Date.now() - started} ms)`;
          throw err;
        }
        await new Promise((r) => setTimeout(r, Math.random() * (attempt <= 8 ? 5 * attempt : Math.min(50 * 2 ** (attempt - 8), 1000))));
      }
    }
  }

  /** Keeps PostgreSQL transactions in flight, so close() waits for them. */
  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.catch(() => undefined).finally(() => this.inFlight.delete(p));
    return p;
  }

  /**
   * Reads committed rows outside every transaction, on a connection kept for it (PostgreSQL). For a SERIALIZABLE
   * transaction that must see what committed after its snapshot, such as the audit chain head once it holds the
   * chain's lock; only that lock's holder calls it, so the one connection is never shared.
   */
  async committedRows(sql: string): Promise<Record<string, unknown>[]> {
    if (!this.freshReader) throw new Error('committedRows is for PostgreSQL');
    return this.freshReader.query(sql);
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
    await Promise.allSettled([...this.inFlight]);
    if (this.freshReader && !this.freshReader.isReleased) await this.freshReader.release();
    if (this.reader !== this.writer && this.reader.isInitialized) await this.reader.destroy();
    if (this.writer.isInitialized) await this.writer.destroy();
  }
}
