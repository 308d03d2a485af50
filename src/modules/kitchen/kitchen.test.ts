import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
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
import { courseSplit, LINE_TRANSITIONS, percentile } from './kitchen-state.ts';
import { routeLines } from './send-tickets.ts';

type Item = { id: string; variants: { id: string }[] };
interface Ev {
  seq: string;
  type: string;
  topic: string;
  station: string | null;
  payload: any;
}

let t: TestApp;
let url: string;
let fx: TenantFixture;
let other: TenantFixture;
let waiter: { token: string };
let cook: { token: string };
let dapur: { id: string; key: string };
let bar: { id: string; key: string };
let soto: Item;
let sate: Item;
let kopi: Item;
let cake: Item;
let sugar: { id: string; options: { id: string; name: string }[] };
const clients = realtimeClients<Ev>(() => url);
const api = () => client(t.app);

const line = (item: Item, extra: Record<string, unknown> = {}) => ({
  itemId: item.id,
  variantId: item.variants[0]!.id,
  quantity: 1,
  ...extra,
});

async function order(lines: unknown[]) {
  const res = await api().post(
    '/v1/orders',
    { outletId: fx.outletId, diningOption: 'dine_in', tableRef: '7', lines },
    waiter.token,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: number; lines: { id: string }[] };
}
const send = (id: string) => api().post(`/v1/orders/${id}/send`, {}, waiter.token);
const ticketsOf = async (orderId: string, state = 'all') =>
  (await api().get(`/v1/kitchen/tickets?orderId=${orderId}&state=${state}`, cook.token)).body.items as any[];

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  fx = await createTenant(t.app, 'Warung Kitchen');
  other = await createTenant(t.app, 'Other Kitchen');
  waiter = await addStaff(t.app, fx, 'waiter');
  cook = await addStaff(t.app, fx, 'kitchen');
  const tk = fx.ownerToken;
  const post = async (path: string, body: Record<string, unknown>) => {
    const res = await api().post(path, body, tk);
    expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };
  const food = await post('/v1/catalog/categories', { name: 'Makanan' });
  const desserts = await post('/v1/catalog/categories', { name: 'Pencuci mulut' });
  sugar = await post('/v1/catalog/modifier-groups', {
    name: 'Gula',
    options: [{ name: 'Less sugar', price: 0 }],
  });
  soto = await post('/v1/catalog/items', {
    name: 'Soto',
    categoryId: food.id,
    variants: [{ name: 'R', price: 3_000_000 }],
  });
  sate = await post('/v1/catalog/items', {
    name: 'Sate',
    categoryId: food.id,
    variants: [{ name: 'R', price: 4_000_000 }],
  });
  cake = await post('/v1/catalog/items', {
    name: 'Klepon',
    categoryId: desserts.id,
    variants: [{ name: 'R', price: 1_500_000 }],
  });
  kopi = await post('/v1/catalog/items', {
    name: 'Kopi',
    modifierGroupIds: [sugar.id],
    variants: [{ name: 'R', price: 1_000_000 }],
  });
  dapur = await post('/v1/kitchen/stations', {
    outletId: fx.outletId,
    key: 'dapur',
    name: 'Dapur',
    isDefault: true,
    lateAfterSeconds: 60,
  });
  bar = await post('/v1/kitchen/stations', { outletId: fx.outletId, key: 'bar', name: 'Bar' });
  await post('/v1/kitchen/routes', { stationId: dapur.id, categoryId: food.id, course: 1 });
  await post('/v1/kitchen/routes', { stationId: dapur.id, categoryId: desserts.id, course: 2 });
  await post('/v1/kitchen/routes', { stationId: bar.id, itemId: kopi.id });
});
afterAll(async () => {
  clients.closeAll();
  await t.close();
});

describe('kitchen rules', () => {
  it('routes by item first, then category, then the default station', () => {
    const route = (o: Partial<Record<string, string | number | null>>) =>
      ({ item_id: null, category_id: null, course: null, ...o }) as any;
    const lines = [
      { itemId: 'i1', course: null },
      { itemId: 'i2', course: 3 },
      { itemId: 'i3', course: null },
    ] as any;
    const out = routeLines(
      lines,
      new Map([
        ['i1', 'c1'],
        ['i2', 'c1'],
        ['i3', null],
      ]),
      [
        route({ item_id: 'i1', station_id: 'bar' }),
        route({ category_id: 'c1', station_id: 'hot', course: 2 }),
      ],
      'default',
    );
    expect(out.map((r) => [r.stationId, r.course])).toEqual([
      ['bar', 2],
      ['hot', 3],
      ['default', null],
    ]);
    expect(routeLines(lines, new Map(), [], null)).toEqual([]);
  });

  it('fires the lowest course at once and holds later ones (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 1, max: 5 }), { nil: null })),
        fc.integer({ min: 0, max: 5 }),
        (courses, fired) => {
          const s = courseSplit(fired, courses);
          const numbered = courses.filter((c): c is number => c !== null);
          expect(s.fired).toBeGreaterThanOrEqual(fired);
          // Something always goes at once when nothing was fired before.
          if (fired === 0 && courses.length) {
            expect(courses.some((c) => !s.held(c))).toBe(true);
          }
          for (const c of courses) {
            expect(s.held(c)).toBe(
              c !== null && c > Math.max(fired, fired > 0 ? fired : Math.min(...numbered)),
            );
          }
        },
      ),
    );
    expect(LINE_TRANSITIONS.voided).toEqual([]);
    expect(percentile([], 0.9)).toBeNull();
    expect(percentile([5, 1, 3, 2, 4, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });
});

describe('kitchen', () => {
  it('one send → one ticket per station in the same transaction; a later send tickets only new lines', async () => {
    const o = await order([
      line(soto, { notes: 'no chili', seat: 1 }),
      line(kopi, { modifierOptionIds: [sugar.options[0]!.id], seat: 2 }),
    ]);
    expect((await send(o.id)).status).toBe(200);
    const first = await ticketsOf(o.id);
    expect(first.map((x) => x.stationKey).sort()).toEqual(['bar', 'dapur']);
    const kitchenTicket = first.find((x) => x.stationKey === 'dapur');
    expect(kitchenTicket).toMatchObject({
      status: 'open',
      orderNumber: o.number,
      tableRef: '7',
      // The cook sees who sent it: the waiter's name as staff know it.
      sentBy: expect.stringMatching(/^waiter \d+$/),
      lines: [{ name: 'Soto', notes: 'no chili', seat: 1, course: 1, status: 'new' }],
    });
    expect(first.find((x) => x.stationKey === 'bar').lines[0].modifiers).toEqual([
      { groupName: 'Gula', name: 'Less sugar' },
    ]);
    // No money on a ticket.
    expect(JSON.stringify(first)).not.toMatch(/price|total|amount/i);
    await api().post(`/v1/orders/${o.id}/lines`, { lines: [line(sate)] }, waiter.token);
    expect((await send(o.id)).status).toBe(200);
    const all = await ticketsOf(o.id);
    expect(all).toHaveLength(3);
    expect(all[2].lines.map((l: any) => l.name)).toEqual(['Sate']);
    expect((await send(o.id)).status).toBe(409);
  });

  it('holds later courses until fired; the KDS sees them as held; firing sends them', async () => {
    const o = await order([line(soto), line(cake), line(sate, { course: 3 })]);
    await send(o.id);
    const tickets = await ticketsOf(o.id);
    expect(tickets.map((x) => [x.status, x.course])).toEqual([
      ['open', null],
      ['held', 2],
      ['held', 3],
    ]);
    const fired = await api().post(`/v1/kitchen/orders/${o.id}/courses/2/fire`, {}, waiter.token);
    expect(fired.status, JSON.stringify(fired.body)).toBe(200);
    expect(fired.body.tickets.map((x: any) => [x.status, x.course])).toEqual([['open', 2]]);
    expect((await api().post(`/v1/kitchen/orders/${o.id}/courses/2/fire`, {}, waiter.token)).status).toBe(
      409,
    );
    // A course-2 line sent after course 2 was fired goes at once.
    await api().post(`/v1/orders/${o.id}/lines`, { lines: [line(cake)] }, waiter.token);
    await send(o.id);
    expect((await ticketsOf(o.id)).at(-1)).toMatchObject({ status: 'open', course: null });
    expect((await api().post(`/v1/kitchen/orders/${o.id}/courses/3/fire`, {}, cook.token)).status).toBe(403);
  });

  it('line states new → preparing → ready → served; a void after sending shows voided', async () => {
    const o = await order([line(soto), line(sate)]);
    await send(o.id);
    const [ticket] = await ticketsOf(o.id);
    const path = (lineId: string) => `/v1/kitchen/tickets/${ticket.id}/lines/${lineId}/status`;
    const lineId = ticket.lines[0].lineId;
    expect((await api().post(path(lineId), { status: 'preparing' }, cook.token)).body.lines[0].status).toBe(
      'preparing',
    );
    const bad = await api().post(path(lineId), { status: 'served' }, cook.token);
    expect(bad.status).toBe(409);
    expect(bad.body.code).toBe('kitchen.invalid_transition');
    const ready = await api().post(path(lineId), { status: 'ready' }, cook.token);
    expect(ready.body.lines[0]).toMatchObject({ status: 'ready', readyAt: expect.any(String) });
    const voided = await api().post(
      `/v1/orders/${o.id}/lines/${ticket.lines[1].lineId}/void`,
      { reason: 'guest changed mind' },
      fx.ownerToken,
    );
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect((await ticketsOf(o.id))[0].lines[1].status).toBe('voided');
    expect((await api().post(path(ticket.lines[1].lineId), { status: 'ready' }, cook.token)).status).toBe(
      409,
    );
  });

  it('bump and recall; concurrent bumps and recalls of a station stay consistent', async () => {
    const orders = [];
    for (let i = 0; i < 6; i++) {
      const o = await order([line(kopi)]);
      await send(o.id);
      orders.push(o);
    }
    const ids = [];
    for (const o of orders) {
      ids.push((await ticketsOf(o.id))[0].id);
    }
    const bump = (id: string) => api().post(`/v1/kitchen/tickets/${id}/bump`, {}, cook.token);
    const recall = () => api().post(`/v1/kitchen/stations/${bar.id}/recall`, {}, cook.token);
    const results = await Promise.all([...ids.map(bump), ...ids.map(bump), recall(), recall(), recall()]);
    const bumps = results.slice(0, 12).filter((r) => r.status === 200).length;
    const recalls = results.slice(12).filter((r) => r.status === 200).length;
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const states = await Promise.all(
      ids.map(async (id) => (await api().get(`/v1/kitchen/tickets/${id}`, cook.token)).body),
    );
    const bumped = states.filter((s) => s.status === 'bumped').length;
    // Every successful bump bumped an open ticket, every successful recall reopened a bumped one.
    expect(bumped).toBe(bumps - recalls);
    expect(bumps).toBeGreaterThanOrEqual(6);
    expect(
      states
        .filter((s) => s.status === 'bumped')
        .every((s) => s.lines.every((l: any) => l.status === 'ready')),
    ).toBe(true);
    // Recall brings back the last bumped.
    const open = states.find((s) => s.status === 'open');
    if (open) {
      await bump(open.id);
    }
    const back = await recall();
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('open');
    expect((await bump(back.body.id)).status).toBe(200);
    expect((await bump(back.body.id)).status).toBe(409);
    const served = await api().post(`/v1/kitchen/tickets/${back.body.id}/serve`, {}, waiter.token);
    expect(served.body).toMatchObject({ status: 'served', lines: [{ status: 'served' }] });
  });

  it('rush flags the tickets; the board shows preparing and ready numbers; figures', async () => {
    const o = await order([line(soto, { quantity: 2 }), line(kopi)]);
    await send(o.id);
    const rush = await api().post(`/v1/kitchen/orders/${o.id}/rush`, {}, waiter.token);
    expect(rush.body.tickets.every((x: any) => x.rush)).toBe(true);
    let board = (await api().get(`/v1/kitchen/board?outletId=${fx.outletId}`, cook.token)).body;
    expect(board.preparing.map((e: any) => e.orderNumber)).toContain(o.number);
    for (const x of await ticketsOf(o.id, 'active')) {
      expect((await api().post(`/v1/kitchen/tickets/${x.id}/bump`, {}, cook.token)).status).toBe(200);
    }
    board = (await api().get(`/v1/kitchen/board?outletId=${fx.outletId}`, cook.token)).body;
    expect(board.ready.map((e: any) => e.orderNumber)).toContain(o.number);
    expect(board.preparing.map((e: any) => e.orderNumber)).not.toContain(o.number);
    const figures = (await api().get(`/v1/kitchen/figures?outletId=${fx.outletId}`, cook.token)).body;
    const sotoFig = figures.items.find((i: any) => i.itemId === soto.id && i.stationId === dapur.id);
    expect(sotoFig).toMatchObject({ avgSeconds: expect.any(Number), p90Seconds: expect.any(Number) });
    const station = figures.stations.find((s: any) => s.stationId === dapur.id);
    expect(station).toMatchObject({
      lateAfterSeconds: 60,
      tickets: expect.any(Number),
      late: expect.any(Number),
    });
    // All-day: held course-2/3 lines and open lines still to make.
    expect(figures.allDay.find((a: any) => a.itemId === sate.id)).toMatchObject({
      pending: expect.any(Number),
    });
  });

  it('reaches the station room live, replays missed tickets after a reconnect, never another tenant', async () => {
    const kds = await clients.open({ token: cook.token, subscribe: [{ room: 'station', id: 'bar' }] });
    const theirs = await clients.open({ token: other.ownerToken });
    const o = await order([line(kopi), line(soto)]);
    await send(o.id);
    await until(() =>
      kds.events.some((e) => e.type === 'kitchen.ticket.created' && e.payload.orderId === o.id),
    );
    // The bar's display gets only the bar's ticket.
    expect(kds.events.filter((e) => e.payload.orderId === o.id).map((e) => e.station)).toEqual(['bar']);
    const lastSeq = kds.events.at(-1)!.seq;
    kds.socket.disconnect();
    const missed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const m = await order([line(kopi, { quantity: i + 1 })]);
      await send(m.id);
      missed.push(m.id);
    }
    const back = await clients.open({
      token: cook.token,
      subscribe: [{ room: 'station', id: 'bar' }],
      lastSeq,
    });
    await until(() => missed.every((id) => back.events.some((e) => e.payload.orderId === id)));
    expect(
      back.events.filter((e) => e.type === 'kitchen.ticket.created').map((e) => e.payload.orderId),
    ).toEqual(missed);
    await new Promise((r) => setTimeout(r, 200));
    expect(theirs.events.filter((e) => e.topic === 'kitchen')).toEqual([]);
    // A station room is the tenant's own: another business joining "bar" hears nothing of ours.
    const foreignBar = await clients.open({
      token: other.ownerToken,
      subscribe: [{ room: 'station', id: 'bar' }],
    });
    const more = await order([line(kopi)]);
    await send(more.id);
    await until(() => back.events.some((e) => e.payload.orderId === more.id));
    await new Promise((r) => setTimeout(r, 200));
    expect(foreignBar.events).toEqual([]);
  });

  it('the kitchen role never sees money; station keys are unique per business', async () => {
    expect((await api().get('/v1/orders', cook.token)).status).toBe(403);
    expect((await api().get('/v1/catalog/items', cook.token)).status).toBe(403);
    expect((await api().get(`/v1/kitchen/tickets?outletId=${fx.outletId}`, cook.token)).status).toBe(200);
    const dup = await api().post(
      '/v1/kitchen/stations',
      { outletId: fx.outletId, key: 'bar', name: 'Bar 2' },
      fx.ownerToken,
    );
    expect(dup.status).toBe(409);
    expect(
      (await api().post('/v1/kitchen/stations', { outletId: fx.outletId, key: 'x', name: 'X' }, waiter.token))
        .status,
    ).toBe(403);
    const foreign = await api().get(
      `/v1/kitchen/tickets?outletId=${fx.outletId}&state=all`,
      other.ownerToken,
    );
    expect(foreign.status).toBe(404);
    expect((await api().get(`/v1/kitchen/board?outletId=${fx.outletId}`, other.ownerToken)).status).toBe(404);
  });
});
