import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { actorRefOf, type ServiceContext, type TenantPrincipal } from '../../platform/http/context.ts';
import type { TenantId } from '../../platform/ids/ids.ts';
import { AppError } from '../../platform/http/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids/ids.ts';
import type { EventInput } from '../../platform/events/events.ts';
import { assertOutletAccess, outletFilter } from '../identity/index.ts';
import type { OrdersService } from '../orders/index.ts';
import type { PayMethod, PlaceQrOrderInput, QrOrderDto } from './qr.contracts.ts';
import { assertPendingBelow, assertQuantities, trackingStatus, type KitchenLineState } from './qr-rules.ts';
import { readCustomerToken, signCustomerToken } from './qr-tokens.ts';
import * as repo from './qr.repo.ts';

/** What this module needs of the floor and the kitchen (their services, given by the app). */
export interface QrDeps {
  clock: Clock;
  secret: string;
  orders: OrdersService;
  /** The floor's atomic "open this table": its open order, or a new one at it. */
  openTable: (
    tx: Tx,
    ctx: ServiceContext,
    tableId: string,
  ) => Promise<{ order: { id: string; version: number } }>;
  /** The kitchen states of an order's lines (lineId → state), from its tickets. */
  kitchenStates: (
    db: Executor,
    ctx: ServiceContext,
    orderId: string,
  ) => Promise<Map<string, KitchenLineState>>;
  /** How the business takes payment from the phone (its gateway accounts; `qr-payments.ts`). */
  payMethods: (
    db: Executor,
    ctx: ServiceContext,
  ) => Promise<{ payMethods: PayMethod[]; cardTestMode: boolean }>;
}

interface StoredLine {
  itemId: string;
  variantId: string;
  name: string;
  variantName: string | null;
  quantity: number;
  modifierOptionIds: string[];
  notes: string | null;
  total: number;
}

export const QR_EVENT_TYPES = [
  'qr.scanned',
  'qr.order.placed',
  'qr.order.accepted',
  'qr.order.rejected',
] as const;

/** A QR event on the `orders` topic in the outlet's room: staff see a new order live. */
function qrEvent(
  type: (typeof QR_EVENT_TYPES)[number],
  dto: QrOrderDto,
  extra: Record<string, unknown> = {},
): EventInput {
  return {
    type,
    version: 1,
    topic: 'orders',
    outletId: dto.outletId,
    ...(dto.orderId ? { orderId: dto.orderId } : {}),
    payload: { qrOrder: dto, ...extra },
  };
}

function dtoOf(r: repo.QrOrderRow, tableName: string): QrOrderDto {
  return {
    id: r.id,
    outletId: r.outlet_id,
    tableId: r.table_id,
    tableName,
    status: r.status as QrOrderDto['status'],
    lines: r.lines as unknown as StoredLine[],
    itemCount: r.item_count,
    total: Number(r.total),
    currency: r.currency,
    note: r.note,
    orderId: r.order_id,
    rejectReason: r.reject_reason,
    placedAt: r.placed_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
  };
}

/**
 * Orders customers place from the table: placed (checked against the menu and the limits, priced),
 * accepted onto the table's open order and sent to the kitchen — by staff, or at once when the
 * business accepts automatically — or rejected; and what the customer sees of its order.
 */
export function createQrOrders(deps: QrDeps) {
  const { clock, orders } = deps;

  async function named(db: Executor, tenantId: string, rows: repo.QrOrderRow[]) {
    const names = await repo.tableNames(
      db,
      tenantId,
      rows.map((r) => r.table_id),
    );
    return rows.map((r) => dtoOf(r, names.get(r.table_id) ?? ''));
  }

  async function accept(tx: Tx, ctx: ServiceContext, row: repo.QrOrderRow): Promise<QrOrderDto> {
    const lines = row.lines as unknown as StoredLine[];
    const { order } = await deps.openTable(tx, ctx, row.table_id);
    const lineIds = lines.map(() => newId());
    const added = await orders.addLines(tx, ctx, order.id, {
      version: order.version,
      lines: lines.map((l, i) => ({
        id: lineIds[i]!,
        itemId: l.itemId,
        variantId: l.variantId,
        quantity: l.quantity,
        modifierOptionIds: l.modifierOptionIds,
        ...(l.notes ? { notes: l.notes } : {}),
      })),
    });
    // Accepted = in the kitchen: the lines are sent in this same transaction (tickets with them).
    await orders.transition(tx, ctx, order.id, 'sent', { version: added.version });
    const decided = await repo.decideQrOrder(tx, ctx.tenantId, row.id, {
      status: 'accepted',
      order_id: order.id,
      line_ids: lineIds,
      decided_by: actorRefOf(ctx.principal),
      decided_at: clock.now(),
    });
    if (!decided) {
      throw new AppError('qr_orders.conflict', 'This order was accepted or rejected already.');
    }
    const [dto] = await named(tx, ctx.tenantId, [decided]);
    ctx.emit(qrEvent('qr.order.accepted', dto!));
    ctx.audit({
      action: 'qr_order.accepted',
      targetType: 'qr_order',
      targetId: row.id,
      after: { orderId: order.id, lines: lineIds.length },
    });
    return dto!;
  }

  async function pendingRow(tx: Tx, ctx: ServiceContext, id: string) {
    const row = await repo.findQrOrder(tx, ctx.tenantId, id, true);
    if (!row) {
      throw new AppError('qr_orders.not_found', 'No such QR order.', { id });
    }
    assertOutletAccess(ctx, row.outlet_id);
    if (row.status !== 'pending') {
      throw new AppError('qr_orders.conflict', `This order was ${row.status} already.`, {
        current: row.status,
      });
    }
    return row;
  }

  /** What the phone sees: the order, its kitchen progress, and what is left to pay at the table. */
  async function customerView(db: Executor, ctx: ServiceContext, row: repo.QrOrderRow) {
    const [dto] = await named(db, ctx.tenantId, [row]);
    let kitchen: (KitchenLineState | null)[] = [];
    let bill = null;
    let pay: { payMethods: PayMethod[]; cardTestMode: boolean } = { payMethods: [], cardTestMode: false };
    if (row.order_id) {
      pay = await deps.payMethods(db, ctx);
      const states = await deps.kitchenStates(db, ctx, row.order_id);
      kitchen = row.line_ids.map((id) => states.get(id) ?? null);
      const o = await orders.get(db, ctx, row.order_id);
      bill = {
        number: o.number,
        status: o.status,
        total: o.total,
        paid: o.paidAmount,
        balance: o.balanceAmount,
        paymentStatus: o.paymentStatus,
      };
    }
    return {
      id: dto!.id,
      tableName: dto!.tableName,
      status: dto!.status,
      tracking: trackingStatus(dto!.status, kitchen),
      lines: dto!.lines,
      lineIds: row.line_ids,
      total: dto!.total,
      currency: dto!.currency,
      rejectReason: dto!.rejectReason,
      placedAt: dto!.placedAt,
      ...pay,
      paidLineIds: row.order_id ? await repo.takenLineIds(db, ctx.tenantId, { qrOrderId: row.id }) : [],
      bill,
    };
  }

  async function placedResult(db: Executor, ctx: ServiceContext, row: repo.QrOrderRow) {
    return {
      order: await customerView(db, ctx, row),
      customerToken: signCustomerToken(deps.secret, { tenantId: ctx.tenantId, qrOrderId: row.id }),
    };
  }

  return {
    customerView,

    /** The customer a customer token belongs to, with its order; 404 for a forged or unknown token. */
    async resolveCustomer(db: Executor, token: string) {
      const claims = readCustomerToken(deps.secret, token);
      const row = claims ? await repo.findQrOrder(db, claims.tenantId, claims.qrOrderId) : undefined;
      if (!claims || !row) {
        throw new AppError('qr_orders.not_found', 'This order link is not valid.');
      }
      const principal: TenantPrincipal = {
        kind: 'customer',
        tenantId: claims.tenantId as TenantId,
        outletId: row.outlet_id,
        tableId: row.table_id,
      };
      return { principal, row };
    },

    /** `qr.scanned`: someone opened the table's page (staff see guests arriving). */
    scanned(ctx: ServiceContext, table: { id: string; name: string; outletId: string }) {
      ctx.emit({
        type: 'qr.scanned',
        version: 1,
        topic: 'orders',
        outletId: table.outletId,
        payload: { tableId: table.id, tableName: table.name, outletId: table.outletId },
      });
    },

    /**
     * Places an order from the table (the customer's principal names it). Idempotent by the
     * phone's `id`: sending it again returns the same order. The table's row is locked, so the
     * cap on orders waiting for staff holds under concurrent phones.
     */
    async place(
      tx: Tx,
      ctx: ServiceContext,
      table: { id: string; name: string; outletId: string },
      input: PlaceQrOrderInput,
      ip: string,
    ) {
      await repo.lockTable(tx, ctx.tenantId, table.id);
      const existing = await repo.findQrOrder(tx, ctx.tenantId, input.id);
      if (existing) {
        if (existing.table_id !== table.id) {
          throw new AppError('qr_orders.already_exists', 'An order with this id exists already.', {
            id: input.id,
          });
        }
        return placedResult(tx, ctx, existing);
      }
      const settings = await repo.getSettings(tx, ctx.tenantId);
      const itemCount = assertQuantities(input.lines, settings);
      assertPendingBelow(await repo.countPending(tx, ctx.tenantId, table.id), settings);
      // Priced and checked exactly as the order will be (sold out, modifiers, variants).
      const priced = await orders.calculate(tx, ctx, {
        outletId: table.outletId,
        diningOption: 'dine_in',
        lines: input.lines.map((l) => ({ ...l })),
      });
      const lines: StoredLine[] = input.lines.map((l, i) => ({
        itemId: l.itemId,
        variantId: l.variantId,
        name: priced.lines[i]!.name,
        variantName: priced.lines[i]!.variantName,
        quantity: l.quantity,
        modifierOptionIds: l.modifierOptionIds ?? [],
        notes: l.notes ?? null,
        total: priced.lines[i]!.total,
      }));
      const row = await repo.insertQrOrder(tx, {
        tenant_id: ctx.tenantId,
        id: input.id,
        outlet_id: table.outletId,
        table_id: table.id,
        status: 'pending',
        lines: JSON.stringify(lines),
        item_count: itemCount,
        total: priced.total,
        currency: priced.currency,
        note: input.note ?? null,
        placed_ip: ip,
        placed_at: clock.now(),
      });
      if (!row) {
        throw new AppError('qr_orders.already_exists', 'An order with this id exists already.', {
          id: input.id,
        });
      }
      const dto = dtoOf(row, table.name);
      ctx.emit(qrEvent('qr.order.placed', dto));
      ctx.audit({
        action: 'qr_order.placed',
        targetType: 'qr_order',
        targetId: row.id,
        after: { tableId: table.id, items: itemCount, total: dto.total },
      });
      const final = settings.autoAccept ? await accept(tx, ctx, row) : dto;
      const stored = (await repo.findQrOrder(tx, ctx.tenantId, final.id))!;
      return placedResult(tx, ctx, stored);
    },

    /** Staff accept: the lines go onto the table's open order (or a new one) and to the kitchen. */
    async accept(tx: Tx, ctx: ServiceContext, id: string) {
      return accept(tx, ctx, await pendingRow(tx, ctx, id));
    },

    /** Staff reject (a prank, an item they cannot make): the customer sees why. */
    async reject(tx: Tx, ctx: ServiceContext, id: string, reason: string) {
      await pendingRow(tx, ctx, id);
      const decided = await repo.decideQrOrder(tx, ctx.tenantId, id, {
        status: 'rejected',
        reject_reason: reason,
        decided_by: actorRefOf(ctx.principal),
        decided_at: clock.now(),
      });
      const [dto] = await named(tx, ctx.tenantId, [decided!]);
      ctx.emit(qrEvent('qr.order.rejected', dto!, { reason }));
      ctx.audit({ action: 'qr_order.rejected', targetType: 'qr_order', targetId: id, after: { reason } });
      return dto!;
    },

    async get(db: Executor, ctx: ServiceContext, id: string) {
      const row = await repo.findQrOrder(db, ctx.tenantId, id);
      if (!row) {
        throw new AppError('qr_orders.not_found', 'No such QR order.', { id });
      }
      assertOutletAccess(ctx, row.outlet_id);
      return (await named(db, ctx.tenantId, [row]))[0]!;
    },

    /** Newest first; `status=pending` is the staff's to-accept list. */
    async list(
      db: Executor,
      ctx: ServiceContext,
      q: { outletId?: string; tableId?: string; status?: string; cursor?: string; limit?: number },
    ) {
      const limit = q.limit ?? 50;
      const after = decodeCursor(q.cursor, ['timestamp', 'uuid'] as const);
      if (q.outletId) {
        assertOutletAccess(ctx, q.outletId);
      }
      const rows = await repo.listQrOrders(db, ctx.tenantId, {
        outletIds: outletFilter(ctx),
        outletId: q.outletId,
        status: q.status,
        tableId: q.tableId,
        after: after ? { placedAt: after[0].toISOString(), id: after[1] } : undefined,
        limit: limit + 1,
      });
      const page = toPage(rows, limit, (r) => [r.placed_at, r.id]);
      return { items: await named(db, ctx.tenantId, page.items), nextCursor: page.nextCursor };
    },
  };
}
export type QrOrders = ReturnType<typeof createQrOrders>;
