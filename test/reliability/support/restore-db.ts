import { Client as PgClient } from 'pg';

/**
 * The empty PostgreSQL database a suite restores a backup archive into: `<db>_restore` beside the suite's own database
 * (`lianzheng_test_restore`, `lianzheng_test_w1_restore`, …), emptied here so reruns work. `.ci/run` creates them:
 * the test role cannot CREATE DATABASE. Locally:
 * `cd / && runuser -u postgres -- psql -qc "create database <db>_restore owner <role>"`.
 */
export async function emptyRestoreDatabase(url = process.env.DATABASE_URL): Promise<string> {
  if (!url) throw new Error('emptyRestoreDatabase: DATABASE_URL is not set');
  const u = new URL(url);
  u.pathname = `${u.pathname}_restore`;
  const name = decodeURIComponent(u.pathname.slice(1));
  const c = new PgClient({ connectionString: u.toString() });
  try {
    await c.connect();
  } catch (err) {
    await c.end().catch(() => undefined);
    throw new Error(`the restore test database ${name} is not reachable (${(err as Error).message}); .ci/run creates it, or: create database ${name} owner ${decodeURIComponent(u.username)}`);
  }
  try {
    const schemas = await c.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%'");
    for (const { nspname } of schemas.rows) await c.query(`DROP SCHEMA ${c.escapeIdentifier(nspname)} CASCADE`);
    await c.query('DROP SCHEMA IF EXISTS public CASCADE');
    await c.query('CREATE SCHEMA public');
  } finally {
    await c.end();
  }
  return u.toString();
}
