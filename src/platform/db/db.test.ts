import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from './db.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.ts';

let t: TestDatabase;
let db: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  // One connection: every statement below runs on the same one, named after its first use.
  db = createDb({ connectionString: t.url, max: 1 });
});
afterAll(async () => {
  await db.destroy();
  await t.destroy();
});

describe('named prepared statements', () => {
  it('run with each call’s parameters, and their errors reject with the caller’s stack', async () => {
    const square = (n: number) => sql<{ n: number }>`select ${n}::int * ${n}::int as n`.execute(db);
    expect((await square(3)).rows).toEqual([{ n: 9 }]);
    expect((await square(4)).rows).toEqual([{ n: 16 }]);
    const failing = () => sql`select 1 / ${0}::int as n`.execute(db);
    const err = (await failing().catch((e: unknown) => e)) as Error & { code?: string };
    expect(err.code).toBe('22012'); // division_by_zero, from PostgreSQL
    expect(err.stack).toContain('db.test.ts');
    // The connection goes on: the same statement again, and another one.
    await expect(failing()).rejects.toMatchObject({ code: '22012' });
    expect((await square(5)).rows).toEqual([{ n: 25 }]);
  });
});
