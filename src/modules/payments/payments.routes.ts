import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { pageInMemory, PageQuery } from '../../platform/http/pagination.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import type { TenantId } from '../../platform/ids/ids.ts';
import type { GatewayAccounts } from './gateway-accounts.ts';
import type { GatewayWebhooks } from './gateway-webhooks.ts';
import type { PaymentsService } from './payments.service.ts';
import type { RefundsService } from './refunds.service.ts';
import * as c from './payments.contracts.ts';
import * as examples from './payments.examples.ts';
import { accountRoutes } from './accounts.routes.ts';

/** Largest gateway notification we read (Stripe events are a few KiB). */
const WEBHOOK_BODY_LIMIT = 256 * 1024;

export interface PaymentsRouteDeps {
  payments: PaymentsService;
  refunds: RefundsService;
  accounts: GatewayAccounts;
  webhooks: GatewayWebhooks;
}

/** Payments, refunds, gateway accounts, gateway notifications, fees and settlements: thin routes. */
export const paymentsRoutes: FastifyPluginAsyncTypebox<PaymentsRouteDeps> = async (app, deps) => {
  const { payments, refunds, accounts } = deps;
  const tags = ['payments'];
  const take = { permission: 'payments:create' } as const;
  const read = { permission: 'payments:read' } as const;
  const ok = { 200: c.PaymentSchema, ...errorResponses };

  app.post(
    '/v1/orders/:id/payments',
    {
      schema: {
        tags,
        operationId: 'createOrderPayment',
        description:
          "Takes a payment on an open or sent order: the balance when `amount` is left out, or a part of it. Cash computes change and applies the cash rounding on the payment that settles the order; card records an external terminal's approval; a gateway payment starts pending and is completed by the gateway's notification (QR codes, redirects, client secrets are in the response). `completeOrder` completes the order when this payment settles it.",
        examples: { request: examples.createPaymentRequest },
        summary:
          'Take a payment on an order: cash (tendered, change, rounding), card on a terminal, or a gateway',
        params: IdParams,
        body: c.CreatePaymentBody,
        response: { 201: c.PaymentSchema, ...errorResponses },
      },
      config: take,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => payments.create(tx, ctx, req.params.id, req.body), {
        status: 201,
        // Cash and card stay in the database; a gateway payment calls out, so its key is claimed first.
        lateKey: req.body.method !== 'gateway',
      }),
  );
  app.get(
    '/v1/orders/:id/payments',
    {
      schema: {
        tags,
        operationId: 'listOrderPayments',
        description: 'Every payment taken on the order, oldest first, with status, refunds and fees.',
        summary: "An order's payments",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: c.PaymentPage, ...errorResponses },
      },
      config: read,
    },
    async (req) =>
      pageInMemory(
        await payments.list(req.server.db, serviceContext(req), req.params.id),
        req.query,
        (p) => p.id,
      ),
  );
  app.get(
    '/v1/orders/:id/amount-due',
    {
      schema: {
        tags,
        operationId: 'getOrderAmountDue',
        summary:
          'What each tender asks to settle the order now: card/gateway and cash dues in whole practical increments, quick cash tenders',
        description:
          'The balance left after payments still pending at a gateway, what a card or gateway payment would ask to settle it (rounded up to the practical increment), what cash would ask (rounded to the cash increment), and up to five quick cash tenders for the register.',
        params: IdParams,
        response: { 200: c.AmountDueSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => payments.amountDue(req.server.db, serviceContext(req), req.params.id),
  );
  app.get(
    '/v1/payments/:id',
    {
      schema: {
        tags,
        operationId: 'getPayment',
        description: 'One payment with its status, tender details, gateway state and refundable amount.',
        summary: 'One payment',
        params: IdParams,
        response: ok,
      },
      config: read,
    },
    async (req) => payments.get(req.server.db, serviceContext(req), req.params.id),
  );
  app.post(
    '/v1/payments/:id/cancel',
    {
      schema: {
        tags,
        operationId: 'cancelPayment',
        description:
          'Cancels a gateway payment the customer has not completed yet (the gateway is told too).',
        summary: 'Cancel a payment still waiting for the customer',
        params: IdParams,
        response: ok,
      },
      config: take,
    },
    async (req, reply) => runMutation(req, reply, (tx, ctx) => payments.cancel(tx, ctx, req.params.id)),
  );
  app.post(
    '/v1/payments/:id/refresh',
    {
      schema: {
        tags,
        operationId: 'refreshPaymentStatus',
        description:
          "Asks the gateway for the payment's status now and applies it, for when a notification is late.",
        summary: "Ask the gateway for the payment's status now",
        params: IdParams,
        response: ok,
      },
      config: take,
    },
    async (req, reply) => runMutation(req, reply, (tx, ctx) => payments.refresh(tx, ctx, req.params.id)),
  );
  app.post(
    '/v1/payments/:id/razorpay-checkout',
    {
      schema: {
        tags,
        operationId: 'confirmRazorpayCheckout',
        description:
          "Completes a Razorpay payment from the Checkout widget's success handler, after checking its signature against the order id Kasir stored.",
        summary: 'Confirm a Razorpay Checkout success (its signature is checked against the stored order id)',
        params: IdParams,
        body: c.RazorpayCheckoutBody,
        response: ok,
      },
      config: take,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) =>
        payments.confirmRazorpayCheckout(tx, ctx, req.params.id, req.body),
      ),
  );
  for (const format of ['svg', 'png'] as const) {
    app.get(
      `/v1/payments/:id/qr.${format}`,
      {
        schema: {
          tags,
          operationId: format === 'svg' ? 'getPaymentQrSvg' : 'getPaymentQrPng',
          description:
            'The QR code of a pending gateway payment (QRIS, UPI) for the customer to scan, drawn from its `qrString`.',
          summary: `The payment's QR code (QRIS, UPI) as ${format.toUpperCase()}`,
          params: IdParams,
          produces: [format === 'svg' ? 'image/svg+xml' : 'image/png'],
          response: { 200: c.QrImage(format), ...errorResponses },
        },
        config: read,
      },
      async (req, reply) => {
        const image = await payments.qr(req.server.db, serviceContext(req), req.params.id, format);
        return reply
          .type(format === 'svg' ? 'image/svg+xml' : 'image/png')
          .header('cache-control', 'private, max-age=300')
          .send(image);
      },
    );
  }

  app.post(
    '/v1/payments/:id/refunds',
    {
      schema: {
        tags,
        operationId: 'createPaymentRefund',
        description:
          'Refunds part or all of a completed payment, by amount or by lines (optionally restocking), to the original tender or in cash. Never more than is refundable. Needs `payments:refund` or a manager approval (`approvalId`); a gateway refund may stay pending until the gateway confirms.',
        examples: { request: examples.createRefundRequest },
        summary: 'Refund a payment by amount or by lines (payments:refund or a manager approval)',
        params: IdParams,
        body: c.CreateRefundBody,
        response: { 201: c.RefundSchema, ...errorResponses },
      },
      config: take,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => refunds.create(tx, ctx, req.params.id, req.body), { status: 201 }),
  );
  app.get(
    '/v1/payments/:id/refunds',
    {
      schema: {
        tags,
        operationId: 'listPaymentRefunds',
        description: 'Every refund of the payment, oldest first.',
        summary: "A payment's refunds",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: c.RefundPage, ...errorResponses },
      },
      config: read,
    },
    async (req) =>
      pageInMemory(
        await refunds.list(req.server.db, serviceContext(req), req.params.id),
        req.query,
        (r) => r.id,
      ),
  );
  app.get(
    '/v1/refunds/:id',
    {
      schema: {
        tags,
        operationId: 'getRefund',
        description: 'One refund with its lines, status and reversed fees.',
        summary: 'One refund',
        params: IdParams,
        response: { 200: c.RefundSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => refunds.get(req.server.db, serviceContext(req), req.params.id),
  );

  accountRoutes(app, accounts, tags);

  // Incoming gateway notifications: public, verified on the raw bytes with the gateway's scheme.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (_req, body, done) => {
        done(null, body);
      },
    );
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/v1/payments/webhooks/:gateway/:tenantId',
      {
        schema: {
          tags,
          operationId: 'receiveGatewayNotification',
          description:
            "Where a gateway sends its notifications for one business. Verified on the raw body with the gateway's own signature scheme, deduplicated by event id, then applied to the payment or refund; an unknown payment is a 404 so the gateway retries.",
          summary: "A gateway's notification endpoint for one tenant (the URL to give the gateway)",
          params: c.WebhookParams,
          response: { 200: c.WebhookAck, ...errorResponses },
        },
        // Gateways deliver from a few addresses for every tenant at once: a higher per-IP limit.
        config: { auth: 'public', rateLimit: { max: 6000, timeWindow: 60_000 } },
        bodyLimit: WEBHOOK_BODY_LIMIT,
      },
      async (req) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const r = await deps.webhooks.receive(
          req.params.gateway,
          req.params.tenantId as TenantId,
          req.headers,
          raw,
          {
            requestId: String(req.id),
            ip: req.ip,
          },
        );
        return { received: true, ...r };
      },
    );
  });
};
