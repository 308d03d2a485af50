import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids/ids.ts';
import { until } from '../../../test/support/realtime-clients.ts';
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
let fx: TenantFixture;
let other: TenantFixture;
let kitchen: { token: string };
let tableCount = 0;
const sockets: Socket[] = [];
const api = () => client(t.app);

async function setUp(f: TenantFixture) {
  const tk = f.ownerToken;
  const floorId = (await api().post('/v1/floors', { outletId: f.outletId, name: 'Teras' }, tk)).body.id;
  const item = (
    await api().post('/v1/catalog/items', { name: 'Soto', variants: [{ name: 'R', price: 3_000_000 }] }, tk)
  ).body;
  await api().post(
    '/v1/kitchen/stations',
    { outletId: f.outletId, key: 'dapur', name: 'Dapur', isDefault: true },
    tk,
  );
  return { floorId, item };
}
let worlds: Map<TenantFixture, Awaited<ReturnType<typeof setUp>>>;

/** A table of `f` with a placed QR order: its id and customer token. */
async function placedAt(f: TenantFixture) {
  const w = worlds.get(f)!;
  const table = (
    await api().post('/v1/tables', { floorId: w.floorId, name: `R${++tableCount}`, seats: 2 }, f.ownerToken)
  ).body;
  const code = (await api().post(`/v1/tables/${table.id}/code`, {}, f.ownerToken)).body.token;
  const lines = [{ itemId: w.item.id, variantId: w.item.variants[0].id, quantity: 1 }];
  const placed = await api().post(`/v1/qr/tables/${code}/orders`, { id: newId(), lines });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return { id: placed.body.order.id as string, token: placed.body.customerToken as string, code };
}

/** A real Socket.IO client with a customer token: every `changed` and every staff `event` seen. */
async function follow(auth: Record<string, unknown>) {
  const socket = connect(url, {
    path: '/realtime',
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  const changed: unknown[] = [];
  const staffEvents: unknown[] = [];
  socket.on('changed', (m: unknown) => changed.push(m));
  socket.on('event', (e: unknown) => staffEvents.push(e));
  const ready = await new Promise<unknown>((resolve, reject) => {
    socket.once('ready', resolve);
    socket.once('connect_error', (err: Error & { data?: { code: string } }) =>
      reject(Object.assign(new Error(err.data?.code ?? err.message), { code: err.data?.code })),
    );
  });
  return { socket, changed, staffEvents, ready };
}

const types = (c: unknown[]) => c.map((m) => (m as { type: string }).type);
const settle = () => new Promise((r) => setTimeout(r, 250));

async function accept(f: TenantFixture, qrOrderId: string) {
  const res = await api().post(`/v1/qr/orders/${qrOrderId}/accept`, {}, f.ownerToken);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.orderId as string;
}

async function bump(f: TenantFixture, orderId: string, token = f.ownerToken) {
  const tickets = (await api().get(`/v1/kitchen/tickets?orderId=${orderId}&state=all`, token)).body.items;
  const res = await api().post(`/v1/kitchen/tickets/${tickets[0].id}/bump`, {}, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp({ logger: { level: 'error' } });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  fx = await createTenant(t.app, 'Warung Live');
  other = await createTenant(t.app, 'Other Live');
  kitchen = await addStaff(t.app, fx, 'kitchen');
  worlds = new Map([
    [fx, await setUp(fx)],
    [other, await setUp(other)],
  ]);
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await t.close();
});

describe('customer tracking over realtime', () => {
  it("gets its own order's changes — accept, kitchen, payment — and never another order's, table's or business's", async () => {
    const mine = await placedAt(fx);
    const sameTenant = await placedAt(fx); // another table of the same business
    const otherTenant = await placedAt(other);
    const me = await follow({ customerToken: mine.token });
    expect(me.ready).toMatchObject({ seq: null, subscriptions: [{ room: 'qr_order', id: mine.id }] });

    // Others' changes first: the dispatcher is in log order, so had they reached me they would
    // arrive before my own.
    const theirOrder = await accept(fx, sameTenant.id);
    const elsewhere = await accept(other, otherTenant.id);
    await bump(fx, theirOrder, kitchen.token);
    await bump(other, elsewhere);
    const myOrder = await accept(fx, mine.id);
    await until(() => types(me.changed).includes('qr.order.accepted'));
    await settle();
    expect(types(me.changed)).toEqual(['qr.order.accepted']);
    expect(me.staffEvents).toEqual([]);
    expect(me.changed[0]).toEqual({ type: 'qr.order.accepted' }); // no body: the page re-reads

    // The kitchen's states of my order (joined at the accept), then a payment on the table's bill.
    const later = await placedAt(fx); // a new order at another table, accepted after mine
    await accept(fx, later.id);
    await bump(fx, myOrder, kitchen.token);
    await until(() => types(me.changed).some((x) => x.startsWith('kitchen.')));
    expect(types(me.changed)).toEqual(['qr.order.accepted', 'kitchen.ticket.bumped']);
    const pay = await api().post(
      `/v1/orders/${myOrder}/payments`,
      { method: 'card', amount: 1_000_000, card: { brand: 'visa', last4: '4242', approvalCode: 'A1' } },
      fx.ownerToken,
    );
    expect(pay.status, JSON.stringify(pay.body)).toBeLessThan(300);
    await until(() => types(me.changed).some((x) => x.startsWith('payment.')));
    const track = await api().get(`/v1/qr/track/${mine.token}`);
    expect(track.body).toMatchObject({ tracking: 'ready', bill: { paid: 1_000_000 } });
    expect(me.staffEvents).toEqual([]);
  });

  it('a socket following a pending order that staff accept follows the table order from then on', async () => {
    const mine = await placedAt(fx);
    const me = await follow({ customerToken: mine.token });
    const orderId = await accept(fx, mine.id);
    await until(() => types(me.changed).includes('qr.order.accepted'));
    await bump(fx, orderId);
    await until(() => types(me.changed).some((x) => x.startsWith('kitchen.')));
  });

  it('hears a rejection', async () => {
    const mine = await placedAt(fx);
    const me = await follow({ customerToken: mine.token });
    const res = await api().post(`/v1/qr/orders/${mine.id}/reject`, { reason: 'Sold out' }, fx.ownerToken);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await until(() => types(me.changed).includes('qr.order.rejected'));
  });

  it('refuses a forged token, a table code, a customer token as a staff credential, and extra rooms', async () => {
    const mine = await placedAt(fx);
    const forged = `${mine.token.slice(0, -2)}${mine.token.endsWith('A') ? 'B' : 'A'}A`;
    await expect(follow({ customerToken: forged })).rejects.toMatchObject({ code: 'qr_orders.not_found' });
    await expect(follow({ customerToken: mine.code })).rejects.toMatchObject({ code: 'qr_orders.not_found' });
    await expect(follow({ customerToken: 'x'.repeat(5000) })).rejects.toMatchObject({
      code: 'qr_orders.not_found',
    });
    await expect(follow({ token: mine.token })).rejects.toMatchObject({ code: 'auth.token_invalid' });
    await expect(
      follow({ customerToken: mine.token, subscribe: [{ room: 'outlet', id: fx.outletId }] }),
    ).rejects.toMatchObject({ code: 'request.invalid' });
    await expect(follow({ customerToken: mine.token, lastSeq: '0' })).rejects.toMatchObject({
      code: 'request.invalid',
    });
  });
});
