import { sql } from 'kysely';
import type { Executor, Tx } from '../db/db.ts';
import { newId } from '../ids/ids.ts';

/**
 * Topics route events to realtime rooms and decide who may read them: a reader needs the topic's
 * permission (a kitchen display never receives payment events).
 */
export const TOPIC_PERMISSIONS = {
  orders: 'orders:read',
  payments: 'payments:read',
  kitchen: 'kitchen:read',
  floor: 'floor:read',
  catalog: 'catalog:read',
  alerts: 'reports:read',
  inventory: 'inventory:read',
} as const;
export type Topic = keyof typeof TOPIC_PERMISSIONS;
export const TOPICS = Object.keys(TOPIC_PERMISSIONS) as Topic[];

/**
 * Internal events (credential revocations, access changes) are in the log so every node sees them
 * in order, but no reader may read this topic: not `GET /v1/events`, realtime clients or webhooks.
 */
export const SYSTEM_TOPIC = 'system';
export type EventTopic = Topic | typeof SYSTEM_TOPIC;

/** An event as a use case records it (`ctx.emit`). */
export interface EventInput {
  /** `<entity>.<past verb>`, e.g. `order.created`. */
  type: string;
  /** Payload schema version of this type. */
  version?: number;
  topic: EventTopic;
  outletId?: string | null;
  registerId?: string | null;
  orderId?: string | null;
  /** Kitchen station key (e.g. `kitchen`, `bar`) for events a station's display must get. */
  station?: string | null;
  payload: Record<string, unknown>;
}

/** An event as stored and delivered. */
export interface StoredEvent {
  seq: string;
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  topic: EventTopic;
  outletId: string | null;
  registerId: string | null;
  orderId: string | null;
  station: string | null;
  payload: unknown;
}

export const EVENTS_CHANNEL = 'kasir_events';

/**
 * Appends events to a tenant's log inside the caller's transaction. Takes the tenant's head row
 * lock (held until commit), so call it at the end of the transaction: numbers are gap-free and
 * committed in order. NOTIFY is delivered on commit only, so listeners never see uncommitted rows.
 */
export async function appendEvents(
  tx: Tx,
  tenantId: string,
  events: readonly EventInput[],
  at: Date,
  actor: string | null,
): Promise<void> {
  if (events.length === 0) {
    return;
  }
  // One round trip: bump the head (its row lock is held to commit), number the events from it,
  // and queue the NOTIFY (PostgreSQL delivers it on commit only).
  const n = events.length;
  const rows = events.map(
    (e, i) =>
      sql`(${i + 1}::int, ${newId()}::uuid, ${e.type}, ${e.version ?? 1}::int, ${e.topic}, ${e.outletId ?? null}::uuid, ${e.registerId ?? null}::uuid, ${e.orderId ?? null}::uuid, ${e.station ?? null}::text, ${JSON.stringify(e.payload)}::jsonb)`,
  );
  await sql`
    with head as (
      insert into event_heads (tenant_id, seq) values (${tenantId}, ${n})
      on conflict (tenant_id) do update set seq = event_heads.seq + ${n}
      returning seq
    ), notified as (select pg_notify(${EVENTS_CHANNEL}, ${tenantId}::text))
    insert into events (tenant_id, seq, id, type, version, occurred_at, topic, outlet_id, register_id,
                        order_id, station, actor, payload)
    select ${tenantId}::uuid, head.seq - ${n} + v.ord, v.id, v.type, v.version, ${at}::timestamptz, v.topic,
           v.outlet_id, v.register_id, v.order_id, v.station, ${actor}::text, v.payload
    from head cross join notified
    cross join (values ${sql.join(rows)}) as v(ord, id, type, version, topic, outlet_id, register_id, order_id, station, payload)`.execute(
    tx,
  );
}

export interface EventFilter {
  after: string;
  limit: number;
  topics: readonly Topic[];
  /** null = every outlet; events without an outlet are tenant-wide and always included. */
  outletIds: readonly string[] | null;
  orderId?: string;
}

/** A page of a tenant's log after `after`, filtered to what the reader may see. */
export async function readEvents(
  db: Executor,
  tenantId: string,
  f: EventFilter,
): Promise<{ events: StoredEvent[]; scannedTo: string }> {
  if (f.topics.length === 0) {
    return { events: [], scannedTo: f.after };
  }
  let q = db
    .selectFrom('events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', f.after)
    .where('topic', 'in', [...f.topics]);
  if (f.outletIds) {
    const outlets = [...f.outletIds];
    q = q.where((eb) =>
      outlets.length
        ? eb.or([eb('outlet_id', 'is', null), eb('outlet_id', 'in', outlets)])
        : eb('outlet_id', 'is', null),
    );
  }
  if (f.orderId) {
    q = q.where('order_id', '=', f.orderId);
  }
  const rows = await q.orderBy('seq').limit(f.limit).execute();
  const events = rows.map(toStoredEvent);
  return { events, scannedTo: events.length ? events[events.length - 1]!.seq : f.after };
}

export function toStoredEvent(r: {
  seq: string;
  id: string;
  type: string;
  version: number;
  occurred_at: Date;
  topic: string;
  outlet_id: string | null;
  register_id: string | null;
  order_id: string | null;
  station: string | null;
  payload: unknown;
}): StoredEvent {
  return {
    seq: r.seq,
    id: r.id,
    type: r.type,
    version: r.version,
    occurredAt: r.occurred_at.toISOString(),
    topic: r.topic as EventTopic,
    outletId: r.outlet_id,
    registerId: r.register_id,
    orderId: r.order_id,
    station: r.station,
    payload: r.payload,
  };
}

/** The latest sequence number of a tenant ('0' when it has no events yet). */
export async function headSeq(db: Executor, tenantId: string): Promise<string> {
  const row = await db
    .selectFrom('event_heads')
    .select('seq')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.seq ?? '0';
}
