import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import type { ItemsService } from './items.service.ts';
import type { MenuService } from './menu.service.ts';
import type { PricingSetupService } from './pricing-setup.service.ts';
import * as c from './catalog.contracts.ts';

export interface CatalogRoutesOptions {
  items: ItemsService;
  setup: PricingSetupService;
  menu: MenuService;
}

const read = { permission: 'catalog:read' } as const;
const write = { permission: 'catalog:manage' } as const;

/** Catalog management (catalog:manage), reads (catalog:read), the outlet menu and version deltas. */
export const catalogRoutes: FastifyPluginAsyncTypebox<CatalogRoutesOptions> = async (
  app,
  { items, setup, menu },
) => {
  const tags = ['catalog'];

  // Tax rates
  app.get(
    '/v1/catalog/tax-rates',
    {
      schema: {
        tags,
        summary: 'Tax rates',
        response: { 200: Type.Array(c.TaxRateSchema), ...errorResponses },
      },
      config: read,
    },
    async (req) => setup.listTaxRates(req.server.db, serviceContext(req)),
  );
  app.post(
    '/v1/catalog/tax-rates',
    {
      schema: {
        tags,
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
        summary: 'Service charges',
        response: { 200: Type.Array(c.ServiceChargeSchema), ...errorResponses },
      },
      config: read,
    },
    async (req) => setup.listServiceCharges(req.server.db, serviceContext(req)),
  );
  app.post(
    '/v1/catalog/service-charges',
    {
      schema: {
        tags,
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
        summary: 'Discounts',
        response: { 200: Type.Array(c.DiscountSchema), ...errorResponses },
      },
      config: read,
    },
    async (req) => setup.listDiscounts(req.server.db, serviceContext(req)),
  );
  app.post(
    '/v1/catalog/discounts',
    {
      schema: {
        tags,
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

  // Categories
  app.get(
    '/v1/catalog/categories',
    {
      schema: {
        tags,
        summary: 'Categories',
        response: { 200: Type.Array(c.CategorySchema), ...errorResponses },
      },
      config: read,
    },
    async (req) => items.listCategories(req.server.db, serviceContext(req)),
  );
  app.post(
    '/v1/catalog/categories',
    {
      schema: {
        tags,
        summary: 'Create a category',
        body: c.CreateCategoryBody,
        response: { 201: c.CategorySchema, ...errorResponses },
      },
      config: write,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => items.saveCategory(tx, ctx, undefined, req.body), { status: 201 }),
  );
  app.patch(
    '/v1/catalog/categories/:id',
    {
      schema: {
        tags,
        summary: 'Change or archive a category',
        params: IdParams,
        body: c.UpdateCategoryBody,
        response: { 200: c.CategorySchema, ...errorResponses },
      },
      config: write,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => items.saveCategory(tx, ctx, req.params.id, req.body)),
  );

  // Items
  app.get(
    '/v1/catalog/items',
    {
      schema: {
        tags,
        summary: 'Items with variants',
        querystring: c.ItemListQuery,
        response: { 200: Type.Array(c.ItemSchema), ...errorResponses },
      },
      config: read,
    },
    async (req) => items.listItems(req.server.db, serviceContext(req), req.query),
  );
  app.get(
    '/v1/catalog/items/:id',
    {
      schema: {
        tags,
        summary: 'One item',
        params: IdParams,
        response: { 200: c.ItemSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => items.getItem(req.server.db, serviceContext(req).tenantId, req.params.id),
  );
  app.post(
    '/v1/catalog/items',
    {
      schema: {
        tags,
        summary: 'Create an item with its variants',
        body: c.CreateItemBody,
        response: { 201: c.ItemSchema, ...errorResponses },
      },
      config: write,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => items.createItem(tx, ctx, req.body), { status: 201 }),
  );
  app.patch(
    '/v1/catalog/items/:id',
    {
      schema: {
        tags,
        summary: 'Change or archive an item',
        params: IdParams,
        body: c.UpdateItemBody,
        response: { 200: c.ItemSchema, ...errorResponses },
      },
      config: write,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => items.updateItem(tx, ctx, req.params.id, req.body)),
  );

  // Modifier groups
  app.get(
    '/v1/catalog/modifier-groups',
    {
      schema: {
        tags,
        summary: 'Modifier groups with options',
        response: { 200: Type.Array(c.ModifierGroupSchema), ...errorResponses },
      },
      config: read,
    },
    async (req) => items.listModifierGroups(req.server.db, serviceContext(req)),
  );
  app.post(
    '/v1/catalog/modifier-groups',
    {
      schema: {
        tags,
        summary: 'Create a modifier group (min/max selections, priced options)',
        body: c.CreateModifierGroupBody,
        response: { 201: c.ModifierGroupSchema, ...errorResponses },
      },
      config: write,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => items.saveModifierGroup(tx, ctx, undefined, req.body), {
        status: 201,
      }),
  );
  app.patch(
    '/v1/catalog/modifier-groups/:id',
    {
      schema: {
        tags,
        summary: 'Change or archive a modifier group',
        params: IdParams,
        body: c.UpdateModifierGroupBody,
        response: { 200: c.ModifierGroupSchema, ...errorResponses },
      },
      config: write,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => items.saveModifierGroup(tx, ctx, req.params.id, req.body)),
  );

  // Per outlet
  app.get(
    '/v1/outlets/:outletId/items/:itemId',
    {
      schema: {
        tags,
        summary: 'An item at one outlet: sold out? outlet prices?',
        params: c.OutletItemParams,
        response: { 200: c.OutletItemSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) =>
      menu.getOutletItem(req.server.db, serviceContext(req), req.params.outletId, req.params.itemId),
  );
  app.patch(
    '/v1/outlets/:outletId/items/:itemId',
    {
      schema: {
        tags,
        summary: 'Mark sold out at this outlet or set outlet prices',
        params: c.OutletItemParams,
        body: c.SetOutletItemBody,
        response: { 200: c.OutletItemSchema, ...errorResponses },
      },
      config: write,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) =>
        menu.setOutletItem(tx, ctx, req.params.outletId, req.params.itemId, req.body),
      ),
  );

  // What terminals pull
  app.get(
    '/v1/catalog/menu',
    {
      schema: {
        tags,
        summary: "An outlet's live menu with effective prices and taxes, at one catalog version",
        querystring: c.MenuQuery,
        response: { 200: c.MenuSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => menu.outletMenu(serviceContext(req), req.query.outletId),
  );
  app.get(
    '/v1/catalog/changes',
    {
      schema: {
        tags,
        summary:
          'Catalog changes after a version (archived rows included), and the version they bring you to',
        querystring: c.ChangesQuery,
        response: { 200: c.ChangesSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => menu.changesSince(serviceContext(req), req.query.since),
  );
};
