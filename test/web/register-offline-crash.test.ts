// The server killed under a register's upload (issue 12, must show): the real server process
// (`src/server.ts`, demo seeded) on a database of its own; a register sells offline, comes back,
// and while its upload is in flight the process is killed with SIGKILL. Restarted on the same
// database and port, the register's next upload completes: every sale exactly once, receipt
// numbers gap-free, ledger balanced.
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/platform/db/embedded.ts';
import { startServer, type ServerProcess } from '../e2e/spawn-server.ts';
import { pollUntil } from '../support/poll.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { allSynced, openRegister, outletApi, sellExactCash, statusButton } from './offline-support.ts';
import { DEMO, launchBrowser, login, shot } from './support.ts';

let database: TestDatabase;
let server: ServerProcess | undefined;
let browser: Browser;
let port: number;
let env: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  port = await freePort();
  env = {
    DATABASE_URL: database.url,
    KASIR_DEMO: '1',
    KASIR_SIMULATORS: '0',
    KASIR_JWT_SECRET: 'crash-story-secret-crash-story-secret-1',
    KASIR_ENCRYPTION_KEY: 'crash-story-sealing-key-crash-story-key-2',
    KASIR_RATE_LIMIT: '1000000',
    KASIR_AUTH_RATE_LIMIT: '1000000',
  };
  [server, browser] = await Promise.all([startServer(env, port), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop('SIGKILL');
  await database?.destroy();
});

/** Backends of this database waiting for the stock rows the test holds (the upload, stuck). */
async function waitingOnStock(): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock' and query like '%stock_levels%'`.execute(
    database.db,
  );
  return Number(rows[0]!.n);
}

describe('register offline: the server killed mid-sync', { timeout: 400_000 }, () => {
  it('SIGKILL while 12 offline sales upload → restarted on the same database, the next sync completes: 12 orders once, numbers gap-free, ledger OK', async () => {
    const db = database.db;
    const kemang = await db
      .selectFrom('outlets')
      .select('id')
      .where('name', 'like', '%Kemang%')
      .executeTakeFirstOrThrow();
    const register = await db
      .selectFrom('registers')
      .select('id')
      .where('outlet_id', '=', kemang.id)
      .orderBy('name')
      .executeTakeFirstOrThrow();
    let owner = await login(server!.url, DEMO.owner.email);
    const outlet = outletApi(
      () => server!.url,
      () => owner,
      kemang.id,
    );
    const before = new Set((await outlet.orders()).map((o) => o.id));

    const { context, page } = await openRegister(browser, server!.url, register.id, {
      name: 'Ani',
      pin: DEMO.cashiers[0].pin,
    });
    await context.setOffline(true);
    await statusButton(page, 'Offline').waitFor();
    // Six bowls of noodles, then six plates of fried rice (the rice is what the upload will wait for).
    const numbers: number[] = [];
    for (let i = 0; i < 12; i++) {
      numbers.push(await sellExactCash(page, i < 6 ? /^Mie Ayam/ : /^Nasi Goreng/));
    }
    await statusButton(page, 'Offline — 12 sales waiting to sync').waitFor();
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));

    // The test holds the rice's stock row at Kemang: the upload commits the first batches, then the
    // transaction for the first rice sale waits on that row — the server is mid-sync for sure.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = db
      .transaction()
      .execute(async (tx) => {
        await sql`select l.qty from stock_levels l join stock_items s on s.id = l.stock_item_id
          where l.outlet_id = ${kemang.id} and s.name = 'Beras' for update of l`.execute(tx);
        locked();
        await held;
        throw new Error('rolled back'); // nothing of the test's own is kept
      })
      .catch(() => undefined);
    await isLocked;

    const device = await db
      .selectFrom('devices')
      .select('id')
      .where('register_id', '=', register.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    const committed = () =>
      db
        .selectFrom('synced_sales')
        .select(db.fn.countAll<string>().as('n'))
        .where('device_id', '=', device.id)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));

    await context.setOffline(false);
    expect(await pollUntil(waitingOnStock, (n) => n > 0, 60_000)).toBeGreaterThan(0);
    // Mid-sync: the batches before the rice sale's are committed (small batches of 1, 2, ≤ 4 sales),
    // the batch holding the rice sale is not.
    const beforeKill = await committed();
    expect(beforeKill).toBeGreaterThan(0);
    expect(beforeKill).toBeLessThan(12);
    server!.proc.kill('SIGKILL');
    await server!.exited;
    release();
    await holder;
    // Killed: what was committed stays, the sale in flight is rolled back, nothing answered the register.
    expect(await committed()).toBe(beforeKill);
    await statusButton(page, 'Offline — 12 sales waiting to sync').waitFor({ timeout: 30_000 });
    await shot(page, 'offline-08-server-killed');

    // The same server, restarted on the same database and port: the register uploads again by itself.
    const next = page.waitForResponse(
      (r) => r.url().endsWith('/v1/sync/sales') && r.request().method() === 'POST' && r.status() === 200,
      { timeout: 180_000 },
    );
    server = await startServer(env, port);
    const answer = (await (await next).json()) as { results: { status: string; clientId: string }[] };
    expect(answer.results).toHaveLength(12);
    expect(answer.results.filter((r) => r.status === 'duplicate')).toHaveLength(beforeKill);
    expect(answer.results.filter((r) => r.status === 'accepted')).toHaveLength(12 - beforeKill);
    await allSynced(page, 60_000);
    await shot(page, 'offline-09-after-restart');

    owner = await login(server.url, DEMO.owner.email);
    const after = await outlet.ordersSince(before);
    expect(after).toHaveLength(12);
    expect(after.every((o) => o.status === 'completed')).toBe(true);
    expect(after.map((o) => o.receiptNumber).sort((a, b) => a! - b!)).toEqual(numbers);
    const ids = new Set(after.map((o) => o.id));
    const events = await outlet.events();
    for (const type of ['order.created', 'payment.completed', 'order.completed']) {
      expect(
        events.filter((e) => e.type === type && e.orderId && ids.has(e.orderId)),
        type,
      ).toHaveLength(12);
    }
    expect(await committed()).toBe(12);
    await outlet.ledgerOk();
    await context.close();
  });
});
