import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { postEntry, postSale, type SaleFigures } from '../ledger/index.ts';
import { orderHeader, type OrderHeader } from './order-view.ts';
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

/**
 * Applies a money movement to the order's paid/refunded/returned/tip fields and re-derives
 * balance and payment status in one guarded UPDATE (the order is locked by the caller):
 * balance = max(total − paid − returned, 0); unpaid when nothing is held or returned, paid when
 * paid + returned covers the total, partial otherwise.
 */
export async function applyOrderMoney(
  tx: Tx,
  tenantId: string,
  orderId: string,
  delta: MoneyDelta,
  now: Date,
): Promise<OrderHeader> {
  const paid = sql<number>`paid_amount + ${delta.paid ?? 0}`;
  const returned = sql<number>`returned_amount + ${delta.returned ?? 0}`;
  const row = await tx
    .updateTable('orders')
    .set({
      paid_amount: paid,
      refunded_amount: sql`refunded_amount + ${delta.refunded ?? 0}`,
      returned_amount: returned,
      tip_amount: sql`tip_amount + ${delta.tip ?? 0}`,
      balance_amount: sql`greatest(total - (${paid}) - (${returned}), 0)`,
      payment_status: sql`case when (${paid}) = 0 and (${returned}) = 0 then 'unpaid'
        when (${paid}) + (${returned}) >= total then 'paid' else 'partial' end`,
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return orderHeader(row);
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

/** Posts the sale of a completed order to the ledger: its deposits become revenue, tax and charges. */
export async function postOrderSale(tx: Tx, o: repo.OrderRow, now: Date): Promise<void> {
  await postEntry(tx, o.tenant_id, {
    kind: 'sale',
    currency: o.currency,
    postedAt: now,
    outletId: o.outlet_id,
    registerId: o.register_id,
    orderId: o.id,
    memo: `order ${o.business_date} #${o.number}`,
    lines: postSale(saleFigures(o)),
  });
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

/**
 * Completes an order its payments have just settled (a payment asked for it with `completeOrder`):
 * only an open or sent order with nothing left to pay; posts the sale. Works without a caller
 * credential, because a gateway payment settles in a notification or the status poller.
 */
export async function completePaidOrder(
  tx: Tx,
  sink: { tenantId: string; emit(e: EventInput): void; audit(entry: AuditEntry): void },
  order: OrderHeader,
  now: Date,
): Promise<OrderHeader | null> {
  if ((order.status !== 'open' && order.status !== 'sent') || order.balanceAmount !== 0) {
    return null;
  }
  // The caller holds the order's lock (it just applied the payment): guarded on the status it saw.
  const row = await tx
    .updateTable('orders')
    .set({ status: 'completed', completed_at: now, version: sql`version + 1`, updated_at: now })
    .where('tenant_id', '=', sink.tenantId)
    .where('id', '=', order.id)
    .where('status', '=', order.status)
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    return null;
  }
  await postOrderSale(tx, row, now);
  const header = orderHeader(row);
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
