import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids/ids.ts';
import type { MenuService, PricingSetupService } from '../catalog/index.ts';
import { authorize, outletFilter } from '../identity/index.ts';
import { createOrderDrafts, type CreateOrderInput, type OrderHeaderInput } from './order-drafts.ts';
import { createOrderFlow } from './order-flow.service.ts';
import { totalsOf, type DiscountInput, type LineInput } from './order-lines.ts';
import { createOrderStore, type HeaderChange } from './order-store.ts';
import { lineFigures, orderDto, totalColumns, type OrderDto } from './order-view.ts';
import { orderEvent } from './orders.events.ts';
import * as repo from './orders.repo.ts';
export type { CreateOrderInput, DiningOption, OrderHeaderInput } from './order-drafts.ts';

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day in a time zone, as YYYY-MM-DD (the business date of an order). */
export function businessDate(now: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

const num = (v: string | number) => Number(v);

/** Orders: create, edit lines, discounts, status; totals always computed here by the pricing engine. */
export function createOrdersService(deps: { clock: Clock; menu: MenuService; setup: PricingSetupService }) {
  const { clock, menu, setup } = deps;

  const { resolveDiscounts, approver, snapshotLines, draft } = createOrderDrafts({ clock, menu, setup });

  const store = createOrderStore({ clock });
  const { reprice, lockEditable, insertLines, load } = store;

  return {
    ...createOrderFlow({ clock, store }),
    get: load,

    /** Prices an order without saving it: the same figures creating it would give. */
    async calculate(tx: Tx, ctx: ServiceContext, input: CreateOrderInput) {
      const d = await draft(
        tx,
        ctx,
        input,
        input.id ?? newId(),
        approver(tx, ctx, input.id ?? 'draft', input.approvalId),
      );
      const priced = new Map(d.result.lines.map((l) => [l.id, l]));
      return {
        currency: d.pricing.currency,
        lines: d.lines.map((l) => ({
          id: l.id,
          itemId: l.itemId,
          variantId: l.variantId,
          name: l.name,
          variantName: l.variantName,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          total: priced.get(l.id)?.total ?? 0,
        })),
        ...totalsOf(d.result),
      };
    },

    async create(tx: Tx, ctx: ServiceContext, input: CreateOrderInput): Promise<OrderDto> {
      const orderId = input.id ?? newId();
      const d = await draft(tx, ctx, input, orderId, approver(tx, ctx, orderId, input.approvalId));
      const now = clock.now();
      const date = businessDate(now, d.outlet.timezone ?? d.tenant.timezone);
      // The outlet's counter is taken in the insert itself: its lock is held from here to commit.
      const inserted = await repo.insertNumberedOrder(tx, {
        tenant_id: ctx.tenantId,
        id: orderId,
        outlet_id: input.outletId,
        register_id: input.registerId ?? (ctx.principal.kind === 'device' ? ctx.principal.registerId : null),
        business_date: date,
        dining_option: input.diningOption,
        table_ref: input.tableRef ?? null,
        customer_name: input.customerName ?? null,
        guest_count: input.guestCount ?? null,
        notes: input.notes ?? null,
        source: ctx.principal.kind === 'api_key' ? 'api' : 'pos',
        currency: d.pricing.currency,
        rounding_mode: d.pricing.roundingMode,
        tax_rounding: d.pricing.taxRounding,
        cash_rounding_increment: d.pricing.cashRoundingIncrement,
        discounts: JSON.stringify(d.pricing.discounts),
        service_charges: JSON.stringify(d.pricing.serviceCharges),
        created_by:
          ctx.principal.kind === 'user'
            ? ctx.principal.membershipId
            : ctx.principal.kind === 'api_key'
              ? ctx.principal.apiKeyId
              : ctx.principal.deviceId,
        // Priced already (by draft): stored as they are, no second pass.
        ...totalColumns(d.result, 0),
        version: 1,
        created_at: now,
        updated_at: now,
      });
      if (!inserted) {
        throw new AppError('orders.already_exists', 'An order with this id already exists.', { id: orderId });
      }
      const figures = new Map(d.result.lines.map((l) => [l.id, lineFigures(l)]));
      const lineRows = await insertLines(tx, ctx.tenantId, orderId, d.lines, 0, figures);
      const dto = orderDto(inserted, lineRows);
      ctx.emit(orderEvent('order.created', dto));
      ctx.audit({
        action: 'order.created',
        targetType: 'order',
        targetId: orderId,
        after: { number: dto.number, total: dto.total, lines: dto.lines.length },
      });
      return dto;
    },

    async list(
      db: Executor,
      ctx: ServiceContext,
      filter: Omit<repo.OrderListFilter, 'outletIds' | 'cursor' | 'limit'> & {
        cursor?: string;
        limit?: number;
      },
    ) {
      const limit = filter.limit ?? 50;
      const after = decodeCursor(filter.cursor, ['timestamp', 'uuid'] as const);
      const { cursor: _raw, limit: _limit, ...criteria } = filter;
      const rows = await repo.listOrderRows(db, ctx.tenantId, {
        ...criteria,
        outletIds: outletFilter(ctx),
        limit: limit + 1,
        ...(after ? { cursor: { createdAt: after[0], id: after[1] } } : {}),
      });
      return toPage(
        rows,
        limit,
        (o) => [o.created_at, o.id],
        (o) => ({
          id: o.id,
          number: o.number,
          businessDate: o.business_date,
          outletId: o.outlet_id,
          registerId: o.register_id,
          status: o.status,
          diningOption: o.dining_option,
          tableRef: o.table_ref,
          customerName: o.customer_name,
          total: num(o.total),
          paymentStatus: o.payment_status,
          version: o.version,
          createdAt: o.created_at.toISOString(),
        }),
      );
    },

    async updateHeader(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      input: OrderHeaderInput & { version?: number; discounts?: DiscountInput[]; approvalId?: string },
    ): Promise<OrderDto> {
      const o = await lockEditable(tx, ctx, id, input.version);
      const change: HeaderChange = {};
      if (input.diningOption !== undefined) {
        change.dining_option = input.diningOption;
        change.serviceCharges = await setup.applicableServiceCharges(tx, ctx.tenantId, input.diningOption);
      }
      if (input.tableRef !== undefined) {
        change.table_ref = input.tableRef;
      }
      if (input.customerName !== undefined) {
        change.customer_name = input.customerName;
      }
      if (input.guestCount !== undefined) {
        change.guest_count = input.guestCount;
      }
      if (input.notes !== undefined) {
        change.notes = input.notes;
      }
      if (input.discounts !== undefined) {
        change.discounts = await resolveDiscounts(
          tx,
          ctx,
          input.discounts,
          'order',
          'discounts',
          approver(tx, ctx, id, input.approvalId),
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

    async addLines(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      input: { version?: number; lines: LineInput[]; approvalId?: string },
    ): Promise<OrderDto> {
      const o = await lockEditable(tx, ctx, id, input.version);
      const lines = await snapshotLines(
        tx,
        ctx,
        o.outlet_id,
        input.lines,
        approver(tx, ctx, id, input.approvalId),
      );
      const last = await tx
        .selectFrom('order_lines')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('tenant_id', '=', ctx.tenantId)
        .where('order_id', '=', id)
        .executeTakeFirst();
      await insertLines(tx, ctx.tenantId, id, lines, (last?.max ?? -1) + 1);
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
      input: { version?: number; quantity?: number; notes?: string | null },
    ): Promise<OrderDto> {
      const o = await lockEditable(tx, ctx, id, input.version);
      const line = await repo.getActiveLine(tx, ctx.tenantId, id, lineId);
      if (line.sent_at && input.quantity !== undefined && input.quantity < line.quantity) {
        throw new AppError(
          'orders.line_sent',
          'This line went to the kitchen: void it (with permission) instead of lowering it.',
        );
      }
      await tx
        .updateTable('order_lines')
        .set({
          ...(input.quantity !== undefined ? { quantity: input.quantity } : {}),
          ...(input.notes !== undefined ? { notes: input.notes } : {}),
          updated_at: clock.now(),
        })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', lineId)
        .execute();
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
      input: { version?: number; reason: string; approvalId?: string },
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
      await tx
        .updateTable('order_lines')
        .set({ status: 'voided', void_reason: input.reason, updated_at: clock.now() })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', lineId)
        .execute();
      await reprice(tx, o);
      const after = await load(tx, ctx, id);
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
export type OrdersService = ReturnType<typeof createOrdersService>;
