import { mulDiv } from './costing.ts';
import type { LevelDto, MovementDto, RecipeDto } from './inventory.contracts.ts';
import type * as repo from './inventory.repo.ts';
import type * as recipesRepo from './recipes.repo.ts';
import { formatQty, UNITS, type Dimension, type Unit } from './units.ts';

const num = (v: string | number) => Number(v);
const iso = (d: Date | string) => new Date(d).toISOString();

export function stockItemDto(r: repo.StockItemRow) {
  return {
    id: r.id,
    name: r.name,
    sku: r.sku,
    kind: r.kind as 'ingredient' | 'retail',
    dimension: r.dimension as 'mass' | 'volume' | 'count',
    stockUnit: r.stock_unit,
    purchaseUnit: r.purchase_unit,
    purchaseUnitQty: num(r.purchase_unit_qty),
    archived: r.archived_at !== null,
    createdAt: iso(r.created_at),
  };
}

export function levelDto(r: Awaited<ReturnType<typeof repo.listLevelRows>>[number]): LevelDto {
  const qty = num(r.qty);
  const value = num(r.value);
  const unit = r.stock_unit as Unit;
  const factor = UNITS[unit].base;
  const reorder = r.reorder_level === null ? null : num(r.reorder_level);
  const basisQty = num(r.basis_qty);
  return {
    outletId: r.outlet_id,
    stockItemId: r.stock_item_id,
    name: r.name,
    kind: r.kind as 'ingredient' | 'retail',
    stockUnit: unit,
    qty,
    display: formatQty(qty, unit),
    value,
    unitCost:
      qty > 0 ? mulDiv(value, factor, qty) : basisQty > 0 ? mulDiv(num(r.basis_value), factor, basisQty) : 0,
    reorderLevel: reorder,
    low: reorder !== null && qty <= reorder,
  };
}

export function movementDto(r: repo.MovementRow): MovementDto {
  return {
    id: r.id,
    outletId: r.outlet_id,
    stockItemId: r.stock_item_id,
    reason: r.reason as MovementDto['reason'],
    qtyDelta: num(r.qty_delta),
    valueDelta: num(r.value_delta),
    qtyAfter: num(r.qty_after),
    valueAfter: num(r.value_after),
    occurredAt: iso(r.occurred_at),
    recordedAt: iso(r.recorded_at),
    orderId: r.order_id,
    orderLineId: r.order_line_id,
    refundId: r.refund_id,
    purchaseOrderId: r.purchase_order_id,
    transferId: r.transfer_id,
    countId: r.count_id,
    note: r.note,
    actor: r.actor,
  };
}

export function recipeDto(r: Awaited<ReturnType<typeof recipesRepo.currentRecipes>>[number]): RecipeDto {
  return {
    id: r.id,
    targetType: r.target_type as RecipeDto['targetType'],
    targetId: r.target_id,
    version: r.version,
    yieldBp: r.yield_bp,
    effectiveFrom: iso(r.effective_from),
    createdAt: iso(r.created_at),
    lines: r.lines.map((l) => ({ stockItemId: l.stock_item_id, qty: num(l.qty) })),
  };
}

/** The item's unit context (for converting what people type into base units). */
export function unitsOf(r: repo.StockItemRow) {
  return {
    dimension: r.dimension as Dimension,
    purchaseUnit: r.purchase_unit,
    purchaseUnitQty: Number(r.purchase_unit_qty),
  };
}
