import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { splitInIncrements } from '../../platform/money/tender.ts';
import { getPracticalIncrement } from '../tenancy/index.ts';
import { isEditable, type OrderStatus } from './order-state.ts';
import type { OrderStore } from './order-store.ts';
import type { SplitByLinesInput } from './orders.contracts.ts';
import { orderEvent } from './orders.events.ts';
import { insertNumberedOrder } from './order-numbers.repo.ts';
import * as repo from './orders.repo.ts';

const num = (v: string | number) => Number(v);

/** Splitting a bill: by lines (a new order), or evenly (amounts to pay, nothing stored). */
export function createOrderSplitting(deps: { clock: Clock; store: OrderStore }) {
  const { clock } = deps;
  const { reprice, lockForChange, load } = deps.store;

  return {
    /**
     * Splits a bill by lines: the chosen active lines move to a new order at the same outlet and
     * table (same dining option, service charges and pricing policy); both orders are re-priced.
     */
    async splitByLines(tx: Tx, ctx: ServiceContext, id: string, input: SplitByLinesInput) {
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
      const newOrderId = input.newOrderId ?? newId();
      const { number: _n, ...copy } = o;
      // The new order copies the header, snapshots and policy; it is numbered like any other.
      const inserted = await insertNumberedOrder(tx, {
        row: {
          ...copy,
          // jsonb columns go back as JSON text (node-postgres would send arrays as SQL arrays).
          discounts: JSON.stringify(o.discounts),
          service_charges: JSON.stringify(o.service_charges),
          taxes: JSON.stringify(o.taxes),
          // Its figures are stored by the re-pricing below.
          charge_figures: null,
          discount_figures: null,
          id: newOrderId,
          version: 0,
          paid_amount: 0,
          created_at: now,
          updated_at: now,
        },
      });
      if (!inserted) {
        throw new AppError('orders.already_exists', 'An order with this id already exists.', {
          id: newOrderId,
        });
      }
      await repo.moveLines(tx, ctx.tenantId, id, newOrderId, [...moving], now);
      await reprice(tx, o);
      await reprice(tx, inserted.row);
      const [source, created] = [await load(tx, ctx, id), await load(tx, ctx, newOrderId)];
      ctx.emit(orderEvent('order.updated', source, { change: 'split' }));
      ctx.emit(orderEvent('order.created', created, { change: 'split' }));
      ctx.audit({
        action: 'order.split',
        targetType: 'order',
        targetId: id,
        after: { newOrderId, lineIds: [...moving], totals: [source.total, created.total] },
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
  };
}
