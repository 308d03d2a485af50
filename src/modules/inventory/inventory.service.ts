import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { actorRefOf, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { decodeCursor, toPage, type PageOf } from '../../platform/http/pagination.ts';
import { assertOutletAccess, outletFilter } from '../identity/index.ts';
import { refreshAvailability } from './availability.ts';
import type {
  AdjustmentInput,
  CountInput,
  CreateStockItemInput,
  LevelDto,
  MovementDto,
  UpdateStockItemInput,
} from './inventory.contracts.ts';
import { levelDto, movementDto, stockItemDto, unitsOf } from './inventory-view.ts';
import * as repo from './inventory.repo.ts';
import { createRecipesService } from './recipes.service.ts';
import { applyMovements, type AppliedMovement } from './stock-ledger.ts';
import { DEFAULT_UNIT, toBase, UNITS, unitFits, type Dimension } from './units.ts';

/** A movement just applied, as the API shows it. */
export function appliedDto(a: AppliedMovement, actor: string, now: Date): MovementDto {
  const m = a.input;
  return {
    id: a.id,
    outletId: m.outletId,
    stockItemId: m.stockItemId,
    reason: m.reason,
    qtyDelta: a.qtyDelta,
    valueDelta: a.valueDelta,
    qtyAfter: a.qtyAfter,
    valueAfter: a.valueAfter,
    occurredAt: m.occurredAt.toISOString(),
    recordedAt: now.toISOString(),
    orderId: m.orderId ?? null,
    orderLineId: m.orderLineId ?? null,
    refundId: m.refundId ?? null,
    purchaseOrderId: m.purchaseOrderId ?? null,
    transferId: m.transferId ?? null,
    countId: m.countId ?? null,
    note: m.note ?? null,
    actor,
  };
}

/** Stock items, levels, movements, adjustments, counts, settings and recipes. */
export function createInventoryService(deps: { clock: Clock }) {
  const { clock } = deps;
  const occurred = (at: string | undefined, now: Date) => (at ? new Date(at) : now);

  async function liveItem(db: Executor, tenantId: string, id: string) {
    const item = await repo.getStockItemRow(db, tenantId, id);
    if (item.archived_at) {
      throw new AppError('stock_items.archived', 'This stock item is archived.', { id });
    }
    return item;
  }

  async function level(
    db: Executor,
    ctx: ServiceContext,
    outletId: string,
    stockItemId: string,
  ): Promise<LevelDto> {
    const [row] = await repo.listLevelRows(db, ctx.tenantId, {
      outletId,
      stockItemId,
      outletIds: null,
      limit: 1,
    });
    if (!row) {
      throw new AppError('stock_levels.not_found', 'No stock of this item at this outlet yet.');
    }
    return levelDto(row);
  }

  return {
    ...createRecipesService(deps),

    async createItem(tx: Tx, ctx: ServiceContext, input: CreateStockItemInput) {
      const now = clock.now();
      const dimension = input.dimension;
      const stockUnit = input.stockUnit ?? DEFAULT_UNIT[dimension];
      if (!unitFits(stockUnit, dimension)) {
        throw new AppError('inventory.unit_mismatch', `${String(stockUnit)} does not measure ${dimension}.`, {
          field: 'stockUnit',
        });
      }
      const purchaseUnit = input.purchaseUnit ?? stockUnit;
      const ctxUnits = { dimension, purchaseUnit: stockUnit, purchaseUnitQty: UNITS[stockUnit].base };
      const purchaseUnitQty = input.purchaseUnitSize
        ? toBase(input.purchaseUnitSize.quantity, input.purchaseUnitSize.unit, ctxUnits)
        : unitFits(purchaseUnit, dimension)
          ? UNITS[purchaseUnit].base
          : UNITS[stockUnit].base;
      if (purchaseUnitQty <= 0) {
        throw new AppError('inventory.invalid', 'A purchase unit holds a positive quantity.', {
          field: 'purchaseUnitSize',
        });
      }
      const row = await repo.insertStockItem(tx, {
        tenant_id: ctx.tenantId,
        id: input.id ?? newId(),
        name: input.name,
        sku: input.sku ?? null,
        kind: input.kind,
        dimension,
        stock_unit: stockUnit,
        purchase_unit: purchaseUnit,
        purchase_unit_qty: purchaseUnitQty,
        created_at: now,
        updated_at: now,
      });
      ctx.audit({
        action: 'stock_item.created',
        targetType: 'stock_item',
        targetId: row.id,
        after: stockItemDto(row),
      });
      return stockItemDto(row);
    },

    async updateItem(tx: Tx, ctx: ServiceContext, id: string, input: UpdateStockItemInput) {
      const before = await repo.getStockItemRow(tx, ctx.tenantId, id);
      const dimension = before.dimension as Dimension;
      if (input.stockUnit !== undefined && !unitFits(input.stockUnit, dimension)) {
        throw new AppError(
          'inventory.unit_mismatch',
          `${String(input.stockUnit)} does not measure ${dimension}.`,
          {
            field: 'stockUnit',
          },
        );
      }
      const row = await repo.updateStockItem(tx, ctx.tenantId, id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.sku !== undefined ? { sku: input.sku } : {}),
        ...(input.stockUnit !== undefined ? { stock_unit: input.stockUnit } : {}),
        ...(input.purchaseUnit !== undefined ? { purchase_unit: input.purchaseUnit } : {}),
        ...(input.purchaseUnitSize !== undefined
          ? {
              purchase_unit_qty: toBase(
                input.purchaseUnitSize.quantity,
                input.purchaseUnitSize.unit,
                unitsOf(before),
              ),
            }
          : {}),
        ...(input.archived !== undefined
          ? { archived_at: input.archived ? (before.archived_at ?? clock.now()) : null }
          : {}),
        updated_at: clock.now(),
      });
      ctx.audit({
        action: 'stock_item.updated',
        targetType: 'stock_item',
        targetId: id,
        before: stockItemDto(before),
        after: stockItemDto(row),
      });
      return stockItemDto(row);
    },

    async getItem(db: Executor, ctx: ServiceContext, id: string) {
      return stockItemDto(await repo.getStockItemRow(db, ctx.tenantId, id));
    },

    async listItems(
      db: Executor,
      ctx: ServiceContext,
      q: { cursor?: string; limit?: number; archived?: boolean },
    ) {
      const limit = q.limit ?? 100;
      const after = decodeCursor(q.cursor, ['string', 'uuid'] as const);
      const rows = await repo.listStockItemRows(db, ctx.tenantId, {
        ...(after ? { after } : {}),
        limit,
        ...(q.archived ? { includeArchived: true } : {}),
      });
      return toPage(rows, limit, (r) => [r.name, r.id], stockItemDto);
    },

    async listLevels(
      db: Executor,
      ctx: ServiceContext,
      q: { cursor?: string; limit?: number; outletId?: string; stockItemId?: string },
    ): Promise<PageOf<LevelDto>> {
      if (q.outletId) {
        assertOutletAccess(ctx, q.outletId);
      }
      const limit = q.limit ?? 100;
      const after = decodeCursor(q.cursor, ['string', 'uuid', 'uuid'] as const);
      const rows = await repo.listLevelRows(db, ctx.tenantId, {
        ...(q.outletId ? { outletId: q.outletId } : {}),
        ...(q.stockItemId ? { stockItemId: q.stockItemId } : {}),
        outletIds: outletFilter(ctx),
        ...(after ? { after } : {}),
        limit,
      });
      return toPage(rows, limit, (r) => [r.name, r.outlet_id, r.stock_item_id], levelDto);
    },

    async setReorderLevel(
      tx: Tx,
      ctx: ServiceContext,
      input: {
        outletId: string;
        stockItemId: string;
        reorderLevel: { quantity: number; unit?: string } | null;
      },
    ): Promise<LevelDto> {
      assertOutletAccess(ctx, input.outletId);
      await repo.assertOutletExists(tx, ctx.tenantId, input.outletId);
      const item = await liveItem(tx, ctx.tenantId, input.stockItemId);
      const reorder = input.reorderLevel
        ? toBase(input.reorderLevel.quantity, input.reorderLevel.unit, unitsOf(item))
        : null;
      await repo.setReorderLevel(tx, ctx.tenantId, input, reorder, clock.now());
      ctx.audit({
        action: 'stock_level.reorder_set',
        targetType: 'stock_item',
        targetId: item.id,
        after: { outletId: input.outletId, reorder },
      });
      return level(tx, ctx, input.outletId, input.stockItemId);
    },

    async listMovements(
      db: Executor,
      ctx: ServiceContext,
      q: { cursor?: string; limit?: number; outletId?: string; stockItemId?: string; orderId?: string },
    ): Promise<PageOf<MovementDto>> {
      if (q.outletId) {
        assertOutletAccess(ctx, q.outletId);
      }
      const limit = q.limit ?? 100;
      const before = decodeCursor(q.cursor, ['uuid'] as const);
      const rows = await repo.listMovementRows(db, ctx.tenantId, {
        ...(q.outletId ? { outletId: q.outletId } : {}),
        ...(q.stockItemId ? { stockItemId: q.stockItemId } : {}),
        ...(q.orderId ? { orderId: q.orderId } : {}),
        outletIds: outletFilter(ctx),
        ...(before ? { before: before[0] } : {}),
        limit,
      });
      return toPage(rows, limit, (r) => [r.id], movementDto);
    },

    /** An adjustment (signed, with a note) or waste (a quantity thrown away). */
    async adjust(tx: Tx, ctx: ServiceContext, input: AdjustmentInput): Promise<MovementDto> {
      assertOutletAccess(ctx, input.outletId);
      await repo.assertOutletExists(tx, ctx.tenantId, input.outletId);
      const item = await liveItem(tx, ctx.tenantId, input.stockItemId);
      let qty = toBase(input.change.quantity, input.change.unit, unitsOf(item));
      if (input.reason === 'waste') {
        qty = -Math.abs(qty);
      }
      if (qty === 0) {
        throw new AppError('inventory.invalid', 'An adjustment changes the level.', { field: 'change' });
      }
      const now = clock.now();
      const actor = actorRefOf(ctx.principal);
      const [a] = await applyMovements(
        tx,
        ctx,
        [
          {
            outletId: input.outletId,
            stockItemId: item.id,
            reason: input.reason,
            qtyDelta: qty,
            occurredAt: occurred(input.occurredAt, now),
            note: input.note ?? null,
          },
        ],
        { actor, now },
      );
      const dto = appliedDto(a!, actor, now);
      ctx.audit({ action: `stock.${input.reason}`, targetType: 'stock_item', targetId: item.id, after: dto });
      return dto;
    },

    /** A stock count: each counted level is set; the difference is the movement (a blind count sheet sends only counts). */
    async count(tx: Tx, ctx: ServiceContext, input: CountInput) {
      assertOutletAccess(ctx, input.outletId);
      await repo.assertOutletExists(tx, ctx.tenantId, input.outletId);
      const ids = input.lines.map((l) => l.stockItemId);
      if (new Set(ids).size !== ids.length) {
        throw new AppError('inventory.invalid', 'Count each item once.', { field: 'lines' });
      }
      const items = new Map((await repo.getStockItemRows(tx, ctx.tenantId, ids)).map((i) => [i.id, i]));
      const missing = ids.filter((id) => !items.has(id));
      if (missing.length) {
        throw new AppError('stock_items.not_found', 'Unknown stock items.', { ids: missing });
      }
      const now = clock.now();
      const actor = actorRefOf(ctx.principal);
      const countId = input.id ?? newId();
      const applied = await applyMovements(
        tx,
        ctx,
        input.lines.map((l) => ({
          outletId: input.outletId,
          stockItemId: l.stockItemId,
          reason: 'count' as const,
          qtyDelta: 0,
          counted: toBase(l.counted.quantity, l.counted.unit, unitsOf(items.get(l.stockItemId)!)),
          occurredAt: occurred(input.occurredAt, now),
          countId,
          note: input.note ?? null,
        })),
        { actor, now, memo: `count ${countId}` },
      );
      const movements = applied.map((a) => appliedDto(a, actor, now));
      ctx.audit({
        action: 'stock.counted',
        targetType: 'stock_count',
        targetId: countId,
        after: { outletId: input.outletId, lines: movements.length },
      });
      return { countId, movements };
    },

    async getSettings(db: Executor, ctx: ServiceContext, outletId: string) {
      assertOutletAccess(ctx, outletId);
      await repo.assertOutletExists(db, ctx.tenantId, outletId);
      return { outletId, negativeStock: await repo.getNegativePolicy(db, ctx.tenantId, outletId) };
    },

    async putSettings(
      tx: Tx,
      ctx: ServiceContext,
      outletId: string,
      input: { negativeStock: 'allow' | 'block' },
    ) {
      assertOutletAccess(ctx, outletId);
      await repo.assertOutletExists(tx, ctx.tenantId, outletId);
      const before = await repo.getNegativePolicy(tx, ctx.tenantId, outletId);
      const now = clock.now();
      await repo.putNegativePolicy(tx, ctx.tenantId, outletId, input.negativeStock, now);
      // Blocking marks what cannot be made sold out now; allowing clears what stock had marked.
      await refreshAvailability(tx, ctx, outletId, 'all', now);
      ctx.audit({
        action: 'inventory.settings_updated',
        targetType: 'outlet',
        targetId: outletId,
        before: { negativeStock: before },
        after: input,
      });
      return { outletId, negativeStock: input.negativeStock };
    },

    /** A level, for the routes that return one. */
    level,
  };
}
export type InventoryService = ReturnType<typeof createInventoryService>;
