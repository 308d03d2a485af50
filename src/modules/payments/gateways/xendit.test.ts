import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver, type Received } from '../../../../test/support/webhook-receiver.ts';
import type { GatewaySimulator } from '../../../simulators/simulator.ts';
import { SILENT_REFUND_SETTLE_MS } from '../../../simulators/xendit-state.ts';
import { startXenditSimulator } from '../../../simulators/xendit.ts';
import { GatewayWebhookError, type GatewayCredentials, type GatewayNotification } from './gateway.ts';
import { createXenditAdapter } from './xendit.ts';
import { localOutbound } from '../../../../test/support/outbound.ts';

describe('Xendit adapter against the simulator', () => {
  let sim: GatewaySimulator;
  let receiver: Receiver;
  let creds: GatewayCredentials;
  const adapter = createXenditAdapter({ timeoutMs: 2000, retryDelayMs: 5, request: localOutbound.request });
  const parse = (r: Received): GatewayNotification =>
    adapter.parseWebhook(creds, { headers: r.headers, rawBody: r.rawBody, now: new Date() });
  const charge = (amount = 100_000, extra: Record<string, unknown> = {}) =>
    adapter.createCharge(creds, {
      paymentId: randomUUID(),
      amount,
      currency: 'IDR',
      channel: 'qris',
      ...extra,
    });

  beforeAll(async () => {
    sim = await startXenditSimulator();
    receiver = await startReceiver('/xendit');
    creds = sim.createAccount({ webhookUrl: receiver.url });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });
  beforeEach(() => {
    sim.behave({});
  });

  it('creates a dynamic QRIS: pending (ACTIVE), qr_… ref, QRIS string, expiry', async () => {
    const res = await charge(100_000, { expiresInSeconds: 900 });
    expect(res).toMatchObject({ status: 'pending', gatewayStatus: 'ACTIVE' });
    expect(res.ref).toMatch(/^qr_[0-9a-f-]{36}$/);
    expect(res.qrString).toMatch(/^000201010212.*5802ID.*6304[0-9A-F]{4}$/);
    const expiresIn = Date.parse(res.expiresAt!) - Date.now();
    expect(expiresIn).toBeGreaterThan(890_000);
    expect(expiresIn).toBeLessThan(910_000);
  });

  it('refuses other channels, currencies and amounts outside IDR 1–10,000,000', async () => {
    const base = { paymentId: randomUUID(), currency: 'IDR', channel: 'qris' };
    for (const req of [
      { ...base, amount: 0 },
      { ...base, amount: 10_000_001 },
      { ...base, amount: 1000, currency: 'USD' },
      { ...base, amount: 1000, channel: 'gopay' },
    ]) {
      await expect(adapter.createCharge(creds, req)).rejects.toMatchObject({ kind: 'invalid_request' });
    }
  });

  it('pay → qr.payment SUCCEEDED callback and status completed with the qrpy_ id', async () => {
    const paymentId = randomUUID();
    const res = await adapter.createCharge(creds, {
      paymentId,
      amount: 42_000,
      currency: 'IDR',
      channel: 'qris',
    });
    expect(await adapter.getStatus(creds, res.ref)).toMatchObject({
      status: 'pending',
      gatewayStatus: 'ACTIVE',
    });
    await sim.pay(res.ref);
    const status = await adapter.getStatus(creds, res.ref);
    expect(status).toMatchObject({ status: 'completed', gatewayStatus: 'SUCCEEDED', amount: 42_000 });
    expect(status.gatewayPaymentId).toMatch(/^qrpy_/);
    const [callback] = await receiver.waitForMatching(1, res.ref);
    expect(parse(callback!)).toEqual({
      kind: 'payment',
      eventId: `${status.gatewayPaymentId}:SUCCEEDED`,
      ref: res.ref,
      paymentId,
      status: 'completed',
      gatewayStatus: 'SUCCEEDED',
      amount: 42_000,
      gatewayPaymentId: status.gatewayPaymentId,
    });
  });

  it('fail and expire make the QR INACTIVE: status failed (expired), no callback', async () => {
    for (const act of [(ref: string) => sim.fail(ref), (ref: string) => sim.expire(ref)]) {
      const res = await charge();
      await act(res.ref);
      expect(await adapter.getStatus(creds, res.ref)).toMatchObject({
        status: 'failed',
        failureReason: 'expired',
      });
      await new Promise((r) => setTimeout(r, 30));
      expect(receiver.received.filter((r) => r.rawBody.includes(res.ref))).toHaveLength(0);
    }
  });

  it('cancel reports the current state (dynamic QRs cannot be deactivated by API)', async () => {
    const res = await charge();
    expect(await adapter.cancel(creds, res.ref)).toMatchObject({ status: 'pending' });
    await sim.pay(res.ref);
    expect(await adapter.cancel(creds, res.ref)).toMatchObject({ status: 'completed' });
  });

  it('refunds partially then fully: PENDING, then a qr.refund callback SUCCEEDED each', async () => {
    const res = await charge(100_000);
    await sim.pay(res.ref);
    const first = await adapter.refund(creds, {
      ref: res.ref,
      refundId: randomUUID(),
      amount: 40_000,
      currency: 'IDR',
    });
    expect(first).toMatchObject({ status: 'pending', gatewayStatus: 'PENDING' });
    expect(first.refundRef).toMatch(/^qrrf_/);
    const { gatewayPaymentId } = await adapter.getStatus(creds, res.ref);
    const refund = (amount: number, refundId = randomUUID()) =>
      adapter.refund(creds, { ref: res.ref, gatewayPaymentId, refundId, amount, currency: 'IDR' });
    await expect(refund(70_000)).rejects.toMatchObject({ kind: 'invalid_request', httpStatus: 400 });
    const second = await refund(60_000);
    // Still a paid payment (REFUNDED after a partial refund); refunds are tracked on their own.
    expect(await adapter.getStatus(creds, res.ref)).toMatchObject({
      status: 'completed',
      gatewayStatus: 'REFUNDED',
    });

    const callbacks = (await receiver.waitForMatching(3, gatewayPaymentId!))
      .map(parse)
      .filter((n) => n.kind === 'refund');
    expect(callbacks).toEqual([
      expect.objectContaining({
        refundRef: first.refundRef,
        status: 'completed',
        gatewayStatus: 'SUCCEEDED',
        amount: 40_000,
      }),
      expect.objectContaining({ refundRef: second.refundRef, status: 'completed', amount: 60_000 }),
    ]);
  });

  it('a full refund at once voids the payment; a retried refund (same key) is the same refund', async () => {
    const res = await charge(5_000);
    await sim.pay(res.ref);
    const refundId = randomUUID();
    const req = { ref: res.ref, refundId, amount: 5_000, currency: 'IDR' };
    const a = await adapter.refund(creds, req);
    const b = await adapter.refund(creds, req);
    expect(b.refundRef).toBe(a.refundRef);
    expect(await adapter.getStatus(creds, res.ref)).toMatchObject({
      status: 'completed',
      gatewayStatus: 'VOIDED',
    });
  });

  it('getRefundStatus gets the refund: SUCCEEDED right after; when silent, PENDING then SUCCEEDED', async () => {
    const res = await charge(100_000);
    await sim.pay(res.ref);
    const { gatewayPaymentId } = await adapter.getStatus(creds, res.ref);
    const refundOf = (amount: number) =>
      adapter.refund(creds, {
        ref: res.ref,
        gatewayPaymentId,
        refundId: randomUUID(),
        amount,
        currency: 'IDR',
      });
    const ask = (refundRef: string, byPayment = true) =>
      adapter.getRefundStatus(creds, {
        ref: res.ref,
        ...(byPayment ? { gatewayPaymentId } : {}),
        refundRef,
        refundId: randomUUID(),
      });
    const succeeded = (refundRef: string) => ({ refundRef, status: 'completed', gatewayStatus: 'SUCCEEDED' });

    const first = await refundOf(40_000);
    expect(first).toMatchObject({ status: 'pending', gatewayStatus: 'PENDING' });
    expect(await ask(first.refundRef)).toEqual(succeeded(first.refundRef));
    // Without the qrpy_ id the adapter finds it from the QR code first.
    expect(await ask(first.refundRef, false)).toEqual(succeeded(first.refundRef));

    sim.behave({ silent: true });
    const started = Date.now();
    const quiet = await refundOf(60_000);
    const now = await ask(quiet.refundRef);
    // It succeeds SILENT_REFUND_SETTLE_MS after it was made: a read before that sees it PENDING.
    expect(Date.now() - started >= SILENT_REFUND_SETTLE_MS || now.status === 'pending').toBe(true);
    const pending = { refundRef: quiet.refundRef, status: 'pending', gatewayStatus: 'PENDING' };
    expect([pending, succeeded(quiet.refundRef)]).toContainEqual(now);
    await new Promise((r) => setTimeout(r, SILENT_REFUND_SETTLE_MS + 30));
    expect(await ask(quiet.refundRef)).toEqual(succeeded(quiet.refundRef));
    expect(receiver.received.filter((r) => r.rawBody.includes(quiet.refundRef))).toHaveLength(0);
  });

  it('getRefundStatus: an unknown refund or an unpaid QR is not_found, a wrong key auth', async () => {
    const paid = await charge(10_000);
    await sim.pay(paid.ref);
    const { gatewayPaymentId } = await adapter.getStatus(creds, paid.ref);
    const req = { ref: paid.ref, gatewayPaymentId, refundRef: 'qrrf_missing', refundId: randomUUID() };
    await expect(adapter.getRefundStatus(creds, req)).rejects.toMatchObject({
      kind: 'not_found',
      httpStatus: 404,
    });
    const unpaid = await charge(10_000);
    await expect(
      adapter.getRefundStatus(creds, { ref: unpaid.ref, refundRef: 'qrrf_x', refundId: randomUUID() }),
    ).rejects.toMatchObject({ kind: 'not_found' });
    const wrong = { ...creds, secretKey: 'xnd_development_wrong' };
    await expect(adapter.getRefundStatus(wrong, req)).rejects.toMatchObject({
      kind: 'auth',
      httpStatus: 401,
    });
  });

  it('a repeated create with the same payment id replays the first QR (idempotency-key)', async () => {
    const req = { paymentId: randomUUID(), amount: 12_000, currency: 'IDR', channel: 'qris' };
    const a = await adapter.createCharge(creds, req);
    const b = await adapter.createCharge(creds, req);
    expect(b).toEqual(a);
  });

  it('retries 500s of keyed creates and GETs, within the retry budget', async () => {
    sim.behave({ failNextRequests: 2 });
    const res = await charge();
    expect(res.status).toBe('pending');
    sim.behave({ failNextRequests: 3 });
    await expect(adapter.getStatus(creds, res.ref)).rejects.toMatchObject({
      kind: 'unavailable',
      httpStatus: 500,
    });
    sim.behave({});
    expect(await adapter.getStatus(creds, res.ref)).toMatchObject({ status: 'pending' });
  });

  it('times out when Xendit is slower than timeoutMs', async () => {
    sim.behave({ responseDelayMs: 300 });
    const slow = createXenditAdapter({ timeoutMs: 50, retries: 0, request: localOutbound.request });
    await expect(slow.getStatus(creds, 'qr_x')).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('maps a wrong secret key to auth and an unknown QR to not_found', async () => {
    await expect(
      adapter.getStatus({ ...creds, secretKey: 'xnd_development_nope' }, 'qr_x'),
    ).rejects.toMatchObject({
      kind: 'auth',
      httpStatus: 401,
    });
    await expect(adapter.getStatus(creds, `qr_${randomUUID()}`)).rejects.toMatchObject({ kind: 'not_found' });
  });

  describe('parseWebhook', () => {
    const asWebhook = (headers: Record<string, string>, body: string) => ({
      headers,
      rawBody: Buffer.from(body),
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

    it('accepts the right token and refuses a wrong, missing token or a malformed body', async () => {
      const res = await charge();
      await sim.pay(res.ref);
      const genuine = sim.buildNotification(res.ref);
      expect(adapter.parseWebhook(creds, asWebhook(genuine.headers, genuine.body))).toMatchObject({
        kind: 'payment',
      });
      const forged = sim.buildNotification(res.ref, { tamper: 'signature' });
      expect(rejection(() => adapter.parseWebhook(creds, asWebhook(forged.headers, forged.body)))).toBe(
        'signature_invalid',
      );
      expect(rejection(() => adapter.parseWebhook(creds, asWebhook({}, genuine.body)))).toBe(
        'signature_missing',
      );
      expect(rejection(() => adapter.parseWebhook(creds, asWebhook(genuine.headers, 'not json')))).toBe(
        'malformed',
      );
      const other = sim.createAccount();
      expect(rejection(() => adapter.parseWebhook(other, asWebhook(genuine.headers, genuine.body)))).toBe(
        'signature_invalid',
      );
      const unknown = JSON.stringify({ event: 'qr.something', data: { id: 'x1', status: 'OK' } });
      expect(adapter.parseWebhook(creds, asWebhook(genuine.headers, unknown))).toEqual({
        kind: 'ignored',
        eventId: 'x1:OK',
        type: 'qr.something',
      });
    });

    it('duplicates are identical copies sharing an eventId', async () => {
      sim.behave({ duplicates: 2 });
      const res = await charge();
      await sim.pay(res.ref);
      const parsed = (await receiver.waitForMatching(3, res.ref)).map(parse);
      expect(parsed).toHaveLength(3);
      expect(new Set(parsed.map((n) => n.eventId)).size).toBe(1);
    });

    it('out-of-order: the refund callback arrives before the payment callback; both verify', async () => {
      sim.behave({ outOfOrder: true });
      const res = await charge(10_000);
      await sim.pay(res.ref);
      const { gatewayPaymentId } = await adapter.getStatus(creds, res.ref);
      await adapter.refund(creds, {
        ref: res.ref,
        gatewayPaymentId,
        refundId: randomUUID(),
        amount: 10_000,
        currency: 'IDR',
      });
      const parsed = (await receiver.waitForMatching(2, gatewayPaymentId!)).map(parse);
      expect(parsed.map((n) => n.kind)).toEqual(['refund', 'payment']);
      expect(parsed[1]).toMatchObject({ ref: res.ref, status: 'completed' });
      // A stale copy (no timestamps to check) verifies and repeats the payment's eventId.
      const stale = sim.buildNotification(res.ref, { tamper: 'stale' });
      expect(adapter.parseWebhook(creds, asWebhook(stale.headers, stale.body)).eventId).toBe(
        parsed[1]!.eventId,
      );
    });

    it('silent sends nothing; status polling still finds the outcome', async () => {
      sim.behave({ silent: true });
      const res = await charge();
      await sim.pay(res.ref);
      await new Promise((r) => setTimeout(r, 30));
      expect(receiver.received.filter((r) => r.rawBody.includes(res.ref))).toHaveLength(0);
      expect(await adapter.getStatus(creds, res.ref)).toMatchObject({ status: 'completed' });
      expect(adapter.confirmNotificationsWithStatusApi).toBe(false);
    });
  });
});
