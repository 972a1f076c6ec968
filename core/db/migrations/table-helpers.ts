import { TableColumnOptions, TableForeignKeyOptions } from 'typeorm';

/** Column shorthands that map to portable types on SQLite and PostgreSQL. */
export const col = {
  id: (name = 'id'): TableColumnOptions => ({ name, type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
  int: (name: string, nullable = false, dflt?: number): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, default: dflt }),
  str: (name: string, length: number, nullable = false, dflt?: string): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    isNullable: nullable,
    default: dflt === undefined ? undefined : `'${dflt}'`,
  }),
  text: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable }),
  bool: (name: string, dflt = false): TableColumnOptions => ({ name, type: 'boolean', default: dflt }),
};

export function fk(column: string, table: string): TableForeignKeyOptions {
  // RESTRICT, never CASCADE: a rebuilt table must not silently take child rows with it.
  return { columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'RESTRICT' };
}
