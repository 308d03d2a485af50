import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { pageInMemory, PageQuery } from '../../platform/http/pagination.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import type { ItemsService } from './items.service.ts';
import type { MenuService } from './menu.service.ts';
import { MENU_DELTA_MAX_ITEMS, type MenuChangesService } from './menu-changes.service.ts';
import type { PricingSetupService } from './pricing-setup.service.ts';
import * as c from './catalog.contracts.ts';
import * as examples from './catalog.examples.ts';
import { read, write } from './catalog.access.ts';
import { pricingSetupRoutes } from './pricing-setup.routes.ts';

export interface CatalogRoutesOptions {
  items: ItemsService;
  setup: PricingSetupService;
  menu: MenuService;
  menuChanges: MenuChangesService;
}

/** Catalog management (catalog:manage), reads (catalog:read), the outlet menu and version deltas. */
export const catalogRoutes: FastifyPluginAsyncTypebox<CatalogRoutesOptions> = async (
  app,
  { items, setup, menu, menuChanges },
) => {
  const tags = ['catalog'];

  pricingSetupRoutes(app, setup, tags);

  // Categories
  app.get(
    '/v1/catalog/categories',
    {
      schema: {
        tags,
        operationId: 'listCategories',
        description:
          'Categories (archived ones too) in display order, with the tax rates their items get by default.',
        summary: 'Categories',
        querystring: PageQuery,
        response: { 200: c.CategoryPage, ...errorResponses },
      },
      config: read,
    },
    async (req) =>
      pageInMemory(await items.listCategories(req.server.db, serviceContext(req)), req.query, (r) => r.id),
  );
  app.post(
    '/v1/catalog/categories',
    {
      schema: {
        tags,
        operationId: 'createCategory',
        description: 'Creates a category with its display position and default tax rates.',
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
        operationId: 'updateCategory',
        description: 'Changes or archives a category.',
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
        operationId: 'listItems',
        description:
          'Items with their variants, by name; filter by category, archived ones only with `includeArchived`.',
        summary: 'Items with variants',
        querystring: c.ItemListQuery,
        response: { 200: c.ItemPage, ...errorResponses },
      },
      config: read,
    },
    async (req) => items.pageItems(req.server.db, serviceContext(req), req.query),
  );
  app.get(
    '/v1/catalog/items/:id',
    {
      schema: {
        tags,
        operationId: 'getItem',
        description: 'One item with its variants, tax rates and modifier groups.',
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
        operationId: 'createItem',
        description:
          "Creates an item with at least one variant (size, flavour) and its price in minor units. Items take their category's tax rates unless `overrideCategoryTaxes` is set.",
        examples: { request: examples.createItemRequest },
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
        operationId: 'updateItem',
        description:
          'Changes or archives an item. `variants` is the full list: variants left out are archived.',
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
        operationId: 'listModifierGroups',
        description:
          'Modifier groups (archived ones too) with their priced options and how many may be chosen.',
        summary: 'Modifier groups with options',
        querystring: PageQuery,
        response: { 200: c.ModifierGroupPage, ...errorResponses },
      },
      config: read,
    },
    async (req) =>
      pageInMemory(
        await items.listModifierGroups(req.server.db, serviceContext(req)),
        req.query,
        (r) => r.id,
      ),
  );
  app.post(
    '/v1/catalog/modifier-groups',
    {
      schema: {
        tags,
        operationId: 'createModifierGroup',
        description:
          'Creates a modifier group (e.g. toppings) with priced options and the minimum and maximum a customer picks.',
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
        operationId: 'updateModifierGroup',
        description:
          'Changes or archives a modifier group. `options` is the full list: options left out are archived.',
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
        operationId: 'getOutletItem',
        description:
          'Whether an item is sold out at one outlet, and its variant prices there (null = the catalog price).',
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
        operationId: 'updateOutletItem',
        description:
          'Marks an item sold out (or back) at one outlet, or sets its variant prices there; null restores the catalog price.',
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
        operationId: 'getMenu',
        description:
          'Everything a terminal needs to sell at one outlet, read at one catalog version: live categories and items with effective prices, effective taxes and sold-out flags, modifier groups, tax rates, service charges and discounts. A document, not a list: keep `version` and ask for `/v1/catalog/changes` since it.',
        examples: { response: examples.menuResponse },
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
        operationId: 'getCatalogChanges',
        description:
          'Every catalog row changed after a version (archived ones included) and the version this brings you to: how terminals stay in sync without pulling the whole menu.',
        summary:
          'Catalog changes after a version (archived rows included), and the version they bring you to',
        querystring: c.ChangesQuery,
        response: { 200: c.ChangesSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => menu.changesSince(serviceContext(req), req.query.since),
  );
  app.get(
    '/v1/catalog/menu/changes',
    {
      schema: {
        tags,
        operationId: 'getMenuChanges',
        description: `One outlet's menu as a delta since the version you hold: changed items exactly as \`/v1/catalog/menu\` shows them (this outlet's prices and sold-out), removed item ids, changed and removed categories. \`full: true\` (and nothing else) when a delta would be unsafe or too big — a tax rate, service charge, discount or modifier group changed, more than ${MENU_DELTA_MAX_ITEMS} items changed, or a version this server never issued: read the whole menu then.`,
        summary: "An outlet's menu changes since a version (or `full`: read the whole menu)",
        querystring: c.MenuChangesQuery,
        response: { 200: c.MenuChangesSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => menuChanges.menuChangesSince(serviceContext(req), req.query.outletId, req.query.since),
  );
};
