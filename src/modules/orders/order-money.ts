import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { postEntries, postSale, type EntryInput, type SaleFigures } from '../ledger/index.ts';
import { assignReceiptNumber } from '../drawer/index.ts';
import { derivePaymentState, orderHeader, type OrderHeader } from './order-view.ts';
import { orderEvent } from './orders.events.ts';
import type { EventInput } from '../../platform/events/events.ts';
import type { AuditEntry } from '../../platform/http/context.ts';
import * as repo from './orders.repo.ts';

const num = (v: string | number) => Number(v);

/** What the payments module needs to know about an order it takes money for (locked row). */
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

function payable(o: repo.OrderRow): PayableOrder {
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
    sale: saleFigures(o),
  };
}

/**
 * Locks an order for a money change (`SELECT … FOR UPDATE`). Payments and refunds lock the order
 * first and their payment row second, always in that order, so they never deadlock.
 */
export async function lockOrderForMoney(tx: Tx, tenantId: string, orderId: string): Promise<PayableOrder> {
  return payable(await repo.getOrderRow(tx, tenantId, orderId, true));
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

/** Where a money change records its events and audit (a request's context, or a system job's). */
export interface MoneySink {
  tenantId: string;
  emit(e: EventInput): void;
  audit(entry: AuditEntry): void;
}

/**
 * Records money that moved on an order the caller has locked (`lockOrderForMoney`): paid,
 * refunded, returned and tip, and the balance and payment status `derivePaymentState` gives —
 * with `complete`, the completion too when it settles an open or sent order (a payment that asked
 * for it), in the same UPDATE. Posts the caller's ledger `entries` and, on completion, the sale,
 * in one statement; emits `order.updated` (and the completion's events and audit entry). The one
 * writer of an order's money: payments and refunds call it once per money movement.
 */
export async function recordOrderMoney(
  tx: Tx,
  sink: MoneySink,
  order: PayableOrder,
  delta: MoneyDelta,
  o: { now: Date; change: 'payment' | 'refund'; complete?: boolean; entries?: EntryInput[] },
): Promise<OrderHeader> {
  const paid = order.paid + (delta.paid ?? 0);
  const returned = order.returned + (delta.returned ?? 0);
  const state = derivePaymentState(order.total, paid, returned);
  const completes =
    o.complete === true && (order.status === 'open' || order.status === 'sent') && state.balance === 0;
  // Receipt hook (issue 14): the official receipt number is taken in the completing transaction.
  const receiptNumber = completes ? await assignReceiptNumber(tx, sink.tenantId, order) : null;
  const row = await repo.updateOrderMoney(tx, sink.tenantId, order.id, {
    receiptNumber,
    delta,
    balance: state.balance,
    paymentStatus: state.paymentStatus,
    completedAt: completes ? o.now : null,
    now: o.now,
  });
  const header = orderHeader(row);
  await postEntries(tx, sink.tenantId, [
    ...(o.entries ?? []),
    ...(completes ? [saleEntry(order, o.now)] : []),
  ]);
  if (!completes) {
    sink.emit(orderEvent('order.updated', header, { change: o.change }));
    return header;
  }
  // Two steps in one UPDATE (version + 2): the money, then the completion it allowed.
  sink.emit(
    orderEvent(
      'order.updated',
      { ...header, status: order.status, version: header.version - 1 },
      { change: o.change },
    ),
  );
  sink.emit(orderEvent('order.status_changed', header, { from: order.status, to: 'completed' }));
  sink.emit(orderEvent('order.completed', header));
  sink.audit({
    action: 'order.completed',
    targetType: 'order',
    targetId: order.id,
    before: { status: order.status },
    after: { status: 'completed', by: 'payment' },
  });
  return header;
}

function saleFigures(o: repo.OrderRow): SaleFigures {
  return {
    total: num(o.total),
    subtotal: num(o.subtotal),
    discountTotal: num(o.discount_total),
    serviceChargeTotal: num(o.service_charge_total),
    taxInclusiveTotal: num(o.tax_inclusive_total),
    taxExclusiveTotal: num(o.tax_exclusive_total),
  };
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

/** Posts the sale of a completed order to the ledger. */
export async function postOrderSale(tx: Tx, o: repo.OrderRow, now: Date): Promise<void> {
  await postEntries(tx, o.tenant_id, [saleEntry(payable(o), now)]);
}

/** Active lines of an order with what each may still be refunded (quantity, and total). */
export async function refundableLines(db: Executor, tenantId: string, orderId: string) {
  return db
    .selectFrom('order_lines as l')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('refund_lines as rl')
          .innerJoin('refunds as r', (j) =>
            j.onRef('r.tenant_id', '=', 'rl.tenant_id').onRef('r.id', '=', 'rl.refund_id'),
          )
          .select(['rl.order_line_id', sql<string>`sum(rl.quantity)`.as('refunded_quantity')])
          .where('rl.tenant_id', '=', tenantId)
          .where('r.status', '<>', 'failed')
          .groupBy('rl.order_line_id')
          .as('done'),
      (j) => j.onRef('done.order_line_id', '=', 'l.id'),
    )
    .select([
      'l.id',
      'l.quantity',
      'l.total',
      sql<string>`coalesce(done.refunded_quantity, 0)`.as('refunded'),
    ])
    .where('l.tenant_id', '=', tenantId)
    .where('l.order_id', '=', orderId)
    .where('l.status', '=', 'active')
    .execute();
}
