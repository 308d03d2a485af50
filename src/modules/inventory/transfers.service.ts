import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { actorRefOf, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { decodeCursor } from '../../platform/http/pagination.ts';
import { assertOutletAccess, outletFilter } from '../identity/index.ts';
import * as repo from './inventory.repo.ts';
import { unitsOf } from './inventory-view.ts';
import type { TransferDto, TransferInput } from './purchasing.contracts.ts';
import { itemsById, iso, num, occurred, pageWithLines } from './purchasing-shared.ts';
import * as prepo from './purchasing.repo.ts';
import { applyMovements } from './stock-ledger.ts';
import { toBase } from './units.ts';

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

/** Transfers between outlets: stock leaves at its cost, is in transit, and arrives at that cost. */
export function createTransfersService(deps: { clock: Clock }) {
  const { clock } = deps;

  async function loadTransfer(db: Executor, tenantId: string, id: string) {
    const t = await prepo.getTransferRow(db, tenantId, id);
    return transferDto(t, await prepo.transferLines(db, tenantId, [id]));
  }

  return {
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
      return pageWithLines(
        rows,
        limit,
        (ids) => prepo.transferLines(db, ctx.tenantId, ids),
        (r) => [new Date(r.sent_at), r.id],
        transferDto,
      );
    },
  };
}
