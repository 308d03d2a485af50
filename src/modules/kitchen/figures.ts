import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { requireOutlet } from '../tenancy/index.ts';
import { percentile } from './kitchen-state.ts';
import * as figuresRepo from './figures.repo.ts';
import * as stationsRepo from './stations.repo.ts';

const DAY_MS = 86_400_000;
/** A ready order stays on the board this long unless served earlier. */
const BOARD_READY_MS = 15 * 60_000;

const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;
const avg = (v: number[]) =>
  v.length ? Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 10) / 10 : null;
const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** The kitchen's figures (preparation times, late tickets, all-day counts) and the ready board. */
export function createKitchenFigures(deps: { clock: Clock }) {
  const { clock } = deps;

  return {
    async figures(db: Executor, ctx: ServiceContext, q: { outletId: string; from?: string; to?: string }) {
      await requireOutlet(db, ctx, q.outletId);
      const to = q.to ? new Date(q.to) : clock.now();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - DAY_MS);
      if (from >= to) {
        throw new AppError('kitchen.invalid', '`from` must be before `to`.', { field: 'from' });
      }
      const now = clock.now();
      const stations = (await stationsRepo.listStations(db, ctx.tenantId, [q.outletId])).filter(
        (s) => s.outlet_id === q.outletId,
      );
      const lines = await figuresRepo.firedLines(db, ctx.tenantId, q.outletId, from, to);
      const perItem = new Map<
        string,
        { stationId: string; itemId: string; name: string; times: number[]; lines: number }
      >();
      const tickets = new Map<string, { stationId: string; fired: Date; bumped: Date | null }>();
      for (const l of lines) {
        tickets.set(l.ticket_id, { stationId: l.station_id, fired: l.fired_at!, bumped: l.bumped_at });
        if (l.status === 'voided') {
          continue;
        }
        const key = `${l.station_id}|${l.item_id}`;
        const e = perItem.get(key) ?? {
          stationId: l.station_id,
          itemId: l.item_id,
          name: l.name,
          times: [],
          lines: 0,
        };
        e.lines += 1;
        if (l.ready_at) {
          e.times.push(seconds(l.fired_at!, l.ready_at));
        }
        perItem.set(key, e);
      }
      const pending = await figuresRepo.pendingLines(db, ctx.tenantId, q.outletId);
      const allDay = new Map<
        string,
        { stationId: string; itemId: string; name: string; pending: number; held: number }
      >();
      for (const l of pending) {
        const key = `${l.station_id}|${l.item_id}`;
        const e = allDay.get(key) ?? {
          stationId: l.station_id,
          itemId: l.item_id,
          name: l.name,
          pending: 0,
          held: 0,
        };
        e.pending += l.quantity;
        e.held += l.ticket_status === 'held' ? l.quantity : 0;
        allDay.set(key, e);
      }
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        items: [...perItem.values()].map((e) => ({
          stationId: e.stationId,
          itemId: e.itemId,
          name: e.name,
          lines: e.lines,
          avgSeconds: avg(e.times),
          p90Seconds: round(percentile(e.times, 0.9)),
        })),
        stations: stations.map((s) => {
          const mine = [...tickets.values()].filter((t) => t.stationId === s.id);
          const times = mine.filter((t) => t.bumped).map((t) => seconds(t.fired, t.bumped!));
          const late = mine.filter((t) => seconds(t.fired, t.bumped ?? now) > s.late_after_seconds).length;
          return {
            stationId: s.id,
            name: s.name,
            lateAfterSeconds: s.late_after_seconds,
            tickets: mine.length,
            late,
            avgSeconds: avg(times),
            p90Seconds: round(percentile(times, 0.9)),
          };
        }),
        allDay: [...allDay.values()].sort((a, b) => b.pending - a.pending),
      };
    },

    /** Order numbers preparing (a ticket open) and ready (every fired ticket bumped, not served). */
    async board(db: Executor, ctx: ServiceContext, outletId: string) {
      await requireOutlet(db, ctx, outletId);
      const rows = await figuresRepo.boardTickets(
        db,
        ctx.tenantId,
        outletId,
        new Date(clock.now().getTime() - DAY_MS),
      );
      const orders = new Map<
        string,
        { orderId: string; orderNumber: number; tableRef: string | null; open: boolean; last: Date }
      >();
      for (const r of rows) {
        const o = orders.get(r.order_id) ?? {
          orderId: r.order_id,
          orderNumber: r.order_number,
          tableRef: r.table_ref,
          open: false,
          last: r.updated_at,
        };
        o.open ||= r.status === 'open';
        o.last = r.updated_at > o.last ? r.updated_at : o.last;
        orders.set(r.order_id, o);
      }
      const cutoff = clock.now().getTime() - BOARD_READY_MS;
      const entry = (o: { orderId: string; orderNumber: number; tableRef: string | null }) => ({
        orderId: o.orderId,
        orderNumber: o.orderNumber,
        tableRef: o.tableRef,
      });
      const all = [...orders.values()];
      return {
        preparing: all.filter((o) => o.open).map(entry),
        ready: all.filter((o) => !o.open && o.last.getTime() >= cutoff).map(entry),
      };
    },
  };
}
export type KitchenFigures = ReturnType<typeof createKitchenFigures>;
