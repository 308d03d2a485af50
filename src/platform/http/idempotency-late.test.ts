// Keys stored with the mutation (`lateKey`, the order and cash/card payment routes): no claim at
// the start, the same guarantees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPaymentMenu, type PaymentMenu } from '../../../test/support/payments.ts';
import {
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';

let t: TestApp;
let f: TenantFixture;
let menu: PaymentMenu;
beforeAll(async () => {
  t = await createTestApp();
  f = await createTenant(t.app);
  menu = await seedPaymentMenu(t, f);
});
afterAll(async () => {
  await t.close();
});

const orderBody = (notes: string) => ({
  outletId: f.outletId,
  registerId: f.registerId,
  diningOption: 'takeaway',
  notes,
  lines: [{ itemId: menu.drink.id, variantId: menu.drink.variants[0].id, quantity: 1 }],
});

async function ordersWithNotes(notes: string) {
  return t.database.db
    .selectFrom('orders')
    .select('id')
    .where('tenant_id', '=', f.tenantId)
    .where('notes', '=', notes)
    .execute();
}

describe('Idempotency-Key stored with the mutation', () => {
  it('runs concurrent duplicates of an order once: one order, one event, one audit entry, the same answer', async () => {
    const api = client(t.app);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        api.post('/v1/orders', orderBody('late-a'), f.ownerToken, { 'idempotency-key': 'late-a' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    const orders = await ordersWithNotes('late-a');
    expect(orders).toHaveLength(1);
    const events = await t.database.db
      .selectFrom('events')
      .select('type')
      .where('tenant_id', '=', f.tenantId)
      .where('order_id', '=', orders[0]!.id)
      .execute();
    expect(events.map((e) => e.type)).toEqual(['order.created']);
    const audit = await api.get(`/v1/audit?action=order.created&targetId=${orders[0]!.id}`, f.ownerToken);
    expect(audit.body.items).toHaveLength(1);
  });

  it('replays a cash payment that completed its order, though paying again would now be refused', async () => {
    const api = client(t.app);
    const order = (
      await api.post('/v1/orders', orderBody('late-b'), f.ownerToken, { 'idempotency-key': 'late-b' })
    ).body;
    const pay = { method: 'cash', tendered: 5_000_000, completeOrder: true };
    const first = await api.post(`/v1/orders/${order.id}/payments`, pay, f.ownerToken, {
      'idempotency-key': 'late-b-pay',
    });
    expect(first.status).toBe(201);
    const again = await api.post(`/v1/orders/${order.id}/payments`, pay, f.ownerToken, {
      'idempotency-key': 'late-b-pay',
    });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    // Without the key, the same request is refused: the order is completed.
    const fresh = await api.post(`/v1/orders/${order.id}/payments`, pay, f.ownerToken);
    expect(fresh.status).toBe(409);
    const payments = await api.get(`/v1/orders/${order.id}/payments`, f.ownerToken);
    expect(payments.body.items).toHaveLength(1);
  });

  it('refuses the same key with a different body (422) and writes nothing', async () => {
    const api = client(t.app);
    await api.post('/v1/orders', orderBody('late-c'), f.ownerToken, { 'idempotency-key': 'late-c' });
    const other = await api.post('/v1/orders', orderBody('late-c2'), f.ownerToken, {
      'idempotency-key': 'late-c',
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency.key_reused');
    expect(await ordersWithNotes('late-c2')).toHaveLength(0);
  });
});
