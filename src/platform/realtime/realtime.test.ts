import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realtimeClients, until } from '../../../test/support/realtime-clients.ts';
import { sql } from 'kysely';
import { appendEvents, readEvents } from '../events/events.ts';
import {
  addStaff,
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';

let t: TestApp;
let url: string;
let a: TenantFixture;
let b: TenantFixture;
let item: { id: string; variants: { id: string }[] };
const clients = realtimeClients<Ev>(() => url);
const open = clients.open;

interface Ev {
  seq: string;
  type: string;
  topic: string;
  orderId: string | null;
  outletId: string | null;
}

const newOrder = (fx: TenantFixture, outletId = fx.outletId) =>
  client(t.app).post(
    '/v1/orders',
    {
      outletId,
      diningOption: 'takeaway',
      lines: [{ itemId: item.id, variantId: item.variants[0]!.id, quantity: 1 }],
    },
    fx.ownerToken,
  );

/** An orders event of tenant A committed without pg_notify: only the log (and the poll) has it. */
const appendUnannounced = (type: string, payload: object) =>
  t.database.db.transaction().execute(async (tx) => {
    const head = await sql<{ seq: string }>`
      update event_heads set seq = seq + 1 where tenant_id = ${a.tenantId} returning seq`.execute(tx);
    await tx
      .insertInto('events')
      .values({
        tenant_id: a.tenantId,
        seq: head.rows[0]!.seq,
        id: crypto.randomUUID(),
        type,
        version: 1,
        occurred_at: new Date(),
        topic: 'orders',
        outlet_id: a.outletId,
        actor: 'test',
        payload: JSON.stringify(payload),
      })
      .execute();
  });

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  a = await createTenant(t.app, 'Realtime A');
  b = await createTenant(t.app, 'Realtime B');
  item = (
    await client(t.app).post(
      '/v1/catalog/items',
      { name: 'Kopi', variants: [{ name: 'R', price: 1_000_000 }] },
      a.ownerToken,
    )
  ).body;
});
afterAll(async () => {
  clients.closeAll();
  await t.close();
});

describe('realtime', () => {
  it('authenticates the handshake and delivers committed events with their sequence numbers', async () => {
    await expect(open({ token: 'garbage' })).rejects.toMatchObject({ code: 'auth.token_invalid' });
    await expect(open({})).rejects.toMatchObject({ code: 'auth.unauthenticated' });
    const owner = await open({ token: a.ownerToken });
    const order = await newOrder(a);
    await until(() => owner.events.some((e) => e.orderId === order.body.id));
    const e = owner.events.find((x) => x.orderId === order.body.id)!;
    expect(e).toMatchObject({ type: 'order.created', topic: 'orders', outletId: a.outletId });
    expect(BigInt(e.seq)).toBeGreaterThan(BigInt(owner.ready.seq));
  });

  it("never sends another tenant's events, and refuses rooms a role may not join", async () => {
    const other = await open({ token: b.ownerToken });
    const mine = await open({ token: a.ownerToken });
    const order = await newOrder(a);
    await until(() => mine.events.some((e) => e.orderId === order.body.id));
    await new Promise((r) => setTimeout(r, 200));
    expect(other.events).toEqual([]);
    await expect(
      open({ token: b.ownerToken, subscribe: [{ room: 'outlet', id: a.outletId }] }),
    ).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(
      open({ token: b.ownerToken, subscribe: [{ room: 'order', id: order.body.id }] }),
    ).rejects.toMatchObject({ code: 'auth.forbidden' });
    const limited = await addStaff(t.app, a, 'manager', { outletIds: [a.outletId] });
    await expect(open({ token: limited.token, subscribe: [{ room: 'tenant' }] })).rejects.toMatchObject({
      code: 'auth.forbidden',
    });
  });

  it('routes by topic: the kitchen never receives a payment event; the cashier does', async () => {
    const kitchen = await addStaff(t.app, a, 'kitchen');
    const cashier = await addStaff(t.app, a, 'cashier');
    const k = await open({ token: kitchen.token });
    const c = await open({ token: cashier.token });
    await t.database.db
      .transaction()
      .execute((tx) =>
        appendEvents(
          tx,
          a.tenantId,
          [{ type: 'payment.completed', topic: 'payments', outletId: a.outletId, payload: { amount: 1 } }],
          new Date(),
          'test',
        ),
      );
    t.app.realtime.pump(a.tenantId).catch(() => undefined);
    const order = await newOrder(a);
    await until(() => c.events.some((e) => e.orderId === order.body.id));
    await new Promise((r) => setTimeout(r, 200));
    expect(c.events.map((e) => e.type)).toContain('payment.completed');
    // The kitchen never sees money: neither payments nor orders (totals); its tickets carry no prices.
    expect(k.events.map((e) => e.topic)).not.toContain('payments');
    expect(k.events.map((e) => e.topic)).not.toContain('orders');
  });

  it('an order room receives only that order; a reconnecting client gets what it missed first, in order, no gap, no duplicate', async () => {
    const first = (await newOrder(a)).body;
    const watcher = await open({ token: a.ownerToken, subscribe: [{ room: 'order', id: first.id }] });
    await client(t.app).patch(`/v1/orders/${first.id}`, { notes: 'less ice' }, a.ownerToken);
    const other = (await newOrder(a)).body;
    await until(() => watcher.events.some((e) => e.type === 'order.updated'));
    // The order's creation reaches it too when this node had not dispatched it yet at the join
    // (its seq is above `ready.seq`): only this order's events, whichever side of the join.
    expect(watcher.events.every((e) => e.orderId === first.id)).toBe(true);
    expect(watcher.events.some((e) => e.orderId === other.id)).toBe(false);
    expect(watcher.events.filter((e) => BigInt(e.seq) <= BigInt(watcher.ready.seq))).toEqual([]);

    const live = await open({ token: a.ownerToken });
    const lastSeen = live.ready.seq;
    live.socket.disconnect();
    // While it is away: a burst of changes.
    const missed = await Promise.all(Array.from({ length: 8 }, () => newOrder(a)));
    const back = await open({ token: a.ownerToken, lastSeq: lastSeen });
    const during = newOrder(a); // live, possibly while replay is running
    const after = (await during).body;
    await until(() => back.events.some((e) => e.orderId === after.id));
    const seqs = back.events.map((e) => Number(e.seq));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs[0]).toBe(Number(lastSeen) + 1);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => Number(lastSeen) + 1 + i));
    for (const m of missed) {
      expect(back.events.some((e) => e.orderId === m.body.id)).toBe(true);
    }
  });

  it('a burst of concurrent changes reaches every client in log order with no gaps', async () => {
    const clients = await Promise.all([
      open({ token: a.ownerToken }),
      open({ token: a.ownerToken }),
      open({ token: a.ownerToken }),
    ]);
    const start = Number(clients[0].ready.seq);
    const orders = await Promise.all(Array.from({ length: 30 }, () => newOrder(a)));
    const last = orders.map((o) => o.body.id);
    await until(
      () => clients.every((c) => last.every((id) => c.events.some((e) => e.orderId === id))),
      10_000,
    );
    for (const c of clients) {
      const seqs = c.events.map((e) => Number(e.seq)).filter((s) => s > start);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => start + 1 + i));
    }
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(
      new RegExp(`kasir_realtime_room_connections\\{room="t:${a.tenantId}"\\} [1-9]`),
    );
    expect(metrics.body).toMatch(/kasir_realtime_connections [1-9]/);
  });

  it('a kitchen station display gets its station only; roles without kitchen:read may not join one', async () => {
    const kitchen = await addStaff(t.app, a, 'kitchen');
    // An integration reading orders only (no kitchen:read) may not watch a station.
    const ordersOnly = (
      await client(t.app).post('/v1/api-keys', { name: 'orders feed', scopes: ['orders:read'] }, a.ownerToken)
    ).body.secret as string;
    const bar = await open({ token: kitchen.token, subscribe: [{ room: 'station', id: 'bar' }] });
    await expect(
      open({ token: ordersOnly, subscribe: [{ room: 'station', id: 'bar' }] }),
    ).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(
      open({ token: kitchen.token, subscribe: [{ room: 'station', id: 'Not A Key!' }] }),
    ).rejects.toMatchObject({ code: 'auth.forbidden' });
    await t.database.db.transaction().execute((tx) =>
      appendEvents(
        tx,
        a.tenantId,
        [
          {
            type: 'kitchen.ticket.created',
            topic: 'kitchen',
            outletId: a.outletId,
            station: 'kitchen',
            payload: { n: 1 },
          },
          {
            type: 'kitchen.ticket.created',
            topic: 'kitchen',
            outletId: a.outletId,
            station: 'bar',
            payload: { n: 2 },
          },
        ],
        new Date(),
        'test',
      ),
    );
    await t.app.realtime.pump(a.tenantId);
    await until(() => bar.events.length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(bar.events.map((e) => (e as unknown as { station: string }).station)).toEqual(['bar']);
  });

  it('delivers what the NOTIFY carried, a batch too big for it from the log, and reads the log over a missed notification', async () => {
    const watcher = await open({ token: a.ownerToken, subscribe: [{ room: 'outlet', id: a.outletId }] });
    const from = watcher.ready.seq;
    const append = (payloads: Record<string, unknown>[]) =>
      t.database.db.transaction().execute((tx) =>
        appendEvents(
          tx,
          a.tenantId,
          payloads.map((payload) => ({
            type: 'test.carried',
            topic: 'orders',
            outletId: a.outletId,
            payload,
          })),
          new Date(),
          'test',
        ),
      );
    await append([{ n: 1, note: 'kecil ☕' }, { n: 2 }]); // carried by the NOTIFY
    await append([{ n: 3, big: 'x'.repeat(9_000) }]); // over 8,000 bytes: the tenant id only
    // A notification this node never got: the log moves without one, then a carried event follows.
    await appendUnannounced('test.carried', { n: 4 });
    await append([{ n: 5 }]);
    await until(() => watcher.events.filter((e) => e.type === 'test.carried').length === 5);
    const got = watcher.events.filter((e) => e.type === 'test.carried');
    expect(got.map((e) => Number(e.seq))).toEqual([1, 2, 3, 4, 5].map((i) => Number(from) + i));
    // Live events are exactly what a reader of the log gets.
    const stored = await readEvents(t.database.db, a.tenantId, {
      after: from,
      limit: 10,
      topics: ['orders'],
      outletIds: null,
    });
    expect(got).toEqual(stored.events);
  });

  it('delivers an event whose notification never came, and none after it, by the safety poll (LISTEN up)', async () => {
    const watcher = await open({ token: a.ownerToken, subscribe: [{ room: 'outlet', id: a.outletId }] });
    const from = BigInt(watcher.ready.seq);
    const started = Date.now();
    // Committed without pg_notify: only the poll (head past what was heard, on two polls) finds it.
    await appendUnannounced('test.unannounced', { n: 1 });
    await until(() => watcher.events.some((e) => e.type === 'test.unannounced'));
    const got = watcher.events.filter((e) => e.type === 'test.unannounced');
    expect(got).toHaveLength(1);
    expect(BigInt(got[0]!.seq)).toBeGreaterThan(from);
    expect(Date.now() - started).toBeLessThan(10_000); // two polls of 1 s, on a loaded machine
  });
});
