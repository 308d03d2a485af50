import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { QrOrders, QrSettings } from '../../platform/db/schema.ts';
import type { QrLimits } from './qr-rules.ts';

export type QrOrderRow = Selectable<QrOrders>;

/** A table with its live code, outlet and business: what a scanned code opens. */
export function findTableForCode(db: Executor, tenantId: string, tableId: string) {
  return db
    .selectFrom('dining_tables as t')
    .innerJoin('outlets as o', (j) =>
      j.onRef('o.tenant_id', '=', 't.tenant_id').onRef('o.id', '=', 't.outlet_id'),
    )
    .innerJoin('tenants as tn', 'tn.id', 't.tenant_id')
    .leftJoin('table_codes as c', (j) =>
      j.onRef('c.tenant_id', '=', 't.tenant_id').onRef('c.table_id', '=', 't.id'),
    )
    .select([
      't.id as table_id',
      't.name as table_name',
      't.outlet_id',
      't.archived_at',
      'o.name as outlet_name',
      'o.archived_at as outlet_archived_at',
      'tn.name as tenant_name',
      'tn.currency',
      'tn.locale',
      'tn.status as tenant_status',
      'c.version',
      'c.revoked_at',
      'c.issued_at',
    ])
    .where('t.tenant_id', '=', tenantId)
    .where('t.id', '=', tableId)
    .executeTakeFirst();
}
export type TableForCode = NonNullable<Awaited<ReturnType<typeof findTableForCode>>>;

/** The tables of an outlet with their codes, in name order (the printable sheet). */
export function listOutletTables(db: Executor, tenantId: string, outletId: string) {
  return db
    .selectFrom('dining_tables as t')
    .leftJoin('table_codes as c', (j) =>
      j.onRef('c.tenant_id', '=', 't.tenant_id').onRef('c.table_id', '=', 't.id'),
    )
    .select(['t.id', 't.name', 'c.version', 'c.revoked_at'])
    .where('t.tenant_id', '=', tenantId)
    .where('t.outlet_id', '=', outletId)
    .where('t.archived_at', 'is', null)
    .orderBy('t.name')
    .orderBy('t.id')
    .execute();
}

/** Issues version 1, or moves to the next version (rotate); either way the code is live again. */
export async function nextCodeVersion(tx: Tx, tenantId: string, tableId: string, at: Date) {
  return tx
    .insertInto('table_codes')
    .values({ tenant_id: tenantId, table_id: tableId, version: 1, issued_at: at })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'table_id']).doUpdateSet({
        version: sql`table_codes.version + 1`,
        revoked_at: null,
        issued_at: at,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Issues version 1 when the table has no code yet; leaves a live or revoked code as it is. */
export async function ensureCode(tx: Tx, tenantId: string, tableId: string, at: Date) {
  await tx
    .insertInto('table_codes')
    .values({ tenant_id: tenantId, table_id: tableId, version: 1, issued_at: at })
    .onConflict((oc) => oc.columns(['tenant_id', 'table_id']).doNothing())
    .execute();
  return tx
    .selectFrom('table_codes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('table_id', '=', tableId)
    .executeTakeFirstOrThrow();
}

export async function revokeCode(tx: Tx, tenantId: string, tableId: string, at: Date) {
  return tx
    .updateTable('table_codes')
    .set({ revoked_at: at })
    .where('tenant_id', '=', tenantId)
    .where('table_id', '=', tableId)
    .returningAll()
    .executeTakeFirst();
}

export const DEFAULT_SETTINGS = {
  autoAccept: false,
  maxPending: 3,
  maxLineQuantity: 20,
  maxOrderQuantity: 50,
};

export async function getSettings(
  db: Executor,
  tenantId: string,
): Promise<QrLimits & { autoAccept: boolean }> {
  const row = await db
    .selectFrom('qr_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row
    ? {
        autoAccept: row.auto_accept,
        maxPending: row.max_pending,
        maxLineQuantity: row.max_line_quantity,
        maxOrderQuantity: row.max_order_quantity,
      }
    : { ...DEFAULT_SETTINGS };
}

export async function saveSettings(tx: Tx, row: Insertable<QrSettings>) {
  const { tenant_id: _t, ...change } = row;
  await tx
    .insertInto('qr_settings')
    .values(row)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(change))
    .execute();
}

/** Locks the table's row: placing orders at one table is serialised (the pending cap holds). */
export async function lockTable(tx: Tx, tenantId: string, tableId: string) {
  await tx
    .selectFrom('dining_tables')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', tableId)
    .forUpdate()
    .execute();
}

export async function countPending(db: Executor, tenantId: string, tableId: string): Promise<number> {
  const r = await db
    .selectFrom('qr_orders')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('table_id', '=', tableId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Inserts a QR order; null when one with this id exists already (a retry). */
export async function insertQrOrder(tx: Tx, row: Insertable<QrOrders>): Promise<QrOrderRow | null> {
  return (
    (await tx
      .insertInto('qr_orders')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
      .returningAll()
      .executeTakeFirst()) ?? null
  );
}

export function findQrOrder(db: Executor, tenantId: string, id: string, lock = false) {
  let q = db.selectFrom('qr_orders').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock) {
    q = q.forUpdate();
  }
  return q.executeTakeFirst();
}

/** Records staff's (or the auto-accept's) decision on a pending order; 0 rows when decided already. */
export async function decideQrOrder(
  tx: Tx,
  tenantId: string,
  id: string,
  change: {
    status: 'accepted' | 'rejected';
    order_id?: string;
    line_ids?: string[];
    reject_reason?: string | null;
    decided_by: string;
    decided_at: Date;
  },
) {
  return tx
    .updateTable('qr_orders')
    .set(change)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

/** QR orders of an outlet, newest first, keyset-paged on (placed_at, id). */
export function listQrOrders(
  db: Executor,
  tenantId: string,
  f: {
    outletIds: readonly string[] | null;
    outletId?: string | undefined;
    status?: string | undefined;
    tableId?: string | undefined;
    after?: { placedAt: string; id: string } | undefined;
    limit: number;
  },
) {
  let q = db.selectFrom('qr_orders').selectAll().where('tenant_id', '=', tenantId);
  if (f.outletIds) {
    q = q.where(
      'outlet_id',
      'in',
      f.outletIds.length ? [...f.outletIds] : ['00000000-0000-0000-0000-000000000000'],
    );
  }
  if (f.outletId) {
    q = q.where('outlet_id', '=', f.outletId);
  }
  if (f.status) {
    q = q.where('status', '=', f.status);
  }
  if (f.tableId) {
    q = q.where('table_id', '=', f.tableId);
  }
  if (f.after) {
    const { placedAt, id } = f.after;
    q = q.where((eb) =>
      eb.or([
        eb(sql`date_trunc('milliseconds', placed_at)`, '<', new Date(placedAt)),
        eb.and([eb(sql`date_trunc('milliseconds', placed_at)`, '=', new Date(placedAt)), eb('id', '<', id)]),
      ]),
    );
  }
  return q.orderBy('placed_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

/** The table names of some tables (for staff lists). */
export async function tableNames(
  db: Executor,
  tenantId: string,
  ids: string[],
): Promise<Map<string, string>> {
  if (!ids.length) {
    return new Map();
  }
  const rows = await db
    .selectFrom('dining_tables')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Of these table-order lines, those a phone payment already covers ("pay for my items"): its
 * payment pending, authorized or completed and not refunded in full. Failed, canceled and fully
 * refunded payments free their lines.
 */
export async function takenLineIds(
  db: Executor,
  tenantId: string,
  by: { lineIds: readonly string[] } | { qrOrderId: string },
): Promise<string[]> {
  let q = db
    .selectFrom('qr_payment_lines as l')
    .innerJoin('payments as p', (j) =>
      j.onRef('p.tenant_id', '=', 'l.tenant_id').onRef('p.id', '=', 'l.payment_id'),
    )
    .select('l.line_id')
    .distinct()
    .where('l.tenant_id', '=', tenantId)
    .where('p.status', 'in', ['pending', 'authorized', 'completed'])
    .whereRef('p.refunded_amount', '<', 'p.amount');
  if ('lineIds' in by) {
    if (by.lineIds.length === 0) {
      return [];
    }
    q = q.where('l.line_id', 'in', [...by.lineIds]);
  } else {
    q = q.where('l.qr_order_id', '=', by.qrOrderId);
  }
  return (await q.execute()).map((r) => r.line_id);
}

/** Records the lines a phone payment covers. */
export async function insertPaymentLines(
  tx: Tx,
  tenantId: string,
  paymentId: string,
  qrOrderId: string,
  lineIds: readonly string[],
): Promise<void> {
  await tx
    .insertInto('qr_payment_lines')
    .values(
      [...new Set(lineIds)].map((lineId) => ({
        tenant_id: tenantId,
        payment_id: paymentId,
        line_id: lineId,
        qr_order_id: qrOrderId,
      })),
    )
    .execute();
}
