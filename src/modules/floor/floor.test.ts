import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realtimeClients, until } from '../../../test/support/realtime-clients.ts';
import {
  addStaff,
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { tableStatus } from './floor-record.ts';

let t: TestApp;
let url: string;
let fx: TenantFixture;
let other: TenantFixture;
let waiter: { token: string };
let kitchen: { token: string };
let floorId: string;
let kitchenStation: { id: string; key: string };
let soup: { id: string; variants: { id: string }[] };
let tea: { id: string; variants: { id: string }[] };
const clients = realtimeClients<{ type: string; topic: string; outletId: string; payload: any }>(() => url);

const api = () => client(t.app);
let tableCount = 0;

async function newTable(name = `T${++tableCount}`, seats = 4) {
  const res = await api().post(
    '/v1/tables',
    { floorId, name, seats, shape: 'round', x: 10, y: 20 },
    fx.ownerToken,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; status: string };
}

const line = (item: typeof soup, extra: Record<string, unknown> = {}) => ({
  itemId: item.id,
  variantId: item.variants[0]!.id,
  quantity: 1,
  ...extra,
});

async function open(tableId: string, token = waiter.token) {
  const res = await api().post(`/v1/tables/${tableId}/open`, { guestCount: 2 }, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { created: boolean; order: { id: string; number: number; version: number } };
}

async function addAndSend(orderId: string, lines: unknown[]) {
  const add = await api().post(`/v1/orders/${orderId}/lines`, { lines }, waiter.token);
  expect(add.status, JSON.stringify(add.body)).toBe(200);
  const sent = await api().post(`/v1/orders/${orderId}/send`, {}, waiter.token);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return sent.body;
}

const plan = async () => (await api().get(`/v1/outlets/${fx.outletId}/floor-plan`, waiter.token)).body;
const tableIn = (p: any, id: string) => p.floors.flatMap((f: any) => f.tables).find((x: any) => x.id === id);
const tickets = async (q: string) =>
  (await api().get(`/v1/kitchen/tickets?${q}&state=all`, kitchen.token)).body.items;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  fx = await createTenant(t.app, 'Warung Floor');
  other = await createTenant(t.app, 'Other Floor');
  waiter = await addStaff(t.app, fx, 'waiter');
  kitchen = await addStaff(t.app, fx, 'kitchen');
  const tk = fx.ownerToken;
  floorId = (await api().post('/v1/floors', { outletId: fx.outletId, name: 'Ground' }, tk)).body.id;
  soup = (
    await api().post('/v1/catalog/items', { name: 'Soto', variants: [{ name: 'R', price: 3_000_000 }] }, tk)
  ).body;
  tea = (
    await api().post('/v1/catalog/items', { name: 'Es Teh', variants: [{ name: 'R', price: 800_000 }] }, tk)
  ).body;
  kitchenStation = (
    await api().post(
      '/v1/kitchen/stations',
      { outletId: fx.outletId, key: 'floor-kitchen', name: 'Dapur', isDefault: true },
      tk,
    )
  ).body;
});
afterAll(async () => {
  clients.closeAll();
  await t.close();
});

describe('table status', () => {
  it('is free with no open order, bill requested when every open order asked, occupied otherwise', () => {
    expect(tableStatus([])).toBe('free');
    expect(tableStatus([{ bill_requested_at: null }])).toBe('occupied');
    expect(tableStatus([{ bill_requested_at: new Date() }, { bill_requested_at: null }])).toBe('occupied');
    expect(tableStatus([{ bill_requested_at: new Date() }])).toBe('bill_requested');
  });
});

describe('floor', () => {
  it('20 devices opening one free table at once get one order', async () => {
    const table = await newTable();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${url}/v1/tables/${table.id}/open`, {
          method: 'POST',
          headers: { authorization: `Bearer ${waiter.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ guestCount: 3 }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as any })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.body.order.id)).size).toBe(1);
    expect(results.filter((r) => r.body.created)).toHaveLength(1);
    const orders = await api().get(`/v1/orders?outletId=${fx.outletId}&limit=200`, fx.ownerToken);
    expect(orders.body.items.filter((o: any) => o.tableRef === table.name)).toHaveLength(1);
    const seated = tableIn(await plan(), table.id);
    expect(seated).toMatchObject({ status: 'occupied', orders: [{ guestCount: 3 }] });
  });

  it('pushes table status live to the outlet room, never to another tenant', async () => {
    const table = await newTable();
    const mine = await clients.open({
      token: waiter.token,
      subscribe: [{ room: 'outlet', id: fx.outletId }],
    });
    const theirs = await clients.open({ token: other.ownerToken });
    const kds = await clients.open({
      token: kitchen.token,
      subscribe: [{ room: 'outlet', id: fx.outletId }],
    });
    const { order } = await open(table.id);
    await until(() =>
      mine.events.some((e) => e.type === 'table.status_changed' && e.payload.id === table.id),
    );
    expect(mine.events.find((e) => e.payload.id === table.id)).toMatchObject({
      topic: 'floor',
      outletId: fx.outletId,
      payload: { status: 'occupied', orders: [{ orderId: order.id }] },
    });
    await api().post(`/v1/floor/orders/${order.id}/request-bill`, {}, waiter.token);
    await until(() =>
      mine.events.some((e) => e.payload?.id === table.id && e.payload.status === 'bill_requested'),
    );
    expect(tableIn(await plan(), table.id).status).toBe('bill_requested');
    await new Promise((r) => setTimeout(r, 200));
    expect(theirs.events.filter((e) => e.topic === 'floor')).toEqual([]);
    // The kitchen reads neither the floor nor orders (money): only kitchen events reach it.
    expect(kds.events.every((e) => e.topic === 'kitchen')).toBe(true);
    // The order closed (canceled here; completed alike): the table is free again.
    const canceled = await api().post(
      `/v1/orders/${order.id}/cancel`,
      { reason: 'walked out' },
      fx.ownerToken,
    );
    expect(canceled.status).toBe(200);
    expect(tableIn(await plan(), table.id)).toMatchObject({ status: 'free', orders: [] });
  });

  it("named tabs sit at no table; guest count is the order's", async () => {
    const res = await api().post(
      '/v1/tabs',
      { outletId: fx.outletId, name: 'Budi at the bar', guestCount: 1 },
      waiter.token,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.order).toMatchObject({ customerName: 'Budi at the bar', tableRef: null, guestCount: 1 });
    const p = await plan();
    expect(p.tabs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Budi at the bar', orderId: res.body.order.id }),
      ]),
    );
    const g = await api().patch(`/v1/orders/${res.body.order.id}`, { guestCount: 4 }, waiter.token);
    expect(g.body.guestCount).toBe(4);
  });

  it("renaming a table to another live table's name is a 409, not a 500; the table keeps its name", async () => {
    const [a, b] = [await newTable(), await newTable()];
    const res = await api().patch(
      `/v1/tables/${b.id}`,
      { name: a.name.toLowerCase(), y: 6230 },
      fx.ownerToken,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.code).toBe('tables.already_exists');
    expect(tableIn(await plan(), b.id)).toMatchObject({ name: b.name });
    const ok = await api().patch(`/v1/tables/${b.id}`, { name: `${b.name} teras` }, fx.ownerToken);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('moves an order to a free table (its tickets keep their order); refuses an occupied one', async () => {
    const [a, b, c] = [await newTable(), await newTable(), await newTable()];
    const { order } = await open(a.id);
    await addAndSend(order.id, [line(soup)]);
    await open(c.id);
    const busy = await api().post(`/v1/floor/orders/${order.id}/move`, { tableId: c.id }, waiter.token);
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('tables.conflict');
    const moved = await api().post(`/v1/floor/orders/${order.id}/move`, { tableId: b.id }, waiter.token);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.order.tableRef).toBe(b.name);
    const p = await plan();
    expect(tableIn(p, a.id).status).toBe('free');
    expect(tableIn(p, b.id)).toMatchObject({ status: 'occupied', orders: [{ orderId: order.id }] });
    expect(await tickets(`orderId=${order.id}`)).toHaveLength(1);
  });

  it('merges two tables: totals add up, tickets follow, the emptied order is canceled "merged into N"', async () => {
    const [a, b] = [await newTable(), await newTable()];
    const oa = (await open(a.id)).order;
    const ob = (await open(b.id)).order;
    const sentA = await addAndSend(oa.id, [line(soup), line(tea, { quantity: 2 })]);
    const sentB = await addAndSend(ob.id, [line(soup, { quantity: 3 })]);
    const ticketsA = await tickets(`orderId=${oa.id}`);
    expect(ticketsA.length).toBeGreaterThan(0);
    const res = await api().post(`/v1/tables/${a.id}/merge`, { intoTableId: b.id }, waiter.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.order.id).toBe(ob.id);
    expect(res.body.order.total).toBe(sentA.total + sentB.total);
    expect(res.body.order.lines.filter((l: any) => l.status === 'active')).toHaveLength(3);
    expect(res.body.canceled[0]).toMatchObject({ id: oa.id, status: 'canceled', total: 0 });
    const canceled = (await api().get(`/v1/orders/${oa.id}`, fx.ownerToken)).body;
    expect(canceled.status).toBe('canceled');
    const log = await api().get(`/v1/events?orderId=${oa.id}`, fx.ownerToken);
    expect(log.body.items.find((e: any) => e.type === 'order.canceled').payload.reason).toBe(
      `merged into ${ob.number}`,
    );
    // Every ticket of A now belongs to B, with B's number.
    const followed = await tickets(`orderId=${ob.id}`);
    expect(followed.map((x: any) => x.id)).toEqual(expect.arrayContaining(ticketsA.map((x: any) => x.id)));
    expect(followed.every((x: any) => x.orderNumber === ob.number)).toBe(true);
    expect(await tickets(`orderId=${oa.id}`)).toEqual([]);
    const p = await plan();
    expect(tableIn(p, a.id).status).toBe('free');
    expect(tableIn(p, b.id).orders).toHaveLength(1);
  });

  it('splits an order by seat into one order per seat, all at the table', async () => {
    const table = await newTable();
    const { order } = await open(table.id);
    const add = await api().post(
      `/v1/orders/${order.id}/lines`,
      { lines: [line(soup, { seat: 1 }), line(tea, { seat: 2 }), line(soup, { seat: 2 }), line(tea)] },
      waiter.token,
    );
    const before = add.body.total;
    const res = await api().post(`/v1/floor/orders/${order.id}/split-by-seat`, {}, waiter.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.orders).toHaveLength(2);
    const [first, second] = res.body.orders;
    expect(
      first.lines
        .filter((l: any) => l.status === 'active')
        .map((l: any) => l.seat)
        .sort(),
    ).toEqual([1, null]);
    expect(second.lines.map((l: any) => l.seat)).toEqual([2, 2]);
    expect(first.total + second.total).toBe(before);
    expect(tableIn(await plan(), table.id).orders).toHaveLength(2);
    const again = await api().post(`/v1/floor/orders/${second.id}/split-by-seat`, {}, waiter.token);
    expect(again.status).toBe(409);
  });

  it('keeps the floor to its outlet and roles: the kitchen may not open tables or read the plan', async () => {
    const table = await newTable();
    expect((await api().post(`/v1/tables/${table.id}/open`, {}, kitchen.token)).status).toBe(403);
    expect((await api().get(`/v1/outlets/${fx.outletId}/floor-plan`, kitchen.token)).status).toBe(403);
    expect((await api().post(`/v1/tables/${table.id}/open`, {}, other.ownerToken)).status).toBe(404);
    expect((await api().get(`/v1/outlets/${fx.outletId}/floor-plan`, other.ownerToken)).status).toBe(404);
    expect((await api().post('/v1/tables', { floorId, name: 'X', seats: 2 }, waiter.token)).status).toBe(403);
    const dup = await api().post(
      '/v1/tables',
      { floorId, name: table.name.toLowerCase(), seats: 2 },
      fx.ownerToken,
    );
    expect(dup.status).toBe(409);
    void kitchenStation;
  });
});
