import { hmacSha256Hex } from '../platform/crypto/secrets.ts';
import { randomId, unixNow, type SimResponse } from './sim-kit.ts';
import type { SimNotification } from './simulator.ts';

/**
 * The Razorpay simulator's in-memory objects (accounts, orders, payments, refunds) and the state
 * changes a real account goes through, each returning the webhook events Razorpay would send.
 * Entity shapes follow the Razorpay API.
 */

/** An Order (`order_…`): `created` → `attempted` (a payment failed) → `paid`. */
export interface RazorpayOrder {
  id: string;
  entity: 'order';
  amount: number;
  amount_paid: number;
  amount_due: number;
  currency: string;
  receipt: string | null;
  offer_id: null;
  status: 'created' | 'attempted' | 'paid';
  attempts: number;
  notes: Record<string, string>;
  created_at: number;
}

/** The card of a card payment (`network`, `last4`). */
export interface RazorpayCard {
  id: string;
  entity: 'card';
  name: string;
  last4: string;
  network: string;
  type: string;
  issuer: string | null;
  international: boolean;
  emi: boolean;
}

/** A Payment (`pay_…`) on an order. */
export interface RazorpayPayment {
  id: string;
  entity: 'payment';
  amount: number;
  currency: string;
  status: 'created' | 'pending' | 'authorized' | 'captured' | 'refunded' | 'failed';
  order_id: string;
  invoice_id: null;
  international: boolean;
  method: string;
  amount_refunded: number;
  refund_status: null | 'partial' | 'full';
  captured: boolean;
  description: string | null;
  card_id: string | null;
  card?: RazorpayCard;
  bank: string | null;
  wallet: string | null;
  vpa: string | null;
  email: string;
  contact: string;
  notes: Record<string, string>;
  fee: number | null;
  tax: number | null;
  error_code: string | null;
  error_description: string | null;
  error_source: string | null;
  error_step: string | null;
  error_reason: string | null;
  acquirer_data: Record<string, string | null>;
  created_at: number;
}

/** A Refund (`rfnd_…`). */
export interface RazorpayRefund {
  id: string;
  entity: 'refund';
  amount: number;
  currency: string;
  payment_id: string;
  notes: Record<string, string>;
  receipt: string | null;
  acquirer_data: { arn: string | null };
  created_at: number;
  batch_id: null;
  status: 'pending' | 'processed' | 'failed';
  speed_processed: 'normal';
  speed_requested: 'normal';
}

/** A merchant account: key id and secret, webhook secret and URL, and its objects. */
export interface RazorpayAccount {
  accountId: string;
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  webhookUrl?: string;
  orders: Map<string, RazorpayOrder>;
  payments: Map<string, RazorpayPayment>;
  refunds: Map<string, RazorpayRefund>;
  /** X-Refund-Idempotency key → the first answer. */
  refundKeys: Map<string, { fingerprint: string; status: number; json: unknown }>;
  /** Orders the demo or a test let expire (Razorpay orders never expire by themselves). */
  expired: Set<string>;
  /** Every event emitted per order, oldest first (for `tamper: 'stale'` replays). */
  history: Map<string, RazorpayEvent[]>;
}

/** An event built at the moment of the state change; Razorpay signs the body alone. */
export interface RazorpayEvent {
  id: string;
  type: string;
  body: string;
  account: RazorpayAccount;
}

/** `{entity:'event', event, contains, payload: {x: {entity}}}` with a fresh `x-razorpay-event-id`. */
export function makeEvent(
  account: RazorpayAccount,
  type: string,
  entities: Record<string, unknown>,
  createdAt = unixNow(),
): RazorpayEvent {
  const payload: Record<string, { entity: unknown }> = {};
  for (const [name, e] of Object.entries(entities)) {
    payload[name] = { entity: structuredClone(e) };
  }
  const body = JSON.stringify({
    entity: 'event',
    account_id: account.accountId,
    event: type,
    contains: Object.keys(entities),
    payload,
    created_at: createdAt,
  });
  return { id: randomId('', 14), type, body, account };
}

/**
 * Signs like Razorpay: `X-Razorpay-Signature` = hex HMAC-SHA256 of the raw body with the webhook
 * secret. `tamper: 'signature'` signs with the API key secret instead — the classic mix-up, which
 * the receiver must reject.
 */
export function signEvent(event: RazorpayEvent, tamper?: 'signature'): SimNotification {
  const secret = tamper === 'signature' ? event.account.keySecret : event.account.webhookSecret;
  return {
    url: event.account.webhookUrl ?? '',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Razorpay-Webhook/v1',
      'x-razorpay-signature': hmacSha256Hex(secret, event.body),
      'x-razorpay-event-id': event.id,
    },
    body: event.body,
  };
}

/** A new order in `created`. */
export function newOrder(
  amount: number,
  currency: string,
  receipt: string | null,
  notes: Record<string, string>,
) {
  const order: RazorpayOrder = {
    id: randomId('order_', 14),
    entity: 'order',
    amount,
    amount_paid: 0,
    amount_due: amount,
    currency,
    receipt,
    offer_id: null,
    status: 'created',
    attempts: 0,
    notes,
    created_at: unixNow(),
  };
  return order;
}

/** A payment on `order` by the channel the order was made for (kept in its notes by Kasir). */
export function newPayment(order: RazorpayOrder, ok: boolean): RazorpayPayment {
  const channel = order.notes.kasir_channel ?? 'upi';
  const card: RazorpayCard | undefined =
    channel === 'card'
      ? {
          id: randomId('card_', 14),
          entity: 'card',
          name: 'Gaurav Kumar',
          last4: ok ? '1111' : '0002',
          network: 'Visa',
          type: 'credit',
          issuer: null,
          international: false,
          emi: false,
        }
      : undefined;
  return {
    id: randomId('pay_', 14),
    entity: 'payment',
    amount: order.amount,
    currency: order.currency,
    status: ok ? 'captured' : 'failed',
    order_id: order.id,
    invoice_id: null,
    international: false,
    method: channel === 'card' || channel === 'netbanking' ? channel : 'upi',
    amount_refunded: 0,
    refund_status: null,
    captured: ok,
    description: null,
    card_id: card?.id ?? null,
    ...(card ? { card } : {}),
    bank: channel === 'netbanking' ? 'HDFC' : null,
    wallet: null,
    vpa:
      channel === 'upi' || !['card', 'netbanking'].includes(channel)
        ? ok
          ? 'success@razorpay'
          : 'failure@razorpay'
        : null,
    email: 'customer@example.com',
    contact: '+919000090000',
    // Checkout passes the order's notes on to the payment, so payment events name our payment.
    notes: { ...order.notes },
    fee: ok ? Math.round(order.amount * 0.02) : null,
    tax: ok ? Math.round(order.amount * 0.0036) : null,
    error_code: ok ? null : 'BAD_REQUEST_ERROR',
    error_description: ok ? null : 'Payment was declined by the bank.',
    error_source: ok ? null : 'bank',
    error_step: ok ? null : 'payment_authorization',
    error_reason: ok ? null : 'payment_declined',
    acquirer_data: ok ? { rrn: randomId('', 12) } : {},
    created_at: unixNow(),
  };
}

function remember(account: RazorpayAccount, orderId: string, events: RazorpayEvent[]): RazorpayEvent[] {
  const list = account.history.get(orderId) ?? [];
  list.push(...events);
  account.history.set(orderId, list);
  return events;
}

/** The customer paid (auto-capture): a captured payment, the order paid; captured then order.paid. */
export function payOrder(account: RazorpayAccount, order: RazorpayOrder): RazorpayEvent[] {
  const payment = newPayment(order, true);
  account.payments.set(payment.id, payment);
  Object.assign(order, {
    status: 'paid',
    attempts: order.attempts + 1,
    amount_paid: order.amount,
    amount_due: 0,
  });
  return remember(account, order.id, [
    makeEvent(account, 'payment.captured', { payment }),
    makeEvent(account, 'order.paid', { payment, order }),
  ]);
}

/** A payment attempt failed; the order becomes `attempted` and can still be paid. */
export function failOrder(account: RazorpayAccount, order: RazorpayOrder): RazorpayEvent[] {
  const payment = newPayment(order, false);
  account.payments.set(payment.id, payment);
  Object.assign(order, { status: 'attempted', attempts: order.attempts + 1 });
  return remember(account, order.id, [makeEvent(account, 'payment.failed', { payment })]);
}

/**
 * A refund, processed at once as Razorpay test mode does (notified as refund.processed), or left
 * `pending` (refund.created) for `settleRefund` to process later. The payment counts it either way.
 */
export function refundPayment(
  account: RazorpayAccount,
  payment: RazorpayPayment,
  amount: number,
  receipt: string | null,
  notes: Record<string, string>,
  pending = false,
): { refund: RazorpayRefund; events: RazorpayEvent[] } {
  const refund: RazorpayRefund = {
    id: randomId('rfnd_', 14),
    entity: 'refund',
    amount,
    currency: payment.currency,
    payment_id: payment.id,
    notes,
    receipt,
    acquirer_data: { arn: null },
    created_at: unixNow(),
    batch_id: null,
    status: pending ? 'pending' : 'processed',
    speed_processed: 'normal',
    speed_requested: 'normal',
  };
  account.refunds.set(refund.id, refund);
  payment.amount_refunded += amount;
  payment.refund_status = payment.amount_refunded >= payment.amount ? 'full' : 'partial';
  if (payment.refund_status === 'full') {
    payment.status = 'refunded';
  }
  const events = [makeEvent(account, pending ? 'refund.created' : 'refund.processed', { refund, payment })];
  return { refund, events: remember(account, payment.order_id, events) };
}

/** A pending refund is processed: `refund.processed` (nothing when it is not pending any more). */
export function settleRefund(account: RazorpayAccount, refund: RazorpayRefund): RazorpayEvent[] {
  const payment = account.payments.get(refund.payment_id);
  if (!payment || refund.status !== 'pending') {
    return [];
  }
  refund.status = 'processed';
  const events = [makeEvent(account, 'refund.processed', { refund, payment })];
  return remember(account, payment.order_id, events);
}

/**
 * The event describing an order now (or with its payment in `status`): `order.paid` for `paid`,
 * else `payment.<status>` for the latest payment. An order nobody has tried to pay yet gets a
 * synthetic `payment.pending` (Razorpay's event for a payment not yet collected).
 */
export function currentEvent(
  account: RazorpayAccount,
  order: RazorpayOrder,
  status: string | undefined,
  createdAt?: number,
): RazorpayEvent {
  const payments = [...account.payments.values()].filter((p) => p.order_id === order.id);
  const base =
    payments.find((p) => p.status === 'captured' || p.status === 'refunded') ??
    payments.at(-1) ??
    ({ ...newPayment(order, true), status: 'pending', captured: false } satisfies RazorpayPayment);
  const payment: RazorpayPayment = structuredClone(base);
  if (status === 'paid') {
    return makeEvent(
      account,
      'order.paid',
      { payment: { ...payment, status: 'captured' }, order: { ...order, status: 'paid' } },
      createdAt,
    );
  }
  if (status) {
    payment.status = status as RazorpayPayment['status'];
  }
  const type = payment.status === 'refunded' ? 'payment.captured' : `payment.${payment.status}`;
  return makeEvent(account, type, { payment }, createdAt);
}

/** A Razorpay error answer: `{ error: { code, description, source, step, reason, … } }`. */
export function rzpError(status: number, description: string, field?: string): SimResponse {
  return {
    status,
    json: {
      error: {
        code: status >= 500 ? 'SERVER_ERROR' : 'BAD_REQUEST_ERROR',
        description,
        source: field ? 'business' : 'NA',
        step: field ? 'payment_initiation' : 'NA',
        reason: field ? 'input_validation_failed' : 'NA',
        metadata: {},
        ...(field ? { field } : {}),
      },
    },
  };
}

/** Razorpay's answer (HTTP 400) for an id it does not know. */
export const NO_SUCH_ID = 'The id provided does not exist';

/** With `silent`, how long a new refund stays `pending` before it is processed (no webhook). */
export const SILENT_REFUND_SETTLE_MS = 20;

/** `notes` as Razorpay stores them: every value a string. */
export function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof v === 'object' && v !== null) {
    for (const [k, val] of Object.entries(v)) {
      out[k] = String(val);
    }
  }
  return out;
}

/** A list answer: `{ entity: 'collection', count, items }`. */
export function collection(items: unknown[]): SimResponse {
  return { status: 200, json: { entity: 'collection', count: items.length, items } };
}
