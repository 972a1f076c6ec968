import type { EntityManager } from 'typeorm';

/** Rows per INSERT: 500 records × 9 columns stays far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
export const BULK_BATCH = 500;

/** A new record as stored: its title and sealed data, keyed by field id, and the keys its first version sets. */
export interface BulkRecord {
  title: string;
  data: string;
  changed: string[];
}

/** Who imports, where, when: the same for every record of one import. */
export interface BulkContext {
  institutionId: number;
  pluginId: string;
  recordType: string;
  userId: number | null;
  actor: string;
  now: string;
}

/** A full batch's VALUES list per database and width: built once, not for each of an import's thousands of batches. */
const fullBatch = new Map<string, string>();

function placeholders(m: EntityManager, rows: number, cols: number): string {
  const pg = m.connection.options.type === 'postgres';
  const key = `${pg}:${cols}`;
  if (rows === BULK_BATCH && fullBatch.has(key)) return fullBatch.get(key)!;
  let n = 0;
  const one = () => `(${Array.from({ length: cols }, () => (pg ? `$${++n}` : '?')).join(', ')})`;
  const sql = Array.from({ length: rows }, one).join(', ');
  if (rows === BULK_BATCH) fullBatch.set(key, sql);
  return sql;
}

/**
 * Inserts records and their first versions (as a create keeps one) with one multi-row INSERT each per batch, inside the
 * caller's transaction; returns the new ids in the order given.
 */
export async function insertRecords(m: EntityManager, ctx: BulkContext, records: BulkRecord[]): Promise<number[]> {
  const ids: number[] = [];
  for (let at = 0; at < records.length; at += BULK_BATCH) {
    const batch = records.slice(at, at + BULK_BATCH);
    const params = batch.flatMap((r) => [ctx.institutionId, ctx.pluginId, ctx.recordType, r.title, r.data, 1, ctx.userId, ctx.now, ctx.now]);
    const rows: { id: number | string }[] = await m.query(
      `INSERT INTO plugin_records (institution_id, plugin_id, record_type, title, data, version, created_by, created_at, updated_at) VALUES ${placeholders(m, batch.length, 9)} RETURNING id`,
      params,
    );
    // One statement's ids follow its VALUES order (sequence or rowid ascending); RETURNING itself promises no order.
    const batchIds = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    const versions = batch.flatMap((r, i) => [batchIds[i], 1, r.data, JSON.stringify(r.changed), ctx.actor.slice(0, 100), ctx.userId, ctx.now]);
    await m.query(`INSERT INTO record_versions (record_id, version, data, changed, actor, user_id, created_at) VALUES ${placeholders(m, batch.length, 7)}`, versions);
    ids.push(...batchIds);
  }
  return ids;
}
