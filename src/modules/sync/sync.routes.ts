import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runMutation, runRequestTransaction, serviceContext } from '../../platform/http/mutation.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import { DEFAULT_BLOCK_SIZE, type ReceiptBlocks } from './receipt-blocks.ts';
import type { SyncReportsService } from './sync-reports.ts';
import type { SyncSales } from './sync-sales.ts';
import {
  ReceiptBlockSchema,
  ReserveBlockBody,
  SyncReportPage,
  SyncReportQuery,
  SyncSalesBody,
  SyncSalesResult,
} from './sync.contracts.ts';

/** Offline registers: receipt-number blocks, the exactly-once upload of offline sales, conflict reports. */
export const syncRoutes: FastifyPluginAsyncTypebox<{
  sales: SyncSales;
  blocks: ReceiptBlocks;
  reports: SyncReportsService;
}> = async (app, deps) => {
  const { sales, blocks, reports } = deps;

  app.post(
    '/v1/sync/sales',
    {
      schema: {
        tags: ['sync'],
        operationId: 'sendOfflineSales',
        summary: 'Upload sales a register made offline: each recorded exactly once, results per sale',
        description:
          "Access: a staff session opened with a PIN on a paired register device, with `orders:create` (and `payments:create`). Records each complete sale (order, cash/card tenders, later refunds) in the device's sequence order, a few per transaction through the online path (a sale the server refuses is recorded alone, so it touches no other), so events, ledger and audit are those of an online sale; the order keeps the register's id and the receipt number from the device's reserved block. Each sale is idempotent by its `clientId`: a repeated upload (a lost acknowledgement) answers `duplicate` and changes nothing. A sale stands at the price paid even when the catalog changed (`price_changed`, `item_sold_out`, … in `reasons`); a sale the server refuses comes back as `conflict`. Either raises a report (`GET /v1/sync/reports`) and an `alert` event. The `Idempotency-Key` header is not needed (each sale carries its id).",
        body: SyncSalesBody,
        response: { 200: SyncSalesResult, ...errorResponses },
      },
      config: { permission: 'orders:create', idempotency: false },
    },
    async (req) => {
      const ctx = serviceContext(req);
      const results = await sales.sync((fn) => runRequestTransaction(req, fn), ctx, req.body);
      return { results };
    },
  );

  app.post(
    '/v1/sync/receipt-blocks',
    {
      schema: {
        tags: ['sync'],
        operationId: 'createReceiptBlock',
        summary: 'Reserve a block of official receipt numbers for this register device',
        description:
          'Access: a staff session opened with a PIN on a paired register device, with `orders:create`. Takes `size` (default 50) consecutive numbers from the counter online sales use (per outlet, or per register when the outlet numbers per register), so they collide with no other sale or device. The register prints them on the sales it makes offline.',
        body: ReserveBlockBody,
        response: { 201: ReceiptBlockSchema, ...errorResponses },
      },
      config: { permission: 'orders:create' },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => blocks.reserve(tx, ctx, req.body.size ?? DEFAULT_BLOCK_SIZE), {
        status: 201,
      }),
  );

  app.post(
    '/v1/sync/receipt-blocks/:id/release',
    {
      schema: {
        tags: ['sync'],
        operationId: 'closeReceiptBlock',
        summary: "Release a device's receipt block: its unused numbers become void",
        description:
          'Access: a staff session on the paired device that reserved the block, with `orders:create`. The numbers no synced sale used are recorded as void (listed in `voidedNumbers`), so the sequence has no unexplained gap. Release only with nothing left to sync: a sale carrying a released number is refused. Releasing again answers the same.',
        params: IdParams,
        response: { 200: ReceiptBlockSchema, ...errorResponses },
      },
      config: { permission: 'orders:create' },
    },
    async (req, reply) => runMutation(req, reply, (tx, ctx) => blocks.release(tx, ctx, req.params.id)),
  );

  app.get(
    '/v1/sync/reports',
    {
      schema: {
        tags: ['sync'],
        operationId: 'listSyncReports',
        summary: 'Offline sync reports: sales that stood at an old price, and what the server refused',
        description:
          'Access: `reports:read`; outlet-limited (only the caller’s outlets). Newest first. A report per synced sale or refund that needs a manager: `accepted` with the differences that stood (price or tax changed, item archived or sold out), or `refused` with the reason.',
        querystring: SyncReportQuery,
        response: { 200: SyncReportPage, ...errorResponses },
      },
      config: { permission: 'reports:read' },
    },
    async (req) => reports.list(req.server.db, serviceContext(req), req.query),
  );
};
