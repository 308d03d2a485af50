import { actorRef } from '../../platform/auth/actor.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { runMutation, runSystemMutation, serviceContext } from '../../platform/http/mutation.ts';
import { pageInMemory, PageQuery } from '../../platform/http/pagination.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import type { TenantId } from '../../platform/ids/ids.ts';
import type { GatewayAccounts } from './gateway-accounts.ts';
import * as c from './payments.contracts.ts';
import { getFeeSchedule } from './payments.repo.ts';
import { setFeeSchedule, settlementReport } from './settlement.ts';

/** The app its routes are added to (a module's routes plugin passes its own). */
type App = Parameters<FastifyPluginAsyncTypebox>[0];

/** Gateway accounts, the fee schedule and settlements (tenant and platform). */
export function accountRoutes(app: App, accounts: GatewayAccounts, tags: string[]): void {
  // Gateway accounts (per tenant; secrets go in, never come out).
  const manage = { permission: 'tenant:manage' } as const;
  app.get(
    '/v1/payment-gateways',
    {
      schema: {
        tags,
        operationId: 'listPaymentGateways',
        description:
          'The gateways this business has configured, with the channels each offers; secrets are never returned.',
        summary: "The tenant's gateway accounts (no secrets)",
        querystring: PageQuery,
        response: { 200: c.GatewayAccountPage, ...errorResponses },
      },
      config: manage,
    },
    async (req) =>
      pageInMemory(await accounts.list(req.server.db, serviceContext(req)), req.query, (a) => a.gateway),
  );
  app.put(
    '/v1/payment-gateways/:gateway',
    {
      schema: {
        tags,
        operationId: 'configurePaymentGateway',
        description:
          'Sets the credentials of one gateway for this business (encrypted at rest) and checks them with the gateway.',
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
        operationId: 'deletePaymentGateway',
        description: "Removes a gateway's credentials; payments already taken keep their records.",
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
        operationId: 'getFeeSchedule',
        description:
          "The revenue-share fees the platform takes from this business's payments, in parts per million.",
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
        operationId: 'getSettlementReport',
        description:
          'For a period: what was collected and refunded per currency, method and gateway, the platform and processing fees, and what is owed to the business.',
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
        operationId: 'setTenantFeeSchedule',
        description: "Sets the revenue-share fees for a business's future payments (parts per million).",
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
        const by = actorRef({ kind: 'platform', id: admin ?? 'unknown' });
        const result = await setFeeSchedule(tx, tenantId, req.body, by, now);
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
        operationId: 'getTenantSettlement',
        description: "A business's settlement for a period, as the platform operator sees it.",
        summary: "A tenant's settlement for a period",
        params: IdParams,
        querystring: c.PeriodQuery,
        response: { 200: c.SettlementSchema, ...errorResponses },
      },
      config: platform,
    },
    async (req) => settlementReport(req.server.db, req.params.id, req.query),
  );
}
