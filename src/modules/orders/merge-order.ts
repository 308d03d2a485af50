import type { Clock } from '../../platform/clock/clock.ts';
import type { Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { OrderHooks } from './order-hooks.ts';
import type { OrderDto } from './order-record.ts';
import { isEditable, type OrderStatus } from './order-state.ts';
import type { OrderStore } from './order-store.ts';
import { orderEvent } from './orders.events.ts';
import * as repo from './orders.repo.ts';

const num = (v: string | number) => Number(v);

/** Merging two orders (two tables pushed together): every line of one moves to the other. */
export function createOrderMerging(deps: { clock: Clock; store: OrderStore; hooks: OrderHooks }) {
  const { clock, hooks } = deps;
  const { reprice, lockForChange, load } = deps.store;

  return {
    /**
     * Moves every line of `fromId` (voided ones too, after the target's lines) to `intoId` and
     * cancels `fromId` with the reason "merged into N". Both must be unpaid open or sent orders
     * of one outlet. Nothing is lost, so this needs no void permission. Both are re-priced; the
     * target becomes sent when lines that went to the kitchen join it.
     */
    async merge(
      tx: Tx,
      ctx: ServiceContext,
      fromId: string,
      intoId: string,
    ): Promise<{ from: OrderDto; into: OrderDto }> {
      if (fromId === intoId) {
        throw new AppError('orders.invalid', 'An order cannot be merged into itself.', { field: 'intoId' });
      }
      // Locks in id order, so two opposite merges cannot deadlock.
      const [first, second] = fromId < intoId ? [fromId, intoId] : [intoId, fromId];
      const a = await lockForChange(tx, ctx, first, undefined);
      const b = await lockForChange(tx, ctx, second, undefined);
      const [from, into] = a.id === fromId ? [a, b] : [b, a];
      for (const o of [from, into]) {
        if (!isEditable(o.status as OrderStatus) || num(o.paid_amount) > 0) {
          throw new AppError(
            'orders.not_editable',
            `Order ${o.number} is ${o.status} or paid: it cannot be merged.`,
          );
        }
      }
      if (from.outlet_id !== into.outlet_id) {
        throw new AppError('orders.invalid', 'Only orders of one outlet can be merged.', { field: 'intoId' });
      }
      const now = clock.now();
      const offset = await repo.nextLinePosition(tx, ctx.tenantId, into.id);
      await repo.mergeLines(tx, ctx.tenantId, from.id, into.id, offset, now);
      await reprice(tx, into);
      await reprice(tx, from);
      const reason = `merged into ${into.number}`;
      const canceled = await repo.updateOrder(
        tx,
        ctx.tenantId,
        from.id,
        {
          status: 'canceled',
          canceled_at: now,
          cancel_reason: reason,
          version: from.version + 2,
          updated_at: now,
        },
        from.status,
      );
      if (canceled !== 1) {
        throw new AppError('orders.version_conflict', 'The order changed meanwhile; reload and try again.');
      }
      if (from.status === 'sent' && into.status === 'open') {
        await repo.updateOrder(
          tx,
          ctx.tenantId,
          into.id,
          { status: 'sent', sent_at: from.sent_at ?? now },
          'open',
        );
      }
      const after = { from: await load(tx, ctx, from.id), into: await load(tx, ctx, into.id) };
      await hooks.ordersMerged?.(tx, ctx, after.from, after.into);
      ctx.emit(orderEvent('order.updated', after.into, { change: 'merged' }));
      ctx.emit(orderEvent('order.status_changed', after.from, { from: from.status, to: 'canceled', reason }));
      ctx.emit(orderEvent('order.canceled', after.from, { reason }));
      ctx.audit({
        action: 'order.merged',
        targetType: 'order',
        targetId: into.id,
        before: { from: from.id, totals: [num(from.total), num(into.total)] },
        after: { total: after.into.total, reason },
      });
      return after;
    },
  };
}
