import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** A sort column of a keyset: a column name (`'name'`, `'m.display_name'`) or an SQL expression. */
export type KeyColumn = string | RawBuilder<unknown>;

const column = (c: KeyColumn) => (typeof c === 'string' ? sql.ref(c) : c);

/**
 * `(c1, c2, …) > (v1, v2, …)` (or `<` for a descending list): the rows after a keyset cursor, with
 * PostgreSQL's own row comparison, so text keys compare under the database's collation exactly as
 * the list's `ORDER BY` does. All the columns sort in the one direction; the last one is unique.
 */
export function afterKey(
  columns: readonly KeyColumn[],
  values: readonly unknown[],
  direction: 'asc' | 'desc' = 'asc',
): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.join(columns.map(column))}) ${sql.raw(direction === 'asc' ? '>' : '<')} (${sql.join(values)})`;
}

/**
 * A timestamp column truncated to milliseconds: JavaScript dates (and so cursors) carry
 * milliseconds while PostgreSQL keeps microseconds, so a keyset on a timestamp sorts and compares
 * on this, or a row a microsecond after the cursor would be skipped.
 */
export function millis(col: string): RawBuilder<Date> {
  return sql<Date>`date_trunc('milliseconds', ${sql.ref(col)})`;
}
