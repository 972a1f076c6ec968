import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';

export interface NamedMigration extends MigrationInterface {
  name: string;
}

/**
 * Applies pending migrations by name (never by version number) in one transaction.
 * On SQLite foreign keys are off while it runs, so a table rebuild cannot cascade-delete child rows,
 * and foreign_key_check must come back empty before it commits.
 */
export async function runMigrations(ds: DataSource, migrations: NamedMigration[]): Promise<string[]> {
  const names = new Set<string>();
  for (const m of migrations) {
    if (names.has(m.name)) throw new Error(`duplicate migration name ${m.name}`);
    names.add(m.name);
  }
  const sqlite = ds.options.type === 'better-sqlite3';
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    if (sqlite) await qr.query('PRAGMA foreign_keys = OFF');
    await qr.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name varchar(200) PRIMARY KEY, applied_at varchar(32) NOT NULL)',
    );
    const applied = new Set<string>((await qr.query('SELECT name FROM schema_migrations')).map((r: { name: string }) => r.name));
    const pending = migrations.filter((m) => !applied.has(m.name));
    if (!pending.length) return [];
    await qr.startTransaction();
    try {
      for (const m of pending) {
        await m.up(qr);
        await qr.query(`INSERT INTO schema_migrations (name, applied_at) VALUES (${param(qr, 1)}, ${param(qr, 2)})`, [
          m.name,
          new Date().toISOString(),
        ]);
      }
      if (sqlite) {
        const bad = await qr.query('PRAGMA foreign_key_check');
        if (bad.length) throw new Error(`foreign_key_check failed after migrations: ${JSON.stringify(bad.slice(0, 5))}`);
      }
      await qr.commitTransaction();
    } catch (err) {
      await qr.rollbackTransaction();
      throw err;
    }
    return pending.map((m) => m.name);
  } finally {
    if (sqlite) await qr.query('PRAGMA foreign_keys = ON');
    await qr.release();
  }
}

export function param(qr: QueryRunner, n: number): string {
  return qr.connection.options.type === 'postgres' ? `$${n}` : '?';
}
