import type { Tx } from '../platform/db/db.ts';
import { hasPermission, type ServiceContext } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import type { OrdersService } from '../modules/orders/index.ts';
import type { PaymentsService } from '../modules/payments/index.ts';
import type { SaleInput } from './sale.contracts.ts';

/**
 * A counter sale in one transaction: the order (the create path), each tender (the payment path;
 * the last one asks to complete the order), so the same rules, events, ledger entries and audit
 * as creating the order and paying it in two requests. The tenders must settle it: otherwise
 * nothing is written (422 `sales.not_settled`).
 */
export async function recordSale(
  tx: Tx,
  ctx: ServiceContext,
  deps: { orders: OrdersService; payments: PaymentsService },
  input: SaleInput,
) {
  if (!hasPermission(ctx.principal, 'payments:create')) {
    throw new AppError('auth.forbidden', 'This needs the "payments:create" permission.', {
      permission: 'payments:create',
    });
  }
  const { payments: tenders, ...orderInput } = input;
  // The order is inserted by the completion of its last tender — numbered, paid and completed in
  // one statement right before the transaction's last (orders/staged-order.ts).
  const {
    order: created,
    payable,
    terms,
  } = await deps.orders.createPayable(tx, ctx, orderInput, {
    stage: true,
  });
  const payments = [];
  let header = null;
  for (const [i, t] of tenders.entries()) {
    try {
      const taken = await deps.payments.take(
        tx,
        ctx,
        created.id,
        { ...t, completeOrder: i === tenders.length - 1 },
        // Every tender pays the order as this transaction holds it (not inserted before the last
        // tender completes it), with the payment terms read with the sale's setup.
        { created: { order: payable, terms } },
      );
      payments.push(taken.payment);
      header = taken.order ?? header;
    } catch (err) {
      throw err instanceof AppError ? inTender(err, i) : err;
    }
  }
  if (header?.status !== 'completed') {
    throw new AppError('sales.not_settled', 'The payments do not settle the order.', {
      field: 'payments',
      total: created.total,
      balanceAmount: header?.balanceAmount ?? created.balanceAmount,
    });
  }
  // The order as created, with the money and status its payments left it in.
  return {
    order: {
      ...created,
      status: header.status,
      receiptNumber: header.receiptNumber,
      paymentStatus: header.paymentStatus,
      paidAmount: header.paidAmount,
      balanceAmount: header.balanceAmount,
      version: header.version,
      updatedAt: header.updatedAt,
    },
    payments,
  };
}

/** A tender's error, pointing at that tender (`payments[1].tendered`). */
function inTender(err: AppError, i: number): AppError {
  const details = err.details ?? {};
  const field = typeof details.field === 'string' ? `payments[${i}].${details.field}` : `payments[${i}]`;
  return new AppError(err.code, err.message, { ...details, field });
}
