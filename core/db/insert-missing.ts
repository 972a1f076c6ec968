import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Inserts the rows whose unique key (`keys`) no row holds yet and returns those it inserted, ids set; a row with an
 * empty key part is always inserted. On PostgreSQL this is one statement (ON CONFLICT DO NOTHING) instead of a look-up
 * and an insert per row, each a round trip inside the write transaction; SQLite's statements cost none, so it looks first.
 */
export async function insertMissing<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, rows: T[], keys: (keyof T & string)[]): Promise<T[]> {
  const repo = m.getRepository(target);
  const keyOf = (r: ObjectLiteral) => JSON.stringify(keys.map((k) => r[k]));
  const hasKey = (r: ObjectLiteral) => keys.every((k) => r[k] !== null && r[k] !== undefined);
  const unique = [...new Map(rows.map((r) => [hasKey(r) ? keyOf(r) : Symbol(), r])).values()];
  if (!unique.length) return [];
  if (m.connection.options.type !== 'postgres') {
    const inserted: T[] = [];
    for (const row of unique) {
      if (hasKey(row) && (await repo.findOneBy(Object.fromEntries(keys.map((k) => [k, row[k]])) as never))) continue;
      await repo.insert(row);
      inserted.push(row);
    }
    return inserted;
  }
  const column = (p: string) => repo.metadata.findColumnWithPropertyName(p)!.databaseName;
  const idColumn = repo.metadata.primaryColumns[0];
  const result = await repo
    .createQueryBuilder()
    .insert()
    .values(unique)
    .orIgnore()
    .returning([idColumn.databaseName, ...keys.map(column)].map((c) => `"${c}"`).join(', '))
    .updateEntity(false)
    .execute();
  const returned = result.raw as Record<string, unknown>[];
  const ids = new Map(returned.map((r) => [JSON.stringify(keys.map((k) => r[column(k)])), r[idColumn.databaseName]]));
  const unkeyed = returned.filter((r) => keys.some((k) => r[column(k)] === null));
  return unique.filter((row) => {
    // Unkeyed rows never conflict, so they come back in the order they were given.
    const id = hasKey(row) ? ids.get(keyOf(row)) : unkeyed.shift()?.[idColumn.databaseName];
    if (id === undefined) return false;
    (row as ObjectLiteral)[idColumn.propertyName] = Number(id);
    return true;
  });
}
