import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import * as c from './qr.contracts.ts';
import type { QrOrders } from './qr-orders.service.ts';
import type { TableCodes } from './table-codes.service.ts';

/** Where this server is reached from (the QR's address when KASIR_PUBLIC_URL is not set). */
export function originOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/** Staff side of QR ordering: table codes and their QR images, settings, accepting orders. */
export const qrStaffRoutes: FastifyPluginAsyncTypebox<{ codes: TableCodes; qrOrders: QrOrders }> = async (
  app,
  { codes, qrOrders },
) => {
  const tags = ['qr'];
  const manage = { permission: 'floor:manage' } as const;

  for (const [path, operationId, summary, use] of [
    ['', 'createTableCode', "The table's QR code (issued on first use)", 'issue'],
    ['/rotate', 'rotateTableCode', 'A new code for the table: every older one stops working', 'rotate'],
    ['/revoke', 'revokeTableCode', "Revoke the table's code until it is rotated", 'revoke'],
  ] as const) {
    app.post(
      `/v1/tables/:id/code${path}`,
      {
        schema: {
          tags,
          operationId,
          summary,
          description:
            'Access: `floor:manage`. The token is HMAC-signed with the server secret and carries the code version: rotating or revoking makes every printed code of the table answer 404.',
          params: IdParams,
          response: { 200: c.TableCodeSchema, ...errorResponses },
        },
        config: manage,
      },
      async (req, reply) =>
        runMutation(req, reply, (tx, ctx) => codes[use](tx, ctx, req.params.id, originOf(req))),
    );
  }
  for (const format of ['svg', 'png'] as const) {
    app.get(
      `/v1/tables/:id/code.${format}`,
      {
        schema: {
          tags,
          operationId: format === 'svg' ? 'getTableCodeSvg' : 'getTableCodePng',
          summary: `The table's QR code as ${format.toUpperCase()}`,
          description: 'Access: `floor:manage`. The QR holds the customer page address of the live code.',
          params: IdParams,
          produces: [format === 'svg' ? 'image/svg+xml' : 'image/png'],
          response: { 200: c.FileBody(`The QR code as ${format.toUpperCase()}`), ...errorResponses },
        },
        config: manage,
      },
      async (req, reply) => {
        const ctx = serviceContext(req);
        const body =
          format === 'svg'
            ? await codes.svg(req.server.db, ctx, req.params.id, originOf(req))
            : await codes.png(req.server.db, ctx, req.params.id, originOf(req));
        return reply
          .type(format === 'svg' ? 'image/svg+xml' : 'image/png')
          .header('cache-control', 'private, no-cache')
          .send(body);
      },
    );
  }
  app.post(
    '/v1/outlets/:outletId/table-codes',
    {
      schema: {
        tags,
        operationId: 'createOutletTableCodes',
        summary: 'Issue a code to every table of the outlet that has none; list them all',
        description: 'Access: `floor:manage`. Revoked codes stay revoked.',
        params: c.OutletSheetParams,
        response: { 200: c.TableCodeList, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => codes.issueAll(tx, ctx, req.params.outletId, originOf(req))),
  );
  app.get(
    '/v1/outlets/:outletId/table-codes/sheet',
    {
      schema: {
        tags,
        operationId: 'getTableCodeSheet',
        summary: "A printable page of the outlet's table QR codes",
        description:
          'Access: `floor:manage`. An A4 HTML page, three codes a row with the table names; tables without a live code are left out.',
        params: c.OutletSheetParams,
        produces: ['text/html'],
        response: { 200: c.FileBody('The printable page'), ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'private, no-cache')
        .send(await codes.sheet(req.server.db, serviceContext(req), req.params.outletId, originOf(req))),
  );

  app.get(
    '/v1/qr/settings',
    {
      schema: {
        tags,
        operationId: 'getQrSettings',
        summary: 'QR ordering settings: accept automatically or by staff, limits per table',
        description: 'Access: `floor:read`.',
        response: { 200: c.QrSettingsSchema, ...errorResponses },
      },
      config: { permission: 'floor:read' },
    },
    async (req) => codes.getSettings(req.server.db, serviceContext(req)),
  );
  app.patch(
    '/v1/qr/settings',
    {
      schema: {
        tags,
        operationId: 'updateQrSettings',
        summary: 'Change QR ordering settings',
        description: 'Access: `floor:manage`.',
        body: c.UpdateQrSettingsBody,
        response: { 200: c.QrSettingsSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) => runMutation(req, reply, (tx, ctx) => codes.updateSettings(tx, ctx, req.body)),
  );

  app.get(
    '/v1/qr/orders',
    {
      schema: {
        tags,
        operationId: 'listQrOrders',
        summary: 'Orders customers placed from their tables, newest first',
        description:
          'Access: `orders:read`. `status=pending` is what waits for staff; new ones arrive live as `qr.order.placed` on the `orders` topic.',
        querystring: c.ListQrOrdersQuery,
        response: { 200: c.QrOrderPage, ...errorResponses },
      },
      config: { permission: 'orders:read' },
    },
    async (req) => qrOrders.list(req.server.db, serviceContext(req), req.query),
  );
  app.post(
    '/v1/qr/orders/:id/accept',
    {
      schema: {
        tags,
        operationId: 'acceptQrOrder',
        summary: "Accept a customer's order: onto the table's open order and to the kitchen",
        description:
          'Access: `orders:create`. Opens the table (its open order, or a new one), adds the lines and sends them to the kitchen in one transaction; `qr.order.accepted`. An order decided already is a 409.',
        params: IdParams,
        response: { 200: c.QrOrderSchema, ...errorResponses },
      },
      config: { permission: 'orders:create' },
    },
    async (req, reply) => runMutation(req, reply, (tx, ctx) => qrOrders.accept(tx, ctx, req.params.id)),
  );
  app.post(
    '/v1/qr/orders/:id/reject',
    {
      schema: {
        tags,
        operationId: 'rejectQrOrder',
        summary: "Reject a customer's order, saying why",
        description: 'Access: `orders:create`. The customer sees the reason; `qr.order.rejected`.',
        params: IdParams,
        body: c.RejectBody,
        response: { 200: c.QrOrderSchema, ...errorResponses },
      },
      config: { permission: 'orders:create' },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => qrOrders.reject(tx, ctx, req.params.id, req.body.reason)),
  );
};
