import type { Clock } from '../../platform/clock/clock.ts';
import type { Tx } from '../../platform/db/db.ts';
import { actorRefOf, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { PricingSetupService } from '../catalog/index.ts';
import { authorize } from '../identity/index.ts';
import { wasteVoidedLine } from '../inventory/index.ts';
import type { OrderDrafts } from './order-drafts.ts';
import { headerColumns, soldLines, type OrderDto } from './order-record.ts';
import type { OrderHooks } from './order-hooks.ts';
import type { OrderStore, RepriceChange } from './order-store.ts';
import type { AddLinesInput, UpdateLineInput, UpdateOrderInput, VoidLineInput } from './orders.contracts.ts';
import { orderEvent } from './orders.events.ts';
import * as repo from './orders.repo.ts';

const num = (v: string | number) => Number(v);

/** Editing an open or sent order: its header, new lines, a line's quantity or notes, voiding a line. */
export function createOrderEditing(deps: {
  clock: Clock;
  setup: PricingSetupService;
  drafts: OrderDrafts;
  store: OrderStore;
  hooks: OrderHooks;
}) {
  const { clock, setup, drafts, store, hooks } = deps;
  const { reprice, lockEditable, load } = store;

  return {
    async updateHeader(tx: Tx, ctx: ServiceContext, id: string, input: UpdateOrderInput): Promise<OrderDto> {
      const o = await lockEditable(tx, ctx, id, input.version);
      const change: RepriceChange = { columns: headerColumns(input) };
      if (input.diningOption !== undefined) {
        change.serviceCharges = await setup.applicableServiceCharges(tx, ctx.tenantId, input.diningOption);
      }
      if (input.discounts !== undefined) {
        change.discounts = await drafts.resolveDiscounts(
          tx,
          ctx,
          input.discounts,
          'order',
          'discounts',
          drafts.approver(tx, ctx, id, input.approvalId),
        );
      }
      await reprice(tx, o, change);
      const after = await load(tx, ctx, id);
      ctx.emit(orderEvent('order.updated', after, { change: 'header' }));
      ctx.audit({
        action: 'order.updated',
        targetType: 'order',
        targetId: id,
        before: { version: o.version, total: num(o.total) },
        after: { version: after.version, total: after.total, ...input },
      });
      return after;
    },

    async addLines(tx: Tx, ctx: ServiceContext, id: string, input: AddLinesInput): Promise<OrderDto> {
      const o = await lockEditable(tx, ctx, id, input.version);
      const lines = await drafts.snapshotLines(
        tx,
        ctx,
        o.outlet_id,
        input.lines,
        drafts.approver(tx, ctx, id, input.approvalId),
      );
      const position = await repo.nextLinePosition(tx, ctx.tenantId, id);
      await store.insertLines(tx, ctx.tenantId, id, lines, position);
      await reprice(tx, o);
      const after = await load(tx, ctx, id);
      ctx.emit(orderEvent('order.updated', after, { change: 'lines_added' }));
      ctx.audit({
        action: 'order.lines_added',
        targetType: 'order',
        targetId: id,
        after: {
          lines: lines.map((l) => ({ id: l.id, name: l.name, quantity: l.quantity })),
          total: after.total,
        },
      });
      return after;
    },

    async updateLine(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      lineId: string,
      input: UpdateLineInput,
    ): Promise<OrderDto> {
      const o = await lockEditable(tx, ctx, id, input.version);
      const line = await repo.getActiveLine(tx, ctx.tenantId, id, lineId);
      if (line.sent_at && input.quantity !== undefined && input.quantity < line.quantity) {
        throw new AppError(
          'orders.line_sent',
          'This line went to the kitchen: void it (with permission) instead of lowering it.',
        );
      }
      await repo.updateLine(tx, ctx.tenantId, id, lineId, {
        ...(input.quantity !== undefined ? { quantity: input.quantity } : {}),
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
        updated_at: clock.now(),
      });
      await reprice(tx, o);
      const after = await load(tx, ctx, id);
      ctx.emit(orderEvent('order.updated', after, { change: 'line_updated' }));
      ctx.audit({
        action: 'order.line_updated',
        targetType: 'order_line',
        targetId: lineId,
        before: { quantity: line.quantity, notes: line.notes },
        after: input,
      });
      return after;
    },

    /** Removes a line; once it went to the kitchen this is a void needing `orders:void` or a manager approval. */
    async voidLine(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      lineId: string,
      input: VoidLineInput,
    ): Promise<OrderDto> {
      const o = await lockEditable(tx, ctx, id, input.version);
      const line = await repo.getActiveLine(tx, ctx.tenantId, id, lineId);
      if (line.sent_at) {
        await authorize(
          tx,
          ctx,
          'orders:void',
          { type: 'order_line', id: lineId },
          input.approvalId,
          clock.now(),
        );
      }
      await repo.updateLine(tx, ctx.tenantId, id, lineId, {
        status: 'voided',
        void_reason: input.reason,
        updated_at: clock.now(),
      });
      await reprice(tx, o);
      const [sold] = soldLines([line]);
      if (line.sent_at && sold) {
        // Inventory hook (issue 16): the kitchen cooked it, so what it used is waste.
        await wasteVoidedLine(tx, ctx, {
          orderId: id,
          outletId: o.outlet_id,
          line: sold,
          reason: input.reason,
          actor: actorRefOf(ctx.principal),
          at: clock.now(),
        });
      }
      const after = await load(tx, ctx, id);
      if (line.sent_at) {
        await hooks.lineVoided?.(tx, ctx, after, lineId);
      }
      ctx.emit(orderEvent('order.updated', after, { change: line.sent_at ? 'line_voided' : 'line_removed' }));
      ctx.audit({
        action: line.sent_at ? 'order.line_voided' : 'order.line_removed',
        targetType: 'order_line',
        targetId: lineId,
        before: { name: line.name, quantity: line.quantity },
        after: { reason: input.reason },
      });
      return after;
    },
  };
}
