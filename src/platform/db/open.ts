import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config/config.ts';
import { loadOrCreateSecrets } from '../config/secrets.ts';
import { sha256Hex } from '../crypto/secrets.ts';
import { createDb, type Db } from './db.ts';
import { startEmbeddedPostgres, unreachableParent } from './embedded.ts';
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

/**
 * Opens the database the configuration names — the server at DATABASE_URL, or the embedded
 * PostgreSQL in `<dataDir>/pg`, initialised on first start — and applies pending migrations.
 */
export async function openDatabase(
  config: Config,
  log: (line: string) => void = () => undefined,
): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const db = createDb({ connectionString: config.databaseUrl });
    await migrateToLatest(db);
    const u = new URL(config.databaseUrl);
    u.password = '';
    if (!config.jwtSecret) {
      throw new Error('KASIR_JWT_SECRET must be set when DATABASE_URL is set (every node must share it)');
    }
    return {
      db,
      description: u.toString(),
      embedded: false,
      url: config.databaseUrl,
      jwtSecret: config.jwtSecret,
      encryptionKey: config.encryptionKey,
      close: () => db.destroy(),
    };
  }
  const secrets = await loadOrCreateSecrets(config.dataDir);
  const dir = await clusterDir(config);
  const server = await startEmbeddedPostgres({ dir, password: secrets.pgPassword, onLog: log });
  const db = createDb({ connectionString: server.url });
  try {
    await sql`select 1`.execute(db);
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    await server.stop();
    throw err;
  }
  return {
    db,
    description: `embedded PostgreSQL in ${dir} (127.0.0.1:${server.port})`,
    embedded: true,
    url: server.url,
    jwtSecret: config.jwtSecret ?? secrets.jwtSecret,
    encryptionKey: config.encryptionKey ?? secrets.encryptionKey,
    close: async () => {
      await db.destroy();
      await server.stop();
    },
  };
}
