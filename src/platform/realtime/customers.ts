import type { Server, Socket } from 'socket.io';
import { readCredentialEvent } from '../events/credential-events.ts';
import type { StoredEvent } from '../events/events.ts';

/** What a customer token follows: one QR order and, once staff accepted it, the table's order. */
export interface CustomerFollow {
  tenantId: string;
  qrOrderId: string;
  orderId: string | null;
}
/** Resolves a customer token (QR ordering's); throws an AppError (404) for a forged or unknown one. */
export type CustomerResolver = (token: string) => Promise<CustomerFollow>;

// Customer rooms live apart from the staff rooms (`t:`, `outlet:`, …): no staff event reaches one
// by a room name, and the room gauge skips them (one room per QR order is no metric label).
export const CUSTOMER_ROOM_PREFIX = 'cust:';
const tenantRoom = (tenantId: string) => `cust:${tenantId}`;
const qrRoom = (tenantId: string, qrOrderId: string) => `cust:${tenantId}:qr:${qrOrderId}`;
const orderRoom = (tenantId: string, orderId: string) => `cust:${tenantId}:order:${orderId}`;

/** The QR order a `qr.order.*` event is about (its payload carries the QR order). */
function qrOrderIdOf(e: StoredEvent): string | null {
  if (!e.type.startsWith('qr.order.')) {
    return null;
  }
  const id = (e.payload as { qrOrder?: { id?: unknown } } | null)?.qrOrder?.id;
  return typeof id === 'string' ? id : null;
}

/** The customer rooms an event reaches: its order's and its QR order's (never the tenant's). */
export function customerRooms(tenantId: string, e: StoredEvent): string[] {
  const rooms: string[] = [];
  if (e.orderId) {
    rooms.push(orderRoom(tenantId, e.orderId));
  }
  const q = qrOrderIdOf(e);
  if (q) {
    rooms.push(qrRoom(tenantId, q));
  }
  return rooms;
}

/**
 * Live tracking for the customer page. A socket whose handshake carries `auth.customerToken` joins
 * only its QR order's room and, once accepted, the table order's room; it gets no replay, no staff
 * room and no event body: each event of its order is a `changed` `{ type }` message, on which the
 * page re-reads `GET /v1/qr/track/:token` (the one place that decides what a customer may see).
 */
export function createCustomerFeed(io: Server) {
  return {
    /** Joins a resolved customer's rooms (in the same tick as the dispatcher's position). */
    join(socket: Socket, f: CustomerFollow): void {
      void socket.join([
        tenantRoom(f.tenantId),
        qrRoom(f.tenantId, f.qrOrderId),
        ...(f.orderId ? [orderRoom(f.tenantId, f.orderId)] : []),
      ]);
    },

    /** Called by the dispatcher for each event, in log order. */
    dispatch(tenantId: string, e: StoredEvent): void {
      const q = qrOrderIdOf(e);
      if (q && e.orderId) {
        // Accepted onto the table's order: its followers follow that order from this event on
        // (synchronous with the in-memory adapter, so no event of the order is missed).
        io.in(qrRoom(tenantId, q)).socketsJoin(orderRoom(tenantId, e.orderId));
      }
      const rooms = customerRooms(tenantId, e);
      if (rooms.length > 0) {
        io.to(rooms).emit('changed', { type: e.type });
      }
    },

    /** A suspended business ends its customers' sockets too. */
    onSystemEvent(tenantId: string, e: StoredEvent): void {
      if (readCredentialEvent(e)?.reason === 'tenant_suspended') {
        io.in(tenantRoom(tenantId)).disconnectSockets(true);
      }
    },
  };
}
