// Changes to an order that is already on the server (saved, sent to the kitchen, partly paid):
// add, change and void lines, its header, send, split. Each call is one intent with its own
// Idempotency-Key and the `version` the register last saw (a stale screen gets a 409, not a
// silent overwrite).
import { idem, newIdempotencyKey, staff } from '../shared/api.ts';
import type { BodyOf, Ok } from '../shared/api-types.ts';
import type { CartLine } from '../shared/pricing.ts';
import type { Order } from './sale.ts';

export type OrderLine = Order['lines'][number];
export type OrderHeader = Pick<
  BodyOf<'/v1/orders/{id}', 'patch'>,
  'tableRef' | 'customerName' | 'guestCount' | 'diningOption'
>;
export type EvenSplit = Ok<'/v1/orders/{id}/split-evenly', 'get'>;

const lineInput = (l: Omit<CartLine, 'id'>) => ({
  itemId: l.itemId,
  variantId: l.variantId,
  quantity: l.quantity,
  ...(l.modifierOptionIds.length ? { modifierOptionIds: l.modifierOptionIds } : {}),
  ...(l.notes ? { notes: l.notes } : {}),
  ...(l.discounts.length ? { discounts: l.discounts } : {}),
});

/** A line added to an open order (priced from the catalog by the server). */
export function addLine(order: Order, line: Omit<CartLine, 'id'>, key = newIdempotencyKey()): Promise<Order> {
  return staff((api) =>
    api.POST('/v1/orders/{id}/lines', {
      params: { path: { id: order.id } },
      body: { version: order.version, lines: [lineInput(line)] },
      headers: idem(key),
    }),
  );
}

/** A new quantity for a line not yet sent to the kitchen. */
export function setLineQuantity(order: Order, lineId: string, quantity: number): Promise<Order> {
  return staff((api) =>
    api.PATCH('/v1/orders/{id}/lines/{lineId}', {
      params: { path: { id: order.id, lineId } },
      body: { version: order.version, quantity },
      headers: idem(newIdempotencyKey()),
    }),
  );
}

/** Removes a line; once sent to the kitchen it is a void that may need a manager's approval. */
export function voidLine(
  order: Order,
  lineId: string,
  reason: string,
  key: string,
  approvalId?: string,
): Promise<Order> {
  return staff((api) =>
    api.POST('/v1/orders/{id}/lines/{lineId}/void', {
      params: { path: { id: order.id, lineId } },
      body: { version: order.version, reason, ...(approvalId ? { approvalId } : {}) },
      // The approval makes it a different request: a new key derived from the intent's.
      headers: idem(approvalId ? `${key}:${approvalId}` : key),
    }),
  );
}

export function updateHeader(order: Order, header: OrderHeader): Promise<Order> {
  return staff((api) =>
    api.PATCH('/v1/orders/{id}', {
      params: { path: { id: order.id } },
      body: { version: order.version, ...header },
      headers: idem(newIdempotencyKey()),
    }),
  );
}

/** Sends the new lines to the kitchen (open → sent). */
export function sendOrder(order: Order): Promise<Order> {
  return staff((api) =>
    api.POST('/v1/orders/{id}/send', {
      params: { path: { id: order.id } },
      body: { version: order.version },
      headers: idem(newIdempotencyKey()),
    }),
  );
}

/** Split by items: the chosen lines move to a new order (`created`); the rest stay on `source`. */
export function splitByLines(
  order: Order,
  lineIds: string[],
  newOrderId: string,
  key: string,
): Promise<{ source: Order; created: Order }> {
  return staff((api) =>
    api.POST('/v1/orders/{id}/split', {
      params: { path: { id: order.id } },
      body: { version: order.version, lineIds, newOrderId },
      headers: idem(key),
    }),
  );
}

/** Split evenly: the balance as N parts in whole practical increments. */
export function splitEvenly(orderId: string, parts: number): Promise<EvenSplit> {
  return staff((api) =>
    api.GET('/v1/orders/{id}/split-evenly', { params: { path: { id: orderId }, query: { parts } } }),
  );
}

/** Cancels an open order (needs orders:void or a manager approval). */
export function cancelOrder(order: Order, reason: string, key: string, approvalId?: string): Promise<Order> {
  return staff((api) =>
    api.POST('/v1/orders/{id}/cancel', {
      params: { path: { id: order.id } },
      body: { version: order.version, reason, ...(approvalId ? { approvalId } : {}) },
      headers: idem(approvalId ? `${key}:${approvalId}` : key),
    }),
  );
}
