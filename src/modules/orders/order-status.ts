import type { Clock } from '../../platform/clock/clock.ts';
import type { Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { authorize } from '../identity/index.ts';
import { completeOrder, payable } from './complete-order.ts';
import type { OrderDto } from './order-record.ts';
import { assertTransition, type OrderStatus } from './order-state.ts';
import type { OrderHooks } from './order-hooks.ts';
import type { OrderStore } from './order-store.ts';
import type { TransitionInput } from './orders.contracts.ts';
import { orderEvent } from './orders.events.ts';
import * as repo from './orders.repo.ts';

const num = (v: string | number) => Number(v);

/** Status changes through the transition table: send to the kitchen, complete, cancel. */
export function createOrderStatus(deps: { clock: Clock; store: OrderStore; hooks: OrderHooks }) {
  const { clock, hooks } = deps;
  const { lockForChange, load } = deps.store;

  return {
    /** send / complete / cancel. */
    async transition(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      to: 'sent' | 'completed' | 'canceled',
      input: TransitionInput,
    ): Promise<OrderDto> {
      const o = await lockForChange(tx, ctx, id, input.version);
      const now = clock.now();
      if (to === 'completed') {
        await completeOrder(tx, ctx, payable(o), { now });
        return load(tx, ctx, id);
      }
      const from = o.status as OrderStatus;
      if (to === 'sent' && from === 'sent') {
        // Sending again sends the lines added since: still one state, new lines get sent_at.
      } else {
        assertTransition(from, to);
      }
      const sentLineIds = to === 'sent' ? await repo.markLinesSent(tx, ctx.tenantId, id, now) : [];
      if (to === 'sent' && sentLineIds.length === 0) {
        throw new AppError('orders.conflict', 'Nothing new to send.');
      }
      if (to === 'canceled') {
        if (!input.reason) {
          throw new AppError('orders.invalid', 'Say why the order is canceled.', { field: 'reason' });
        }
        if (num(o.paid_amount) > 0) {
          throw new AppError('orders.conflict', 'Refund the payments before canceling the order.');
        }
        await authorize(tx, ctx, 'orders:void', { type: 'order', id }, input.approvalId, now);
      }
      const stamp =
        to === 'sent'
          ? { sent_at: o.sent_at ?? now }
          : { canceled_at: now, cancel_reason: input.reason ?? null };
      const updated = await repo.updateOrder(
        tx,
        ctx.tenantId,
        id,
        { status: to, ...stamp, version: o.version + 1, updated_at: now },
        from,
      );
      if (updated !== 1) {
        throw new AppError('orders.version_conflict', 'The order changed meanwhile; reload and try again.');
      }
      const after = await load(tx, ctx, id);
      if (to === 'sent') {
        // The kitchen tickets the new lines in this same transaction: sent ⇔ ticketed.
        await hooks.linesSent?.(tx, ctx, after, sentLineIds);
      }
      const reason = input.reason ? { reason: input.reason } : {};
      ctx.emit(orderEvent('order.status_changed', after, { from, to, ...reason }));
      if (to === 'canceled') {
        ctx.emit(orderEvent('order.canceled', after, reason));
      }
      ctx.audit({
        action: `order.${to}`,
        targetType: 'order',
        targetId: id,
        before: { status: from },
        after: { status: to, ...reason },
      });
      return after;
    },
  };
}
