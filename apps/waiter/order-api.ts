// The waiter's changes to an order, each one intent with its own Idempotency-Key and the version
// the screen last saw. Adding lines is safe to repeat on a newer version (another device added
// lines meanwhile): addLines retries once after a version conflict with the order as it is now.
import { ApiError, idem, newIdempotencyKey } from '../shared/api.ts';
import type { CartLine } from '../shared/pricing.ts';
import type { Order, Ticket } from './context.ts';
import { call } from './session.ts';

export interface NewLine extends Omit<CartLine, 'id' | 'discounts'> {
  seat: number | null;
  course: number | null;
}

export const getOrder = (id: string) =>
  call((api) => api.GET('/v1/orders/{id}', { params: { path: { id } } }));

/** Every ticket of the order (held, open, bumped, served), oldest first. */
export const getTickets = (orderId: string): Promise<Ticket[]> =>
  call((api) =>
    api.GET('/v1/kitchen/tickets', { params: { query: { orderId, state: 'all', limit: 500 } } }),
  ).then((p) => p.items);

export async function addLines(order: Order, lines: NewLine[], key = newIdempotencyKey()): Promise<Order> {
  const body = (version: number) => ({
    version,
    lines: lines.map((l) => ({
      itemId: l.itemId,
      variantId: l.variantId,
      quantity: l.quantity,
      ...(l.modifierOptionIds.length ? { modifierOptionIds: l.modifierOptionIds } : {}),
      ...(l.notes ? { notes: l.notes } : {}),
      ...(l.seat !== null ? { seat: l.seat } : {}),
      ...(l.course !== null ? { course: l.course } : {}),
    })),
  });
  const post = (version: number, k: string) =>
    call((api) =>
      api.POST('/v1/orders/{id}/lines', {
        params: { path: { id: order.id } },
        body: body(version),
        headers: idem(k),
      }),
    );
  try {
    return await post(order.version, key);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'orders.version_conflict') {
      const now = await getOrder(order.id);
      return post(now.version, `${key}:${now.version}`);
    }
    throw err;
  }
}

/** Sends the lines not sent yet: the kitchen tickets them in the same transaction. */
export const sendOrder = (order: Order) =>
  call((api) =>
    api.POST('/v1/orders/{id}/send', {
      params: { path: { id: order.id } },
      body: { version: order.version },
      headers: idem(newIdempotencyKey()),
    }),
  );

export const fireCourse = (orderId: string, course: number) =>
  call((api) =>
    api.POST('/v1/kitchen/orders/{orderId}/courses/{course}/fire', {
      params: { path: { orderId, course } },
      headers: idem(newIdempotencyKey()),
    }),
  );

export const requestBill = (orderId: string) =>
  call((api) =>
    api.POST('/v1/floor/orders/{orderId}/request-bill', {
      params: { path: { orderId } },
      headers: idem(newIdempotencyKey()),
    }),
  );

export const moveOrder = (orderId: string, tableId: string) =>
  call((api) =>
    api.POST('/v1/floor/orders/{orderId}/move', {
      params: { path: { orderId } },
      body: { tableId },
      headers: idem(newIdempotencyKey()),
    }),
  );

/** The waiter took a ready (bumped) ticket to the table. */
export const serveTicket = (ticketId: string) =>
  call((api) =>
    api.POST('/v1/kitchen/tickets/{id}/serve', {
      params: { path: { id: ticketId } },
      headers: idem(newIdempotencyKey()),
    }),
  );

/** Every open order of table `fromId` joins the oldest open order of table `intoId`. */
export const mergeTables = (fromId: string, intoId: string) =>
  call((api) =>
    api.POST('/v1/tables/{id}/merge', {
      params: { path: { id: fromId } },
      body: { intoTableId: intoId },
      headers: idem(newIdempotencyKey()),
    }),
  );

/** One order per seat at the same table; the first keeps this order's number. */
export const splitBySeat = (orderId: string) =>
  call((api) =>
    api.POST('/v1/floor/orders/{orderId}/split-by-seat', {
      params: { path: { orderId } },
      headers: idem(newIdempotencyKey()),
    }),
  );
