import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { PageQuery } from '../../platform/http/pagination.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import * as c from './purchasing.contracts.ts';
import type { PurchasingService } from './purchasing.service.ts';

/** Suppliers, purchase orders and transfers between outlets: thin routes. */
export const purchasingRoutes: FastifyPluginAsyncTypebox<{ purchasing: PurchasingService }> = async (
  app,
  { purchasing },
) => {
  const tags = ['inventory'];
  const read = { permission: 'inventory:read' } as const;
  const manage = { permission: 'inventory:manage' } as const;

  app.post(
    '/v1/inventory/suppliers',
    {
      schema: {
        tags,
        operationId: 'createSupplier',
        summary: 'Create a supplier',
        description: 'Someone stock is bought from.',
        body: c.SupplierBody,
        response: { 201: c.SupplierSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => purchasing.createSupplier(tx, ctx, req.body), { status: 201 }),
  );

  app.get(
    '/v1/inventory/suppliers',
    {
      schema: {
        tags,
        operationId: 'listSuppliers',
        summary: 'Suppliers, by name',
        description: 'Suppliers by name.',
        querystring: PageQuery,
        response: { 200: c.SupplierPage, ...errorResponses },
      },
      config: read,
    },
    async (req) => purchasing.listSuppliers(req.server.db, serviceContext(req), req.query),
  );

  app.post(
    '/v1/inventory/purchase-orders',
    {
      schema: {
        tags,
        operationId: 'createPurchaseOrder',
        summary: 'Create a purchase order (draft)',
        description:
          'Lines of stock items with quantities (in purchase units unless a unit is given) and their agreed cost.',
        body: c.PurchaseOrderBody,
        response: { 201: c.PurchaseOrderSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => purchasing.createPurchaseOrder(tx, ctx, req.body), {
        status: 201,
      }),
  );

  app.get(
    '/v1/inventory/purchase-orders',
    {
      schema: {
        tags,
        operationId: 'listPurchaseOrders',
        summary: 'Purchase orders, newest first',
        description: 'Purchase orders of the outlets you may act in, optionally of one outlet or status.',
        querystring: c.PurchaseOrdersQuery,
        response: { 200: c.PurchaseOrderPage, ...errorResponses },
      },
      config: read,
    },
    async (req) => purchasing.listPurchaseOrders(req.server.db, serviceContext(req), req.query),
  );

  app.get(
    '/v1/inventory/purchase-orders/:id',
    {
      schema: {
        tags,
        operationId: 'getPurchaseOrder',
        summary: 'One purchase order',
        description: 'A purchase order with its lines, what was ordered and what has been received.',
        params: IdParams,
        response: { 200: c.PurchaseOrderSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => purchasing.getPurchaseOrder(req.server.db, serviceContext(req), req.params.id),
  );

  for (const [path, operationId, summary] of [
    ['send', 'sendPurchaseOrder', 'Mark a purchase order sent to its supplier'],
    ['cancel', 'cancelPurchaseOrder', 'Cancel a purchase order (what was received stays)'],
  ] as const) {
    app.post(
      `/v1/inventory/purchase-orders/:id/${path}`,
      {
        schema: {
          tags,
          operationId,
          summary,
          description: `${summary}. draft → sent → partially received → received; canceled from any state before it is all received (409 \`purchase_orders.invalid_transition\`).`,
          params: IdParams,
          response: { 200: c.PurchaseOrderSchema, ...errorResponses },
        },
        config: manage,
      },
      async (req, reply) =>
        runMutation(req, reply, (tx, ctx) =>
          path === 'send'
            ? purchasing.sendPurchaseOrder(tx, ctx, req.params.id)
            : purchasing.cancelPurchaseOrder(tx, ctx, req.params.id),
        ),
    );
  }

  app.post(
    '/v1/inventory/purchase-orders/:id/receive',
    {
      schema: {
        tags,
        operationId: 'receivePurchaseOrder',
        summary: 'Receive goods against a purchase order, in part or in full',
        description:
          'Stock comes in at its cost (as paid, else its share of the ordered cost); the average cost moves; the value is owed to the supplier in the ledger. Never more than was ordered (422 `purchase_orders.over_received`).',
        params: IdParams,
        body: c.ReceiveBody,
        response: { 200: c.PurchaseOrderSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => purchasing.receivePurchaseOrder(tx, ctx, req.params.id, req.body)),
  );

  app.post(
    '/v1/inventory/transfers',
    {
      schema: {
        tags,
        operationId: 'createStockTransfer',
        summary: 'Send stock to another outlet',
        description:
          'The stock leaves the sending outlet now, at its cost, and is in transit until the other outlet receives it.',
        body: c.TransferBody,
        response: { 201: c.TransferSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => purchasing.createTransfer(tx, ctx, req.body), { status: 201 }),
  );

  app.get(
    '/v1/inventory/transfers',
    {
      schema: {
        tags,
        operationId: 'listStockTransfers',
        summary: 'Stock transfers, newest first',
        description: 'Transfers from or to the outlets you may act in.',
        querystring: c.TransfersQuery,
        response: { 200: c.StockTransferPage, ...errorResponses },
      },
      config: read,
    },
    async (req) => purchasing.listTransfers(req.server.db, serviceContext(req), req.query),
  );

  app.get(
    '/v1/inventory/transfers/:id',
    {
      schema: {
        tags,
        operationId: 'getStockTransfer',
        summary: 'One stock transfer',
        description: 'A transfer with its lines and the cost they carry.',
        params: IdParams,
        response: { 200: c.TransferSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => purchasing.getTransfer(req.server.db, serviceContext(req), req.params.id),
  );

  app.post(
    '/v1/inventory/transfers/:id/receive',
    {
      schema: {
        tags,
        operationId: 'receiveStockTransfer',
        summary: 'Receive a transfer at its outlet',
        description:
          'The stock comes in at exactly the cost that left the sender (409 when received already).',
        params: IdParams,
        body: c.ReceiveTransferBody,
        response: { 200: c.TransferSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => purchasing.receiveTransfer(tx, ctx, req.params.id, req.body)),
  );
};
