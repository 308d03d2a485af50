import type { Tx } from '../../platform/db/db.ts';
import type { EventInput } from '../../platform/events/events.ts';
import type { AuditEntry } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { deductStockForOrder, type QuickCosting, type SaleCostAt } from '../inventory/index.ts';
import { ledgerRows, postEntries, postSale, type EntryInput, type SaleFigures } from '../ledger/index.ts';
import { orderHeader, soldLines, type OrderHeader, type OrderRow } from './order-record.ts';
import { assertTransition, type OrderStatus } from './order-state.ts';
import { orderEvent } from './orders.events.ts';
import * as moneyRepo from './order-money.repo.ts';
import { insertNumberedOrder, numberedMemo } from './order-numbers.repo.ts';
import { linesConflict } from './order-store.ts';
import * as repo from './orders.repo.ts';
import { moveStagedMoney, numberStaged, stagedInsert, type StagedOrder } from './staged-order.ts';

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
  /** A sale's new order, not inserted yet: its completion inserts it (staged-order.ts). */
  staged?: StagedOrder;
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
  // Inventory hook (issue 16): what the active lines used is deducted and costed in this transaction;
  // its events and audit entries (low stock) follow the order's, as when it ran after the UPDATE.
  // A paying completion costs the sale in its completing statement (the common case: no recipe
  // in force); the full deduction, when a recipe applies, follows that statement.
  const stock = laterSink(sink);
  const stockOrder = {
    id: order.id,
    outletId: order.outletId,
    lines: async () => soldLines(await repo.getLineRows(tx, sink.tenantId, order.id)),
    at: now,
  };
  const costs: SaleCostAt = {
    tenant_id: sink.tenantId,
    order_id: order.id,
    outlet_id: order.outletId,
    at: now,
  };
  // The receipt number: an offline sale's, or taken by the completing statement at this counter.
  const receiptAt = o.presetReceiptNumber ?? {
    tenant_id: sink.tenantId,
    outlet_id: order.outletId,
    register_id: order.registerId,
  };
  let row: OrderRow;
  let costing: QuickCosting | null = null;
  if (order.staged && money) {
    // A sale's new order: inserted numbered, paid and completed, with its lines, its sale's costs
    // and its ledger entries (the sale's memo names the number), in one statement that takes both
    // counters.
    const staged = order.staged;
    moveStagedMoney(staged, { ...money, balance: 0, completedAt: now, now });
    const values = stagedInsert(staged);
    const sale = saleEntry(order, now);
    const ledger = ledgerRows(sink.tenantId, [...money.entries, sale]);
    const entries = ledger.entries.map((e) =>
      e.kind === 'sale' ? numberedMemo(e, saleMemo(order.businessDate, '')) : e,
    );
    const inserted = await insertNumberedOrder(tx, {
      ...(typeof receiptAt === 'number'
        ? { row: { ...values, receipt_number: receiptAt } }
        : { row: values, receipt: receiptAt }),
      lines: staged.lines,
      costs,
      ledger: { entries, lines: ledger.lines },
    });
    if (!inserted) {
      throw new AppError('orders.already_exists', 'An order with this id already exists.', { id: order.id });
    }
    if (inserted.linesInserted !== staged.lines.length) {
      throw linesConflict();
    }
    row = inserted.row;
    costing = inserted.costing;
    numberStaged(staged, row.number);
  } else if (money) {
    // The completing UPDATE writes the money, posts the money's and the sale's ledger entries,
    // costs the sale and takes the receipt number (issue 14: the official number is given in the
    // completing transaction), in one statement right before finishMutation: the receipt counter
    // is locked from there to commit — about one round trip.
    const ledger = ledgerRows(sink.tenantId, [...money.entries, saleEntry(order, now)]);
    const updated = await moneyRepo.updateOrderMoney(tx, sink.tenantId, order.id, {
      receiptNumber: receiptAt,
      ledger,
      costs,
      delta: money.delta,
      balance: 0,
      paymentStatus: money.paymentStatus,
      completedAt: now,
      now,
    });
    row = updated.row;
    costing = updated.costing;
  } else {
    // Completing a paid order (`POST /v1/orders/:id/complete`): the sale's ledger entry and
    // stock first, the completing UPDATE (which takes the receipt number) last.
    await postEntries(tx, sink.tenantId, [saleEntry(order, now)]);
    await deductStockForOrder(tx, stock, stockOrder);
    const done = await moneyRepo.completeOrderRow(tx, sink.tenantId, order.id, from, now, receiptAt);
    if (!done) {
      throw new AppError('orders.version_conflict', 'The order changed meanwhile; reload and try again.');
    }
    row = done;
  }
  if (costing) {
    await deductStockForOrder(tx, stock, stockOrder, costing);
  }
  const header = orderHeader(row);
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
  stock.release();
  return header;
}

/** A sink that keeps what is recorded into it until `release` passes it on, in the same order. */
function laterSink(sink: OrderSink): OrderSink & { release(): void } {
  const held: Array<() => void> = [];
  return {
    tenantId: sink.tenantId,
    emit: (e) => held.push(() => sink.emit(e)),
    audit: (entry) => held.push(() => sink.audit(entry)),
    release: () => held.splice(0).forEach((f) => f()),
  };
}

/** The memo of a sale's ledger entry: `order 2026-12-05 #12`. */
const saleMemo = (businessDate: string, number: number | '') => `order ${businessDate} #${number}`;

/** The ledger entry of a completed order's sale: its deposits become revenue, tax and charges. */
function saleEntry(o: PayableOrder, now: Date): EntryInput {
  return {
    kind: 'sale',
    currency: o.currency,
    postedAt: now,
    outletId: o.outletId,
    registerId: o.registerId,
    orderId: o.id,
    memo: saleMemo(o.businessDate, o.number),
    lines: postSale(o.sale),
  };
}
