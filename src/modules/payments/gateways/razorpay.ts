import { hmacSha256Hex, safeEqual, sha256Hex } from '../../../platform/crypto/secrets.ts';
import {
  GatewayError,
  GatewayWebhookError,
  type AdapterOptions,
  type ChargeResult,
  type GatewayAdapter,
  type GatewayCredentials,
  type GatewayNotification,
  type GatewayPaymentStatus,
  type GatewayRefundStatus,
  type RefundResult,
  type StatusResult,
} from './gateway.ts';
import { basicAuth, gatewayFetch, type GatewayHttpResponse } from './http.ts';
import {
  header,
  invalidRequest,
  isObject,
  nonEmptyStr,
  num,
  statusKind,
  webhookJson,
  type Json,
} from './wire.ts';

/**
 * Razorpay adapter: one Order per payment (`ref` = `order_…`, `receipt` = our payment id), paid
 * by the customer in Razorpay Checkout (UPI, card, netbanking); status from the order's payments;
 * refunds by payment id; webhooks signed with the webhook secret.
 */

// An empty string from Razorpay is no value (no receipt, no error description, …).
const str = nonEmptyStr;

function entity(payload: Json, name: string): Json | undefined {
  const wrapper = payload[name];
  return isObject(wrapper) && isObject(wrapper.entity) ? wrapper.entity : undefined;
}

function refundStatus(status: string | undefined): GatewayRefundStatus {
  switch (status) {
    case 'processed':
      return 'completed';
    case 'failed':
      return 'failed';
    case undefined:
    default:
      return 'pending';
  }
}

function toError(res: GatewayHttpResponse, what: string): GatewayError {
  const err = isObject(res.json) && isObject(res.json.error) ? res.json.error : {};
  const description = str(err.description) ?? `HTTP ${res.status}`;
  const kind = statusKind(res.status, { forbiddenIsAuth: true });
  // Razorpay answers an unknown id with 400 BAD_REQUEST_ERROR "The id provided does not exist".
  const missing = kind !== 'auth' && /does not exist/i.test(description);
  // Razorpay's error text goes to the log only (GatewayError.upstream), never to a client.
  return new GatewayError(
    'razorpay',
    missing ? 'not_found' : kind,
    `razorpay ${what} refused (HTTP ${res.status})`,
    res.status,
    res.text,
  );
}

/** A refund entity answer → our RefundResult (anything but a 200 refund is an error). */
function toRefundResult(res: GatewayHttpResponse, what: string): RefundResult {
  if (res.status !== 200 || !isObject(res.json) || !str(res.json.id)) {
    throw toError(res, what);
  }
  const gatewayStatus = str(res.json.status) ?? 'unknown';
  return { refundRef: str(res.json.id) ?? '', status: refundStatus(gatewayStatus), gatewayStatus };
}

/** The card details of a payment entity (`card` is present only for card payments). */
function cardOf(payment: Json): { cardBrand?: string; cardLast4?: string } {
  return isObject(payment.card)
    ? { cardBrand: str(payment.card.network), cardLast4: str(payment.card.last4) }
    : {};
}

/** An order's payments → our status: any captured wins, then authorized, then all-failed. */
function statusFromPayments(ref: string, payments: Json[]): StatusResult {
  // `refunded` payments were captured first: the money was collected (refunds are tracked apart).
  const captured = payments.find((p) => p.status === 'captured' || p.status === 'refunded');
  const authorized = payments.find((p) => p.status === 'authorized');
  const chosen = captured ?? authorized;
  if (chosen) {
    return {
      ref,
      status: captured ? 'completed' : 'authorized',
      gatewayStatus: str(chosen.status) ?? 'unknown',
      amount: num(chosen.amount),
      gatewayPaymentId: str(chosen.id),
      ...cardOf(chosen),
    };
  }
  const last = payments.at(-1);
  if (last && payments.every((p) => p.status === 'failed')) {
    return {
      ref,
      status: 'failed',
      gatewayStatus: 'failed',
      gatewayPaymentId: str(last.id),
      ...cardOf(last),
      failureReason: str(last.error_description) ?? str(last.error_code),
    };
  }
  return { ref, status: 'pending', gatewayStatus: str(last?.status) ?? 'created' };
}

/**
 * Verifies the `razorpay_signature` that Checkout hands the browser after a payment: hex
 * HMAC-SHA256 of `order_id|payment_id` keyed with the API **key secret**. Pass the order id we
 * stored for this payment, never the one the browser sends back, or a customer could replay a
 * signature from a cheaper order.
 */
export function verifyRazorpayCheckoutSignature(
  keySecret: string,
  storedOrderId: string,
  paymentId: string,
  signature: string,
): boolean {
  return safeEqual(hmacSha256Hex(keySecret, `${storedOrderId}|${paymentId}`), signature);
}

const PAYMENT_EVENTS: Record<string, GatewayPaymentStatus> = {
  'payment.captured': 'completed',
  'payment.authorized': 'authorized',
  'payment.failed': 'failed',
  'payment.pending': 'pending',
  'order.paid': 'completed',
};

const REFUND_EVENTS: Record<string, GatewayRefundStatus> = {
  'refund.processed': 'completed',
  'refund.failed': 'failed',
  'refund.created': 'pending',
};

function normaliseEvent(eventId: string, event: Json): GatewayNotification {
  const type = str(event.event);
  const payload = isObject(event.payload) ? event.payload : undefined;
  if (!type || !payload) {
    throw new GatewayWebhookError('malformed', 'razorpay event lacks event or payload');
  }
  const payment = entity(payload, 'payment');
  const paymentNotes = payment && isObject(payment.notes) ? payment.notes : {};
  const paymentStatus = PAYMENT_EVENTS[type];
  if (paymentStatus) {
    const order = entity(payload, 'order');
    const orderNotes = order && isObject(order.notes) ? order.notes : {};
    const ref = str(payment?.order_id) ?? str(order?.id);
    if (!ref) {
      throw new GatewayWebhookError('malformed', `razorpay ${type} carries no order id`);
    }
    return {
      kind: 'payment',
      eventId,
      ref,
      paymentId:
        str(paymentNotes.kasir_payment_id) ?? str(orderNotes.kasir_payment_id) ?? str(order?.receipt),
      status: paymentStatus,
      gatewayStatus: str(payment?.status) ?? str(order?.status) ?? type,
      amount: num(payment?.amount) ?? num(order?.amount_paid),
      gatewayPaymentId: str(payment?.id),
      ...(payment ? cardOf(payment) : {}),
      failureReason:
        paymentStatus === 'failed'
          ? (str(payment?.error_description) ?? str(payment?.error_code))
          : undefined,
    };
  }
  const refundStatusValue = REFUND_EVENTS[type];
  if (refundStatusValue) {
    const refund = entity(payload, 'refund');
    const refundNotes = refund && isObject(refund.notes) ? refund.notes : {};
    const refundRef = str(refund?.id);
    // Our ref is the order id, which only the payment entity carries; without it fall back to the
    // payment id (the service can match on gatewayPaymentId).
    const ref = str(payment?.order_id) ?? str(refund?.payment_id);
    if (!refund || !refundRef || !ref) {
      throw new GatewayWebhookError('malformed', `razorpay ${type} lacks a refund or payment id`);
    }
    return {
      kind: 'refund',
      eventId,
      ref,
      paymentId: str(paymentNotes.kasir_payment_id),
      refundId: str(refundNotes.kasir_refund_id) ?? str(refund.receipt),
      refundRef,
      status: refundStatusValue,
      gatewayStatus: str(refund.status) ?? type,
      amount: num(refund.amount),
    };
  }
  return { kind: 'ignored', eventId, type };
}

/** The Razorpay adapter. `options` tune timeouts and retries (retries happen only on idempotent calls). */
export function createRazorpayAdapter(options: AdapterOptions = {}): GatewayAdapter {
  const call = (
    creds: GatewayCredentials,
    method: 'GET' | 'POST',
    path: string,
    opts: { body?: unknown; idempotent?: boolean; headers?: Record<string, string> } = {},
  ) => {
    if (!creds.keyId) {
      throw new GatewayError('razorpay', 'auth', 'razorpay credentials lack the key id');
    }
    const headers: Record<string, string> = {
      authorization: basicAuth(creds.keyId, creds.secretKey),
      ...opts.headers,
    };
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    return gatewayFetch(
      'razorpay',
      {
        method,
        url: `${creds.baseUrl}${path}`,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        idempotent: method === 'GET' || opts.idempotent === true,
      },
      options,
    );
  };

  const getStatus = async (creds: GatewayCredentials, ref: string): Promise<StatusResult> => {
    const res = await call(creds, 'GET', `/v1/orders/${encodeURIComponent(ref)}/payments`);
    if (res.status !== 200 || !isObject(res.json) || !Array.isArray(res.json.items)) {
      throw toError(res, 'fetch order payments');
    }
    return statusFromPayments(ref, res.json.items.filter(isObject));
  };

  /** The order created for `paymentId`, if any: used after a create whose answer we lost. */
  const findOrderByReceipt = async (
    creds: GatewayCredentials,
    paymentId: string,
  ): Promise<Json | undefined> => {
    const res = await call(creds, 'GET', `/v1/orders?receipt=${encodeURIComponent(paymentId)}`);
    if (res.status !== 200 || !isObject(res.json) || !Array.isArray(res.json.items)) {
      return undefined;
    }
    return res.json.items.filter(isObject).find((o) => o.receipt === paymentId);
  };

  const chargeResult = (order: Json): ChargeResult => ({
    ref: str(order.id) ?? '',
    // An order is `created`, `attempted` (a payment failed; the customer may try again) or `paid`.
    status: order.status === 'paid' ? 'completed' : 'pending',
    gatewayStatus: str(order.status) ?? 'created',
  });

  return {
    name: 'razorpay',
    channels: ['upi', 'card', 'netbanking'],
    confirmNotificationsWithStatusApi: false,

    async createCharge(creds, req): Promise<ChargeResult> {
      const body = {
        amount: req.amount,
        currency: req.currency.toUpperCase(),
        receipt: req.paymentId,
        notes: { kasir_payment_id: req.paymentId, kasir_channel: req.channel },
      };
      let res: GatewayHttpResponse;
      try {
        // Orders take no idempotency key: a blind retry could create a second order, so never retry.
        res = await call(creds, 'POST', '/v1/orders', { body, idempotent: false });
      } catch (err) {
        // The order may exist although its answer was lost; the receipt (our payment id) finds it.
        const found =
          err instanceof GatewayError
            ? await findOrderByReceipt(creds, req.paymentId).catch(() => undefined)
            : undefined;
        if (found) {
          return chargeResult(found);
        }
        throw err;
      }
      if (res.status !== 200 || !isObject(res.json) || !str(res.json.id)) {
        throw toError(res, 'create order');
      }
      return chargeResult(res.json);
    },

    getStatus,

    async cancel(creds, ref): Promise<StatusResult> {
      // Razorpay orders cannot be canceled: an unpaid order simply stays unpaid. Report the state;
      // the service cancels locally when it is still pending (and refunds if it turned out paid).
      return getStatus(creds, ref);
    },

    async refund(creds, req): Promise<RefundResult> {
      let paymentId = req.gatewayPaymentId;
      if (!paymentId) {
        const status = await getStatus(creds, req.ref);
        if (status.status !== 'completed' || !status.gatewayPaymentId) {
          throw invalidRequest('razorpay', `razorpay order ${req.ref} has no captured payment`);
        }
        paymentId = status.gatewayPaymentId;
      }
      const res = await call(creds, 'POST', `/v1/payments/${encodeURIComponent(paymentId)}/refund`, {
        body: { amount: req.amount, receipt: req.refundId, notes: { kasir_refund_id: req.refundId } },
        // X-Refund-Idempotency makes Razorpay answer a repeat with the same refund, so retries are safe.
        headers: { 'x-refund-idempotency': req.refundId },
        idempotent: true,
      });
      return toRefundResult(res, 'create refund');
    },

    /**
     * Fetches the refund: `GET /v1/payments/{pay_…}/refunds/{rfnd_…}` when the payment id is known,
     * else `GET /v1/refunds/{rfnd_…}` (both are Razorpay refund APIs). `processed` → completed,
     * `failed` → failed, `pending` → pending; an unknown id is `not_found`.
     */
    async getRefundStatus(creds, req): Promise<RefundResult> {
      const refund = encodeURIComponent(req.refundRef);
      const path = req.gatewayPaymentId
        ? `/v1/payments/${encodeURIComponent(req.gatewayPaymentId)}/refunds/${refund}`
        : `/v1/refunds/${refund}`;
      return toRefundResult(await call(creds, 'GET', path), 'fetch refund');
    },

    parseWebhook(creds, webhook): GatewayNotification {
      const signature = header(webhook.headers, 'x-razorpay-signature');
      if (!signature) {
        throw new GatewayWebhookError('signature_missing', 'no X-Razorpay-Signature header');
      }
      if (!creds.webhookSecret) {
        throw new GatewayWebhookError('signature_invalid', 'no Razorpay webhook secret configured');
      }
      // Over the exact bytes received, keyed with the webhook secret — not the API key secret
      // (that one signs Checkout results).
      if (!safeEqual(hmacSha256Hex(creds.webhookSecret, webhook.rawBody), signature)) {
        throw new GatewayWebhookError('signature_invalid', 'X-Razorpay-Signature does not match');
      }
      const body = webhook.rawBody.toString('utf8');
      // Razorpay sends no timestamp header and signs only the body, so there is nothing to hold a
      // staleness check against: never `timestamp_stale`. Replays are absorbed by the service
      // de-duplicating on the event id and applying transitions idempotently.
      const event = webhookJson(body, 'razorpay event is not JSON', 'razorpay event is not an object');
      const eventId = header(webhook.headers, 'x-razorpay-event-id') ?? `sha256:${sha256Hex(body)}`;
      return normaliseEvent(eventId, event);
    },
  };
}
