import { AppError } from '../../platform/http/errors.ts';

/** Payment states. `completed`, `failed` and `canceled` are final: refunds are separate records. */
export const PAYMENT_STATUSES = ['pending', 'authorized', 'completed', 'failed', 'canceled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * The transition table: the only place that says which status may follow which. There is no way
 * back, so a late or repeated notification ("pending" after "settlement") can never undo an outcome.
 */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  pending: ['authorized', 'completed', 'failed', 'canceled'],
  authorized: ['completed', 'failed', 'canceled'],
  completed: [],
  failed: [],
  canceled: [],
};

export function canTransitionPayment(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

/** Throws 409 `payments.invalid_transition` unless `from → to` is in the table. */
export function assertPaymentTransition(from: PaymentStatus, to: PaymentStatus): void {
  if (!canTransitionPayment(from, to)) {
    throw new AppError('payments.invalid_transition', `A ${from} payment cannot become ${to}.`, { from, to });
  }
}

export function isFinalPayment(status: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[status].length === 0;
}

/** Payments that hold part of the order's balance while the customer pays. */
export function isOpenPayment(status: PaymentStatus): boolean {
  return status === 'pending' || status === 'authorized';
}
