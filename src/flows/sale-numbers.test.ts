// The order and receipt numbers of one-request sales (POST /v1/sales): the sale's order is
// inserted — numbered, paid and completed — by one statement right before the transaction's last
// (orders/staged-order.ts), so the outlet's counters are locked about one round trip. These tests
// fail if the numbers stop being gap-free and unique, if a refused sale consumes one, or if the
// counter is taken early again.
import { sql } from 'kysely';
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
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** A tenant of its own per test: its outlet's numbers start at 1. */
async function shop(): Promise<{ f: TenantFixture; menu: PaymentMenu }> {
  const f = await createTenant(t.app);
  return { f, menu: await seedPaymentMenu(t, f) };
}

const sale = (f: TenantFixture, menu: PaymentMenu, notes: string, payments: unknown[]) => ({
  outletId: f.outletId,
  registerId: f.registerId,
  diningOption: 'takeaway',
  notes,
  lines: [{ itemId: menu.drink.id, variantId: menu.drink.variants[0].id, quantity: 1 }],
  payments,
});
const cash = [{ method: 'cash', tendered: 100_000_000 }];

async function storedOrders(tenantId: string) {
  return t.database.db
    .selectFrom('orders')
    .select(['id', 'number', 'receipt_number', 'status'])
    .where('tenant_id', '=', tenantId)
    .orderBy('number')
    .execute();
}

describe('sale numbers', () => {
  it('gives concurrent sales at one outlet the numbers 1..N, once each, in the response, events, audit and ledger', async () => {
    const { f, menu } = await shop();
    const api = client(t.app);
    const n = 8;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        api.post('/v1/sales', sale(f, menu, `parallel ${i}`, cash), f.ownerToken, {
          'idempotency-key': `parallel-${i}`,
        }),
      ),
    );
    for (const r of results) {
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const numbers = results.map((r) => r.body.order.number as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const receipts = results.map((r) => r.body.order.receiptNumber as number).sort((a, b) => a - b);
    expect(receipts).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const stored = await storedOrders(f.tenantId);
    expect(stored.map((o) => o.number)).toEqual(numbers);
    const db = t.database.db;
    for (const r of results) {
      const { id, number, receiptNumber } = r.body.order;
      expect(stored.find((o) => o.id === id)).toMatchObject({
        number,
        receipt_number: String(receiptNumber),
      });
      // The stored idempotent answer carries them too.
      const again = await api.post('/v1/sales', sale(f, menu, r.body.order.notes, cash), f.ownerToken, {
        'idempotency-key': `parallel-${results.indexOf(r)}`,
      });
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.order).toMatchObject({ number, receiptNumber });
      const events = await db
        .selectFrom('events')
        .select(['type', 'payload'])
        .where('tenant_id', '=', f.tenantId)
        .where('order_id', '=', id)
        .orderBy('seq')
        .execute();
      expect(events.map((e) => e.type)).toEqual([
        'order.created',
        'payment.completed',
        'order.updated',
        'order.status_changed',
        'order.completed',
      ]);
      for (const e of events.filter((e) => e.type.startsWith('order.'))) {
        expect((e.payload as { number: number }).number).toBe(number);
      }
      expect((events.at(-1)!.payload as { receiptNumber: number }).receiptNumber).toBe(receiptNumber);
      const audit = await db
        .selectFrom('audit_log')
        .select('after')
        .where('tenant_id', '=', f.tenantId)
        .where('target_id', '=', id)
        .where('action', '=', 'order.created')
        .executeTakeFirstOrThrow();
      expect((audit.after as { number: number }).number).toBe(number);
      const memos = await db
        .selectFrom('ledger_entries')
        .select('memo')
        .where('tenant_id', '=', f.tenantId)
        .where('order_id', '=', id)
        .where('kind', '=', 'sale')
        .execute();
      expect(memos.map((m) => m.memo)).toEqual([`order ${r.body.order.businessDate} #${number}`]);
    }
  });

  it('a sale refused after its lines and first tender were written consumes no number and leaves nothing', async () => {
    const { f, menu } = await shop();
    const api = client(t.app);
    const id = '01900000-0000-7000-8000-00000000a001';
    const refused = await api.post(
      '/v1/sales',
      {
        ...sale(f, menu, 'refused', []),
        id,
        payments: [
          { method: 'card', amount: 100, card: { brand: 'visa', last4: '4242' } },
          { method: 'cash', amount: 1_000, tendered: 10 },
        ],
      },
      f.ownerToken,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('payments.tendered_insufficient');
    const db = t.database.db;
    for (const table of ['orders', 'order_lines', 'payments', 'ledger_entries'] as const) {
      const rows = await db
        .selectFrom(table)
        .select(sql<number>`count(*)::int`.as('n'))
        .where('tenant_id', '=', f.tenantId)
        .executeTakeFirstOrThrow();
      expect(rows.n, table).toBe(0);
    }
    const next = await api.post('/v1/sales', sale(f, menu, 'next', cash), f.ownerToken);
    expect(next.status).toBe(201);
    expect(next.body.order).toMatchObject({ number: 1, receiptNumber: 1 });
    // An order id that exists is refused as before, without a number.
    const dup = await api.post(
      '/v1/sales',
      { ...sale(f, menu, 'dup', cash), id: next.body.order.id },
      f.ownerToken,
    );
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('orders.already_exists');
    const after = await api.post('/v1/sales', sale(f, menu, 'after', cash), f.ownerToken);
    expect(after.body.order).toMatchObject({ number: 2, receiptNumber: 2 });
  });

  it('takes the outlet counter late: an order is numbered while a sale at the outlet waits before its insert', async () => {
    const { f, menu } = await shop();
    const api = client(t.app);
    const open = await api.post(
      '/v1/drawer-sessions',
      { registerId: f.registerId, float: { amount: 0 } },
      f.ownerToken,
    );
    expect(open.status, JSON.stringify(open.body)).toBe(201);
    // Hold the drawer session: a cash sale waits at its drawer movement — after its lines and its
    // payment, before its order is inserted.
    const holder = await t.database.db.startTransaction().execute();
    let saleDone = false;
    let pending: ReturnType<ReturnType<typeof client>['post']> | undefined;
    try {
      await sql`select id from drawer_sessions where tenant_id = ${f.tenantId} and id = ${open.body.id} for update`.execute(
        holder,
      );
      pending = api.post('/v1/sales', sale(f, menu, 'waiting', cash), f.ownerToken);
      void pending.then(() => (saleDone = true));
      // Wait until the sale is blocked on the drawer session.
      for (let i = 0; i < 100; i++) {
        const waiting = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
           where wait_event_type = 'Lock' and query like '%drawer_sessions%'`.execute(t.database.db);
        if (waiting.rows[0]!.n > 0) {
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(saleDone).toBe(false);
      // The waiting sale holds no counter: an order and a card sale at the same outlet go through.
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000));
      const other = await Promise.race([
        api.post('/v1/orders', { ...sale(f, menu, 'meanwhile', []), payments: undefined }, f.ownerToken),
        timeout,
      ]);
      expect(other).not.toBe('timeout');
      const card = await Promise.race([
        api.post(
          '/v1/sales',
          sale(f, menu, 'card meanwhile', [{ method: 'card', card: { brand: 'visa', last4: '4242' } }]),
          f.ownerToken,
        ),
        timeout,
      ]);
      expect(card).not.toBe('timeout');
      expect(saleDone).toBe(false);
      expect((other as { body: { number: number } }).body.number).toBe(1);
      expect(
        (card as { body: { order: { number: number; receiptNumber: number } } }).body.order,
      ).toMatchObject({
        number: 2,
        receiptNumber: 1,
      });
    } finally {
      await holder.commit().execute();
    }
    const waited = await pending;
    expect(waited.status, JSON.stringify(waited.body)).toBe(201);
    expect(waited.body.order).toMatchObject({ number: 3, receiptNumber: 2 });
    expect((await storedOrders(f.tenantId)).map((o) => o.number)).toEqual([1, 2, 3]);
  });
});
