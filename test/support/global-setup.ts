// Vitest global setup: one PostgreSQL per test run (embedded, or TEST_DATABASE_URL), one migrated
// template database, and each test file clones its own database from it (see test-db.ts).
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { createDb, withDatabase } from '../../src/platform/db/db.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/platform/db/embedded.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    templateDb: string;
    runId: string;
  }
}

let embedded: EmbeddedServer | undefined;
let tmpDir: string | undefined;

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'kasir-test-'));
    await chmod(tmpDir, 0o755); // the embedded server may run as the postgres user
    // Test data is thrown away: fsync off makes the suite faster without changing behaviour.
    embedded = await startEmbeddedPostgres({
      dir: path.join(tmpDir, 'pg'),
      password: 'test',
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    });
    adminUrl = embedded.url;
  }
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const templateDb = `kasir_tpl_${runId}`;
  const admin = createDb({ connectionString: adminUrl, max: 1 });
  await sql`create database ${sql.id(templateDb)}`.execute(admin);
  const tpl = createDb({ connectionString: withDatabase(adminUrl, templateDb), max: 1 });
  await migrateToLatest(tpl);
  await tpl.destroy();
  project.provide('pgUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('runId', runId);

  return async () => {
    // Drop every database this run created (matters on a shared server; cheap on embedded).
    const rows = await sql<{ datname: string }>`
      select datname from pg_database where datname like ${`kasir_%${runId}%`}`.execute(admin);
    for (const { datname } of rows.rows) {
      await sql`drop database if exists ${sql.id(datname)} with (force)`
        .execute(admin)
        .catch(() => undefined);
    }
    await admin.destroy();
    await embedded?.stop();
    if (tmpDir) {
      await rm(tmpDir, { recursive: true, force: true });
    }
  };
}
