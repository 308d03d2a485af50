import type { Clock } from '../../platform/clock/clock.ts';
import type { Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { assertOutletAccess } from '../identity/index.ts';
import { requireOutlet } from '../tenancy/index.ts';
import type { OrderDto, OrdersService } from '../orders/index.ts';
import type { FloorPlanService } from './floor-plan.service.ts';
import { tabDto, tableEvent } from './floor-record.ts';
import { tabEvent } from './floor-record.ts';
import * as repo from './floor.repo.ts';

const occupied = (name: string) =>
  new AppError('tables.conflict', `Table ${name} has an open order: merge the tables instead.`);

/**
 * Who sits where: open a table (atomic: the table's row lock), named tabs, move an order to
 * another table, merge two tables, ask for the bill, split by seat. Orders are created and changed
 * only through the orders module's use cases.
 */
export function createSeatingService(deps: { clock: Clock; orders: OrdersService; plan: FloorPlanService }) {
  const { clock, orders, plan } = deps;

  /** Locks tables in id order (two waiters moving between the same two tables cannot deadlock). */
  async function lockTables(tx: Tx, ctx: ServiceContext, ids: string[]) {
    const rows = new Map<string, repo.TableRow>();
    for (const id of [...new Set(ids)].sort()) {
      const t = await repo.getTable(tx, ctx.tenantId, id, true);
      assertOutletAccess(ctx, t.outlet_id);
      rows.set(id, t);
    }
    return rows;
  }

  async function emitTables(tx: Tx, ctx: ServiceContext, tables: repo.TableRow[]) {
    const out = [];
    for (const t of tables) {
      const dto = await plan.currentTable(tx, ctx, t);
      ctx.emit(tableEvent(dto));
      out.push(dto);
    }
    return out;
  }

  /** The floor record of an order still open or sent (404 when it is not on the floor). */
  async function liveSeat(tx: Tx, ctx: ServiceContext, orderId: string) {
    const [live] = await repo.liveOrders(tx, ctx.tenantId, { orderId });
    if (!live) {
      throw new AppError('floor_orders.not_found', 'This order is not open at a table or on a tab.', {
        orderId,
      });
    }
    assertOutletAccess(ctx, live.outlet_id);
    return live;
  }

  async function emitSeat(tx: Tx, ctx: ServiceContext, seat: repo.LiveOrderRow) {
    if (seat.table_id) {
      return (await emitTables(tx, ctx, [await repo.getTable(tx, ctx.tenantId, seat.table_id)]))[0]!;
    }
    const [now] = await repo.liveOrders(tx, ctx.tenantId, { orderId: seat.order_id });
    if (now) {
      ctx.emit(tabEvent(now.outlet_id, tabDto(now)));
    }
    return null;
  }

  return {
    /**
     * Opens a table: returns its open order, or creates one. The table's row is locked first, so
     * twenty devices opening one free table at once get one order (the others get it back).
     */
    async openTable(
      tx: Tx,
      ctx: ServiceContext,
      tableId: string,
      input: { guestCount?: number; orderId?: string },
    ) {
      const t = (await lockTables(tx, ctx, [tableId])).get(tableId)!;
      if (t.archived_at) {
        throw new AppError('tables.conflict', 'This table is no longer on the plan.');
      }
      const [live] = await repo.liveOrders(tx, ctx.tenantId, { tableIds: [tableId] });
      if (live) {
        return {
          created: false,
          table: await plan.currentTable(tx, ctx, t),
          order: await orders.get(tx, ctx, live.order_id),
        };
      }
      const order = await orders.create(tx, ctx, {
        ...(input.orderId ? { id: input.orderId } : {}),
        outletId: t.outlet_id,
        diningOption: 'dine_in',
        tableRef: t.name,
        guestCount: input.guestCount ?? null,
        lines: [],
      });
      await repo.insertFloorOrder(tx, {
        tenant_id: ctx.tenantId,
        order_id: order.id,
        outlet_id: t.outlet_id,
        table_id: t.id,
        opened_at: clock.now(),
      });
      const [table] = await emitTables(tx, ctx, [t]);
      return { created: true, table: table!, order };
    },

    /** Opens a named tab (an order at no table, e.g. at the bar). */
    async openTab(
      tx: Tx,
      ctx: ServiceContext,
      input: { outletId: string; name: string; guestCount?: number },
    ) {
      await requireOutlet(tx, ctx, input.outletId);
      const order = await orders.create(tx, ctx, {
        outletId: input.outletId,
        diningOption: 'dine_in',
        customerName: input.name,
        guestCount: input.guestCount ?? null,
        lines: [],
      });
      await repo.insertFloorOrder(tx, {
        tenant_id: ctx.tenantId,
        order_id: order.id,
        outlet_id: input.outletId,
        tab_name: input.name,
        opened_at: clock.now(),
      });
      await emitSeat(tx, ctx, (await repo.liveOrders(tx, ctx.tenantId, { orderId: order.id }))[0]!);
      return { order, table: null };
    },

    /** Moves an open order (from a table, a tab, or no seat yet) to a free table. */
    async moveOrder(tx: Tx, ctx: ServiceContext, orderId: string, tableId: string) {
      const current = await orders.get(tx, ctx, orderId);
      if (current.status !== 'open' && current.status !== 'sent') {
        throw new AppError('orders.not_editable', `A ${current.status} order cannot move.`);
      }
      const seat = await repo.findFloorOrder(tx, ctx.tenantId, orderId);
      const locked = await lockTables(tx, ctx, [tableId, ...(seat?.table_id ? [seat.table_id] : [])]);
      const target = locked.get(tableId)!;
      if (target.outlet_id !== current.outletId || target.archived_at) {
        throw new AppError('floor.invalid', 'Move to a table of the same outlet.', { field: 'tableId' });
      }
      if (seat?.table_id === tableId) {
        return { order: current, table: await plan.currentTable(tx, ctx, target) };
      }
      if ((await repo.liveOrders(tx, ctx.tenantId, { tableIds: [tableId] })).length) {
        throw occupied(target.name);
      }
      if (seat) {
        await repo.updateFloorOrder(tx, ctx.tenantId, [orderId], { table_id: tableId, tab_name: null });
      } else {
        await repo.insertFloorOrder(tx, {
          tenant_id: ctx.tenantId,
          order_id: orderId,
          outlet_id: target.outlet_id,
          table_id: tableId,
          opened_at: clock.now(),
        });
      }
      const order = await orders.updateHeader(tx, ctx, orderId, { tableRef: target.name });
      const tables = await emitTables(tx, ctx, [...locked.values()]);
      return { order, table: tables.find((t) => t.id === tableId)! };
    },

    /**
     * Merges a table into another: every open order of `tableId` is merged into the oldest open
     * order of `intoTableId` (lines, totals and kitchen tickets follow; the emptied orders are
     * canceled "merged into N").
     */
    async mergeTables(tx: Tx, ctx: ServiceContext, tableId: string, intoTableId: string) {
      if (tableId === intoTableId) {
        throw new AppError('floor.invalid', 'A table cannot be merged into itself.', {
          field: 'intoTableId',
        });
      }
      const locked = await lockTables(tx, ctx, [tableId, intoTableId]);
      const [from, into] = [locked.get(tableId)!, locked.get(intoTableId)!];
      const sources = await repo.liveOrders(tx, ctx.tenantId, { tableIds: [tableId] });
      const [target] = await repo.liveOrders(tx, ctx.tenantId, { tableIds: [intoTableId] });
      if (!sources.length || !target) {
        throw new AppError('tables.conflict', 'Both tables need an open order to merge.');
      }
      const canceled: OrderDto[] = [];
      let order: OrderDto | undefined;
      for (const s of sources) {
        const merged = await orders.merge(tx, ctx, s.order_id, target.order_id);
        canceled.push(merged.from);
        order = merged.into;
      }
      const tables = await emitTables(tx, ctx, [from, into]);
      return { order: order!, canceled, tables };
    },

    /** The guests asked for the bill: the table shows it (until the order is paid or reopened). */
    async requestBill(tx: Tx, ctx: ServiceContext, orderId: string) {
      const seat = await liveSeat(tx, ctx, orderId);
      if (seat.table_id) {
        await lockTables(tx, ctx, [seat.table_id]);
      }
      await repo.updateFloorOrder(tx, ctx.tenantId, [orderId], { bill_requested_at: clock.now() });
      const table = await emitSeat(tx, ctx, seat);
      return { order: await orders.get(tx, ctx, orderId), table };
    },

    /** One order per seat: each seat's lines but the first seat's move to a new order at the same place. */
    async splitBySeat(tx: Tx, ctx: ServiceContext, orderId: string) {
      const seat = await liveSeat(tx, ctx, orderId);
      if (seat.table_id) {
        await lockTables(tx, ctx, [seat.table_id]);
      }
      const order = await orders.get(tx, ctx, orderId);
      const seats = [
        ...new Set(order.lines.filter((l) => l.status === 'active' && l.seat !== null).map((l) => l.seat!)),
      ].sort((a, b) => a - b);
      if (seats.length < 2) {
        throw new AppError(
          'floor.conflict',
          'Only an order with lines for two seats or more can be split by seat.',
        );
      }
      const result: OrderDto[] = [];
      for (const s of seats.slice(1)) {
        const lineIds = order.lines.filter((l) => l.status === 'active' && l.seat === s).map((l) => l.id);
        const { created } = await orders.splitByLines(tx, ctx, orderId, { lineIds });
        await repo.insertFloorOrder(tx, {
          tenant_id: ctx.tenantId,
          order_id: created.id,
          outlet_id: seat.outlet_id,
          table_id: seat.table_id,
          tab_name: seat.tab_name,
          bill_requested_at: seat.bill_requested_at,
          opened_at: clock.now(),
        });
        result.push(created);
      }
      await emitSeat(tx, ctx, seat);
      return { orders: [await orders.get(tx, ctx, orderId), ...result] };
    },
  };
}
export type SeatingService = ReturnType<typeof createSeatingService>;
