import { sql, type Insertable } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';
import { afterKey } from '../../platform/db/keyset.ts';
import { notFound } from '../../platform/http/errors.ts';

// The only file that writes suppliers, purchase orders and transfers.

export function insertSupplier(tx: Tx, row: Insertable<DB['suppliers']>) {
  return tx.insertInto('suppliers').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function getSupplierRow(db: Executor, tenantId: string, id: string) {
  const row = await db
    .selectFrom('suppliers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw notFound('suppliers', id);
  }
  return row;
}

export function listSupplierRows(
  db: Executor,
  tenantId: string,
  f: { after?: readonly [string, string]; limit: number },
) {
  let q = db.selectFrom('suppliers').selectAll().where('tenant_id', '=', tenantId);
  if (f.after) {
    q = q.where(afterKey(['name', 'id'], f.after));
  }
  return q
    .orderBy('name')
    .orderBy('id')
    .limit(f.limit + 1)
    .execute();
}

export async function insertPurchaseOrder(
  tx: Tx,
  head: Insertable<DB['purchase_orders']>,
  lines: Insertable<DB['purchase_order_lines']>[],
) {
  await tx.insertInto('purchase_orders').values(head).execute();
  await tx.insertInto('purchase_order_lines').values(lines).execute();
}

export async function getPurchaseOrderRow(db: Executor, tenantId: string, id: string, lock = false) {
  let q = db
    .selectFrom('purchase_orders as p')
    .innerJoin('suppliers as s', (j) =>
      j.onRef('s.tenant_id', '=', 'p.tenant_id').onRef('s.id', '=', 'p.supplier_id'),
    )
    .selectAll('p')
    .select('s.name as supplier_name')
    .where('p.tenant_id', '=', tenantId)
    .where('p.id', '=', id);
  if (lock) {
    q = q.forUpdate('p');
  }
  const row = await q.executeTakeFirst();
  if (!row) {
    throw notFound('purchase_orders', id);
  }
  return row;
}
export type PurchaseOrderRow = Awaited<ReturnType<typeof getPurchaseOrderRow>>;

export function listPurchaseOrderRows(
  db: Executor,
  tenantId: string,
  f: {
    outletId?: string;
    outletIds: readonly string[] | null;
    status?: string;
    before?: readonly [Date, string];
    limit: number;
  },
) {
  let q = db
    .selectFrom('purchase_orders as p')
    .innerJoin('suppliers as s', (j) =>
      j.onRef('s.tenant_id', '=', 'p.tenant_id').onRef('s.id', '=', 'p.supplier_id'),
    )
    .selectAll('p')
    .select('s.name as supplier_name')
    .where('p.tenant_id', '=', tenantId);
  if (f.outletId) {
    q = q.where('p.outlet_id', '=', f.outletId);
  }
  if (f.outletIds) {
    q = f.outletIds.length ? q.where('p.outlet_id', 'in', [...f.outletIds]) : q.where(sql<boolean>`false`);
  }
  if (f.status) {
    q = q.where('p.status', '=', f.status);
  }
  if (f.before) {
    q = q.where(afterKey([sql`date_trunc('milliseconds', p.created_at)`, 'p.id'], f.before, 'desc'));
  }
  return q
    .orderBy(sql`date_trunc('milliseconds', p.created_at)`, 'desc')
    .orderBy('p.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function purchaseOrderLines(db: Executor, tenantId: string, poIds: readonly string[]) {
  if (poIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('purchase_order_lines as l')
    .innerJoin('stock_items as i', (j) =>
      j.onRef('i.tenant_id', '=', 'l.tenant_id').onRef('i.id', '=', 'l.stock_item_id'),
    )
    .selectAll('l')
    .select(['i.name', 'i.stock_unit', 'i.purchase_unit', 'i.purchase_unit_qty', 'i.dimension'])
    .where('l.tenant_id', '=', tenantId)
    .where('l.purchase_order_id', 'in', [...poIds])
    .orderBy('l.purchase_order_id')
    .orderBy('l.line_no')
    .execute();
}

export async function setPurchaseOrderStatus(
  tx: Tx,
  tenantId: string,
  id: string,
  set: { status: string; sent_at?: Date; updated_at: Date },
) {
  await tx
    .updateTable('purchase_orders')
    .set(set)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function addReceived(tx: Tx, tenantId: string, lineId: string, qty: number, cost: number) {
  await tx
    .updateTable('purchase_order_lines')
    .set({ qty_received: sql`qty_received + ${qty}`, cost_received: sql`cost_received + ${cost}` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', lineId)
    .execute();
}

export async function insertTransfer(
  tx: Tx,
  head: Insertable<DB['stock_transfers']>,
  lines: Insertable<DB['stock_transfer_lines']>[],
) {
  await tx.insertInto('stock_transfers').values(head).execute();
  await tx.insertInto('stock_transfer_lines').values(lines).execute();
}

export async function getTransferRow(db: Executor, tenantId: string, id: string, lock = false) {
  let q = db.selectFrom('stock_transfers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock) {
    q = q.forUpdate();
  }
  const row = await q.executeTakeFirst();
  if (!row) {
    throw notFound('stock_transfers', id);
  }
  return row;
}
export type TransferRow = Awaited<ReturnType<typeof getTransferRow>>;

export function listTransferRows(
  db: Executor,
  tenantId: string,
  f: {
    outletId?: string;
    outletIds: readonly string[] | null;
    status?: string;
    before?: readonly [Date, string];
    limit: number;
  },
) {
  let q = db.selectFrom('stock_transfers').selectAll().where('tenant_id', '=', tenantId);
  if (f.outletId) {
    const o = f.outletId;
    q = q.where((eb) => eb.or([eb('from_outlet_id', '=', o), eb('to_outlet_id', '=', o)]));
  }
  if (f.outletIds) {
    const ids = [...f.outletIds];
    q = ids.length
      ? q.where((eb) => eb.or([eb('from_outlet_id', 'in', ids), eb('to_outlet_id', 'in', ids)]))
      : q.where(sql<boolean>`false`);
  }
  if (f.status) {
    q = q.where('status', '=', f.status);
  }
  if (f.before) {
    q = q.where(afterKey([sql`date_trunc('milliseconds', sent_at)`, 'id'], f.before, 'desc'));
  }
  return q
    .orderBy(sql`date_trunc('milliseconds', sent_at)`, 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function transferLines(db: Executor, tenantId: string, ids: readonly string[]) {
  if (ids.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('stock_transfer_lines as l')
    .innerJoin('stock_items as i', (j) =>
      j.onRef('i.tenant_id', '=', 'l.tenant_id').onRef('i.id', '=', 'l.stock_item_id'),
    )
    .selectAll('l')
    .select(['i.name', 'i.stock_unit'])
    .where('l.tenant_id', '=', tenantId)
    .where('l.transfer_id', 'in', [...ids])
    .orderBy('l.transfer_id')
    .orderBy('i.name')
    .execute();
}

export async function markTransferReceived(tx: Tx, tenantId: string, id: string, at: Date): Promise<boolean> {
  const r = await tx
    .updateTable('stock_transfers')
    .set({ status: 'received', received_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'in_transit')
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** Σ value of transfers still in transit (the in-transit account's balance). */
export async function inTransitValue(db: Executor, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('stock_transfer_lines as l')
    .innerJoin('stock_transfers as t', (j) =>
      j.onRef('t.tenant_id', '=', 'l.tenant_id').onRef('t.id', '=', 'l.transfer_id'),
    )
    .select(sql<string>`coalesce(sum(l.value), 0)`.as('v'))
    .where('l.tenant_id', '=', tenantId)
    .where('t.status', '=', 'in_transit')
    .executeTakeFirstOrThrow();
  return Number(row.v);
}
