import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB, Executor } from './db.ts';
import { precompiled } from './precompiled.ts';

function recordingDb(): { db: Executor; sent: CompiledQuery[] } {
  const sent: CompiledQuery[] = [];
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (e) => {
      sent.push(e.query);
    },
  });
  return { db, sent };
}

describe('precompiled statements', () => {
  const build = (db: Executor, tenantId: string, id: string) =>
    db
      .selectFrom('orders')
      .select(['id', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('status', 'in', ['open', 'sent']);

  it('sends the SQL text and parameters the builder would, with each call’s arguments', async () => {
    const { db, sent } = recordingDb();
    const run = precompiled(build);
    await run(db, 't1', 'o1');
    await run(db, 't2', 'o2');
    await build(db, 't2', 'o2').execute();
    expect(sent).toHaveLength(3);
    expect(sent[0]!.parameters).toEqual(['t1', 'o1', 'open', 'sent']);
    expect(sent[1]!.sql).toBe(sent[2]!.sql);
    expect(sent[1]!.parameters).toEqual(sent[2]!.parameters);
  });

  it('takes an argument used more than once in every place', async () => {
    const { db, sent } = recordingDb();
    const run = precompiled((db: Executor, tenantId: string) =>
      db
        .selectFrom('orders')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('outlet_id', '=', tenantId),
    );
    await run(db, 'x');
    expect(sent[0]!.parameters).toEqual(['x', 'x']);
  });

  it('refuses a builder that computes with, inlines or drops an argument', async () => {
    const { db } = recordingDb();
    const computed = precompiled((db: Executor, id: string) =>
      db.selectFrom('orders').select('id').where('id', '=', `${id}-x`),
    );
    await expect(computed(db, 'a')).rejects.toThrow(/precompiled/);
    const dropped = precompiled((db: Executor, _id: string) => db.selectFrom('orders').select('id'));
    await expect(dropped(db, 'a')).rejects.toThrow(/precompiled/);
  });
});
