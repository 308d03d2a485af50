import type { Executor } from '../../platform/db/db.ts';
import type { EventInput } from '../../platform/events/events.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import type { TicketDto } from './kitchen.contracts.ts';
import * as stationsRepo from './stations.repo.ts';
import * as repo from './tickets.repo.ts';

/** Kitchen events, all on the `kitchen` topic, to the outlet's and the station's rooms. */
export const KITCHEN_EVENT_TYPES = [
  'kitchen.ticket.created',
  'kitchen.ticket.fired',
  'kitchen.ticket.updated',
  'kitchen.ticket.bumped',
  'kitchen.ticket.recalled',
  'kitchen.ticket.served',
] as const;
export type KitchenEventType = (typeof KITCHEN_EVENT_TYPES)[number];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A ticket as the API and its events show it (no prices: the kitchen never sees money). */
export function ticketDto(t: repo.TicketRow, stationKey: string, lines: repo.TicketLineRow[]): TicketDto {
  return {
    id: t.id,
    outletId: t.outlet_id,
    stationId: t.station_id,
    stationKey,
    orderId: t.order_id,
    orderNumber: t.order_number,
    tableRef: t.table_ref,
    sentBy: t.sent_by,
    course: t.course,
    status: t.status as TicketDto['status'],
    rush: t.rush,
    createdAt: t.created_at.toISOString(),
    firedAt: iso(t.fired_at),
    bumpedAt: iso(t.bumped_at),
    servedAt: iso(t.served_at),
    lines: lines.map((l) => ({
      lineId: l.line_id,
      itemId: l.item_id,
      name: l.name,
      variantName: l.variant_name,
      quantity: l.quantity,
      modifiers: (l.modifiers as { groupName: string; name: string }[]).map((m) => ({
        groupName: m.groupName,
        name: m.name,
      })),
      notes: l.notes,
      seat: l.seat,
      course: l.course,
      status: l.status as TicketDto['lines'][number]['status'],
      readyAt: iso(l.ready_at),
    })),
  };
}

/** Tickets by id with their lines and station keys, in arrival order. */
export async function loadTickets(
  db: Executor,
  tenantId: string,
  ids: readonly string[],
): Promise<TicketDto[]> {
  return dtosOf(db, tenantId, await repo.ticketsByIds(db, tenantId, ids));
}

export async function dtosOf(db: Executor, tenantId: string, rows: repo.TicketRow[]): Promise<TicketDto[]> {
  if (rows.length === 0) {
    return [];
  }
  const lines = await repo.ticketLines(
    db,
    tenantId,
    rows.map((r) => r.id),
  );
  const keys = new Map<string, string>();
  for (const id of new Set(rows.map((r) => r.station_id))) {
    keys.set(id, (await stationsRepo.getStation(db, tenantId, id)).key);
  }
  return rows.map((r) =>
    ticketDto(
      r,
      keys.get(r.station_id) ?? '',
      lines.filter((l) => l.ticket_id === r.id),
    ),
  );
}

/** A kitchen event carrying the whole ticket, so a display can replace its copy. */
export function ticketEvent(type: KitchenEventType, t: TicketDto): EventInput {
  return {
    type,
    version: 1,
    topic: 'kitchen',
    outletId: t.outletId,
    orderId: t.orderId,
    station: t.stationKey,
    payload: { ...t },
  };
}

/** Loads the tickets and emits one event of `type` for each. */
export async function emitTickets(
  db: Executor,
  ctx: ServiceContext,
  type: KitchenEventType,
  ids: readonly string[],
): Promise<TicketDto[]> {
  const tickets = await loadTickets(db, ctx.tenantId, ids);
  for (const t of tickets) {
    ctx.emit(ticketEvent(type, t));
  }
  return tickets;
}
