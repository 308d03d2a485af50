import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { createOrder, seedPaymentMenu, type PaymentMenu } from '../../../test/support/payments.ts';
import { newId } from '../../platform/ids/ids.ts';

let t: TestApp;
let fx: TenantFixture;
let menu: PaymentMenu;

beforeAll(async () => {
  t = await createTestApp();
  fx = await createTenant(t.app, 'Drawer Café');
  menu = await seedPaymentMenu(t, fx);
});
afterAll(async () => {
  await t.close();
});

const api = () => client(t.app);

/** A cash sale in one request (order + cash tender + completion). */
async function cashSale(token: string, tendered: number, drinks = 1) {
  const res = await api().post(
    '/v1/sales',
    {
      outletId: fx.outletId,
      registerId: fx.registerId,
      diningOption: 'takeaway',
      lines: [{ itemId: menu.drink.id, variantId: menu.drink.variants[0].id, quantity: drinks }],
      payments: [{ method: 'cash', tendered }],
    },
    token,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('a day at one register', () => {
  it('opens, sells in cash with change, refunds, pays in and out, drops, X, closes with a variance, Z', async () => {
    const cashier = await addStaff(t.app, fx, 'cashier');
    const manager = await addStaff(t.app, fx, 'manager', { pin: '2468' });
    const settings = await api().patch(
      `/v1/outlets/${fx.outletId}/cash-settings`,
      { requireOpenSession: true, varianceThreshold: 500_000 },
      fx.ownerToken,
    );
    expect(settings.status).toBe(200);
    expect(settings.body).toEqual({
      requireOpenSession: true,
      varianceThreshold: 500_000,
      receiptNumbering: 'outlet',
      taxId: null,
      receiptHeader: null,
      receiptFooter: null,
      logoImageId: null,
      logoUrl: null,
    });

    // Cash without an open drawer is refused, and nothing is written.
    const refused = await api().post(
      '/v1/sales',
      {
        outletId: fx.outletId,
        registerId: fx.registerId,
        diningOption: 'takeaway',
        lines: [{ itemId: menu.drink.id, variantId: menu.drink.variants[0].id, quantity: 1 }],
        payments: [{ method: 'cash', tendered: 5_000_000 }],
      },
      cashier.token,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('drawer.session_required');

    // Open with a float counted by denomination (Rp 200.000 = 2 × 50.000 + 5 × 20.000).
    const opened = await api().post(
      '/v1/drawer-sessions',
      {
        registerId: fx.registerId,
        float: {
          denominations: [
            { value: 5_000_000, count: 2 },
            { value: 2_000_000, count: 5 },
          ],
        },
      },
      cashier.token,
    );
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const session = opened.body;
    expect(session).toMatchObject({ status: 'open', openingFloat: 20_000_000, expectedCash: null });
    const twice = await api().post(
      '/v1/drawer-sessions',
      { registerId: fx.registerId, float: { amount: 0 } },
      cashier.token,
    );
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('drawer.session_already_open');
    const current = await api().get(`/v1/registers/${fx.registerId}/drawer-session`, cashier.token);
    expect(current.body.session.id).toBe(session.id);

    // Two cash sales with change: 27,159.00 → 30,000 tendered (2,841 change); 13,579.50 → Rp 13,580 due.
    const sale1 = await cashSale(cashier.token, 3_000_000, 2);
    expect(sale1.payments[0]).toMatchObject({ amount: 2_715_900, change: 284_100 });
    const sale2 = await cashSale(cashier.token, 2_000_000, 1);
    expect(sale2.payments[0]).toMatchObject({ amount: 1_357_950, rounding: 50, change: 642_000 });
    // A card sale is no drawer cash.
    const cardOrder = await createOrder(t, fx, menu, { drinks: 1, token: cashier.token });
    const card = await api().post(
      `/v1/orders/${cardOrder.id}/payments`,
      { method: 'card', card: { brand: 'visa', last4: '4242' }, completeOrder: true },
      cashier.token,
    );
    expect(card.status).toBe(201);

    // A cash refund of part of the first sale (manager's permission).
    const refund = await api().post(
      `/v1/payments/${sale1.payments[0].id}/refunds`,
      { amount: 500_000, reason: 'one drink spilled' },
      manager.token,
    );
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect(refund.body).toMatchObject({ status: 'completed', creditNoteNumber: 1 });

    // Paid in, paid out, a drop; paying out more than the drawer holds is refused.
    const paidIn = await api().post(
      `/v1/drawer-sessions/${session.id}/paid-in`,
      { amount: 1_000_000, reason: 'coins from the bank' },
      cashier.token,
    );
    expect(paidIn.status).toBe(201);
    const paidOut = await api().post(
      `/v1/drawer-sessions/${session.id}/paid-out`,
      { amount: 300_000, reason: 'ice' },
      cashier.token,
    );
    expect(paidOut.status).toBe(201);
    const tooMuch = await api().post(
      `/v1/drawer-sessions/${session.id}/paid-out`,
      { amount: 9_000_000_000, reason: 'everything' },
      cashier.token,
    );
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('drawer.insufficient_cash');
    const drop = await api().post(
      `/v1/drawer-sessions/${session.id}/drops`,
      { amount: 10_000_000, reason: 'midday drop' },
      cashier.token,
    );
    expect(drop.status).toBe(201);

    // No-sale: the cashier needs a manager's PIN approval; the audit log names both.
    const denied = await api().post(
      `/v1/drawer-sessions/${session.id}/no-sale`,
      { reason: 'change' },
      cashier.token,
    );
    expect(denied.status).toBe(403);
    expect(denied.body.approvalRequired).toBe(true);
    const approval = await api().post(
      '/v1/approvals',
      {
        approverId: manager.membershipId,
        pin: '2468',
        permission: 'cash:no_sale',
        targetType: 'register',
        targetId: fx.registerId,
      },
      cashier.token,
    );
    expect(approval.status).toBe(201);
    const noSale = await api().post(
      `/v1/drawer-sessions/${session.id}/no-sale`,
      { reason: 'change for a customer', approvalId: approval.body.approvalId },
      cashier.token,
    );
    expect(noSale.status).toBe(200);
    expect(noSale.body.approvedBy).toBe(manager.membershipId);
    const audit = await api().get('/v1/audit?action=drawer.no_sale', fx.ownerToken);
    expect(audit.status).toBe(200);
    const entry = audit.body.items.find((e: { action: string }) => e.action === 'drawer.no_sale');
    expect(entry).toMatchObject({ approverId: manager.membershipId });

    // Expected cash: 200,000 float + 30,000 − 2,841 + 20,000 − 6,420 − 5,000 + 10,000 − 3,000 − 100,000.
    const expected = 20_000_000 + 2_715_900 + 1_358_000 - 500_000 + 1_000_000 - 300_000 - 10_000_000;
    // The X report (a manager; the cashier counts blind).
    expect((await api().get(`/v1/drawer-sessions/${session.id}/x-report`, cashier.token)).status).toBe(403);
    const x = await api().get(`/v1/drawer-sessions/${session.id}/x-report`, manager.token);
    expect(x.status).toBe(200);
    expect(x.body).toMatchObject({
      kind: 'X',
      number: null,
      cash: {
        float: 20_000_000,
        sales: 2_715_900 + 1_358_000,
        refunds: 500_000,
        paidIn: 1_000_000,
        paidOut: 300_000,
        drops: 10_000_000,
        noSales: 1,
        expected,
        counted: null,
      },
      sales: { orders: 3, total: 2_715_900 + 1_357_950 + 1_357_950 },
      refunds: [{ tender: 'cash', count: 1, amount: 500_000 }],
      rounding: { cash: 50, payment: 50 },
    });
    expect(x.body.tenders).toEqual([
      { method: 'card', gateway: null, count: 1, amount: 1_357_950, tips: 0, rounding: 50 },
      { method: 'cash', gateway: null, count: 2, amount: 2_715_900 + 1_357_950, tips: 0, rounding: 50 },
    ]);
    expect(x.body.taxes).toEqual([
      expect.objectContaining({ name: 'PB1', ratePpm: 100_000, amount: 246_900 + 123_450 + 123_450 }),
    ]);
    const me = x.body.cashiers.find((c: { actor: string }) => c.actor === `user:${cashier.userId}`);
    expect(me).toMatchObject({ payments: 3, paidIn: 1_000_000, paidOut: 300_000 });
    expect(
      x.body.cashiers.find((c: { actor: string }) => c.actor === `user:${manager.userId}`),
    ).toMatchObject({
      refunds: 1,
      refundAmount: 500_000,
    });
    let tie = await api().get(`/v1/drawer-sessions/${session.id}/tie-out`, manager.token);
    expect(tie.body).toMatchObject({ ok: true, movements: expected, ledgerCashDrawer: expected });

    // Close 6,000 short: above the threshold, so a reason and a manager are needed.
    const counted = expected - 600_000;
    const noReason = await api().post(
      `/v1/drawer-sessions/${session.id}/close`,
      { counted: { amount: counted } },
      cashier.token,
    );
    expect(noReason.status).toBe(422);
    expect(noReason.body.code).toBe('drawer.reason_required');
    const noManager = await api().post(
      `/v1/drawer-sessions/${session.id}/close`,
      { counted: { amount: counted }, reason: 'unknown' },
      cashier.token,
    );
    expect(noManager.status).toBe(403);
    const ok = await api().post(
      '/v1/approvals',
      {
        approverId: manager.membershipId,
        pin: '2468',
        permission: 'cash:approve_variance',
        targetType: 'drawer_session',
        targetId: session.id,
      },
      cashier.token,
    );
    expect(ok.status).toBe(201);
    const closed = await api().post(
      `/v1/drawer-sessions/${session.id}/close`,
      { counted: { amount: counted }, reason: 'miscounted change', approvalId: ok.body.approvalId },
      cashier.token,
    );
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.session).toMatchObject({
      status: 'closed',
      expectedCash: expected,
      countedCash: counted,
      variance: -600_000,
      varianceApprovedBy: manager.membershipId,
      zNumber: 1,
    });
    expect(closed.body.zReport).toMatchObject({
      kind: 'Z',
      number: 1,
      cash: { expected, counted, variance: -600_000 },
    });

    // The Z report is stored as written; the session ties out: the drawer is empty, the shortage is over/short.
    const z = await api().get(`/v1/registers/${fx.registerId}/z-reports/1`, manager.token);
    expect(z.status).toBe(200);
    expect(z.body).toEqual(closed.body.zReport);
    tie = await api().get(`/v1/drawer-sessions/${session.id}/tie-out`, manager.token);
    expect(tie.body).toMatchObject({ ok: true, movements: 0, ledgerCashDrawer: 0, overShort: -600_000 });
    const tb = await api().get('/v1/ledger/trial-balance', fx.ownerToken);
    const acct = (a: string) => tb.body.accounts.find((r: { account: string }) => r.account === a);
    expect(acct('cash_over_short')).toMatchObject({ balance: 600_000 });
    expect(acct('cash_drawer')).toMatchObject({ balance: 0 });
    expect(tb.body.balanced).toBe(true);
    const check = await api().get('/v1/ledger/check', fx.ownerToken);
    expect(check.body.ok).toBe(true);

    // Closed is closed; a new session gets Z 2.
    const again = await api().post(
      `/v1/drawer-sessions/${session.id}/paid-in`,
      { amount: 1, reason: 'late' },
      cashier.token,
    );
    expect(again.status).toBe(409);
    const next = await api().post(
      '/v1/drawer-sessions',
      { registerId: fx.registerId, float: { amount: 0 } },
      cashier.token,
    );
    expect(next.status).toBe(201);
    const z2 = await api().post(
      `/v1/drawer-sessions/${next.body.id}/close`,
      { counted: { amount: 0 } },
      cashier.token,
    );
    expect(z2.body.session.zNumber).toBe(2);

    // Receipt numbers: every completed order got the next one at this outlet.
    const numbers = [];
    for (const id of [sale1.order.id, sale2.order.id, cardOrder.id]) {
      numbers.push((await api().get(`/v1/orders/${id}`, cashier.token)).body.receiptNumber);
    }
    expect(numbers).toEqual([1, 2, 3]);
  });

  it('refuses another tenant', async () => {
    const other = await createTenant(t.app, 'Other Café');
    const mine = await api().post(
      '/v1/drawer-sessions',
      { registerId: fx.registerId, float: { amount: 0 } },
      fx.ownerToken,
    );
    expect(mine.status).toBe(201);
    const id = mine.body.id;
    for (const res of [
      await api().get(`/v1/drawer-sessions/${id}`, other.ownerToken),
      await api().get(`/v1/drawer-sessions/${id}/x-report`, other.ownerToken),
      await api().get(`/v1/drawer-sessions/${id}/tie-out`, other.ownerToken),
      await api().get(`/v1/registers/${fx.registerId}/drawer-session`, other.ownerToken),
      await api().get(`/v1/registers/${fx.registerId}/z-reports/1`, other.ownerToken),
      await api().post(`/v1/drawer-sessions/${id}/paid-in`, { amount: 1, reason: 'x' }, other.ownerToken),
      await api().post(`/v1/drawer-sessions/${id}/close`, { counted: { amount: 0 } }, other.ownerToken),
      await api().get(`/v1/outlets/${fx.outletId}/cash-settings`, other.ownerToken),
      await api().post(
        '/v1/drawer-sessions',
        { registerId: fx.registerId, float: { amount: 0 } },
        other.ownerToken,
      ),
    ]) {
      expect(res.status).toBe(404);
    }
    const closed = await api().post(
      `/v1/drawer-sessions/${id}/close`,
      { counted: { amount: 0 } },
      fx.ownerToken,
    );
    expect(closed.status).toBe(200);
  });
});

describe('cash into the drawer, written with the payment', () => {
  /** The drawer movements and the payment ledger entries of a payment, as stored. */
  async function stored(paymentId: string) {
    const db = t.database.db;
    const payments = await db.selectFrom('payments').selectAll().where('id', '=', paymentId).execute();
    const movements = await db
      .selectFrom('drawer_movements')
      .selectAll()
      .where('payment_id', '=', paymentId)
      .execute();
    const entries = await db
      .selectFrom('ledger_entries')
      .select(['kind', 'drawer_session_id'])
      .where('payment_id', '=', paymentId)
      .execute();
    return { payments, movements, entries };
  }

  it('posts each cash payment once, into the open session its ledger entry names; refuses without one', async () => {
    const f = await createTenant(t.app, 'Till Café');
    const m = await seedPaymentMenu(t, f);
    await api().patch(`/v1/outlets/${f.outletId}/cash-settings`, { requireOpenSession: true }, f.ownerToken);

    // Required and none open: 422, and neither the payment nor a movement is left behind.
    const order = await createOrder(t, f, m, { drinks: 1 });
    const refusedId = newId();
    const refused = await api().post(
      `/v1/orders/${order.id}/payments`,
      { id: refusedId, method: 'cash', tendered: 2_000_000, completeOrder: true },
      f.ownerToken,
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'drawer.session_required',
      registerId: f.registerId,
    });
    expect(await stored(refusedId)).toEqual({ payments: [], movements: [], entries: [] });

    const opened = await api().post(
      '/v1/drawer-sessions',
      { registerId: f.registerId, float: { amount: 0 } },
      f.ownerToken,
    );
    expect(opened.status).toBe(201);
    const sessionId: string = opened.body.id;

    // Two steps (the order, then cash settling it) and one request (a sale): one movement each.
    const paid = await api().post(
      `/v1/orders/${order.id}/payments`,
      { id: refusedId, method: 'cash', tendered: 2_000_000, completeOrder: true },
      f.ownerToken,
    );
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    const sale = await api().post(
      '/v1/sales',
      {
        outletId: f.outletId,
        registerId: f.registerId,
        diningOption: 'takeaway',
        lines: [{ itemId: m.drink.id, variantId: m.drink.variants[0].id, quantity: 1 }],
        payments: [{ method: 'cash', tendered: 1_500_000 }],
      },
      f.ownerToken,
    );
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    for (const p of [paid.body, sale.body.payments[0]]) {
      const { payments, movements, entries } = await stored(p.id);
      expect(payments).toHaveLength(1);
      expect(movements).toEqual([
        expect.objectContaining({
          session_id: sessionId,
          kind: 'sale',
          amount: String(p.amount + p.rounding),
          tendered: String(p.tendered),
          change_given: String(p.change),
          payment_id: p.id,
          refund_id: null,
          order_id: p.orderId,
          actor: payments[0]!.created_by,
          created_at: payments[0]!.completed_at,
        }),
      ]);
      expect(entries).toEqual([{ kind: 'payment', drawer_session_id: sessionId }]);
    }
    const tie = await api().get(`/v1/drawer-sessions/${sessionId}/tie-out`, f.ownerToken);
    expect(tie.body).toMatchObject({ ok: true, movements: 1_358_000 * 2 });

    // A card payment is no drawer cash: no movement, no session on its entry.
    const cardOrder = await createOrder(t, f, m, { drinks: 1 });
    const card = await api().post(
      `/v1/orders/${cardOrder.id}/payments`,
      { method: 'card', card: { brand: 'visa', last4: '4242' } },
      f.ownerToken,
    );
    expect(card.status).toBe(201);
    const cardStored = await stored(card.body.id);
    expect(cardStored.movements).toEqual([]);
    expect(cardStored.entries).toEqual([{ kind: 'payment', drawer_session_id: null }]);
  });

  it('takes cash outside any drawer where the outlet allows it', async () => {
    const f = await createTenant(t.app, 'Loose Cash Café');
    const m = await seedPaymentMenu(t, f);
    const order = await createOrder(t, f, m, { drinks: 1 });
    const paid = await api().post(
      `/v1/orders/${order.id}/payments`,
      { method: 'cash', tendered: 2_000_000 },
      f.ownerToken,
    );
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    const { payments, movements, entries } = await stored(paid.body.id);
    expect(payments).toHaveLength(1);
    expect(movements).toEqual([]);
    expect(entries).toEqual([{ kind: 'payment', drawer_session_id: null }]);
  });
});

describe('official receipt numbers', () => {
  it('100 concurrent completions at one outlet get 100 distinct numbers without gaps', async () => {
    const f = await createTenant(t.app, 'Busy Café');
    const m = await seedPaymentMenu(t, f);
    const orders = [];
    for (let i = 0; i < 10; i++) {
      orders.push(
        ...(await Promise.all(Array.from({ length: 10 }, () => createOrder(t, f, m, { drinks: 1 })))),
      );
    }
    const paid = await Promise.all(
      orders.map((o) =>
        api().post(
          `/v1/orders/${o.id}/payments`,
          { method: 'card', card: { brand: 'visa', last4: '4242' }, completeOrder: true },
          f.ownerToken,
        ),
      ),
    );
    expect(paid.map((p) => p.status)).toEqual(orders.map(() => 201));
    const numbers = [];
    for (const o of orders) {
      numbers.push((await api().get(`/v1/orders/${o.id}`, f.ownerToken)).body.receiptNumber);
    }
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));

    // Completing by request (the order paid first) takes the next number too; a failed completion none.
    const late = await createOrder(t, f, m, { drinks: 1 });
    const unpaid = await api().post(`/v1/orders/${late.id}/complete`, {}, f.ownerToken);
    expect(unpaid.status).toBe(409);
    await api().post(
      `/v1/orders/${late.id}/payments`,
      { method: 'card', card: { brand: 'visa', last4: '4242' } },
      f.ownerToken,
    );
    const done = await api().post(`/v1/orders/${late.id}/complete`, {}, f.ownerToken);
    expect(done.status).toBe(200);
    expect(done.body.receiptNumber).toBe(101);
  });

  it('one open session per register, even when two open at once', async () => {
    const f = await createTenant(t.app, 'Race Café');
    const both = await Promise.all(
      [1, 2].map(() =>
        api().post('/v1/drawer-sessions', { registerId: f.registerId, float: { amount: 100 } }, f.ownerToken),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.body.code).toBe('drawer.session_already_open');
  });

  it('refuses a count whose denominations disagree with its amount', async () => {
    const f = await createTenant(t.app, 'Count Café');
    const res = await api().post(
      '/v1/drawer-sessions',
      { registerId: f.registerId, float: { amount: 100, denominations: [{ value: 50, count: 1 }] } },
      f.ownerToken,
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('drawer.count_mismatch');
    const twice = await api().post(
      '/v1/drawer-sessions',
      {
        registerId: f.registerId,
        float: {
          denominations: [
            { value: 50, count: 1 },
            { value: 50, count: 2 },
          ],
        },
      },
      f.ownerToken,
    );
    expect(twice.status).toBe(422);
    expect(twice.body.code).toBe('drawer.invalid');
  });

  it('numbers per register when the outlet says so; credit notes count on their own', async () => {
    const f = await createTenant(t.app, 'Two Tills');
    const m = await seedPaymentMenu(t, f);
    const second = await api().post('/v1/registers', { outletId: f.outletId, name: 'Kasir 2' }, f.ownerToken);
    await api().patch(
      `/v1/outlets/${f.outletId}/cash-settings`,
      { receiptNumbering: 'register' },
      f.ownerToken,
    );
    const sell = async (registerId: string) => {
      const r = await api().post(
        '/v1/sales',
        {
          outletId: f.outletId,
          registerId,
          diningOption: 'takeaway',
          lines: [{ itemId: m.snack.id, variantId: m.snack.variants[0].id, quantity: 1 }],
          payments: [{ method: 'cash', tendered: 500_000 }],
        },
        f.ownerToken,
      );
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    const a1 = await sell(f.registerId);
    const b1 = await sell(second.body.id);
    const a2 = await sell(f.registerId);
    expect([a1.order.receiptNumber, b1.order.receiptNumber, a2.order.receiptNumber]).toEqual([1, 1, 2]);
    const r1 = await api().post(
      `/v1/payments/${a2.payments[0].id}/refunds`,
      { amount: 100_000, reason: 'wrong item' },
      f.ownerToken,
    );
    expect(r1.status, JSON.stringify(r1.body)).toBe(201);
    expect(r1.body.creditNoteNumber).toBe(1);
  });
});
