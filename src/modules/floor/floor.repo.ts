import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { DiningTables, FloorOrders, Floors } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/http/errors.ts';

export type FloorRow = Selectable<Floors>;
export type TableRow = Selectable<DiningTables>;

/** Order states in which an order still sits at its table. */
export const LIVE_STATUSES = ['open', 'sent'] as const;

export async function insertFloor(tx: Tx, row: Insertable<Floors>): Promise<FloorRow> {
  return tx.insertInto('floors').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function getFloor(db: Executor, tenantId: string, id: string): Promise<FloorRow> {
  const row = await db
    .selectFrom('floors')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('floors.not_found', 'No such floor.', { id });
  }
  return row;
}

export async function updateFloor(tx: Tx, tenantId: string, id: string, change: Updateable<Floors>) {
  return tx
    .updateTable('floors')
    .set(change)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The floors of an outlet in use (archived ones are left out). */
export function listFloors(db: Executor, tenantId: string, outletId: string) {
  return db
    .selectFrom('floors')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('outlet_id', '=', outletId)
    .where('archived_at', 'is', null)
    .orderBy('position')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Inserts a table; null when an active table of the outlet has that name. */
export async function insertTable(tx: Tx, row: Insertable<DiningTables>): Promise<TableRow | null> {
  const taken = await tx
    .selectFrom('dining_tables')
    .select('id')
    .where('tenant_id', '=', row.tenant_id)
    .where('outlet_id', '=', row.outlet_id)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', row.name.toLowerCase()))
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (taken) {
    return null;
  }
  return tx.insertInto('dining_tables').values(row).returningAll().executeTakeFirstOrThrow();
}

/** One table; with `lock`, its row is held to commit (the lock of "open this table"). */
export async function getTable(db: Executor, tenantId: string, id: string, lock = false): Promise<TableRow> {
  let q = db.selectFrom('dining_tables').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock) {
    q = q.forUpdate();
  }
  const row = await q.executeTakeFirst();
  if (!row) {
    throw new AppError('tables.not_found', 'No such table.', { id });
  }
  return row;
}

/** Changes a table; a name (or an un-archive) that clashes with a live table of its outlet → 409. */
export async function changeTable(tx: Tx, tenantId: string, id: string, change: Updateable<DiningTables>) {
  try {
    return await tx
      .updateTable('dining_tables')
      .set(change)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (e) {
    // The failed statement aborts the transaction; the error rolls the request back.
    if ((e as { code?: string }).code === '23505') {
      throw new AppError('tables.already_exists', 'A table of this outlet has this name.', {
        name: change.name,
      });
    }
    throw e;
  }
}

/** Archives the live tables of a floor (with the floor); returns them as they are now. */
export function archiveFloorTables(tx: Tx, tenantId: string, floorId: string, at: Date) {
  return tx
    .updateTable('dining_tables')
    .set({ archived_at: at, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('floor_id', '=', floorId)
    .where('archived_at', 'is', null)
    .returningAll()
    .execute();
}

/** The live tables of a floor. */
export function floorTables(db: Executor, tenantId: string, floorId: string) {
  return db
    .selectFrom('dining_tables')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('floor_id', '=', floorId)
    .where('archived_at', 'is', null)
    .execute();
}

export function listTables(db: Executor, tenantId: string, outletId: string) {
  return db
    .selectFrom('dining_tables')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('outlet_id', '=', outletId)
    .where('archived_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/**
 * Orders still open or sent at an outlet's tables and tabs (optionally of some tables), oldest
 * first. Reads the order's status, number and guests from the orders table (a read, never a write).
 */
export function liveOrders(
  db: Executor,
  tenantId: string,
  f: { outletId?: string; tableIds?: string[]; orderId?: string },
) {
  let q = db
    .selectFrom('floor_orders as f')
    .innerJoin('orders as o', (j) =>
      j.onRef('o.tenant_id', '=', 'f.tenant_id').onRef('o.id', '=', 'f.order_id'),
    )
    .select([
      'f.order_id',
      'f.outlet_id',
      'f.table_id',
      'f.tab_name',
      'f.bill_requested_at',
      'f.opened_at',
      'o.number',
      'o.status',
      'o.guest_count',
    ])
    .where('f.tenant_id', '=', tenantId)
    .where('o.status', 'in', [...LIVE_STATUSES]);
  if (f.outletId) {
    q = q.where('f.outlet_id', '=', f.outletId);
  }
  if (f.tableIds) {
    q = f.tableIds.length ? q.where('f.table_id', 'in', f.tableIds) : q.where((eb) => eb.val(false));
  }
  if (f.orderId) {
    q = q.where('f.order_id', '=', f.orderId);
  }
  return q.orderBy('f.opened_at').orderBy('f.order_id').execute();
}
export type LiveOrderRow = Awaited<ReturnType<typeof liveOrders>>[number];

export async function insertFloorOrder(tx: Tx, row: Insertable<FloorOrders>): Promise<void> {
  await tx.insertInto('floor_orders').values(row).execute();
}

export async function findFloorOrder(db: Executor, tenantId: string, orderId: string) {
  return db
    .selectFrom('floor_orders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
}

export async function updateFloorOrder(
  tx: Tx,
  tenantId: string,
  orderIds: readonly string[],
  change: Updateable<FloorOrders>,
): Promise<void> {
  if (orderIds.length === 0) {
    return;
  }
  await tx
    .updateTable('floor_orders')
    .set(change)
    .where('tenant_id', '=', tenantId)
    .where('order_id', 'in', [...orderIds])
    .execute();
}
