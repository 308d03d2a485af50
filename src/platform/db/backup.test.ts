import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupCommand } from '../../cli/db-backup.ts';
import { restoreCommand } from '../../cli/db-restore.ts';
import type { CliIo } from '../../cli/cli-kit.ts';
import { seedDemo } from '../../demo/seed.ts';
import { client, createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { Db } from './db.ts';
import { migrationStatus } from './migrate.ts';
import { restoreBackup, verifyBackup, writeBackup } from './backup.ts';

let t: TestApp;
let dir: string;
beforeAll(async () => {
  // No background writer: the snapshots below read table by table and must see still data.
  t = await createTestApp({ reports: { projector: false } });
  dir = await mkdtemp(path.join(os.tmpdir(), 'kasir-backup-'));
  // A business with history: the demo (users, roles, menu, audit), an order paid in cash (ledger, events).
  const demo = await seedDemo(t.app.db, t.services, () => new Date());
  const api = client(t.app);
  const login = await api.post('/v1/auth/login', { email: 'owner@warung.demo', password: 'kasir-demo-123' });
  const token = login.body.accessToken as string;
  const variant = await t.app.db
    .selectFrom('item_variants as v')
    .innerJoin('items as i', (j) =>
      j.onRef('i.tenant_id', '=', 'v.tenant_id').onRef('i.id', '=', 'v.item_id'),
    )
    .select(['v.item_id', 'v.id'])
    .where('i.name', '=', 'Nasi Goreng Spesial')
    .executeTakeFirstOrThrow();
  const order = await api.post(
    '/v1/orders',
    {
      outletId: demo!.outlets[0]!.id,
      diningOption: 'takeaway',
      lines: [{ itemId: variant.item_id, variantId: variant.id, quantity: 2 }],
    },
    token,
  );
  expect(order.status).toBe(201);
  const paid = await api.post(
    `/v1/orders/${order.body.id}/payments`,
    { method: 'cash', tendered: 10_000_000, completeOrder: true },
    token,
  );
  expect(paid.status).toBe(201);
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every row of every table, in a stable order, as text: equal snapshots mean equal data. */
async function snapshot(db: Db): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = 'public' order by tablename`.execute(db);
  const out: Record<string, string> = {};
  for (const { name } of tables.rows) {
    if (name === 'kysely_migration_lock') {
      continue;
    }
    const columns = name === 'kysely_migration' ? sql`name` : sql`t`;
    const rows = await sql<{ data: string }>`
      select coalesce(json_agg(${columns} order by t::text), '[]')::text as data from ${sql.id(name)} t`.execute(
      db,
    );
    out[name] = rows.rows[0]!.data;
  }
  return out;
}

const io = (): CliIo & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l) };
};

describe('backup and restore', () => {
  it('a database dropped and restored from its backup holds exactly the same data', async () => {
    const before = await snapshot(t.app.db);
    expect(JSON.parse(before.ledger_lines!)).not.toHaveLength(0);
    expect(JSON.parse(before.events!)).not.toHaveLength(0);
    const file = path.join(dir, 'full.kasir.gz');
    const written = await writeBackup(t.app.db, file);
    expect(written.total).toBeGreaterThan(50);

    await sql`drop schema public cascade`.execute(t.app.db);
    await sql`create schema public`.execute(t.app.db);
    const restored = await restoreBackup(t.app.db, file);
    expect(restored.total).toBe(written.total);
    expect(await snapshot(t.app.db)).toEqual(before);
    expect((await migrationStatus(t.app.db)).pending).toEqual([]);
    // The restored business works: its owner logs in and its books still balance.
    const login = await client(t.app).post('/v1/auth/login', {
      email: 'owner@warung.demo',
      password: 'kasir-demo-123',
    });
    expect(login.status).toBe(200);
    expect((await client(t.app).get('/v1/ledger/check', login.body.accessToken)).body).toMatchObject({
      ok: true,
    });
  });

  it('refuses to overwrite a database that holds data unless told to, and a damaged archive touches nothing', async () => {
    const file = path.join(dir, 'again.kasir.gz');
    await writeBackup(t.app.db, file);
    const before = await snapshot(t.app.db);
    await expect(restoreBackup(t.app.db, file)).rejects.toThrow(/the database is not empty .*--replace/);

    const text = gunzipSync(await readFile(file)).toString();
    const cut = path.join(dir, 'cut.kasir.gz');
    await writeFile(cut, gzipSync(text.slice(0, Math.floor(text.length / 2))));
    await expect(restoreBackup(t.app.db, cut, { replace: true })).rejects.toThrow(
      /not a complete Kasir backup/,
    );
    const truncated = path.join(dir, 'truncated.kasir.gz');
    const gz = await readFile(file);
    await writeFile(truncated, gz.subarray(0, gz.length - 40));
    await expect(verifyBackup(truncated)).rejects.toThrow(/not a complete Kasir backup/);
    await expect(restoreBackup(t.app.db, truncated, { replace: true })).rejects.toThrow();
    const newer = path.join(dir, 'newer.kasir.gz');
    await writeFile(newer, gzipSync(text.replace('"migrations":[', '"migrations":["0000_from_the_future",')));
    await expect(restoreBackup(t.app.db, newer, { replace: true })).rejects.toThrow(/0000_from_the_future/);
    expect(await snapshot(t.app.db)).toEqual(before);

    await restoreBackup(t.app.db, file, { replace: true });
    expect(await snapshot(t.app.db)).toEqual(before);
  });

  it('npm run db:backup / db:restore on DATABASE_URL say what they did', async () => {
    const file = path.join(dir, 'cli.kasir.gz');
    const env = { DATABASE_URL: t.database.url };
    const backup = io();
    expect(await backupCommand([file], backup, env)).toBe(0);
    expect(backup.lines.join('\n')).toMatch(
      /backup written: .*cli\.kasir\.gz \(\d+ tables, \d+ rows, schema at /,
    );
    expect(backup.lines.join('\n')).toContain('KASIR_ENCRYPTION_KEY');
    const restore = io();
    await expect(restoreCommand([file], restore, env)).rejects.toThrow(/--replace/);
    expect(await restoreCommand([file, '--replace'], restore, env)).toBe(0);
    expect(restore.lines.join('\n')).toMatch(/restored .*cli\.kasir\.gz: \d+ rows in \d+ tables/);
  });
});
