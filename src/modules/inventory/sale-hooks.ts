import type { Tx } from '../../platform/db/db.ts';
import { recipeUsage, shareOf } from './costing.ts';
import * as repo from './inventory.repo.ts';
import * as recipesRepo from './recipes.repo.ts';
import * as saleStockRepo from './sale-stock.repo.ts';
import type { QuickCosting } from './sale-stock.repo.ts';
import { applyMovements, type MovementInput, type StockSink } from './stock-ledger.ts';

const num = (v: string | number) => Number(v);

/** What inventory needs of an order line: what was sold, how many, with which options. */
export interface SoldLine {
  id: string;
  itemId: string;
  variantId: string;
  quantity: number;
  optionIds: readonly string[];
}

/** The system actor the sale path's movements are stored with. */
const SALE_ACTOR = 'system:inventory';

/**
 * What lines use: per line, per stock item, in base units — the variant's recipe (else the
 * item's) and each option's recipe, in force at `at`, grossed up by their yields.
 */
async function usageOf(tx: Tx, tenantId: string, lines: readonly SoldLine[], at: Date) {
  const targets = lines.flatMap((l) => [
    { type: 'item' as const, id: l.itemId },
    { type: 'variant' as const, id: l.variantId },
    ...l.optionIds.map((id) => ({ type: 'modifier_option' as const, id })),
  ]);
  const recipes = await recipesRepo.recipesInForce(tx, tenantId, targets, at);
  const find = (type: string, id: string) =>
    recipes.find((r) => r.target_type === type && r.target_id === id);
  return lines.map((l) => {
    const use = new Map<string, number>();
    const add = (r: (typeof recipes)[number] | undefined) => {
      for (const rl of r?.lines ?? []) {
        const q = recipeUsage(num(rl.qty), l.quantity, r!.yield_bp);
        use.set(rl.stock_item_id, (use.get(rl.stock_item_id) ?? 0) + q);
      }
    };
    add(find('variant', l.variantId) ?? find('item', l.itemId));
    for (const id of l.optionIds) {
      add(find('modifier_option', id));
    }
    return { line: l, use };
  });
}

/**
 * Deducts what an order's active lines used, in the completing transaction (orders calls this
 * from `completeOrder`, the one place an order completes), and stores each line's cost of goods.
 * Idempotent: an order whose costs are stored is not deducted again (and a unique index refuses a
 * second sale movement per line and stock item). `quick`: what the completing statement's own
 * quick costing found (`withSaleCosts`); without it the quick costing runs here first.
 */
export async function deductStockForOrder(
  tx: Tx,
  sink: StockSink,
  order: { id: string; outletId: string; lines: () => Promise<readonly SoldLine[]>; at: Date },
  quick?: QuickCosting,
): Promise<void> {
  // Most sales use no recipe (a business without stock, or items without one): one statement
  // (or CTEs of the completing one) stores their costs (0); only an order with a recipe in force
  // reads its lines and deducts.
  const q = quick ?? (await saleStockRepo.costOrderWithoutRecipes(tx, sink.tenantId, order));
  if (q.costed || !q.recipes) {
    return;
  }
  const lines = await order.lines();
  if (lines.length === 0) {
    return;
  }
  const usage = await usageOf(tx, sink.tenantId, lines, order.at);
  const inputs: MovementInput[] = usage.flatMap(({ line, use }) =>
    [...use].map(([stockItemId, qty]) => ({
      outletId: order.outletId,
      stockItemId,
      reason: 'sale' as const,
      qtyDelta: -qty,
      occurredAt: order.at,
      orderId: order.id,
      orderLineId: line.id,
    })),
  );
  const applied = await applyMovements(tx, sink, inputs, {
    actor: SALE_ACTOR,
    now: order.at,
    memo: `order ${order.id}`,
  });
  await saleStockRepo.insertSaleCosts(
    tx,
    lines.map((l) => ({
      tenant_id: sink.tenantId,
      order_line_id: l.id,
      order_id: order.id,
      outlet_id: order.outletId,
      item_id: l.itemId,
      quantity: l.quantity,
      cost: -applied.filter((a) => a.input.orderLineId === l.id).reduce((s, a) => s + a.valueDelta, 0),
      sold_at: order.at,
    })),
  );
}

/**
 * A completed refund's lines (payments calls this where a refund completes). Every refunded
 * quantity counts as returned; lines refunded with `restock` put back exactly their share of what
 * the sale took, at the cost it took it (on the running total, so a line returned in pieces puts
 * back exactly the whole). Lines of an order that never deducted (not completed) change nothing.
 */
export async function restockForRefund(
  tx: Tx,
  sink: StockSink,
  refund: {
    id: string;
    orderId: string;
    lines: ReadonlyArray<{ orderLineId: string; quantity: number; restock: boolean }>;
    actor: string;
    at: Date;
  },
): Promise<void> {
  const costs = new Map(
    (
      await saleStockRepo.lockSaleCosts(
        tx,
        sink.tenantId,
        refund.lines.map((l) => l.orderLineId),
      )
    ).map((c) => [c.order_line_id, c]),
  );
  const restocked = refund.lines.filter((l) => l.restock && costs.has(l.orderLineId));
  const sales = await repo.saleMovementsOfLines(
    tx,
    sink.tenantId,
    restocked.map((l) => l.orderLineId),
  );
  const inputs: MovementInput[] = [];
  for (const l of refund.lines) {
    const c = costs.get(l.orderLineId);
    if (!c) {
      continue;
    }
    let cost = 0;
    if (l.restock) {
      for (const m of sales.filter((s) => s.order_line_id === l.orderLineId)) {
        const qty = shareOf(-num(m.qty_delta), c.quantity, c.returned_qty, l.quantity);
        const value = shareOf(-num(m.value_delta), c.quantity, c.returned_qty, l.quantity);
        cost += value;
        inputs.push({
          outletId: m.outlet_id,
          stockItemId: m.stock_item_id,
          reason: 'return',
          qtyDelta: qty,
          value,
          occurredAt: refund.at,
          orderId: refund.orderId,
          orderLineId: l.orderLineId,
          refundId: refund.id,
        });
      }
    }
    await saleStockRepo.addReturned(tx, sink.tenantId, l.orderLineId, l.quantity, cost);
  }
  await applyMovements(tx, sink, inputs, {
    actor: refund.actor,
    now: refund.at,
    memo: `refund ${refund.id}`,
  });
}

/**
 * A line voided after it went to the kitchen was cooked: what it used is wasted (reason `waste`,
 * booked to inventory waste), in the void's transaction. A line voided before it was sent used
 * nothing; completion deducts only active lines, so nothing is counted twice.
 */
export async function wasteVoidedLine(
  tx: Tx,
  sink: StockSink,
  v: { orderId: string; outletId: string; line: SoldLine; reason: string; actor: string; at: Date },
): Promise<void> {
  const [usage] = await usageOf(tx, sink.tenantId, [v.line], v.at);
  const inputs: MovementInput[] = [...(usage?.use ?? [])].map(([stockItemId, qty]) => ({
    outletId: v.outletId,
    stockItemId,
    reason: 'waste' as const,
    qtyDelta: -qty,
    occurredAt: v.at,
    orderId: v.orderId,
    orderLineId: v.line.id,
    note: v.reason.slice(0, 200),
    allowNegative: true,
  }));
  await applyMovements(tx, sink, inputs, { actor: v.actor, now: v.at, memo: `voided line ${v.line.id}` });
}
