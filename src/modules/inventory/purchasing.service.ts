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
} from './purchasing.contracts.ts';
import { itemsById, iso, num, occurred, pageWithLines } from './purchasing-shared.ts';
import * as prepo from './purchasing.repo.ts';
import { createTransfersService } from './transfers.service.ts';
import { applyMovements } from './stock-ledger.ts';
import { toBase, type Dimension } from './units.ts';
import { unitsOf } from './inventory-view.ts';

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

/** Suppliers, purchase orders (receiving with cost) and transfers between outlets. */
export function createPurchasingService(deps: { clock: Clock }) {
  const { clock } = deps;

  async function loadPo(db: Executor, tenantId: string, id: string) {
    const p = await prepo.getPurchaseOrderRow(db, tenantId, id);
    return poDto(p, await prepo.purchaseOrderLines(db, tenantId, [id]));
  }
  return {
    ...createTransfersService(deps),

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
      return pageWithLines(
        rows,
        limit,
        (ids) => prepo.purchaseOrderLines(db, ctx.tenantId, ids),
        (r) => [new Date(r.created_at), r.id],
        poDto,
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
  };
}
export type PurchasingService = ReturnType<typeof createPurchasingService>;
