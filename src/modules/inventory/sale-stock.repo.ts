import { sql, type Insertable, type QueryCreator } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';
import { precompiledRows } from '../../platform/db/precompiled.ts';

// What a sale leaves behind: its cost per line, and the items marked sold out by stock.
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

/** An order whose sale is costed: the completing statement's parameters for the quick costing. */
export interface SaleCostAt {
  tenant_id: string;
  order_id: string;
  outlet_id: string;
  at: Date;
}

/**
 * Where the quick costing reads the order's lines: the table (an order stored before), or the
 * `new_lines` CTE of the same statement (its lines inserted by it, returning `id, item_id,
 * variant_id, quantity, modifiers, status`: a statement does not see its own CTEs' writes).
 */
export type SoldLinesFrom = 'table' | 'new_lines';

interface SaleCostLine {
  id: string;
  item_id: string;
  variant_id: string;
  quantity: number;
  modifiers: unknown;
}

/**
 * The sale path's common case, as CTEs of the statement that completes the order (no round trip
 * of its own): when no active line of the order (its item, its variant, or one of its options)
 * has a recipe in force at `at`, nothing is deducted and each active line's cost of goods (0) is
 * stored right there. Otherwise nothing is written and `recipes` says the caller takes the full
 * path (`deductStockForOrder`). `costed`: the order's costs were stored before. The statement
 * selects both flags with `saleCostFlags`. Built from parameters only (precompiled statements);
 * a raw CTE carries its own parentheses.
 */
export function withSaleCosts(q: QueryCreator<DB>, c: SaleCostAt, from: SoldLinesFrom): QueryCreator<DB> {
  const lines =
    from === 'table'
      ? sql<SaleCostLine>`(select id, item_id, variant_id, quantity, modifiers from order_lines
             where tenant_id = ${c.tenant_id} and order_id = ${c.order_id} and status = 'active')`
      : sql<SaleCostLine>`(select id, item_id, variant_id, quantity, modifiers from new_lines where status = 'active')`;
  return q
    .with('sale_cost_lines', () => lines)
    .with(
      'sale_cost_targets',
      () => sql<{ id: string }>`(select item_id as id from sale_cost_lines
      union all select variant_id from sale_cost_lines
      union all select (m ->> 'optionId')::uuid from sale_cost_lines l, jsonb_array_elements(l.modifiers) m)`,
    )
    .with(
      'sale_cost_state',
      () => sql<QuickCosting>`(select exists (select 1 from sale_line_costs
                      where tenant_id = ${c.tenant_id} and order_id = ${c.order_id}) as costed,
             exists (select 1 from recipes
                      where tenant_id = ${c.tenant_id} and target_id in (select id from sale_cost_targets)
                        and effective_from <= ${c.at}) as recipes)`,
    )
    .with(
      'sale_cost_ins',
      () => sql<{ one: number }>`(insert into sale_line_costs
        (tenant_id, order_line_id, order_id, outlet_id, item_id, quantity, cost, sold_at)
      select ${c.tenant_id}, l.id, ${c.order_id}, ${c.outlet_id}, l.item_id, l.quantity, 0, ${c.at}
        from sale_cost_lines l, sale_cost_state s
       where not s.costed and not s.recipes
      returning 1 as one)`,
    ) as unknown as QueryCreator<DB>;
}

/** What the quick costing found (`withSaleCosts`), as two columns of the statement's result. */
export const saleCostFlags = [
  sql<boolean>`(select costed from sale_cost_state)`.as('sale_costed'),
  sql<boolean>`(select recipes from sale_cost_state)`.as('sale_recipes'),
] as const;

/** The quick costing's outcome: whether the order was costed before, whether a recipe applies. */
export interface QuickCosting {
  costed: boolean;
  recipes: boolean;
}

/**
 * The quick costing on its own (a completion without money, `POST /v1/orders/:id/complete`).
 * Reads the order's lines (the completing transaction holds the order locked).
 */
export async function costOrderWithoutRecipes(
  tx: Tx,
  tenantId: string,
  order: { id: string; outletId: string; at: Date },
): Promise<QuickCosting> {
  const [row] = await costWithoutRecipes(tx, [
    { tenant_id: tenantId, order_id: order.id, outlet_id: order.outletId, at: order.at },
  ]);
  return { costed: row!.sale_costed, recipes: row!.sale_recipes };
}

/** Built and compiled once (platform/db/precompiled). */
const costWithoutRecipes = precompiledRows((db: Executor, at: readonly SaleCostAt[]) =>
  withSaleCosts(db, at[0]!, 'table').selectNoFrom(saleCostFlags),
);

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
