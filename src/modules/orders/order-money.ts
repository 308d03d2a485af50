import type { Executor, Tx } from '../../platform/db/db.ts';
import { postEntries, type EntryInput } from '../ledger/index.ts';
import { completeOrder, payable, type OrderSink, type PayableOrder } from './complete-order.ts';
import { notFound } from '../../platform/http/errors.ts';
import { derivePaymentState, orderHeader, type OrderHeader, type OrderRow } from './order-record.ts';
import { orderEvent } from './orders.events.ts';
import * as moneyRepo from './order-money.repo.ts';
import * as repo from './orders.repo.ts';
import { moveStagedMoney } from './staged-order.ts';

export type { PayableOrder };
/** Where a money change records its events and audit (a request's context, or a system job's). */
export type MoneySink = OrderSink;

/**
 * Locks an order for a money change (`SELECT … FOR UPDATE`). Payments and refunds lock the order
 * first and their payment row second, always in that order, so they never deadlock.
 */
export async function lockOrderForMoney(tx: Tx, tenantId: string, orderId: string): Promise<PayableOrder> {
  return payable(await repo.getOrderRow(tx, tenantId, orderId, true));
}

/**
 * `lockOrderForMoney` as a query the caller extends with what it reads beside the order (a
 * payment's terms), then turns the row into the order with `lockedOrder` — one round trip.
 */
export const lockOrderForMoneyQuery = repo.orderRowForUpdateQuery;

/** The order a `lockOrderForMoneyQuery` row holds; no row: the order was not found (404). */
export function lockedOrder(row: OrderRow | undefined, orderId: string): PayableOrder {
  if (!row) {
    throw notFound('orders', orderId);
  }
  return payable(row);
}

/**
 * The order a sale's tender pays, as this transaction created it: a staged order (not inserted
 * yet) with the money earlier tenders moved; any other as given.
 */
export function currentPayable(created: PayableOrder): PayableOrder {
  return created.staged ? { ...payable(created.staged.row), staged: created.staged } : created;
}

export async function findOrderForMoney(
  db: Executor,
  tenantId: string,
  orderId: string,
): Promise<PayableOrder> {
  return payable(await repo.getOrderRow(db, tenantId, orderId));
}

/** Money that moved on an order: completed payments add to paid, completed refunds take from it. */
export interface MoneyDelta {
  paid?: number;
  refunded?: number;
  /** Refunded after completion: lowers paid without reopening the balance. */
  returned?: number;
  tip?: number;
}

/**
 * Records money that moved on an order the caller has locked (`lockOrderForMoney`): paid,
 * refunded, returned and tip, and the balance and payment status `derivePaymentState` gives —
 * with `complete`, the completion too when it settles an open or sent order (a payment that asked
 * for it): `completeOrder`, in the same UPDATE. Posts the caller's ledger `entries` (and, on
 * completion, the sale) in one statement; emits `order.updated`. The one writer of an order's
 * money: payments and refunds call it once per money movement.
 */
export async function recordOrderMoney(
  tx: Tx,
  sink: MoneySink,
  order: PayableOrder,
  delta: MoneyDelta,
  o: {
    now: Date;
    change: 'payment' | 'refund';
    complete?: boolean;
    entries?: EntryInput[];
    /** Completing with this receipt number (an offline sale's, from its device's block). */
    presetReceiptNumber?: number;
  },
): Promise<OrderHeader> {
  const paid = order.paid + (delta.paid ?? 0);
  const returned = order.returned + (delta.returned ?? 0);
  const state = derivePaymentState(order.total, paid, returned);
  const entries = o.entries ?? [];
  if (o.complete === true && (order.status === 'open' || order.status === 'sent') && state.balance === 0) {
    return completeOrder(tx, sink, order, {
      now: o.now,
      money: { delta, paymentStatus: state.paymentStatus, change: o.change, entries },
      ...(o.presetReceiptNumber !== undefined ? { presetReceiptNumber: o.presetReceiptNumber } : {}),
    });
  }
  const money = {
    delta,
    balance: state.balance,
    paymentStatus: state.paymentStatus,
    completedAt: null,
    now: o.now,
  };
  // A sale's new order (not inserted yet) moves in memory; its completion inserts it.
  const row = order.staged
    ? moveStagedMoney(order.staged, money)
    : (await moneyRepo.updateOrderMoney(tx, sink.tenantId, order.id, money)).row;
  const header = orderHeader(row);
  await postEntries(tx, sink.tenantId, entries);
  const event = orderEvent('order.updated', header, { change: o.change });
  order.staged?.numbered.push(header, event.payload);
  sink.emit(event);
  return header;
}
