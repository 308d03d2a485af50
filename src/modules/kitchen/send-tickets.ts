import type { Insertable } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Tx } from '../../platform/db/db.ts';
import type { KitchenTicketLines, KitchenTickets } from '../../platform/db/schema.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { newId } from '../../platform/ids/ids.ts';
import type { ItemsService } from '../catalog/index.ts';
import type { OrderDto, OrderHooks } from '../orders/index.ts';
import { courseSplit } from './kitchen-state.ts';
import * as stationsRepo from './stations.repo.ts';
import { emitTickets } from './ticket-record.ts';
import * as repo from './tickets.repo.ts';

type OrderLine = OrderDto['lines'][number];

/** Where a line goes and in which course: its item's rule, else its category's, else the default station. */
export function routeLines(
  lines: readonly OrderLine[],
  categoryOf: ReadonlyMap<string, string | null>,
  routes: readonly stationsRepo.RouteRow[],
  defaultStationId: string | null,
): { line: OrderLine; stationId: string; course: number | null }[] {
  const byItem = new Map(routes.filter((r) => r.item_id).map((r) => [r.item_id!, r]));
  const byCategory = new Map(routes.filter((r) => r.category_id).map((r) => [r.category_id!, r]));
  const out = [];
  for (const line of lines) {
    const category = categoryOf.get(line.itemId) ?? null;
    const itemRule = byItem.get(line.itemId);
    const categoryRule = category ? byCategory.get(category) : undefined;
    const stationId = itemRule?.station_id ?? categoryRule?.station_id ?? defaultStationId;
    if (stationId) {
      out.push({ line, stationId, course: line.course ?? itemRule?.course ?? categoryRule?.course ?? null });
    }
  }
  return out;
}

/**
 * The kitchen's side of an order's transaction: ticketing sent lines (one ticket per station, and
 * per held course), a void after sending, a merge, and firing a held course.
 */
export function createTicketing(deps: { clock: Clock; items: ItemsService }) {
  const { clock, items } = deps;

  const hooks: Required<OrderHooks> = {
    async linesSent(tx: Tx, ctx: ServiceContext, order: OrderDto, lineIds: string[]) {
      const wanted = new Set(lineIds);
      const lines = order.lines.filter((l) => wanted.has(l.id));
      const stations = await stationsRepo.listStations(tx, ctx.tenantId, [order.outletId]);
      if (lines.length === 0 || stations.length === 0) {
        return;
      }
      const routes = await stationsRepo.listRoutes(tx, ctx.tenantId, [order.outletId]);
      const found = await items.loadItems(tx, ctx.tenantId, {
        ids: [...new Set(lines.map((l) => l.itemId))],
      });
      const categoryOf = new Map(found.map((i) => [i.id, i.categoryId]));
      // A cook needs the variant only when the item has a choice of them ("Large"), not "Regular".
      const hasChoice = new Set(found.filter((i) => i.variants.length > 1).map((i) => i.id));
      const routed = routeLines(lines, categoryOf, routes, stations.find((s) => s.is_default)?.id ?? null);
      if (routed.length === 0) {
        return;
      }
      const ko = await repo.lockKitchenOrder(tx, {
        tenantId: ctx.tenantId,
        orderId: order.id,
        outletId: order.outletId,
        orderNumber: order.number,
      });
      const split = courseSplit(
        ko?.fired_course ?? 0,
        routed.map((r) => r.course),
      );
      if (split.fired > (ko?.fired_course ?? 0)) {
        await repo.setFiredCourse(tx, ctx.tenantId, order.id, split.fired);
      }
      const now = clock.now();
      const groups = new Map<
        string,
        { stationId: string; course: number | null; held: boolean; lines: typeof routed }
      >();
      for (const r of routed) {
        const held = split.held(r.course);
        const key = `${r.stationId}|${held ? r.course : 'now'}`;
        const g = groups.get(key) ?? {
          stationId: r.stationId,
          course: held ? r.course : null,
          held,
          lines: [],
        };
        g.lines.push(r);
        groups.set(key, g);
      }
      const tickets: Insertable<KitchenTickets>[] = [];
      const ticketLines: Insertable<KitchenTicketLines>[] = [];
      for (const g of groups.values()) {
        const id = newId();
        tickets.push({
          tenant_id: ctx.tenantId,
          id,
          outlet_id: order.outletId,
          station_id: g.stationId,
          order_id: order.id,
          order_number: order.number,
          table_ref: order.tableRef,
          sent_by: ctx.principal.kind === 'user' ? (ctx.principal.name ?? null) : null,
          course: g.course,
          status: g.held ? 'held' : 'open',
          created_at: now,
          fired_at: g.held ? null : now,
          updated_at: now,
        });
        g.lines.forEach(({ line, course }, position) =>
          ticketLines.push({
            tenant_id: ctx.tenantId,
            ticket_id: id,
            line_id: line.id,
            position,
            item_id: line.itemId,
            name: line.name,
            variant_name: hasChoice.has(line.itemId) ? line.variantName : null,
            quantity: line.quantity,
            modifiers: JSON.stringify(line.modifiers.map((m) => ({ groupName: m.groupName, name: m.name }))),
            notes: line.notes,
            seat: line.seat,
            course,
            status: 'new',
            updated_at: now,
          }),
        );
      }
      await repo.insertTickets(tx, tickets, ticketLines);
      await emitTickets(
        tx,
        ctx,
        'kitchen.ticket.created',
        tickets.map((t) => t.id),
      );
    },

    async lineVoided(tx: Tx, ctx: ServiceContext, _order: OrderDto, lineId: string) {
      const touched = await repo.voidLine(tx, ctx.tenantId, lineId, clock.now());
      await emitTickets(tx, ctx, 'kitchen.ticket.updated', touched);
    },

    async ordersMerged(tx: Tx, ctx: ServiceContext, from: OrderDto, into: OrderDto) {
      const now = clock.now();
      const moved = await repo.reassignOrder(
        tx,
        ctx.tenantId,
        from.id,
        { orderId: into.id, orderNumber: into.number, tableRef: into.tableRef },
        now,
      );
      const fromKo = await repo.findKitchenOrder(tx, ctx.tenantId, from.id);
      if (fromKo) {
        await repo.lockKitchenOrder(tx, {
          tenantId: ctx.tenantId,
          orderId: into.id,
          outletId: into.outletId,
          orderNumber: into.number,
        });
        await repo.setFiredCourse(tx, ctx.tenantId, into.id, fromKo.fired_course);
      }
      await emitTickets(tx, ctx, 'kitchen.ticket.updated', moved);
    },
  };
  return hooks;
}
