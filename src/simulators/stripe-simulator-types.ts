/**
 * Object shapes of the Stripe simulator, following the Stripe API (only the fields Kasir, or a
 * person reading the simulator's answers, would use).
 */

/** The `error` object of a Stripe error answer (also a PaymentIntent's `last_payment_error`). */
export interface StripeErrorBody {
  type: 'card_error' | 'invalid_request_error' | 'idempotency_error' | 'api_error';
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  charge?: string;
  doc_url?: string;
  payment_intent?: StripeIntent;
  payment_method?: unknown;
}

/** A PaymentIntent (`pi_…`). */
export interface StripeIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  capture_method: 'automatic';
  client_secret: string;
  confirmation_method: 'automatic';
  created: number;
  currency: string;
  description: string | null;
  last_payment_error: StripeErrorBody | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  next_action: { type: string } | null;
  payment_method: string | null;
  payment_method_types: string[];
  status: string;
  canceled_at: number | null;
  cancellation_reason: string | null;
}

/** A Refund (`re_…`). */
export interface StripeRefund {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: null;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string | null;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled' | 'requires_action';
}

/** A Charge (`ch_…`): one card attempt on a PaymentIntent, with its card details and refunds. */
export interface StripeCharge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: boolean;
  created: number;
  currency: string;
  description: string | null;
  failure_code: string | null;
  failure_message: string | null;
  livemode: false;
  metadata: Record<string, string>;
  outcome: { type: string; network_status: string; seller_message: string };
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  payment_method_details: {
    type: 'card';
    card: { brand: string; last4: string; exp_month: number; exp_year: number; funding: string };
  };
  refunded: boolean;
  refunds: { object: 'list'; data: StripeRefund[]; has_more: false; total_count: number; url: string };
  status: 'succeeded' | 'failed' | 'pending';
}

/** One stored idempotent response (Stripe keeps them ~24 h; we keep them for the process). */
export interface StoredResponse {
  fingerprint: string;
  status: number;
  json: unknown;
}

/** A merchant account: its keys, webhook endpoint and objects. */
export interface StripeAccount {
  secretKey: string;
  /** `pk_…`: what a browser holds (Stripe.js): confirms a PaymentIntent by its client secret. */
  publishableKey: string;
  webhookSecret: string;
  webhookUrl?: string;
  intents: Map<string, StripeIntent>;
  charges: Map<string, StripeCharge>;
  refunds: Map<string, StripeRefund>;
  idempotency: Map<string, StoredResponse>;
}

/** An event built at the moment of the state change: its body is a snapshot, signed when sent. */
export interface StripeEvent {
  id: string;
  type: string;
  body: string;
  account: StripeAccount;
}

/** A test card: what `pm_card_…` stands for, and whether the number itself decides the outcome. */
export interface TestCard {
  brand: string;
  last4: string;
  /** `succeed` / a decline code for the magic test methods; undefined lets the behaviour decide. */
  fixed?: 'succeed' | { decline: string };
}
