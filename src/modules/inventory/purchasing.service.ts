import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { actorRefOf, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { assertOutletAccess, outletFilter } from '../identity/index.ts';
import { shareOf } from './costing.ts';
import * as repo from './inventory.repo.ts';
import type {
  PurchaseOrderDto,
  PurchaseOrderInput,
  ReceiveInput,
  SupplierInput,
  TransferDto,
  TransferInput,
} from './purchasing.contracts.ts';
import * as prepo from './purchasing.repo.ts';
import { applyMovements } from './stock-ledger.ts';
import { toBase, type Dimension } from './units.ts';
import { unitsOf } from './inventory.service.ts';

const num = (v: string | number) => Number(v);
const iso = (d: Date | string) => new Date(d).toISOString();

/** Purchase orders: draft → sent → partially received → received; canceled before it is all in. */
export const PO_TRANSITIONS: Record<string, readonly string[]> = {
  draft: ['sent', 'canceled'],
  sent: ['partially_received', 'received', 'canceled'],
  partially_received: ['partially_received', 'received', 'canceled'],
  received: [],
  canceled: [],
};

export function assertPoTransition(from: string, to: string): void {
  if (!PO_TRANSITIONS[from]?.includes(to)) {
    throw new AppError(
      'purchase_orders.invalid_transition',
      `A ${from} purchase order cannot become ${to}.`,
      { from, to },
    );
  }
}

function supplierDto(r: Awaited<ReturnType<typeof prepo.getSupplierRow>>) {
  return {
    id: r.id,
    name: r.name,
    contact: r.contact,
    phone: r.phone,
    email: r.email,
    createdAt: iso(r.created_at),
  };
}

function poDto(
  p: prepo.PurchaseOrderRow,
  lines: Awaited<ReturnType<typeof prepo.purchaseOrderLines>>,
): PurchaseOrderDto {
  const own = lines.filter((l) => l.purchase_order_id === p.id);
  return {
    id: p.id,
    outletId: p.outlet_id,
    supplierId: p.supplier_id,
    supplierName: p.supplier_name,
    status: p.status as PurchaseOrderDto['status'],
    note: p.note,
    createdAt: iso(p.created_at),
    sentAt: p.sent_at ? iso(p.sent_at) : null,
    total: own.reduce((s, l) => s + num(l.cost_ordered), 0),
    lines: own.map((l) => ({
      id: l.id,
      stockItemId: l.stock_item_id,
      name: l.name,
      stockUnit: l.stock_unit,
      purchaseUnit: l.purchase_unit,
      purchaseUnitQty: num(l.purchase_unit_qty),
      qtyOrdered: num(l.qty_ordered),
      costOrdered: num(l.cost_ordered),
      qtyReceived: num(l.qty_received),
      costReceived: num(l.cost_received),
    })),
  };
}

function transferDto(
  t: prepo.TransferRow,
  lines: Awaited<ReturnType<typeof prepo.transferLines>>,
): TransferDto {
  const own = lines.filter((l) => l.transfer_id === t.id);
  return {
    id: t.id,
    fromOutletId: t.from_outlet_id,
    toOutletId: t.to_outlet_id,
    status: t.status as TransferDto['status'],
    note: t.note,
    sentAt: iso(t.sent_at),
    receivedAt: t.received_at ? iso(t.received_at) : null,
    value: own.reduce((s, l) => s + num(l.value), 0),
    lines: own.map((l) => ({
      stockItemId: l.stock_item_id,
      name: l.name,
      stockUnit: l.stock_unit,
      qty: num(l.qty),
      value: num(l.value),
    })),
  };
}

/** Suppliers, purchase orders (receiving with cost) and transfers between outlets. */
export function createPurchasingService(deps: { clock: Clock }) {
  const { clock } = deps;
  const occurred = (at: string | undefined, now: Date) => (at ? new Date(at) : now);

  async function loadPo(db: Executor, tenantId: string, id: string) {
    const p = await prepo.getPurchaseOrderRow(db, tenantId, id);
    return poDto(p, await prepo.purchaseOrderLines(db, tenantId, [id]));
  }
  async function loadTransfer(db: Executor, tenantId: string, id: string) {
    const t = await prepo.getTransferRow(db, tenantId, id);
    return transferDto(t, await prepo.transferLines(db, tenantId, [id]));
  }

  async function itemsById(db: Executor, tenantId: string, ids: string[]) {
    if (new Set(ids).size !== ids.length) {
      throw new AppError('inventory.invalid', 'Name each stock item once.', { field: 'lines' });
    }
    const items = new Map((await repo.getStockItemRows(db, tenantId, ids)).map((i) => [i.id, i]));
    const missing = ids.filter((id) => !items.has(id));
    if (missing.length) {
      throw new AppError('stock_items.not_found', 'Unknown stock items.', { ids: missing });
    }
    return items;
  }

  return {
    async createSupplier(tx: Tx, ctx: ServiceContext, input: SupplierInput) {
      const row = await prepo.insertSupplier(tx, {
        tenant_id: ctx.tenantId,
        id: input.id ?? newId(),
        name: input.name,
        contact: input.contact ?? null,
        phone: input.phone ?? null,
        email: input.email ?? null,
        created_at: clock.now(),
      });
      ctx.audit({
        action: 'supplier.created',
        targetType: 'supplier',
        targetId: row.id,
        after: supplierDto(row),
      });
      return supplierDto(row);
    },

    async listSuppliers(db: Executor, ctx: ServiceContext, q: { cursor?: string; limit?: number }) {
      const limit = q.limit ?? 100;
      const after = decodeCursor(q.cursor, ['string', 'uuid'] as const);
      const rows = await prepo.listSupplierRows(db, ctx.tenantId, { ...(after ? { after } : {}), limit });
      return toPage(rows, limit, (r) => [r.name, r.id], supplierDto);
    },

    async createPurchaseOrder(tx: Tx, ctx: ServiceContext, input: PurchaseOrderInput) {
      assertOutletAccess(ctx, input.outletId);
      await repo.assertOutletExists(tx, ctx.tenantId, input.outletId);
      await prepo.getSupplierRow(tx, ctx.tenantId, input.supplierId);
      const items = await itemsById(
        tx,
        ctx.tenantId,
        input.lines.map((l) => l.stockItemId),
      );
      const now = clock.now();
      const id = input.id ?? newId();
      await prepo.insertPurchaseOrder(
        tx,
        {
          tenant_id: ctx.tenantId,
          id,
          outlet_id: input.outletId,
          supplier_id: input.supplierId,
          status: 'draft',
          note: input.note ?? null,
          created_at: now,
          updated_at: now,
        },
        input.lines.map((l, i) => ({
          tenant_id: ctx.tenantId,
          purchase_order_id: id,
          id: newId(),
          line_no: i + 1,
          stock_item_id: l.stockItemId,
          // Ordered in purchase units unless said otherwise.
          qty_ordered: toBase(
            l.amount.quantity,
            l.amount.unit ?? 'purchase',
            unitsOf(items.get(l.stockItemId)!),
          ),
          cost_ordered: l.cost,
        })),
      );
      const dto = await loadPo(tx, ctx.tenantId, id);
      ctx.audit({ action: 'purchase_order.created', targetType: 'purchase_order', targetId: id, after: dto });
      return dto;
    },

    async getPurchaseOrder(db: Executor, ctx: ServiceContext, id: string) {
      const dto = await loadPo(db, ctx.tenantId, id);
      assertOutletAccess(ctx, dto.outletId);
      return dto;
    },

    async listPurchaseOrders(
      db: Executor,
      ctx: ServiceContext,
      q: { cursor?: string; limit?: number; outletId?: string; status?: string },
    ) {
      if (q.outletId) {
        assertOutletAccess(ctx, q.outletId);
      }
      const limit = q.limit ?? 100;
      const before = decodeCursor(q.cursor, ['timestamp', 'uuid'] as const);
      const rows = await prepo.listPurchaseOrderRows(db, ctx.tenantId, {
        ...(q.outletId ? { outletId: q.outletId } : {}),
        ...(q.status ? { status: q.status } : {}),
        outletIds: outletFilter(ctx),
        ...(before ? { before } : {}),
        limit,
      });
      const lines = await prepo.purchaseOrderLines(
        db,
        ctx.tenantId,
        rows.slice(0, limit).map((r) => r.id),
      );
      return toPage(
        rows,
        limit,
        (r) => [new Date(r.created_at), r.id],
        (r) => poDto(r, lines),
      );
    },

    async sendPurchaseOrder(tx: Tx, ctx: ServiceContext, id: string) {
      const p = await prepo.getPurchaseOrderRow(tx, ctx.tenantId, id, true);
      assertOutletAccess(ctx, p.outlet_id);
      assertPoTransition(p.status, 'sent');
      const now = clock.now();
      await prepo.setPurchaseOrderStatus(tx, ctx.tenantId, id, {
        status: 'sent',
        sent_at: now,
        updated_at: now,
      });
      ctx.audit({
        action: 'purchase_order.sent',
        targetType: 'purchase_order',
        targetId: id,
        before: { status: p.status },
      });
      return loadPo(tx, ctx.tenantId, id);
    },

    async cancelPurchaseOrder(tx: Tx, ctx: ServiceContext, id: string) {
      const p = await prepo.getPurchaseOrderRow(tx, ctx.tenantId, id, true);
      assertOutletAccess(ctx, p.outlet_id);
      assertPoTransition(p.status, 'canceled');
      await prepo.setPurchaseOrderStatus(tx, ctx.tenantId, id, {
        status: 'canceled',
        updated_at: clock.now(),
      });
      ctx.audit({
        action: 'purchase_order.canceled',
        targetType: 'purchase_order',
        targetId: id,
        before: { status: p.status },
      });
      return loadPo(tx, ctx.tenantId, id);
    },

    /**
     * Receives goods against a sent order, in part or in full: each line's stock comes in at its
     * cost (what was paid, else its share of the ordered cost on the running total), the level's
     * average moves, and the value is owed to the supplier (accounts payable).
     */
    async receivePurchaseOrder(tx: Tx, ctx: ServiceContext, id: string, input: ReceiveInput) {
      const p = await prepo.getPurchaseOrderRow(tx, ctx.tenantId, id, true);
      assertOutletAccess(ctx, p.outlet_id);
      const lines = new Map((await prepo.purchaseOrderLines(tx, ctx.tenantId, [id])).map((l) => [l.id, l]));
      const seen = new Set<string>();
      const received = input.lines.map((r) => {
        const l = lines.get(r.lineId);
        if (!l) {
          throw new AppError('purchase_order_lines.not_found', 'No such line on this purchase order.', {
            id: r.lineId,
          });
        }
        if (seen.has(r.lineId)) {
          throw new AppError('inventory.invalid', 'Name each line once.', { field: 'lines' });
        }
        seen.add(r.lineId);
        const units = {
          dimension: l.dimension as Dimension,
          purchaseUnit: l.purchase_unit,
          purchaseUnitQty: num(l.purchase_unit_qty),
        };
        const qty = toBase(r.amount.quantity, r.amount.unit ?? 'purchase', units);
        const ordered = num(l.qty_ordered);
        const before = num(l.qty_received);
        if (before + qty > ordered) {
          throw new AppError('purchase_orders.over_received', 'More than was ordered on this line.', {
            lineId: l.id,
            remaining: ordered - before,
          });
        }
        const cost = r.cost ?? shareOf(num(l.cost_ordered), ordered, before, qty);
        return { line: l, qty, cost, complete: before + qty === ordered };
      });
      const complete = [...lines.values()].every(
        (l) =>
          received.find((r) => r.line.id === l.id)?.complete ?? num(l.qty_received) >= num(l.qty_ordered),
      );
      const to = complete ? 'received' : 'partially_received';
      assertPoTransition(p.status, to);
      const now = clock.now();
      await applyMovements(
        tx,
        ctx,
        received.map((r) => ({
          outletId: p.outlet_id,
          stockItemId: r.line.stock_item_id,
          reason: 'receiving' as const,
          qtyDelta: r.qty,
          value: r.cost,
          occurredAt: occurred(input.occurredAt, now),
          purchaseOrderId: id,
          note: input.note ?? null,
        })),
        { actor: actorRefOf(ctx.principal), now, memo: `purchase order ${id}` },
      );
      for (const r of received) {
        await prepo.addReceived(tx, ctx.tenantId, r.line.id, r.qty, r.cost);
      }
      await prepo.setPurchaseOrderStatus(tx, ctx.tenantId, id, { status: to, updated_at: now });
      ctx.audit({
        action: 'purchase_order.received',
        targetType: 'purchase_order',
        targetId: id,
        before: { status: p.status },
        after: { status: to, lines: received.map((r) => ({ lineId: r.line.id, qty: r.qty, cost: r.cost })) },
      });
      return loadPo(tx, ctx.tenantId, id);
    },

    /** Sends stock to another outlet: it leaves now at its cost and is in transit until received. */
    async createTransfer(tx: Tx, ctx: ServiceContext, input: TransferInput) {
      if (input.fromOutletId === input.toOutletId) {
        throw new AppError('inventory.invalid', 'A transfer goes to another outlet.', {
          field: 'toOutletId',
        });
      }
      assertOutletAccess(ctx, input.fromOutletId);
      await repo.assertOutletExists(tx, ctx.tenantId, input.fromOutletId);
      await repo.assertOutletExists(tx, ctx.tenantId, input.toOutletId);
      const items = await itemsById(
        tx,
        ctx.tenantId,
        input.lines.map((l) => l.stockItemId),
      );
      const now = clock.now();
      const at = occurred(input.occurredAt, now);
      const id = input.id ?? newId();
      const applied = await applyMovements(
        tx,
        ctx,
        input.lines.map((l) => ({
          outletId: input.fromOutletId,
          stockItemId: l.stockItemId,
          reason: 'transfer_out' as const,
          qtyDelta: -toBase(l.amount.quantity, l.amount.unit, unitsOf(items.get(l.stockItemId)!)),
          occurredAt: at,
          transferId: id,
          note: input.note ?? null,
        })),
        { actor: actorRefOf(ctx.principal), now, memo: `transfer ${id}` },
      );
      await prepo.insertTransfer(
        tx,
        {
          tenant_id: ctx.tenantId,
          id,
          from_outlet_id: input.fromOutletId,
          to_outlet_id: input.toOutletId,
          status: 'in_transit',
          note: input.note ?? null,
          sent_at: at,
        },
        applied.map((a) => ({
          tenant_id: ctx.tenantId,
          transfer_id: id,
          stock_item_id: a.input.stockItemId,
          qty: -a.qtyDelta,
          value: -a.valueDelta,
        })),
      );
      const dto = await loadTransfer(tx, ctx.tenantId, id);
      ctx.audit({ action: 'stock_transfer.sent', targetType: 'stock_transfer', targetId: id, after: dto });
      return dto;
    },

    /** The receiving outlet takes a transfer in, at exactly the cost that left the sender. */
    async receiveTransfer(tx: Tx, ctx: ServiceContext, id: string, input: { occurredAt?: string }) {
      const t = await prepo.getTransferRow(tx, ctx.tenantId, id, true);
      assertOutletAccess(ctx, t.to_outlet_id);
      if (t.status !== 'in_transit') {
        throw new AppError('stock_transfers.invalid_transition', 'This transfer was received already.', {
          transferStatus: t.status,
        });
      }
      const now = clock.now();
      const lines = await prepo.transferLines(tx, ctx.tenantId, [id]);
      await applyMovements(
        tx,
        ctx,
        lines.map((l) => ({
          outletId: t.to_outlet_id,
          stockItemId: l.stock_item_id,
          reason: 'transfer_in' as const,
          qtyDelta: num(l.qty),
          value: num(l.value),
          occurredAt: occurred(input.occurredAt, now),
          transferId: id,
        })),
        { actor: actorRefOf(ctx.principal), now, memo: `transfer ${id}` },
      );
      await prepo.markTransferReceived(tx, ctx.tenantId, id, occurred(input.occurredAt, now));
      ctx.audit({ action: 'stock_transfer.received', targetType: 'stock_transfer', targetId: id });
      return loadTransfer(tx, ctx.tenantId, id);
    },

    async getTransfer(db: Executor, ctx: ServiceContext, id: string) {
      const dto = await loadTransfer(db, ctx.tenantId, id);
      const ids = outletFilter(ctx);
      if (ids && !ids.includes(dto.fromOutletId) && !ids.includes(dto.toOutletId)) {
        throw new AppError('auth.outlet_forbidden', 'You may not act in this outlet.', {
          outletId: dto.toOutletId,
        });
      }
      return dto;
    },

    async listTransfers(
      db: Executor,
      ctx: ServiceContext,
      q: { cursor?: string; limit?: number; outletId?: string; status?: string },
    ) {
      if (q.outletId) {
        assertOutletAccess(ctx, q.outletId);
      }
      const limit = q.limit ?? 100;
      const before = decodeCursor(q.cursor, ['timestamp', 'uuid'] as const);
      const rows = await prepo.listTransferRows(db, ctx.tenantId, {
        ...(q.outletId ? { outletId: q.outletId } : {}),
        ...(q.status ? { status: q.status } : {}),
        outletIds: outletFilter(ctx),
        ...(before ? { before } : {}),
        limit,
      });
      const lines = await prepo.transferLines(
        db,
        ctx.tenantId,
        rows.slice(0, limit).map((r) => r.id),
      );
      return toPage(
        rows,
        limit,
        (r) => [new Date(r.sent_at), r.id],
        (r) => transferDto(r, lines),
      );
    },
  };
}
export type PurchasingService = ReturnType<typeof createPurchasingService>;
