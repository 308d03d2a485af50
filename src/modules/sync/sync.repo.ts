import type { Insertable, Selectable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ReceiptBlocks, SyncReports, SyncedSales } from '../../platform/db/schema.ts';
import type { SaleReason } from '../orders/index.ts';

export type BlockRow = Selectable<ReceiptBlocks>;
export type SyncedSaleRow = Selectable<SyncedSales>;
export type ReportRow = Selectable<SyncReports>;

/**
 * The paired device a session was opened on, with its register and outlet (identity's and
 * tenancy's tables, read only: the documented exception of this module). Null when unknown or revoked.
 */
export async function findDeviceRegister(
  db: Executor,
  tenantId: string,
  deviceId: string,
): Promise<{ deviceId: string; registerId: string; outletId: string } | null> {
  const row = await db
    .selectFrom('devices as d')
    .innerJoin('registers as r', (j) =>
      j.onRef('r.tenant_id', '=', 'd.tenant_id').onRef('r.id', '=', 'd.register_id'),
    )
    .select(['d.id', 'd.register_id', 'r.outlet_id'])
    .where('d.tenant_id', '=', tenantId)
    .where('d.id', '=', deviceId)
    .where('d.revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { deviceId: row.id, registerId: row.register_id, outletId: row.outlet_id } : null;
}

export async function insertBlock(tx: Tx, row: Insertable<ReceiptBlocks>): Promise<BlockRow> {
  return tx.insertInto('receipt_blocks').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The device's blocks by id (for the sales of one upload). */
export async function findBlocks(
  db: Executor,
  tenantId: string,
  ids: string[],
): Promise<Map<string, BlockRow>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('receipt_blocks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function lockBlock(tx: Tx, tenantId: string, id: string): Promise<BlockRow | undefined> {
  return tx
    .selectFrom('receipt_blocks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** The blocks a device still holds, locked, in number order. */
export async function lockUnreleasedBlocksOfDevice(
  tx: Tx,
  tenantId: string,
  deviceId: string,
): Promise<BlockRow[]> {
  return tx
    .selectFrom('receipt_blocks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .where('released_at', 'is', null)
    .orderBy('first_number')
    .forUpdate()
    .execute();
}

export async function markBlockReleased(tx: Tx, tenantId: string, id: string, at: Date): Promise<void> {
  await tx
    .updateTable('receipt_blocks')
    .set({ released_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** The receipt numbers of a block that synced sales used (accepted or refused: the receipt was given). */
export async function usedNumbers(db: Executor, tenantId: string, blockId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('synced_sales')
    .select('receipt_number')
    .where('tenant_id', '=', tenantId)
    .where('block_id', '=', blockId)
    .orderBy('receipt_number')
    .execute();
  return rows.map((r) => Number(r.receipt_number));
}

export async function findSyncedSales(
  db: Executor,
  tenantId: string,
  clientIds: string[],
): Promise<Map<string, SyncedSaleRow>> {
  if (clientIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('synced_sales')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('client_id', 'in', clientIds)
    .execute();
  return new Map(rows.map((r) => [r.client_id, r]));
}

/**
 * Claims a sale's client id in the sale's transaction. A concurrent upload of the same sale waits
 * on this row until the first commits, then finds it taken (false) and reports a duplicate.
 */
export async function claimSyncedSale(tx: Tx, row: Insertable<SyncedSales>): Promise<boolean> {
  return (await claimSyncedSales(tx, [row])) === 1;
}

/** Claims several sales' client ids in one statement; how many were claimed (the others were taken). */
export async function claimSyncedSales(tx: Tx, rows: Insertable<SyncedSales>[]): Promise<number> {
  if (rows.length === 0) {
    return 0;
  }
  const r = await tx
    .insertInto('synced_sales')
    .values(rows)
    .onConflict((oc) => oc.columns(['tenant_id', 'client_id']).doNothing())
    .returning('client_id')
    .execute();
  return r.length;
}

export async function insertReport(tx: Tx, row: Insertable<SyncReports>): Promise<boolean> {
  const r = await tx
    .insertInto('sync_reports')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'subject_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function findReports(
  db: Executor,
  tenantId: string,
  subjectIds: string[],
): Promise<ReportRow[]> {
  if (subjectIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('sync_reports')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('subject_id', 'in', subjectIds)
    .execute();
}

/** Reports newest first, keyset paged on (created_at, id). */
export async function listReports(
  db: Executor,
  tenantId: string,
  f: {
    outletIds: readonly string[] | null;
    outletId?: string;
    limit: number;
    cursor?: { at: Date; id: string };
  },
): Promise<ReportRow[]> {
  let q = db.selectFrom('sync_reports').selectAll().where('tenant_id', '=', tenantId);
  if (f.outletIds) {
    q = f.outletIds.length ? q.where('outlet_id', 'in', [...f.outletIds]) : q.where((eb) => eb.lit(false));
  }
  if (f.outletId) {
    q = q.where('outlet_id', '=', f.outletId);
  }
  if (f.cursor) {
    const c = f.cursor;
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', c.at), eb.and([eb('created_at', '=', c.at), eb('id', '<', c.id)])]),
    );
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

/** Whether a refund with this id exists already (a replayed offline refund). */
export async function refundExists(db: Executor, tenantId: string, id: string): Promise<boolean> {
  const r = await db
    .selectFrom('refunds')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r !== undefined;
}

export const reasonsOf = (v: unknown): SaleReason[] => (Array.isArray(v) ? (v as SaleReason[]) : []);
