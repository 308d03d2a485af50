import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { qrSvg } from '../payments/index.ts';
import type * as repo from './qr.repo.ts';

/** What paying from the phone needs of payments and the floor (given by the app). */
export interface QrPayDeps {
  /** Takes a gateway payment for the order (the payments module's `create`). */
  createGatewayPayment: (
    tx: Tx,
    ctx: ServiceContext,
    orderId: string,
    input: {
      id: string;
      gateway: 'midtrans' | 'xendit';
      channel: 'qris';
      completeOrder: true;
      amount?: number;
    },
  ) => Promise<{ id: string; status: string; amount: number; qrString: string | null }>;
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

const QR_GATEWAYS = ['midtrans', 'xendit'] as const;

/**
 * Paying from the phone, for the table's order the customer's order joined: QRIS through the
 * business's gateway (the first of Midtrans, Xendit that is configured; the payment completes the
 * order when the gateway confirms it — a webhook, or the status poller), or "pay at the counter"
 * (the table asks for the bill, staff see it on the floor plan).
 */
export interface PayResult {
  method: 'qris' | 'counter';
  paymentId: string | null;
  status: string;
  amount: number;
  qrSvg: string | null;
}

export function createQrPayments(deps: QrPayDeps) {
  function acceptedOrder(row: repo.QrOrderRow): string {
    if (!row.order_id) {
      throw new AppError('qr_orders.conflict', 'The staff have not accepted this order yet.');
    }
    return row.order_id;
  }
  return {
    async payByQris(
      tx: Tx,
      ctx: ServiceContext,
      row: repo.QrOrderRow,
      paymentId: string,
      lineIds?: string[],
    ): Promise<PayResult> {
      const orderId = acceptedOrder(row);
      const amount = lineIds
        ? myItemsAmount(row.line_ids, lineIds, await deps.orderLines(tx, ctx, orderId))
        : undefined;
      let lastError: unknown = null;
      for (const gateway of QR_GATEWAYS) {
        try {
          const p = await deps.createGatewayPayment(tx, ctx, orderId, {
            id: paymentId,
            gateway,
            channel: 'qris',
            completeOrder: true,
            ...(amount !== undefined ? { amount } : {}),
          });
          return {
            method: 'qris',
            paymentId: p.id,
            status: p.status,
            amount: p.amount,
            qrSvg: p.qrString ? await qrSvg(p.qrString) : null,
          };
        } catch (err) {
          if (!(err instanceof AppError && err.code === 'payments.gateway_not_configured')) {
            throw err;
          }
          lastError = err;
        }
      }
      throw lastError instanceof AppError
        ? new AppError(
            'payments.gateway_not_configured',
            'This business takes no QRIS payments; pay at the counter.',
          )
        : new Error('unreachable');
    },

    async payAtCounter(tx: Tx, ctx: ServiceContext, row: repo.QrOrderRow): Promise<PayResult> {
      await deps.requestBill(tx, ctx, acceptedOrder(row));
      return {
        method: 'counter' as const,
        paymentId: null,
        status: 'bill_requested',
        amount: 0,
        qrSvg: null,
      };
    },
  };
}
export type QrPayments = ReturnType<typeof createQrPayments>;
