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
import { sql } from 'kysely';
import { MAX_SHAPES, precompiled, precompiledRow, precompiledRows } from './precompiled.ts';

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

describe('precompiled row statements', () => {
  const build = (
    db: Executor,
    row: { tenant_id: string; id: string; note?: unknown; created_at?: unknown },
  ) =>
    db
      .insertInto('orders')
      .values(row as never)
      .returning('id');

  it('sends what the builder would, one plan per set of defined columns', async () => {
    const { db, sent } = recordingDb();
    const run = precompiledRow(build);
    const at = new Date('2026-12-04T00:00:00Z');
    const rows = [
      { tenant_id: 't1', id: 'o1', note: null, created_at: at },
      { tenant_id: 't2', id: 'o2', note: 'hi', created_at: at },
      { tenant_id: 't3', id: 'o3', note: undefined },
      { tenant_id: 't4', id: 'o4', note: JSON.stringify([1]) },
    ];
    for (const row of rows) {
      await run(db, row);
      await build(db, row).execute();
    }
    expect(sent).toHaveLength(8);
    for (let i = 0; i < 8; i += 2) {
      expect(sent[i]!.sql).toBe(sent[i + 1]!.sql);
      expect(sent[i]!.parameters).toEqual(sent[i + 1]!.parameters);
    }
    expect(sent[4]!.sql).not.toContain('note');
  });

  it('builds a row holding an expression as it is', async () => {
    const { db, sent } = recordingDb();
    const run = precompiledRow(build);
    await run(db, { tenant_id: 't1', id: 'o1', created_at: sql`now()` });
    await run(db, { tenant_id: 't1', id: 'o2', created_at: new Date(0) });
    expect(sent[0]!.sql).toContain('now()');
    expect(sent[0]!.parameters).toEqual(['t1', 'o1']);
    expect(sent[1]!.parameters).toEqual(['t1', 'o2', new Date(0)]);
  });
});

describe('precompiled statements over lists of rows', () => {
  type Line = { tenant_id: string; id: string; name?: unknown; quantity?: unknown };
  const build = (db: Executor, lines: readonly Line[]) =>
    db
      .insertInto('order_lines')
      .values(lines as never)
      .returning('id');

  it('sends what the builder would, one plan per row count and columns of each row', async () => {
    const { db, sent } = recordingDb();
    const run = precompiledRows(build);
    const calls: Line[][] = [
      [{ tenant_id: 't', id: 'a', name: 'x', quantity: 1 }],
      [
        { tenant_id: 't', id: 'a', name: 'x', quantity: 1 },
        { tenant_id: 't', id: 'b', name: null, quantity: 2 },
      ],
      [
        { tenant_id: 't', id: 'c', name: 'y', quantity: 3 },
        { tenant_id: 't', id: 'd', name: 'z', quantity: 4 },
      ],
      // A row without a column: Kysely writes `default` there.
      [
        { tenant_id: 't', id: 'e', name: undefined, quantity: 5 },
        { tenant_id: 't', id: 'f', name: 'w', quantity: 6 },
      ],
    ];
    for (const lines of calls) {
      await run(db, lines);
      await build(db, lines).execute();
    }
    expect(sent).toHaveLength(8);
    for (let i = 0; i < 8; i += 2) {
      expect(sent[i]!.sql).toBe(sent[i + 1]!.sql);
      expect(sent[i]!.parameters).toEqual(sent[i + 1]!.parameters);
    }
    expect(sent[6]!.sql).toContain('default');
  });

  it('takes several lists, and a builder may branch on the shape', async () => {
    const { db, sent } = recordingDb();
    const template = (
      _db: Executor,
      head: readonly { t: string; n: number }[],
      rows: readonly { id: string; at: Date }[],
    ) =>
      rows.length === 0
        ? sql`select ${head[0]!.t}::uuid, ${head[0]!.n}::int`
        : sql`select ${head[0]!.t}::uuid, v.id, v.at from (values ${sql.join(
            rows.map((r, i) => sql`(${i + 1}::int, ${r.id}::uuid, ${r.at}::timestamptz)`),
          )}) as v(ord, id, at) where ${head[0]!.n}::int > 0`;
    const run = precompiledRows(template);
    const at = new Date(0);
    const calls: [{ t: string; n: number }[], { id: string; at: Date }[]][] = [
      [[{ t: 't1', n: 1 }], []],
      [[{ t: 't2', n: 2 }], [{ id: 'a', at }]],
      [
        [{ t: 't3', n: 3 }],
        [
          { id: 'b', at },
          { id: 'c', at },
        ],
      ],
      [
        [{ t: 't4', n: 4 }],
        [
          { id: 'd', at },
          { id: 'e', at },
        ],
      ],
    ];
    for (const [head, rows] of calls) {
      await run(db, head, rows);
      await template(db, head, rows).execute(db);
    }
    for (let i = 0; i < 8; i += 2) {
      expect(sent[i]!.sql).toBe(sent[i + 1]!.sql);
      expect(sent[i]!.parameters).toEqual(sent[i + 1]!.parameters);
    }
    expect(sent[6]!.parameters).toEqual(['t4', 1, 'd', at, 2, 'e', at, 4]);
  });

  it('builds shapes past MAX_SHAPES as they are, still correct', async () => {
    const { db, sent } = recordingDb();
    const run = precompiledRows(build);
    for (let n = 1; n <= MAX_SHAPES + 2; n++) {
      const lines = Array.from({ length: n }, (_, i) => ({ tenant_id: 't', id: `l${i}` }));
      await run(db, lines);
      await build(db, lines).execute();
    }
    for (let i = 0; i < sent.length; i += 2) {
      expect(sent[i]!.sql).toBe(sent[i + 1]!.sql);
      expect(sent[i]!.parameters).toEqual(sent[i + 1]!.parameters);
    }
    expect(sent).toHaveLength(2 * (MAX_SHAPES + 2));
  });

  it('refuses a builder that branches on a value', async () => {
    const { db } = recordingDb();
    const run = precompiledRows((db: Executor, rows: readonly { id: string }[]) =>
      db
        .selectFrom('orders')
        .select('id')
        .where('id', '=', rows[0]!.id === 'a' ? 'a' : 'b'),
    );
    await expect(run(db, [{ id: 'a' }])).rejects.toThrow(/precompiled/);
  });
});
