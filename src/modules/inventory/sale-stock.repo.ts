import { sql, type Insertable } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';
import { precompiled } from '../../platform/db/precompiled.ts';

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

/**
 * The sale path's common case in one statement: when no active line of the order (its item, its
 * variant, or one of its options) has a recipe in force at `at`, nothing is deducted and each
 * active line's cost of goods (0) is stored right here. Otherwise nothing is written and
 * `recipes` says the caller takes the full path. `costed`: the order's costs were stored before.
 * Reads the order's lines (the completing transaction holds the order locked).
 */
export async function costOrderWithoutRecipes(
  tx: Tx,
  tenantId: string,
  order: { id: string; outletId: string; at: Date },
): Promise<{ costed: boolean; recipes: boolean }> {
  const [row] = await costWithoutRecipes(tx, tenantId, order.id, order.outletId, order.at);
  return { costed: row!.costed, recipes: row!.recipes };
}

/** Run by every completed sale: built and compiled once (platform/db/precompiled). */
const costWithoutRecipes = precompiled(
  (tx: Executor, t: string, orderId: string, outletId: string, at: Date) =>
    sql<{ costed: boolean; recipes: boolean }>`
    with lines as (
      select id, item_id, variant_id, quantity, modifiers from order_lines
       where tenant_id = ${t} and order_id = ${orderId} and status = 'active'),
    targets as (
      select item_id as id from lines
      union all select variant_id from lines
      union all select (m ->> 'optionId')::uuid from lines, jsonb_array_elements(lines.modifiers) m),
    state as (
      select exists (select 1 from sale_line_costs
                      where tenant_id = ${t} and order_id = ${orderId}) as costed,
             exists (select 1 from recipes
                      where tenant_id = ${t} and target_id in (select id from targets)
                        and effective_from <= ${at}) as recipes),
    ins as (
      insert into sale_line_costs
        (tenant_id, order_line_id, order_id, outlet_id, item_id, quantity, cost, sold_at)
      select ${t}, l.id, ${orderId}, ${outletId}, l.item_id, l.quantity, 0, ${at}
        from lines l, state s
       where not s.costed and not s.recipes
      returning 1)
    select s.costed, s.recipes, (select count(*) from ins) as inserted from state s`,
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
