import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import { WEBHOOK_EVENT_TYPES } from './event-types.ts';
import type { WebhooksService } from './webhooks.service.ts';
import * as c from './webhooks.contracts.ts';

/** Outgoing webhooks: endpoints, secrets, the delivery log, redelivery (all `webhooks:manage`). */
export const webhooksRoutes: FastifyPluginAsyncTypebox<{ webhooks: WebhooksService }> = async (
  app,
  { webhooks },
) => {
  const tags = ['webhooks'];
  const manage = { permission: 'webhooks:manage' } as const;
  // Responses that carry a fresh secret are never stored, so those routes do not replay.
  const withSecret = { permission: 'webhooks:manage', idempotency: false } as const;

  app.get(
    '/v1/webhooks/event-types',
    {
      schema: {
        tags,
        summary: 'Event types an endpoint can subscribe to (`*` = all)',
        response: { 200: c.EventTypeList, ...errorResponses },
      },
      config: manage,
    },
    async () => [...WEBHOOK_EVENT_TYPES],
  );
  app.get(
    '/v1/webhooks/endpoints',
    {
      schema: {
        tags,
        summary: 'Webhook endpoints',
        response: { 200: Type.Array(c.EndpointSchema), ...errorResponses },
      },
      config: manage,
    },
    async (req) => webhooks.listEndpoints(req.server.db, serviceContext(req)),
  );
  app.post(
    '/v1/webhooks/endpoints',
    {
      schema: {
        tags,
        summary: 'Register an endpoint (the signing secret is shown once)',
        body: c.CreateEndpointBody,
        response: { 201: c.EndpointWithSecretSchema, ...errorResponses },
      },
      config: withSecret,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => webhooks.createEndpoint(tx, ctx, req.body), { status: 201 }),
  );
  app.get(
    '/v1/webhooks/endpoints/:id',
    {
      schema: {
        tags,
        summary: 'One endpoint',
        params: IdParams,
        response: { 200: c.EndpointSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req) => webhooks.getEndpoint(req.server.db, serviceContext(req), req.params.id),
  );
  app.patch(
    '/v1/webhooks/endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Change the URL, event types or description; disable or re-enable',
        params: IdParams,
        body: c.UpdateEndpointBody,
        response: { 200: c.EndpointSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => webhooks.updateEndpoint(tx, ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/webhooks/endpoints/:id/rotate-secret',
    {
      schema: {
        tags,
        summary: 'New signing secret (shown once); the previous one keeps signing for 24 h',
        params: IdParams,
        response: { 200: c.EndpointWithSecretSchema, ...errorResponses },
      },
      config: withSecret,
    },
    async (req, reply) => runMutation(req, reply, (tx, ctx) => webhooks.rotateSecret(tx, ctx, req.params.id)),
  );
  app.delete(
    '/v1/webhooks/endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Delete an endpoint and its delivery log',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => webhooks.deleteEndpoint(tx, ctx, req.params.id), { status: 204 }),
  );
  app.get(
    '/v1/webhooks/endpoints/:id/deliveries',
    {
      schema: {
        tags,
        summary: "An endpoint's delivery log, newest event first (cursor pagination)",
        params: IdParams,
        querystring: c.DeliveryListQuery,
        response: { 200: c.DeliveryPage, ...errorResponses },
      },
      config: manage,
    },
    async (req) => webhooks.listDeliveries(req.server.db, serviceContext(req), req.params.id, req.query),
  );
  app.get(
    '/v1/webhooks/deliveries/:id',
    {
      schema: {
        tags,
        summary: 'One delivery',
        params: IdParams,
        response: { 200: c.DeliverySchema, ...errorResponses },
      },
      config: manage,
    },
    async (req) => webhooks.getDelivery(req.server.db, serviceContext(req), req.params.id),
  );
  app.post(
    '/v1/webhooks/deliveries/:id/redeliver',
    {
      schema: {
        tags,
        summary: 'Attempt this delivery again now',
        params: IdParams,
        response: { 202: c.DeliverySchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => webhooks.redeliver(tx, ctx, req.params.id), { status: 202 }),
  );
};
