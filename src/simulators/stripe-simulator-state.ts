import { hmacSha256Hex } from '../platform/crypto/secrets.ts';
import { randomId, unixNow } from './sim-kit.ts';
import type { SimNotification } from './simulator.ts';
import type {
  StripeAccount,
  StripeCharge,
  StripeErrorBody,
  StripeEvent,
  StripeIntent,
  StripeRefund,
  TestCard,
} from './stripe-simulator-types.ts';

/**
 * The Stripe simulator's in-memory objects (accounts, PaymentIntents, Charges, Refunds) and the
 * state changes a real account goes through, each returning the events Stripe would emit. Object
 * shapes follow the Stripe API (only the fields Kasir or a reader of the dashboard would use).
 */

const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: 'visa', last4: '4242', fixed: 'succeed' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', fixed: { decline: 'generic_decline' } },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: 'visa',
    last4: '9995',
    fixed: { decline: 'insufficient_funds' },
  },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
  pm_card_amex: { brand: 'amex', last4: '8431' },
};

/** The card a payment method id stands for (unknown `pm_…` ids behave like an undistinguished Visa). */
export function testCard(paymentMethod: string): TestCard {
  return TEST_CARDS[paymentMethod] ?? { brand: 'visa', last4: '4242' };
}

/** `evt_…` with the object snapshot in `data.object`. */
export function makeEvent(
  account: StripeAccount,
  type: string,
  object: unknown,
  created = unixNow(),
): StripeEvent {
  const id = randomId('evt_', 24);
  const body = JSON.stringify({
    id,
    object: 'event',
    api_version: '2024-06-20',
    created,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  });
  return { id, type, body, account };
}

/**
 * Signs an event exactly as Stripe does: `t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>`.
 * `tamper: 'signature'` signs with a wrong secret; `'stale'` backdates t by 600 s (over the 300 s
 * tolerance) with a correct signature.
 */
export function signEvent(event: StripeEvent, tamper?: 'signature' | 'stale'): SimNotification {
  const t = unixNow() - (tamper === 'stale' ? 600 : 0);
  const secret = tamper === 'signature' ? `${event.account.webhookSecret}x` : event.account.webhookSecret;
  const v1 = hmacSha256Hex(secret, `${t}.${event.body}`);
  return {
    url: event.account.webhookUrl ?? '',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'stripe-signature': `t=${t},v1=${v1}`,
    },
    body: event.body,
  };
}

function snapshot<T>(o: T): T {
  return structuredClone(o);
}

/** A new PaymentIntent in `requires_payment_method`. */
export function newIntent(params: {
  amount: number;
  currency: string;
  description: string | null;
  metadata: Record<string, string>;
  paymentMethodTypes: string[];
}): StripeIntent {
  const id = randomId('pi_', 24);
  return {
    id,
    object: 'payment_intent',
    amount: params.amount,
    amount_capturable: 0,
    amount_received: 0,
    capture_method: 'automatic',
    client_secret: `${id}_secret_${randomId('', 25)}`,
    confirmation_method: 'automatic',
    created: unixNow(),
    currency: params.currency,
    description: params.description,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: params.metadata,
    next_action: null,
    payment_method: null,
    payment_method_types: params.paymentMethodTypes,
    status: 'requires_payment_method',
    canceled_at: null,
    cancellation_reason: null,
  };
}

function newCharge(
  pi: StripeIntent,
  pmId: string,
  card: TestCard,
  ok: boolean,
  decline?: string,
): StripeCharge {
  const id = randomId('ch_', 24);
  return {
    id,
    object: 'charge',
    amount: pi.amount,
    amount_captured: ok ? pi.amount : 0,
    amount_refunded: 0,
    captured: ok,
    created: unixNow(),
    currency: pi.currency,
    description: pi.description,
    failure_code: ok ? null : 'card_declined',
    failure_message: ok ? null : 'Your card was declined.',
    livemode: false,
    // Charges created by a PaymentIntent carry its metadata, so charge events name our payment.
    metadata: { ...pi.metadata },
    outcome: ok
      ? { type: 'authorized', network_status: 'approved_by_network', seller_message: 'Payment complete.' }
      : {
          type: 'issuer_declined',
          network_status: 'declined_by_network',
          seller_message: decline ?? 'declined',
        },
    paid: ok,
    payment_intent: pi.id,
    payment_method: pmId,
    payment_method_details: {
      type: 'card',
      card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: 2034, funding: 'credit' },
    },
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/charges/${id}/refunds` },
    status: ok ? 'succeeded' : 'failed',
  };
}

/** The card payment went through: a succeeded charge and a succeeded PaymentIntent. */
export function succeedIntent(
  account: StripeAccount,
  pi: StripeIntent,
  paymentMethod: string,
): StripeEvent[] {
  const pmId = randomId('pm_', 24);
  const charge = newCharge(pi, pmId, testCard(paymentMethod), true);
  account.charges.set(charge.id, charge);
  Object.assign(pi, {
    status: 'succeeded',
    amount_received: pi.amount,
    latest_charge: charge.id,
    payment_method: pmId,
    last_payment_error: null,
    next_action: null,
  });
  return [
    makeEvent(account, 'charge.succeeded', snapshot(charge)),
    makeEvent(account, 'payment_intent.succeeded', snapshot(pi)),
  ];
}

/**
 * The card was declined: a failed charge, and the PaymentIntent back in requires_payment_method
 * with `last_payment_error` (Stripe detaches the failed method so another can be tried).
 */
export function declineIntent(
  account: StripeAccount,
  pi: StripeIntent,
  paymentMethod: string,
  declineCode = 'generic_decline',
): { error: StripeErrorBody; events: StripeEvent[] } {
  const card = testCard(paymentMethod);
  const pmId = randomId('pm_', 24);
  const charge = newCharge(pi, pmId, card, false, declineCode);
  account.charges.set(charge.id, charge);
  const error: StripeErrorBody = {
    type: 'card_error',
    code: 'card_declined',
    decline_code: declineCode,
    message:
      declineCode === 'insufficient_funds' ? 'Your card has insufficient funds.' : 'Your card was declined.',
    charge: charge.id,
    doc_url: 'https://stripe.com/docs/error-codes/card-declined',
    payment_method: {
      id: pmId,
      object: 'payment_method',
      type: 'card',
      card: { brand: card.brand, last4: card.last4 },
    },
  };
  Object.assign(pi, {
    status: 'requires_payment_method',
    latest_charge: charge.id,
    payment_method: null,
    last_payment_error: error,
    next_action: null,
  });
  return {
    error: { ...error, payment_intent: snapshot(pi) },
    events: [
      makeEvent(account, 'charge.failed', snapshot(charge)),
      makeEvent(account, 'payment_intent.payment_failed', snapshot(pi)),
    ],
  };
}

/** 3-D Secure (or a terminal prompt) is needed: the customer must act, then `pay()` completes it. */
export function requireAction(
  account: StripeAccount,
  pi: StripeIntent,
  paymentMethod: string,
): StripeEvent[] {
  Object.assign(pi, {
    status: 'requires_action',
    payment_method: paymentMethod,
    next_action: { type: 'use_stripe_sdk' },
  });
  return [makeEvent(account, 'payment_intent.requires_action', snapshot(pi))];
}

/** Statuses from which Stripe lets a PaymentIntent be canceled. */
export const CANCELABLE = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];

/** The PaymentIntent is canceled (by the API, or `abandoned` when the simulator lets it expire). */
export function cancelIntent(account: StripeAccount, pi: StripeIntent, reason: string): StripeEvent[] {
  Object.assign(pi, {
    status: 'canceled',
    canceled_at: unixNow(),
    cancellation_reason: reason,
    next_action: null,
  });
  return [makeEvent(account, 'payment_intent.canceled', snapshot(pi))];
}

/** A refund starts `pending`; `settleRefund` finishes it (card refunds settle asynchronously). */
export function newRefund(
  account: StripeAccount,
  charge: StripeCharge,
  amount: number,
  metadata: Record<string, string>,
  reason: string | null,
): StripeRefund {
  const refund: StripeRefund = {
    id: randomId('re_', 24),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: unixNow(),
    currency: charge.currency,
    metadata,
    payment_intent: charge.payment_intent,
    reason,
    status: 'pending',
  };
  account.refunds.set(refund.id, refund);
  // Newest first, as Stripe lists them.
  charge.refunds.data.unshift(refund);
  charge.refunds.total_count++;
  return refund;
}

/** The pending refund succeeded: the charge shows it, then `charge.refunded` and `refund.updated`. */
export function settleRefund(account: StripeAccount, refund: StripeRefund): StripeEvent[] {
  const charge = account.charges.get(refund.charge);
  if (!charge || refund.status !== 'pending') {
    return [];
  }
  refund.status = 'succeeded';
  charge.amount_refunded += refund.amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  return [
    makeEvent(account, 'charge.refunded', snapshot(charge)),
    makeEvent(account, 'refund.updated', snapshot(refund)),
  ];
}

/** The event type that describes a PaymentIntent in `status` (for buildNotification). */
export function eventTypeFor(pi: StripeIntent): string {
  switch (pi.status) {
    case 'succeeded':
      return 'payment_intent.succeeded';
    case 'canceled':
      return 'payment_intent.canceled';
    case 'requires_capture':
      return 'payment_intent.amount_capturable_updated';
    case 'processing':
      return 'payment_intent.processing';
    case 'requires_action':
      return 'payment_intent.requires_action';
    default:
      return pi.last_payment_error ? 'payment_intent.payment_failed' : 'payment_intent.created';
  }
}
