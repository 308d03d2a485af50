import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { OrdersService } from '../modules/orders/index.ts';
import type { PaymentsService } from '../modules/payments/index.ts';
import { runMutation } from '../platform/http/mutation.ts';
import { errorResponses } from '../platform/http/schemas.ts';
import { recordSale } from './sale.ts';
import { SaleBody, SaleSchema } from './sale.contracts.ts';

/** `POST /v1/sales`: a counter sale (order + tenders + completion) in one idempotent request. */
export const saleRoutes: FastifyPluginAsyncTypebox<{
  orders: OrdersService;
  payments: PaymentsService;
}> = async (app, deps) => {
  app.post(
    '/v1/sales',
    {
      schema: {
        tags: ['orders'],
        operationId: 'createSale',
        description:
          'Creates the order exactly as `POST /v1/orders` does, applies its cash and card tenders in order and completes it, in one transaction with the same events, ledger entries and audit as the two-step path. The tenders must settle the order (422 `sales.not_settled`, nothing written). Gateway payments (QRIS, e-wallet) wait for the customer: use the two-step path for them. Needs `orders:create` and `payments:create`.',
        summary: 'Record a counter sale in one request: the order, its cash/card payments, completed',
        body: SaleBody,
        response: { 201: SaleSchema, ...errorResponses },
      },
      config: { permission: 'orders:create' },
    },
    // Cash and card only: every effect is in the database, so the key is stored with the sale.
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => recordSale(tx, ctx, deps, req.body), {
        status: 201,
        lateKey: true,
      }),
  );
};
