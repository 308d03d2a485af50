import { sql, type Insertable } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';
import { afterKey } from '../../platform/db/keyset.ts';
import { notFound } from '../../platform/http/errors.ts';

// The only file of the module that writes stock items, levels, movements, recipes, sale costs and
// settings (purchasing.repo.ts writes suppliers, purchase orders and transfers).

export type StockItemRow = Awaited<ReturnType<typeof getStockItemRow>>;
export type LevelRow = Awaited<ReturnType<typeof lockLevels>>[number];
export type MovementRow = Awaited<ReturnType<typeof listMovementRows>>[number];

export async function getStockItemRow(db: Executor, tenantId: string, id: string) {
  const row = await db
    .selectFrom('stock_items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw notFound('stock_items', id);
  }
  return row;
}

export function getStockItemRows(db: Executor, tenantId: string, ids: readonly string[]) {
  if (ids.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('stock_items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .execute();
}

export function listStockItemRows(
  db: Executor,
  tenantId: string,
  f: { after?: readonly [string, string]; limit: number; includeArchived?: boolean },
) {
  let q = db.selectFrom('stock_items').selectAll().where('tenant_id', '=', tenantId);
  if (!f.includeArchived) {
    q = q.where('archived_at', 'is', null);
  }
  if (f.after) {
    q = q.where(afterKey(['name', 'id'], f.after));
  }
  return q
    .orderBy('name')
    .orderBy('id')
    .limit(f.limit + 1)
    .execute();
}

export function insertStockItem(tx: Tx, row: Insertable<DB['stock_items']>) {
  return tx.insertInto('stock_items').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateStockItem(
  tx: Tx,
  tenantId: string,
  id: string,
  set: {
    name?: string;
    sku?: string | null;
    purchase_unit?: string;
    purchase_unit_qty?: number;
    stock_unit?: string;
    archived_at?: Date | null;
    updated_at: Date;
  },
) {
  const row = await tx
    .updateTable('stock_items')
    .set(set)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw notFound('stock_items', id);
  }
  return row;
}

/** Makes sure the levels exist (at zero) so they can be locked. */
export async function ensureLevels(
  tx: Tx,
  tenantId: string,
  keys: ReadonlyArray<{ outletId: string; stockItemId: string }>,
): Promise<void> {
  if (keys.length === 0) {
    return;
  }
  await tx
    .insertInto('stock_levels')
    .values(keys.map((k) => ({ tenant_id: tenantId, outlet_id: k.outletId, stock_item_id: k.stockItemId })))
    .onConflict((oc) => oc.columns(['tenant_id', 'outlet_id', 'stock_item_id']).doNothing())
    .execute();
}

/**
 * Locks levels `FOR UPDATE` in one order (outlet, item), so two sales of the same ingredients
 * never deadlock and never lose an update.
 */
export function lockLevels(
  tx: Tx,
  tenantId: string,
  keys: ReadonlyArray<{ outletId: string; stockItemId: string }>,
) {
  const pairs = keys.map((k) => sql`(${k.outletId}::uuid, ${k.stockItemId}::uuid)`);
  return tx
    .selectFrom('stock_levels')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`(outlet_id, stock_item_id) in (${sql.join(pairs)})`)
    .orderBy('outlet_id')
    .orderBy('stock_item_id')
    .forUpdate()
    .execute();
}

/** Moves a locked level atomically (`qty = qty + Δ`) and returns it. */
export function moveLevel(
  tx: Tx,
  tenantId: string,
  key: { outletId: string; stockItemId: string },
  d: { qty: number; value: number; basisQty: number; basisValue: number; now: Date },
) {
  return tx
    .updateTable('stock_levels')
    .set({
      qty: sql`qty + ${d.qty}`,
      value: sql`value + ${d.value}`,
      basis_qty: d.basisQty,
      basis_value: d.basisValue,
      updated_at: d.now,
    })
    .where('tenant_id', '=', tenantId)
    .where('outlet_id', '=', key.outletId)
    .where('stock_item_id', '=', key.stockItemId)
    .returning(['qty', 'value'])
    .executeTakeFirstOrThrow();
}

export async function setReorderLevel(
  tx: Tx,
  tenantId: string,
  key: { outletId: string; stockItemId: string },
  level: number | null,
  now: Date,
) {
  await ensureLevels(tx, tenantId, [key]);
  return tx
    .updateTable('stock_levels')
    .set({ reorder_level: level, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('outlet_id', '=', key.outletId)
    .where('stock_item_id', '=', key.stockItemId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function insertMovements(tx: Tx, rows: Insertable<DB['stock_movements']>[]) {
  if (rows.length === 0) {
    return Promise.resolve();
  }
  return tx.insertInto('stock_movements').values(rows).execute();
}

export function listLevelRows(
  db: Executor,
  tenantId: string,
  f: {
    outletId?: string;
    outletIds: readonly string[] | null;
    stockItemId?: string;
    after?: readonly [string, string, string];
    limit: number;
  },
) {
  let q = db
    .selectFrom('stock_levels as l')
    .innerJoin('stock_items as i', (j) =>
      j.onRef('i.tenant_id', '=', 'l.tenant_id').onRef('i.id', '=', 'l.stock_item_id'),
    )
    .select([
      'l.outlet_id',
      'l.stock_item_id',
      'l.qty',
      'l.value',
      'l.basis_qty',
      'l.basis_value',
      'l.reorder_level',
      'l.updated_at',
      'i.name',
      'i.stock_unit',
      'i.kind',
      'i.dimension',
    ])
    .where('l.tenant_id', '=', tenantId)
    .where('i.archived_at', 'is', null);
  if (f.outletId) {
    q = q.where('l.outlet_id', '=', f.outletId);
  }
  if (f.outletIds) {
    q = f.outletIds.length ? q.where('l.outlet_id', 'in', [...f.outletIds]) : q.where(sql<boolean>`false`);
  }
  if (f.stockItemId) {
    q = q.where('l.stock_item_id', '=', f.stockItemId);
  }
  if (f.after) {
    q = q.where(afterKey(['i.name', 'l.outlet_id', 'l.stock_item_id'], f.after));
  }
  return q
    .orderBy('i.name')
    .orderBy('l.outlet_id')
    .orderBy('l.stock_item_id')
    .limit(f.limit + 1)
    .execute();
}

export function listMovementRows(
  db: Executor,
  tenantId: string,
  f: {
    outletId?: string;
    outletIds: readonly string[] | null;
    stockItemId?: string;
    orderId?: string;
    before?: string;
    limit: number;
  },
) {
  let q = db.selectFrom('stock_movements').selectAll().where('tenant_id', '=', tenantId);
  if (f.outletId) {
    q = q.where('outlet_id', '=', f.outletId);
  }
  if (f.outletIds) {
    q = f.outletIds.length ? q.where('outlet_id', 'in', [...f.outletIds]) : q.where(sql<boolean>`false`);
  }
  if (f.stockItemId) {
    q = q.where('stock_item_id', '=', f.stockItemId);
  }
  if (f.orderId) {
    q = q.where('order_id', '=', f.orderId);
  }
  if (f.before) {
    q = q.where('id', '<', f.before);
  }
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** The sale movements of order lines (what a return reverses). */
export function saleMovementsOfLines(db: Executor, tenantId: string, lineIds: readonly string[]) {
  if (lineIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('stock_movements')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('reason', '=', 'sale')
    .where('order_line_id', 'in', [...lineIds])
    .orderBy('id')
    .execute();
}

/** Σ movements per level, to prove a level equals its ledger. */
export function movementSums(db: Executor, tenantId: string) {
  return db
    .selectFrom('stock_movements')
    .select([
      'outlet_id',
      'stock_item_id',
      sql<string>`sum(qty_delta)`.as('qty'),
      sql<string>`sum(value_delta)`.as('value'),
    ])
    .where('tenant_id', '=', tenantId)
    .groupBy(['outlet_id', 'stock_item_id'])
    .execute();
}

export async function getNegativePolicy(
  db: Executor,
  tenantId: string,
  outletId: string,
): Promise<'allow' | 'block'> {
  const row = await db
    .selectFrom('inventory_settings')
    .select('negative_stock')
    .where('tenant_id', '=', tenantId)
    .where('outlet_id', '=', outletId)
    .executeTakeFirst();
  return (row?.negative_stock as 'allow' | 'block' | undefined) ?? 'allow';
}

export async function putNegativePolicy(
  tx: Tx,
  tenantId: string,
  outletId: string,
  policy: 'allow' | 'block',
  now: Date,
) {
  await tx
    .insertInto('inventory_settings')
    .values({ tenant_id: tenantId, outlet_id: outletId, negative_stock: policy, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'outlet_id']).doUpdateSet({ negative_stock: policy, updated_at: now }),
    )
    .execute();
}

export async function tenantCurrency(db: Executor, tenantId: string): Promise<string> {
  const row = await db
    .selectFrom('tenants')
    .select('currency')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return row.currency;
}

export async function assertOutletExists(db: Executor, tenantId: string, outletId: string): Promise<void> {
  const row = await db
    .selectFrom('outlets')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', outletId)
    .executeTakeFirst();
  if (!row) {
    throw notFound('outlets', outletId);
  }
}

// Recipes ---------------------------------------------------------------------------------------

export interface RecipeTarget {
  type: 'item' | 'variant' | 'modifier_option';
  id: string;
}

/** The recipes in force at `at` for the targets: the latest version per target that started by then. */
export async function recipesInForce(
  db: Executor,
  tenantId: string,
  targets: readonly RecipeTarget[],
  at: Date,
) {
  if (targets.length === 0) {
    return [];
  }
  const ids = [...new Set(targets.map((t) => t.id))];
  const heads = await db
    .selectFrom('recipes')
    .selectAll()
    .distinctOn(['target_type', 'target_id'])
    .where('tenant_id', '=', tenantId)
    .where('target_id', 'in', ids)
    .where('effective_from', '<=', at)
    .orderBy('target_type')
    .orderBy('target_id')
    .orderBy('version', 'desc')
    .execute();
  return withLines(db, tenantId, heads);
}

async function withLines<R extends { id: string }>(db: Executor, tenantId: string, heads: R[]) {
  if (heads.length === 0) {
    return [];
  }
  const lines = await db
    .selectFrom('recipe_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(
      'recipe_id',
      'in',
      heads.map((h) => h.id),
    )
    .orderBy('recipe_id')
    .orderBy('line_no')
    .execute();
  return heads.map((h) => ({ ...h, lines: lines.filter((l) => l.recipe_id === h.id) }));
}

/** Current recipes (latest version per target), optionally of one target, or using one stock item. */
export async function currentRecipes(
  db: Executor,
  tenantId: string,
  f: { targetIds?: readonly string[]; stockItemIds?: readonly string[] } = {},
) {
  let q = db
    .selectFrom('recipes')
    .selectAll()
    .distinctOn(['target_type', 'target_id'])
    .where('tenant_id', '=', tenantId);
  if (f.targetIds) {
    if (f.targetIds.length === 0) {
      return [];
    }
    q = q.where('target_id', 'in', [...f.targetIds]);
  }
  if (f.stockItemIds) {
    if (f.stockItemIds.length === 0) {
      return [];
    }
    const ids = [...f.stockItemIds];
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('recipe_lines as rl')
          .select('rl.recipe_id')
          .whereRef('rl.tenant_id', '=', 'recipes.tenant_id')
          .whereRef('rl.recipe_id', '=', 'recipes.id')
          .where('rl.stock_item_id', 'in', ids),
      ),
    );
  }
  const heads = await q.orderBy('target_type').orderBy('target_id').orderBy('version', 'desc').execute();
  return withLines(db, tenantId, heads);
}

/** Every version of one target's recipe, newest first. */
export async function recipeHistory(db: Executor, tenantId: string, targetId: string) {
  const heads = await db
    .selectFrom('recipes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('target_id', '=', targetId)
    .orderBy('version', 'desc')
    .execute();
  return withLines(db, tenantId, heads);
}

export async function nextRecipeVersion(tx: Tx, tenantId: string, target: RecipeTarget): Promise<number> {
  // Serialises versions of one target: two editors saving at once get 1 and 2, never 1 twice.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`${tenantId}:${target.id}`}, 16))`.execute(tx);
  const row = await tx
    .selectFrom('recipes')
    .select(sql<number>`coalesce(max(version), 0)::int`.as('v'))
    .where('tenant_id', '=', tenantId)
    .where('target_type', '=', target.type)
    .where('target_id', '=', target.id)
    .executeTakeFirstOrThrow();
  return row.v + 1;
}

export async function insertRecipe(
  tx: Tx,
  head: Insertable<DB['recipes']>,
  lines: Array<{ stockItemId: string; qty: number }>,
) {
  const row = await tx.insertInto('recipes').values(head).returningAll().executeTakeFirstOrThrow();
  if (lines.length) {
    await tx
      .insertInto('recipe_lines')
      .values(
        lines.map((l, i) => ({
          tenant_id: head.tenant_id,
          recipe_id: head.id,
          line_no: i + 1,
          stock_item_id: l.stockItemId,
          qty: l.qty,
        })),
      )
      .execute();
  }
  return row;
}

/** Which catalog rows exist for recipe targets (an item, a variant with its item, an option). */
export async function findTarget(
  db: Executor,
  tenantId: string,
  t: RecipeTarget,
): Promise<{ itemId: string | null } | null> {
  switch (t.type) {
    case 'item': {
      const r = await db
        .selectFrom('items')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', t.id)
        .executeTakeFirst();
      return r ? { itemId: r.id } : null;
    }
    case 'variant': {
      const r = await db
        .selectFrom('item_variants')
        .select('item_id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', t.id)
        .executeTakeFirst();
      return r ? { itemId: r.item_id } : null;
    }
    case 'modifier_option': {
      const r = await db
        .selectFrom('modifier_options')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', t.id)
        .executeTakeFirst();
      return r ? { itemId: null } : null;
    }
  }
}

/** The live variants of items (for sold-out by stock). */
export function variantsOfItems(db: Executor, tenantId: string, itemIds: readonly string[]) {
  if (itemIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('item_variants')
    .select(['id', 'item_id'])
    .where('tenant_id', '=', tenantId)
    .where('item_id', 'in', [...itemIds])
    .where('archived_at', 'is', null)
    .execute();
}

export function itemsOfVariants(db: Executor, tenantId: string, variantIds: readonly string[]) {
  if (variantIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('item_variants')
    .select(['id', 'item_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...variantIds])
    .execute();
}

export function levelsAt(db: Executor, tenantId: string, outletId: string, stockItemIds: readonly string[]) {
  if (stockItemIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('stock_levels')
    .select(['stock_item_id', 'qty'])
    .where('tenant_id', '=', tenantId)
    .where('outlet_id', '=', outletId)
    .where('stock_item_id', 'in', [...stockItemIds])
    .execute();
}

// Sold out by stock -----------------------------------------------------------------------------

export function soldOutByStock(db: Executor, tenantId: string, outletId: string, itemIds: readonly string[]) {
  if (itemIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('stock_sold_out_items')
    .select('item_id')
    .where('tenant_id', '=', tenantId)
    .where('outlet_id', '=', outletId)
    .where('item_id', 'in', [...itemIds])
    .execute();
}

export function soldOutByStockAll(db: Executor, tenantId: string, outletId: string) {
  return db
    .selectFrom('stock_sold_out_items')
    .select('item_id')
    .where('tenant_id', '=', tenantId)
    .where('outlet_id', '=', outletId)
    .execute();
}

export async function markSoldOutByStock(
  tx: Tx,
  tenantId: string,
  outletId: string,
  itemId: string,
  now: Date,
) {
  await tx
    .insertInto('stock_sold_out_items')
    .values({ tenant_id: tenantId, outlet_id: outletId, item_id: itemId, since: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'outlet_id', 'item_id']).doNothing())
    .execute();
}

export async function clearSoldOutByStock(tx: Tx, tenantId: string, outletId: string, itemId: string) {
  await tx
    .deleteFrom('stock_sold_out_items')
    .where('tenant_id', '=', tenantId)
    .where('outlet_id', '=', outletId)
    .where('item_id', '=', itemId)
    .execute();
}

// Sale costs ------------------------------------------------------------------------------------

export async function hasSaleCosts(db: Executor, tenantId: string, orderId: string): Promise<boolean> {
  const row = await db
    .selectFrom('sale_line_costs')
    .select('order_line_id')
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export function insertSaleCosts(tx: Tx, rows: Insertable<DB['sale_line_costs']>[]) {
  if (rows.length === 0) {
    return Promise.resolve();
  }
  return tx.insertInto('sale_line_costs').values(rows).execute();
}

export function lockSaleCosts(tx: Tx, tenantId: string, lineIds: readonly string[]) {
  if (lineIds.length === 0) {
    return Promise.resolve([]);
  }
  return tx
    .selectFrom('sale_line_costs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_line_id', 'in', [...lineIds])
    .orderBy('order_line_id')
    .forUpdate()
    .execute();
}

export async function addReturned(tx: Tx, tenantId: string, lineId: string, qty: number, cost: number) {
  await tx
    .updateTable('sale_line_costs')
    .set({ returned_qty: sql`returned_qty + ${qty}`, returned_cost: sql`returned_cost + ${cost}` })
    .where('tenant_id', '=', tenantId)
    .where('order_line_id', '=', lineId)
    .execute();
}
