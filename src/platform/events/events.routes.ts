import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { serviceContext } from '../http/mutation.ts';
import { errorResponses, Nullable, Timestamp, Uuid } from '../http/schemas.ts';
import { readableOutlets, readableTopics } from './access.ts';
import { headSeq, readEvents } from './events.ts';

export const EventSchema = Type.Object({
  seq: Type.String({ description: 'per-tenant sequence number, gap-free in commit order' }),
  id: Uuid,
  type: Type.String(),
  version: Type.Integer(),
  occurredAt: Timestamp,
  topic: Type.String(),
  outletId: Nullable(Uuid),
  registerId: Nullable(Uuid),
  orderId: Nullable(Uuid),
  station: Nullable(Type.String()),
  payload: Type.Unknown(),
});

/** GET /v1/events?after=<seq>: pages through the tenant's event log. */
export const eventsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/events',
    {
      schema: {
        tags: ['events'],
        summary:
          'The event log after a sequence number, oldest first (only the topics and outlets you may read)',
        querystring: Type.Object(
          {
            after: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
            orderId: Type.Optional(Uuid),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            events: Type.Array(EventSchema),
            next: Type.String({ description: 'pass as `after`' }),
            head: Type.String(),
          }),
          ...errorResponses,
        },
      },
      config: { permission: 'events:read' },
    },
    async (req) => {
      const ctx = serviceContext(req);
      const { events, scannedTo } = await readEvents(req.server.db, ctx.tenantId, {
        after: req.query.after ?? '0',
        limit: req.query.limit ?? 100,
        topics: readableTopics(ctx.principal),
        outletIds: readableOutlets(ctx.principal),
        ...(req.query.orderId ? { orderId: req.query.orderId } : {}),
      });
      return { events, next: scannedTo, head: await headSeq(req.server.db, ctx.tenantId) };
    },
  );
};
