import type { Clock } from '../../platform/clock/clock.ts';
import type { Tx } from '../../platform/db/db.ts';
import { actorRefOf, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { payable, type PayableOrder } from './complete-order.ts';
import type { FreshPaymentTerms, OrderDrafts } from './order-drafts.ts';
import { totalsOf } from './order-lines.ts';
import {
  lineFigures,
  newLineRow,
  newOrderRow,
  orderDto,
  type NewLineRow,
  type NewOrderRow,
  type OrderDto,
  type OrderRow,
} from './order-record.ts';
import { linesConflict } from './order-store.ts';
import type { CreateOrderInput } from './orders.contracts.ts';
import { orderEvent } from './orders.events.ts';
import { insertNumberedOrder } from './order-numbers.repo.ts';
import type { SaleSetupCache } from './sale-setup.repo.ts';
import type { SoldAsPaid } from './sold-lines.ts';
import { stageOrder, storedLine } from './staged-order.ts';

const alreadyExists = (id: string) =>
  new AppError('orders.already_exists', 'An order with this id already exists.', { id });

/**
 * A new order and its lines, inserted by one statement. 409 `orders.already_exists` when the
 * order exists (a retry of this create), `orders.conflict` when one of its line ids does.
 */
async function insertWithLines(
  tx: Tx,
  row: Omit<NewOrderRow, 'number'>,
  lines: NewLineRow[],
): Promise<OrderRow> {
  const inserted = await insertNumberedOrder(tx, { row, lines });
  if (!inserted) {
    throw alreadyExists(row.id);
  }
  if (inserted.linesInserted !== lines.length) {
    throw linesConflict();
  }
  return inserted.row;
}

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

/** Creating an order (priced once, stored with its figures) and pricing one without saving it. */
export function createOrderCreation(deps: { clock: Clock; drafts: OrderDrafts }) {
  const { clock, drafts } = deps;
  const { draft, approver } = drafts;

  /**
   * `create`, also answering the new order as money sees it (a sale pays it in the same
   * transaction: the row is this transaction's own, so no other can change it before commit and
   * the payment needs no locking re-read). `setupCache`: sales recorded together in one
   * transaction (an offline upload's batch) read the sale setup once. `stage`: a sale that
   * completes the order in this transaction — the order is not inserted here but held in memory
   * (`payable.staged`) and inserted by its completion, numbered then (see staged-order.ts).
   */
  async function createPayable(
    tx: Tx,
    ctx: ServiceContext,
    input: CreateOrderInput,
    o: { sold?: SoldAsPaid; setupCache?: SaleSetupCache; stage?: boolean } = {},
  ): Promise<{ order: OrderDto; payable: PayableOrder; terms: FreshPaymentTerms }> {
    const orderId = input.id ?? newId();
    const approve = approver(tx, ctx, orderId, input.approvalId);
    const d = await draft(tx, ctx, input, orderId, approve, o.sold, o.setupCache);
    const now = clock.now();
    const figures = new Map(d.result.lines.map((l) => [l.id, lineFigures(l)]));
    const lines = d.lines.map((l, i) => ({
      ...newLineRow(ctx.tenantId, orderId, i, l, figures.get(l.id)),
      created_at: now,
      updated_at: now,
    }));
    const row = newOrderRow({
      tenantId: ctx.tenantId,
      id: orderId,
      outletId: input.outletId,
      registerId: input.registerId ?? (ctx.principal.kind === 'device' ? ctx.principal.registerId : null),
      businessDate: businessDate(now, d.outlet.timezone ?? d.tenant.timezone),
      source: ctx.principal.kind === 'api_key' ? 'api' : ctx.principal.kind === 'customer' ? 'qr' : 'pos',
      createdBy: actorRefOf(ctx.principal),
      header: input,
      pricing: d.pricing,
      // Priced already (by draft): stored as they are, no second pass.
      result: d.result,
      now,
    });
    // The order and its lines in one statement, which takes the outlet's counter (locked from
    // there to commit); a sale's order is held in memory and inserted by its completion.
    const staged = o.stage ? stageOrder(row, lines) : undefined;
    const inserted = staged ? staged.row : await insertWithLines(tx, row, lines);
    const lineRows = lines.map(storedLine);
    const dto = orderDto(inserted, lineRows);
    const created = orderEvent('order.created', dto);
    const after = { number: dto.number, total: dto.total, lines: dto.lines.length };
    ctx.emit(created);
    ctx.audit({ action: 'order.created', targetType: 'order', targetId: orderId, after });
    if (staged) {
      staged.numbered.push(dto, created.payload, after);
      return { order: dto, payable: { ...payable(inserted), staged }, terms: d.terms };
    }
    return { order: dto, payable: payable(inserted), terms: d.terms };
  }

  return {
    /** Prices an order without saving it: the same figures creating it would give. */
    async calculate(tx: Tx, ctx: ServiceContext, input: CreateOrderInput) {
      const id = input.id ?? newId();
      const d = await draft(tx, ctx, input, id, approver(tx, ctx, input.id ?? 'draft', input.approvalId));
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

    /** Creates an order; `sold`: lines a register sold offline, kept at the price paid (sync). */
    async create(tx: Tx, ctx: ServiceContext, input: CreateOrderInput, sold?: SoldAsPaid): Promise<OrderDto> {
      return (await createPayable(tx, ctx, input, sold ? { sold } : {})).order;
    },

    createPayable,
  };
}
