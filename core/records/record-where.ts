import { createHash } from 'node:crypto';
import type { FieldDef, RecordTypeDef, RecordWhere } from '../plugin-api';

/** SQL over alias `r` (plugin_records) for one record type: the conditions' text and their bound parameters. */
export interface WhereSql {
  sql: string[];
  params: Record<string, unknown>;
}

const NUMERIC = ['money', 'integer', 'decimal', 'reference'];
const QUERYABLE = [...NUMERIC, 'string', 'text', 'date', 'enum', 'boolean'];
// Field and column ids go into SQL as literals (an index matches only the same literal expression): only these characters.
const SAFE_ID = /^[A-Za-z0-9_.-]+$/;

/** PostgreSQL: the record's data as jsonb, kept by the database beside the text (migration core-0008), so nothing parses it per row. */
export function jsonbData(alias: string | null = 'r'): string {
  return alias ? `${alias}.data_jsonb` : 'data_jsonb';
}

/**
 * A field's stored value as SQL. The same text builds the index and the query, so the planner uses the index:
 * SQLite json_extract (typed already), PostgreSQL ->> cast to numeric for numbers.
 */
export function fieldSql(pg: boolean, f: FieldDef, alias: string | null = 'r'): string {
  if (!SAFE_ID.test(f.id)) throw new Error(`field id "${f.id}" cannot be queried`);
  if (!pg) return `json_extract(${alias ? `${alias}.data` : 'data'}, '$."${f.id}"')`;
  const text = `(${jsonbData(alias)} ->> '${f.id}')`;
  return NUMERIC.includes(f.type) ? `(${text}::numeric)` : text;
}

/** A value bound against fieldSql: PostgreSQL compares text to text; booleans are stored as JSON true/false. */
export function boundValue(pg: boolean, f: FieldDef, v: unknown): unknown {
  if (f.type === 'boolean') return pg ? String(v === true) : v === true ? 1 : 0;
  return v;
}

function field(def: RecordTypeDef, key: string): FieldDef {
  const f = def.fields.find((x) => x.key === key);
  if (!f) throw new Error(`record type "${def.id}" has no field "${key}"`);
  if (f.sensitive) throw new Error(`record type "${def.id}": sensitive field "${key}" cannot be queried`);
  if (f.type !== 'rows' && !QUERYABLE.includes(f.type)) throw new Error(`record type "${def.id}": field "${key}" (${f.type}) cannot be queried`);
  return f;
}

/** The conditions of `where` (field keys of `def`), parameters named `${prefix}N`. */
export function whereSql(pg: boolean, def: RecordTypeDef, where: RecordWhere, prefix = 'q'): WhereSql {
  const sql: string[] = [];
  const params: Record<string, unknown> = {};
  let n = 0;
  const bind = (v: unknown) => {
    const name = `${prefix}${n++}`;
    params[name] = v;
    return name;
  };
  for (const [key, v] of Object.entries(where.equal ?? {})) {
    const f = field(def, key);
    if (Array.isArray(v)) sql.push(v.length ? `${fieldSql(pg, f)} IN (:...${bind(v.map((x) => boundValue(pg, f, x)))})` : '1 = 0');
    else sql.push(`${fieldSql(pg, f)} = :${bind(boundValue(pg, f, v))}`);
  }
  for (const [key, r] of Object.entries(where.range ?? {})) {
    const f = field(def, key);
    if (r.from !== undefined) sql.push(`${fieldSql(pg, f)} >= :${bind(r.from)}`);
    if (r.to !== undefined) sql.push(`${fieldSql(pg, f)} <= :${bind(r.to)}`);
    if (r.below !== undefined) sql.push(`${fieldSql(pg, f)} < :${bind(r.below)}`);
  }
  for (const key of where.present ?? []) {
    const f = field(def, key);
    sql.push(f.type === 'string' || f.type === 'text' ? `COALESCE(${fieldSql(pg, f)}, '') <> ''` : `${fieldSql(pg, f)} IS NOT NULL`);
  }
  if (where.idFrom !== undefined) {
    if (!Number.isInteger(where.idFrom)) throw new Error('idFrom must be an integer');
    sql.push(`r.id >= :${bind(where.idFrom)}`);
  }
  if (where.rowHas) {
    const f = field(def, where.rowHas.field);
    const col = where.rowHas.column;
    if (f.type !== 'rows' || !f.columns?.some((c) => c.key === col) || !SAFE_ID.test(col)) throw new Error(`record type "${def.id}": "${where.rowHas.field}.${col}" is not a row column`);
    const wanted = where.rowHas.values;
    const test = wanted === undefined ? 'IS NOT NULL' : wanted.length ? `IN (:...${bind(wanted)})` : null;
    if (!test) sql.push('1 = 0');
    else
      sql.push(
        pg
          ? `EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(${jsonbData()} -> '${f.id}', '[]'::jsonb)) j WHERE j ->> '${col}' ${test})`
          : `EXISTS (SELECT 1 FROM json_each(r.data, '$."${f.id}"') j WHERE json_extract(j.value, '$."${col}"') ${test})`,
      );
  }
  return { sql, params };
}

/** A record matching any of `wheres` (none: no record), as one SQL condition over alias `r`; parameters named `${prefix}<i>_N`. */
export function anyWhereSql(pg: boolean, def: RecordTypeDef, wheres: RecordWhere[], prefix = 'any'): { sql: string; params: Record<string, unknown> } {
  if (!wheres.length) return { sql: '1 = 0', params: {} };
  const parts = wheres.map((w, i) => whereSql(pg, def, w, `${prefix}${i}_`));
  return { sql: `(${parts.map((p) => (p.sql.length ? `(${p.sql.join(' AND ')})` : '1 = 1')).join(' OR ')})`, params: Object.assign({}, ...parts.map((p) => p.params)) };
}

/** The name of the index over these fields: from stable ids, so renaming a key keeps it; short enough for PostgreSQL. */
export function recordIndexName(pg: boolean, pluginId: string, recordType: string, fields: FieldDef[]): string {
  // PostgreSQL's indexes read the jsonb column since core-0008: a new name makes the start-up sync rebuild them.
  return `ix_rec_${createHash('sha256').update(`partial-covering|${pg ? 'jsonb|' : ''}${pluginId}|${recordType}|${fields.map((f) => f.id).join(',')}`).digest('hex').slice(0, 20)}`;
}

const SAFE_TYPE = /^[a-z0-9][a-z0-9-]*$/;

/**
 * The rows of one record type, as SQL over `alias` with the plugin and type as literals: a partial index (below) is
 * used only when the query names its predicate exactly, and a bound parameter cannot prove it.
 */
export function recordTypeSql(pluginId: string, recordType: string, alias: string | null = 'r'): string {
  if (!SAFE_TYPE.test(pluginId) || !SAFE_TYPE.test(recordType)) throw new Error(`"${pluginId}/${recordType}" cannot be queried`);
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  return `${col('plugin_id')} = '${pluginId}' AND ${col('record_type')} = '${recordType}'`;
}

/**
 * CREATE INDEX for one declared index of a record type (RecordTypeDef.indexes): partial, over that type's rows only,
 * so a record of another type costs it nothing on insert; led by the institution every rule query binds.
 */
export function recordIndexDdl(pg: boolean, pluginId: string, def: RecordTypeDef, keys: string[]): { name: string; ddl: string } {
  const fields = keys.map((k) => field(def, k));
  if (fields.some((f) => f.type === 'rows')) throw new Error(`record type "${def.id}": a rows field cannot be indexed`);
  const name = recordIndexName(pg, pluginId, def.id, fields);
  const exprs = fields.map((f) => (pg ? `(${fieldSql(pg, f, null)})` : fieldSql(pg, f, null)));
  // The predicate's columns close the key too: SQLite counts a partial index as covering only if it holds them.
  return { name, ddl: `CREATE INDEX IF NOT EXISTS ${name} ON plugin_records (institution_id, ${exprs.join(', ')}, plugin_id, record_type) WHERE ${recordTypeSql(pluginId, def.id, null)}` };
}
