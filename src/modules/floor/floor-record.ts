import type { EventInput } from '../../platform/events/events.ts';
import type { TableDto } from './floor.contracts.ts';
import type { LiveOrderRow, TableRow } from './floor.repo.ts';

export type TableStatus = TableDto['status'];

/**
 * A table's status from the orders seated at it that are still open or sent: free when none,
 * bill requested when every one asked for the bill, occupied otherwise.
 */
export function tableStatus(live: readonly { bill_requested_at: Date | null }[]): TableStatus {
  if (live.length === 0) {
    return 'free';
  }
  return live.every((o) => o.bill_requested_at !== null) ? 'bill_requested' : 'occupied';
}

const seated = (o: LiveOrderRow) => ({
  orderId: o.order_id,
  number: o.number,
  status: o.status,
  guestCount: o.guest_count,
  openedAt: o.opened_at.toISOString(),
  billRequestedAt: o.bill_requested_at ? o.bill_requested_at.toISOString() : null,
});

/** A table on the plan with its status and open orders. */
export function tableDto(t: TableRow, live: readonly LiveOrderRow[]): TableDto {
  const mine = live.filter((o) => o.table_id === t.id);
  return {
    id: t.id,
    outletId: t.outlet_id,
    floorId: t.floor_id,
    name: t.name,
    seats: t.seats,
    shape: t.shape as TableDto['shape'],
    x: t.x,
    y: t.y,
    width: t.width,
    height: t.height,
    status: tableStatus(mine),
    orders: mine.map(seated),
  };
}

export function tabDto(o: LiveOrderRow) {
  return { name: o.tab_name ?? '', ...seated(o) };
}

/** `table.status_changed` (topic `floor`): the table as it is now, to the outlet's room. */
export function tableEvent(t: TableDto): EventInput {
  return {
    type: 'table.status_changed',
    version: 1,
    topic: 'floor',
    outletId: t.outletId,
    payload: { ...t },
  };
}

/** `tab.changed` (topic `floor`): a named tab opened, split or asked for the bill. */
export function tabEvent(outletId: string, tab: ReturnType<typeof tabDto>): EventInput {
  return {
    type: 'tab.changed',
    version: 1,
    topic: 'floor',
    outletId,
    orderId: tab.orderId,
    payload: { ...tab },
  };
}
