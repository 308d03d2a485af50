import type { Tx } from '../../platform/db/db.ts';
import type { EventInput } from '../../platform/events/events.ts';
import type { AuditEntry } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { nextReceiptNumber } from '../drawer/index.ts';
import { deductStockForOrder } from '../inventory/index.ts';
import { postEntries, postSale, type EntryInput, type SaleFigures } from '../ledger/index.ts';
import { orderHeader, soldLines, type OrderHeader, type OrderRow } from './order-record.ts';
import { assertTransition, type OrderStatus } from './order-state.ts';
import { orderEvent } from './orders.events.ts';
import * as repo from './orders.repo.ts';

const num = (v: string | number) => Number(v);

/** Where an order change records its events and audit (a request's context, or a system job's). */
export interface OrderSink {
  tenantId: string;
  emit(e: EventInput): void;
  audit(entry: AuditEntry): void;
}

/** What the payments module needs to know about an order it takes money for (a locked row). */
export interface PayableOrder {
  id: string;
  outletId: string;
  registerId: string | null;
  status: string;
  currency: string;
  total: number;
  paid: number;
  returned: number;
  balance: number;
  /** Tips taken on the order so far. */
  tip: number;
  cashRoundingIncrement: number;
  version: number;
  businessDate: string;
  number: number;
  /** The figures the sale posts when the order completes. */
  sale: SaleFigures;
}

/** A stored order as money and completion see it. */
export function payable(o: OrderRow): PayableOrder {
  return {
    id: o.id,
    outletId: o.outlet_id,
    registerId: o.register_id,
    status: o.status,
    currency: o.currency,
    total: num(o.total),
    paid: num(o.paid_amount),
    returned: num(o.returned_amount),
    balance: num(o.balance_amount),
    tip: num(o.tip_amount),
    cashRoundingIncrement: num(o.cash_rounding_increment),
    version: o.version,
    businessDate: o.business_date,
    number: o.number,
    sale: {
      total: num(o.total),
      subtotal: num(o.subtotal),
      discountTotal: num(o.discount_total),
      serviceChargeTotal: num(o.service_charge_total),
      taxInclusiveTotal: num(o.tax_inclusive_total),
      taxExclusiveTotal: num(o.tax_exclusive_total),
    },
  };
}

/** Money moving in the same UPDATE as the completion (a payment that settles the order). */
export interface CompletingMoney {
  delta: { paid?: number; refunded?: number; returned?: number; tip?: number };
  paymentStatus: string;
  change: 'payment' | 'refund';
  /** The money's own ledger entries, posted in the same statement as the sale. */
  entries: EntryInput[];
}

/**
 * The one way an order completes: from open or sent, with nothing left to pay; the sale posted to
 * the ledger (its deposits become revenue, charges and tax), `order.status_changed` and
 * `order.completed` emitted, `order.completed` audited. Called by `POST /v1/orders/:id/complete`
 * (version + 1) and by `recordOrderMoney` when a payment settles the order and asked for it: then
 * the money is written by the same UPDATE (version + 2: the money, then the completion) and its
 * `order.updated` comes first. The caller has locked the order.
 */
export async function completeOrder(
  tx: Tx,
  sink: OrderSink,
  order: PayableOrder,
  o: {
    now: Date;
    money?: CompletingMoney;
    /** A number from the device's reserved block (an offline sale synced): used instead of a new one. */
    presetReceiptNumber?: number;
  },
): Promise<OrderHeader> {
  const from = order.status as OrderStatus;
  assertTransition(from, 'completed');
  const { money, now } = o;
  if (!money && order.balance > 0) {
    throw new AppError('orders.unpaid', 'The order has a balance to pay before it can be completed.', {
      balanceAmount: order.balance,
    });
  }
  // Receipt hook (issue 14): the official receipt number is taken in the completing transaction.
  // Taken inside the completing UPDATE below: the counter is locked one statement later.
  const receiptNumber = o.presetReceiptNumber ?? nextReceiptNumber(sink.tenantId, order);
  let row: OrderRow;
  if (money) {
    row = await repo.updateOrderMoney(tx, sink.tenantId, order.id, {
      receiptNumber,
      delta: money.delta,
      balance: 0,
      paymentStatus: money.paymentStatus,
      completedAt: now,
      now,
    });
  } else {
    const done = await repo.completeOrderRow(tx, sink.tenantId, order.id, from, now, receiptNumber);
    if (!done) {
      throw new AppError('orders.version_conflict', 'The order changed meanwhile; reload and try again.');
    }
    row = done;
  }
  const header = orderHeader(row);
  await postEntries(tx, sink.tenantId, [...(money?.entries ?? []), saleEntry(order, now)]);
  // Inventory hook (issue 16): what the active lines used is deducted and costed in this transaction.
  await deductStockForOrder(tx, sink, {
    id: order.id,
    outletId: order.outletId,
    lines: async () => soldLines(await repo.getLineRows(tx, sink.tenantId, order.id)),
    at: now,
  });
  if (money) {
    sink.emit(
      orderEvent(
        'order.updated',
        { ...header, status: from, version: header.version - 1 },
        { change: money.change },
      ),
    );
  }
  sink.emit(orderEvent('order.status_changed', header, { from, to: 'completed' }));
  sink.emit(orderEvent('order.completed', header));
  sink.audit({
    action: 'order.completed',
    targetType: 'order',
    targetId: order.id,
    before: { status: from },
    after: money ? { status: 'completed', by: 'payment' } : { status: 'completed' },
  });
  return header;
}

/** The ledger entry of a completed order's sale: its deposits become revenue, tax and charges. */
function saleEntry(o: PayableOrder, now: Date): EntryInput {
  return {
    kind: 'sale',
    currency: o.currency,
    postedAt: now,
    outletId: o.outletId,
    registerId: o.registerId,
    orderId: o.id,
    memo: `order ${o.businessDate} #${o.number}`,
    lines: postSale(o.sale),
  };
}
