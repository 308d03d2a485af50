import { hmacSha256Hex, safeEqual } from '../../../platform/crypto/secrets.ts';
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
import { gatewayFetch, type GatewayHttpResponse } from './http.ts';
import { header, isObject, num, statusKind, str, webhookJson, type Json } from './wire.ts';

/**
 * Stripe adapter: PaymentIntents for cards (Apple Pay / Google Pay are card payment methods on
 * Stripe, so every channel is a `card` PaymentIntent), Refunds, and signed webhook events.
 * Our payment id travels as `metadata[kasir_payment_id]` and as the create's Idempotency-Key.
 */

/** Stripe's SDK default tolerance for the signature timestamp. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Maps a PaymentIntent to our status; a declined attempt leaves it `requires_payment_method` + error. */
function intentStatus(pi: Json): GatewayPaymentStatus {
  const status = str(pi.status);
  switch (status) {
    case 'requires_capture':
      return 'authorized';
    case 'succeeded':
      return 'completed';
    case 'canceled':
      return 'canceled';
    case 'requires_payment_method':
      return isObject(pi.last_payment_error) ? 'failed' : 'pending';
    case undefined:
    default:
      // requires_confirmation, requires_action, processing and anything newer: not final yet.
      return 'pending';
  }
}

function refundStatus(status: string | undefined): GatewayRefundStatus {
  switch (status) {
    case 'succeeded':
      return 'completed';
    case 'failed':
    case 'canceled':
      return 'failed';
    case undefined:
    default:
      return 'pending';
  }
}

function failureReason(pi: Json): string | undefined {
  const err = pi.last_payment_error;
  if (!isObject(err)) {
    return undefined;
  }
  return str(err.decline_code) ?? str(err.code) ?? str(err.message);
}

function cardOf(charge: unknown): { cardBrand?: string; cardLast4?: string } {
  if (!isObject(charge) || !isObject(charge.payment_method_details)) {
    return {};
  }
  const card = charge.payment_method_details.card;
  return isObject(card) ? { cardBrand: str(card.brand), cardLast4: str(card.last4) } : {};
}

function toStatusResult(pi: Json): StatusResult {
  const status = intentStatus(pi);
  const charge = pi.latest_charge;
  const received = num(pi.amount_received);
  return {
    ref: str(pi.id) ?? '',
    status,
    gatewayStatus: str(pi.status) ?? 'unknown',
    amount: received !== undefined && received > 0 ? received : undefined,
    gatewayPaymentId: isObject(charge) ? str(charge.id) : str(charge),
    ...cardOf(charge),
    failureReason: status === 'failed' ? failureReason(pi) : undefined,
  };
}

/** Turns a non-2xx Stripe answer into a GatewayError (`error.type` / `error.code` decide the kind). */
function toError(res: GatewayHttpResponse, what: string): GatewayError {
  const err = isObject(res.json) && isObject(res.json.error) ? res.json.error : {};
  const kind = statusKind(res.status, { forbiddenIsAuth: true });
  const declined =
    (res.status === 402 || str(err.type) === 'card_error') && kind !== 'auth' && kind !== 'not_found';
  // Stripe's error text goes to the log only (GatewayError.upstream), never to a client.
  const message = `stripe ${what} refused (HTTP ${res.status})`;
  return new GatewayError('stripe', declined ? 'declined' : kind, message, res.status, res.text);
}

/** A Refund object answer → our RefundResult (anything but a 200 Refund is an error). */
function toRefundResult(res: GatewayHttpResponse, what: string): RefundResult {
  if (res.status !== 200 || !isObject(res.json) || !str(res.json.id)) {
    throw toError(res, what);
  }
  const gatewayStatus = str(res.json.status) ?? 'unknown';
  return { refundRef: str(res.json.id) ?? '', status: refundStatus(gatewayStatus), gatewayStatus };
}

/** `t=…,v1=…,v1=…` → timestamp and every v1 signature (other schemes such as v0 are ignored). */
function parseSignatureHeader(value: string): { t: number; v1: string[] } | null {
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const val = part.slice(eq + 1).trim();
    if (key === 't' && /^\d+$/.test(val)) {
      t = Number(val);
    } else if (key === 'v1' && val) {
      v1.push(val);
    }
  }
  return t === undefined || v1.length === 0 ? null : { t, v1 };
}

/** Normalises a verified event. */
function normaliseEvent(event: Json): GatewayNotification {
  const eventId = str(event.id);
  const type = str(event.type);
  const obj = isObject(event.data) ? event.data.object : undefined;
  if (!eventId || !type || !isObject(obj)) {
    throw new GatewayWebhookError('malformed', 'stripe event lacks id, type or data.object');
  }
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const paymentEvents: Record<string, GatewayPaymentStatus> = {
    'payment_intent.succeeded': 'completed',
    'payment_intent.payment_failed': 'failed',
    'payment_intent.canceled': 'canceled',
    'payment_intent.amount_capturable_updated': 'authorized',
    'payment_intent.processing': 'pending',
  };
  const paymentStatus = paymentEvents[type];
  if (paymentStatus) {
    const snapshot = toStatusResult(obj);
    return {
      kind: 'payment',
      eventId,
      ref: snapshot.ref,
      paymentId: str(metadata.kasir_payment_id),
      // The event type is authoritative: a payment_failed snapshot says requires_payment_method.
      status: paymentStatus,
      gatewayStatus: snapshot.gatewayStatus,
      amount: snapshot.amount,
      gatewayPaymentId: snapshot.gatewayPaymentId,
      failureReason: paymentStatus === 'failed' ? failureReason(obj) : undefined,
    };
  }
  if (type === 'refund.created' || type === 'refund.updated' || type === 'refund.failed') {
    return refundNotification(eventId, obj, undefined);
  }
  if (type === 'charge.refunded') {
    // The charge lists its refunds only on API versions that still embed them; the newest one is
    // the refund this event is about. Without it we cannot tell which refund changed: ignore, and
    // rely on refund.updated, which Stripe sends as well.
    const refunds = isObject(obj.refunds) && Array.isArray(obj.refunds.data) ? obj.refunds.data : [];
    const newest = refunds.filter(isObject).sort((a, b) => (num(b.created) ?? 0) - (num(a.created) ?? 0))[0];
    if (newest) {
      return refundNotification(eventId, newest, str(metadata.kasir_payment_id));
    }
  }
  return { kind: 'ignored', eventId, type };
}

function refundNotification(
  eventId: string,
  refund: Json,
  paymentId: string | undefined,
): GatewayNotification {
  const metadata = isObject(refund.metadata) ? refund.metadata : {};
  const refundRef = str(refund.id);
  const ref = str(refund.payment_intent);
  if (!refundRef || !ref) {
    throw new GatewayWebhookError('malformed', 'stripe refund lacks id or payment_intent');
  }
  return {
    kind: 'refund',
    eventId,
    ref,
    paymentId,
    refundId: str(metadata.kasir_refund_id),
    refundRef,
    status: refundStatus(str(refund.status)),
    gatewayStatus: str(refund.status) ?? 'unknown',
    amount: num(refund.amount),
  };
}

/** The Stripe adapter. `options` tune timeouts and retries (retries happen only on idempotent calls). */
export function createStripeAdapter(options: AdapterOptions = {}): GatewayAdapter {
  const call = (
    creds: GatewayCredentials,
    method: 'GET' | 'POST',
    path: string,
    opts: { form?: URLSearchParams; idempotencyKey?: string; retrySafe?: boolean } = {},
  ) => {
    const { form, idempotencyKey } = opts;
    const headers: Record<string, string> = { authorization: `Bearer ${creds.secretKey}` };
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (idempotencyKey) {
      headers['idempotency-key'] = idempotencyKey;
    }
    return gatewayFetch(
      'stripe',
      {
        method,
        url: `${creds.baseUrl}${path}`,
        headers,
        body: form?.toString(),
        // GETs are safe; POSTs only with an Idempotency-Key, which Stripe replays instead of
        // re-running, or when repeating them cannot change anything (cancel).
        idempotent: method === 'GET' || idempotencyKey !== undefined || opts.retrySafe === true,
      },
      options,
    );
  };

  const getStatus = async (creds: GatewayCredentials, ref: string): Promise<StatusResult> => {
    const res = await call(
      creds,
      'GET',
      `/v1/payment_intents/${encodeURIComponent(ref)}?expand[]=latest_charge`,
    );
    if (res.status !== 200 || !isObject(res.json)) {
      throw toError(res, 'retrieve payment_intent');
    }
    return toStatusResult(res.json);
  };

  return {
    name: 'stripe',
    channels: ['card', 'apple_pay', 'google_pay'],
    confirmNotificationsWithStatusApi: false,

    async createCharge(creds, req): Promise<ChargeResult> {
      const form = new URLSearchParams();
      form.set('amount', String(req.amount));
      form.set('currency', req.currency.toLowerCase());
      form.append('payment_method_types[]', 'card');
      form.set('metadata[kasir_payment_id]', req.paymentId);
      form.set('metadata[kasir_channel]', req.channel);
      if (req.description) {
        form.set('description', req.description);
      }
      if (req.paymentMethod) {
        form.set('payment_method', req.paymentMethod);
        form.set('confirm', 'true');
      }
      const res = await call(creds, 'POST', '/v1/payment_intents', {
        form,
        idempotencyKey: req.paymentId,
      });
      let pi: unknown = res.json;
      if (res.status !== 200) {
        // A decline on confirm is a 402 whose error carries the PaymentIntent: a failed charge, not
        // an error (the intent exists and can be looked up).
        const err = isObject(res.json) && isObject(res.json.error) ? res.json.error : undefined;
        if (res.status !== 402 || !isObject(err?.payment_intent)) {
          throw toError(res, 'create payment_intent');
        }
        pi = err.payment_intent;
      }
      if (!isObject(pi) || !str(pi.id)) {
        throw new GatewayError(
          'stripe',
          'unavailable',
          'stripe answered without a payment_intent',
          res.status,
          res.text,
        );
      }
      const status = res.status === 402 ? 'failed' : intentStatus(pi);
      return {
        ref: str(pi.id) ?? '',
        status,
        gatewayStatus: str(pi.status) ?? 'unknown',
        clientSecret: str(pi.client_secret),
        gatewayPaymentId: str(pi.latest_charge),
      };
    },

    getStatus,

    async cancel(creds, ref): Promise<StatusResult> {
      // No Idempotency-Key: a repeated cancel is harmless (it answers payment_intent_unexpected_state,
      // handled below), and a stored error would be replayed for 24 h.
      const res = await call(creds, 'POST', `/v1/payment_intents/${encodeURIComponent(ref)}/cancel`, {
        retrySafe: true,
      });
      if (res.status === 200 && isObject(res.json)) {
        return toStatusResult(res.json);
      }
      const err = isObject(res.json) && isObject(res.json.error) ? res.json.error : {};
      if (str(err.code) === 'payment_intent_unexpected_state') {
        // Already succeeded (or canceled): nothing to cancel. Report the state as it is; the
        // caller sees e.g. `completed` and refunds instead.
        return getStatus(creds, ref);
      }
      throw toError(res, 'cancel payment_intent');
    },

    async refund(creds, req): Promise<RefundResult> {
      const form = new URLSearchParams();
      form.set('payment_intent', req.ref);
      form.set('amount', String(req.amount));
      form.set('metadata[kasir_refund_id]', req.refundId);
      const reason = req.reason ?? '';
      if (['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason)) {
        form.set('reason', reason);
      }
      const res = await call(creds, 'POST', '/v1/refunds', { form, idempotencyKey: req.refundId });
      return toRefundResult(res, 'create refund');
    },

    /**
     * Retrieves the Refund (`GET /v1/refunds/{re_…}`): `pending` / `requires_action` → pending,
     * `succeeded` → completed, `failed` / `canceled` → failed; an unknown id is `not_found`.
     */
    async getRefundStatus(creds, req): Promise<RefundResult> {
      const res = await call(creds, 'GET', `/v1/refunds/${encodeURIComponent(req.refundRef)}`);
      return toRefundResult(res, 'retrieve refund');
    },

    parseWebhook(creds, webhook): GatewayNotification {
      const sigHeader = header(webhook.headers, 'stripe-signature');
      if (!sigHeader) {
        throw new GatewayWebhookError('signature_missing', 'no Stripe-Signature header');
      }
      if (!creds.webhookSecret) {
        throw new GatewayWebhookError('signature_invalid', 'no Stripe webhook secret configured');
      }
      const parsed = parseSignatureHeader(sigHeader);
      if (!parsed) {
        throw new GatewayWebhookError(
          'signature_invalid',
          'Stripe-Signature has no timestamp or v1 signature',
        );
      }
      // Signed payload: "<t>." followed by the exact bytes received.
      const expected = hmacSha256Hex(
        creds.webhookSecret,
        Buffer.concat([Buffer.from(`${parsed.t}.`), webhook.rawBody]),
      );
      // Compare against every v1 without stopping early (Stripe sends several while rolling secrets).
      const matched = parsed.v1.reduce((ok, sig) => safeEqual(sig, expected) || ok, false);
      if (!matched) {
        throw new GatewayWebhookError('signature_invalid', 'Stripe-Signature does not match');
      }
      // The timestamp is signed, so checking it after the signature stops replays of old events.
      if (Math.abs(webhook.now.getTime() / 1000 - parsed.t) > SIGNATURE_TOLERANCE_SECONDS) {
        throw new GatewayWebhookError('timestamp_stale', 'Stripe-Signature timestamp outside tolerance');
      }
      const body = webhook.rawBody.toString('utf8');
      return normaliseEvent(webhookJson(body, 'stripe event is not JSON', 'stripe event is not an object'));
    },
  };
}
