import type { DataSource } from 'typeorm';
import type { PluginHost } from '../plugin-host/plugin-host';
import { recordIndexDdl } from './record-where';

/**
 * Brings the record indexes in line with the plugins' declarations (RecordTypeDef.indexes): creates the missing ones and
 * drops those no installed plugin declares any more. Idempotent, so it runs at every start, after the migrations.
 */
export async function syncRecordIndexes(ds: DataSource, host: PluginHost): Promise<{ created: string[]; dropped: string[] }> {
  const pg = ds.options.type === 'postgres';
  const wanted = new Map<string, string>();
  for (const p of host.plugins) for (const def of p.recordTypes ?? []) for (const keys of def.indexes ?? []) {
    const { name, ddl } = recordIndexDdl(pg, p.id, def, keys);
    wanted.set(name, ddl);
  }
  const existing: string[] = (
    await ds.query(pg ? `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'plugin_records' AND indexname LIKE 'ix_rec_%'` : `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'plugin_records' AND name LIKE 'ix_rec_%'`)
  ).map((r: { name: string }) => r.name);
  const created = [...wanted.keys()].filter((n) => !existing.includes(n));
  const dropped = existing.filter((n) => !wanted.has(n));
  for (const n of dropped) await ds.query(`DROP INDEX IF EXISTS ${n}`);
  for (const n of created) await ds.query(wanted.get(n)!);
  return { created, dropped };
}
