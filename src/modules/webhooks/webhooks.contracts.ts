import { Type } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Page, pageQuery } from '../../platform/http/pagination.ts';
import { Body, Nullable, Timestamp, Uuid } from '../../platform/http/schemas.ts';
import { WEBHOOK_EVENT_TYPES } from './event-types.ts';

const Seq = Type.String({ pattern: '^[0-9]{1,18}$', description: 'event sequence number' });
const EventType = Type.Union(
  WEBHOOK_EVENT_TYPES.map((t) => Type.Literal(t)),
  { description: 'an event type, or `*` for every type (including ones added later)' },
);
const EventTypes = Type.Array(EventType, { minItems: 1, maxItems: 50, uniqueItems: true });
const Url = Type.String({
  minLength: 1,
  maxLength: 2048,
  description: 'http(s) URL on a public address (private and loopback targets are refused)',
});
const Description = Type.String({ maxLength: 500 });
const EndpointStatus = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);
const DeliveryStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('failed'),
  Type.Literal('succeeded'),
  Type.Literal('dead'),
]);

export const EndpointSchema = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Type.String(),
  eventTypes: Type.Array(Type.String()),
  status: EndpointStatus,
  disabledReason: Nullable(Type.Union([Type.Literal('manual'), Type.Literal('failing')])),
  disabledAt: Nullable(Timestamp),
  failingSince: Nullable(Timestamp),
  previousSecretExpiresAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const EndpointWithSecretSchema = Type.Object({
  endpoint: EndpointSchema,
  secret: Type.String({ description: 'the signing secret — shown only now; store it' }),
});

export const CreateEndpointBody = Body({
  id: Type.Optional(Uuid),
  url: Url,
  eventTypes: EventTypes,
  description: Type.Optional(Description),
});
export const UpdateEndpointBody = Body({
  url: Type.Optional(Url),
  eventTypes: Type.Optional(EventTypes),
  description: Type.Optional(Description),
  status: Type.Optional(EndpointStatus),
});

export const DeliverySchema = Type.Object({
  id: Uuid,
  endpointId: Uuid,
  eventId: Uuid,
  eventSeq: Seq,
  eventType: Type.String(),
  status: DeliveryStatus,
  attempts: Type.Integer({ description: 'attempts made so far' }),
  nextAttemptAt: Nullable(Timestamp),
  firstAttemptAt: Nullable(Timestamp),
  lastAttemptAt: Nullable(Timestamp),
  lastResponseCode: Nullable(Type.Integer()),
  lastLatencyMs: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const DeliveryListQuery = Type.Object(
  {
    status: Type.Optional(DeliveryStatus),
    ...pageQuery({ default: 50, maximum: 200 }),
  },
  { additionalProperties: false },
);
export const DeliveryPage = Page(
  'WebhookDeliveryPage',
  DeliverySchema,
  "A page of an endpoint's deliveries, newest event first",
);
export const EventTypePage = Page('WebhookEventTypePage', Type.String(), 'A page of event types');
export const EndpointPage = Page(
  'WebhookEndpointPage',
  EndpointSchema,
  'A page of webhook endpoints, oldest first',
);

nameSchemas({
  WebhookEndpoint: EndpointSchema,
  WebhookEndpointWithSecret: EndpointWithSecretSchema,
  CreateWebhookEndpointRequest: CreateEndpointBody,
  UpdateWebhookEndpointRequest: UpdateEndpointBody,
  WebhookDelivery: DeliverySchema,
});
