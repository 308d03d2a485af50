import type { Tx } from '../../platform/db/db.ts';
import type { EventInput } from '../../platform/events/events.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { postEntries, postInventory, type Account, type EntryInput } from '../ledger/index.ts';
import { refreshAvailability } from './availability.ts';
import { applyDelta, averageValue, crossedReorder, issueCost, type LevelState } from './costing.ts';
import { lowStockEvent } from './inventory.events.ts';
import * as repo from './inventory.repo.ts';

const num = (v: string | number) => Number(v);

export const MOVEMENT_REASONS = [
  'sale',
  'return',
  'waste',
  'adjustment',
  'receiving',
  'transfer_out',
  'transfer_in',
  'count',
] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

/** Where each reason's value goes in the books (the other side of `inventory`). */
const COUNTER: Record<MovementReason, Account> = {
  sale: 'cost_of_goods_sold',
  return: 'cost_of_goods_sold',
  waste: 'inventory_waste',
  adjustment: 'inventory_adjustments',
  count: 'inventory_adjustments',
  receiving: 'accounts_payable',
  transfer_out: 'inventory_in_transit',
  transfer_in: 'inventory_in_transit',
};

/** Outflows a "block" outlet refuses below zero (a count or a return never goes below on its own). */
const BLOCKABLE = new Set<MovementReason>(['sale', 'waste', 'adjustment', 'transfer_out']);

export interface MovementInput {
  outletId: string;
  stockItemId: string;
  reason: MovementReason;
  /** Signed change in base units (ignored for a count, which says `counted`). */
  qtyDelta: number;
  /** A count: the level becomes this; the difference is the movement. */
  counted?: number;
  /** The value the movement carries in (receiving, a return, a transfer arriving); else the average. */
  value?: number;
  occurredAt: Date;
  orderId?: string | null;
  orderLineId?: string | null;
  refundId?: string | null;
  purchaseOrderId?: string | null;
  transferId?: string | null;
  countId?: string | null;
  note?: string | null;
  /** Goes below zero even where the outlet blocks it (a cooked dish voided: the food is gone). */
  allowNegative?: boolean;
}

export interface AppliedMovement {
  id: string;
  input: MovementInput;
  qtyDelta: number;
  valueDelta: number;
  qtyAfter: number;
  valueAfter: number;
}

export interface StockSink {
  tenantId: string;
  emit(e: EventInput): void;
}

const keyOf = (m: { outletId: string; stockItemId: string }) => `${m.outletId}/${m.stockItemId}`;

/**
 * The one writer of stock levels, in the caller's transaction. Locks the levels (in key order),
 * prices each movement at moving-average cost, refuses to go below zero where the outlet blocks
 * it (422 `inventory.insufficient_stock`, the whole request rolls back), moves each level with
 * `qty = qty + Δ`, appends the movements, posts their value to the ledger (one entry per outlet),
 * raises `inventory.low_stock` once per crossing of a reorder level, and, where the outlet blocks
 * negative stock, marks the dishes that can no longer be made sold out (and clears them again).
 */
export async function applyMovements(
  tx: Tx,
  sink: StockSink,
  inputs: readonly MovementInput[],
  o: { actor: string; now: Date; memo?: string },
): Promise<AppliedMovement[]> {
  if (inputs.length === 0) {
    return [];
  }
  const tenantId = sink.tenantId;
  const keys = [
    ...new Map(inputs.map((m) => [keyOf(m), { outletId: m.outletId, stockItemId: m.stockItemId }])).values(),
  ];
  await repo.ensureLevels(tx, tenantId, keys);
  const locked = await repo.lockLevels(tx, tenantId, keys);
  const before = new Map<string, LevelState & { reorder: number | null }>();
  for (const l of locked) {
    before.set(keyOf({ outletId: l.outlet_id, stockItemId: l.stock_item_id }), {
      qty: num(l.qty),
      value: num(l.value),
      basisQty: num(l.basis_qty),
      basisValue: num(l.basis_value),
      reorder: l.reorder_level === null ? null : num(l.reorder_level),
    });
  }
  const outlets = [...new Set(inputs.map((m) => m.outletId))];
  const policies = new Map<string, 'allow' | 'block'>();
  for (const outletId of outlets) {
    policies.set(outletId, await repo.getNegativePolicy(tx, tenantId, outletId));
  }
  const items = new Map(
    (
      await repo.getStockItemRows(
        tx,
        tenantId,
        keys.map((k) => k.stockItemId),
      )
    ).map((i) => [i.id, i]),
  );

  const state = new Map<string, LevelState>([...before].map(([k, v]) => [k, { ...v }]));
  const applied: AppliedMovement[] = [];
  for (const m of inputs) {
    const key = keyOf(m);
    const level = state.get(key)!;
    const qtyDelta = m.counted !== undefined ? m.counted - level.qty : m.qtyDelta;
    if (!Number.isSafeInteger(qtyDelta)) {
      throw new AppError('inventory.quantity_too_large', 'The quantity is too large.');
    }
    let valueDelta: number;
    if (m.value !== undefined) {
      valueDelta = m.value;
    } else if (qtyDelta < 0) {
      valueDelta = -issueCost(level, -qtyDelta);
    } else if (qtyDelta > 0) {
      valueDelta = averageValue(level, qtyDelta);
    } else {
      valueDelta = 0;
    }
    if (
      qtyDelta < 0 &&
      !m.allowNegative &&
      BLOCKABLE.has(m.reason) &&
      policies.get(m.outletId) === 'block' &&
      level.qty + qtyDelta < 0
    ) {
      const item = items.get(m.stockItemId);
      throw new AppError(
        'inventory.insufficient_stock',
        `Not enough ${item?.name ?? 'stock'} at this outlet.`,
        {
          outletId: m.outletId,
          stockItemId: m.stockItemId,
          available: level.qty,
          needed: -qtyDelta,
        },
      );
    }
    const next = applyDelta(level, qtyDelta, valueDelta);
    state.set(key, next);
    applied.push({ id: newId(), input: m, qtyDelta, valueDelta, qtyAfter: next.qty, valueAfter: next.value });
  }

  for (const k of keys) {
    const key = keyOf(k);
    const b = before.get(key)!;
    const s = state.get(key)!;
    const moved = await repo.moveLevel(tx, tenantId, k, {
      qty: s.qty - b.qty,
      value: s.value - b.value,
      basisQty: s.basisQty,
      basisValue: s.basisValue,
      now: o.now,
    });
    if (num(moved.qty) !== s.qty || num(moved.value) !== s.value) {
      // Cannot happen while the row is locked; refuse rather than write a level that disagrees.
      throw new Error(`stock level ${key} moved under its lock`);
    }
    const item = items.get(k.stockItemId)!;
    if (crossedReorder(b.reorder, b.qty, s.qty)) {
      sink.emit(
        lowStockEvent({
          outletId: k.outletId,
          stockItemId: k.stockItemId,
          name: item.name,
          unit: item.stock_unit,
          qty: s.qty,
          reorderLevel: b.reorder!,
        }),
      );
    }
  }

  await repo.insertMovements(
    tx,
    applied.map((a) => ({
      tenant_id: tenantId,
      id: a.id,
      outlet_id: a.input.outletId,
      stock_item_id: a.input.stockItemId,
      reason: a.input.reason,
      qty_delta: a.qtyDelta,
      value_delta: a.valueDelta,
      qty_after: a.qtyAfter,
      value_after: a.valueAfter,
      occurred_at: a.input.occurredAt,
      recorded_at: o.now,
      order_id: a.input.orderId ?? null,
      order_line_id: a.input.orderLineId ?? null,
      refund_id: a.input.refundId ?? null,
      purchase_order_id: a.input.purchaseOrderId ?? null,
      transfer_id: a.input.transferId ?? null,
      count_id: a.input.countId ?? null,
      note: a.input.note ?? null,
      actor: o.actor,
    })),
  );

  const currency = await repo.tenantCurrency(tx, tenantId);
  const entries: EntryInput[] = outlets.map((outletId) => {
    const here = applied.filter((a) => a.input.outletId === outletId);
    const orderIds = [...new Set(here.map((a) => a.input.orderId ?? null))];
    return {
      kind: 'inventory',
      currency,
      postedAt: o.now,
      outletId,
      orderId: orderIds.length === 1 ? orderIds[0] : null,
      refundId: here[0]?.input.refundId ?? null,
      memo: o.memo ?? here[0]?.input.reason ?? null,
      lines: postInventory(here.map((a) => ({ counter: COUNTER[a.input.reason], value: a.valueDelta }))),
    };
  });
  await postEntries(tx, tenantId, entries);

  for (const outletId of outlets) {
    if (policies.get(outletId) === 'block') {
      const touched = keys.filter((k) => k.outletId === outletId).map((k) => k.stockItemId);
      await refreshAvailability(tx, sink, outletId, touched, o.now);
    }
  }
  return applied;
}
