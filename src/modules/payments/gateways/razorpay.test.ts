import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver, type Received } from '../../../../test/support/webhook-receiver.ts';
import { hmacSha256Hex, sha256Hex } from '../../../platform/crypto/secrets.ts';
import { startRazorpaySimulator, type RazorpaySimulator } from '../../../simulators/razorpay.ts';
import { SILENT_REFUND_SETTLE_MS } from '../../../simulators/razorpay-simulator-state.ts';
import {
  GatewayError,
  GatewayWebhookError,
  type GatewayCredentials,
  type GatewayNotification,
} from './gateway.ts';
import { createRazorpayAdapter, verifyRazorpayCheckoutSignature } from './razorpay.ts';
import { localOutbound } from '../../../../test/support/outbound.ts';

// Real HTTP end to end: adapter → simulator, simulator → a webhook receiver started here.

let sim: RazorpaySimulator;
let receiver: Receiver;
let creds: GatewayCredentials;
const adapter = createRazorpayAdapter({ timeoutMs: 2000, retryDelayMs: 5, request: localOutbound.request });

const parse = (r: Received, c = creds): GatewayNotification =>
  adapter.parseWebhook(c, { headers: r.headers, rawBody: r.rawBody, now: new Date() });
const eventOf = (r: Received) => (JSON.parse(r.rawBody.toString()) as { event: string }).event;
const toReceived = (n: { headers: Record<string, string>; body: string }): Received => ({
  headers: n.headers,
  rawBody: Buffer.from(n.body),
});
const charge = (paymentId = crypto.randomUUID(), channel = 'upi', amount = 49900) =>
  adapter.createCharge(creds, { paymentId, amount, currency: 'INR', channel });
const rejection = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof GatewayWebhookError) {
      return err.reason;
    }
    throw err;
  }
  return 'accepted';
};

beforeAll(async () => {
  sim = await startRazorpaySimulator();
});

afterAll(async () => {
  await sim.close();
});

// A receiver and an account per test, so a late delivery from one test never lands in another's.
beforeEach(async () => {
  sim.behave({});
  receiver = await startReceiver('/webhooks/razorpay');
  creds = sim.createAccount({ webhookUrl: receiver.url });
});

afterEach(async () => {
  await receiver.close();
});

describe('razorpay adapter against the simulator', () => {
  it('creates a pending order that completes when the customer pays', async () => {
    const paymentId = crypto.randomUUID();
    const created = await charge(paymentId);
    expect(created).toMatchObject({ status: 'pending', gatewayStatus: 'created' });
    expect(created.ref).toMatch(/^order_/);
    expect(await adapter.getStatus(creds, created.ref)).toMatchObject({ status: 'pending' });

    await sim.pay(created.ref);
    const status = await adapter.getStatus(creds, created.ref);
    expect(status).toMatchObject({ status: 'completed', gatewayStatus: 'captured', amount: 49900 });
    expect(status.gatewayPaymentId).toMatch(/^pay_/);

    expect(receiver.received.map(eventOf)).toEqual(['payment.captured', 'order.paid']);
    for (const r of receiver.received) {
      const n = parse(r);
      expect(n).toMatchObject({
        kind: 'payment',
        ref: created.ref,
        paymentId,
        status: 'completed',
        gatewayPaymentId: status.gatewayPaymentId,
      });
      expect(n.eventId).toBe(r.headers['x-razorpay-event-id']);
    }
  });

  it('reports card details for card payments', async () => {
    const created = await charge(undefined, 'card');
    await sim.pay(created.ref);
    expect(await adapter.getStatus(creds, created.ref)).toMatchObject({
      cardBrand: 'Visa',
      cardLast4: '1111',
    });
  });

  it('reports a failed attempt as failed, and notifies payment.failed', async () => {
    const created = await charge();
    await sim.fail(created.ref);
    const status = await adapter.getStatus(creds, created.ref);
    expect(status).toMatchObject({ status: 'failed', failureReason: 'Payment was declined by the bank.' });
    expect(parse(receiver.received[0]!)).toMatchObject({
      kind: 'payment',
      status: 'failed',
      ref: created.ref,
    });
    // The customer may try again on the same order, and then it is paid.
    await sim.pay(created.ref);
    expect((await adapter.getStatus(creds, created.ref)).status).toBe('completed');
  });

  it('cannot cancel an order: cancel reports its current state', async () => {
    const created = await charge();
    expect(await adapter.cancel(creds, created.ref)).toMatchObject({ status: 'pending' });
    await sim.pay(created.ref);
    expect(await adapter.cancel(creds, created.ref)).toMatchObject({ status: 'completed' });
  });

  it('refunds by payment id (looked up from the order) and notifies refund.processed', async () => {
    const paymentId = crypto.randomUUID();
    const created = await charge(paymentId);
    await sim.pay(created.ref);
    receiver.received.length = 0;
    const refundId = crypto.randomUUID();
    const refund = await adapter.refund(creds, {
      ref: created.ref,
      refundId,
      amount: 10000,
      currency: 'INR',
    });
    expect(refund).toMatchObject({ status: 'completed', gatewayStatus: 'processed' });
    expect(refund.refundRef).toMatch(/^rfnd_/);

    await receiver.waitFor(1);
    expect(parse(receiver.received[0]!)).toMatchObject({
      kind: 'refund',
      ref: created.ref,
      paymentId,
      refundId,
      refundRef: refund.refundRef,
      status: 'completed',
      amount: 10000,
    });

    // X-Refund-Idempotency: the same refund id is answered with the same refund.
    const again = await adapter.refund(creds, { ref: created.ref, refundId, amount: 10000, currency: 'INR' });
    expect(again.refundRef).toBe(refund.refundRef);
    await expect(
      adapter.refund(creds, {
        ref: created.ref,
        refundId: crypto.randomUUID(),
        amount: 49900,
        currency: 'INR',
      }),
    ).rejects.toMatchObject({ kind: 'invalid_request' });
  });

  it('getRefundStatus fetches the refund: processed at once, or pending then processed when silent', async () => {
    const created = await charge();
    await sim.pay(created.ref);
    const { gatewayPaymentId } = await adapter.getStatus(creds, created.ref);
    const refundOf = (amount: number) =>
      adapter.refund(creds, {
        ref: created.ref,
        gatewayPaymentId,
        refundId: crypto.randomUUID(),
        amount,
        currency: 'INR',
      });
    const ask = (refundRef: string, byPayment = true) =>
      adapter.getRefundStatus(creds, {
        ref: created.ref,
        ...(byPayment ? { gatewayPaymentId } : {}),
        refundRef,
        refundId: crypto.randomUUID(),
      });
    const processed = (refundRef: string) => ({ refundRef, status: 'completed', gatewayStatus: 'processed' });

    const direct = await refundOf(10000);
    // GET /v1/payments/{pay_…}/refunds/{rfnd_…}, and GET /v1/refunds/{rfnd_…} without the payment id.
    expect(await ask(direct.refundRef)).toEqual(processed(direct.refundRef));
    expect(await ask(direct.refundRef, false)).toEqual(processed(direct.refundRef));

    sim.behave({ silent: true });
    const started = Date.now();
    const quiet = await refundOf(5000);
    expect(quiet).toMatchObject({ status: 'pending', gatewayStatus: 'pending' });
    const first = await ask(quiet.refundRef);
    // Processed SILENT_REFUND_SETTLE_MS after it was made: a read before that sees it pending.
    expect(Date.now() - started >= SILENT_REFUND_SETTLE_MS || first.status === 'pending').toBe(true);
    const pending = { refundRef: quiet.refundRef, status: 'pending', gatewayStatus: 'pending' };
    expect([pending, processed(quiet.refundRef)]).toContainEqual(first);
    await new Promise((r) => setTimeout(r, SILENT_REFUND_SETTLE_MS + 30));
    expect(await ask(quiet.refundRef)).toEqual(processed(quiet.refundRef));
    expect(await ask(quiet.refundRef, false)).toEqual(processed(quiet.refundRef));
    expect(receiver.received.filter((r) => r.rawBody.includes(quiet.refundRef))).toHaveLength(0);
  });

  it("getRefundStatus: an unknown refund (or another payment's) is not_found, a wrong key auth", async () => {
    const [a, b] = [await charge(), await charge()];
    await sim.pay(a.ref);
    await sim.pay(b.ref);
    const idA = (await adapter.getStatus(creds, a.ref)).gatewayPaymentId;
    const idB = (await adapter.getStatus(creds, b.ref)).gatewayPaymentId;
    const refund = await adapter.refund(creds, {
      ref: a.ref,
      gatewayPaymentId: idA,
      refundId: crypto.randomUUID(),
      amount: 100,
      currency: 'INR',
    });
    const req = {
      ref: a.ref,
      gatewayPaymentId: idA,
      refundRef: 'rfnd_missing',
      refundId: crypto.randomUUID(),
    };
    await expect(adapter.getRefundStatus(creds, req)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(
      adapter.getRefundStatus(creds, { ref: a.ref, refundRef: 'rfnd_missing', refundId: req.refundId }),
    ).rejects.toMatchObject({ kind: 'not_found' });
    await expect(
      adapter.getRefundStatus(creds, { ...req, gatewayPaymentId: idB, refundRef: refund.refundRef }),
    ).rejects.toMatchObject({ kind: 'not_found' });
    await expect(
      adapter.getRefundStatus({ ...creds, secretKey: 'wrong' }, { ...req, refundRef: refund.refundRef }),
    ).rejects.toMatchObject({ kind: 'auth', httpStatus: 401 });
  });

  it('never retries an order create (no idempotency key), and says so with a GatewayError', async () => {
    sim.behave({ failNextRequests: 1 });
    const before = sim.requests.length;
    const paymentId = crypto.randomUUID();
    const err: unknown = await charge(paymentId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ kind: 'unavailable', httpStatus: 500 });
    const creates = sim.requests.slice(before).filter((r) => r.method === 'POST' && r.path === '/v1/orders');
    expect(creates).toHaveLength(1);
    // It looked the order up by receipt (in case only the answer was lost) and found none.
    expect(sim.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toContain('GET /v1/orders');
    expect(sim.listPayments().filter((p) => p.reference === paymentId)).toHaveLength(0);
  });

  it('retries idempotent calls (status, refund) through 5xx', async () => {
    const created = await charge();
    sim.behave({ failNextRequests: 2 });
    const before = sim.requests.length;
    expect((await adapter.getStatus(creds, created.ref)).status).toBe('pending');
    expect(sim.requests.slice(before).map((r) => r.status)).toEqual([500, 500, 200]);
    sim.behave({ failNextRequests: 3 });
    await expect(adapter.getStatus(creds, created.ref)).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('times out when the gateway is slower than timeoutMs', async () => {
    sim.behave({ responseDelayMs: 300 });
    const slow = createRazorpayAdapter({ timeoutMs: 50, retries: 0, request: localOutbound.request });
    await expect(slow.getStatus(creds, 'order_x')).rejects.toMatchObject({
      kind: 'timeout',
      gateway: 'razorpay',
    });
  });

  it('maps wrong keys to auth, unknown ids to not_found, and too small amounts to invalid_request', async () => {
    await expect(adapter.getStatus({ ...creds, secretKey: 'wrong' }, 'order_x')).rejects.toMatchObject({
      kind: 'auth',
      httpStatus: 401,
    });
    await expect(adapter.getStatus(creds, 'order_missing')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(charge(undefined, 'upi', 50)).rejects.toMatchObject({ kind: 'invalid_request' });
  });
});

describe('razorpay webhooks', () => {
  it('verifies X-Razorpay-Signature with the webhook secret, never the key secret', async () => {
    const created = await charge();
    await sim.pay(created.ref);
    const good = toReceived(sim.buildNotification(created.ref));
    expect(parse(good)).toMatchObject({ kind: 'payment', status: 'completed', ref: created.ref });

    expect(
      rejection(() => parse(toReceived(sim.buildNotification(created.ref, { tamper: 'signature' })))),
    ).toBe('signature_invalid');
    const keySigned = {
      ...good.headers,
      'x-razorpay-signature': hmacSha256Hex(creds.secretKey, good.rawBody.toString()),
    };
    expect(rejection(() => parse({ headers: keySigned, rawBody: good.rawBody }))).toBe('signature_invalid');
    expect(rejection(() => parse({ headers: {}, rawBody: good.rawBody }))).toBe('signature_missing');

    const body = '{"event":"payment.captured",';
    const signed = { 'x-razorpay-signature': hmacSha256Hex(creds.webhookSecret!, body) };
    expect(rejection(() => parse({ headers: signed, rawBody: Buffer.from(body) }))).toBe('malformed');
  });

  it("has no timestamp: a 'stale' event is a correctly signed replay, accepted with the old event id", async () => {
    const created = await charge();
    await sim.pay(created.ref);
    const first = receiver.received[0]!;
    const stale = toReceived(sim.buildNotification(created.ref, { tamper: 'stale' }));
    expect(parse(stale).eventId).toBe(parse(first).eventId);
    // Without the event id header, the id is derived from the body, so a replay still dedupes.
    const { ['x-razorpay-event-id']: _dropped, ...headers } = stale.headers;
    expect(parse({ headers, rawBody: stale.rawBody }).eventId).toBe(
      `sha256:${sha256Hex(stale.rawBody.toString())}`,
    );
  });

  it('sends duplicates with the same event id, and newest first when out of order', async () => {
    sim.behave({ duplicates: 1 });
    const created = await charge();
    await sim.pay(created.ref);
    const ids = receiver.received.map((r) => parse(r).eventId);
    expect(ids).toHaveLength(4);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[3]);
    expect(ids[0]).not.toBe(ids[2]);

    receiver.received.length = 0;
    sim.behave({ outOfOrder: true });
    const other = await charge();
    await sim.pay(other.ref);
    expect(receiver.received.map(eventOf)).toEqual(['order.paid', 'payment.captured']);
  });

  it('verifies the Checkout signature against the stored order id with the key secret', async () => {
    const created = await charge();
    const sig = hmacSha256Hex(creds.secretKey, `${created.ref}|pay_ABC`);
    expect(verifyRazorpayCheckoutSignature(creds.secretKey, created.ref, 'pay_ABC', sig)).toBe(true);
    expect(verifyRazorpayCheckoutSignature(creds.secretKey, 'order_other', 'pay_ABC', sig)).toBe(false);
    expect(verifyRazorpayCheckoutSignature(creds.webhookSecret!, created.ref, 'pay_ABC', sig)).toBe(false);
  });

  it('serves a demo page and JSON control routes', async () => {
    const created = await charge();
    expect(await fetch(`${sim.url}/`).then((r) => r.text())).toContain(created.ref);
    const res = await fetch(`${sim.url}/_sim/payments/${created.ref}/pay`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await adapter.getStatus(creds, created.ref)).status).toBe('completed');
  });
});
