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
  /**
   * Named prepared statements (default on): PostgreSQL parses and plans each distinct statement
   * once per connection instead of once per execution. Off for tools that change the schema under
   * open connections.
   */
  prepare?: boolean;
}

/** At most this many named statements per connection; past it, statements run unnamed. */
export const MAX_PREPARED_PER_CONNECTION = 500;

const statementNames = new Map<string, string>();

/** One name per distinct SQL text, shared by every connection of the process. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `k${statementNames.size.toString(36)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A pg client that sends every parameterised statement (what Kysely compiles) as a named
 * prepared statement. pg keeps the per-connection set of parsed names and re-parses after a
 * reconnect; statements without parameters (migrations, BEGIN/COMMIT, multi-statement scripts)
 * stay on the simple protocol.
 */
class PreparingClient extends pg.Client {
  #prepared = new Set<string>();

  override query(config: unknown, values?: unknown, callback?: unknown): never {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      const name = statementName(config);
      if (this.#prepared.has(name) || this.#prepared.size < MAX_PREPARED_PER_CONNECTION) {
        this.#prepared.add(name);
        // The Query built from the text, then named: pg copies a config object's property
        // descriptors for every query ({ name, text, values }), ~1 % of a sale's node CPU.
        const query = new pg.Query(config, values) as unknown as {
          name: string;
          callback: (err: Error | undefined, res: unknown) => void;
        };
        query.name = name;
        return new Promise((resolve, reject) => {
          query.callback = (err: Error | undefined, res: unknown) => {
            if (err) {
              // As pg does: a stack that leads back to the caller, not to the socket's read.
              Error.captureStackTrace(err);
              reject(err);
            } else {
              resolve(res);
            }
          };
          (super.query as (q: unknown) => unknown)(query);
        }) as never;
      }
    }
    return (super.query as (...args: unknown[]) => never)(config, values, callback);
  }
}

/** Opens a pooled Kysely handle on PostgreSQL. */
export function createDb(options: DbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 20,
    application_name: options.applicationName ?? 'kasir',
    ...(options.prepare === false ? {} : { Client: PreparingClient }),
  });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => undefined);
  const handlers = new Set<(key: string) => void>();
  pool.on('connect', (client) => {
    client.on('notice', (notice) => {
      if (notice.code === CACHE_NOTICE_CODE && notice.message) {
        for (const handler of handlers) {
          handler(notice.message);
        }
      }
    });
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  cacheNoticeHandlers.set(db, handlers);
  return db;
}

/**
 * Per-node caches are invalidated by the database (migrations/0032_cache_invalidation.sql): a
 * change to a cached row sends `NOTIFY kasir_cache '<kind>:<id>'` (every node, on commit) and a
 * NOTICE with this SQLSTATE and the same key to the connection that made it (at once).
 */
export const CACHE_CHANNEL = 'kasir_cache';
export const CACHE_NOTICE_CODE = 'KC001';

const cacheNoticeHandlers = new WeakMap<Db, Set<(key: string) => void>>();

/**
 * Calls `handler` with the key of every cache-invalidating change made through this handle's
 * connections, while the changing statement runs (before its transaction commits). Returns the
 * unsubscribe function, or null for a handle not made by `createDb` (a cache must then stay off).
 */
export function onCacheNotice(db: Db, handler: (key: string) => void): (() => void) | null {
  const handlers = cacheNoticeHandlers.get(db);
  if (!handlers) {
    return null;
  }
  handlers.add(handler);
  return () => handlers.delete(handler);
}

/** Replaces the database name of a postgres:// URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
