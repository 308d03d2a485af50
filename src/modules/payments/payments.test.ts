import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids/ids.ts';
import {
  addStaff,
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { createOrder, seedPaymentMenu, type PaymentMenu } from '../../../test/support/payments.ts';

let t: TestApp;
let fx: TenantFixture;
let menu: PaymentMenu;

beforeAll(async () => {
  t = await createTestApp();
  fx = await createTenant(t.app, 'Pay Café');
  menu = await seedPaymentMenu(t, fx);
});
afterAll(async () => {
  await t.close();
});

const api = () => client(t.app);

async function ledgerOk(f: TenantFixture = fx) {
  const check = await api().get('/v1/ledger/check', f.ownerToken);
  expect(check.status).toBe(200);
  expect(check.body.orderMismatches).toEqual([]);
  expect(check.body.ok).toBe(true);
  return check.body;
}

describe('cash and card payments', () => {
  it('takes cash with change, marks the order paid and posts a balanced entry', async () => {
    const o = await createOrder(t, fx, menu, { drinks: 2 });
    // 2 × 12,345.00 = 24,690.00 + PB1 10% = 2,469.00 → 27,159.00
    expect(o.total).toBe(2_715_900);
    const paid = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'cash', tendered: 3_000_000 },
      fx.ownerToken,
    );
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({
      method: 'cash',
      status: 'completed',
      amount: 2_715_900,
      tendered: 3_000_000,
      change: 284_100,
      cashRounding: 0,
    });
    const order = (await api().get(`/v1/orders/${o.id}`, fx.ownerToken)).body;
    expect(order).toMatchObject({ paymentStatus: 'paid', paidAmount: 2_715_900, balanceAmount: 0 });
    const entries = (await api().get(`/v1/orders/${o.id}/ledger`, fx.ownerToken)).body.items;
    expect(entries).toHaveLength(1);
    expect(entries[0].lines).toEqual([
      { account: 'cash_drawer', debit: 2_715_900, credit: 0 },
      { account: 'customer_deposits', debit: 0, credit: 2_715_900 },
    ]);
    const done = await api().post(`/v1/orders/${o.id}/complete`, {}, fx.ownerToken);
    expect(done.status).toBe(200);
    const after = (await api().get(`/v1/orders/${o.id}/ledger`, fx.ownerToken)).body.items;
    expect(after[1]).toMatchObject({ kind: 'sale' });
    expect(after[1].lines).toEqual([
      { account: 'customer_deposits', debit: 2_715_900, credit: 0 },
      { account: 'sales', debit: 0, credit: 2_469_000 },
      { account: 'tax_payable', debit: 0, credit: 246_900 },
    ]);
    await ledgerOk();
  });

  it('splits tender: a deposit in cash, the rest by card with a tip; the order completes with the last one', async () => {
    const o = await createOrder(t, fx, menu, { drinks: 1, snacks: 2 });
    // 12,345.00 + 1,234.50 tax + 2 × 5,000.00 = 23,579.50
    expect(o.total).toBe(2_357_950);
    const deposit = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'cash', amount: 1_000_000, tendered: 1_000_000 },
      fx.ownerToken,
    );
    expect(deposit.body).toMatchObject({ status: 'completed', amount: 1_000_000, change: 0 });
    let order = (await api().get(`/v1/orders/${o.id}`, fx.ownerToken)).body;
    expect(order).toMatchObject({
      paymentStatus: 'partial',
      paidAmount: 1_000_000,
      balanceAmount: 1_357_950,
    });
    // Up to the balance rounded up to whole rupiah (Rp13,580) settles it; a sen more is too much.
    const tooMuch = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'card', amount: 1_358_001, card: { brand: 'visa', last4: '4242' } },
      fx.ownerToken,
    );
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('payments.amount_exceeds_balance');
    const card = await api().post(
      `/v1/orders/${o.id}/payments`,
      {
        method: 'card',
        tipAmount: 200_000,
        card: { brand: 'visa', last4: '4242', approvalCode: 'A1B2C3' },
        completeOrder: true,
      },
      fx.ownerToken,
    );
    expect(card.status).toBe(201);
    // The terminal charges whole rupiah: Rp13,579.50 settles as Rp13,580 (+ the tip), 50 sen rounding.
    expect(card.body).toMatchObject({
      amount: 1_357_950,
      rounding: 50,
      cashRounding: 0,
      tipAmount: 200_000,
      card: { brand: 'visa', last4: '4242', approvalCode: 'A1B2C3' },
    });
    order = (await api().get(`/v1/orders/${o.id}`, fx.ownerToken)).body;
    expect(order).toMatchObject({ status: 'completed', paymentStatus: 'paid', balanceAmount: 0 });
    const again = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'cash', tendered: 100 },
      fx.ownerToken,
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('payments.order_not_payable');
    await ledgerOk();
  });

  it('rounds a cash settlement to the cash increment and books the rounding on its own line', async () => {
    const f = await createTenant(t.app, 'Rounding Café');
    const m = await seedPaymentMenu(t, f);
    await api().patch('/v1/tenant', { cashRoundingIncrement: 10_000 }, f.ownerToken);
    const o = await createOrder(t, f, m, { drinks: 1 });
    expect(o.total).toBe(1_357_950); // Rp13,579.50 → cash Rp13,600
    const short = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'cash', amount: 1_357_950, tendered: 1_350_000 },
      f.ownerToken,
    );
    expect(short.status).toBe(422);
    expect(short.body.code).toBe('payments.tendered_insufficient');
    const paid = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'cash', tendered: 2_000_000 },
      f.ownerToken,
    );
    expect(paid.body).toMatchObject({ amount: 1_357_950, cashRounding: 2_050, change: 640_000 });
    const entry = (await api().get(`/v1/orders/${o.id}/ledger`, f.ownerToken)).body.items[0];
    expect(entry.lines).toEqual([
      { account: 'cash_drawer', debit: 1_360_000, credit: 0 },
      { account: 'customer_deposits', debit: 0, credit: 1_357_950 },
      { account: 'cash_rounding', debit: 0, credit: 2_050 },
    ]);
    await ledgerOk(f);
  });

  it('charges once for a double submit: same key replays, a second key finds nothing left to pay', async () => {
    const o = await createOrder(t, fx, menu, { drinks: 1 });
    const key = newId();
    const body = { method: 'card', card: { brand: 'mastercard', last4: '1111' } };
    const [a, b] = await Promise.all([
      api().post(`/v1/orders/${o.id}/payments`, body, fx.ownerToken, { 'idempotency-key': key }),
      api().post(`/v1/orders/${o.id}/payments`, body, fx.ownerToken, { 'idempotency-key': key }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    const other = await api().post(`/v1/orders/${o.id}/payments`, body, fx.ownerToken, {
      'idempotency-key': newId(),
    });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('payments.nothing_to_pay');
    const list = (await api().get(`/v1/orders/${o.id}/payments`, fx.ownerToken)).body.items;
    expect(list).toHaveLength(1);
    // The same client id twice is one payment, too.
    const o2 = await createOrder(t, fx, menu, { drinks: 1 });
    const id = newId();
    const first = await api().post(
      `/v1/orders/${o2.id}/payments`,
      { ...body, id, amount: 100 },
      fx.ownerToken,
    );
    const second = await api().post(
      `/v1/orders/${o2.id}/payments`,
      { ...body, id, amount: 100 },
      fx.ownerToken,
    );
    expect(first.status).toBe(201);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('payments.already_exists');
  });

  it('refuses bad tenders with clear errors and writes nothing', async () => {
    const o = await createOrder(t, fx, menu, { drinks: 1 });
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ method: 'cash' }, 422, 'payments.invalid'],
      [{ method: 'cash', tendered: 5_000_000, tipAmount: 100 }, 422, 'payments.invalid'],
      [{ method: 'card' }, 422, 'payments.invalid'],
      [{ method: 'card', card: { brand: 'visa', last4: '42' } }, 400, 'request.invalid'],
      [{ method: 'cash', tendered: 1.5 }, 400, 'request.invalid'],
      [{ method: 'cash', tendered: '100' }, 400, 'request.invalid'],
      [{ method: 'bitcoin' }, 400, 'request.invalid'],
      [{ method: 'gateway', gateway: 'stripe' }, 409, 'payments.gateway_not_configured'],
    ];
    for (const [body, status, code] of cases) {
      const res = await api().post(`/v1/orders/${o.id}/payments`, body, fx.ownerToken);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.code).toBe(code);
    }
    expect((await api().get(`/v1/orders/${o.id}/payments`, fx.ownerToken)).body.items).toEqual([]);
    const unknown = await api().post(
      `/v1/orders/${newId()}/payments`,
      { method: 'cash', tendered: 1 },
      fx.ownerToken,
    );
    expect(unknown.status).toBe(404);
  });

  it("keeps tenants apart: another tenant's order, payment and refund are 404s", async () => {
    const other = await createTenant(t.app, 'Other Café');
    const o = await createOrder(t, fx, menu, { drinks: 1 });
    const p = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'cash', tendered: 5_000_000 },
      fx.ownerToken,
    );
    expect(
      (await api().post(`/v1/orders/${o.id}/payments`, { method: 'cash', tendered: 1 }, other.ownerToken))
        .status,
    ).toBe(404);
    expect((await api().get(`/v1/payments/${p.body.id}`, other.ownerToken)).status).toBe(404);
    expect((await api().get(`/v1/orders/${o.id}/ledger`, other.ownerToken)).status).toBe(404);
    const r = await api().post(
      `/v1/payments/${p.body.id}/refunds`,
      { amount: 1, reason: 'x' },
      other.ownerToken,
    );
    expect(r.status).toBe(404);
    const tb = (await api().get('/v1/ledger/trial-balance', other.ownerToken)).body;
    expect(tb.accounts).toEqual([]);
  });
});

describe('refunds', () => {
  it('refunds part by amount, then by lines, never past what was paid; fees reverse exactly', async () => {
    const o = await createOrder(t, fx, menu, { drinks: 1, snacks: 3 });
    const p = (
      await api().post(
        `/v1/orders/${o.id}/payments`,
        { method: 'card', card: { brand: 'visa', last4: '4242' }, completeOrder: true },
        fx.ownerToken,
      )
    ).body;
    const snackLine = o.lines[1]!;
    const byLines = await api().post(
      `/v1/payments/${p.id}/refunds`,
      { lines: [{ lineId: snackLine.id, quantity: 1, restock: true }], reason: 'stale kerupuk' },
      fx.ownerToken,
    );
    expect(byLines.status).toBe(201);
    expect(byLines.body).toMatchObject({ status: 'completed', amount: 500_000, afterCompletion: true });
    expect(byLines.body.lines).toEqual([
      { lineId: snackLine.id, quantity: 1, amount: 500_000, restock: true },
    ]);
    const tooMany = await api().post(
      `/v1/payments/${p.id}/refunds`,
      { lines: [{ lineId: snackLine.id, quantity: 3 }], reason: 'x' },
      fx.ownerToken,
    );
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.code).toBe('refunds.quantity_exceeds_line');
    const over = await api().post(
      `/v1/payments/${p.id}/refunds`,
      { amount: p.amount, reason: 'x' },
      fx.ownerToken,
    );
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('payments.refund_exceeds_refundable');
    const rest = await api().post(
      `/v1/payments/${p.id}/refunds`,
      { amount: p.amount - 500_000, reason: 'all of it' },
      fx.ownerToken,
    );
    expect(rest.status).toBe(201);
    const after = (await api().get(`/v1/payments/${p.id}`, fx.ownerToken)).body;
    expect(after).toMatchObject({ refundedAmount: p.amount, refundableAmount: 0 });
    const order = (await api().get(`/v1/orders/${o.id}`, fx.ownerToken)).body;
    expect(order).toMatchObject({ status: 'completed', paidAmount: 0, balanceAmount: 0 });
    await ledgerOk();
  });

  it('needs payments:refund or a manager approval for exactly this payment', async () => {
    const cashier = await addStaff(t.app, fx, 'cashier');
    const manager = await addStaff(t.app, fx, 'manager', { pin: '8642' });
    const o = await createOrder(t, fx, menu, { drinks: 1 });
    const p = (
      await api().post(`/v1/orders/${o.id}/payments`, { method: 'cash', tendered: 5_000_000 }, cashier.token)
    ).body;
    const denied = await api().post(
      `/v1/payments/${p.id}/refunds`,
      { amount: 1000, reason: 'wrong drink' },
      cashier.token,
    );
    expect(denied.status).toBe(403);
    expect(denied.body.approvalRequired).toBe(true);
    const approval = await api().post(
      '/v1/approvals',
      {
        approverId: manager.membershipId,
        pin: '8642',
        permission: 'payments:refund',
        targetType: 'payment',
        targetId: p.id,
      },
      cashier.token,
    );
    expect(approval.status).toBe(201);
    const ok = await api().post(
      `/v1/payments/${p.id}/refunds`,
      { amount: 1000, reason: 'wrong drink', approvalId: approval.body.approvalId },
      cashier.token,
    );
    expect(ok.status).toBe(201);
    // Before completion a refund gives the deposit back: the balance reopens.
    const order = (await api().get(`/v1/orders/${o.id}`, fx.ownerToken)).body;
    expect(order).toMatchObject({ paymentStatus: 'partial', balanceAmount: 1000 });
    await ledgerOk();
  });

  it('50 concurrent refunds of one payment never exceed what was paid', async () => {
    const o = await createOrder(t, fx, menu, { drinks: 1 });
    const p = (
      await api().post(
        `/v1/orders/${o.id}/payments`,
        { method: 'card', card: { brand: 'visa', last4: '4242' } },
        fx.ownerToken,
      )
    ).body;
    // Each asks for 1/20 of the payment: at most 20 fit.
    const piece = Math.floor(p.amount / 20);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        api().post(`/v1/payments/${p.id}/refunds`, { amount: piece, reason: 'race' }, fx.ownerToken),
      ),
    );
    const ok = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(ok).toHaveLength(20);
    for (const r of refused) {
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('payments.refund_exceeds_refundable');
    }
    const after = (await api().get(`/v1/payments/${p.id}`, fx.ownerToken)).body;
    expect(after.refundedAmount).toBe(piece * 20);
    expect(after.refundedAmount).toBeLessThanOrEqual(p.amount);
    await ledgerOk();
  });
});
