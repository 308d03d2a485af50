import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import type { Outbound } from '../../platform/net/outbound.ts';
import { newSigningSecret, type SecretBox } from './secret-box.ts';
import { assertTargetAllowed, parseTargetUrl } from './targets.ts';
import {
  abandonQueuedDeliveries,
  deliveryDto,
  endpointDto,
  findEndpoint,
  lockFanOutPosition,
  type DeliveryDto,
  type DeliveryStatus,
  type EndpointDto,
  type EndpointStatus,
} from './webhooks.repo.ts';

export interface CreateEndpointInput {
  id?: string;
  url: string;
  eventTypes: string[];
  description?: string;
}
export interface UpdateEndpointInput {
  url?: string;
  eventTypes?: string[];
  description?: string;
  status?: EndpointStatus;
}
export interface DeliveryListQuery {
  status?: DeliveryStatus;
  limit?: number;
  /** `nextCursor` of the previous page: deliveries of events older than this. */
  cursor?: string;
}

/** An endpoint together with its signing secret: shown once, at creation and on rotation. */
export interface EndpointWithSecret {
  endpoint: EndpointDto;
  secret: string;
}

/** Registering and managing webhook endpoints, reading the delivery log, redelivering. */
export function createWebhooksService(deps: {
  clock: Clock;
  box: SecretBox;
  /** The outbound-address policy targets must pass. */
  outbound: Outbound;
  /** How long the previous secret still signs after a rotation. */
  previousSecretTtlMs: number;
}) {
  const { clock, box, outbound } = deps;

  async function checkedUrl(raw: string): Promise<string> {
    const url = parseTargetUrl(raw);
    await assertTargetAllowed(url, outbound);
    return url.href;
  }

  async function getEndpointRow(db: Executor, tenantId: string, id: string, lock = false) {
    const row = await findEndpoint(db, tenantId, id, { lock });
    if (!row) {
      throw notFound('webhook_endpoints', id);
    }
    return row;
  }

  return {
    async listEndpoints(db: Executor, ctx: ServiceContext): Promise<EndpointDto[]> {
      const now = clock.now();
      const rows = await db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('tenant_id', '=', ctx.tenantId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => endpointDto(r, now));
    },

    async getEndpoint(db: Executor, ctx: ServiceContext, id: string): Promise<EndpointDto> {
      return endpointDto(await getEndpointRow(db, ctx.tenantId, id), clock.now());
    },

    async createEndpoint(
      tx: Tx,
      ctx: ServiceContext,
      input: CreateEndpointInput,
    ): Promise<EndpointWithSecret> {
      // Checked before any write: the DNS lookup is bounded, and a refusal changes nothing.
      const url = await checkedUrl(input.url);
      const id = input.id ?? newId();
      if (await findEndpoint(tx, ctx.tenantId, id)) {
        throw new AppError('webhook_endpoints.already_exists', 'An endpoint with this id exists.', { id });
      }
      const fromSeq = await lockFanOutPosition(tx, ctx.tenantId);
      const secret = newSigningSecret();
      const now = clock.now();
      const row = await tx
        .insertInto('webhook_endpoints')
        .values({
          tenant_id: ctx.tenantId,
          id,
          url,
          description: input.description ?? '',
          event_types: [...new Set(input.eventTypes)],
          status: 'active',
          from_seq: fromSeq,
          secret_ciphertext: box.seal(secret, ctx.tenantId, id),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const endpoint = endpointDto(row, now);
      ctx.audit({
        action: 'webhook_endpoint.created',
        targetType: 'webhook_endpoint',
        targetId: id,
        after: endpoint,
      });
      return { endpoint, secret };
    },

    async updateEndpoint(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      input: UpdateEndpointInput,
    ): Promise<EndpointDto> {
      const url = input.url === undefined ? undefined : await checkedUrl(input.url);
      // Lock order: fan-out cursor, then the endpoint (the fan-out takes them in that order too).
      const head = input.status === 'active' ? await lockFanOutPosition(tx, ctx.tenantId) : undefined;
      const current = await getEndpointRow(tx, ctx.tenantId, id, true);
      const now = clock.now();
      const reEnable = input.status === 'active' && current.status === 'disabled';
      const disable = input.status === 'disabled' && current.status === 'active';
      const row = await tx
        .updateTable('webhook_endpoints')
        .set({
          // A new target starts healthy: its failure streak is not the old one's.
          ...(url === undefined || url === current.url ? {} : { url, failing_since: null }),
          ...(input.description === undefined ? {} : { description: input.description }),
          ...(input.eventTypes === undefined ? {} : { event_types: [...new Set(input.eventTypes)] }),
          // Re-enabled: a fresh start from now (events meanwhile were not queued for it).
          ...(reEnable
            ? {
                status: 'active',
                disabled_reason: null,
                disabled_at: null,
                failing_since: null,
                from_seq: head,
              }
            : {}),
          ...(disable ? { status: 'disabled', disabled_reason: 'manual', disabled_at: now } : {}),
          updated_at: now,
        })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (disable) {
        await abandonQueuedDeliveries(tx, ctx.tenantId, id, now, 'endpoint disabled');
      }
      const before = endpointDto(current, now);
      const after = endpointDto(row, now);
      ctx.audit({
        action: 'webhook_endpoint.updated',
        targetType: 'webhook_endpoint',
        targetId: id,
        before,
        after,
      });
      return after;
    },

    /** A new current secret; the old one keeps signing (a second `v1`) until it expires. */
    async rotateSecret(tx: Tx, ctx: ServiceContext, id: string): Promise<EndpointWithSecret> {
      const current = await getEndpointRow(tx, ctx.tenantId, id, true);
      const secret = newSigningSecret();
      const now = clock.now();
      const row = await tx
        .updateTable('webhook_endpoints')
        .set({
          secret_ciphertext: box.seal(secret, ctx.tenantId, id),
          previous_secret_ciphertext: current.secret_ciphertext,
          previous_secret_expires_at: new Date(now.getTime() + deps.previousSecretTtlMs),
          updated_at: now,
        })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const endpoint = endpointDto(row, now);
      ctx.audit({
        action: 'webhook_endpoint.secret_rotated',
        targetType: 'webhook_endpoint',
        targetId: id,
        after: { previousSecretExpiresAt: endpoint.previousSecretExpiresAt },
      });
      return { endpoint, secret };
    },

    /** Deletes the endpoint and its delivery log. */
    async deleteEndpoint(tx: Tx, ctx: ServiceContext, id: string): Promise<void> {
      const row = await tx
        .deleteFrom('webhook_endpoints')
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        throw notFound('webhook_endpoints', id);
      }
      ctx.audit({
        action: 'webhook_endpoint.deleted',
        targetType: 'webhook_endpoint',
        targetId: id,
        before: endpointDto(row, clock.now()),
      });
    },

    /** An endpoint's deliveries, newest event first. */
    async listDeliveries(
      db: Executor,
      ctx: ServiceContext,
      endpointId: string,
      query: DeliveryListQuery,
    ): Promise<{ deliveries: DeliveryDto[]; nextCursor: string | null }> {
      await getEndpointRow(db, ctx.tenantId, endpointId);
      const limit = query.limit ?? 50;
      let q = db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('tenant_id', '=', ctx.tenantId)
        .where('endpoint_id', '=', endpointId);
      if (query.status) {
        q = q.where('status', '=', query.status);
      }
      if (query.cursor) {
        q = q.where('event_seq', '<', query.cursor);
      }
      const rows = await q.orderBy('event_seq', 'desc').limit(limit).execute();
      return {
        deliveries: rows.map(deliveryDto),
        nextCursor: rows.length === limit ? rows[rows.length - 1]!.event_seq : null,
      };
    },

    async getDelivery(db: Executor, ctx: ServiceContext, id: string): Promise<DeliveryDto> {
      const row = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) {
        throw notFound('webhook_deliveries', id);
      }
      return deliveryDto(row);
    },

    /**
     * Queues one more attempt now, whatever the delivery's state. If it fails, retries continue
     * while the delivery's 72-hour window (from its first attempt) is open; after it, it is dead
     * again. Refused while an attempt is in flight (never two at once) or the endpoint is disabled.
     */
    async redeliver(tx: Tx, ctx: ServiceContext, id: string): Promise<DeliveryDto> {
      const current = await tx
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_endpoints as e', (j) =>
          j.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.endpoint_id'),
        )
        .select(['d.id', 'd.status', 'e.status as endpoint_status'])
        .where('d.tenant_id', '=', ctx.tenantId)
        .where('d.id', '=', id)
        .executeTakeFirst();
      if (!current) {
        throw notFound('webhook_deliveries', id);
      }
      if (current.endpoint_status !== 'active') {
        throw new AppError(
          'webhooks.endpoint_disabled',
          'The endpoint is disabled; enable it before redelivering.',
        );
      }
      const now = clock.now();
      const row = await tx
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', next_attempt_at: now, updated_at: now })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .where((eb) => eb.or([eb('lease_token', 'is', null), eb('lease_until', '<=', now)]))
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        throw new AppError(
          'webhook_deliveries.conflict',
          'This delivery is being attempted right now; try again in a moment.',
        );
      }
      const dto = deliveryDto(row);
      ctx.audit({
        action: 'webhook_delivery.redelivery_requested',
        targetType: 'webhook_delivery',
        targetId: id,
        before: { status: current.status },
        after: { status: dto.status },
      });
      return dto;
    },
  };
}
export type WebhooksService = ReturnType<typeof createWebhooksService>;
