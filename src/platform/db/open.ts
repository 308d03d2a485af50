import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config/config.ts';
import { loadOrCreateSecrets } from '../config/secrets.ts';
import { createDb, type Db } from './db.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrateToLatest } from './migrate.ts';

export interface OpenedDatabase {
  db: Db;
  /** Where the data lives, for the start-up banner (password removed). */
  description: string;
  embedded: boolean;
  jwtSecret: string;
  close(): Promise<void>;
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
      jwtSecret: config.jwtSecret,
      close: () => db.destroy(),
    };
  }
  const secrets = await loadOrCreateSecrets(config.dataDir);
  const dir = path.join(config.dataDir, 'pg');
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
    jwtSecret: config.jwtSecret ?? secrets.jwtSecret,
    close: async () => {
      await db.destroy();
      await server.stop();
    },
  };
}
