import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config/config.ts';
import { loadOrCreateSecrets } from '../config/secrets.ts';
import { sha256Hex } from '../crypto/secrets.ts';
import { createDb, type Db } from './db.ts';
import { startEmbeddedPostgres, unreachableParent, type EmbeddedServer } from './embedded.ts';
import { claimCluster, findClusterOwner, releaseCluster } from './embedded-lock.ts';
import { migrateToLatest } from './migrate.ts';

export interface OpenedDatabase {
  db: Db;
  /** Where the data lives, for the start-up banner (password removed). */
  description: string;
  embedded: boolean;
  /** Connection URL (with credentials) for extra connections such as LISTEN. */
  url: string;
  jwtSecret: string;
  /** KASIR_ENCRYPTION_KEY, or the one generated into the data directory (embedded); else unset. */
  encryptionKey: string | undefined;
  close(): Promise<void>;
}

/**
 * `<dataDir>/pg`, unless we run as root from a checkout the postgres user cannot enter (e.g. in a
 * home directory) and the data directory was not chosen explicitly: then the cluster lives in
 * /var/lib/kasir/<hash of the data directory> and the start-up banner says so.
 */
async function clusterDir(config: Config): Promise<string> {
  const preferred = path.join(config.dataDir, 'pg');
  if (!config.dataDirIsDefault || !(await unreachableParent(preferred))) {
    return preferred;
  }
  return path.join('/var/lib/kasir', sha256Hex(config.dataDir).slice(0, 12), 'pg');
}

export interface OpenOptions {
  /** Apply pending migrations (default true); `db:migrate --status` only reads. */
  migrate?: boolean;
  /**
   * An operator command (default false): needs no JWT secret, and uses the embedded PostgreSQL of
   * a Kasir that is running on the same data directory instead of starting its own (`share`).
   */
  tool?: boolean;
  /** With `tool`: whether a running Kasir's PostgreSQL may be used (default true; restore: false). */
  share?: boolean;
  /** false: fail when the embedded database does not exist yet (default: create it, as at start). */
  create?: boolean;
  log?: (line: string) => void;
}

/**
 * Checks the configuration before anything is touched: a `postgres://` DATABASE_URL, and in
 * production an explicit place for the data (DATABASE_URL or KASIR_DATA_DIR), so a deployment
 * never keeps its only database in the checkout's `./data` by accident.
 */
export function assertDatabaseConfig(config: Config): void {
  if (config.databaseUrl) {
    let protocol = '';
    try {
      protocol = new URL(config.databaseUrl).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
      throw new Error(
        'DATABASE_URL must be a postgres:// URL, e.g. postgres://kasir:secret@db.internal:5432/kasir',
      );
    }
  } else if (config.production && config.dataDirIsDefault) {
    throw new Error(
      'NODE_ENV=production needs to be told where the data lives: set DATABASE_URL (a PostgreSQL server) ' +
        'or KASIR_DATA_DIR (a directory for the embedded PostgreSQL, outside the checkout).',
    );
  }
}

/** Runs the first query; a failure says which database could not be reached. */
async function connect(db: Db, description: string): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (err) {
    await db.destroy();
    throw new Error(
      `Cannot reach the database (${description}): ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}

/**
 * Opens the database the configuration names — the server at DATABASE_URL, or the embedded
 * PostgreSQL in `<dataDir>/pg`, initialised on first start — and applies pending migrations.
 */
export async function openDatabase(config: Config, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const { migrate = true, tool = false, share = true, create = true } = options;
  assertDatabaseConfig(config);
  if (config.databaseUrl) {
    if (!config.jwtSecret && !tool) {
      throw new Error('KASIR_JWT_SECRET must be set when DATABASE_URL is set (every node must share it)');
    }
    const u = new URL(config.databaseUrl);
    u.password = '';
    const db = createDb({ connectionString: config.databaseUrl });
    await connect(db, u.toString());
    if (migrate) {
      await migrateToLatest(db).catch(async (err: unknown) => {
        await db.destroy();
        throw err;
      });
    }
    return {
      db,
      description: u.toString(),
      embedded: false,
      url: config.databaseUrl,
      // Operator commands sign nothing: they run without the secret.
      jwtSecret: config.jwtSecret ?? '',
      encryptionKey: config.encryptionKey,
      close: () => db.destroy(),
    };
  }
  const dir = await clusterDir(config);
  const owner = await findClusterOwner(config.dataDir);
  if (owner && !(tool && share)) {
    throw new Error(
      `The embedded PostgreSQL in ${owner.dir} is in use by another Kasir process (pid ${owner.pid}): stop it first.`,
    );
  }
  const initialised = await fs
    .stat(path.join(dir, 'PG_VERSION'))
    .then(() => true)
    .catch(() => false);
  if (!owner && !initialised && !create) {
    throw new Error(
      `There is no embedded database in ${dir} yet (KASIR_DATA_DIR=${config.dataDir}). ` +
        'Start Kasir once (npm start), or set DATABASE_URL.',
    );
  }
  const secrets = await loadOrCreateSecrets(config.dataDir);
  let server: EmbeddedServer;
  let description: string;
  if (owner) {
    server = {
      url: `postgres://postgres:${encodeURIComponent(secrets.pgPassword)}@127.0.0.1:${owner.port}/postgres`,
      port: owner.port,
      stop: async () => undefined, // the running Kasir owns it
    };
    description = `embedded PostgreSQL in ${owner.dir} (127.0.0.1:${owner.port}, run by Kasir pid ${owner.pid})`;
  } else {
    server = await startEmbeddedPostgres({
      dir,
      password: secrets.pgPassword,
      onLog: options.log ?? (() => undefined),
    });
    await claimCluster(config.dataDir, { pid: process.pid, port: server.port, dir });
    description = `embedded PostgreSQL in ${dir} (127.0.0.1:${server.port})`;
  }
  const stop = async () => {
    await server.stop();
    if (!owner) {
      await releaseCluster(config.dataDir);
    }
  };
  const db = createDb({ connectionString: server.url });
  try {
    await connect(db, description);
    if (migrate) {
      await migrateToLatest(db);
    }
  } catch (err) {
    await db.destroy().catch(() => undefined);
    await stop();
    throw err;
  }
  return {
    db,
    description,
    embedded: true,
    url: server.url,
    jwtSecret: config.jwtSecret ?? secrets.jwtSecret,
    encryptionKey: config.encryptionKey ?? secrets.encryptionKey,
    close: async () => {
      await db.destroy();
      await stop();
    },
  };
}
