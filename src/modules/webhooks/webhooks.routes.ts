import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { pageInMemory, PageQuery } from '../../platform/http/pagination.ts';
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
        operationId: 'listWebhookEventTypes',
        description:
          'The event types an endpoint can subscribe to; `*` subscribes to every type, including ones added later.',
        summary: 'Event types an endpoint can subscribe to (`*` = all)',
        querystring: PageQuery,
        response: { 200: c.EventTypePage, ...errorResponses },
      },
      config: manage,
    },
    async (req) => pageInMemory([...WEBHOOK_EVENT_TYPES], req.query, (type) => type),
  );
  app.get(
    '/v1/webhooks/endpoints',
    {
      schema: {
        tags,
        operationId: 'listWebhookEndpoints',
        description:
          "The business's webhook endpoints, oldest first, with their status (a failing endpoint is disabled automatically).",
        summary: 'Webhook endpoints',
        querystring: PageQuery,
        response: { 200: c.EndpointPage, ...errorResponses },
      },
      config: manage,
    },
    async (req) => webhooks.listEndpoints(req.server.db, serviceContext(req), req.query),
  );
  app.post(
    '/v1/webhooks/endpoints',
    {
      schema: {
        tags,
        operationId: 'createWebhookEndpoint',
        description:
          "Registers an http(s) endpoint for some event types; it gets the events committed after it exists. Every delivery is signed with the endpoint's secret, which is in this response only. Private, loopback and link-local addresses are refused.",
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
        operationId: 'getWebhookEndpoint',
        description: 'One webhook endpoint.',
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
        operationId: 'updateWebhookEndpoint',
        description:
          "Changes an endpoint's URL, event types or description, or disables and re-enables it; an endpoint gets the events after it is (re-)enabled; events while it was disabled are not queued for it.",
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
        operationId: 'rotateWebhookSecret',
        description:
          'Issues a new signing secret (in this response only). Deliveries carry signatures with both secrets for 24 hours so receivers can switch without losing any.',
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
        operationId: 'deleteWebhookEndpoint',
        description: 'Deletes an endpoint and its delivery log (pending deliveries included).',
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
        operationId: 'listWebhookDeliveries',
        description:
          "An endpoint's deliveries, newest event first, with attempts, last response code, latency and error; filter by status.",
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
        operationId: 'getWebhookDelivery',
        description: 'One delivery: its event, status, attempts, next attempt and last outcome.',
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
        operationId: 'redeliverWebhook',
        description:
          'Schedules this delivery to be attempted again now, whatever its status (a succeeded or dead one too); its endpoint must be enabled.',
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
