import type { Executor } from '../../platform/db/db.ts';

/** Read-only queries for the kitchen's figures and the order-ready board. */

/** Every fired line of the outlet's tickets fired in [from, to), with its ticket's times. */
export function firedLines(db: Executor, tenantId: string, outletId: string, from: Date, to: Date) {
  return db
    .selectFrom('kitchen_ticket_lines as l')
    .innerJoin('kitchen_tickets as t', (j) =>
      j.onRef('t.tenant_id', '=', 'l.tenant_id').onRef('t.id', '=', 'l.ticket_id'),
    )
    .select([
      't.id as ticket_id',
      't.station_id',
      't.fired_at',
      't.bumped_at',
      't.status as ticket_status',
      'l.item_id',
      'l.name',
      'l.quantity',
      'l.status',
      'l.ready_at',
    ])
    .where('t.tenant_id', '=', tenantId)
    .where('t.outlet_id', '=', outletId)
    .where('t.fired_at', '>=', from)
    .where('t.fired_at', '<', to)
    .execute();
}

/** Lines still to make at the outlet (fired or held, not ready, not voided), any day. */
export function pendingLines(db: Executor, tenantId: string, outletId: string) {
  return db
    .selectFrom('kitchen_ticket_lines as l')
    .innerJoin('kitchen_tickets as t', (j) =>
      j.onRef('t.tenant_id', '=', 'l.tenant_id').onRef('t.id', '=', 'l.ticket_id'),
    )
    .select(['t.station_id', 't.status as ticket_status', 'l.item_id', 'l.name', 'l.quantity'])
    .where('t.tenant_id', '=', tenantId)
    .where('t.outlet_id', '=', outletId)
    .where('t.status', 'in', ['held', 'open'])
    .where('l.status', 'in', ['new', 'preparing'])
    .execute();
}

/** Tickets of the outlet not yet served, touched since `since` (the order-ready board). */
export function boardTickets(db: Executor, tenantId: string, outletId: string, since: Date) {
  return db
    .selectFrom('kitchen_tickets')
    .select(['order_id', 'order_number', 'table_ref', 'status', 'updated_at', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('outlet_id', '=', outletId)
    .where('status', 'in', ['open', 'bumped'])
    .where('updated_at', '>=', since)
    .orderBy('created_at')
    .execute();
}
