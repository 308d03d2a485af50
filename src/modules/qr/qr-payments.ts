import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { qrSvg, type GatewayName } from '../payments/index.ts';
import type { PayMethod } from './qr.contracts.ts';
import * as repo from './qr.repo.ts';

/** What paying from the phone needs of payments and the floor (given by the app). */
export interface QrPayDeps {
  /** Takes a gateway payment for the order (the payments module's `create`). */
  createGatewayPayment: (
    tx: Tx,
    ctx: ServiceContext,
    orderId: string,
    input: {
      id: string;
      gateway: GatewayName;
      channel: string;
      completeOrder: true;
      amount?: number;
    },
  ) => Promise<{
    id: string;
    status: string;
    amount: number;
    qrString: string | null;
    clientSecret: string | null;
    actionUrl: string | null;
  }>;
  /** The business's gateway accounts (no secrets): which of them are enabled, Stripe's publishable key. */
  gatewayAccounts: (
    db: Executor,
    ctx: ServiceContext,
  ) => Promise<{ gateway: GatewayName; enabled: boolean; keyId: string | null; baseUrl: string }[]>;
  /** The floor's "ask for the bill" on the order. */
  requestBill: (tx: Tx, ctx: ServiceContext, orderId: string) => Promise<unknown>;
  /** The order's lines and balance (the orders module's `get`). */
  orderLines: (
    db: Executor,
    ctx: ServiceContext,
    orderId: string,
  ) => Promise<{ lines: { id: string; status: string; total: number }[]; balanceAmount: number }>;
}

/**
 * "Pay for my items": the total of the chosen lines, which must be lines this customer's QR order
 * put on the table order and still live there; at most the balance (pure).
 */
export function myItemsAmount(
  own: readonly string[],
  chosen: readonly string[],
  order: { lines: { id: string; status: string; total: number }[]; balanceAmount: number },
): number {
  const byId = new Map(order.lines.map((l) => [l.id, l]));
  let sum = 0;
  for (const id of new Set(chosen)) {
    const l = byId.get(id);
    if (!own.includes(id) || !l || l.status === 'voided') {
      throw new AppError('request.invalid', 'Pick lines of your own order.', { lineId: id });
    }
    sum += l.total;
  }
  if (order.balanceAmount <= 0) {
    throw new AppError('qr_orders.conflict', 'The bill is paid already.');
  }
  return Math.min(sum, order.balanceAmount);
}

type GatewayMethod = Exclude<PayMethod, 'counter'>;

/**
 * Which gateway and channel each way of paying from the phone goes through, in order of
 * preference: QRIS by Midtrans or Xendit, the e-wallets by Midtrans (a deeplink into the app; the
 * Xendit adapter takes QRIS only), cards by Stripe (the phone confirms the PaymentIntent).
 */
const ROUTES: Record<GatewayMethod, readonly { gateway: GatewayName; channel: string }[]> = {
  qris: [
    { gateway: 'midtrans', channel: 'qris' },
    { gateway: 'xendit', channel: 'qris' },
  ],
  gopay: [{ gateway: 'midtrans', channel: 'gopay' }],
  shopeepay: [{ gateway: 'midtrans', channel: 'shopeepay' }],
  card: [{ gateway: 'stripe', channel: 'card' }],
};
type Account = Awaited<ReturnType<QrPayDeps['gatewayAccounts']>>[number];

/** The account a method goes through, or null: enabled, and for cards with a publishable key (pure). */
export function accountFor(method: GatewayMethod, accounts: readonly Account[]) {
  for (const route of ROUTES[method]) {
    const a = accounts.find((x) => x.gateway === route.gateway && x.enabled);
    if (a && (method !== 'card' || a.keyId)) {
      return { account: a, channel: route.channel };
    }
  }
  return null;
}

/**
 * Paying from the phone, for the table's order the customer's order joined: through the business's
 * gateway (QRIS, an e-wallet, a card — `ROUTES`; the payment completes the order when the gateway
 * confirms it — a webhook, or the status poller), or "pay at the counter" (the table asks for the
 * bill, staff see it on the floor plan).
 */
export interface PayResult {
  method: PayMethod;
  paymentId: string | null;
  status: string;
  amount: number;
  qrSvg: string | null;
  actionUrl: string | null;
  card: { clientSecret: string; publishableKey: string; apiBase: string } | null;
}

export function createQrPayments(deps: QrPayDeps) {
  function acceptedOrder(row: repo.QrOrderRow): string {
    if (!row.order_id) {
      throw new AppError('qr_orders.conflict', 'The staff have not accepted this order yet.');
    }
    return row.order_id;
  }
  return {
    /** The ways this business takes payment from the phone (always the counter); cards in test mode? */
    async methods(
      db: Executor,
      ctx: ServiceContext,
    ): Promise<{ payMethods: PayMethod[]; cardTestMode: boolean }> {
      const accounts = await deps.gatewayAccounts(db, ctx);
      const online = (Object.keys(ROUTES) as GatewayMethod[]).filter((m) => accountFor(m, accounts));
      const card = accountFor('card', accounts);
      return {
        payMethods: [...online, 'counter'],
        cardTestMode: card?.account.keyId?.startsWith('pk_test_') ?? false,
      };
    },

    async payByGateway(
      tx: Tx,
      ctx: ServiceContext,
      row: repo.QrOrderRow,
      input: { id: string; method: GatewayMethod; lineIds?: string[] | undefined },
    ): Promise<PayResult> {
      const orderId = acceptedOrder(row);
      if (input.lineIds) {
        // One customer order's lines are paid one payment at a time: its row lock orders the check
        // and the claim, so two phones cannot both pay a line.
        await repo.findQrOrder(tx, ctx.tenantId, row.id, true);
        const taken = await repo.takenLineIds(tx, ctx.tenantId, { lineIds: input.lineIds });
        if (taken.length > 0) {
          throw new AppError('qr_orders.line_already_paid', 'Some of these items are paid already.', {
            lineIds: taken,
          });
        }
      }
      const amount = input.lineIds
        ? myItemsAmount(row.line_ids, input.lineIds, await deps.orderLines(tx, ctx, orderId))
        : undefined;
      const via = accountFor(input.method, await deps.gatewayAccounts(tx, ctx));
      if (!via) {
        throw new AppError(
          'payments.gateway_not_configured',
          `This business takes no ${input.method} payments here; pay at the counter.`,
        );
      }
      const p = await deps.createGatewayPayment(tx, ctx, orderId, {
        id: input.id,
        gateway: via.account.gateway,
        channel: via.channel,
        completeOrder: true,
        ...(amount !== undefined ? { amount } : {}),
      });
      if (input.lineIds) {
        await repo.insertPaymentLines(tx, ctx.tenantId, p.id, row.id, input.lineIds);
      }
      return {
        method: input.method,
        paymentId: p.id,
        status: p.status,
        amount: p.amount,
        qrSvg: input.method === 'qris' && p.qrString ? await qrSvg(p.qrString) : null,
        actionUrl: input.method === 'gopay' || input.method === 'shopeepay' ? p.actionUrl : null,
        card:
          input.method === 'card' && p.clientSecret && via.account.keyId
            ? {
                clientSecret: p.clientSecret,
                publishableKey: via.account.keyId,
                apiBase: via.account.baseUrl,
              }
            : null,
      };
    },

    async payAtCounter(tx: Tx, ctx: ServiceContext, row: repo.QrOrderRow): Promise<PayResult> {
      await deps.requestBill(tx, ctx, acceptedOrder(row));
      return {
        method: 'counter' as const,
        paymentId: null,
        status: 'bill_requested',
        amount: 0,
        qrSvg: null,
        actionUrl: null,
        card: null,
      };
    },
  };
}
export type QrPayments = ReturnType<typeof createQrPayments>;
