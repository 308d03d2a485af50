import { sql, type RawBuilder } from 'kysely';
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
  // and queue the NOTIFY (PostgreSQL delivers it on commit only), carrying the events when small.
  const n = events.length;
  const { rows, carried } = eventRows(events, at);
  await sql`
    with head as (
      insert into event_heads (tenant_id, seq) values (${tenantId}, ${n})
      on conflict (tenant_id) do update set seq = event_heads.seq + ${n}
      returning seq
    ), notified as (select ${notifySql(tenantId, sql`head.seq`, carried)} from head)
    insert into events (tenant_id, seq, id, type, version, occurred_at, topic, outlet_id, register_id,
                        order_id, station, actor, payload)
    select ${tenantId}::uuid, head.seq - ${n} + v.ord, v.id, v.type, v.version, ${at}::timestamptz, v.topic,
           v.outlet_id, v.register_id, v.order_id, v.station, ${actor}::text, v.payload
    from head cross join notified
    cross join (values ${eventValuesSql(rows)}) as v(ord, id, type, version, topic, outlet_id, register_id, order_id, station, payload)`.execute(
    tx,
  );
}

/**
 * The largest JSON text of events a NOTIFY carries: PostgreSQL's payload limit is 8,000 bytes, less
 * the tenant id and the sequence number in front. Bigger batches notify the tenant id alone and
 * listeners read the log.
 */
export const NOTIFY_EVENTS_MAX_BYTES = 7_900;
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One event as stored, before it is numbered: the `values` row `eventValues` renders. */
export interface EventRow {
  id: string;
  type: string;
  version: number;
  topic: string;
  outlet_id: string | null;
  register_id: string | null;
  order_id: string | null;
  station: string | null;
  /** JSON text. */
  payload: string;
}

/**
 * The stored rows of a batch of events, and the JSON text a NOTIFY carries for them (`carried`;
 * null when it does not fit or an id is not in canonical form — listeners then read the log). The
 * JSON is built from the very values stored (ids, payload text), so a listener emits what a reader
 * of the log gets.
 */
export function eventRows(
  events: readonly EventInput[],
  at: Date,
): { rows: EventRow[]; carried: string | null } {
  const occurredAt = JSON.stringify(at.toISOString());
  const carried: string[] = [];
  // PostgreSQL stores a uuid in its canonical form: carry only ids already in it (rooms are
  // named by stored ids), else let listeners read the stored row.
  let canonical = true;
  const rows = events.map((e): EventRow => {
    for (const v of [e.outletId, e.registerId, e.orderId]) {
      if (typeof v === 'string' && !CANONICAL_UUID.test(v)) {
        canonical = false;
      }
    }
    const id = newId();
    const payload = JSON.stringify(e.payload);
    carried.push(
      `[${JSON.stringify(id)},${JSON.stringify(e.type)},${e.version ?? 1},${occurredAt},${JSON.stringify(e.topic)},` +
        `${JSON.stringify(e.outletId ?? null)},${JSON.stringify(e.registerId ?? null)},${JSON.stringify(e.orderId ?? null)},` +
        `${JSON.stringify(e.station ?? null)},${payload}]`,
    );
    return {
      id,
      type: e.type,
      version: e.version ?? 1,
      topic: e.topic,
      outlet_id: e.outletId ?? null,
      register_id: e.registerId ?? null,
      order_id: e.orderId ?? null,
      station: e.station ?? null,
      payload,
    };
  });
  const json = `[${carried.join(',')}]`;
  return {
    rows,
    carried: canonical && Buffer.byteLength(json, 'utf8') <= NOTIFY_EVENTS_MAX_BYTES ? json : null,
  };
}

/** `eventRows` as the rows of `values (…) as v(ord, id, type, version, topic, outlet_id, register_id, order_id, station, payload)`. */
export function eventValuesSql(rows: readonly EventRow[]): RawBuilder<unknown> {
  return sql.join(
    rows.map(
      (e, i) =>
        sql`(${i + 1}::int, ${e.id}::uuid, ${e.type}, ${e.version}::int, ${e.topic}, ${e.outlet_id}::uuid, ${e.register_id}::uuid, ${e.order_id}::uuid, ${e.station}::text, ${e.payload}::jsonb)`,
    ),
  );
}

/**
 * The `pg_notify(…)` call that announces a batch on commit: `<tenantId>` alone, or `<tenantId>
 * <last seq> <JSON array of the events without seq>` when they are `carried` (`parseNotification`
 * reads both). `headSeq` is the SQL expression of the tenant's head after this batch.
 */
export function notifySql(
  tenantId: string,
  headSeq: RawBuilder<unknown>,
  carried: string | null,
): RawBuilder<unknown> {
  return carried !== null
    ? sql`pg_notify(${EVENTS_CHANNEL}, ${tenantId}::text || ' ' || (${headSeq})::text || ' ' || ${carried}::text)`
    : sql`pg_notify(${EVENTS_CHANNEL}, ${tenantId}::text)`;
}

/** A notification on EVENTS_CHANNEL: the tenant, and its events when they were carried. */
export interface EventNotification {
  tenantId: string;
  /** In log order, numbered; undefined when the listener must read the log. */
  events?: StoredEvent[];
}

/** The tenant a notification is about, without parsing the events it may carry. */
export function notificationTenant(payload: string): string {
  const space = payload.indexOf(' ');
  return space < 0 ? payload : payload.slice(0, space);
}

/** Reads a notification (see `eventValues`); a malformed one just names its tenant. */
export function parseNotification(payload: string): EventNotification {
  const a = payload.indexOf(' ');
  if (a < 0) {
    return { tenantId: payload };
  }
  const tenantId = payload.slice(0, a);
  const b = payload.indexOf(' ', a + 1);
  try {
    const last = BigInt(payload.slice(a + 1, b));
    const raw = JSON.parse(payload.slice(b + 1)) as unknown[][];
    const first = last - BigInt(raw.length) + 1n;
    const events = raw.map((r, i): StoredEvent => ({
      seq: (first + BigInt(i)).toString(),
      id: r[0] as string,
      type: r[1] as string,
      version: r[2] as number,
      occurredAt: r[3] as string,
      topic: r[4] as EventTopic,
      outletId: r[5] as string | null,
      registerId: r[6] as string | null,
      orderId: r[7] as string | null,
      station: r[8] as string | null,
      payload: r[9],
    }));
    return events.length > 0 ? { tenantId, events } : { tenantId };
  } catch {
    return { tenantId };
  }
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
