import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { pageInMemory } from '../../platform/http/pagination.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import * as c from './inventory.contracts.ts';
import { margins, valuation } from './inventory-reports.ts';
import type { InventoryService } from './inventory.service.ts';

/** Stock items, levels, movements, adjustments, counts, settings, recipes and reports: thin routes. */
export const inventoryRoutes: FastifyPluginAsyncTypebox<{ inventory: InventoryService }> = async (
  app,
  { inventory },
) => {
  const tags = ['inventory'];
  const read = { permission: 'inventory:read' } as const;
  const manage = { permission: 'inventory:manage' } as const;

  app.post(
    '/v1/inventory/items',
    {
      schema: {
        tags,
        operationId: 'createStockItem',
        summary: 'Create a stock item (an ingredient or a retail good)',
        description:
          'A stock item measured by mass, volume or count, shown in its stock unit (kg, g, l, ml, pcs) and bought in its purchase unit (a unit of its dimension, or a named pack with its size: `purchaseUnit: "case"`, `purchaseUnitSize: { quantity: 24, unit: "pcs" }`).',
        body: c.CreateStockItemBody,
        response: { 201: c.StockItemSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => inventory.createItem(tx, ctx, req.body), { status: 201 }),
  );

  app.get(
    '/v1/inventory/items',
    {
      schema: {
        tags,
        operationId: 'listStockItems',
        summary: 'Stock items, by name',
        description: 'Live stock items by name (`archived=true` includes archived ones).',
        querystring: c.StockItemsQuery,
        response: { 200: c.StockItemPage, ...errorResponses },
      },
      config: read,
    },
    async (req) => inventory.listItems(req.server.db, serviceContext(req), req.query),
  );

  app.get(
    '/v1/inventory/items/:id',
    {
      schema: {
        tags,
        operationId: 'getStockItem',
        summary: 'One stock item',
        description: 'A stock item with its units.',
        params: IdParams,
        response: { 200: c.StockItemSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => inventory.getItem(req.server.db, serviceContext(req), req.params.id),
  );

  app.patch(
    '/v1/inventory/items/:id',
    {
      schema: {
        tags,
        operationId: 'updateStockItem',
        summary: 'Change or archive a stock item',
        description: 'Renames a stock item, changes its units, or archives it (its history stays).',
        params: IdParams,
        body: c.UpdateStockItemBody,
        response: { 200: c.StockItemSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => inventory.updateItem(tx, ctx, req.params.id, req.body)),
  );

  app.get(
    '/v1/inventory/levels',
    {
      schema: {
        tags,
        operationId: 'listStockLevels',
        summary: 'Stock levels per outlet, by item name',
        description:
          'What each outlet holds of each item, its value at moving-average cost, its reorder level and whether it is low. Only the outlets you may act in.',
        querystring: c.LevelsQuery,
        response: { 200: c.StockLevelPage, ...errorResponses },
      },
      config: read,
    },
    async (req) => inventory.listLevels(req.server.db, serviceContext(req), req.query),
  );

  app.put(
    '/v1/inventory/reorder-levels',
    {
      schema: {
        tags,
        operationId: 'setReorderLevel',
        summary: "Set or clear an item's reorder level at an outlet",
        description:
          'When the level falls to or below it, `inventory.low_stock` is raised once (realtime topic `inventory`, webhooks); it must rise above it before the next.',
        body: c.ReorderLevelBody,
        response: { 200: c.LevelSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) => runMutation(req, reply, (tx, ctx) => inventory.setReorderLevel(tx, ctx, req.body)),
  );

  app.get(
    '/v1/inventory/movements',
    {
      schema: {
        tags,
        operationId: 'listStockMovements',
        summary: 'The stock movements ledger, newest first',
        description:
          'Every change of a level with its reason (sale, return, waste, adjustment, receiving, transfer out/in, count), quantity and value, when it happened on the terminal and when it was recorded. Append-only.',
        querystring: c.MovementsQuery,
        response: { 200: c.StockMovementPage, ...errorResponses },
      },
      config: read,
    },
    async (req) => inventory.listMovements(req.server.db, serviceContext(req), req.query),
  );

  app.post(
    '/v1/inventory/adjustments',
    {
      schema: {
        tags,
        operationId: 'createStockAdjustment',
        summary: 'Adjust a level or record waste',
        description:
          'A signed adjustment (found, damaged, staff meal) or waste (a quantity thrown away), at moving-average cost. An outlet that blocks negative stock refuses to go below zero (422 `inventory.insufficient_stock`).',
        body: c.AdjustmentBody,
        response: { 201: c.MovementSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => inventory.adjust(tx, ctx, req.body), { status: 201 }),
  );

  app.post(
    '/v1/inventory/counts',
    {
      schema: {
        tags,
        operationId: 'createStockCount',
        summary: 'Record a stock count',
        description:
          'Each counted quantity becomes the level; the difference from the book is the movement (reason `count`). Send only what was counted (a blind count sheet never shows the book).',
        body: c.CountBody,
        response: { 201: c.CountResultSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => inventory.count(tx, ctx, req.body), { status: 201 }),
  );

  app.get(
    '/v1/outlets/:id/inventory-settings',
    {
      schema: {
        tags,
        operationId: 'getInventorySettings',
        summary: "An outlet's inventory settings",
        description: 'Whether the outlet allows negative stock or blocks it.',
        params: IdParams,
        response: { 200: c.SettingsSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => inventory.getSettings(req.server.db, serviceContext(req), req.params.id),
  );

  app.put(
    '/v1/outlets/:id/inventory-settings',
    {
      schema: {
        tags,
        operationId: 'updateInventorySettings',
        summary: "Change an outlet's inventory settings",
        description:
          '`block`: sales, waste and transfers never take stock below zero, and dishes whose ingredients are short are marked sold out (registers see it live); `allow` clears those marks.',
        params: IdParams,
        body: c.SettingsBody,
        response: { 200: c.SettingsSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => inventory.putSettings(tx, ctx, req.params.id, req.body)),
  );

  app.post(
    '/v1/inventory/recipes',
    {
      schema: {
        tags,
        operationId: 'createRecipeVersion',
        summary: 'Save a new version of a recipe',
        description:
          'What one unit of an item, a variant (replaces the item recipe) or a modifier option (added to it) uses, with a yield (10000 bp = no waste). A new version; sales completed from `effectiveFrom` on deduct it, earlier ones keep theirs.',
        body: c.RecipeBody,
        response: { 201: c.RecipeSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => inventory.saveRecipe(tx, ctx, req.body), { status: 201 }),
  );

  app.get(
    '/v1/inventory/recipes',
    {
      schema: {
        tags,
        operationId: 'listRecipes',
        summary: 'Recipes (current versions), or every version of one',
        description:
          'The current version of every recipe, or of one menu entry (`targetId`); `history=true` with `targetId` lists every version, newest first.',
        querystring: c.RecipesQuery,
        response: { 200: c.RecipePage, ...errorResponses },
      },
      config: read,
    },
    async (req) =>
      pageInMemory(
        await inventory.listRecipes(req.server.db, serviceContext(req), req.query),
        req.query,
        (r) => r.id,
      ),
  );

  app.get(
    '/v1/inventory/valuation',
    {
      schema: {
        tags,
        operationId: 'getInventoryValuation',
        summary: 'Inventory valuation at moving-average cost',
        description:
          'What stock is worth per outlet and item, and what is in transit between outlets; ties out to the ledger.',
        querystring: c.ValuationQuery,
        response: { 200: c.ValuationSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => valuation(req.server.db, serviceContext(req), req.query),
  );

  app.get(
    '/v1/inventory/margins',
    {
      schema: {
        tags,
        operationId: 'getGrossMargins',
        summary: 'Gross margin by item or category',
        description:
          'Revenue before tax and cost of goods stored at sale time, less returns, over sales completed in [from, to).',
        querystring: c.MarginsQuery,
        response: { 200: c.MarginsSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => margins(req.server.db, serviceContext(req), req.query),
  );
};
