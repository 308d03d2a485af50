import { sql, type Insertable } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';

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
