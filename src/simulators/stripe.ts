import type { GatewayCredentials } from '../modules/payments/gateways/gateway.ts';
import {
  BehaviourState,
  EVENT_NOTIFIER,
  Notifier,
  randomId,
  simBasics,
  simRoutes,
  startSimServer,
  type SimRequest,
  type SimResponse,
} from './sim-kit.ts';
import { listedRows, type ListedPayment } from './sim-page.ts';
import type { GatewaySimulator, SimBehaviour, SimNotification } from './simulator.ts';
import { clientCall, publishableKeyOf, withCors } from './stripe-simulator-client.ts';
import {
  metadataOf,
  missing,
  noSuch,
  positiveInt,
  stripeApiCall,
  stripeError,
} from './stripe-simulator-api.ts';
import {
  CANCELABLE,
  cancelIntent,
  declineIntent,
  eventTypeFor,
  makeEvent,
  newIntent,
  newRefund,
  requireAction,
  settleRefund,
  signEvent,
  succeedIntent,
  testCard,
} from './stripe-simulator-state.ts';
import type { StripeAccount, StripeEvent, StripeIntent } from './stripe-simulator-types.ts';

/**
 * A Stripe stand-in: PaymentIntents (create / retrieve / confirm / cancel), Refunds and Charges
 * under `/v1`, form-encoded, Bearer-authenticated, Idempotency-Key honoured, and events signed
 * with `Stripe-Signature` exactly as Stripe signs them. `GET /` is a demo page with Pay / Fail /
 * Expire buttons; `POST /_sim/payments/{pi}/pay|fail|expire` are the JSON control routes.
 */
export interface StripeSimulator extends GatewaySimulator {
  /** Every API request received (control routes excluded), for tests that count attempts. */
  readonly requests: ReadonlyArray<{ method: string; path: string; status: number; replayed: boolean }>;
  /** Every PaymentIntent, across accounts. */
  listPayments(): ListedPayment[];
}

type Form = URLSearchParams;

/** How long after its creation a card refund (`pending`) succeeds. */
export const REFUND_SETTLE_MS = 5;

/** Starts the simulator on 127.0.0.1 (`port` 0 = any free port). */
export async function startStripeSimulator(opts: { port?: number } = {}): Promise<StripeSimulator> {
  const accounts = new Map<string, StripeAccount>();
  const owners = new Map<string, StripeAccount>(); // pi id → account
  const behaviour = new BehaviourState();
  const notifier = new Notifier(behaviour, EVENT_NOTIFIER);
  const requests: Array<{ method: string; path: string; status: number; replayed: boolean }> = [];

  // Signed when sent, so the signature's timestamp is the delivery's, as Stripe's is.
  const builders = (events: StripeEvent[]) =>
    events.map((e) => () => (e.account.webhookUrl ? signEvent(e) : null));
  const notify = (events: StripeEvent[]) => notifier.send(builders(events));
  const notifyLater = (events: StripeEvent[]) => notifier.sendLater(builders(events));

  /** Card refunds settle asynchronously: pending now, succeeded REFUND_SETTLE_MS later, then notified. */
  const settleSoon = (account: StripeAccount, refundId: string) => {
    notifier.background(async () => {
      await new Promise((r) => setTimeout(r, REFUND_SETTLE_MS));
      const refund = account.refunds.get(refundId);
      if (refund) {
        await notify(settleRefund(account, refund));
      }
    });
  };

  /** Confirms with a payment method; returns the API answer and queues the events. */
  const confirm = (account: StripeAccount, pi: StripeIntent, paymentMethod: string): SimResponse => {
    const card = testCard(paymentMethod);
    const outcome: SimBehaviour['outcome'] =
      card.fixed === 'succeed' ? 'succeed' : card.fixed ? 'fail' : (behaviour.value.outcome ?? 'succeed');
    switch (outcome) {
      case 'succeed':
        notifyLater(succeedIntent(account, pi, paymentMethod));
        return { status: 200, json: pi };
      case 'fail': {
        const decline = typeof card.fixed === 'object' ? card.fixed.decline : 'generic_decline';
        const { error, events } = declineIntent(account, pi, paymentMethod, decline);
        notifyLater(events);
        return stripeError(402, error);
      }
      case 'pending':
        notifyLater(requireAction(account, pi, paymentMethod));
        return { status: 200, json: pi };
      case 'expire':
        notifyLater(cancelIntent(account, pi, 'abandoned'));
        return { status: 200, json: pi };
    }
  };

  const createIntent = (account: StripeAccount, form: Form): SimResponse => {
    const amount = positiveInt(form.get('amount'));
    if (amount === null) {
      return missing('amount');
    }
    const currency = form.get('currency');
    if (!currency || !/^[a-z]{3}$/.test(currency)) {
      return missing('currency');
    }
    const types = form.getAll('payment_method_types[]');
    const pi = newIntent({
      amount,
      currency,
      description: form.get('description'),
      metadata: metadataOf(form),
      paymentMethodTypes: types.length > 0 ? types : ['card'],
    });
    account.intents.set(pi.id, pi);
    owners.set(pi.id, account);
    const pm = form.get('payment_method');
    if (pm && form.get('confirm') === 'true') {
      return confirm(account, pi, pm);
    }
    if (pm) {
      pi.payment_method = pm;
      pi.status = 'requires_confirmation';
      return { status: 200, json: pi };
    }
    // No payment method: the customer pays later on a terminal or checkout page, unless the
    // behaviour says how that goes right away.
    switch (behaviour.value.outcome) {
      case 'succeed':
        notifyLater(succeedIntent(account, pi, 'pm_card_visa'));
        break;
      case 'fail':
        notifyLater(declineIntent(account, pi, 'pm_card_chargeDeclined').events);
        break;
      case 'expire':
        notifyLater(cancelIntent(account, pi, 'abandoned'));
        break;
      case 'pending':
      case undefined:
        // Stripe would send payment_intent.created to endpoints subscribed to it; Kasir's is not.
        break;
    }
    return { status: 200, json: pi };
  };

  const createRefund = (account: StripeAccount, form: Form): SimResponse => {
    const piId = form.get('payment_intent');
    if (!piId) {
      return missing('payment_intent');
    }
    const pi = account.intents.get(piId);
    if (!pi) {
      return noSuch('payment_intent', piId);
    }
    const charge = pi.latest_charge ? account.charges.get(pi.latest_charge) : undefined;
    if (pi.status !== 'succeeded' || !charge?.paid) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'charge_not_refundable',
        message: `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
      });
    }
    const pendingOrDone = charge.refunds.data
      .filter((r) => r.status === 'pending' || r.status === 'succeeded')
      .reduce((sum, r) => sum + r.amount, 0);
    const remaining = charge.amount - pendingOrDone;
    const amount = form.has('amount') ? positiveInt(form.get('amount')) : remaining;
    if (amount === null || amount > remaining) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: remaining === 0 ? 'charge_already_refunded' : 'amount_too_large',
        param: 'amount',
        message: `Refund amount (${form.get('amount')}) is greater than unrefunded amount on charge (${remaining}).`,
      });
    }
    const refund = newRefund(account, charge, amount, metadataOf(form), form.get('reason'));
    settleSoon(account, refund.id);
    return { status: 200, json: structuredClone(refund) };
  };

  const route = (account: StripeAccount, req: SimRequest): SimResponse => {
    const form = new URLSearchParams(req.body);
    const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent);
    const [v1, resource, id, action] = parts;
    if (v1 === 'v1' && resource === 'payment_intents') {
      if (req.method === 'POST' && !id) {
        return createIntent(account, form);
      }
      const pi = id ? account.intents.get(id) : undefined;
      if (!id || !pi) {
        return noSuch('payment_intent', id ?? '');
      }
      if (req.method === 'GET' && !action) {
        const expand = req.query.getAll('expand[]').includes('latest_charge');
        const charge = expand && pi.latest_charge ? account.charges.get(pi.latest_charge) : undefined;
        return { status: 200, json: charge ? { ...pi, latest_charge: charge } : pi };
      }
      if (req.method === 'POST' && (action === 'cancel' || action === 'confirm')) {
        const allowed =
          action === 'cancel'
            ? CANCELABLE
            : ['requires_payment_method', 'requires_confirmation', 'requires_action'];
        if (!allowed.includes(pi.status)) {
          return stripeError(400, {
            type: 'invalid_request_error',
            code: 'payment_intent_unexpected_state',
            message: `You cannot ${action} this PaymentIntent because it has a status of ${pi.status}.`,
            payment_intent: structuredClone(pi),
          });
        }
        if (action === 'cancel') {
          notifyLater(cancelIntent(account, pi, form.get('cancellation_reason') ?? 'requested_by_customer'));
          return { status: 200, json: pi };
        }
        const pm = form.get('payment_method') ?? pi.payment_method;
        return pm ? confirm(account, pi, pm) : missing('payment_method');
      }
    }
    if (v1 === 'v1' && resource === 'refunds') {
      if (req.method === 'POST' && !id) {
        return createRefund(account, form);
      }
      const refund = id ? account.refunds.get(id) : undefined;
      if (req.method === 'GET' && refund) {
        return { status: 200, json: refund };
      }
      return noSuch('refund', id ?? '');
    }
    if (v1 === 'v1' && resource === 'charges' && req.method === 'GET' && id) {
      const charge = account.charges.get(id);
      return charge ? { status: 200, json: charge } : noSuch('charge', id);
    }
    return stripeError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${req.method}: ${req.path}).`,
    });
  };

  const intentOf = (ref: string): { account: StripeAccount; pi: StripeIntent } => {
    const account = owners.get(ref);
    const pi = account?.intents.get(ref);
    if (!account || !pi) {
      throw new Error(`stripe simulator: no PaymentIntent ${ref}`);
    }
    return { account, pi };
  };

  const listPayments = () =>
    [...new Set(owners.values())]
      .flatMap((a) => [...a.intents.values()])
      .map((pi) => ({
        ref: pi.id,
        status: pi.status,
        amount: pi.amount,
        currency: pi.currency,
        reference: pi.metadata.kasir_payment_id ?? '',
      }));

  // The server starts first so the simulator knows its URL; requests only arrive once it is returned.
  const server = await startSimServer(
    opts.port ?? 0,
    simRoutes({
      title: 'Stripe simulator',
      rows: () => listedRows(listPayments()),
      control: (ref, action) => sim[action](ref),
      api: async (req) => {
        const pk = publishableKeyOf(req);
        if (pk !== null || req.method === 'OPTIONS') {
          // A browser's call (Stripe.js): the publishable key and a client secret, nothing more.
          const account = [...accounts.values()].find((a) => a.publishableKey === pk);
          const res = withCors(
            req.method === 'OPTIONS' ? { status: 204, body: '' } : clientCall(req, account, confirm),
          );
          requests.push({ method: req.method, path: req.path, status: res.status, replayed: false });
          return res;
        }
        const { res, replayed } = await stripeApiCall(req, accounts, behaviour, route);
        requests.push({ method: req.method, path: req.path, status: res.status, replayed });
        return res;
      },
    }),
  );

  const sim: StripeSimulator = {
    gateway: 'stripe',
    url: server.url,
    requests,
    listPayments,

    createAccount(o: { webhookUrl?: string } = {}): GatewayCredentials {
      const account: StripeAccount = {
        secretKey: randomId('sk_test_', 32),
        publishableKey: randomId('pk_test_', 32),
        webhookSecret: randomId('whsec_', 32),
        webhookUrl: o.webhookUrl,
        intents: new Map(),
        charges: new Map(),
        refunds: new Map(),
        idempotency: new Map(),
      };
      accounts.set(account.secretKey, account);
      return {
        baseUrl: sim.url,
        secretKey: account.secretKey,
        // Stripe's publishable key is the account's public id for browsers (GatewayCredentials.keyId).
        keyId: account.publishableKey,
        webhookSecret: account.webhookSecret,
      };
    },

    setWebhookUrl(secretKey: string, url: string): void {
      const account = accounts.get(secretKey);
      if (!account) {
        throw new Error('stripe simulator: unknown secret key');
      }
      account.webhookUrl = url;
    },

    async pay(ref: string): Promise<void> {
      const { account, pi } = intentOf(ref);
      if (
        !['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing'].includes(
          pi.status,
        )
      ) {
        throw new Error(`stripe simulator: ${ref} is ${pi.status}, it cannot be paid`);
      }
      await notify(succeedIntent(account, pi, 'pm_card_visa'));
    },

    async fail(ref: string): Promise<void> {
      const { account, pi } = intentOf(ref);
      if (pi.status === 'succeeded' || pi.status === 'canceled') {
        throw new Error(`stripe simulator: ${ref} is ${pi.status}, it cannot fail`);
      }
      await notify(declineIntent(account, pi, 'pm_card_chargeDeclined').events);
    },

    async expire(ref: string): Promise<void> {
      // Stripe has no expiry for PaymentIntents; an abandoned one is canceled (`abandoned`).
      const { account, pi } = intentOf(ref);
      if (!CANCELABLE.includes(pi.status)) {
        throw new Error(`stripe simulator: ${ref} is ${pi.status}, it cannot expire`);
      }
      await notify(cancelIntent(account, pi, 'abandoned'));
    },

    buildNotification(
      ref: string,
      o: { status?: string; tamper?: 'signature' | 'stale' } = {},
    ): SimNotification {
      const { account, pi } = intentOf(ref);
      const copy: StripeIntent = structuredClone(pi);
      if (o.status) {
        copy.status = o.status;
      }
      return signEvent(makeEvent(account, eventTypeFor(copy), copy), o.tamper);
    },

    ...simBasics(behaviour, notifier, server),
  };

  return sim;
}
