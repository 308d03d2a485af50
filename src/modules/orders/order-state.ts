import { AppError } from '../../platform/http/errors.ts';

/** Order states. Kitchen progress is tracked per line by the kitchen module, not here. */
export const ORDER_STATUSES = ['open', 'sent', 'completed', 'canceled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The transition table: the only place that says which status may follow which. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  open: ['sent', 'completed', 'canceled'],
  sent: ['completed', 'canceled'],
  completed: [],
  canceled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** Throws 409 `orders.invalid_transition` unless `from → to` is in the table. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError('orders.invalid_transition', `An order that is ${from} cannot become ${to}.`, {
      from,
      to,
    });
  }
}

/** Lines can be added, changed and removed while the order is open or sent (not after). */
export function isEditable(status: OrderStatus): boolean {
  return status === 'open' || status === 'sent';
}
