import type { Insertable, Selectable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { KitchenTicketLines, KitchenTickets } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { TicketLineStatus } from './kitchen-state.ts';

export type TicketRow = Selectable<KitchenTickets>;
export type TicketLineRow = Selectable<KitchenTicketLines>;

/** The order's kitchen row, locked (created on its first send): the fired course lives here. */
export async function lockKitchenOrder(
  tx: Tx,
  o: { tenantId: string; orderId: string; outletId: string; orderNumber: number },
) {
  await tx
    .insertInto('kitchen_orders')
    .values({
      tenant_id: o.tenantId,
      order_id: o.orderId,
      outlet_id: o.outletId,
      order_number: o.orderNumber,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'order_id']).doNothing())
    .execute();
  return findKitchenOrder(tx, o.tenantId, o.orderId, true);
}

export async function findKitchenOrder(db: Executor, tenantId: string, orderId: string, lock = false) {
  let q = db
    .selectFrom('kitchen_orders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId);
  if (lock) {
    q = q.forUpdate();
  }
  return q.executeTakeFirst();
}

export async function setFiredCourse(
  tx: Tx,
  tenantId: string,
  orderId: string,
  course: number,
): Promise<void> {
  await tx
    .updateTable('kitchen_orders')
    .set((eb) => ({ fired_course: eb.fn('greatest', [eb.ref('fired_course'), eb.val(course)]) }))
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .execute();
}

export async function insertTickets(
  tx: Tx,
  tickets: Insertable<KitchenTickets>[],
  lines: Insertable<KitchenTicketLines>[],
): Promise<void> {
  if (tickets.length === 0) {
    return;
  }
  await tx.insertInto('kitchen_tickets').values(tickets).execute();
  await tx.insertInto('kitchen_ticket_lines').values(lines).execute();
}

export async function getTicket(db: Executor, tenantId: string, id: string): Promise<TicketRow> {
  const row = await db
    .selectFrom('kitchen_tickets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('kitchen_tickets.not_found', 'No such kitchen ticket.', { id });
  }
  return row;
}

export async function ticketLines(db: Executor, tenantId: string, ticketIds: readonly string[]) {
  if (ticketIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('kitchen_ticket_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', 'in', [...ticketIds])
    .orderBy('position')
    .execute();
}

export async function ticketsByIds(db: Executor, tenantId: string, ids: readonly string[]) {
  if (ids.length === 0) {
    return [];
  }
  return db
    .selectFrom('kitchen_tickets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export interface TicketFilter {
  outletIds: readonly string[] | null;
  outletId?: string | undefined;
  stationId?: string | undefined;
  orderId?: string | undefined;
  statuses: readonly string[];
  after?: { createdAt: Date; id: string } | undefined;
  limit: number;
}

/** Tickets in arrival order (created_at, id), keyset-paged. */
export function listTickets(db: Executor, tenantId: string, f: TicketFilter) {
  let q = db
    .selectFrom('kitchen_tickets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', [...f.statuses]);
  if (f.outletIds) {
    q = f.outletIds.length ? q.where('outlet_id', 'in', [...f.outletIds]) : q.where((eb) => eb.val(false));
  }
  if (f.outletId) {
    q = q.where('outlet_id', '=', f.outletId);
  }
  if (f.stationId) {
    q = q.where('station_id', '=', f.stationId);
  }
  if (f.orderId) {
    q = q.where('order_id', '=', f.orderId);
  }
  if (f.after) {
    const { createdAt, id } = f.after;
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '>', createdAt),
        eb.and([eb('created_at', '=', createdAt), eb('id', '>', id)]),
      ]),
    );
  }
  return q.orderBy('created_at').orderBy('id').limit(f.limit).execute();
}

/** Guarded status change: only while the ticket is in `from`. The rows changed (0 or 1). */
export async function moveTicket(
  tx: Tx,
  tenantId: string,
  id: string,
  from: string,
  change: {
    status: string;
    bumped_at?: Date | null;
    served_at?: Date | null;
    fired_at?: Date;
    updated_at: Date;
  },
): Promise<number> {
  const r = await tx
    .updateTable('kitchen_tickets')
    .set(change)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The station's most recently bumped ticket (to recall). */
export async function lastBumped(tx: Tx, tenantId: string, stationId: string) {
  return tx
    .selectFrom('kitchen_tickets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('station_id', '=', stationId)
    .where('status', '=', 'bumped')
    .orderBy('bumped_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Lines of a ticket in one of `from` move to `to` (ready lines get their ready time once). */
export async function moveLines(
  tx: Tx,
  tenantId: string,
  ticketId: string,
  from: readonly TicketLineStatus[],
  to: TicketLineStatus,
  at: Date,
  lineId?: string,
): Promise<number> {
  let q = tx
    .updateTable('kitchen_ticket_lines')
    .set((eb) => ({
      status: to,
      updated_at: at,
      ready_at:
        to === 'ready' ? eb.fn.coalesce('ready_at', eb.val(at)) : to === 'served' ? eb.ref('ready_at') : null,
    }))
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', ticketId)
    .where('status', 'in', [...from]);
  if (lineId) {
    q = q.where('line_id', '=', lineId);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Marks an order line voided on every ticket it is on; the tickets touched. */
export async function voidLine(tx: Tx, tenantId: string, lineId: string, at: Date): Promise<string[]> {
  const rows = await tx
    .updateTable('kitchen_ticket_lines')
    .set({ status: 'voided', updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('line_id', '=', lineId)
    .where('status', '!=', 'voided')
    .returning('ticket_id')
    .execute();
  return rows.map((r) => r.ticket_id);
}

/** Held tickets of an order up to a course become open (fired); the tickets fired. */
export async function fireHeld(tx: Tx, tenantId: string, orderId: string, course: number, at: Date) {
  const rows = await tx
    .updateTable('kitchen_tickets')
    .set({ status: 'open', fired_at: at, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'held')
    .where('course', '<=', course)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Tickets of one order follow it into another (a merge); the tickets moved. */
export async function reassignOrder(
  tx: Tx,
  tenantId: string,
  fromOrderId: string,
  into: { orderId: string; orderNumber: number; tableRef: string | null },
  at: Date,
): Promise<string[]> {
  const rows = await tx
    .updateTable('kitchen_tickets')
    .set({ order_id: into.orderId, order_number: into.orderNumber, table_ref: into.tableRef, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', fromOrderId)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Rush flag on an order's tickets not yet served; the tickets changed. */
export async function setRush(tx: Tx, tenantId: string, orderId: string, rush: boolean, at: Date) {
  const rows = await tx
    .updateTable('kitchen_tickets')
    .set({ rush, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('status', 'in', ['held', 'open', 'bumped'])
    .where('rush', '!=', rush)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function touchTicket(tx: Tx, tenantId: string, id: string, at: Date): Promise<void> {
  await tx
    .updateTable('kitchen_tickets')
    .set({ updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}
