import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type { DB } from './schema.ts';
/** The database handle. */
export type Db = Kysely<DB>;
/** A handle that must be inside a transaction: functions that need one take `tx: Tx`. */
export type Tx = Transaction<DB>;
/** Either; for read-only helpers that may run in or out of a transaction. */
export type Executor = Kysely<DB>;

// int8 (bigint) → JS bigint? We keep counts and sequence numbers as `string` from pg and convert
// at the edges, except COUNT(*) which we cast in SQL. Money (later) is parsed by platform/money.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => value);
// A `date` is a calendar day (a business date), not an instant: keep 'YYYY-MM-DD' as it is,
// never a JavaScript Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export interface DbOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
}

/** Opens a pooled Kysely handle on PostgreSQL. */
export function createDb(options: DbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 20,
    application_name: options.applicationName ?? 'kasir',
  });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => undefined);
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** Replaces the database name of a postgres:// URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
