import { sql, type Insertable } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';

// Recipes (versioned), what they apply to, and the levels a sale reads.
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
