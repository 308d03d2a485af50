import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { startSimulators, type Simulators } from '../../simulators/index.ts';
import { SILENT_REFUND_SETTLE_MS } from '../../simulators/midtrans-state.ts';
import type { GatewayName } from './gateways/index.ts';
import { createOrder, seedPaymentMenu, type PaymentMenu } from '../../../test/support/payments.ts';
import { pollUntil } from '../../../test/support/poll.ts';

/**
 * Rupiah in practice (issue 9.7): IDR is kept in sen, but nobody pays sen. A bill whose tax gives it
 * sen (Rp13,579.50) can be split and paid by any tender — Midtrans/Xendit QRIS, card, cash — in
 * any order, through the real HTTP API, the gateway simulators and their signed notifications.
 */

let t: TestApp;
let sims: Simulators;
let fx: TenantFixture;
let menu: PaymentMenu;

beforeAll(async () => {
  t = await createTestApp({
    config: { outboundAllowPrivate: true }, // the simulators listen on 127.0.0.1
    payments: {
      gateway: { timeoutMs: 1_000, retries: 1, retryDelayMs: 10 },
      poller: { pollAfterMs: 0, everyMs: 0 },
    },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  sims = await startSimulators();
  fx = await createTenant(t.app, 'Warung Rupiah');
  menu = await seedPaymentMenu(t, fx);
  for (const g of ['midtrans', 'xendit'] as const) {
    const creds = sims[g].createAccount({
      webhookUrl: `${baseUrl}/v1/payments/webhooks/${g}/${fx.tenantId}`,
    });
    const res = await api().call('PUT', `/v1/payment-gateways/${g}`, {
      token: fx.ownerToken,
      body: { ...creds },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
});
afterAll(async () => {
  await t.close();
  await sims.close();
});

const api = () => client(t.app);
const CARD = { brand: 'visa', last4: '4242' };

async function ledgerOk() {
  const check = await api().get('/v1/ledger/check', fx.ownerToken);
  expect(check.body.orderMismatches).toEqual([]);
  expect(check.body.ok).toBe(true);
}

/** Pays one part by QRIS at `gateway`; the customer scans, the signed notification completes it. */
async function payByQris(gateway: GatewayName, orderId: string, amount: number, completeOrder = false) {
  const res = await api().post(
    `/v1/orders/${orderId}/payments`,
    { method: 'gateway', gateway, channel: 'qris', amount, completeOrder },
    fx.ownerToken,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await sims[gateway].pay(res.body.gatewayRef);
  const done = await pollUntil(
    () => api().get(`/v1/payments/${res.body.id}`, fx.ownerToken),
    (p) => p.body.status === 'completed',
  );
  expect(done.body.status).toBe('completed');
  return done.body;
}

async function splitInThree(orderId: string) {
  const res = await api().get(`/v1/orders/${orderId}/split-evenly?parts=3`, fx.ownerToken);
  expect(res.status).toBe(200);
  return res.body as { balanceAmount: number; increment: number; parts: number[]; rounding: number };
}

describe('splitting a rupiah bill with sen', () => {
  it('gives whole-rupiah parts that cover the bill; the rounding is under Rp1', async () => {
    const o = await createOrder(t, fx, menu, { drinks: 1 });
    expect(o.total).toBe(1_357_950); // Rp12,345 + PB1 10% = Rp13,579.50
    // Without cash rounding set, cash still counts whole rupiah: the order says what cash pays.
    const order = (await api().get(`/v1/orders/${o.id}`, fx.ownerToken)).body;
    expect(order.cash).toEqual({ total: 1_358_000, roundingAdjustment: 50 });
    const split = await splitInThree(o.id);
    expect(split).toEqual({
      orderId: o.id,
      balanceAmount: 1_357_950,
      increment: 100,
      parts: [452_700, 452_700, 452_600], // Rp4,527 + Rp4,527 + Rp4,526 = Rp13,580
      rounding: 50,
    });
    for (const part of split.parts) {
      expect(part % 100).toBe(0);
    }
  });

  it('each part is paid by Midtrans QRIS, card and cash; the last settles with the 50 sen; the books tie out', async () => {
    const o = await createOrder(t, fx, menu, { drinks: 1 });
    const [a, b, c] = (await splitInThree(o.id)).parts as [number, number, number];
    const qris = await payByQris('midtrans', o.id, a);
    expect(qris).toMatchObject({ amount: 452_700, rounding: 0 });
    const card = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'card', amount: b, card: CARD },
      fx.ownerToken,
    );
    expect(card.body).toMatchObject({ status: 'completed', amount: 452_700, rounding: 0 });
    // Rp4,526.50 is left; the last part asks Rp4,526 — in cash, rounded half-up: Rp4,527.
    const cash = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'cash', amount: c, tendered: 500_000, completeOrder: true },
      fx.ownerToken,
    );
    expect(cash.status, JSON.stringify(cash.body)).toBe(201);
    expect(cash.body).toMatchObject({ amount: 452_550, tendered: 500_000, change: 47_400, rounding: 50 });
    const order = (await api().get(`/v1/orders/${o.id}`, fx.ownerToken)).body;
    expect(order).toMatchObject({
      status: 'completed',
      paymentStatus: 'paid',
      paidAmount: 1_357_950,
      balanceAmount: 0,
    });
    await ledgerOk();
  });

  it('paid in another order, QRIS last: Midtrans charges whole rupiah and the notification completes the order', async () => {
    const o = await createOrder(t, fx, menu, { drinks: 1 });
    const [a, b, c] = (await splitInThree(o.id)).parts as [number, number, number];
    const cash = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'cash', amount: a, tendered: a },
      fx.ownerToken,
    );
    expect(cash.body).toMatchObject({ status: 'completed', amount: 452_700, change: 0, rounding: 0 });
    const card = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'card', amount: b, card: CARD },
      fx.ownerToken,
    );
    expect(card.status).toBe(201);
    // Rp4,526.50 left: the QRIS for the last part (Rp4,526) settles it; the customer is charged
    // Rp4,527 (Midtrans takes no sen), the 50 sen are the payment's rounding.
    const qris = await payByQris('midtrans', o.id, c, true);
    expect(qris).toMatchObject({ amount: 452_550, rounding: 50, gatewayStatus: 'settlement' });
    const order = (await api().get(`/v1/orders/${o.id}`, fx.ownerToken)).body;
    expect(order).toMatchObject({ status: 'completed', paymentStatus: 'paid', balanceAmount: 0 });
    const entries = (await api().get(`/v1/orders/${o.id}/ledger`, fx.ownerToken)).body.items as Array<{
      paymentId: string | null;
      lines: unknown[];
    }>;
    expect(entries.find((e) => e.paymentId === qris.id)?.lines).toEqual([
      { account: 'gateway_clearing', debit: 452_600, credit: 0 },
      { account: 'customer_deposits', debit: 0, credit: 452_550 },
      { account: 'payment_rounding', debit: 0, credit: 50 },
    ]);
    await ledgerOk();

    // Refunded in full, the customer gets back the whole Rp4,526 Midtrans took (a sen refund is refused there).
    const refund = await api().post(
      `/v1/payments/${qris.id}/refunds`,
      { amount: 452_550, reason: 'wrong table' },
      fx.ownerToken,
    );
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect(refund.body).toMatchObject({ amount: 452_550, rounding: 50 });
    await new Promise((r) => setTimeout(r, SILENT_REFUND_SETTLE_MS + 30));
    await t.app.payments.poller.pollOnce();
    const after = (await api().get(`/v1/refunds/${refund.body.id}`, fx.ownerToken)).body;
    expect(after.status).toBe('completed');
    await ledgerOk();
  });

  it('the rest of the balance by Xendit QRIS, without naming an amount, is charged in whole rupiah', async () => {
    const o = await createOrder(t, fx, menu, { drinks: 1 });
    const [a] = (await splitInThree(o.id)).parts as [number];
    await api().post(`/v1/orders/${o.id}/payments`, { method: 'card', amount: a, card: CARD }, fx.ownerToken);
    const res = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'gateway', gateway: 'xendit', channel: 'qris', completeOrder: true },
      fx.ownerToken,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ amount: 905_250, rounding: 50 }); // Rp9,052.50 → Rp9,053
    await sims.xendit.pay(res.body.gatewayRef);
    const order = await pollUntil(
      () => api().get(`/v1/orders/${o.id}`, fx.ownerToken),
      (r) => r.body.status === 'completed',
    );
    expect(order.body).toMatchObject({ status: 'completed', paymentStatus: 'paid', balanceAmount: 0 });
    await ledgerOk();
  });

  it('refuses more than the balance rounded up to whole rupiah, and an explicit part with sen still goes exact', async () => {
    const o = await createOrder(t, fx, menu, { drinks: 1 });
    const over = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'card', amount: 1_358_100, card: CARD },
      fx.ownerToken,
    );
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('payments.amount_exceeds_balance');
    // A part payment with sen is exact (a card terminal may take it; Midtrans refuses it, as before).
    const sen = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'gateway', gateway: 'midtrans', channel: 'qris', amount: 100_050 },
      fx.ownerToken,
    );
    expect(sen.status).toBe(422);
    expect(sen.body.code).toBe('payments.gateway_rejected');
  });
});

describe('what the register shows: GET /v1/orders/:id/amount-due', () => {
  it('gives the card/QRIS due and the cash due in whole rupiah, and quick cash tenders', async () => {
    const o = await createOrder(t, fx, menu, { drinks: 1 });
    const due = await api().get(`/v1/orders/${o.id}/amount-due`, fx.ownerToken);
    expect(due.status).toBe(200);
    expect(due.body).toEqual({
      orderId: o.id,
      currency: 'IDR',
      balanceAmount: 1_357_950,
      pendingAmount: 0,
      payableAmount: 1_357_950,
      increment: 100,
      cashIncrement: 100,
      card: { due: 1_358_000, rounding: 50 },
      cash: {
        due: 1_358_000,
        rounding: 50,
        quickTenders: [1_400_000, 1_500_000, 2_000_000, 5_000_000, 10_000_000],
      },
    });
    // A QRIS part waiting for the customer holds its amount.
    const pending = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'gateway', gateway: 'midtrans', channel: 'qris', amount: 500_000 },
      fx.ownerToken,
    );
    expect(pending.body.status).toBe('pending');
    const held = (await api().get(`/v1/orders/${o.id}/amount-due`, fx.ownerToken)).body;
    expect(held).toMatchObject({ pendingAmount: 500_000, payableAmount: 857_950, card: { due: 858_000 } });
    // Paying what it says settles the order.
    const cash = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'cash', tendered: held.cash.quickTenders[0] },
      fx.ownerToken,
    );
    expect(cash.body).toMatchObject({
      amount: 857_950,
      rounding: 50,
      change: held.cash.quickTenders[0] - 858_000,
    });
  });
});

describe('the practical increment is a tenant setting', () => {
  it('defaults from the currency, can be changed, and cash rounding must be a multiple of it', async () => {
    const f = await createTenant(t.app, 'Warung Ratusan');
    const m = await seedPaymentMenu(t, f);
    const tenant = await api().get('/v1/tenant', f.ownerToken);
    expect(tenant.body).toMatchObject({ currency: 'IDR', practicalIncrement: 100, cashRoundingIncrement: 0 });

    const set = await api().patch('/v1/tenant', { practicalIncrement: 10_000 }, f.ownerToken);
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.practicalIncrement).toBe(10_000);
    const o = await createOrder(t, f, m, { drinks: 1 });
    const split = (await api().get(`/v1/orders/${o.id}/split-evenly?parts=3`, f.ownerToken)).body;
    // In Rp100 steps: Rp13,600 = 4,600 + 4,500 + 4,500.
    expect(split).toMatchObject({ increment: 10_000, parts: [460_000, 450_000, 450_000], rounding: 2_050 });

    const bad = await api().patch('/v1/tenant', { cashRoundingIncrement: 5_000 }, f.ownerToken);
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'tenants.invalid' });
    expect((await api().patch('/v1/tenant', { cashRoundingIncrement: 50_000 }, f.ownerToken)).status).toBe(
      200,
    );
    const clash = await api().patch('/v1/tenant', { practicalIncrement: 30_000 }, f.ownerToken);
    expect(clash.status).toBe(422);
    for (const value of [0, -100, 100_000_001, 1.5]) {
      expect((await api().patch('/v1/tenant', { practicalIncrement: value }, f.ownerToken)).status).toBe(400);
    }

    const reset = await api().patch('/v1/tenant', { practicalIncrement: null }, f.ownerToken);
    expect(reset.status).toBe(200);
    expect(reset.body.practicalIncrement).toBe(100);
  });
});
