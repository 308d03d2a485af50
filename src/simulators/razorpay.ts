import type { GatewayCredentials } from '../modules/payments/gateways/gateway.ts';
import {
  collection,
  currentEvent,
  failOrder,
  newOrder,
  NO_SUCH_ID,
  payOrder,
  refundPayment,
  rzpError,
  settleRefund,
  signEvent,
  SILENT_REFUND_SETTLE_MS,
  stringRecord,
  type RazorpayAccount,
  type RazorpayEvent,
  type RazorpayOrder,
  type RazorpayRefund,
} from './razorpay-simulator-state.ts';
import {
  BehaviourState,
  EVENT_NOTIFIER,
  Notifier,
  randomId,
  simBasics,
  simRoutes,
  startSimServer,
  unixNow,
  type SimRequest,
  type SimResponse,
} from './sim-kit.ts';
import { listedRows, type ListedPayment } from './sim-page.ts';
import type { GatewaySimulator, SimNotification } from './simulator.ts';

/**
 * A Razorpay stand-in: Orders, Payments (fetch, capture), Refunds under `/v1`, JSON bodies, HTTP
 * Basic `key_id:key_secret`, and webhooks signed with the webhook secret exactly as Razorpay
 * signs them (`X-Razorpay-Signature`, `X-Razorpay-Event-Id`). An order stays `created` until
 * `pay()` (or the demo page at `GET /`) makes a captured `pay_…` payment. Refunds are processed at
 * once (`refund.processed`); with `silent` they answer `pending` and are processed
 * `SILENT_REFUND_SETTLE_MS` later without a webhook, for the fetch-refund APIs to find.
 */
export interface RazorpaySimulator extends GatewaySimulator {
  /** Every API request received (control routes excluded), for tests that count attempts. */
  readonly requests: ReadonlyArray<{ method: string; path: string; status: number }>;
  /** Every order, across accounts. */
  listPayments(): ListedPayment[];
}

/** Starts the simulator on 127.0.0.1 (`port` 0 = any free port). */
export async function startRazorpaySimulator(opts: { port?: number } = {}): Promise<RazorpaySimulator> {
  const accounts = new Map<string, RazorpayAccount>(); // key id → account
  const owners = new Map<string, RazorpayAccount>(); // order id → account
  const behaviour = new BehaviourState();
  const notifier = new Notifier(behaviour, EVENT_NOTIFIER);
  const requests: Array<{ method: string; path: string; status: number }> = [];

  const builders = (events: RazorpayEvent[]) =>
    events.map((e) => () => (e.account.webhookUrl ? signEvent(e) : null));
  const notify = (events: RazorpayEvent[]) => notifier.send(builders(events));
  const notifyLater = (events: RazorpayEvent[]) => notifier.sendLater(builders(events));

  /** A pending refund is processed SILENT_REFUND_SETTLE_MS later (notified unless silent then). */
  const processSoon = (account: RazorpayAccount, r: RazorpayRefund) => {
    notifier.background(async () => {
      await new Promise((done) => setTimeout(done, SILENT_REFUND_SETTLE_MS));
      await notify(settleRefund(account, r));
    });
  };

  const createOrder = (account: RazorpayAccount, body: Record<string, unknown>): SimResponse => {
    const { amount, currency, receipt } = body;
    if (typeof amount !== 'number' || !Number.isInteger(amount)) {
      return rzpError(400, 'The amount must be an integer.', 'amount');
    }
    if (amount < 100) {
      return rzpError(400, 'Order amount less than minimum amount allowed', 'amount');
    }
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
      return rzpError(400, 'The currency field is required.', 'currency');
    }
    if (receipt !== undefined && (typeof receipt !== 'string' || receipt.length > 40)) {
      return rzpError(400, 'The receipt may not be greater than 40 characters.', 'receipt');
    }
    const order = newOrder(amount, currency, receipt ?? null, stringRecord(body.notes));
    account.orders.set(order.id, order);
    owners.set(order.id, account);
    const answer = structuredClone(order);
    // The behaviour decides what the customer does at once; the answer is the fresh order either way.
    switch (behaviour.value.outcome) {
      case 'succeed':
        notifyLater(payOrder(account, order));
        break;
      case 'fail':
        notifyLater(failOrder(account, order));
        break;
      case 'expire':
        account.expired.add(order.id);
        break;
      case 'pending':
      case undefined:
        break;
    }
    return { status: 200, json: answer };
  };

  const refund = (
    account: RazorpayAccount,
    paymentId: string,
    req: SimRequest,
    body: Record<string, unknown>,
  ) => {
    const key = req.headers['x-refund-idempotency'];
    const fingerprint = `${paymentId}:${JSON.stringify(body)}`;
    if (typeof key === 'string') {
      const stored = account.refundKeys.get(key);
      if (stored) {
        return stored.fingerprint === fingerprint
          ? { status: stored.status, json: stored.json }
          : rzpError(400, 'Different request with the same idempotency key has already been processed.');
      }
    }
    const payment = account.payments.get(paymentId);
    let res: SimResponse;
    if (!payment) {
      res = rzpError(400, NO_SUCH_ID);
    } else if (payment.status !== 'captured' && payment.status !== 'refunded') {
      res = rzpError(400, 'The payment has not been captured', 'id');
    } else {
      const remaining = payment.amount - payment.amount_refunded;
      const amount = body.amount === undefined ? remaining : body.amount;
      if (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0 || amount > remaining) {
        res = rzpError(400, 'The refund amount provided is greater than amount captured', 'amount');
      } else {
        const receipt = typeof body.receipt === 'string' ? body.receipt : null;
        // Silent: the refund stays pending a moment and is processed without a webhook, so only
        // the refund APIs can tell (what a lost refund.processed looks like to the merchant).
        const silent = behaviour.value.silent === true;
        const out = refundPayment(account, payment, amount, receipt, stringRecord(body.notes), silent);
        notifyLater(out.events);
        if (silent) {
          processSoon(account, out.refund);
        }
        res = { status: 200, json: structuredClone(out.refund) };
      }
    }
    if (typeof key === 'string') {
      account.refundKeys.set(key, { fingerprint, status: res.status, json: res.json });
    }
    return res;
  };

  const route = (account: RazorpayAccount, req: SimRequest): SimResponse => {
    let body: Record<string, unknown> = {};
    if (req.method === 'POST' && req.body.trim() !== '') {
      try {
        const parsed: unknown = JSON.parse(req.body);
        body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
      } catch {
        return rzpError(400, 'The request body is not valid JSON.');
      }
    }
    const [v1, resource, id, action, sub] = req.path.split('/').filter(Boolean).map(decodeURIComponent);
    const payments = [...account.payments.values()];
    if (v1 === 'v1' && resource === 'orders') {
      if (!id) {
        if (req.method === 'POST') {
          return createOrder(account, body);
        }
        const receipt = req.query.get('receipt');
        const orders = [...account.orders.values()].filter((o) => receipt === null || o.receipt === receipt);
        return collection(orders.reverse());
      }
      const order = account.orders.get(id);
      if (!order || req.method !== 'GET') {
        return rzpError(400, NO_SUCH_ID);
      }
      if (action === 'payments') {
        return collection(payments.filter((p) => p.order_id === id));
      }
      return action
        ? rzpError(400, 'The requested URL was not found on the server.')
        : { status: 200, json: order };
    }
    if (v1 === 'v1' && resource === 'payments' && id) {
      const payment = account.payments.get(id);
      if (!payment) {
        return rzpError(400, NO_SUCH_ID);
      }
      if (req.method === 'GET' && !action) {
        return { status: 200, json: payment };
      }
      if (req.method === 'GET' && action === 'refunds' && sub) {
        // Fetch a Specific Refund for a Payment: a refund of another payment does not exist here.
        const r = account.refunds.get(sub);
        return r?.payment_id === id ? { status: 200, json: r } : rzpError(400, NO_SUCH_ID);
      }
      if (req.method === 'GET' && action === 'refunds') {
        return collection([...account.refunds.values()].filter((r) => r.payment_id === id));
      }
      if (req.method === 'POST' && action === 'refund') {
        return refund(account, id, req, body);
      }
      if (req.method === 'POST' && action === 'capture') {
        if (payment.status !== 'authorized') {
          return rzpError(400, 'This payment has already been captured', 'id');
        }
        if (body.amount !== payment.amount) {
          return rzpError(400, 'Capture amount must be equal to the amount authorized', 'amount');
        }
        Object.assign(payment, { status: 'captured', captured: true });
        return { status: 200, json: payment };
      }
    }
    if (v1 === 'v1' && resource === 'refunds' && id && req.method === 'GET') {
      const r = account.refunds.get(id);
      return r ? { status: 200, json: r } : rzpError(400, NO_SUCH_ID);
    }
    return rzpError(400, 'The requested URL was not found on the server.');
  };

  /** Basic authentication around `route`. */
  const authenticated = (req: SimRequest): SimResponse => {
    const auth = req.headers.authorization ?? '';
    const [keyId, ...rest] = auth.startsWith('Basic ')
      ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')
      : [];
    const account = keyId ? accounts.get(keyId) : undefined;
    if (!account || account.keySecret !== rest.join(':')) {
      return rzpError(401, 'Authentication failed');
    }
    return route(account, req);
  };

  const orderOf = (ref: string): { account: RazorpayAccount; order: RazorpayOrder } => {
    const account = owners.get(ref);
    const order = account?.orders.get(ref);
    if (!account || !order) {
      throw new Error(`razorpay simulator: no order ${ref}`);
    }
    return { account, order };
  };

  const payable = (ref: string) => {
    const found = orderOf(ref);
    if (found.order.status === 'paid' || found.account.expired.has(ref)) {
      throw new Error(`razorpay simulator: ${ref} is ${found.order.status === 'paid' ? 'paid' : 'expired'}`);
    }
    return found;
  };

  const listPayments = () =>
    [...owners.values()]
      .flatMap((a) => [...a.orders.values()].map((o) => ({ a, o })))
      .map(({ a, o }) => ({
        ref: o.id,
        status: a.expired.has(o.id) ? 'expired' : o.status,
        amount: o.amount,
        currency: o.currency,
        reference: o.receipt ?? '',
      }));

  // The server starts first so the simulator knows its URL; requests only arrive once it is returned.
  const server = await startSimServer(
    opts.port ?? 0,
    simRoutes({
      title: 'Razorpay simulator',
      rows: () => listedRows(listPayments()),
      control: (ref, action) => sim[action](ref),
      api: async (req) => {
        const res = await behaviour.guard(
          rzpError(500, 'The server encountered an error. The incident has been reported to admins.'),
          () => authenticated(req),
        );
        requests.push({ method: req.method, path: req.path, status: res.status });
        return res;
      },
    }),
  );

  const sim: RazorpaySimulator = {
    gateway: 'razorpay',
    url: server.url,
    requests,
    listPayments,

    createAccount(o: { webhookUrl?: string } = {}): GatewayCredentials {
      const account: RazorpayAccount = {
        accountId: randomId('acc_', 14),
        keyId: randomId('rzp_test_', 14),
        keySecret: randomId('', 24),
        webhookSecret: randomId('', 20),
        webhookUrl: o.webhookUrl,
        orders: new Map(),
        payments: new Map(),
        refunds: new Map(),
        refundKeys: new Map(),
        expired: new Set(),
        history: new Map(),
      };
      accounts.set(account.keyId, account);
      return {
        baseUrl: server.url,
        keyId: account.keyId,
        secretKey: account.keySecret,
        webhookSecret: account.webhookSecret,
      };
    },

    setWebhookUrl(secretKey: string, url: string): void {
      const account = [...accounts.values()].find((a) => a.keySecret === secretKey);
      if (!account) {
        throw new Error('razorpay simulator: unknown key secret');
      }
      account.webhookUrl = url;
    },

    async pay(ref: string): Promise<void> {
      const { account, order } = payable(ref);
      await notify(payOrder(account, order));
    },

    async fail(ref: string): Promise<void> {
      const { account, order } = payable(ref);
      await notify(failOrder(account, order));
    },

    async expire(ref: string): Promise<void> {
      // Razorpay orders do not expire and no webhook exists for it: the simulator only stops the
      // order from being paid. Status polling keeps answering `pending` (no payments).
      const { account } = payable(ref);
      account.expired.add(ref);
    },

    buildNotification(
      ref: string,
      o: { status?: string; tamper?: 'signature' | 'stale' } = {},
    ): SimNotification {
      const { account, order } = orderOf(ref);
      if (o.tamper === 'stale') {
        // Razorpay signs no timestamp, so "stale" cannot mean an expired signature: it is a
        // correctly signed copy of this order's oldest event (same event id), as a replay
        // attacker or a very late retry would deliver it — or, if none was emitted yet, a
        // correctly signed event dated ten minutes ago. Receivers must accept it and de-duplicate.
        const oldest = account.history.get(ref)?.[0];
        return signEvent(oldest ?? currentEvent(account, order, o.status, unixNow() - 600));
      }
      return signEvent(currentEvent(account, order, o.status), o.tamper);
    },

    ...simBasics(behaviour, notifier, server),
  };

  return sim;
}
