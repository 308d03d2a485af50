import { sql } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/db.ts';
import { SYSTEM_TOPIC } from '../../platform/events/events.ts';
import { newId } from '../../platform/ids/ids.ts';
import { wantsEvent } from './event-types.ts';

/** Events read per tenant per batch, and tenants per batch. */
const FANOUT_EVENTS = 500;
const FANOUT_TENANTS = 20;
const INSERT_CHUNK = 1000;

/**
 * One fan-out batch: for tenants whose event head is past their cursor (cursor rows locked
 * SKIP LOCKED, so nodes never work on the same tenant at once), one delivery per active endpoint
 * × subscribed event after the endpoint's `from_seq`, then the cursor moves on — one
 * transaction. Events are gap-free and committed in order, so `seq > cursor` misses none.
 * True when there may be more to do.
 */
export async function fanOutBatch(db: Db, clock: Clock): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const cursors = await sql<{ tenant_id: string; seq: string }>`
      select c.tenant_id, c.seq
      from webhook_cursors c
      join event_heads h on h.tenant_id = c.tenant_id
      where h.seq > c.seq
      order by c.tenant_id
      limit ${FANOUT_TENANTS}
      for update of c skip locked`.execute(tx);
    let more = cursors.rows.length === FANOUT_TENANTS;
    const now = clock.now();
    for (const cursor of cursors.rows) {
      const events = await tx
        .selectFrom('events')
        .select(['seq', 'id', 'type', 'topic'])
        .where('tenant_id', '=', cursor.tenant_id)
        .where('seq', '>', cursor.seq)
        .orderBy('seq')
        .limit(FANOUT_EVENTS)
        .execute();
      const last = events[events.length - 1];
      if (!last) {
        continue;
      }
      more ||= events.length === FANOUT_EVENTS;
      const endpoints = await tx
        .selectFrom('webhook_endpoints')
        .select(['id', 'event_types', 'from_seq'])
        .where('tenant_id', '=', cursor.tenant_id)
        .where('status', '=', 'active')
        .execute();
      // Internal events (topic `system`: credential revocations) are for realtime only.
      const rows = events.flatMap((e) =>
        endpoints
          .filter(
            (ep) =>
              e.topic !== SYSTEM_TOPIC &&
              BigInt(e.seq) > BigInt(ep.from_seq) &&
              wantsEvent(ep.event_types, e.type),
          )
          .map((ep) => ({
            tenant_id: cursor.tenant_id,
            id: newId(),
            endpoint_id: ep.id,
            event_seq: e.seq,
            event_id: e.id,
            event_type: e.type,
            status: 'pending',
            next_attempt_at: now,
            created_at: now,
            updated_at: now,
          })),
      );
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await tx
          .insertInto('webhook_deliveries')
          .values(rows.slice(i, i + INSERT_CHUNK))
          .onConflict((oc) => oc.columns(['tenant_id', 'endpoint_id', 'event_seq']).doNothing())
          .execute();
      }
      await tx
        .updateTable('webhook_cursors')
        .set({ seq: last.seq })
        .where('tenant_id', '=', cursor.tenant_id)
        .execute();
    }
    return more;
  });
}
