import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { serviceContext } from '../http/mutation.ts';
import { nameSchemas } from '../http/openapi-contract.ts';
import { decodeCursor, Page, pageQuery, toPage } from '../http/pagination.ts';
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

/** A page of the log, and the tenant's latest sequence number. */
const EventPage = Type.Object(
  {
    ...Page('EventPage', EventSchema).properties,
    head: Type.String({ description: "the tenant's latest sequence number when this page was read" }),
  },
  { description: 'A page of the event log, oldest first' },
);
nameSchemas({ Event: EventSchema, EventPage });

/** GET /v1/events?after=<seq>: pages through the tenant's event log. */
export const eventsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/events',
    {
      schema: {
        tags: ['events'],
        operationId: 'listEvents',
        description:
          'Events of the business in commit order (gap-free per tenant), only the topics and outlets your credential may read: the same messages realtime subscribers and webhooks get. Start from `after` (the `seq` of the last event you handled) and follow `nextCursor`; when it is null you are caught up: poll again later with `after`.',
        summary:
          'The event log after a sequence number, oldest first (only the topics and outlets you may read)',
        querystring: Type.Object(
          {
            after: Type.Optional(
              Type.String({
                pattern: '^[0-9]{1,18}$',
                description: 'start after this sequence number (the `seq` of the last event you handled)',
              }),
            ),
            orderId: Type.Optional(Uuid),
            ...pageQuery({ default: 100, maximum: 1000 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: EventPage,
          ...errorResponses,
        },
      },
      config: { permission: 'events:read' },
    },
    async (req) => {
      const ctx = serviceContext(req);
      const limit = req.query.limit ?? 100;
      // A cursor continues a listing; `after` starts one from a known sequence number.
      const [after] = decodeCursor(req.query.cursor, ['seq'] as const) ?? [req.query.after ?? '0'];
      const { events } = await readEvents(req.server.db, ctx.tenantId, {
        after,
        limit: limit + 1,
        topics: readableTopics(ctx.principal),
        outletIds: readableOutlets(ctx.principal),
        ...(req.query.orderId ? { orderId: req.query.orderId } : {}),
      });
      return {
        ...toPage(events, limit, (e) => [e.seq]),
        head: await headSeq(req.server.db, ctx.tenantId),
      };
    },
  );
};
