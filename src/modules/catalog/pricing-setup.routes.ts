import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { pageInMemory, PageQuery } from '../../platform/http/pagination.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import type { PricingSetupService } from './pricing-setup.service.ts';
import * as c from './catalog.contracts.ts';
import { read, write } from './catalog.access.ts';

/** The app its routes are added to (a module's routes plugin passes its own). */
type App = Parameters<FastifyPluginAsyncTypebox>[0];

/** Tax rates, service charges and discounts: catalog:read to read, catalog:manage to change. */
export function pricingSetupRoutes(app: App, setup: PricingSetupService, tags: string[]): void {
  // Tax rates
  app.get(
    '/v1/catalog/tax-rates',
    {
      schema: {
        tags,
        operationId: 'listTaxRates',
        description:
          "The business's tax rates (archived ones too), inclusive or exclusive, in parts per million.",
        summary: 'Tax rates',
        querystring: PageQuery,
        response: { 200: c.TaxRatePage, ...errorResponses },
      },
      config: read,
    },
    async (req) =>
      pageInMemory(await setup.listTaxRates(req.server.db, serviceContext(req)), req.query, (r) => r.id),
  );
  app.post(
    '/v1/catalog/tax-rates',
    {
      schema: {
        tags,
        operationId: 'createTaxRate',
        description:
          'Creates a tax rate. Its rate and inclusiveness never change afterwards (create a new one and archive the old) so past orders keep their meaning.',
        summary: 'Create a tax rate (inclusive or exclusive; the rate is fixed once created)',
        body: c.CreateTaxRateBody,
        response: { 201: c.TaxRateSchema, ...errorResponses },
      },
      config: write,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => setup.createTaxRate(tx, ctx, req.body), { status: 201 }),
  );
  app.patch(
    '/v1/catalog/tax-rates/:id',
    {
      schema: {
        tags,
        operationId: 'updateTaxRate',
        description: 'Renames or archives a tax rate; archived rates no longer apply to new orders.',
        summary: 'Rename or archive a tax rate',
        params: IdParams,
        body: c.UpdateTaxRateBody,
        response: { 200: c.TaxRateSchema, ...errorResponses },
      },
      config: write,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => setup.updateTaxRate(tx, ctx, req.params.id, req.body)),
  );

  // Service charges
  app.get(
    '/v1/catalog/service-charges',
    {
      schema: {
        tags,
        operationId: 'listServiceCharges',
        description:
          'Service charges (archived ones too): a percentage of the order for some dining options, optionally taxed.',
        summary: 'Service charges',
        querystring: PageQuery,
        response: { 200: c.ServiceChargePage, ...errorResponses },
      },
      config: read,
    },
    async (req) =>
      pageInMemory(
        await setup.listServiceCharges(req.server.db, serviceContext(req)),
        req.query,
        (r) => r.id,
      ),
  );
  app.post(
    '/v1/catalog/service-charges',
    {
      schema: {
        tags,
        operationId: 'createServiceCharge',
        description: 'Creates a service charge applied to orders with the given dining options.',
        summary: 'Create a service charge',
        body: c.CreateServiceChargeBody,
        response: { 201: c.ServiceChargeSchema, ...errorResponses },
      },
      config: write,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => setup.createServiceCharge(tx, ctx, req.body), { status: 201 }),
  );
  app.patch(
    '/v1/catalog/service-charges/:id',
    {
      schema: {
        tags,
        operationId: 'updateServiceCharge',
        description: 'Changes or archives a service charge; orders already priced keep theirs.',
        summary: 'Change or archive a service charge',
        params: IdParams,
        body: c.UpdateServiceChargeBody,
        response: { 200: c.ServiceChargeSchema, ...errorResponses },
      },
      config: write,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => setup.updateServiceCharge(tx, ctx, req.params.id, req.body)),
  );

  // Discounts
  app.get(
    '/v1/catalog/discounts',
    {
      schema: {
        tags,
        operationId: 'listDiscounts',
        description:
          'Discounts (archived ones too): percentage or fixed, on an item or the order, optionally needing a manager above a threshold.',
        summary: 'Discounts',
        querystring: PageQuery,
        response: { 200: c.DiscountPage, ...errorResponses },
      },
      config: read,
    },
    async (req) =>
      pageInMemory(await setup.listDiscounts(req.server.db, serviceContext(req)), req.query, (r) => r.id),
  );
  app.post(
    '/v1/catalog/discounts',
    {
      schema: {
        tags,
        operationId: 'createDiscount',
        description:
          'Creates a discount. A null `value` is entered at the sale; above `approvalThreshold` it needs a manager approval.',
        summary: 'Create a discount',
        body: c.CreateDiscountBody,
        response: { 201: c.DiscountSchema, ...errorResponses },
      },
      config: write,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => setup.createDiscount(tx, ctx, req.body), { status: 201 }),
  );
  app.patch(
    '/v1/catalog/discounts/:id',
    {
      schema: {
        tags,
        operationId: 'updateDiscount',
        description: 'Changes or archives a discount.',
        summary: 'Change or archive a discount',
        params: IdParams,
        body: c.UpdateDiscountBody,
        response: { 200: c.DiscountSchema, ...errorResponses },
      },
      config: write,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => setup.updateDiscount(tx, ctx, req.params.id, req.body)),
  );
}
