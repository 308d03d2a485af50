import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import type { OrdersService } from './orders.service.ts';
import * as c from './orders.contracts.ts';
import * as examples from './orders.examples.ts';

/** Every order use case stays in the database: keys are stored with the mutation (see `lateKey`). */
const LATE = { lateKey: true } as const;

/** Orders: thin routes over the orders service. */
export const ordersRoutes: FastifyPluginAsyncTypebox<{ orders: OrdersService }> = async (app, { orders }) => {
  const tags = ['orders'];
  const create = { permission: 'orders:create' } as const;
  const read = { permission: 'orders:read' } as const;
  const ok = { 200: c.OrderSchema, ...errorResponses };

  app.post(
    '/v1/orders/calculate',
    {
      schema: {
        tags,
        operationId: 'calculateOrder',
        description:
          'Prices a would-be order with the same engine and catalog as creating it, and saves nothing: no number, no event, no approval consumed. Use it to show totals before the order exists.',
        examples: { request: examples.createOrderRequest },
        summary: 'Price an order without saving it (the same totals creating it gives)',
        body: c.CreateOrderBody,
        response: { 200: c.CalculationSchema, ...errorResponses },
      },
      // A read in effect: nothing is stored, so nothing is replayed.
      config: { ...create, idempotency: false },
    },
    // A read in effect: it runs the create path in a transaction that always rolls back, so it
    // writes nothing and consumes nothing (not even a manager approval it was shown).
    async (req) => {
      const tx = await req.server.db.startTransaction().execute();
      try {
        return await orders.calculate(tx, serviceContext(req), req.body);
      } finally {
        await tx.rollback().execute();
      }
    },
  );
  app.post(
    '/v1/orders',
    {
      schema: {
        tags,
        operationId: 'createOrder',
        description:
          'Creates an order at an outlet with its lines priced from the catalog now (taxes, service charges, discounts). Send your own `id` to create orders offline and retry safely. Discounts that need a manager take an `approvalId`.',
        examples: { request: examples.createOrderRequest },
        summary: 'Create an order (the client may choose its id)',
        body: c.CreateOrderBody,
        response: { 201: c.OrderSchema, ...errorResponses },
      },
      config: create,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => orders.create(tx, ctx, req.body), { status: 201, lateKey: true }),
  );
  app.get(
    '/v1/orders',
    {
      schema: {
        tags,
        operationId: 'listOrders',
        description:
          'Orders of the outlets you may work in, newest first, filtered by status, outlet, register, creation time, business date or number. Pages with `cursor`/`limit`.',
        summary: 'List and search orders, newest first (cursor pagination)',
        querystring: c.ListOrdersQuery,
        response: { 200: c.OrderPage, ...errorResponses },
      },
      config: read,
    },
    async (req) => orders.list(req.server.db, serviceContext(req), req.query),
  );
  app.get(
    '/v1/orders/:id',
    {
      schema: {
        tags,
        operationId: 'getOrder',
        description:
          'One order with its lines, totals, taxes, service charges, discounts and payment state, as stored when it was last priced.',
        summary: 'One order with lines and totals',
        params: IdParams,
        response: ok,
      },
      config: read,
    },
    async (req) => orders.get(req.server.db, serviceContext(req), req.params.id),
  );
  app.patch(
    '/v1/orders/:id',
    {
      schema: {
        tags,
        operationId: 'updateOrder',
        description:
          'Changes the header of an open or sent order and re-prices it. Send the `version` you loaded to refuse a stale change (409).',
        summary: 'Change dining option, table, customer, guests, notes or order discounts',
        params: IdParams,
        body: c.UpdateOrderBody,
        response: ok,
      },
      config: create,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => orders.updateHeader(tx, ctx, req.params.id, req.body), LATE),
  );
  app.post(
    '/v1/orders/:id/lines',
    {
      schema: {
        tags,
        operationId: 'addOrderLines',
        description:
          'Adds lines to an order that is not completed or canceled; prices come from the catalog now.',
        summary: 'Add lines (prices taken from the catalog now)',
        params: IdParams,
        body: c.AddLinesBody,
        response: ok,
      },
      config: create,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => orders.addLines(tx, ctx, req.params.id, req.body), LATE),
  );
  app.patch(
    '/v1/orders/:id/lines/:lineId',
    {
      schema: {
        tags,
        operationId: 'updateOrderLine',
        description: 'Changes the quantity or notes of a line not yet sent to the kitchen.',
        summary: 'Change a line’s quantity or notes',
        params: c.LineParams,
        body: c.UpdateLineBody,
        response: ok,
      },
      config: create,
    },
    async (req, reply) =>
      runMutation(
        req,
        reply,
        (tx, ctx) => orders.updateLine(tx, ctx, req.params.id, req.params.lineId, req.body),
        LATE,
      ),
  );
  app.post(
    '/v1/orders/:id/lines/:lineId/void',
    {
      schema: {
        tags,
        operationId: 'voidOrderLine',
        description:
          'Voids a line with a reason. A line already sent to the kitchen needs the `orders:void` permission or a manager approval (`approvalId`).',
        summary: 'Remove a line; after it was sent: orders:void or a manager approval',
        params: c.LineParams,
        body: c.VoidLineBody,
        response: ok,
      },
      config: create,
    },
    async (req, reply) =>
      runMutation(
        req,
        reply,
        (tx, ctx) => orders.voidLine(tx, ctx, req.params.id, req.params.lineId, req.body),
        LATE,
      ),
  );
  app.post(
    '/v1/orders/:id/send',
    {
      schema: {
        tags,
        operationId: 'sendOrder',
        description:
          "Sends the order's new lines to the kitchen: the order moves from open to sent and the lines are marked sent.",
        summary: 'Send new lines to the kitchen (open → sent)',
        params: IdParams,
        body: c.TransitionBody,
        response: ok,
      },
      config: create,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => orders.transition(tx, ctx, req.params.id, 'sent', req.body), LATE),
  );
  app.post(
    '/v1/orders/:id/complete',
    {
      schema: {
        tags,
        operationId: 'completeOrder',
        description:
          'Completes an order whose balance is zero (fully paid); completed orders can no longer change.',
        summary: 'Complete a fully paid order',
        params: IdParams,
        body: c.TransitionBody,
        response: ok,
      },
      config: create,
    },
    async (req, reply) =>
      runMutation(
        req,
        reply,
        (tx, ctx) => orders.transition(tx, ctx, req.params.id, 'completed', req.body),
        LATE,
      ),
  );
  app.post(
    '/v1/orders/:id/cancel',
    {
      schema: {
        tags,
        operationId: 'cancelOrder',
        description:
          'Cancels an order with a reason; needs the `orders:void` permission or a manager approval. An order with payments must be refunded first.',
        summary: 'Cancel with a reason (orders:void or a manager approval)',
        params: IdParams,
        body: c.CancelBody,
        response: ok,
      },
      config: create,
    },
    async (req, reply) =>
      runMutation(
        req,
        reply,
        (tx, ctx) => orders.transition(tx, ctx, req.params.id, 'canceled', req.body),
        LATE,
      ),
  );

  app.post(
    '/v1/orders/:id/split',
    {
      schema: {
        tags,
        operationId: 'splitOrder',
        description:
          'Moves the chosen lines to a new order (split the bill by items); both orders are re-priced and returned.',
        summary: 'Split the bill by lines: the chosen lines move to a new order',
        params: IdParams,
        body: c.SplitByLinesBody,
        response: { 200: c.SplitResult, ...errorResponses },
      },
      config: create,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => orders.splitByLines(tx, ctx, req.params.id, req.body), LATE),
  );
  app.get(
    '/v1/orders/:id/split-evenly',
    {
      schema: {
        tags,
        operationId: 'calculateEvenSplit',
        description:
          "The order's balance divided into `parts` amounts that add up to it exactly (the earlier parts take the remainder). Pay each part as a payment with that `amount`.",
        summary:
          'The balance split into N equal parts in whole practical increments (e.g. whole rupiah), covering it',
        params: IdParams,
        querystring: c.SplitEvenlyQuery,
        response: { 200: c.SplitEvenlyResult, ...errorResponses },
      },
      config: read,
    },
    async (req) => orders.splitEvenly(req.server.db, serviceContext(req), req.params.id, req.query.parts),
  );
};
