import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver, type Received } from '../../../../test/support/webhook-receiver.ts';
import { hmacSha256Hex } from '../../../platform/crypto/secrets.ts';
import { REFUND_SETTLE_MS, startStripeSimulator, type StripeSimulator } from '../../../simulators/stripe.ts';
import {
  GatewayError,
  GatewayWebhookError,
  type GatewayCredentials,
  type GatewayNotification,
} from './gateway.ts';
import { createStripeAdapter } from './stripe.ts';
import { localOutbound } from '../../../../test/support/outbound.ts';

// Real HTTP end to end: adapter → simulator, simulator → a webhook receiver started here.

let sim: StripeSimulator;
let receiver: Receiver;
let creds: GatewayCredentials;
const adapter = createStripeAdapter({ timeoutMs: 2000, retryDelayMs: 5, request: localOutbound.request });

const parse = (r: Received, c = creds, now = new Date()): GatewayNotification =>
  adapter.parseWebhook(c, { headers: r.headers, rawBody: r.rawBody, now });
const typeOf = (r: Received) => (JSON.parse(r.rawBody.toString()) as { type: string }).type;
const charge = (paymentId = crypto.randomUUID(), extra: { paymentMethod?: string; amount?: number } = {}) =>
  adapter.createCharge(creds, {
    paymentId,
    amount: extra.amount ?? 2500,
    currency: 'USD',
    channel: 'card',
    description: 'Order #12',
    paymentMethod: extra.paymentMethod,
  });
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
  sim = await startStripeSimulator();
});

afterAll(async () => {
  await sim.close();
});

// A receiver and an account per test, so a late delivery from one test never lands in another's.
beforeEach(async () => {
  sim.behave({});
  receiver = await startReceiver('/webhooks/stripe');
  creds = sim.createAccount({ webhookUrl: receiver.url });
});

afterEach(async () => {
  await receiver.close();
});

describe('stripe adapter against the simulator', () => {
  it('creates a pending PaymentIntent that completes when the customer pays', async () => {
    const paymentId = crypto.randomUUID();
    const created = await charge(paymentId);
    expect(created).toMatchObject({ status: 'pending', gatewayStatus: 'requires_payment_method' });
    expect(created.ref).toMatch(/^pi_/);
    expect(created.clientSecret).toMatch(new RegExp(`^${created.ref}_secret_`));
    expect((await adapter.getStatus(creds, created.ref)).status).toBe('pending');

    await sim.pay(created.ref);
    const status = await adapter.getStatus(creds, created.ref);
    expect(status).toMatchObject({ status: 'completed', gatewayStatus: 'succeeded', amount: 2500 });
    expect(status).toMatchObject({ cardBrand: 'visa', cardLast4: '4242' });

    await receiver.waitFor(2);
    const notes = receiver.received.map((r) => parse(r));
    expect(notes[0]).toMatchObject({ kind: 'ignored', type: 'charge.succeeded' });
    expect(notes[1]).toMatchObject({ kind: 'payment', ref: created.ref, paymentId, status: 'completed' });
    expect(notes[1]?.eventId).toMatch(/^evt_/);
  });

  it('confirms at once with pm_card_visa', async () => {
    const created = await charge(undefined, { paymentMethod: 'pm_card_visa' });
    expect(created.status).toBe('completed');
  });

  it('maps a card decline (402 with the PaymentIntent) to a failed charge, not an error', async () => {
    const created = await charge(undefined, { paymentMethod: 'pm_card_chargeDeclined' });
    expect(created).toMatchObject({ status: 'failed', gatewayStatus: 'requires_payment_method' });
    expect(created.ref).toMatch(/^pi_/);
    const status = await adapter.getStatus(creds, created.ref);
    expect(status).toMatchObject({ status: 'failed', failureReason: 'generic_decline' });
    await receiver.waitFor(2);
    expect(parse(receiver.received[1]!)).toMatchObject({ kind: 'payment', status: 'failed' });
  });

  it('fails a pending intent from the simulator, and notifies it', async () => {
    const created = await charge();
    await sim.fail(created.ref);
    expect((await adapter.getStatus(creds, created.ref)).status).toBe('failed');
    expect(receiver.received.map((r) => parse(r).kind)).toContain('payment');
  });

  it('applies the outcome behaviour when no payment method distinguishes', async () => {
    sim.behave({ outcome: 'fail' });
    const declined = await charge(undefined, { paymentMethod: 'pm_card_mastercard' });
    expect(declined.status).toBe('failed');
    sim.behave({ outcome: 'succeed' });
    const paid = await charge();
    expect((await adapter.getStatus(creds, paid.ref)).status).toBe('completed');
  });

  it('cancels a pending intent; cancelling a paid one reports it as completed', async () => {
    const created = await charge();
    expect(await adapter.cancel(creds, created.ref)).toMatchObject({
      status: 'canceled',
      gatewayStatus: 'canceled',
    });
    const paid = await charge(undefined, { paymentMethod: 'pm_card_visa' });
    expect((await adapter.cancel(creds, paid.ref)).status).toBe('completed');
  });

  it('refunds: pending at first, completed by the refund.updated notification', async () => {
    const paymentId = crypto.randomUUID();
    const created = await charge(paymentId, { paymentMethod: 'pm_card_visa' });
    await receiver.waitFor(2);
    receiver.received.length = 0;
    const refundId = crypto.randomUUID();
    const refund = await adapter.refund(creds, {
      ref: created.ref,
      refundId,
      amount: 1000,
      currency: 'USD',
    });
    expect(refund).toMatchObject({ status: 'pending', gatewayStatus: 'pending' });
    expect(refund.refundRef).toMatch(/^re_/);

    await receiver.waitFor(2);
    expect(receiver.received.map(typeOf)).toEqual(['charge.refunded', 'refund.updated']);
    for (const r of receiver.received) {
      expect(parse(r)).toMatchObject({
        kind: 'refund',
        ref: created.ref,
        refundRef: refund.refundRef,
        refundId,
        status: 'completed',
        amount: 1000,
      });
    }
    expect(parse(receiver.received[0]!)).toMatchObject({ paymentId });

    // The same refund id again is replayed by Stripe, not refunded twice.
    const again = await adapter.refund(creds, { ref: created.ref, refundId, amount: 1000, currency: 'USD' });
    expect(again.refundRef).toBe(refund.refundRef);
    await expect(
      adapter.refund(creds, {
        ref: created.ref,
        refundId: crypto.randomUUID(),
        amount: 2000,
        currency: 'USD',
      }),
    ).rejects.toMatchObject({ kind: 'invalid_request' });
  });

  it('getRefundStatus retrieves the Refund: pending, then completed once it succeeded', async () => {
    const created = await charge(undefined, { paymentMethod: 'pm_card_visa' });
    await receiver.waitFor(2);
    const refundId = crypto.randomUUID();
    const started = Date.now();
    const refund = await adapter.refund(creds, { ref: created.ref, refundId, amount: 500, currency: 'USD' });
    const ask = () =>
      adapter.getRefundStatus(creds, { ref: created.ref, refundRef: refund.refundRef, refundId });
    const pending = { refundRef: refund.refundRef, status: 'pending', gatewayStatus: 'pending' };
    const succeeded = { refundRef: refund.refundRef, status: 'completed', gatewayStatus: 'succeeded' };
    const first = await ask();
    // The simulator's refund succeeds REFUND_SETTLE_MS after it was made: read before that, it is
    // pending for sure; read later (a slow machine), it may already have succeeded.
    expect(Date.now() - started >= REFUND_SETTLE_MS || first.status === 'pending').toBe(true);
    expect([pending, succeeded]).toContainEqual(first);
    await receiver.waitFor(4); // charge.refunded, refund.updated
    expect(await ask()).toEqual(succeeded);
  });

  it('getRefundStatus: an unknown refund is not_found, a wrong key auth', async () => {
    const created = await charge(undefined, { paymentMethod: 'pm_card_visa' });
    const req = { ref: created.ref, refundRef: 're_missing', refundId: crypto.randomUUID() };
    await expect(adapter.getRefundStatus(creds, req)).rejects.toMatchObject({
      kind: 'not_found',
      httpStatus: 404,
    });
    const refund = await adapter.refund(creds, { ...req, amount: 100, currency: 'USD' });
    const wrong = { ...creds, secretKey: 'sk_test_wrong' };
    await expect(
      adapter.getRefundStatus(wrong, { ...req, refundRef: refund.refundRef }),
    ).rejects.toMatchObject({ kind: 'auth', httpStatus: 401 });
    // Another account's refund does not exist for this one.
    const other = sim.createAccount();
    await expect(
      adapter.getRefundStatus(other, { ...req, refundRef: refund.refundRef }),
    ).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('replays a create with the same payment id (Idempotency-Key) instead of charging twice', async () => {
    const paymentId = crypto.randomUUID();
    const first = await charge(paymentId);
    const second = await charge(paymentId);
    expect(second.ref).toBe(first.ref);
    expect(sim.listPayments().filter((p) => p.reference === paymentId)).toHaveLength(1);
    expect(sim.requests.at(-1)).toMatchObject({ path: '/v1/payment_intents', replayed: true });
    // Same key, different parameters: Stripe refuses.
    await expect(charge(paymentId, { amount: 999 })).rejects.toMatchObject({ kind: 'invalid_request' });
  });

  it('retries 5xx on idempotent calls, and gives up after the bounded retries', async () => {
    sim.behave({ failNextRequests: 2 });
    const before = sim.requests.length;
    const paymentId = crypto.randomUUID();
    const created = await charge(paymentId);
    expect(sim.requests.slice(before).map((r) => r.status)).toEqual([500, 500, 200]);
    expect(sim.listPayments().filter((p) => p.reference === paymentId)).toHaveLength(1);
    expect(created.status).toBe('pending');

    sim.behave({ failNextRequests: 3 });
    await expect(adapter.getStatus(creds, created.ref)).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('times out when the gateway is slower than timeoutMs', async () => {
    sim.behave({ responseDelayMs: 300 });
    const slow = createStripeAdapter({ timeoutMs: 50, retries: 0, request: localOutbound.request });
    const err: unknown = await slow.getStatus(creds, 'pi_x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ kind: 'timeout', gateway: 'stripe' });
  });

  it('reports a wrong key as auth and an unknown intent as not_found', async () => {
    await expect(adapter.getStatus({ ...creds, secretKey: 'sk_test_wrong' }, 'pi_x')).rejects.toMatchObject({
      kind: 'auth',
      httpStatus: 401,
    });
    await expect(adapter.getStatus(creds, 'pi_missing')).rejects.toMatchObject({ kind: 'not_found' });
  });
});

describe('stripe webhooks', () => {
  const toReceived = (n: { headers: Record<string, string>; body: string }): Received => ({
    headers: n.headers,
    rawBody: Buffer.from(n.body),
  });

  it('verifies Stripe-Signature and rejects forged, stale, unsigned and malformed events', async () => {
    const paymentId = crypto.randomUUID();
    const created = await charge(paymentId, { paymentMethod: 'pm_card_visa' });
    const good = toReceived(sim.buildNotification(created.ref));
    expect(parse(good)).toMatchObject({ kind: 'payment', status: 'completed', paymentId, ref: created.ref });

    expect(
      rejection(() => parse(toReceived(sim.buildNotification(created.ref, { tamper: 'signature' })))),
    ).toBe('signature_invalid');
    expect(rejection(() => parse(toReceived(sim.buildNotification(created.ref, { tamper: 'stale' }))))).toBe(
      'timestamp_stale',
    );
    // The same genuine event, received 10 minutes after it was signed, is stale too.
    expect(rejection(() => parse(good, creds, new Date(Date.now() + 600_000)))).toBe('timestamp_stale');
    expect(rejection(() => parse({ headers: {}, rawBody: good.rawBody }))).toBe('signature_missing');
    expect(rejection(() => parse(good, { ...creds, webhookSecret: creds.secretKey }))).toBe(
      'signature_invalid',
    );

    const t = Math.floor(Date.now() / 1000);
    const body = '{"id":"evt_1",';
    const signed = `t=${t},v1=${hmacSha256Hex(creds.webhookSecret!, `${t}.${body}`)}`;
    expect(
      rejection(() => parse({ headers: { 'stripe-signature': signed }, rawBody: Buffer.from(body) })),
    ).toBe('malformed');
  });

  it('accepts any matching v1 (secret rotation) and ignores other event types', () => {
    const t = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id: 'evt_2', type: 'customer.created', data: { object: { id: 'cus_1' } } });
    const v1 = hmacSha256Hex(creds.webhookSecret!, `${t}.${body}`);
    const header = `t=${t},v1=${'0'.repeat(64)},v1=${v1}`;
    expect(parse({ headers: { 'stripe-signature': header }, rawBody: Buffer.from(body) })).toEqual({
      kind: 'ignored',
      eventId: 'evt_2',
      type: 'customer.created',
    });
  });

  it('verifies the exact bytes: a body that is not valid UTF-8 still matches its signature', () => {
    const t = Math.floor(Date.now() / 1000);
    // "caf\xe9" in Latin-1: decoding it as UTF-8 would change the bytes and break an HMAC over text.
    const raw = Buffer.concat([
      Buffer.from('{"id":"evt_3","type":"customer.created","data":{"object":{"id":"cus_'),
      Buffer.from([0x63, 0x61, 0x66, 0xe9]),
      Buffer.from('"}}}'),
    ]);
    const v1 = hmacSha256Hex(creds.webhookSecret!, Buffer.concat([Buffer.from(`${t}.`), raw]));
    expect(parse({ headers: { 'stripe-signature': `t=${t},v1=${v1}` }, rawBody: raw })).toMatchObject({
      kind: 'ignored',
      eventId: 'evt_3',
    });
  });

  it('sends duplicates with the same event id', async () => {
    sim.behave({ duplicates: 2 });
    const created = await charge();
    await sim.pay(created.ref);
    expect(receiver.received).toHaveLength(6);
    const ids = receiver.received.map((r) => parse(r).eventId);
    expect(new Set(ids).size).toBe(2);
    expect(ids.slice(0, 3).every((id) => id === ids[0])).toBe(true);
  });

  it('sends newest first when out of order, and nothing when silent', async () => {
    sim.behave({ outOfOrder: true });
    const created = await charge();
    await sim.pay(created.ref);
    expect(receiver.received.map(typeOf)).toEqual(['payment_intent.succeeded', 'charge.succeeded']);

    receiver.received.length = 0;
    sim.behave({ silent: true });
    const quiet = await charge();
    await sim.pay(quiet.ref);
    expect(receiver.received).toHaveLength(0);
    expect((await adapter.getStatus(creds, quiet.ref)).status).toBe('completed');
  });

  it('serves a demo page and JSON control routes', async () => {
    const created = await charge();
    const page = await fetch(`${sim.url}/`).then((r) => r.text());
    expect(page).toContain(created.ref);
    const res = await fetch(`${sim.url}/_sim/payments/${created.ref}/pay`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await adapter.getStatus(creds, created.ref)).status).toBe('completed');
    const again = await fetch(`${sim.url}/_sim/payments/${created.ref}/pay`, { method: 'POST' });
    expect(again.status).toBe(400);
    // The page's buttons are plain forms: answered with a redirect back to the page.
    const other = await charge();
    const form = await fetch(`${sim.url}/_sim/payments/${other.ref}/expire`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    expect((await adapter.getStatus(creds, other.ref)).status).toBe('canceled');
  });

  it('waits notifyDelayMs before each notification', async () => {
    sim.behave({ notifyDelayMs: 40 });
    const created = await charge();
    const started = Date.now();
    await sim.pay(created.ref);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    expect(receiver.received).toHaveLength(2);
  });
});
