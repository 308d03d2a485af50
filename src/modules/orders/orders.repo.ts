import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { precompiled, precompiledRows } from '../../platform/db/precompiled.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import type { LineChange, LineFigures, LineRow, NewLineRow, OrderChange, OrderRow } from './order-record.ts';

/* Every order query: typed rows in (built by order-record.ts), typed rows out, tenant in every where. */

/** Whether an order with this id exists (visible to this transaction). */
export async function orderExists(db: Executor, tenantId: string, id: string): Promise<boolean> {
  return (await orderRow(db, tenantId, id)).length > 0;
}

/** An order row, locked for update when `lock` (every mutation locks before it reads). */
export async function getOrderRow(
  db: Executor,
  tenantId: string,
  id: string,
  lock = false,
): Promise<OrderRow> {
  const [row] = await (lock ? orderRowForUpdate : orderRow)(db, tenantId, id);
  if (!row) {
    throw notFound('orders', id);
  }
  return row;
}

/** Read (and locked) by every order mutation: built and compiled once (platform/db/precompiled). */
const orderRow = precompiled((db: Executor, tenantId: string, id: string) =>
  db.selectFrom('orders').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id),
);
const orderRowForUpdate = precompiled(orderRowForUpdateQuery);

/**
 * An order row locked for update, as a query another module may extend with what it reads beside
 * the order in the same statement (scalar subqueries: a payment's terms) — one round trip.
 */
export function orderRowForUpdateQuery(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('orders')
    .selectAll('orders')
    .where('orders.tenant_id', '=', tenantId)
    .where('orders.id', '=', id)
    .forUpdate('orders');
}

export function getLineRows(db: Executor, tenantId: string, orderId: string): Promise<LineRow[]> {
  return db
    .selectFrom('order_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('position')
    .execute();
}

/** One active (not voided) line of an order; 404 `order_lines.not_found` otherwise. */
export async function getActiveLine(
  db: Executor,
  tenantId: string,
  orderId: string,
  lineId: string,
): Promise<LineRow> {
  const line = await db
    .selectFrom('order_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('id', '=', lineId)
    .executeTakeFirst();
  if (!line || line.status !== 'active') {
    throw new AppError('order_lines.not_found', 'No such active line on this order.', { id: lineId });
  }
  return line;
}

export interface OrderListFilter {
  status?: string;
  outletId?: string;
  registerId?: string;
  from?: string;
  to?: string;
  number?: number;
  businessDate?: string;
  outletIds: readonly string[] | null;
  cursor?: { createdAt: Date; id: string };
  limit: number;
}

/** Newest first, keyset-paginated on (created_at, id). */
export async function listOrderRows(db: Executor, tenantId: string, f: OrderListFilter) {
  let q = db.selectFrom('orders').selectAll().where('tenant_id', '=', tenantId);
  if (f.outletIds) {
    q = f.outletIds.length ? q.where('outlet_id', 'in', [...f.outletIds]) : q.where(sql<boolean>`false`);
  }
  if (f.status) {
    q = q.where('status', '=', f.status);
  }
  if (f.outletId) {
    q = q.where('outlet_id', '=', f.outletId);
  }
  if (f.registerId) {
    q = q.where('register_id', '=', f.registerId);
  }
  if (f.from) {
    q = q.where('created_at', '>=', new Date(f.from));
  }
  if (f.to) {
    q = q.where('created_at', '<', new Date(f.to));
  }
  if (f.number !== undefined) {
    q = q.where('number', '=', f.number);
  }
  if (f.businessDate) {
    q = q.where('business_date', '=', f.businessDate);
  }
  if (f.cursor) {
    const { createdAt, id } = f.cursor;
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', createdAt),
        eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)]),
      ]),
    );
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

/** Writes the figures of many lines in one statement (UPDATE … FROM VALUES). */
export async function writeLineFigures(
  tx: Tx,
  tenantId: string,
  lines: (LineFigures & { id: string })[],
): Promise<void> {
  if (lines.length === 0) {
    return;
  }
  const values = sql.join(
    lines.map(
      (l) =>
        sql`(${l.id}::uuid, ${l.gross}::bigint, ${l.item_discount}::bigint, ${l.order_discount}::bigint, ${l.net}::bigint, ${l.service_charge}::bigint, ${l.service_charge_tax}::bigint, ${l.tax_inclusive}::bigint, ${l.tax_exclusive}::bigint, ${l.total}::bigint)`,
    ),
  );
  await sql`
    update order_lines as l set
      gross = v.gross, item_discount = v.item_discount, order_discount = v.order_discount, net = v.net,
      service_charge = v.service_charge, service_charge_tax = v.service_charge_tax,
      tax_inclusive = v.tax_inclusive, tax_exclusive = v.tax_exclusive, total = v.total
    from (values ${values}) as v(id, gross, item_discount, order_discount, net, service_charge, service_charge_tax, tax_inclusive, tax_exclusive, total)
    where l.tenant_id = ${tenantId} and l.id = v.id`.execute(tx);
}

/** Changes an order; with `fromStatus`, only while it is still in that status. The rows changed (0 or 1). */
export async function updateOrder(
  tx: Tx,
  tenantId: string,
  id: string,
  change: OrderChange,
  fromStatus?: string,
): Promise<number> {
  let q = tx.updateTable('orders').set(change).where('tenant_id', '=', tenantId).where('id', '=', id);
  if (fromStatus !== undefined) {
    q = q.where('status', '=', fromStatus);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Inserts lines; the rows inserted (a line whose id exists is skipped: compare the count). */
export function insertLines(tx: Tx, rows: NewLineRow[]): Promise<LineRow[]> {
  return insertLineRows(tx, rows);
}
/** Written by every order: built and compiled once per shape (platform/db/precompiled). */
const insertLineRows = precompiledRows((tx: Executor, rows: readonly NewLineRow[]) =>
  tx
    .insertInto('order_lines')
    .values(rows)
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .returningAll(),
);

/** Where the next line of an order goes (after its last, voided lines included). */
export async function nextLinePosition(db: Executor, tenantId: string, orderId: string): Promise<number> {
  const last = await db
    .selectFrom('order_lines')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  return (last?.max ?? -1) + 1;
}

/** Changes one line of an order. */
export async function updateLine(
  tx: Tx,
  tenantId: string,
  orderId: string,
  lineId: string,
  change: LineChange,
): Promise<void> {
  await tx
    .updateTable('order_lines')
    .set(change)
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('id', '=', lineId)
    .execute();
}

/** Marks the active lines not yet sent as sent; how many there were. */
export async function markLinesSent(tx: Tx, tenantId: string, orderId: string, at: Date): Promise<string[]> {
  const rows = await tx
    .updateTable('order_lines')
    .set({ sent_at: at })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'active')
    .where('sent_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Moves every line of an order (voided too) to the end of another (merging two orders). */
export async function mergeLines(
  tx: Tx,
  tenantId: string,
  fromOrderId: string,
  toOrderId: string,
  positionOffset: number,
  at: Date,
): Promise<number> {
  const r = await tx
    .updateTable('order_lines')
    .set((eb) => ({ order_id: toOrderId, position: eb('position', '+', positionOffset), updated_at: at }))
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', fromOrderId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Moves lines from one order to another (splitting a bill). */
export async function moveLines(
  tx: Tx,
  tenantId: string,
  fromOrderId: string,
  toOrderId: string,
  lineIds: string[],
  at: Date,
): Promise<void> {
  await tx
    .updateTable('order_lines')
    .set({ order_id: toOrderId, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', fromOrderId)
    .where('id', 'in', lineIds)
    .execute();
}

/** Active lines of an order with what each may still be refunded (quantity, and total). */
export async function refundableLines(db: Executor, tenantId: string, orderId: string) {
  return db
    .selectFrom('order_lines as l')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('refund_lines as rl')
          .innerJoin('refunds as r', (j) =>
            j.onRef('r.tenant_id', '=', 'rl.tenant_id').onRef('r.id', '=', 'rl.refund_id'),
          )
          .select(['rl.order_line_id', sql<string>`sum(rl.quantity)`.as('refunded_quantity')])
          .where('rl.tenant_id', '=', tenantId)
          .where('r.status', '<>', 'failed')
          .groupBy('rl.order_line_id')
          .as('done'),
      (j) => j.onRef('done.order_line_id', '=', 'l.id'),
    )
    .select([
      'l.id',
      'l.quantity',
      'l.total',
      sql<string>`coalesce(done.refunded_quantity, 0)`.as('refunded'),
    ])
    .where('l.tenant_id', '=', tenantId)
    .where('l.order_id', '=', orderId)
    .where('l.status', '=', 'active')
    .execute();
}
