/**
 * One interface for every payment gateway. An adapter speaks the gateway's real HTTP wire format
 * (see ../../../../../shared/reference/gateways.md); the payments service never sees a wire
 * format, only these types. Adapters are stateless: credentials come in on every call.
 */

import type { Outbound } from '../../../platform/net/outbound.ts';

export const GATEWAY_NAMES = ['stripe', 'midtrans', 'razorpay', 'xendit'] as const;
export type GatewayName = (typeof GATEWAY_NAMES)[number];

/** A tenant's credentials for one gateway, decrypted just for the call. */
export interface GatewayCredentials {
  /** API base URL without a trailing slash, e.g. `https://api.stripe.com` or a simulator's URL. */
  baseUrl: string;
  /**
   * The secret API key: Stripe `sk_…`, Midtrans Server Key, Razorpay key secret, Xendit secret
   * key. Midtrans also signs its notifications with it.
   */
  secretKey: string;
  /** Razorpay `key_id` (Basic auth user name; also given to the browser checkout). */
  keyId?: string;
  /**
   * The secret that authenticates incoming notifications where it differs from `secretKey`:
   * Stripe endpoint secret `whsec_…`, Razorpay webhook secret, Xendit callback token.
   */
  webhookSecret?: string;
}

/** Our payment states, in the order they may follow each other (see payment-state.ts). */
export type GatewayPaymentStatus = 'pending' | 'authorized' | 'completed' | 'failed' | 'canceled';

export interface ChargeRequest {
  /** Our payment id (UUID). Sent as the gateway's idempotency key / order id / reference. */
  paymentId: string;
  /** Minor units of `currency`, tip included: what the customer is charged. */
  amount: number;
  currency: string;
  /** e.g. `card`, `apple_pay`, `google_pay`, `qris`, `gopay`, `shopeepay`, `upi`. */
  channel: string;
  description?: string;
  /** Where the gateway should send notifications for this payment, when the gateway allows a per-request URL. */
  notificationUrl?: string;
  /** Stripe: a payment method to confirm with at once (e.g. `pm_card_visa`). */
  paymentMethod?: string;
  /** Seconds until an unpaid QR / request expires (gateway default when absent). */
  expiresInSeconds?: number;
}

export interface ChargeResult {
  /** The gateway's id for this payment: Stripe PaymentIntent id, Midtrans order_id, Razorpay order id, Xendit QR id. */
  ref: string;
  status: GatewayPaymentStatus;
  /** The gateway's own status word, for the record (e.g. `requires_payment_method`, `pending`). */
  gatewayStatus: string;
  /** QRIS / UPI: the string to render as a QR code. */
  qrString?: string;
  /** Stripe: the PaymentIntent client secret for the browser / terminal SDK. */
  clientSecret?: string;
  /** A URL the customer can open to pay (deeplink, checkout page), when the gateway gives one. */
  actionUrl?: string;
  /** ISO 8601, when the gateway says the request expires. */
  expiresAt?: string;
  /** The gateway's payment id once known (Razorpay `pay_…`, Xendit `qrpy_…`), else absent. */
  gatewayPaymentId?: string;
}

export interface StatusResult {
  ref: string;
  status: GatewayPaymentStatus;
  gatewayStatus: string;
  /** Amount the gateway says was paid, minor units, when it says so. */
  amount?: number;
  gatewayPaymentId?: string;
  /** Card details when the gateway reports them. */
  cardBrand?: string;
  cardLast4?: string;
  failureReason?: string;
}

export interface RefundRequest {
  /** The payment's gateway ref (and gateway payment id when the gateway refunds by that). */
  ref: string;
  gatewayPaymentId?: string;
  /** Our refund id (UUID): the gateway's idempotency key / refund reference. */
  refundId: string;
  amount: number;
  currency: string;
  reason?: string;
}

export type GatewayRefundStatus = 'pending' | 'completed' | 'failed';

export interface RefundResult {
  /** The gateway's refund id (Stripe `re_…`, Razorpay `rfnd_…`, Midtrans refund key, Xendit refund id). */
  refundRef: string;
  status: GatewayRefundStatus;
  gatewayStatus: string;
}

/** A verified, normalised incoming notification. */
export type GatewayNotification =
  | {
      kind: 'payment';
      /** The gateway's unique id of this notification, for de-duplication. */
      eventId: string;
      ref: string;
      /** Our payment id when the notification carries it (metadata, order_id, reference_id, receipt). */
      paymentId?: string;
      status: GatewayPaymentStatus;
      gatewayStatus: string;
      amount?: number;
      gatewayPaymentId?: string;
      cardBrand?: string;
      cardLast4?: string;
      failureReason?: string;
    }
  | {
      kind: 'refund';
      eventId: string;
      ref: string;
      paymentId?: string;
      /** Our refund id when the notification carries it. */
      refundId?: string;
      refundRef: string;
      status: GatewayRefundStatus;
      gatewayStatus: string;
      amount?: number;
    }
  /** Verified, but nothing we act on (another event type). */
  | { kind: 'ignored'; eventId: string; type: string };

export interface IncomingWebhook {
  /** Lower-cased header names, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The exact bytes received. Signatures are checked on these, before any JSON parsing. */
  rawBody: Buffer;
  /** Now, for timestamp tolerance checks. */
  now: Date;
}

/** Why a notification was refused. Every reason is a 4xx for the sender and changes nothing. */
export type WebhookRejection = 'signature_missing' | 'signature_invalid' | 'timestamp_stale' | 'malformed';

export class GatewayWebhookError extends Error {
  constructor(
    readonly reason: WebhookRejection,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayWebhookError';
  }
}

/**
 * A gateway call that did not produce an answer we can act on: the gateway refused (4xx), failed
 * or was too slow (after the adapter's own bounded retries, only where the gateway's idempotency
 * makes them safe), or its address was refused by the outbound policy (`target_forbidden`).
 * `message` is always our own words (callers may show it); what the gateway said — its answer's
 * body — is kept apart in `upstream`, for the log only: an upstream body is never shown to a
 * client (it could be an internal service's answer).
 */
export class GatewayError extends Error {
  constructor(
    readonly gateway: GatewayName,
    readonly kind:
      'declined' | 'invalid_request' | 'auth' | 'unavailable' | 'timeout' | 'not_found' | 'target_forbidden',
    message: string,
    readonly httpStatus?: number,
    readonly upstream?: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export interface GatewayAdapter {
  readonly name: GatewayName;
  /** Channels this gateway takes (`card`, `qris`, …). */
  readonly channels: readonly string[];
  /** Whether notifications must be confirmed with the status API before trusting them (Midtrans). */
  readonly confirmNotificationsWithStatusApi: boolean;
  createCharge(creds: GatewayCredentials, req: ChargeRequest): Promise<ChargeResult>;
  getStatus(creds: GatewayCredentials, ref: string): Promise<StatusResult>;
  cancel(creds: GatewayCredentials, ref: string): Promise<StatusResult>;
  refund(creds: GatewayCredentials, req: RefundRequest): Promise<RefundResult>;
  /**
   * The gateway's current word on a refund (the poller's fallback when no notification came).
   * `refundRef` is what `refund()` returned; `ref` / `gatewayPaymentId` name the payment.
   */
  getRefundStatus(
    creds: GatewayCredentials,
    req: { ref: string; gatewayPaymentId?: string; refundRef: string; refundId: string },
  ): Promise<RefundResult>;
  /** Verifies and normalises a notification; throws `GatewayWebhookError` when it is not genuine. */
  parseWebhook(creds: GatewayCredentials, webhook: IncomingWebhook): GatewayNotification;
}

/** Options every adapter takes. */
export interface AdapterOptions {
  /**
   * The outbound-address policy's request (checks and pins the gateway's address at connect
   * time). Default: a strict policy of its own — public addresses only.
   */
  request?: Outbound['request'];
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Extra attempts for safely retryable failures (default 2). */
  retries?: number;
  /** Base delay between retries (default 200 ms, doubled each time). */
  retryDelayMs?: number;
}
