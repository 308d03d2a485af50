import { createHash } from 'node:crypto';
import { safeEqual } from '../../../platform/crypto/secrets.ts';
import {
  GatewayError,
  GatewayWebhookError,
  type AdapterOptions,
  type ChargeResult,
  type GatewayAdapter,
  type GatewayCredentials,
  type GatewayNotification,
  type GatewayPaymentStatus,
  type RefundResult,
  type StatusResult,
} from './gateway.ts';
import { basicAuth, fromWholeRupiah, gatewayFetch, toWholeRupiah } from './http.ts';
import { invalidRequest, str, webhookJson, type Json } from './wire.ts';

/**
 * Midtrans Core API (Indonesia): QRIS, GoPay and ShopeePay charges by `POST /v2/charge`, status,
 * cancel, refund, and HTTP notifications signed with SHA-512. Our payment id is the Midtrans
 * `order_id`, which is also the ref: Midtrans refuses a second charge with the same order id
 * ("406"), which is what makes a retried create safe.
 */

const CHANNELS = ['qris', 'qris_shopeepay', 'gopay', 'shopeepay'] as const;

/** The charge body for each of our channels. */
function channelBody(channel: string): Json {
  switch (channel) {
    case 'qris':
      return { payment_type: 'qris', qris: { acquirer: 'gopay' } };
    case 'qris_shopeepay':
      return { payment_type: 'qris', qris: { acquirer: 'airpay shopee' } };
    case 'gopay':
      return { payment_type: 'gopay' };
    case 'shopeepay':
      return { payment_type: 'shopeepay' };
    default:
      throw invalidRequest('midtrans', `Midtrans does not take channel ${channel}`);
  }
}

/** Midtrans `transaction_status` (+ `fraud_status` for card captures) → our status. */
export function mapMidtransStatus(
  transactionStatus: string,
  fraudStatus?: string,
): { status: GatewayPaymentStatus; failureReason?: string } {
  switch (transactionStatus) {
    case 'pending':
      return { status: 'pending' };
    case 'capture':
      if (fraudStatus === 'challenge') {
        return { status: 'authorized' };
      }
      return fraudStatus === 'deny'
        ? { status: 'failed', failureReason: 'fraud_deny' }
        : { status: 'completed' };
    // A refunded payment was paid: refunds are tracked as refunds, not as a payment state.
    case 'settlement':
    case 'refund':
    case 'partial_refund':
      return { status: 'completed' };
    case 'deny':
      return { status: 'failed', failureReason: 'denied' };
    case 'failure':
      return { status: 'failed', failureReason: 'failure' };
    case 'expire':
      return { status: 'failed', failureReason: 'expired' };
    case 'cancel':
      return { status: 'canceled' };
    default:
      // Unknown words (new Midtrans states) must not finalise anything.
      return { status: 'pending' };
  }
}

/** Midtrans amounts are whole rupiah as decimal strings ("100000.00") → IDR minor units. */
function idrFromDecimal(value: unknown): number | undefined {
  const match = typeof value === 'string' ? /^(\d+)(?:\.(0+))?$/.exec(value) : null;
  if (match) {
    return fromWholeRupiah(Number.parseInt(match[1]!, 10));
  }
  return typeof value === 'number' && Number.isSafeInteger(value) ? fromWholeRupiah(value) : undefined;
}

/** `YYYY-MM-DD HH:mm:ss` Jakarta time (UTC+7) → ISO 8601. */
function isoFromMidtrans(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) {
    return undefined;
  }
  return new Date(`${value.replace(' ', 'T')}+07:00`).toISOString();
}

/**
 * Throws the GatewayError for a body that is an error. A body describing a transaction is never
 * one, whatever its `status_code`: Midtrans reports an expired transaction as "407" and a denied
 * one as "202" in the same field it uses for request errors.
 */
function assertOk(body: Json, what: string): void {
  const code = str(body.status_code) ?? '';
  if (/^2\d\d$/.test(code) || typeof body.transaction_status === 'string') {
    return;
  }
  const http = Number.parseInt(code, 10) || undefined;
  // Midtrans' status_message goes to the log only (GatewayError.upstream), never to a client.
  const message = `Midtrans ${what} refused (status_code ${http ?? 'missing'})`;
  const upstream = JSON.stringify(body).slice(0, 2_000);
  if (code === '401') {
    throw new GatewayError('midtrans', 'auth', message, http, upstream);
  }
  if (code === '404') {
    throw new GatewayError('midtrans', 'not_found', message, http, upstream);
  }
  if (code.startsWith('5') || code === '429' || code === '') {
    throw new GatewayError('midtrans', 'unavailable', message, http, upstream);
  }
  throw new GatewayError('midtrans', 'invalid_request', message, http, upstream);
}

function toStatus(body: Json, ref: string): StatusResult {
  const gatewayStatus = str(body.transaction_status) ?? 'unknown';
  const mapped = mapMidtransStatus(gatewayStatus, str(body.fraud_status));
  const amount = idrFromDecimal(body.gross_amount);
  return {
    ref: str(body.order_id) ?? ref,
    status: mapped.status,
    gatewayStatus,
    ...(amount !== undefined ? { amount } : {}),
    ...(str(body.transaction_id) ? { gatewayPaymentId: str(body.transaction_id) } : {}),
    ...(mapped.failureReason ? { failureReason: mapped.failureReason } : {}),
  };
}

function actionUrl(body: Json, name: string): string | undefined {
  const list = Array.isArray(body.actions) ? (body.actions as unknown[]) : [];
  for (const a of list) {
    const action = a as Json;
    if (action.name === name && typeof action.url === 'string') {
      return action.url;
    }
  }
  return undefined;
}

/** A Midtrans adapter. Stateless; credentials come with every call. */
export function createMidtransAdapter(options: AdapterOptions = {}): GatewayAdapter {
  async function call(
    creds: GatewayCredentials,
    method: 'GET' | 'POST',
    path: string,
    body?: Json,
    extraHeaders: Record<string, string> = {},
  ): Promise<Json> {
    const res = await gatewayFetch(
      'midtrans',
      {
        method,
        url: `${creds.baseUrl}${path}`,
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          authorization: basicAuth(creds.secretKey, ''),
          ...extraHeaders,
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        // Every Midtrans call we make is safe to repeat: a charge is keyed by order_id (a repeat is
        // refused with 406), cancel is idempotent, a refund is keyed by refund_key.
        idempotent: true,
      },
      options,
    );
    if (!res.json || typeof res.json !== 'object') {
      throw new GatewayError(
        'midtrans',
        'unavailable',
        `Midtrans answered HTTP ${res.status} without JSON`,
        res.status,
        res.text,
      );
    }
    return res.json as Json;
  }

  async function getStatus(creds: GatewayCredentials, ref: string): Promise<StatusResult> {
    const body = await call(creds, 'GET', `/v2/${encodeURIComponent(ref)}/status`);
    assertOk(body, 'status');
    return toStatus(body, ref);
  }

  return {
    name: 'midtrans',
    channels: CHANNELS,
    confirmNotificationsWithStatusApi: true,

    async createCharge(creds, req): Promise<ChargeResult> {
      // Midtrans settles in IDR only; refusing here beats a confusing gateway validation error.
      if (req.currency !== 'IDR') {
        throw invalidRequest('midtrans', `Midtrans charges IDR only, not ${req.currency}`);
      }
      const rupiah = toWholeRupiah('midtrans', req.amount);
      if (rupiah < 1) {
        throw invalidRequest('midtrans', 'amount must be at least one rupiah');
      }
      const body: Json = {
        ...channelBody(req.channel),
        // Kasir keeps IDR in sen (ISO 4217 exponent 2); Midtrans takes whole rupiah.
        transaction_details: { order_id: req.paymentId, gross_amount: rupiah },
      };
      if (req.expiresInSeconds) {
        body.custom_expiry = {
          expiry_duration: Math.max(1, Math.ceil(req.expiresInSeconds)),
          unit: 'second',
        };
      }
      if (req.description) {
        body.item_details = [{ id: 'order', price: rupiah, quantity: 1, name: req.description.slice(0, 50) }];
      }
      const headers: Record<string, string> = req.notificationUrl
        ? { 'x-override-notification': req.notificationUrl }
        : {};
      const res = await call(creds, 'POST', '/v2/charge', body, headers);
      if (str(res.status_code) === '406') {
        // Duplicate order_id: an earlier attempt (whose answer we lost) created it. The status API
        // has no QR string, so point at Midtrans's QR image for the transaction instead.
        const status = await getStatus(creds, req.paymentId);
        const kind = req.channel === 'gopay' ? 'gopay' : 'qris';
        const qrImage =
          status.gatewayPaymentId && (kind === 'gopay' || req.channel.startsWith('qris'))
            ? `${creds.baseUrl}/v2/${kind}/${status.gatewayPaymentId}/qr-code`
            : undefined;
        return {
          ref: status.ref,
          status: status.status,
          gatewayStatus: status.gatewayStatus,
          ...(status.gatewayPaymentId ? { gatewayPaymentId: status.gatewayPaymentId } : {}),
          ...(qrImage ? { actionUrl: qrImage } : {}),
        };
      }
      assertOk(res, 'charge');
      const gatewayStatus = str(res.transaction_status) ?? 'pending';
      const deeplink = actionUrl(res, 'deeplink-redirect');
      const qrImage = actionUrl(res, 'generate-qr-code');
      const expiresAt = isoFromMidtrans(res.expiry_time);
      return {
        ref: str(res.order_id) ?? req.paymentId,
        status: mapMidtransStatus(gatewayStatus, str(res.fraud_status)).status,
        gatewayStatus,
        ...(str(res.qr_string) ? { qrString: str(res.qr_string) } : {}),
        // The e-wallet deeplink opens the app; for QR-only charges the QR image URL is the next best.
        ...(deeplink || qrImage ? { actionUrl: deeplink ?? qrImage } : {}),
        ...(expiresAt ? { expiresAt } : {}),
        ...(str(res.transaction_id) ? { gatewayPaymentId: str(res.transaction_id) } : {}),
      };
    },

    getStatus,

    async cancel(creds, ref) {
      const body = await call(creds, 'POST', `/v2/${encodeURIComponent(ref)}/cancel`);
      if (str(body.status_code) === '412') {
        // Not cancellable any more (paid, expired, …): report what it is instead.
        return getStatus(creds, ref);
      }
      assertOk(body, 'cancel');
      return toStatus(body, ref);
    },

    async refund(creds, req): Promise<RefundResult> {
      if (req.currency !== 'IDR') {
        throw invalidRequest('midtrans', `Midtrans refunds IDR only, not ${req.currency}`);
      }
      const body = await call(creds, 'POST', `/v2/${encodeURIComponent(req.ref)}/refund`, {
        refund_key: req.refundId,
        amount: toWholeRupiah('midtrans', req.amount),
        reason: req.reason ?? 'refund',
      });
      const code = str(body.status_code);
      if (code === '201') {
        // Accepted but not done yet (card refunds via the bank); QRIS / e-wallets answer 200.
        return {
          refundRef: req.refundId,
          status: 'pending',
          gatewayStatus: str(body.transaction_status) ?? 'pending',
        };
      }
      assertOk(body, 'refund');
      return {
        refundRef: str(body.refund_key) ?? req.refundId,
        status: 'completed',
        gatewayStatus: str(body.transaction_status) ?? 'refund',
      };
    },

    /**
     * No refund lookup exists: `GET /v2/{order_id}/status` lists completed refunds in `refunds[]`
     * by our `refund_key`. Listed → completed; not (yet) listed → pending (accepted with "201").
     * The gateway status is the transaction's (`refund` / `partial_refund` once listed).
     */
    async getRefundStatus(creds, req): Promise<RefundResult> {
      const body = await call(creds, 'GET', `/v2/${encodeURIComponent(req.ref)}/status`);
      assertOk(body, 'status');
      const refunds = Array.isArray(body.refunds) ? (body.refunds as Json[]) : [];
      const done = refunds.some((r) => r.refund_key === req.refundRef || r.refund_key === req.refundId);
      const gatewayStatus = str(body.transaction_status) ?? 'unknown';
      return { refundRef: req.refundRef, status: done ? 'completed' : 'pending', gatewayStatus };
    },

    parseWebhook(creds, webhook): GatewayNotification {
      // Midtrans signs fields of the JSON body, not the raw bytes, so the body must be parsed to
      // find them; nothing in it is trusted until the signature matches.
      const body = webhookJson(
        webhook.rawBody.toString('utf8'),
        'Midtrans notification is not a JSON object',
      );
      const signature = str(body.signature_key);
      if (!signature) {
        throw new GatewayWebhookError('signature_missing', 'Midtrans notification has no signature_key');
      }
      const orderId = str(body.order_id);
      const statusCode = str(body.status_code);
      // The exact gross_amount string as sent ("100000.00"): re-formatting it would break the hash.
      const grossAmount = str(body.gross_amount);
      const transactionStatus = str(body.transaction_status);
      if (!orderId || !statusCode || !grossAmount || !transactionStatus) {
        throw new GatewayWebhookError(
          'malformed',
          'Midtrans notification lacks order_id/status_code/gross_amount',
        );
      }
      const expected = createHash('sha512')
        .update(`${orderId}${statusCode}${grossAmount}${creds.secretKey}`)
        .digest('hex');
      if (!safeEqual(signature.toLowerCase(), expected)) {
        throw new GatewayWebhookError('signature_invalid', 'Midtrans notification signature does not match');
      }
      // No timestamp_stale: Midtrans signs no timestamp, so age cannot be checked. A replayed or
      // late notification is harmless because the service de-duplicates on eventId, applies only
      // forward transitions, and confirms with the status API (confirmNotificationsWithStatusApi).
      const transactionId = str(body.transaction_id) ?? orderId;
      const fraud = str(body.fraud_status);
      // One state of one transaction is one event: Midtrans's retries of it repeat the same id.
      const eventId = [
        transactionId,
        transactionStatus,
        statusCode,
        ...(transactionStatus === 'capture' && fraud ? [fraud] : []),
      ].join(':');

      if (transactionStatus === 'refund' || transactionStatus === 'partial_refund') {
        const refunds = Array.isArray(body.refunds) ? (body.refunds as Json[]) : [];
        const latest = refunds[refunds.length - 1];
        const refundKey = str(latest?.refund_key) ?? str(body.refund_key);
        const amount = idrFromDecimal(latest?.refund_amount ?? body.refund_amount);
        return {
          kind: 'refund',
          eventId: `${eventId}:${refundKey ?? refunds.length}`,
          ref: orderId,
          paymentId: orderId,
          ...(refundKey ? { refundId: refundKey } : {}),
          refundRef: refundKey ?? `${transactionId}:${refunds.length}`,
          status: 'completed',
          gatewayStatus: transactionStatus,
          ...(amount !== undefined ? { amount } : {}),
        };
      }
      const mapped = mapMidtransStatus(transactionStatus, fraud);
      const amount = idrFromDecimal(grossAmount);
      return {
        kind: 'payment',
        eventId,
        ref: orderId,
        paymentId: orderId,
        status: mapped.status,
        gatewayStatus: transactionStatus,
        ...(amount !== undefined ? { amount } : {}),
        gatewayPaymentId: transactionId,
        ...(mapped.failureReason ? { failureReason: mapped.failureReason } : {}),
      };
    },
  };
}
