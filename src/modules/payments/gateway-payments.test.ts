import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids/ids.ts';
import {
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { localOutbound } from '../../../test/support/outbound.ts';
import { startSimulators, type Simulators } from '../../simulators/index.ts';
import { createGatewayRegistry, type GatewayCredentials, type GatewayName } from './gateways/index.ts';
import { createOrder, seedPaymentMenu, type PaymentMenu } from '../../../test/support/payments.ts';
import { pollUntil } from '../../../test/support/poll.ts';

let t: TestApp;
let sims: Simulators;
let fx: TenantFixture;
let menu: PaymentMenu;
let baseUrl: string;
const creds = {} as Record<GatewayName, GatewayCredentials>;
const CHANNEL: Record<GatewayName, string> = {
  stripe: 'card',
  midtrans: 'qris',
  razorpay: 'upi',
  xendit: 'qris',
};
const GATEWAYS: GatewayName[] = ['stripe', 'midtrans', 'razorpay', 'xendit'];

beforeAll(async () => {
  t = await createTestApp({
    config: { outboundAllowPrivate: true }, // the simulators listen on 127.0.0.1
    payments: {
      gateway: { timeoutMs: 300, retries: 1, retryDelayMs: 10 },
      poller: { pollAfterMs: 0, everyMs: 0 },
    },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  sims = await startSimulators();
  fx = await createTenant(t.app, 'Gateway Café');
  menu = await seedPaymentMenu(t, fx);
  for (const g of GATEWAYS) {
    creds[g] = sims[g].createAccount({ webhookUrl: `${baseUrl}/v1/payments/webhooks/${g}/${fx.tenantId}` });
    const res = await api().call('PUT', `/v1/payment-gateways/${g}`, {
      token: fx.ownerToken,
      body: { ...creds[g] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
});
afterAll(async () => {
  await t.close();
  await sims.close();
});

const api = () => client(t.app);

/** An order in whole rupiah (Indonesian gateways take no sen) and a gateway payment for all of it. */
async function pendingPayment(gateway: GatewayName, extra: Record<string, unknown> = {}) {
  const o = await createOrder(t, fx, menu, { drinks: 0, snacks: 2 });
  const res = await api().post(
    `/v1/orders/${o.id}/payments`,
    { method: 'gateway', gateway, channel: CHANNEL[gateway], ...extra },
    fx.ownerToken,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return {
    order: o,
    payment: res.body as { id: string; gatewayRef: string; status: string; amount: number },
  };
}

async function payment(id: string) {
  return (await api().get(`/v1/payments/${id}`, fx.ownerToken)).body;
}

/** Everything a notification could change: the payment, its order, the ledger, the event log. */
async function snapshot(paymentId: string, orderId: string) {
  const [p, o, ledger, events] = await Promise.all([
    payment(paymentId),
    api().get(`/v1/orders/${orderId}`, fx.ownerToken),
    api().get(`/v1/orders/${orderId}/ledger`, fx.ownerToken),
    api().get('/v1/events?after=0&limit=1000', fx.ownerToken),
  ]);
  return {
    payment: { status: p.status, updatedAt: p.updatedAt },
    order: { version: o.body.version, paid: o.body.paidAmount },
    entries: ledger.body.items.length,
    events: events.body.items.length,
  };
}

describe('a QRIS sale end to end through Midtrans', () => {
  it('shows the QR, the customer scans and pays, the notification (confirmed with the status API) completes it', async () => {
    const { order, payment: p } = await pendingPayment('midtrans', { completeOrder: true });
    expect(p).toMatchObject({
      status: 'pending',
      method: 'gateway',
      gateway: 'midtrans',
      channel: 'qris',
      amount: 1_000_000,
    });
    expect((p as unknown as { qrString: string }).qrString).toMatch(/^000201/);
    const svg = await api().get(`/v1/payments/${p.id}/qr.svg`, fx.ownerToken);
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(String(svg.body)).toContain('<svg');
    const png = await t.app.inject({
      url: `/v1/payments/${p.id}/qr.png`,
      headers: { authorization: `Bearer ${fx.ownerToken}` },
    });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    // Pending gateway payments hold the balance: no second payment can take it meanwhile.
    const other = await api().post(
      `/v1/orders/${order.id}/payments`,
      { method: 'cash', tendered: 9_999_999 },
      fx.ownerToken,
    );
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('payments.nothing_to_pay');

    await sims.midtrans.pay(p.gatewayRef);
    const done = await pollUntil(
      () => payment(p.id),
      (x) => x.status === 'completed',
    );
    expect(done).toMatchObject({ status: 'completed', gatewayStatus: 'settlement' });
    const o = (await api().get(`/v1/orders/${order.id}`, fx.ownerToken)).body;
    // completeOrder was asked for: the notification's transaction completed the order and posted the sale.
    expect(o).toMatchObject({
      status: 'completed',
      paymentStatus: 'paid',
      paidAmount: 1_000_000,
      balanceAmount: 0,
    });
    const entries = (await api().get(`/v1/orders/${order.id}/ledger`, fx.ownerToken)).body.items;
    expect(entries[0].lines[0]).toEqual({ account: 'gateway_clearing', debit: 1_000_000, credit: 0 });
    const events = (await api().get('/v1/events?after=0&limit=1000', fx.ownerToken)).body;
    const types = events.items
      .filter((e: { orderId: string }) => e.orderId === order.id)
      .map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['payment.created', 'payment.completed']));
    expect((await api().get('/v1/ledger/check', fx.ownerToken)).body.ok).toBe(true);
  });
});

describe('Indonesian gateways take whole rupiah', () => {
  it('a QRIS part with sen is refused (422) and writes nothing; settling a balance with sen asks for whole rupiah', async () => {
    const o = await createOrder(t, fx, menu, { drinks: 1 }); // Rp13,579.50
    for (const gateway of ['midtrans', 'xendit'] as const) {
      const res = await api().post(
        `/v1/orders/${o.id}/payments`,
        { method: 'gateway', gateway, channel: 'qris', amount: 1_000_050 },
        fx.ownerToken,
      );
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('payments.gateway_rejected');
    }
    expect((await api().get(`/v1/orders/${o.id}/payments`, fx.ownerToken)).body.items).toEqual([]);
    // A whole-rupiah part of it can go by QRIS, and so can the rest: Rp279.50 is charged as Rp280.
    const part = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'gateway', gateway: 'midtrans', channel: 'qris', amount: 1_330_000 },
      fx.ownerToken,
    );
    expect(part.status).toBe(201);
    expect(part.body.status).toBe('pending');
    const rest = await api().post(
      `/v1/orders/${o.id}/payments`,
      { method: 'gateway', gateway: 'xendit', channel: 'qris' },
      fx.ownerToken,
    );
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ status: 'pending', amount: 27_950, rounding: 50 });
  });
});

describe('a Stripe card sale', () => {
  it('confirms with a card at once, then refunds through Stripe asynchronously', async () => {
    const { order, payment: p } = await pendingPayment('stripe', {
      paymentMethod: 'pm_card_visa',
      tipAmount: 100_000,
    });
    expect(p.status).toBe('completed');
    expect((p as unknown as { gatewayRef: string }).gatewayRef).toMatch(/^pi_/);
    const o = (await api().get(`/v1/orders/${order.id}`, fx.ownerToken)).body;
    expect(o).toMatchObject({ paymentStatus: 'paid', balanceAmount: 0 });
    const refund = await api().post(
      `/v1/payments/${p.id}/refunds`,
      { amount: 400_000, reason: 'cold coffee' },
      fx.ownerToken,
    );
    expect(refund.status).toBe(201);
    expect(refund.body.status).toBe('pending');
    const held = await payment(p.id);
    expect(held).toMatchObject({ refundPendingAmount: 400_000, refundableAmount: 600_000 });
    const done = await pollUntil(
      () => api().get(`/v1/refunds/${refund.body.id}`, fx.ownerToken),
      (r) => r.body.status === 'completed',
    );
    expect(done.body).toMatchObject({ status: 'completed', amount: 400_000 });
    expect(await payment(p.id)).toMatchObject({ refundedAmount: 400_000, refundPendingAmount: 0 });
    expect((await api().get('/v1/ledger/check', fx.ownerToken)).body.ok).toBe(true);
  });

  it('a refund whose notification never comes is completed by the status poller', async () => {
    const { payment: p } = await pendingPayment('stripe', { paymentMethod: 'pm_card_visa' });
    sims.stripe.behave({ silent: true });
    try {
      const refund = await api().post(
        `/v1/payments/${p.id}/refunds`,
        { amount: 250_000, reason: 'late' },
        fx.ownerToken,
      );
      expect(refund.body.status).toBe('pending');
      await new Promise((r) => setTimeout(r, 50));
      expect((await api().get(`/v1/refunds/${refund.body.id}`, fx.ownerToken)).body.status).toBe('pending');
      await t.app.payments.poller.pollOnce();
      const after = (await api().get(`/v1/refunds/${refund.body.id}`, fx.ownerToken)).body;
      expect(after).toMatchObject({ status: 'completed', gatewayStatus: 'succeeded' });
      expect(await payment(p.id)).toMatchObject({ refundedAmount: 250_000, refundPendingAmount: 0 });
    } finally {
      sims.stripe.behave({});
    }
  });

  it('a declined card fails the payment and frees the balance', async () => {
    const { order, payment: p } = await pendingPayment('stripe', { paymentMethod: 'pm_card_chargeDeclined' });
    expect(p.status).toBe('failed');
    const o = (await api().get(`/v1/orders/${order.id}`, fx.ownerToken)).body;
    expect(o).toMatchObject({ paymentStatus: 'unpaid', balanceAmount: order.total });
  });

  it('a gateway timeout writes nothing; retrying with the same payment id charges once', async () => {
    const o = await createOrder(t, fx, menu, { drinks: 0, snacks: 1 });
    const id = newId();
    sims.stripe.behave({ responseDelayMs: 700 });
    const slow = await api().post(
      `/v1/orders/${o.id}/payments`,
      { id, method: 'gateway', gateway: 'stripe', paymentMethod: 'pm_card_visa' },
      fx.ownerToken,
    );
    sims.stripe.behave({});
    expect(slow.status).toBe(504);
    expect(slow.body.code).toBe('payments.gateway_timeout');
    expect((await api().get(`/v1/payments/${id}`, fx.ownerToken)).status).toBe(404);
    const retry = await api().post(
      `/v1/orders/${o.id}/payments`,
      { id, method: 'gateway', gateway: 'stripe', paymentMethod: 'pm_card_visa' },
      fx.ownerToken,
    );
    expect(retry.status).toBe(201);
    expect(retry.body.status).toBe('completed');
    const charges = (sims.stripe as unknown as { listPayments(): Array<{ reference: string }> })
      .listPayments()
      .filter((x) => x.reference === id);
    expect(charges).toHaveLength(1);
  });
});

describe('Razorpay Checkout', () => {
  it("confirms a checkout only with a signature over the stored order id and Razorpay's own status", async () => {
    sims.razorpay.behave({ silent: true });
    try {
      const { order, payment: p } = await pendingPayment('razorpay');
      await sims.razorpay.pay(p.gatewayRef);
      const status = await createGatewayRegistry({ request: localOutbound.request }).razorpay.getStatus(
        creds.razorpay,
        p.gatewayRef,
      );
      const payId = status.gatewayPaymentId!;
      const sign = (orderId: string) =>
        createHmac('sha256', creds.razorpay.secretKey).update(`${orderId}|${payId}`).digest('hex');
      const url = `/v1/payments/${p.id}/razorpay-checkout`;
      // Signed for another order (what a browser could send), or with the webhook secret: refused.
      for (const razorpaySignature of [
        sign('order_someoneelse'),
        createHmac('sha256', creds.razorpay.webhookSecret!).update(`${p.gatewayRef}|${payId}`).digest('hex'),
      ]) {
        const bad = await api().post(url, { razorpayPaymentId: payId, razorpaySignature }, fx.ownerToken);
        expect(bad.status).toBe(401);
        expect(bad.body.code).toBe('payments.checkout_signature_invalid');
      }
      expect((await payment(p.id)).status).toBe('pending');
      const ok = await api().post(
        url,
        { razorpayPaymentId: payId, razorpaySignature: sign(p.gatewayRef) },
        fx.ownerToken,
      );
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ status: 'completed', gatewayPaymentId: payId });
      expect((await api().get(`/v1/orders/${order.id}`, fx.ownerToken)).body.paymentStatus).toBe('paid');
    } finally {
      sims.razorpay.behave({});
    }
  });
});

describe.each(GATEWAYS)('%s notifications', (gateway) => {
  it('valid: completes the payment once; a duplicate changes nothing', async () => {
    const { order, payment: p } = await pendingPayment(gateway);
    await sims[gateway].pay(p.gatewayRef);
    await pollUntil(
      () => payment(p.id),
      (x) => x.status === 'completed',
    );
    const before = await snapshot(p.id, order.id);
    expect(before.payment.status).toBe('completed');
    const last = sims[gateway].sent.filter((s) => s.status === 200).at(-1)!;
    const again = await sims[gateway].deliver(last.notification);
    expect(again).toBe(200);
    expect(await snapshot(p.id, order.id)).toEqual(before);
  });

  it('forged: refused with 401 and nothing changes', async () => {
    const { order, payment: p } = await pendingPayment(gateway);
    const before = await snapshot(p.id, order.id);
    const forged = sims[gateway].buildNotification(p.gatewayRef, {
      tamper: 'signature',
      ...(gateway === 'xendit' ? { status: 'SUCCEEDED' } : {}),
    });
    const res = await t.app.inject({
      method: 'POST',
      url: new URL(forged.url).pathname,
      headers: forged.headers,
      payload: forged.body,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toMatch(/^payments\.webhook_signature_(invalid|missing)$/);
    expect(await snapshot(p.id, order.id)).toEqual(before);
  });

  it('stale: refused (Stripe timestamp) or a no-op (an older state), never undoing the outcome', async () => {
    const { order, payment: p } = await pendingPayment(gateway);
    await sims[gateway].pay(p.gatewayRef);
    await pollUntil(
      () => payment(p.id),
      (x) => x.status === 'completed',
    );
    const before = await snapshot(p.id, order.id);
    const stale = sims[gateway].buildNotification(p.gatewayRef, { tamper: 'stale' });
    const res = await t.app.inject({
      method: 'POST',
      url: new URL(stale.url).pathname,
      headers: stale.headers,
      payload: stale.body,
    });
    if (gateway === 'stripe') {
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('payments.webhook_timestamp_stale');
    } else {
      expect(res.statusCode).toBe(200);
      expect(['duplicate', 'stale', 'same_state']).toContain(res.json().outcome);
    }
    expect(await snapshot(p.id, order.id)).toEqual(before);
  });

  it('out of order: the final state wins whatever arrives last', async () => {
    sims[gateway].behave({ outOfOrder: true });
    try {
      const { payment: p } = await pendingPayment(gateway);
      await sims[gateway].pay(p.gatewayRef);
      if (gateway === 'xendit') {
        // Xendit's simulator holds the payment callback back until a refund's callback has gone
        // out: the poller completes the payment, then the refund's callback arrives first.
        await t.app.payments.poller.pollOnce();
        const r = await api().post(
          `/v1/payments/${p.id}/refunds`,
          { amount: 100_000, reason: 'ooo' },
          fx.ownerToken,
        );
        expect(r.status).toBe(201);
        const refund = await pollUntil(
          () => api().get(`/v1/refunds/${r.body.id}`, fx.ownerToken),
          (x) => x.body.status === 'completed',
        );
        expect(refund.body.status).toBe('completed');
      }
      const done = await pollUntil(
        () => payment(p.id),
        (x) => x.status === 'completed',
      );
      expect(done.status).toBe('completed');
      await new Promise((r) => setTimeout(r, 100));
      expect((await payment(p.id)).status).toBe('completed');
      expect((await api().get('/v1/ledger/check', fx.ownerToken)).body.ok).toBe(true);
    } finally {
      sims[gateway].behave({});
    }
  });

  it('unknown payment: 404 so the gateway retries; nothing changes', async () => {
    const adapter = createGatewayRegistry({ request: localOutbound.request })[gateway];
    const foreign = await adapter.createCharge(creds[gateway], {
      paymentId: newId(),
      amount: 1_000_000,
      currency: 'IDR',
      channel: CHANNEL[gateway],
    });
    const tb = (await api().get('/v1/ledger/trial-balance', fx.ownerToken)).body;
    const sentBefore = sims[gateway].sent.length;
    // The gateway redelivers each 404; a short schedule (default 50 + 200 + 800 ms) keeps it quick.
    sims[gateway].behave({ retryDelaysMs: [1, 1, 1] });
    try {
      await sims[gateway].pay(foreign.ref);
    } finally {
      sims[gateway].behave({});
    }
    // Stripe also sends event types Kasir ignores (acknowledged with 200); the payment events are 404s.
    const about = sims[gateway].sent
      .slice(sentBefore)
      .filter((x) => x.notification.body.includes(foreign.ref))
      .filter((x) => gateway !== 'stripe' || x.notification.body.includes('"payment_intent.'));
    expect(about.length).toBeGreaterThan(3); // delivered, then redelivered three times
    for (const x of about) {
      expect(x.status).toBe(404);
    }
    expect((await api().get('/v1/ledger/trial-balance', fx.ownerToken)).body).toEqual(tb);
  });

  it('no notification: the status poller finds the outcome', async () => {
    sims[gateway].behave({ silent: true });
    try {
      const { payment: p } = await pendingPayment(gateway);
      await sims[gateway].pay(p.gatewayRef);
      expect((await payment(p.id)).status).toBe('pending');
      await t.app.payments.poller.pollOnce();
      expect((await payment(p.id)).status).toBe('completed');
    } finally {
      sims[gateway].behave({});
    }
  });
});

describe('gateway accounts and the webhook endpoint', () => {
  it('never returns secrets, and another tenant cannot use or see them', async () => {
    const list = await api().get('/v1/payment-gateways', fx.ownerToken);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(creds.stripe.secretKey);
    expect(JSON.stringify(list.body)).not.toContain(creds.stripe.webhookSecret!);
    const other = await createTenant(t.app, 'No Gateway Café');
    expect((await api().get('/v1/payment-gateways', other.ownerToken)).body).toEqual({
      items: [],
      nextCursor: null,
    });
    // A genuine notification sent to another tenant's URL is checked with that tenant's (absent) keys.
    const { payment: p } = await pendingPayment('stripe');
    const n = sims.stripe.buildNotification(p.gatewayRef, {});
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/payments/webhooks/stripe/${other.tenantId}`,
      headers: n.headers,
      payload: n.body,
    });
    expect(res.statusCode).toBe(404);
    const stored = await t.database.db
      .selectFrom('payment_gateway_accounts')
      .select('secrets_sealed')
      .execute();
    for (const s of stored) {
      expect(s.secrets_sealed).not.toContain(creds.stripe.secretKey);
    }
  });

  it('answers junk with 4xx problems', async () => {
    const url = `/v1/payments/webhooks/stripe/${fx.tenantId}`;
    for (const payload of ['', 'not json', '{"id":1}', '\u0000']) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    expect((await t.app.inject({ method: 'POST', url: '/v1/payments/webhooks/paypal/x' })).statusCode).toBe(
      400,
    );
    const big = await t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload: 'x'.repeat(300_000),
    });
    expect(big.statusCode).toBe(413);
  });
});
