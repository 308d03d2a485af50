import { sql, type Selectable } from 'kysely';
import { appendAudit } from '../../platform/audit/audit.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { WebhookDeliveries, WebhookEndpoints } from '../../platform/db/schema.ts';
import { appendEvents } from '../../platform/events/events.ts';
import type { TenantId } from '../../platform/ids/ids.ts';

export type EndpointRow = Selectable<WebhookEndpoints>;
export type DeliveryRow = Selectable<WebhookDeliveries>;

export type EndpointStatus = 'active' | 'disabled';
export type DeliveryStatus = 'pending' | 'failed' | 'succeeded' | 'dead';

/** An endpoint as the API shows it: never its secrets. */
export interface EndpointDto {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  status: EndpointStatus;
  disabledReason: 'manual' | 'failing' | null;
  disabledAt: string | null;
  failingSince: string | null;
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryDto {
  id: string;
  endpointId: string;
  eventId: string;
  eventSeq: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  firstAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastResponseCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function endpointDto(r: EndpointRow, now: Date): EndpointDto {
  const previousActive = r.previous_secret_expires_at !== null && r.previous_secret_expires_at > now;
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.event_types,
    status: r.status as EndpointStatus,
    disabledReason: r.disabled_reason as EndpointDto['disabledReason'],
    disabledAt: iso(r.disabled_at),
    failingSince: iso(r.failing_since),
    previousSecretExpiresAt: previousActive ? iso(r.previous_secret_expires_at) : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function deliveryDto(r: DeliveryRow): DeliveryDto {
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    eventSeq: r.event_seq,
    eventType: r.event_type,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    nextAttemptAt: iso(r.next_attempt_at),
    firstAttemptAt: iso(r.first_attempt_at),
    lastAttemptAt: iso(r.last_attempt_at),
    lastResponseCode: r.last_response_code,
    lastLatencyMs: r.last_latency_ms,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** An endpoint of this tenant, or undefined. `lock` takes its row lock (FOR NO KEY UPDATE). */
export async function findEndpoint(
  db: Executor,
  tenantId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<EndpointRow | undefined> {
  const q = db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id);
  return (options.lock ? q.forNoKeyUpdate() : q).executeTakeFirst();
}

/**
 * Locks the tenant's fan-out cursor (creating it at the current head when the tenant has none)
 * and returns the tenant's current event head. An endpoint created or re-enabled in this
 * transaction takes that head as its `from_seq`: the fan-out cannot run for this tenant until we
 * commit, so every event after the head is fanned out with the endpoint visible, and none from
 * before it is sent to an endpoint that did not exist yet.
 */
export async function lockFanOutPosition(tx: Tx, tenantId: string): Promise<string> {
  await sql`
    insert into webhook_cursors (tenant_id, seq)
    values (${tenantId}, coalesce((select seq from event_heads where tenant_id = ${tenantId}), 0))
    on conflict (tenant_id) do update set seq = webhook_cursors.seq`.execute(tx);
  const head = await tx
    .selectFrom('event_heads')
    .select('seq')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return head?.seq ?? '0';
}

/** Gives up the deliveries still waiting for an attempt (the endpoint was disabled). */
export async function abandonQueuedDeliveries(
  tx: Tx,
  tenantId: string,
  endpointId: string,
  now: Date,
  reason: string,
): Promise<void> {
  await tx
    .updateTable('webhook_deliveries')
    .set({ status: 'dead', next_attempt_at: null, last_error: reason, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', endpointId)
    .where('status', 'in', ['pending', 'failed'])
    .execute();
}

/**
 * Disables an endpoint whose deliveries have all failed since `failingSince`, gives up its queued
 * deliveries, and records it: an `alert` event (topic `alerts`) and a system audit entry, in the
 * caller's transaction. No-op when it is no longer active.
 */
export async function disableFailingEndpoint(
  tx: Tx,
  tenantId: string,
  endpointId: string,
  now: Date,
): Promise<boolean> {
  const row = await tx
    .updateTable('webhook_endpoints')
    .set({ status: 'disabled', disabled_reason: 'failing', disabled_at: now, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', endpointId)
    .where('status', '=', 'active')
    .returning(['url', 'failing_since'])
    .executeTakeFirst();
  if (!row) {
    return false;
  }
  const failingSince = iso(row.failing_since);
  await abandonQueuedDeliveries(tx, tenantId, endpointId, now, 'endpoint disabled after failing for days');
  // Events before audit, like runMutation: both take per-tenant head locks held until commit.
  await appendEvents(
    tx,
    tenantId,
    [
      {
        type: 'alert',
        topic: 'alerts',
        payload: {
          kind: 'webhook_endpoint_disabled',
          endpointId,
          url: row.url,
          failingSince,
          message: `Webhook endpoint ${row.url} was disabled: every delivery has failed since ${failingSince}.`,
        },
      },
    ],
    now,
    'system:webhooks',
  );
  await appendAudit(
    tx,
    [
      {
        tenantId: tenantId as TenantId,
        actorType: 'system',
        actorId: null,
        action: 'webhook_endpoint.disabled',
        targetType: 'webhook_endpoint',
        targetId: endpointId,
        before: { status: 'active' },
        after: { status: 'disabled', disabledReason: 'failing', failingSince },
      },
    ],
    now,
  );
  return true;
}
