// POST /v1/sales: one request, one transaction — the same rules, events, ledger and audit as
// creating the order and paying it in two requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPaymentMenu, type PaymentMenu } from '../../test/support/payments.ts';
import {
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../test/support/test-app.ts';

let t: TestApp;
let f: TenantFixture;
let menu: PaymentMenu;
beforeAll(async () => {
  t = await createTestApp();
  f = await createTenant(t.app);
  menu = await seedPaymentMenu(t, f);
  await client(t.app).patch('/v1/tenant', { cashRoundingIncrement: 10_000 }, f.ownerToken);
});
afterAll(async () => {
  await t.close();
});

const order = (notes: string) => ({
  outletId: f.outletId,
  registerId: f.registerId,
  diningOption: 'takeaway',
  notes,
  lines: [
    { itemId: menu.drink.id, variantId: menu.drink.variants[0].id, quantity: 2 },
    { itemId: menu.snack.id, variantId: menu.snack.variants[0].id, quantity: 1 },
  ],
});

/** What a sale left behind, with ids taken out: event types and payloads' shape, ledger, audit. */
async function trail(orderId: string) {
  const db = t.database.db;
  const events = await db
    .selectFrom('events')
    .select(['type', 'topic'])
    .where('tenant_id', '=', f.tenantId)
    .where('order_id', '=', orderId)
    .orderBy('seq')
    .execute();
  const ledger = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_lines as l', (j) =>
      j.onRef('l.tenant_id', '=', 'e.tenant_id').onRef('l.entry_id', '=', 'e.id'),
    )
    .select(['e.kind', 'l.account', 'l.debit', 'l.credit'])
    .where('e.tenant_id', '=', f.tenantId)
    .where('e.order_id', '=', orderId)
    .orderBy('e.kind')
    .orderBy('l.account')
    .execute();
  const paymentIds = (
    await db
      .selectFrom('payments')
      .select('id')
      .where('tenant_id', '=', f.tenantId)
      .where('order_id', '=', orderId)
      .execute()
  ).map((p) => p.id);
  const audit = await db
    .selectFrom('audit_log')
    .select(['action', 'target_type'])
    .where('tenant_id', '=', f.tenantId)
    .where('target_id', 'in', [orderId, ...paymentIds])
    .orderBy('seq')
    .execute();
  return { events, ledger, audit };
}

async function ordersWithNotes(notes: string) {
  return t.database.db
    .selectFrom('orders')
    .selectAll()
    .where('tenant_id', '=', f.tenantId)
    .where('notes', '=', notes)
    .execute();
}

describe('POST /v1/sales', () => {
  it('records the order, its cash payment and the completion: the same trail as the two-step sale', async () => {
    const api = client(t.app);
    const twoStep = (await api.post('/v1/orders', order('two-step'), f.ownerToken)).body;
    const due = twoStep.cash.total;
    const paid = await api.post(
      `/v1/orders/${twoStep.id}/payments`,
      { method: 'cash', tendered: 10_000_000, completeOrder: true },
      f.ownerToken,
    );
    expect(paid.status).toBe(201);

    const res = await api.post(
      '/v1/sales',
      { ...order('one-request'), payments: [{ method: 'cash', tendered: 10_000_000 }] },
      f.ownerToken,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const sale = res.body;
    expect(sale.order).toMatchObject({
      status: 'completed',
      paymentStatus: 'paid',
      balanceAmount: 0,
      total: twoStep.total,
    });
    expect(sale.payments).toHaveLength(1);
    expect(sale.payments[0]).toMatchObject({
      method: 'cash',
      status: 'completed',
      change: 10_000_000 - due,
    });
    // The stored order is what the response says.
    const stored = (await api.get(`/v1/orders/${sale.order.id}`, f.ownerToken)).body;
    expect(stored).toEqual(sale.order);
    const twoStepAfter = (await api.get(`/v1/orders/${twoStep.id}`, f.ownerToken)).body;
    expect(stored.version).toBe(twoStepAfter.version);

    const [a, b] = [await trail(twoStep.id), await trail(sale.order.id)];
    expect(b.events).toEqual(a.events);
    expect(b.ledger).toEqual(a.ledger);
    expect(b.audit).toEqual(a.audit);
    expect(b.events.map((e) => e.type)).toEqual([
      'order.created',
      'payment.completed',
      'order.updated',
      'order.status_changed',
      'order.completed',
    ]);
    expect((await api.get('/v1/ledger/check', f.ownerToken)).body.ok).toBe(true);
  });

  it('takes split tenders (card, then cash for the rest) in order', async () => {
    const api = client(t.app);
    const res = await api.post(
      '/v1/sales',
      {
        ...order('split tender'),
        payments: [
          { method: 'card', amount: 1_000_000, card: { brand: 'visa', last4: '4242' } },
          { method: 'cash', tendered: 5_000_000 },
        ],
      },
      f.ownerToken,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.payments.map((p: { method: string; status: string }) => [p.method, p.status])).toEqual([
      ['card', 'completed'],
      ['cash', 'completed'],
    ]);
    expect(res.body.order.status).toBe('completed');
  });

  it('replays a retry with the same Idempotency-Key: one order, the same answer', async () => {
    const api = client(t.app);
    const body = { ...order('replayed'), payments: [{ method: 'cash', tendered: 10_000_000 }] };
    const first = await api.post('/v1/sales', body, f.ownerToken, { 'idempotency-key': 'sale-1' });
    const again = await api.post('/v1/sales', body, f.ownerToken, { 'idempotency-key': 'sale-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await ordersWithNotes('replayed')).toHaveLength(1);
  });

  it('refuses bad input with a 4xx and writes nothing: unsettled, short cash, gateway tenders, no tender', async () => {
    const api = client(t.app);
    const events = async () =>
      (await t.database.db.selectFrom('events').select('seq').where('tenant_id', '=', f.tenantId).execute())
        .length;
    const before = await events();
    const short = await api.post(
      '/v1/sales',
      {
        ...order('unsettled'),
        payments: [{ method: 'card', amount: 100_000, card: { brand: 'visa', last4: '4242' } }],
      },
      f.ownerToken,
    );
    expect(short.status).toBe(422);
    expect(short.body.code).toBe('sales.not_settled');
    const lowCash = await api.post(
      '/v1/sales',
      { ...order('short cash'), payments: [{ method: 'cash', amount: 1_000_000, tendered: 100 }] },
      f.ownerToken,
    );
    expect(lowCash.status).toBe(422);
    expect(lowCash.body.code).toBe('payments.tendered_insufficient');
    expect(lowCash.body.field).toBe('payments[0]');
    const gateway = await api.post(
      '/v1/sales',
      { ...order('gateway'), payments: [{ method: 'gateway', gateway: 'midtrans' }] },
      f.ownerToken,
    );
    expect(gateway.status).toBe(400);
    const none = await api.post('/v1/sales', { ...order('none'), payments: [] }, f.ownerToken);
    expect(none.status).toBe(400);
    for (const notes of ['unsettled', 'short cash', 'gateway', 'none']) {
      expect(await ordersWithNotes(notes)).toHaveLength(0);
    }
    expect(await events()).toBe(before);
    // The day's order numbers have no gap: nothing consumed one.
    const next = (await api.post('/v1/orders', order('after refusals'), f.ownerToken)).body;
    const numbers = (
      await t.database.db.selectFrom('orders').select('number').where('tenant_id', '=', f.tenantId).execute()
    ).map((o) => o.number);
    expect(next.number).toBe(Math.max(...numbers));
    expect(numbers.length).toBe(next.number);
  });

  it('needs the payments:create permission as well as orders:create', async () => {
    const api = client(t.app);
    const key = await api.post(
      '/v1/api-keys',
      { name: 'orders only', scopes: ['orders:create'] },
      f.ownerToken,
    );
    expect(key.status).toBe(201);
    const res = await api.post(
      '/v1/sales',
      { ...order('no payments permission'), payments: [{ method: 'cash', tendered: 10_000_000 }] },
      key.body.secret,
    );
    expect(res.status).toBe(403);
    expect(await ordersWithNotes('no payments permission')).toHaveLength(0);
  });
});
