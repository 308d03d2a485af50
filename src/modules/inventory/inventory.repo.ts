import { sql, type Insertable } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';
import { afterKey } from '../../platform/db/keyset.ts';
import { notFound } from '../../platform/http/errors.ts';

// Writes stock items, levels, movements and settings; recipes.repo.ts writes recipes,
// sale-stock.repo.ts sale costs and sold-out marks, purchasing.repo.ts suppliers, purchase orders
// and transfers.

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
