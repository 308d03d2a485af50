// The benchmark's database: a fresh embedded PostgreSQL in a temp directory, or — with
// DATABASE_URL — a fresh database on that server. Either way migrated, and removed at close.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createDb, withDatabase, type Db } from '../src/platform/db/db.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';

export interface BenchDatabase {
  db: Db;
  /** postgres:// URL of the database, for other processes (the realtime server's pool and LISTEN). */
  url: string;
  kind: 'embedded' | 'server';
  /** For the report, without password. */
  description: string;
  /** Closes the pool and removes everything the benchmark created. */
  close(): Promise<void>;
}

async function migrated(db: Db, undo: () => Promise<void>): Promise<void> {
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    await undo();
    throw err;
  }
}

async function openEmbedded(log: (line: string) => void): Promise<BenchDatabase> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kasir-bench-'));
  // The embedded server runs as the "postgres" user when we are root: it must enter the directory.
  await fs.chmod(root, 0o755);
  const removeRoot = () => fs.rm(root, { recursive: true, force: true });
  const dir = path.join(root, 'pg');
  log(`starting embedded PostgreSQL in ${dir}`);
  const server = await startEmbeddedPostgres({ dir, password: randomBytes(16).toString('hex') }).catch(
    async (err: unknown) => {
      await removeRoot();
      throw err;
    },
  );
  const db = createDb({ connectionString: server.url });
  await migrated(db, async () => {
    await server.stop();
    await removeRoot();
  });
  return {
    db,
    url: server.url,
    kind: 'embedded',
    description: 'fresh cluster in a temp directory',
    close: async () => {
      await db.destroy();
      await server.stop();
      await removeRoot();
    },
  };
}

async function openServer(url: string, log: (line: string) => void): Promise<BenchDatabase> {
  const name = `kasir_bench_${randomBytes(4).toString('hex')}`;
  const admin = createDb({ connectionString: url, max: 1, applicationName: 'kasir-bench' });
  const dropDatabase = async (): Promise<void> => {
    try {
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
    } finally {
      await admin.destroy();
    }
  };
  log(`creating database ${name}`);
  try {
    await sql`create database ${sql.id(name)}`.execute(admin);
  } catch (err) {
    await admin.destroy();
    throw err;
  }
  const databaseUrl = withDatabase(url, name);
  const db = createDb({ connectionString: databaseUrl });
  await migrated(db, dropDatabase);
  const shown = new URL(url);
  shown.password = '';
  shown.pathname = '';
  return {
    db,
    url: databaseUrl,
    kind: 'server',
    description: `fresh database ${name} on ${shown.toString().replace(/\/$/, '')}`,
    close: async () => {
      await db.destroy();
      await dropDatabase();
    },
  };
}

export function openBenchDatabase(
  databaseUrl: string | undefined,
  log: (line: string) => void,
): Promise<BenchDatabase> {
  return databaseUrl ? openServer(databaseUrl, log) : openEmbedded(log);
}
