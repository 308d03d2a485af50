import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { assertOutletAccess, outletFilter } from '../identity/index.ts';
import { requireOutlet } from '../tenancy/index.ts';
import type { LineStatusInput, ListTicketsInput, TicketDto } from './kitchen.contracts.ts';
import { assertLineTransition, type TicketLineStatus } from './kitchen-state.ts';
import * as stationsRepo from './stations.repo.ts';
import { dtosOf, emitTickets, loadTickets } from './ticket-record.ts';
import * as repo from './tickets.repo.ts';

const STATES = {
  active: ['held', 'open'],
  done: ['bumped', 'served'],
  all: ['held', 'open', 'bumped', 'served'],
};

const conflict = (message: string) => new AppError('kitchen.conflict', message);

/** What a display and a waiter do with tickets: list, line states, bump, recall, serve, fire, rush. */
export function createTicketsService(deps: { clock: Clock }) {
  const { clock } = deps;

  async function one(db: Executor, ctx: ServiceContext, id: string): Promise<TicketDto> {
    const row = await repo.getTicket(db, ctx.tenantId, id);
    assertOutletAccess(ctx, row.outlet_id);
    return (await dtosOf(db, ctx.tenantId, [row]))[0]!;
  }

  async function emitOne(tx: Tx, ctx: ServiceContext, type: Parameters<typeof emitTickets>[2], id: string) {
    return (await emitTickets(tx, ctx, type, [id]))[0]!;
  }

  return {
    get: one,

    /** Tickets in arrival order, keyset-paged on (created_at, id). */
    async list(db: Executor, ctx: ServiceContext, q: ListTicketsInput) {
      if (q.outletId) {
        await requireOutlet(db, ctx, q.outletId);
      }
      const limit = q.limit ?? 100;
      const after = decodeCursor(q.cursor, ['timestamp', 'uuid'] as const);
      const rows = await repo.listTickets(db, ctx.tenantId, {
        outletIds: outletFilter(ctx),
        outletId: q.outletId,
        stationId: q.stationId,
        orderId: q.orderId,
        statuses: STATES[q.state ?? 'active'],
        after: after ? { createdAt: after[0], id: after[1] } : undefined,
        limit: limit + 1,
      });
      const page = toPage(rows, limit, (r) => [r.created_at, r.id]);
      return { items: await dtosOf(db, ctx.tenantId, page.items), nextCursor: page.nextCursor };
    },

    /** A line moves new → preparing → ready → served (or one step back). */
    async setLineStatus(tx: Tx, ctx: ServiceContext, id: string, lineId: string, to: LineStatusInput) {
      const t = await one(tx, ctx, id);
      const line = t.lines.find((l) => l.lineId === lineId);
      if (!line) {
        throw new AppError('kitchen_ticket_lines.not_found', 'No such line on this ticket.', { lineId });
      }
      if (t.status === 'held') {
        throw conflict('This course is not fired yet.');
      }
      assertLineTransition(line.status, to);
      const moved = await repo.moveLines(tx, ctx.tenantId, id, [line.status], to, clock.now(), lineId);
      if (moved !== 1) {
        throw conflict('The line changed meanwhile; reload.');
      }
      await repo.touchTicket(tx, ctx.tenantId, id, clock.now());
      return emitOne(tx, ctx, 'kitchen.ticket.updated', id);
    },

    /**
     * Bumps a ticket: all its lines are ready and it leaves the screen. Takes the station's row
     * lock first, so a bump and a recall of one station take turns, and the UPDATE is guarded by
     * the ticket's status, so a second bump of the same ticket is a 409.
     */
    async bump(tx: Tx, ctx: ServiceContext, id: string) {
      const t = await repo.getTicket(tx, ctx.tenantId, id);
      assertOutletAccess(ctx, t.outlet_id);
      await stationsRepo.getStation(tx, ctx.tenantId, t.station_id, true);
      const now = clock.now();
      if (
        (await repo.moveTicket(tx, ctx.tenantId, id, 'open', {
          status: 'bumped',
          bumped_at: now,
          updated_at: now,
        })) !== 1
      ) {
        throw conflict('Only an open ticket can be bumped.');
      }
      await repo.moveLines(tx, ctx.tenantId, id, ['new', 'preparing'], 'ready', now);
      return emitOne(tx, ctx, 'kitchen.ticket.bumped', id);
    },

    /** Brings back the station's most recently bumped ticket (409 when there is none). */
    async recall(tx: Tx, ctx: ServiceContext, stationId: string) {
      const s = await stationsRepo.getStation(tx, ctx.tenantId, stationId, true);
      assertOutletAccess(ctx, s.outlet_id);
      const last = await repo.lastBumped(tx, ctx.tenantId, stationId);
      const now = clock.now();
      if (
        !last ||
        (await repo.moveTicket(tx, ctx.tenantId, last.id, 'bumped', {
          status: 'open',
          bumped_at: null,
          updated_at: now,
        })) !== 1
      ) {
        throw conflict('No bumped ticket to recall.');
      }
      return emitOne(tx, ctx, 'kitchen.ticket.recalled', last.id);
    },

    /** The waiter took a bumped ticket to the table: it and its ready lines are served. */
    async serve(tx: Tx, ctx: ServiceContext, id: string) {
      const t = await repo.getTicket(tx, ctx.tenantId, id);
      assertOutletAccess(ctx, t.outlet_id);
      const now = clock.now();
      if (
        (await repo.moveTicket(tx, ctx.tenantId, id, 'bumped', {
          status: 'served',
          served_at: now,
          updated_at: now,
        })) !== 1
      ) {
        throw conflict('Only a bumped (ready) ticket can be served.');
      }
      await repo.moveLines(
        tx,
        ctx.tenantId,
        id,
        ['new', 'preparing', 'ready'] as TicketLineStatus[],
        'served',
        now,
      );
      return emitOne(tx, ctx, 'kitchen.ticket.served', id);
    },

    /** Fires an order's held course (and any held before it): its tickets go to the displays now. */
    async fireCourse(tx: Tx, ctx: ServiceContext, orderId: string, course: number) {
      const ko = await repo.findKitchenOrder(tx, ctx.tenantId, orderId, true);
      if (!ko) {
        throw new AppError('kitchen_orders.not_found', 'Nothing of this order went to the kitchen yet.', {
          orderId,
        });
      }
      assertOutletAccess(ctx, ko.outlet_id);
      const now = clock.now();
      await repo.setFiredCourse(tx, ctx.tenantId, orderId, course);
      const fired = await repo.fireHeld(tx, ctx.tenantId, orderId, course, now);
      if (fired.length === 0) {
        throw conflict(`Nothing is held for course ${course}.`);
      }
      return { tickets: await emitTickets(tx, ctx, 'kitchen.ticket.fired', fired) };
    },

    /** Flags (or unflags) an order's tickets as rush. */
    async rush(tx: Tx, ctx: ServiceContext, orderId: string, rush: boolean) {
      const ko = await repo.findKitchenOrder(tx, ctx.tenantId, orderId);
      if (!ko) {
        throw new AppError('kitchen_orders.not_found', 'Nothing of this order went to the kitchen yet.', {
          orderId,
        });
      }
      assertOutletAccess(ctx, ko.outlet_id);
      const changed = await repo.setRush(tx, ctx.tenantId, orderId, rush, clock.now());
      await emitTickets(tx, ctx, 'kitchen.ticket.updated', changed);
      const all = await repo.listTickets(tx, ctx.tenantId, {
        outletIds: null,
        orderId,
        statuses: STATES.all,
        limit: 500,
      });
      return {
        tickets: await loadTickets(
          tx,
          ctx.tenantId,
          all.map((r) => r.id),
        ),
      };
    },
  };
}
export type TicketsService = ReturnType<typeof createTicketsService>;
