import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { splitInIncrements } from '../../platform/money/tender.ts';
import { authorize } from '../identity/index.ts';
import { getPracticalIncrement } from '../tenancy/index.ts';
import { assertTransition, isEditable, type OrderStatus } from './order-state.ts';
import { postOrderSale } from './order-money.ts';
import { assignReceiptNumber } from '../drawer/index.ts';
import type { OrderStore } from './order-store.ts';
import type { OrderDto } from './order-view.ts';
import * as repo from './orders.repo.ts';
import { orderEvent } from './orders.events.ts';

const num = (v: string | number) => Number(v);

/** Status changes (send, complete, cancel) and splitting a bill. */
export function createOrderFlow(deps: { clock: Clock; store: OrderStore }) {
  const { clock } = deps;
  const { reprice, lockForChange, load } = deps.store;

  return {
    /**
     * Splits a bill by lines: the chosen active lines move to a new order at the same outlet and
     * table (same dining option, service charges and pricing policy); both orders are re-priced.
     */
    async splitByLines(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      input: { version?: number; lineIds: string[]; newOrderId?: string },
    ) {
      const o = await lockForChange(tx, ctx, id, input.version);
      if (!isEditable(o.status as OrderStatus) || num(o.paid_amount) > 0) {
        throw new AppError('orders.not_editable', 'Only an unpaid open or sent order can be split.');
      }
      const rows = await repo.getLineRows(tx, ctx.tenantId, id);
      const active = rows.filter((l) => l.status === 'active');
      const moving = new Set(input.lineIds);
      const unknown = input.lineIds.filter((l) => !active.some((a) => a.id === l));
      if (unknown.length) {
        throw new AppError('order_lines.not_found', 'No such active lines on this order.', { ids: unknown });
      }
      if (moving.size === active.length) {
        throw new AppError('orders.invalid', 'Leave at least one line on the original order.', {
          field: 'lineIds',
        });
      }
      const now = clock.now();
      const newId_ = input.newOrderId ?? newId();
      const number = await repo.nextOrderNumber(tx, ctx.tenantId, o.outlet_id, o.business_date);
      const { tenant_id: _t, id: _id, number: _n, version: _v, created_at: _c, updated_at: _u, ...copy } = o;
      const inserted = await tx
        .insertInto('orders')
        .values({
          ...copy,
          // jsonb columns go back as JSON text (node-postgres would send arrays as SQL arrays).
          discounts: JSON.stringify(o.discounts),
          service_charges: JSON.stringify(o.service_charges),
          taxes: JSON.stringify(o.taxes),
          tenant_id: ctx.tenantId,
          id: newId_,
          number,
          version: 0,
          paid_amount: 0,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) {
        throw new AppError('orders.already_exists', 'An order with this id already exists.', { id: newId_ });
      }
      await tx
        .updateTable('order_lines')
        .set({ order_id: newId_, updated_at: now })
        .where('tenant_id', '=', ctx.tenantId)
        .where('order_id', '=', id)
        .where('id', 'in', [...moving])
        .execute();
      await reprice(tx, o);
      await reprice(tx, inserted);
      const [source, created] = [await load(tx, ctx, id), await load(tx, ctx, newId_)];
      ctx.emit(orderEvent('order.updated', source, { change: 'split' }));
      ctx.emit(orderEvent('order.created', created, { change: 'split' }));
      ctx.audit({
        action: 'order.split',
        targetType: 'order',
        targetId: id,
        after: { newOrderId: newId_, lineIds: [...moving], totals: [source.total, created.total] },
      });
      return { source, created };
    },

    /**
     * Splits the balance evenly into N parts in the tenant's practical increment (whole rupiah),
     * covering the balance rounded up to it (earlier parts take the extra increments). Any tender
     * can pay any part, in any order: the last one settles the balance and carries the rounding.
     */
    async splitEvenly(db: Executor, ctx: ServiceContext, id: string, parts: number) {
      const o = await load(db, ctx, id);
      const increment = await getPracticalIncrement(db, ctx.tenantId);
      const split = splitInIncrements(o.balanceAmount, parts, increment);
      return {
        orderId: id,
        balanceAmount: o.balanceAmount,
        increment,
        parts: split,
        rounding: split.reduce((a, b) => a + b, 0) - o.balanceAmount,
      };
    },

    /** send / complete / cancel, through the transition table. */
    async transition(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      to: 'sent' | 'completed' | 'canceled',
      input: { version?: number; reason?: string; approvalId?: string },
    ): Promise<OrderDto> {
      const o = await lockForChange(tx, ctx, id, input.version);
      const from = o.status as OrderStatus;
      if (to === 'sent' && from === 'sent') {
        // Sending again sends the lines added since: still one state, new lines get sent_at.
      } else {
        assertTransition(from, to);
      }
      const now = clock.now();
      if (to === 'sent') {
        const pending = await tx
          .selectFrom('order_lines')
          .select('id')
          .where('tenant_id', '=', ctx.tenantId)
          .where('order_id', '=', id)
          .where('status', '=', 'active')
          .where('sent_at', 'is', null)
          .execute();
        if (pending.length === 0) {
          throw new AppError('orders.conflict', 'Nothing new to send.');
        }
        await tx
          .updateTable('order_lines')
          .set({ sent_at: now })
          .where('tenant_id', '=', ctx.tenantId)
          .where(
            'id',
            'in',
            pending.map((p) => p.id),
          )
          .execute();
      }
      if (to === 'completed' && num(o.balance_amount) > 0) {
        throw new AppError('orders.unpaid', 'The order has a balance to pay before it can be completed.', {
          balanceAmount: num(o.balance_amount),
        });
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
          : to === 'completed'
            ? // Receipt hook (issue 14): the official receipt number, in the completing transaction.
              {
                completed_at: now,
                receipt_number: await assignReceiptNumber(tx, ctx.tenantId, {
                  outletId: o.outlet_id,
                  registerId: o.register_id,
                }),
              }
            : { canceled_at: now, cancel_reason: input.reason ?? null };
      const updated = await tx
        .updateTable('orders')
        .set({ status: to, ...stamp, version: o.version + 1, updated_at: now })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      if (updated.numUpdatedRows !== 1n) {
        throw new AppError('orders.version_conflict', 'The order changed meanwhile; reload and try again.');
      }
      if (to === 'completed') {
        // The sale is recognised when it completes: its deposits become revenue, charges and tax.
        await postOrderSale(tx, o, now);
      }
      const after = await load(tx, ctx, id);
      ctx.emit(
        orderEvent('order.status_changed', after, {
          from,
          to,
          ...(input.reason ? { reason: input.reason } : {}),
        }),
      );
      if (to === 'completed' || to === 'canceled') {
        ctx.emit(
          orderEvent(
            to === 'completed' ? 'order.completed' : 'order.canceled',
            after,
            input.reason ? { reason: input.reason } : {},
          ),
        );
      }
      ctx.audit({
        action: `order.${to === 'sent' ? 'sent' : to}`,
        targetType: 'order',
        targetId: id,
        before: { status: from },
        after: { status: to, ...(input.reason ? { reason: input.reason } : {}) },
      });
      return after;
    },
  };
}
