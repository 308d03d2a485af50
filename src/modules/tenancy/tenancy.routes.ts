import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runMutation, runSystemMutation, serviceContext } from '../../platform/http/mutation.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import type { TenantId } from '../../platform/ids/ids.ts';
import type { TenancyService } from './tenancy.service.ts';
import * as c from './tenancy.contracts.ts';

/** Tenant settings, outlets, registers, and the platform administration of tenants. */
export const tenancyRoutes: FastifyPluginAsyncTypebox<{ tenancy: TenancyService }> = async (
  app,
  { tenancy },
) => {
  app.get(
    '/v1/tenant',
    {
      schema: {
        tags: ['tenancy'],
        operationId: 'getTenant',
        description:
          'The business the credential belongs to: name, currency, time zone, locale, status and rounding rules.',
        summary: 'This business',
        response: { 200: c.TenantSchema, ...errorResponses },
      },
    },
    async (req) => tenancy.getTenant(req.server.db, serviceContext(req).tenantId),
  );
  app.patch(
    '/v1/tenant',
    {
      schema: {
        tags: ['tenancy'],
        operationId: 'updateTenant',
        description:
          "Changes the business's name, time zone, locale and rounding rules (half-even or half-up, per-line or per-rate tax rounding, the cash rounding increment). The currency never changes.",
        summary: 'Change business settings (the currency is fixed)',
        body: c.UpdateTenantBody,
        response: { 200: c.TenantSchema, ...errorResponses },
      },
      config: { permission: 'tenant:manage' },
    },
    async (req, reply) => runMutation(req, reply, (tx, ctx) => tenancy.updateTenant(tx, ctx, req.body)),
  );

  app.get(
    '/v1/outlets',
    {
      schema: {
        tags: ['tenancy'],
        operationId: 'listOutlets',
        description: 'Outlets you may work in, by name; archived ones only with `includeArchived`.',
        summary: 'Outlets you may work in',
        querystring: c.ListQuery,
        response: { 200: c.OutletPage, ...errorResponses },
      },
    },
    async (req) => tenancy.listOutlets(req.server.db, serviceContext(req), req.query),
  );
  app.get(
    '/v1/outlets/:id',
    {
      schema: {
        tags: ['tenancy'],
        operationId: 'getOutlet',
        description: 'One outlet (404 for an outlet you may not work in).',
        summary: 'One outlet',
        params: IdParams,
        response: { 200: c.OutletSchema, ...errorResponses },
      },
    },
    async (req) => tenancy.getOutlet(req.server.db, serviceContext(req), req.params.id),
  );
  app.post(
    '/v1/outlets',
    {
      schema: {
        tags: ['tenancy'],
        operationId: 'createOutlet',
        description: 'Opens an outlet (a shop or branch) with an optional address and its own time zone.',
        summary: 'Create an outlet',
        body: c.CreateOutletBody,
        response: { 201: c.OutletSchema, ...errorResponses },
      },
      config: { permission: 'outlets:manage' },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => tenancy.createOutlet(tx, ctx, req.body), { status: 201 }),
  );
  app.patch(
    '/v1/outlets/:id',
    {
      schema: {
        tags: ['tenancy'],
        operationId: 'updateOutlet',
        description: 'Renames, moves or archives an outlet.',
        summary: 'Change or archive an outlet',
        params: IdParams,
        body: c.UpdateOutletBody,
        response: { 200: c.OutletSchema, ...errorResponses },
      },
      config: { permission: 'outlets:manage' },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => tenancy.updateOutlet(tx, ctx, req.params.id, req.body)),
  );

  app.get(
    '/v1/registers',
    {
      schema: {
        tags: ['tenancy'],
        operationId: 'listRegisters',
        description: 'Registers (tills) of the outlets you may work in, by name; filter by outlet.',
        summary: 'Registers (counters)',
        querystring: c.RegisterListQuery,
        response: { 200: c.RegisterPage, ...errorResponses },
      },
    },
    async (req) => tenancy.listRegisters(req.server.db, serviceContext(req), req.query),
  );
  app.get(
    '/v1/registers/:id',
    {
      schema: {
        tags: ['tenancy'],
        operationId: 'getRegister',
        description: 'One register.',
        summary: 'One register',
        params: IdParams,
        response: { 200: c.RegisterSchema, ...errorResponses },
      },
    },
    async (req) => tenancy.getRegister(req.server.db, serviceContext(req), req.params.id),
  );
  app.post(
    '/v1/registers',
    {
      schema: {
        tags: ['tenancy'],
        operationId: 'createRegister',
        description: 'Adds a register to an outlet; devices are paired with a register.',
        summary: 'Create a register in an outlet',
        body: c.CreateRegisterBody,
        response: { 201: c.RegisterSchema, ...errorResponses },
      },
      config: { permission: 'registers:manage' },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => tenancy.createRegister(tx, ctx, req.body), { status: 201 }),
  );
  app.patch(
    '/v1/registers/:id',
    {
      schema: {
        tags: ['tenancy'],
        operationId: 'updateRegister',
        description: 'Renames or archives a register.',
        summary: 'Rename or archive a register',
        params: IdParams,
        body: c.UpdateRegisterBody,
        response: { 200: c.RegisterSchema, ...errorResponses },
      },
      config: { permission: 'registers:manage' },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => tenancy.updateRegister(tx, ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/registers/:id/no-sale',
    {
      schema: {
        tags: ['tenancy'],
        operationId: 'openCashDrawer',
        description:
          'Records a cash-drawer opening without a sale, with a reason. Needs the `cash:no_sale` permission or a manager approval for it (`approvalId`).',
        summary: 'Open the cash drawer without a sale (needs cash:no_sale or a manager approval)',
        params: IdParams,
        body: c.NoSaleBody,
        response: { 200: c.NoSaleResponse, ...errorResponses },
      },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => tenancy.noSale(tx, ctx, req.params.id, req.body)),
  );

  // ---- Platform administration ------------------------------------------------------------------
  app.get(
    '/v1/platform/tenants',
    {
      schema: {
        tags: ['platform'],
        operationId: 'listTenants',
        description: 'Every business on the platform, by id, optionally only active or suspended ones.',
        summary: 'List tenants (platform admin)',
        querystring: c.PlatformTenantsQuery,
        response: { 200: c.TenantPage, ...errorResponses },
      },
      config: { auth: 'platform' },
    },
    async (req) => tenancy.listTenants(req.server.db, req.query),
  );
  for (const [action, status] of [
    ['suspend', 'suspended'],
    ['reactivate', 'active'],
  ] as const) {
    app.post(
      `/v1/platform/tenants/:id/${action}`,
      {
        schema: {
          tags: ['platform'],
          operationId: action === 'suspend' ? 'suspendTenant' : 'reactivateTenant',
          description:
            action === 'suspend'
              ? 'Suspends a business: every credential of it stops working at once, its data stays.'
              : 'Reactivates a suspended business: its credentials work again.',
          summary: `${action === 'suspend' ? 'Suspend' : 'Reactivate'} a tenant (platform admin)`,
          params: IdParams,
          response: { 200: c.TenantSchema, ...errorResponses },
        },
        config: { auth: 'platform' },
      },
      async (req) => {
        const admin = req.principal;
        const tenantId = req.params.id as TenantId;
        return runSystemMutation(req, (tx, audit) =>
          tenancy.setTenantStatus(tx, tenantId, status, (e) =>
            audit({
              tenantId,
              actorType: 'platform',
              actorId: admin?.kind === 'platform' ? admin.userId : null,
              targetType: 'tenant',
              targetId: tenantId,
              ...e,
            }),
          ),
        );
      },
    );
  }
};
