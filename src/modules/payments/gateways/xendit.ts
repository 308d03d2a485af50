import { safeEqual } from '../../../platform/crypto/secrets.ts';
import {
  GatewayError,
  GatewayWebhookError,
  type AdapterOptions,
  type ChargeResult,
  type GatewayAdapter,
  type GatewayCredentials,
  type GatewayNotification,
  type GatewayRefundStatus,
  type RefundResult,
  type StatusResult,
} from './gateway.ts';
import { basicAuth, fromWholeRupiah, gatewayFetch, toWholeRupiah, type GatewayHttpResponse } from './http.ts';
import { header, invalidRequest, statusKind, str, webhookJson, type Json } from './wire.ts';

/**
 * Xendit QR Codes API, version 2022-07-31 (Indonesia, QRIS). A dynamic QR (`qr_…`) is the ref;
 * its one payment (`qrpy_…`) is the gateway payment id; our payment id travels as `reference_id`
 * and comes back in the `qr.payment` callback. Callbacks are authenticated by a static token.
 */

const API_VERSION = '2022-07-31';
/** Xendit's QRIS limits in rupiah. */
const MIN_AMOUNT = 1;
const MAX_AMOUNT = 10_000_000;
/** A QR payment that happened, whatever refunds did to it since (VOIDED / REFUNDED). */
const PAID = new Set(['SUCCEEDED', 'VOIDED', 'REFUNDED']);

function refundStatus(status: string | undefined): GatewayRefundStatus {
  return status === 'SUCCEEDED' ? 'completed' : status === 'FAILED' ? 'failed' : 'pending';
}

/** Throws the GatewayError for a 4xx answer (5xx, timeouts and network errors come from gatewayFetch). */
function assertOk(res: GatewayHttpResponse, what: string): Json {
  const body = (res.json && typeof res.json === 'object' ? res.json : {}) as Json;
  if (res.status >= 200 && res.status < 300) {
    return body;
  }
  // Xendit's error code and text go to the log only (GatewayError.upstream), never to a client.
  const message = `Xendit ${what} refused (HTTP ${res.status})`;
  // Only 401 means bad keys here; Xendit's 403 is treated as a request error.
  const kind = statusKind(res.status, { forbiddenIsAuth: false });
  throw new GatewayError('xendit', kind, message, res.status, res.text);
}

/** A Xendit adapter. Stateless; credentials come with every call. */
export function createXenditAdapter(options: AdapterOptions = {}): GatewayAdapter {
  function call(
    creds: GatewayCredentials,
    method: 'GET' | 'POST',
    path: string,
    body?: Json,
    idempotencyKey?: string,
  ): Promise<GatewayHttpResponse> {
    return gatewayFetch(
      'xendit',
      {
        method,
        url: `${creds.baseUrl}${path}`,
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          authorization: basicAuth(creds.secretKey, ''),
          'api-version': API_VERSION,
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        // GETs are safe; a POST only with an idempotency key (Xendit replays the first answer).
        idempotent: method === 'GET' || idempotencyKey !== undefined,
      },
      options,
    );
  }

  async function getStatus(creds: GatewayCredentials, ref: string): Promise<StatusResult> {
    const id = encodeURIComponent(ref);
    const list = assertOk(await call(creds, 'GET', `/qr_codes/${id}/payments`), 'list payments');
    const payments = Array.isArray(list.data) ? (list.data as Json[]) : [];
    const paid = payments.find((p) => PAID.has(str(p.status) ?? ''));
    if (paid) {
      return {
        ref,
        status: 'completed',
        gatewayStatus: str(paid.status) ?? 'SUCCEEDED',
        ...(typeof paid.amount === 'number' ? { amount: fromWholeRupiah(paid.amount) } : {}),
        ...(str(paid.id) ? { gatewayPaymentId: str(paid.id) } : {}),
      };
    }
    const qr = assertOk(await call(creds, 'GET', `/qr_codes/${id}`), 'get QR code');
    const expiresAt = str(qr.expires_at);
    const expired = expiresAt !== undefined && Date.parse(expiresAt) <= Date.now();
    if (qr.status === 'INACTIVE' || expired) {
      // Xendit does not say why an unpaid QR went inactive; expiry is the only way it happens here.
      return { ref, status: 'failed', gatewayStatus: 'INACTIVE', failureReason: 'expired' };
    }
    return { ref, status: 'pending', gatewayStatus: str(qr.status) ?? 'ACTIVE' };
  }

  return {
    name: 'xendit',
    channels: ['qris'],
    confirmNotificationsWithStatusApi: false,

    async createCharge(creds, req): Promise<ChargeResult> {
      if (req.channel !== 'qris') {
        throw invalidRequest('xendit', `Xendit QR codes take channel qris, not ${req.channel}`);
      }
      if (req.currency !== 'IDR') {
        throw invalidRequest('xendit', `Xendit QRIS charges IDR only, not ${req.currency}`);
      }
      // Kasir keeps IDR in sen (ISO 4217 exponent 2); Xendit takes whole rupiah.
      const rupiah = toWholeRupiah('xendit', req.amount);
      if (rupiah < MIN_AMOUNT || rupiah > MAX_AMOUNT) {
        throw invalidRequest('xendit', `QRIS amount must be IDR ${MIN_AMOUNT}–${MAX_AMOUNT}`);
      }
      // Notifications go to the account's callback URL set in the Xendit dashboard; the 2022-07-31
      // API has no per-request callback URL, so req.notificationUrl is not sent.
      const body: Json = {
        reference_id: req.paymentId,
        type: 'DYNAMIC',
        currency: 'IDR',
        amount: rupiah,
      };
      if (req.expiresInSeconds) {
        body.expires_at = new Date(Date.now() + req.expiresInSeconds * 1000).toISOString();
      }
      // The payment id as idempotency key: a retried create returns the first QR, never a second one.
      const qr = assertOk(await call(creds, 'POST', '/qr_codes', body, req.paymentId), 'create QR code');
      const ref = str(qr.id);
      if (!ref) {
        throw new GatewayError('xendit', 'unavailable', 'Xendit created a QR code without an id');
      }
      const gatewayStatus = str(qr.status) ?? 'ACTIVE';
      return {
        ref,
        status: gatewayStatus === 'ACTIVE' ? 'pending' : 'failed',
        gatewayStatus,
        ...(str(qr.qr_string) ? { qrString: str(qr.qr_string) } : {}),
        ...(str(qr.expires_at) ? { expiresAt: new Date(str(qr.expires_at)!).toISOString() } : {}),
      };
    },

    getStatus,

    async cancel(creds, ref) {
      // The 2022-07-31 QR API has no way to deactivate a dynamic QR: it stays payable until its
      // expires_at. So cancel reports the current state; the caller keeps expiries short and
      // treats a payment arriving after its own cancel as paid (then refunds it if it must).
      return getStatus(creds, ref);
    },

    async refund(creds, req): Promise<RefundResult> {
      if (req.currency !== 'IDR') {
        throw invalidRequest('xendit', `Xendit QRIS refunds IDR only, not ${req.currency}`);
      }
      // Xendit refunds the payment (qrpy_…), not the QR code; find it when the caller lacks it.
      const paymentId = req.gatewayPaymentId ?? (await getStatus(creds, req.ref)).gatewayPaymentId;
      if (!paymentId) {
        throw invalidRequest('xendit', `QR code ${req.ref} has no payment to refund`);
      }
      const res = await call(
        creds,
        'POST',
        `/qr_codes/payments/${encodeURIComponent(paymentId)}/refunds`,
        { amount: toWholeRupiah('xendit', req.amount), reason: req.reason ?? 'REQUESTED_BY_CUSTOMER' },
        req.refundId,
      );
      const refund = assertOk(res, 'refund');
      const refundRef = str(refund.id);
      if (!refundRef) {
        throw new GatewayError('xendit', 'unavailable', 'Xendit answered a refund without an id');
      }
      const gatewayStatus = str(refund.status) ?? 'PENDING';
      return { refundRef, status: refundStatus(gatewayStatus), gatewayStatus };
    },

    /**
     * `GET /qr_codes/payments/{qrpy_…}/refunds/{qrrf_…}`: the QR Codes API's get-refund (what
     * Xendit's client libraries call `get_refund(qrpy_id, refund_id)`; `…/refunds` lists them).
     * SUCCEEDED → completed, FAILED → failed, PENDING → pending. Refunds hang off the payment, so
     * its `qrpy_…` id is looked up from the QR code when the caller lacks it.
     */
    async getRefundStatus(creds, req): Promise<RefundResult> {
      const paymentId = req.gatewayPaymentId ?? (await getStatus(creds, req.ref)).gatewayPaymentId;
      if (!paymentId) {
        throw new GatewayError('xendit', 'not_found', `QR code ${req.ref} has no payment, so no refunds`);
      }
      const path = `/qr_codes/payments/${encodeURIComponent(paymentId)}/refunds/${encodeURIComponent(req.refundRef)}`;
      const refund = assertOk(await call(creds, 'GET', path), 'get refund');
      const gatewayStatus = str(refund.status) ?? 'PENDING';
      return {
        refundRef: str(refund.id) ?? req.refundRef,
        status: refundStatus(gatewayStatus),
        gatewayStatus,
      };
    },

    parseWebhook(creds, webhook): GatewayNotification {
      const token = header(webhook.headers, 'x-callback-token');
      if (!token) {
        throw new GatewayWebhookError('signature_missing', 'Xendit callback has no x-callback-token');
      }
      if (!creds.webhookSecret || !safeEqual(token, creds.webhookSecret)) {
        throw new GatewayWebhookError('signature_invalid', 'Xendit callback token does not match');
      }
      // No timestamp_stale: the token is static and nothing in the callback is signed, so there is
      // no timestamp to trust. Replays are absorbed by de-duplication on eventId and idempotent,
      // forward-only transitions in the payments service.
      const body = webhookJson(webhook.rawBody.toString('utf8'), 'Xendit callback is not a JSON object');
      const event = str(body.event) ?? 'unknown';
      const data = (body.data && typeof body.data === 'object' ? body.data : {}) as Json;
      const dataId = str(data.id);
      const dataStatus = str(data.status);
      if ((event === 'qr.payment' || event === 'qr.refund') && (!dataId || !dataStatus)) {
        throw new GatewayWebhookError('malformed', `Xendit ${event} callback lacks data.id / data.status`);
      }
      // The callback has no id of its own: the object's id and status name one state of it, and
      // Xendit's retries of that state repeat them (qrpy_ and qrrf_ prefixes keep kinds apart).
      const eventId = `${dataId ?? event}:${dataStatus ?? str(body.created) ?? ''}`;

      if (event === 'qr.payment') {
        const status =
          dataStatus === 'SUCCEEDED' ? 'completed' : dataStatus === 'FAILED' ? 'failed' : 'pending';
        return {
          kind: 'payment',
          eventId,
          ref: str(data.qr_id) ?? dataId!,
          ...(str(data.reference_id) ? { paymentId: str(data.reference_id) } : {}),
          status,
          gatewayStatus: dataStatus!,
          ...(typeof data.amount === 'number' ? { amount: fromWholeRupiah(data.amount) } : {}),
          gatewayPaymentId: dataId!,
          ...(status === 'failed' ? { failureReason: str(data.failure_code) ?? 'failed' } : {}),
        };
      }
      if (event === 'qr.refund') {
        // The refund object names the payment (qrpy_id), not our payment or refund id: match it by
        // refundRef (the qrrf_ id refund() returned).
        return {
          kind: 'refund',
          eventId,
          ref: str(data.qr_id) ?? str(data.qrpy_id) ?? dataId!,
          refundRef: dataId!,
          status: refundStatus(dataStatus),
          gatewayStatus: dataStatus!,
          ...(typeof data.refund_amount === 'number' ? { amount: fromWholeRupiah(data.refund_amount) } : {}),
        };
      }
      return { kind: 'ignored', eventId, type: event };
    },
  };
}
