import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { createContract } from './openapi-contract.ts';
import { errorResponses } from './schemas.ts';

/** The tags operations are grouped by, each with what it covers (every tag used must be here). */
export const TAGS = [
  {
    name: 'auth',
    description:
      'Sessions: log-in by password or by PIN on a paired device, token refresh, log-out, who am I, and manager approvals.',
  },
  {
    name: 'staff',
    description: 'The permission catalogue, roles and staff members (memberships of the business).',
  },
  {
    name: 'api keys',
    description:
      'API keys for integrations: scoped to permissions, optionally limited to outlets, shown once.',
  },
  {
    name: 'devices',
    description:
      'Register devices: pairing with a one-time code, revoking, and the staff who may sign in on one.',
  },
  {
    name: 'tenancy',
    description: 'The business (tenant): sign-up, settings, outlets, registers and the cash drawer.',
  },
  {
    name: 'drawer',
    description:
      'Cash drawer sessions per register: float, paid in/out, drops, no-sale, blind close with variance, X and Z reports, the ledger tie-out, and outlet cash settings.',
  },
  {
    name: 'media',
    description:
      'Images a business uploads (item pictures, receipt logos): PNG, JPEG or WebP by their bytes, at most 1 MiB, served public and immutable.',
  },
  {
    name: 'inventory',
    description:
      'Stock items and units, levels per outlet, the append-only movements ledger, versioned recipes deducted on sale, moving-average cost and cost of goods, counts, waste, suppliers, purchase orders, transfers, valuation and gross margin.',
  },
  {
    name: 'receipts',
    description:
      'Receipts of orders: the document with its official number, plain text for 58/80 mm printers, ESC/POS bytes, and the signed hosted printable page.',
  },
  {
    name: 'qr',
    description:
      "QR table ordering: signed, rotatable table codes with their QR images and a printable sheet; the customer's public menu, orders and tracking (the code or the customer token in the path is the credential); staff accepting or rejecting orders.",
  },
  {
    name: 'floor',
    description:
      'The restaurant floor: floors and tables with their live status (free, occupied, bill requested), opening a table atomically, named tabs, moving and merging orders, asking for the bill, splitting by seat.',
  },
  {
    name: 'kitchen',
    description:
      'Kitchen stations and routing, tickets made in the same transaction as a send (one per station), line states, bump and recall, held courses fired by the waiter, rush, figures (prep times, late tickets, all-day counts) and the order-ready board. No prices.',
  },
  {
    name: 'printing',
    description:
      'Network printers per outlet (raw TCP 9100) with their status, and the print queue that retries until a printer takes a job.',
  },
  {
    name: 'sync',
    description:
      'Registers that keep selling offline: receipt-number blocks reserved per device, the exactly-once upload of offline sales, and the conflict reports managers read.',
  },
  {
    name: 'platform',
    description: 'Platform administration of tenants: listing, suspending, fee schedules, settlements.',
  },
  {
    name: 'catalog',
    description:
      'Items, variants, categories, modifier groups, tax rates, service charges, discounts, per-outlet prices and the menu terminals pull.',
  },
  {
    name: 'orders',
    description:
      'Orders and their lines: pricing, the kitchen flow (open → sent → completed), voids, cancels and splits.',
  },
  {
    name: 'payments',
    description:
      'Payments (cash, card, gateways with QR codes), refunds, gateway accounts and notifications, revenue share and settlement.',
  },
  {
    name: 'ledger',
    description: 'The double-entry books: trial balance, the tie-out check and an order’s entries.',
  },
  {
    name: 'reports',
    description:
      'Sales reports per business day from rollups kept by the event log: summary, breakdowns, loss prevention, CSV, and the check that they equal the ledger.',
  },
  { name: 'audit', description: 'The hash-chained audit log of every change: reading and verifying it.' },
  {
    name: 'events',
    description: 'The event log (outbox) every realtime message and webhook is made from, for catching up.',
  },
  {
    name: 'webhooks',
    description: 'Outgoing webhooks: endpoints, signing secrets, the delivery log and redelivery.',
  },
  { name: 'operations', description: 'Liveness, readiness and this document.' },
] as const;

/** OpenAPI 3.1 generated from the route schemas, at /openapi.json, with a docs page at /docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  const contract = createContract();
  // Before any route: compilers get schemas without `$id`s, the document keeps them (as names).
  app.addHook('onRoute', (route) => contract.onRoute(route));
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kasir API',
        version: '0.1.0',
        description:
          'Multi-tenant point of sale. Errors are RFC 9457 `application/problem+json` with a stable `code`. ' +
          'Mutating requests accept an `Idempotency-Key` header: a retry with the same key and body replays the first response. ' +
          'Every list answers `{ items, nextCursor }`: pass `nextCursor` back as `?cursor=` for the next page (null on the last); `?limit=` sets the page size. ' +
          'Money is in integer minor units of the tenant currency.',
      },
      tags: TAGS.map((t) => ({ ...t })),
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'Access token (JWT), API key (kak_…) or device token (kdv_…)',
          },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: (input) => contract.transform(input),
    transformObject: (d) =>
      'openapiObject' in d ? contract.completeDocument(d.openapiObject) : d.swaggerObject,
  });
  // The docs page and its assets are public.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) {
      route.config = { ...(route.config ?? {}), auth: 'public' };
    }
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  app.get(
    '/openapi.json',
    {
      schema: {
        tags: ['operations'],
        operationId: 'getOpenApiDocument',
        summary: 'This OpenAPI 3.1 document',
        description:
          'The contract of this server, generated from its routes: generate a typed client from it.',
        response: {
          200: Type.Object(
            {},
            { $id: 'OpenApiDocument', additionalProperties: true, description: 'An OpenAPI 3.1 document' },
          ),
          ...errorResponses,
        },
      },
      config: { auth: 'public' },
    },
    async () => app.swagger(),
  );
}
