import type * as repo from './payments.repo.ts';

const num = (v: string | number) => Number(v);

/* The drawer movements of cash a payment takes in or a refund gives back (drawer's CashMovement). */

/** What a cash payment's drawer movement is made of: its stored row, or the row about to be inserted. */
type CashPaymentFigures = Pick<
  repo.PaymentRow,
  'id' | 'order_id' | 'outlet_id' | 'register_id' | 'created_by'
> & {
  amount: string | number;
  rounding: string | number;
  tendered: string | number | null;
  change_given: string | number | null;
};

/** The drawer movement of a completed cash payment: the cash kept (tendered − change = amount + rounding). */
export function cashIn(p: CashPaymentFigures, at: Date) {
  return {
    outletId: p.outlet_id,
    registerId: p.register_id,
    kind: 'sale' as const,
    amount: num(p.amount) + num(p.rounding),
    tendered: p.tendered === null ? null : num(p.tendered),
    change: p.change_given === null ? null : num(p.change_given),
    paymentId: p.id,
    orderId: p.order_id,
    actor: p.created_by,
    at,
  };
}

/** The drawer movement of a completed cash refund: the cash given back (amount + its rounding share). */
export function cashOut(p: repo.PaymentRow, r: repo.RefundRow, at: Date) {
  return {
    outletId: p.outlet_id,
    registerId: p.register_id,
    kind: 'refund' as const,
    amount: -(num(r.amount) + num(r.rounding)),
    paymentId: p.id,
    refundId: r.id,
    orderId: p.order_id,
    actor: r.created_by,
    at,
  };
}
