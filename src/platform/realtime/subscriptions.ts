import type { Db } from '../db/db.ts';
import { readableTopics } from '../events/access.ts';
import type { StoredEvent } from '../events/events.ts';
import { canAccessOutlet, type TenantPrincipal } from '../http/context.ts';
import { AppError } from '../http/errors.ts';

export const ROOM_KINDS = ['tenant', 'outlet', 'register', 'order', 'user', 'station'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

/** A room a client asks to join. `tenant` = everything it may read; the others narrow it. */
export interface Subscription {
  room: RoomKind;
  id?: string;
}

/** At most this many rooms per socket. */
const MAX_SUBSCRIPTIONS = 50;

const invalid = (message: string, details?: Record<string, unknown>) =>
  new AppError('realtime.subscription_invalid', message, details);

/**
 * Checks the shape of the handshake's `subscribe` (a client's input): an array of
 * `{ room, id? }` with a known room kind. Anything else is a clean refusal, never a crash later.
 */
export function parseSubscriptions(raw: unknown): Subscription[] | undefined {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (!Array.isArray(raw)) {
    throw invalid('auth.subscribe must be an array of { room, id }.');
  }
  if (raw.length > MAX_SUBSCRIPTIONS) {
    throw invalid(`At most ${MAX_SUBSCRIPTIONS} rooms per connection.`);
  }
  return raw.map((entry: unknown) => {
    const s = (typeof entry === 'object' && entry !== null ? entry : {}) as { room?: unknown; id?: unknown };
    if (typeof s.room !== 'string' || !(ROOM_KINDS as readonly string[]).includes(s.room)) {
      throw invalid(
        `Unknown room kind ${JSON.stringify(s.room ?? null)}; use one of ${ROOM_KINDS.join(', ')}.`,
        {
          room: typeof s.room === 'string' ? s.room.slice(0, 40) : null,
        },
      );
    }
    if (s.id !== undefined && (typeof s.id !== 'string' || s.id.length > 100)) {
      throw invalid('A room id is a string.', { room: s.room });
    }
    return { room: s.room as RoomKind, ...(s.id !== undefined ? { id: s.id } : {}) };
  });
}

/** The rooms a socket joins when it names none: the whole tenant, or its outlets. */
export function defaultSubscriptions(p: TenantPrincipal): Subscription[] {
  if (p.kind === 'device') {
    return [{ room: 'outlet', id: p.outletId }];
  }
  if (p.kind === 'customer') {
    return []; // a customer follows its own order only (the `order` room)
  }
  return p.outletIds === null
    ? [{ room: 'tenant' }]
    : p.outletIds.map((id) => ({ room: 'outlet' as const, id }));
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks one room against the caller's role and outlets; returns it with its canonical id. */
export async function authorizeSubscription(
  db: Db,
  p: TenantPrincipal,
  s: Subscription,
): Promise<Required<Subscription>> {
  const forbidden = () => new AppError('auth.forbidden', `You may not join ${s.room} ${s.id ?? ''}.`.trim());
  switch (s.room) {
    case 'tenant':
      if (p.kind === 'device' || p.kind === 'customer' || p.outletIds !== null) {
        throw forbidden();
      }
      return { room: 'tenant', id: p.tenantId };
    case 'user':
      if (p.kind !== 'user') {
        throw forbidden();
      }
      return { room: 'user', id: p.userId };
    case 'station':
      // A kitchen display: needs kitchen:read (or to be a paired device); station keys are names.
      if (!s.id || !/^[a-z0-9_-]{1,40}$/.test(s.id) || !readableTopics(p).includes('kitchen')) {
        throw forbidden();
      }
      return { room: 'station', id: s.id };
    case 'outlet': {
      const row =
        s.id && UUID_RE.test(s.id)
          ? await db
              .selectFrom('outlets')
              .select('id')
              .where('tenant_id', '=', p.tenantId)
              .where('id', '=', s.id)
              .executeTakeFirst()
          : undefined;
      if (!row || !canAccessOutlet(p, row.id)) {
        throw forbidden();
      }
      return { room: 'outlet', id: row.id };
    }
    case 'register':
    case 'order': {
      const table = s.room === 'register' ? 'registers' : 'orders';
      const row =
        s.id && UUID_RE.test(s.id)
          ? await db
              .selectFrom(table)
              .select(['id', 'outlet_id'])
              .where('tenant_id', '=', p.tenantId)
              .where('id', '=', s.id)
              .executeTakeFirst()
          : undefined;
      if (!row || !canAccessOutlet(p, row.outlet_id)) {
        throw forbidden();
      }
      return { room: s.room, id: row.id };
    }
  }
}

export const roomKey = (tenantId: string, s: Required<Subscription>): string =>
  s.room === 'tenant' ? `t:${tenantId}` : `${s.room}:${tenantId}:${s.id}`;

/** The rooms an event goes to, one per topic-qualified subscription kind. */
export function eventRooms(tenantId: string, e: StoredEvent): string[] {
  const rooms = [`t:${tenantId}|${e.topic}`];
  if (e.outletId) {
    rooms.push(`outlet:${tenantId}:${e.outletId}|${e.topic}`);
  }
  if (e.registerId) {
    rooms.push(`register:${tenantId}:${e.registerId}|${e.topic}`);
  }
  if (e.orderId) {
    rooms.push(`order:${tenantId}:${e.orderId}|${e.topic}`);
  }
  if (e.station) {
    rooms.push(`station:${tenantId}:${e.station}|${e.topic}`);
  }
  return rooms;
}

/** True when a replayed event belongs to one of the socket's rooms. */
export function matches(e: StoredEvent, subs: Required<Subscription>[]): boolean {
  return subs.some(
    (s) =>
      s.room === 'tenant' ||
      (s.room === 'outlet' && e.outletId === s.id) ||
      (s.room === 'register' && e.registerId === s.id) ||
      (s.room === 'order' && e.orderId === s.id) ||
      (s.room === 'station' && e.station === s.id),
  );
}
