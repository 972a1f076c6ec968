import { QueryRunner, Table, TableColumn } from 'typeorm';
import { Db } from '../../core/db/db';
import { NamedMigration, runMigrations } from '../../core/db/migration-runner';
import { ALL_CORE_MIGRATIONS } from '../../core/domain-modules';
import { CORE_MIGRATIONS } from '../../core/db/migrations/0001-core-schema';
import { col, fk } from '../../core/db/migrations/table-helpers';
import { openTestDb, TestDb } from './support/test-db';

jest.setTimeout(60_000);

const ROWS_PER_TABLE = 3;

async function tableNames(db: Db): Promise<string[]> {
  const sql =
    db.kind === 'postgres'
      ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`
      : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`;
  const rows: { name: string }[] = await db.read((m) => m.query(sql));
  // The runner's and TypeORM's own bookkeeping (a generated column's expression) are not the platform's data.
  return rows.map((r) => r.name).filter((n) => n !== 'schema_migrations' && n !== 'typeorm_metadata').sort();
}

async function tables(db: Db): Promise<Table[]> {
  const names = await tableNames(db);
  const qr = db.writer.createQueryRunner();
  try {
    return await qr.getTables(names);
  } finally {
    await qr.release();
  }
}

/** Parents before children (a table's own parent column is filled from its earlier rows). */
function topoSort(all: Table[]): Table[] {
  const byName = new Map(all.map((t) => [t.name, t]));
  const out: Table[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: Table) => {
    if (state.get(t.name) === 'done') return;
    if (state.get(t.name) === 'visiting') throw new Error(`foreign keys form a cycle through ${t.name}`);
    state.set(t.name, 'visiting');
    for (const f of t.foreignKeys) if (f.referencedTableName !== t.name && byName.has(f.referencedTableName)) visit(byName.get(f.referencedTableName)!);
    state.set(t.name, 'done');
    out.push(t);
  };
  all.forEach(visit);
  return out;
}

/** A value for a column that is not a foreign key: unique per row, within the column's length. */
function valueFor(c: TableColumn, table: string, i: number, kind: Db['kind']): unknown {
  const type = c.type.toLowerCase();
  if (/bool/.test(type)) return kind === 'postgres' ? i % 2 === 0 : i % 2;
  if (/int|serial/.test(type)) return i + 1;
  if (/real|float|double|numeric|decimal/.test(type)) return i + 0.5;
  if (/json/.test(type)) return '{}';
  if (/date|time/.test(type) && !/char|text/.test(type)) return '2026-01-01 00:00:00';
  const len = c.length ? Number(c.length) : 1000;
  if (/(_at|_on|_date|date|until|since)$/.test(c.name)) return '2026-01-01T00:00:00.000Z'.slice(0, Math.min(len, 24));
  if (/hash/.test(c.name)) return `${i}`.padStart(Math.min(len, 64), '0');
  if (/data|detail|inputs|message|values|json|options|extra/.test(c.name) && len >= 16) return JSON.stringify({ zh: '种子', en: 'seed', n: i });
  return `${table.slice(0, 8)}-${c.name.slice(0, 8)}-${i}`.slice(0, len);
}

type Row = Record<string, unknown>;

/** Inserts ROWS_PER_TABLE rows in every table, with every foreign key column pointing at a real parent row. */
async function seedEveryTable(db: Db): Promise<Map<string, number>> {
  const ph = (n: number) => (db.kind === 'postgres' ? `$${n}` : '?');
  const q = (name: string) => `"${name}"`;
  const rows = new Map<string, Row[]>();
  for (const t of topoSort(await tables(db))) {
    const inserted: Row[] = [];
    for (let i = 0; i < ROWS_PER_TABLE; i++) {
      const row: Row = {};
      for (const c of t.columns) {
        if (c.isGenerated || c.generatedType) continue;
        const ref = t.foreignKeys.find((f) => f.columnNames.includes(c.name));
        if (ref) {
          const parents = ref.referencedTableName === t.name ? inserted : rows.get(ref.referencedTableName) ?? [];
          const parent = parents.length ? parents[i % parents.length] : undefined;
          row[c.name] = parent ? parent[ref.referencedColumnNames[ref.columnNames.indexOf(c.name)]] : null;
          if (row[c.name] === null && !c.isNullable) throw new Error(`${t.name}.${c.name}: no parent row to point at`);
          continue;
        }
        row[c.name] = valueFor(c, t.name, i, db.kind);
      }
      const names = Object.keys(row);
      try {
        await db.write(async (m) => {
          const generated = t.columns.find((c) => c.isGenerated && c.isPrimary);
          const sql = `INSERT INTO ${q(t.name)} (${names.map(q).join(', ')}) VALUES (${names.map((_, k) => ph(k + 1)).join(', ')})${generated && db.kind === 'postgres' ? ` RETURNING ${q(generated.name)}` : ''}`;
          const res = await m.query(sql, names.map((n) => row[n]));
          if (generated) {
            row[generated.name] = db.kind === 'postgres' ? res[0][generated.name] : (await m.query('SELECT last_insert_rowid() AS id'))[0].id;
          }
        });
      } catch (err) {
        throw new Error(`seeding ${t.name} failed: ${(err as Error).message}\nrow: ${JSON.stringify(row)}`);
      }
      inserted.push(row);
    }
    rows.set(t.name, inserted);
  }
  return rowCounts(db);
}

async function rowCounts(db: Db): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const name of await tableNames(db)) {
    const r: { n: number | string }[] = await db.read((m) => m.query(`SELECT COUNT(*) AS n FROM "${name}"`));
    out.set(name, Number(r[0].n));
  }
  return out;
}

async function foreignKeyProblems(db: Db): Promise<unknown[]> {
  // PostgreSQL enforces foreign keys on every statement, so a violating row cannot exist there.
  if (db.kind === 'postgres') return [];
  return db.read((m) => m.query('PRAGMA foreign_key_check'));
}

async function applied(db: Db): Promise<string[]> {
  const rows: { name: string }[] = await db.read((m) => m.query('SELECT name FROM schema_migrations ORDER BY name'));
  return rows.map((r) => r.name);
}

/** A later migration that rebuilds a parent table: SQLite recreates the table to add a column. */
const rebuildInstitutions: NamedMigration = {
  name: 'zz-test-0001-rebuild-institutions',
  async up(qr: QueryRunner) {
    await qr.addColumn('institutions', new TableColumn({ name: 'test_flag', type: 'varchar', length: '10', isNullable: true }));
    await qr.changeColumn('institutions', 'name_en', new TableColumn({ name: 'name_en', type: 'varchar', length: '300', default: "''" }));
  },
  async down() {},
};

describe('migrations on real data', () => {
  let t: TestDb;
  afterEach(() => t?.close());

  it('from empty, every table seeded with child rows, then migrate again: nothing applied, counts unchanged, no broken foreign keys', async () => {
    t = await openTestDb();
    expect(await applied(t.db)).toEqual(ALL_CORE_MIGRATIONS.map((m) => m.name).sort());
    const before = await seedEveryTable(t.db);
    expect(before.size).toBeGreaterThanOrEqual(11);
    for (const [name, n] of before) expect({ name, n }).toEqual({ name, n: ROWS_PER_TABLE });
    expect(await t.db.exclusive(() => runMigrations(t.db.writer, ALL_CORE_MIGRATIONS))).toEqual([]);
    expect(await rowCounts(t.db)).toEqual(before);
    expect(await foreignKeyProblems(t.db)).toEqual([]);
  });

  it('from the core schema alone, seeded, then every later migration plus a parent-table rebuild: counts unchanged, no broken foreign keys', async () => {
    t = await openTestDb({ migrate: false });
    await t.db.exclusive(() => runMigrations(t.db.writer, CORE_MIGRATIONS));
    const before = await seedEveryTable(t.db);
    const coreNames = new Set(CORE_MIGRATIONS.map((m) => m.name));
    const later = [...ALL_CORE_MIGRATIONS.filter((m) => !coreNames.has(m.name)), rebuildInstitutions];
    expect(await t.db.exclusive(() => runMigrations(t.db.writer, [...CORE_MIGRATIONS, ...later]))).toEqual(later.map((m) => m.name));
    const after = await rowCounts(t.db);
    for (const [name, n] of before) expect({ name, n: after.get(name) }).toEqual({ name, n });
    expect(await foreignKeyProblems(t.db)).toEqual([]);
    // The rebuilt parent kept its children: every department still points at its institution.
    const orphans: unknown[] = await t.db.read((m) => m.query('SELECT d.id FROM departments d LEFT JOIN institutions i ON i.id = d.institution_id WHERE i.id IS NULL'));
    expect(orphans).toEqual([]);
    if (t.db.kind === 'sqlite') {
      const settings: { foreign_keys: number }[] = await t.db.read((m) => m.query('PRAGMA foreign_keys'));
      expect(settings[0].foreign_keys).toBe(1);
    }
  });

  it('a migration that breaks foreign keys is rolled back whole, with the migrations before it in the same run', async () => {
    t = await openTestDb();
    await seedEveryTable(t.db);
    const before = await rowCounts(t.db);
    const good: NamedMigration = {
      name: 'zz-test-0002-good',
      async up(qr) {
        await qr.createTable(new Table({ name: 'zz_good', columns: [col.id(), col.str('label', 20)] }));
        await qr.query(`INSERT INTO zz_good (label) VALUES ('kept?')`);
      },
      async down() {},
    };
    const bad: NamedMigration = {
      name: 'zz-test-0003-bad',
      async up(qr) {
        await qr.createTable(new Table({ name: 'zz_bad', columns: [col.id(), col.int('institution_id')], foreignKeys: [fk('institution_id', 'institutions')] }));
        await qr.query('INSERT INTO zz_bad (institution_id) VALUES (987654)');
      },
      async down() {},
    };
    await expect(t.db.exclusive(() => runMigrations(t.db.writer, [...ALL_CORE_MIGRATIONS, good, bad]))).rejects.toThrow(t.db.kind === 'postgres' ? /foreign key/i : /foreign_key_check failed/);
    expect(await applied(t.db)).toEqual(ALL_CORE_MIGRATIONS.map((m) => m.name).sort());
    expect(await tableNames(t.db)).not.toEqual(expect.arrayContaining(['zz_good']));
    expect(await tableNames(t.db)).not.toEqual(expect.arrayContaining(['zz_bad']));
    expect(await rowCounts(t.db)).toEqual(before);
    // The app keeps working on the untouched schema, with foreign keys back on.
    await t.db.write((m) => m.query(`INSERT INTO institutions (code, name, type, created_at) VALUES ('after-bad', '之后', 'other', 'x')`));
    if (t.db.kind === 'sqlite') await expect(t.db.write((m) => m.query('INSERT INTO departments (institution_id, name) VALUES (987654, \'x\')'))).rejects.toThrow(/FOREIGN KEY/);
  });

  it('refuses two migrations with the same name', async () => {
    t = await openTestDb({ migrate: false });
    await expect(runMigrations(t.db.writer, [...CORE_MIGRATIONS, CORE_MIGRATIONS[0]])).rejects.toThrow('duplicate migration name core-0001-schema');
  });
});
