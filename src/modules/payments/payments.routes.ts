import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { runMutation, runSystemMutation, serviceContext } from '../../platform/http/mutation.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import type { TenantId } from '../../platform/ids/ids.ts';
import type { GatewayAccounts } from './gateway-accounts.ts';
import type { GatewayWebhooks } from './gateway-webhooks.ts';
import type { PaymentsService } from './payments.service.ts';
import type { RefundsService } from './refunds.service.ts';
import * as c from './payments.contracts.ts';
import { getFeeSchedule } from './payments.repo.ts';
import { setFeeSchedule, settlementReport } from './settlement.ts';

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
  const read = { permission: 'orders:read' } as const;
  const ok = { 200: c.PaymentSchema, ...errorResponses };

  app.post(
    '/v1/orders/:id/payments',
    {
      schema: {
        tags,
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
        summary: "An order's payments",
        params: IdParams,
        response: { 200: Type.Array(c.PaymentSchema), ...errorResponses },
      },
      config: read,
    },
    async (req) => payments.list(req.server.db, serviceContext(req), req.params.id),
  );
  app.get(
    '/v1/orders/:id/amount-due',
    {
      schema: {
        tags,
        summary:
          'What each tender asks to settle the order now: card/gateway and cash dues in whole practical increments, quick cash tenders',
        params: IdParams,
        response: { 200: c.AmountDueSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => payments.amountDue(req.server.db, serviceContext(req), req.params.id),
  );
  app.get(
    '/v1/payments/:id',
    { schema: { tags, summary: 'One payment', params: IdParams, response: ok }, config: read },
    async (req) => payments.get(req.server.db, serviceContext(req), req.params.id),
  );
  app.post(
    '/v1/payments/:id/cancel',
    {
      schema: {
        tags,
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
          summary: `The payment's QR code (QRIS, UPI) as ${format.toUpperCase()}`,
          params: IdParams,
          response: {
            200: Type.Any({ description: `image/${format === 'svg' ? 'svg+xml' : 'png'}` }),
            ...errorResponses,
          },
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
        summary: "A payment's refunds",
        params: IdParams,
        response: { 200: Type.Array(c.RefundSchema), ...errorResponses },
      },
      config: read,
    },
    async (req) => refunds.list(req.server.db, serviceContext(req), req.params.id),
  );
  app.get(
    '/v1/refunds/:id',
    {
      schema: {
        tags,
        summary: 'One refund',
        params: IdParams,
        response: { 200: c.RefundSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => refunds.get(req.server.db, serviceContext(req), req.params.id),
  );

  // Gateway accounts (per tenant; secrets go in, never come out).
  const manage = { permission: 'tenant:manage' } as const;
  app.get(
    '/v1/payment-gateways',
    {
      schema: {
        tags,
        summary: "The tenant's gateway accounts (no secrets)",
        response: { 200: Type.Array(c.GatewayAccountSchema), ...errorResponses },
      },
      config: manage,
    },
    async (req) => accounts.list(req.server.db, serviceContext(req)),
  );
  app.put(
    '/v1/payment-gateways/:gateway',
    {
      schema: {
        tags,
        summary: 'Configure a gateway account (credentials are encrypted at rest)',
        params: c.GatewayParams,
        body: c.GatewayAccountBody,
        response: { 200: c.GatewayAccountSchema, ...errorResponses },
      },
      config: { ...manage, idempotency: false },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => accounts.put(tx, ctx, req.params.gateway, req.body)),
  );
  app.delete(
    '/v1/payment-gateways/:gateway',
    {
      schema: {
        tags,
        summary: 'Remove a gateway account',
        params: c.GatewayParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => accounts.remove(tx, ctx, req.params.gateway), { status: 204 }),
  );

  // Revenue share and settlements.
  const reports = { permission: 'reports:read' } as const;
  app.get(
    '/v1/fee-schedule',
    {
      schema: {
        tags,
        summary: "This tenant's revenue-share fee schedule",
        response: { 200: c.FeeScheduleSchema, ...errorResponses },
      },
      config: reports,
    },
    async (req) => {
      const s = await getFeeSchedule(req.server.db, serviceContext(req).tenantId);
      return {
        platformPpm: s.platformPpm,
        processingPpm: s.processingPpm,
        updatedAt: s.updatedAt?.toISOString() ?? null,
      };
    },
  );
  app.get(
    '/v1/reports/settlement',
    {
      schema: {
        tags,
        summary: 'Settlement for a period: collected, refunded, fees, owed to the tenant',
        querystring: c.PeriodQuery,
        response: { 200: c.SettlementSchema, ...errorResponses },
      },
      config: reports,
    },
    async (req) => settlementReport(req.server.db, serviceContext(req).tenantId, req.query),
  );
  const platform = { auth: 'platform' } as const;
  app.put(
    '/v1/platform/tenants/:id/fee-schedule',
    {
      schema: {
        tags: ['platform'],
        summary: "Set a tenant's revenue-share fee schedule",
        params: IdParams,
        body: c.FeeScheduleBody,
        response: { 200: c.FeeScheduleSchema, ...errorResponses },
      },
      config: platform,
    },
    async (req) => {
      const admin = req.principal?.kind === 'platform' ? req.principal.userId : null;
      const tenantId = req.params.id as TenantId;
      return runSystemMutation(req, async (tx, audit) => {
        const now = req.server.clock.now();
        const result = await setFeeSchedule(tx, tenantId, req.body, `platform:${admin ?? '?'}`, now);
        audit({
          tenantId,
          actorType: 'platform',
          actorId: admin,
          action: 'fee_schedule.set',
          targetType: 'tenant',
          targetId: tenantId,
          after: req.body,
        });
        return result;
      });
    },
  );
  app.get(
    '/v1/platform/tenants/:id/settlement',
    {
      schema: {
        tags: ['platform'],
        summary: "A tenant's settlement for a period",
        params: IdParams,
        querystring: c.PeriodQuery,
        response: { 200: c.SettlementSchema, ...errorResponses },
      },
      config: platform,
    },
    async (req) => settlementReport(req.server.db, req.params.id, req.query),
  );

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
