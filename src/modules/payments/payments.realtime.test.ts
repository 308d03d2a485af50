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
import { createOrder, seedPaymentMenu, type PaymentMenu } from '../../../test/support/payments.ts';

// Payment events over real Socket.IO clients: who hears about money, and in what order.
let t: TestApp;
let url: string;
let a: TenantFixture;
let b: TenantFixture;
let menu: PaymentMenu;
let cashier: { token: string };
let kitchen: { token: string };
const clients = realtimeClients<Ev>(() => url);
const open = clients.open;

interface Ev {
  seq: string;
  type: string;
  topic: string;
  orderId: string | null;
  outletId: string | null;
  payload: Record<string, unknown>;
}

const api = () => client(t.app);

async function pay(orderId: string, body: Record<string, unknown>, token = cashier.token) {
  const res = await api().post(`/v1/orders/${orderId}/payments`, body, token);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.status).toBe('completed');
  return res.body as { id: string; amount: number };
}

const CARD = { method: 'card', card: { brand: 'visa', last4: '4242' } };

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  a = await createTenant(t.app, 'Realtime Payments A');
  b = await createTenant(t.app, 'Realtime Payments B');
  menu = await seedPaymentMenu(t, a);
  cashier = await addStaff(t.app, a, 'cashier');
  kitchen = await addStaff(t.app, a, 'kitchen');
});
afterAll(async () => {
  clients.closeAll();
  await t.close();
});

describe('payment events over realtime', () => {
  it('the cashier in the outlet hears the payment; the kitchen never does; another tenant hears nothing', async () => {
    const outletRoom = { subscribe: [{ room: 'outlet', id: a.outletId }] };
    const till = await open({ token: cashier.token, ...outletRoom });
    const kds = await open({ token: kitchen.token, ...outletRoom });
    const kitchenTenantWide = await open({ token: kitchen.token });
    const other = await open({ token: b.ownerToken });

    const order = await createOrder(t, a, menu, { drinks: 1, token: cashier.token });
    const p = await pay(order.id, { method: 'cash', tendered: 5_000_000, completeOrder: true });

    const isMine = (e: Ev) => e.orderId === order.id;
    await until(
      () =>
        till.events.some((e) => e.type === 'payment.completed' && isMine(e)) &&
        till.events.some((e) => e.type === 'order.completed' && isMine(e)),
    );
    const completed = till.events.find((e) => e.type === 'payment.completed' && isMine(e))!;
    expect(completed).toMatchObject({ topic: 'payments', outletId: a.outletId });
    expect(completed.payload).toMatchObject({
      id: p.id,
      orderId: order.id,
      method: 'cash',
      amount: p.amount,
    });
    expect(completed.payload).not.toHaveProperty('clientSecret');
    const moneyUpdate = till.events.find(
      (e) => e.type === 'order.updated' && isMine(e) && e.payload.change === 'payment',
    );
    expect(moneyUpdate, JSON.stringify(till.events.map((e) => [e.type, e.payload.change]))).toBeDefined();
    expect(moneyUpdate!.payload).toMatchObject({ paymentStatus: 'paid', balanceAmount: 0 });
    expect(Number(moneyUpdate!.seq)).toBeGreaterThan(Number(till.ready.seq));

    // The kitchen sockets get no payment event, and no order event either (totals are money):
    // a kitchen display reads kitchen tickets only.
    await new Promise((r) => setTimeout(r, 200));
    for (const k of [kds, kitchenTenantWide]) {
      expect(k.events.filter((e) => e.type.startsWith('payment.') || e.topic === 'payments')).toEqual([]);
      expect(k.events.every((e) => e.topic === 'kitchen')).toBe(true);
    }
    expect(other.events).toEqual([]);
  });

  it('a reconnecting cashier with lastSeq gets the missed payment events first, in log order', async () => {
    const first = await open({ token: cashier.token, subscribe: [{ room: 'outlet', id: a.outletId }] });
    // A second till that stays online shows when this node has dispatched what was committed: a
    // socket replays up to that point before `ready`, and gets anything later live, after it.
    const online = await open({ token: cashier.token, subscribe: [{ room: 'outlet', id: a.outletId }] });
    const lastSeq = first.ready.seq;
    first.socket.disconnect();

    // While the till is offline: one order paid in two parts (cash then card), another in cash.
    const split = await createOrder(t, a, menu, { drinks: 1, snacks: 1, token: cashier.token });
    const part1 = await pay(split.id, { method: 'cash', amount: 500_000, tendered: 500_000 });
    const part2 = await pay(split.id, { ...CARD, completeOrder: true });
    const single = await createOrder(t, a, menu, { drinks: 0, snacks: 1, token: cashier.token });
    const part3 = await pay(single.id, { method: 'cash', tendered: 500_000 });
    const missedPayments = [part1.id, part2.id, part3.id];

    // What the log holds for the cashier after lastSeq (the API applies the same topic filter).
    const log = (await api().get(`/v1/events?after=${lastSeq}&limit=1000`, cashier.token)).body as {
      items: Ev[];
    };
    const expected = log.items.filter((e) => e.outletId === a.outletId);
    const loggedPayments = expected.filter((e) => e.topic === 'payments');
    expect(loggedPayments.map((e) => e.payload.id)).toEqual(
      expect.arrayContaining(missedPayments.map(String)),
    );

    const lastMissed = expected.at(-1)!.seq;
    await until(() => online.events.some((e) => e.seq === lastMissed), 15_000);

    const back = await open({
      token: cashier.token,
      lastSeq,
      subscribe: [{ room: 'outlet', id: a.outletId }],
    });
    // Replay happens before `ready`: everything missed is already there, in order, nothing else first.
    const replayed = back.events.slice(0, back.atReady);
    expect(replayed.map((e) => e.seq)).toEqual(expected.map((e) => e.seq));
    const replayedPayments = replayed.filter((e) => e.type.startsWith('payment.'));
    expect(replayedPayments.map((e) => [e.seq, e.type, e.payload.id])).toEqual(
      loggedPayments.map((e) => [e.seq, e.type, e.payload.id]),
    );
    for (const id of missedPayments) {
      expect(replayedPayments.some((e) => e.type === 'payment.completed' && e.payload.id === id)).toBe(true);
    }
    const seqs = replayed.map((e) => Number(e.seq));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.every((s) => s > Number(lastSeq) && s <= Number(back.ready.seq))).toBe(true);

    // Then live: a payment after reconnecting arrives after the replay, exactly once.
    const live = await createOrder(t, a, menu, { drinks: 0, snacks: 1, token: cashier.token });
    const p = await pay(live.id, { method: 'cash', tendered: 500_000 });
    await until(() => back.events.some((e) => e.type === 'payment.completed' && e.payload.id === p.id));
    const all = back.events.map((e) => Number(e.seq));
    expect(all).toEqual([...all].sort((x, y) => x - y));
    expect(new Set(all).size).toBe(all.length);
    expect(back.events.filter((e) => e.type === 'payment.completed' && e.payload.id === p.id)).toHaveLength(
      1,
    );
  });
});
