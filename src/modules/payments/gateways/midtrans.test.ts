import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver, type Received } from '../../../../test/support/webhook-receiver.ts';
import { SILENT_REFUND_SETTLE_MS } from '../../../simulators/midtrans-state.ts';
import { startMidtransSimulator } from '../../../simulators/midtrans.ts';
import type { GatewaySimulator } from '../../../simulators/simulator.ts';
import {
  GatewayError,
  GatewayWebhookError,
  type GatewayCredentials,
  type GatewayNotification,
} from './gateway.ts';
import { createMidtransAdapter } from './midtrans.ts';
import { localOutbound } from '../../../../test/support/outbound.ts';

const QRIS_PATTERN = /^000201010212.*6304[0-9A-F]{4}$/;

describe('Midtrans adapter against the simulator', () => {
  let sim: GatewaySimulator;
  let receiver: Receiver;
  let creds: GatewayCredentials;
  const adapter = createMidtransAdapter({ timeoutMs: 2000, retryDelayMs: 5, request: localOutbound.request });
  const parse = (r: Received): GatewayNotification =>
    adapter.parseWebhook(creds, { headers: r.headers, rawBody: r.rawBody, now: new Date() });
  const charge = (channel = 'qris', amount = 100_000, extra: Record<string, unknown> = {}) =>
    adapter.createCharge(creds, { paymentId: randomUUID(), amount, currency: 'IDR', channel, ...extra });

  beforeAll(async () => {
    sim = await startMidtransSimulator();
    receiver = await startReceiver();
    creds = sim.createAccount({ webhookUrl: `${receiver.url}/hook` });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });
  beforeEach(() => {
    sim.behave({});
    receiver.received.length = 0;
  });

  it('charges QRIS: pending, a QRIS string, a QR image and an expiry', async () => {
    const res = await charge('qris', 100_000, { expiresInSeconds: 600 });
    expect(res.status).toBe('pending');
    expect(res.gatewayStatus).toBe('pending');
    expect(res.qrString).toMatch(QRIS_PATTERN);
    expect(res.gatewayPaymentId).toMatch(/^[0-9a-f-]{36}$/);
    const expiresIn = Date.parse(res.expiresAt!) - Date.now();
    expect(expiresIn).toBeGreaterThan(590_000);
    expect(expiresIn).toBeLessThan(610_000);
    const image = await fetch(res.actionUrl!);
    expect(image.headers.get('content-type')).toBe('image/png');
  });

  it('charges GoPay (deeplink), ShopeePay and QRIS via ShopeePay', async () => {
    const gopay = await charge('gopay');
    expect(gopay.actionUrl).toMatch(/^gojek:\/\//);
    const shopee = await charge('shopeepay');
    expect(shopee.actionUrl).toContain('shopee');
    const qrisShopee = await charge('qris_shopeepay');
    expect(qrisShopee.qrString).toContain('ID.CO.SHOPEE.WWW');
  });

  it('refuses non-IDR, odd amounts and unknown channels before calling Midtrans', async () => {
    const bad = [
      adapter.createCharge(creds, { paymentId: randomUUID(), amount: 100, currency: 'USD', channel: 'qris' }),
      adapter.createCharge(creds, { paymentId: randomUUID(), amount: 0, currency: 'IDR', channel: 'qris' }),
      adapter.createCharge(creds, { paymentId: randomUUID(), amount: 100, currency: 'IDR', channel: 'card' }),
    ];
    for (const p of bad) {
      await expect(p).rejects.toMatchObject({ kind: 'invalid_request' });
    }
  });

  it('pay → settlement: status completed, pending then settlement notifications', async () => {
    const res = await charge('qris', 25_000);
    await sim.pay(res.ref);
    const status = await adapter.getStatus(creds, res.ref);
    expect(status).toMatchObject({ status: 'completed', gatewayStatus: 'settlement', amount: 25_000 });
    const got = await receiver.waitForMatching(2, res.ref);
    const parsed = got.map(parse);
    expect(parsed.map((n) => n.kind === 'payment' && n.status)).toEqual(['pending', 'completed']);
    expect(parsed[1]).toMatchObject({ ref: res.ref, paymentId: res.ref, amount: 25_000 });
  });

  it('fail → deny and expire → expire map to failed', async () => {
    const a = await charge();
    await sim.fail(a.ref);
    expect(await adapter.getStatus(creds, a.ref)).toMatchObject({
      status: 'failed',
      failureReason: 'denied',
    });
    const b = await charge();
    await sim.expire(b.ref);
    expect(await adapter.getStatus(creds, b.ref)).toMatchObject({
      status: 'failed',
      failureReason: 'expired',
    });
  });

  it('cancels a pending charge; cancelling a paid one reports it paid', async () => {
    const a = await charge();
    expect(await adapter.cancel(creds, a.ref)).toMatchObject({ status: 'canceled', gatewayStatus: 'cancel' });
    const b = await charge();
    await sim.pay(b.ref);
    expect(await adapter.cancel(creds, b.ref)).toMatchObject({
      status: 'completed',
      gatewayStatus: 'settlement',
    });
  });

  it('refunds partially then fully, idempotent by refund_key, and notifies each refund', async () => {
    const res = await charge('qris', 100_000);
    await sim.pay(res.ref);
    const refund = (refundId: string, amount: number) =>
      adapter.refund(creds, { ref: res.ref, refundId, amount, currency: 'IDR', reason: 'customer' });
    const first = randomUUID();
    expect(await refund(first, 30_000)).toEqual({
      refundRef: first,
      status: 'completed',
      gatewayStatus: 'partial_refund',
    });
    // A retried refund with the same key is the same refund, not a second one.
    expect(await refund(first, 30_000)).toMatchObject({ refundRef: first, status: 'completed' });
    await expect(refund(randomUUID(), 80_000)).rejects.toMatchObject({ kind: 'invalid_request' });
    const second = randomUUID();
    expect(await refund(second, 70_000)).toMatchObject({ refundRef: second, gatewayStatus: 'refund' });
    expect(await adapter.getStatus(creds, res.ref)).toMatchObject({
      status: 'completed',
      gatewayStatus: 'refund',
    });

    const refunds = (await receiver.waitForMatching(4, res.ref))
      .map(parse)
      .filter((n) => n.kind === 'refund');
    expect(refunds).toEqual([
      expect.objectContaining({ refundId: first, amount: 30_000, paymentId: res.ref, status: 'completed' }),
      expect.objectContaining({ refundId: second, amount: 70_000, gatewayStatus: 'refund' }),
    ]);
    expect(refunds[0]!.eventId).not.toBe(refunds[1]!.eventId);
  });

  it('getRefundStatus finds a refund in the status refunds[]: completed when listed, pending before', async () => {
    const res = await charge('qris', 100_000);
    await sim.pay(res.ref);
    const refund = (refundId: string, amount: number) =>
      adapter.refund(creds, { ref: res.ref, refundId, amount, currency: 'IDR' });
    const ask = (refundRef: string) =>
      adapter.getRefundStatus(creds, { ref: res.ref, refundRef, refundId: refundRef });
    const direct = randomUUID();
    await refund(direct, 30_000);
    expect(await ask(direct)).toEqual({
      refundRef: direct,
      status: 'completed',
      gatewayStatus: 'partial_refund',
    });

    // Silent: accepted ("201") but not done; completes SILENT_REFUND_SETTLE_MS later, unnotified.
    sim.behave({ silent: true });
    const quiet = randomUUID();
    const started = Date.now();
    expect(await refund(quiet, 70_000)).toEqual({
      refundRef: quiet,
      status: 'pending',
      gatewayStatus: 'partial_refund',
    });
    const first = await ask(quiet);
    expect(Date.now() - started >= SILENT_REFUND_SETTLE_MS || first.status === 'pending').toBe(true);
    expect([
      { refundRef: quiet, status: 'pending', gatewayStatus: 'partial_refund' },
      { refundRef: quiet, status: 'completed', gatewayStatus: 'refund' },
    ]).toContainEqual(first);
    await new Promise((r) => setTimeout(r, SILENT_REFUND_SETTLE_MS + 30));
    expect(await ask(quiet)).toEqual({ refundRef: quiet, status: 'completed', gatewayStatus: 'refund' });
    // Its retry now answers the finished refund; nothing was notified about it.
    expect(await refund(quiet, 70_000)).toMatchObject({ status: 'completed', gatewayStatus: 'refund' });
    expect(receiver.received.filter((r) => r.rawBody.includes(quiet))).toHaveLength(0);
    // Midtrans cannot tell a refund it never got from one not finished: not listed is pending.
    expect(await ask(randomUUID())).toMatchObject({ status: 'pending' });
  });

  it('getRefundStatus: an unknown order is not_found, a wrong server key auth', async () => {
    const refundId = randomUUID();
    const req = { ref: randomUUID(), refundRef: refundId, refundId };
    await expect(adapter.getRefundStatus(creds, req)).rejects.toMatchObject({ kind: 'not_found' });
    const res = await charge('qris', 10_000);
    const wrong = { ...creds, secretKey: 'SB-Mid-server-wrong' };
    await expect(adapter.getRefundStatus(wrong, { ...req, ref: res.ref })).rejects.toMatchObject({
      kind: 'auth',
    });
  });

  it('a repeated create (406 duplicate order_id) returns the existing transaction', async () => {
    const paymentId = randomUUID();
    const req = { paymentId, amount: 50_000, currency: 'IDR', channel: 'qris' };
    const first = await adapter.createCharge(creds, req);
    const again = await adapter.createCharge(creds, req);
    expect(again).toMatchObject({
      ref: paymentId,
      status: 'pending',
      gatewayPaymentId: first.gatewayPaymentId,
    });
    expect(again.actionUrl).toContain(`/v2/qris/${first.gatewayPaymentId}/qr-code`);
  });

  it('retries 500s (every Midtrans call is idempotent) and gives up after its budget', async () => {
    sim.behave({ failNextRequests: 2 });
    const res = await charge();
    expect(res.status).toBe('pending');
    sim.behave({ failNextRequests: 3 });
    await expect(charge()).rejects.toMatchObject({ kind: 'unavailable', httpStatus: 500 });
    const noRetries = createMidtransAdapter({ retries: 0, request: localOutbound.request });
    sim.behave({ failNextRequests: 1 });
    await expect(noRetries.getStatus(creds, res.ref)).rejects.toMatchObject({ kind: 'unavailable' });
    expect(await noRetries.getStatus(creds, res.ref)).toMatchObject({ status: 'pending' });
  });

  it('times out when Midtrans is slower than timeoutMs', async () => {
    sim.behave({ responseDelayMs: 300 });
    const slow = createMidtransAdapter({ timeoutMs: 50, retries: 0, request: localOutbound.request });
    await expect(
      slow.createCharge(creds, { paymentId: randomUUID(), amount: 1000, currency: 'IDR', channel: 'qris' }),
    ).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('maps a wrong server key to auth and an unknown order to not_found', async () => {
    const wrong = { ...creds, secretKey: 'SB-Mid-server-wrong' };
    await expect(adapter.getStatus(wrong, randomUUID())).rejects.toMatchObject({ kind: 'auth' });
    await expect(adapter.getStatus(creds, randomUUID())).rejects.toMatchObject({ kind: 'not_found' });
    await expect(adapter.getStatus(creds, randomUUID())).rejects.toBeInstanceOf(GatewayError);
  });

  it('sends notifications to X-Override-Notification when given', async () => {
    const res = await charge('qris', 10_000, { notificationUrl: `${receiver.url}/override` });
    await sim.pay(res.ref);
    const got = await receiver.waitForMatching(2, res.ref, '/override');
    expect(got.map(parse).map((n) => n.kind === 'payment' && n.ref)).toEqual([res.ref, res.ref]);
    expect(receiver.received.filter((r) => r.path === '/hook' && r.rawBody.includes(res.ref))).toHaveLength(
      0,
    );
  });

  describe('parseWebhook', () => {
    const asWebhook = (n: { headers: Record<string, string>; body: string }) => ({
      headers: n.headers,
      rawBody: Buffer.from(n.body),
      now: new Date(),
    });
    const rejection = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(GatewayWebhookError);
        return (err as GatewayWebhookError).reason;
      }
      return 'accepted';
    };

    it('accepts a genuine notification and refuses forged, unsigned and malformed ones', async () => {
      const res = await charge();
      await sim.pay(res.ref);
      const genuine = sim.buildNotification(res.ref);
      expect(adapter.parseWebhook(creds, asWebhook(genuine))).toMatchObject({
        kind: 'payment',
        status: 'completed',
      });
      const forged = sim.buildNotification(res.ref, { tamper: 'signature' });
      expect(rejection(() => adapter.parseWebhook(creds, asWebhook(forged)))).toBe('signature_invalid');
      const { signature_key: _, ...unsigned } = JSON.parse(genuine.body) as Record<string, unknown>;
      expect(
        rejection(() =>
          adapter.parseWebhook(creds, asWebhook({ ...genuine, body: JSON.stringify(unsigned) })),
        ),
      ).toBe('signature_missing');
      expect(
        rejection(() => adapter.parseWebhook(creds, asWebhook({ ...genuine, body: '{"order_id":' }))),
      ).toBe('malformed');
      // Another merchant's server key does not verify this merchant's notifications.
      const other = sim.createAccount();
      expect(rejection(() => adapter.parseWebhook(other, asWebhook(genuine)))).toBe('signature_invalid');
    });

    it('signs over the exact gross_amount string ("100000.00" for Rp100,000 = 10,000,000 sen)', async () => {
      const res = await charge('qris', 10_000_000);
      const body = JSON.parse(sim.buildNotification(res.ref).body) as Record<string, string>;
      expect(body.gross_amount).toBe('100000.00');
      const reformatted = { ...body, gross_amount: '100000' };
      expect(
        rejection(() =>
          adapter.parseWebhook(creds, asWebhook({ headers: {}, body: JSON.stringify(reformatted) })),
        ),
      ).toBe('signature_invalid');
      const ownSignature = createHash('sha512')
        .update(`${res.ref}201100000.00${creds.secretKey}`)
        .digest('hex');
      expect(ownSignature).toBe(body.signature_key);
    });

    it('duplicates share an eventId; different states do not', async () => {
      sim.behave({ duplicates: 2 });
      const res = await charge();
      await receiver.waitForMatching(3, res.ref);
      await sim.pay(res.ref);
      const parsed = (await receiver.waitForMatching(6, res.ref)).map(parse);
      expect(parsed).toHaveLength(6);
      const ids = parsed.map((n) => n.eventId);
      expect(new Set(ids).size).toBe(2);
      expect(ids.slice(0, 3).every((id) => id === ids[0])).toBe(true);
      expect(ids.slice(3).every((id) => id === ids[3])).toBe(true);
    });

    it('out-of-order: settlement arrives before the stale pending; both verify', async () => {
      sim.behave({ outOfOrder: true });
      const res = await charge();
      await sim.pay(res.ref);
      const parsed = (await receiver.waitForMatching(2, res.ref)).map(parse);
      expect(parsed.map((n) => n.kind === 'payment' && n.gatewayStatus)).toEqual(['settlement', 'pending']);
      const stale = sim.buildNotification(res.ref, { tamper: 'stale' });
      // No timestamp to check: a stale notification verifies; the status API is the tie-breaker.
      expect(adapter.parseWebhook(creds, asWebhook(stale))).toMatchObject({ status: 'pending' });
      expect(await adapter.getStatus(creds, res.ref)).toMatchObject({ status: 'completed' });
      expect(adapter.confirmNotificationsWithStatusApi).toBe(true);
    });

    it('silent sends nothing; status polling still finds the outcome', async () => {
      sim.behave({ silent: true });
      const res = await charge();
      await sim.pay(res.ref);
      await new Promise((r) => setTimeout(r, 50));
      expect(receiver.received.filter((r) => r.rawBody.includes(res.ref))).toHaveLength(0);
      expect(await adapter.getStatus(creds, res.ref)).toMatchObject({ status: 'completed' });
    });
  });
});
