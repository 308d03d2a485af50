import type { GatewayCredentials, GatewayName } from '../modules/payments/gateways/gateway.ts';

/**
 * A local stand-in for a payment gateway: an HTTP server on 127.0.0.1 that speaks the gateway's
 * wire protocol (same paths, auth, bodies, status words) and signs its notifications exactly like
 * the real one, so an adapter pointed at it behaves as it would against the gateway. Tests and the
 * demo use these; nothing here is imported by production code paths other than the demo.
 */
export interface GatewaySimulator {
  readonly gateway: GatewayName;
  /** Base URL, e.g. `http://127.0.0.1:41234` (API paths hang off it as on the real gateway). */
  readonly url: string;
  /**
   * A new merchant account with random keys (all the secrets the gateway would give a merchant).
   * Requests are authenticated against these exactly as the gateway does.
   */
  createAccount(opts?: { webhookUrl?: string }): GatewayCredentials;
  /** Where this account's notifications go (the gateway's dashboard setting). */
  setWebhookUrl(secretKey: string, url: string): void;
  /** How the next charges behave (until changed). */
  behave(behaviour: SimBehaviour): void;
  /** The customer pays (scans the QR, completes checkout): the payment succeeds and is notified. */
  pay(ref: string): Promise<void>;
  /** The payment fails (declined) and is notified. */
  fail(ref: string): Promise<void>;
  /** The QR / request expires and is notified. */
  expire(ref: string): Promise<void>;
  /**
   * A notification for the payment's current state (or `status`, a gateway status word), signed
   * like the gateway signs — or deliberately not (`tamper`) — without sending it.
   */
  buildNotification(ref: string, opts?: { status?: string; tamper?: 'signature' | 'stale' }): SimNotification;
  /** POSTs a notification to the account's webhook URL; resolves with the HTTP status received. */
  deliver(notification: SimNotification): Promise<number>;
  /** Every notification sent so far with the status received (tests assert on it). */
  readonly sent: ReadonlyArray<{ notification: SimNotification; status: number }>;
  close(): Promise<void>;
}

export interface SimBehaviour {
  /**
   * What happens to a new charge: `pending` waits for `pay()` / the simulator page (QR default);
   * `succeed` completes it at once (card with a payment method default); `fail` declines;
   * `expire` lets it expire at once.
   */
  outcome?: 'pending' | 'succeed' | 'fail' | 'expire';
  /** Delay before each notification is sent (ms). */
  notifyDelayMs?: number;
  /** Delay before API responses (ms), to exercise client timeouts. */
  responseDelayMs?: number;
  /** Extra copies of every notification. */
  duplicates?: number;
  /** Send a payment's notifications newest first (e.g. settlement before pending). */
  outOfOrder?: boolean;
  /** Don't send notifications at all (status polling must find the outcome). */
  silent?: boolean;
  /** Answer API calls with HTTP 500 this many times first (retry tests). */
  failNextRequests?: number;
  /**
   * Gateways redeliver a notification the receiver did not take (non-2xx, no answer): these
   * delays, scaled down from the real schedules (Xendit 15 m … 12 h, Stripe up to 3 days).
   * Default `[50, 200, 800]`; `[]` delivers once.
   */
  retryDelaysMs?: number[];
}

/** The redelivery schedule of a behaviour (see `SimBehaviour.retryDelaysMs`). */
export function retryDelays(b: Readonly<SimBehaviour>): readonly number[] {
  return b.retryDelaysMs ?? [50, 200, 800];
}

export interface SimNotification {
  url: string;
  headers: Record<string, string>;
  body: string;
}
