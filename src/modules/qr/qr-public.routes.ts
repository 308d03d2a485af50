import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { MenuService } from '../catalog/index.ts';
import * as c from './qr.contracts.ts';
import type { QrOrders } from './qr-orders.service.ts';
import type { QrPayments } from './qr-payments.ts';
import type { WindowLimiter } from './qr-rules.ts';
import type { TableCodes } from './table-codes.service.ts';

export interface QrLimiters {
  /** Per table (all phones scanning one table's code). */
  table: WindowLimiter;
  /** Per client address (one phone trying many tables, or many forged codes). */
  address: WindowLimiter;
}

/**
 * The customer's routes: no login, the signed table code (or, once an order is placed, the
 * customer token) in the path is the credential. Every request counts against the address's rate
 * limit; a valid code also against its table's. The resolved customer becomes `req.principal`, so
 * the use cases run like any other, scoped to that tenant, outlet and table.
 */
export const qrPublicRoutes: FastifyPluginAsyncTypebox<{
  codes: TableCodes;
  qrOrders: QrOrders;
  menu: MenuService;
  pay: QrPayments;
  limits: QrLimiters;
}> = async (app, { codes, qrOrders, menu, pay, limits }) => {
  const tags = ['qr'];
  const open = { auth: 'public' } as const;

  app.addHook('onRequest', async (req) => {
    limits.address.hit(req.ip);
  });

  async function atTable(req: FastifyRequest) {
    const found = await codes.resolve(req.server.db, (req.params as { token: string }).token);
    limits.table.hit(`table:${found.table.table_id}`);
    req.principal = found.principal;
    return found.table;
  }
  const tableRef = (t: Awaited<ReturnType<typeof atTable>>) => ({
    id: t.table_id,
    name: t.table_name,
    outletId: t.outlet_id,
  });
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

  app.post(
    '/v1/qr/tables/:token/scan',
    {
      schema: {
        tags,
        operationId: 'scanTableCode',
        summary: 'Open a scanned table code: the table, outlet and business (emits qr.scanned)',
        description:
          'Public: the signed table code is the credential. A forged, rotated or revoked code is a 404. Rate limited per table and per address (429).',
        params: c.TableTokenParams,
        response: { 200: c.ScanSchema, ...errorResponses },
      },
      config: { ...open, idempotency: false },
    },
    async (req, reply) => {
      const t = await atTable(req);
      noStore(reply);
      return runMutation(req, reply, async (tx, ctx) => {
        qrOrders.scanned(ctx, tableRef(t));
        return codes.scanView(t, (await codes.getSettings(tx, ctx)).autoAccept);
      });
    },
  );
  app.get(
    '/v1/qr/tables/:token/menu',
    {
      schema: {
        tags,
        operationId: 'getTableMenu',
        summary: "The outlet's live menu for a table's customers (images, modifiers, sold out)",
        description:
          "Public: the signed table code is the credential. The outlet's menu as `GET /v1/catalog/menu` gives it, without discounts (staff apply those).",
        params: c.TableTokenParams,
        response: { 200: c.MenuSchema, ...errorResponses },
      },
      config: open,
    },
    async (req, reply) => {
      const t = await atTable(req);
      noStore(reply);
      const m = await menu.outletMenu(serviceContext(req), t.outlet_id);
      return { ...m, discounts: [] };
    },
  );
  app.post(
    '/v1/qr/tables/:token/orders',
    {
      schema: {
        tags,
        operationId: 'placeTableOrder',
        summary: 'Place an order from the table',
        description:
          "Public: the signed table code is the credential. Idempotent by the phone's `id` (sending it again returns the same order; no Idempotency-Key: the answer carries the customer token). Checked against the live menu (sold out 409, modifiers 422) and the business's limits (422 `qr.limit_reached`: items per line and per order, orders waiting per table); rate limited (429 `qr.rate_limited`). Waits for staff (`qr.order.placed`) or goes to the kitchen at once when the business accepts automatically. The answer's `customerToken` reads this order only.",
        params: c.TableTokenParams,
        body: c.PlaceQrOrderBody,
        response: { 201: c.PlacedSchema, ...errorResponses },
      },
      config: { ...open, idempotency: false },
    },
    async (req, reply) => {
      const t = await atTable(req);
      noStore(reply);
      return runMutation(req, reply, (tx, ctx) => qrOrders.place(tx, ctx, tableRef(t), req.body, req.ip), {
        status: 201,
      });
    },
  );
  app.get(
    '/v1/qr/track/:token',
    {
      schema: {
        tags,
        operationId: 'trackQrOrder',
        summary: 'Follow a placed order: received, accepted, preparing, ready, served',
        description:
          "Public: the customer token given when the order was placed is the credential; it reads that order only (any other token is a 404). `bill` is the table's order it joined: what is paid and left to pay.",
        params: c.CustomerTokenParams,
        response: { 200: c.CustomerOrderSchema, ...errorResponses },
      },
      config: open,
    },
    async (req, reply) => {
      const found = await qrOrders.resolveCustomer(req.server.db, req.params.token);
      limits.table.hit(`order:${found.row.id}`);
      req.principal = found.principal;
      noStore(reply);
      return qrOrders.customerView(req.server.db, serviceContext(req), found.row);
    },
  );
  app.post(
    '/v1/qr/track/:token/payments',
    {
      schema: {
        tags,
        operationId: 'payQrOrder',
        summary: "Pay the table's bill from the phone: QRIS, e-wallet, card, or ask to pay at the counter",
        description:
          "Public: the customer token is the credential. A gateway payment for the table order's balance that completes the order when the gateway confirms it: `qris` (the business's Midtrans or Xendit account; the QR comes back as SVG), `gopay` / `shopeepay` (Midtrans; `actionUrl` opens the e-wallet app), `card` (Stripe; `card` carries the PaymentIntent's client secret, the publishable key and the API the phone confirms it against, as Stripe.js does); a method the business has no account for is 409 `payments.gateway_not_configured` (the tracking's `payMethods` lists those it has). `counter` asks for the bill (the table shows it to staff). \"Pay for my items\": `lineIds` pays only those lines of this customer's order (their totals, at most the balance); the rest stays on the bill. Only once staff accepted the order (409 before).",
        params: c.CustomerTokenParams,
        body: c.PayBody,
        response: { 200: c.PayResultSchema, ...errorResponses },
      },
      config: open,
    },
    async (req, reply) => {
      const found = await qrOrders.resolveCustomer(req.server.db, req.params.token);
      limits.table.hit(`order:${found.row.id}`);
      req.principal = found.principal;
      noStore(reply);
      return runMutation(req, reply, (tx, ctx) =>
        req.body.method === 'counter'
          ? pay.payAtCounter(tx, ctx, found.row)
          : pay.payByGateway(tx, ctx, found.row, { ...req.body, method: req.body.method }),
      );
    },
  );
};
