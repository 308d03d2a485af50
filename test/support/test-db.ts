import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { createDb, withDatabase, type Db } from '../../src/platform/db/db.ts';

export interface TestDatabase {
  db: Db;
  url: string;
  name: string;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file, cloned from the run's template (~35 ms).
 * Concurrent clones of one template can collide ("source database is being accessed"), so retry.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const pgUrl = inject('pgUrl');
  const name = `kasir_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const admin = createDb({ connectionString: pgUrl, max: 1 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await sql`create database ${sql.id(name)} template ${sql.id(inject('templateDb'))}`.execute(admin);
        break;
      } catch (err) {
        if (attempt >= 20 || !String(err).includes('being accessed by other users')) {
          throw err;
        }
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } finally {
    await admin.destroy();
  }
  const url = withDatabase(pgUrl, name);
  const db = createDb({ connectionString: url, max: 10 });
  return {
    db,
    url,
    name,
    destroy: async () => {
      await db.destroy();
    },
  };
}
