import type { Tx } from '../../platform/db/db.ts';
import type { EventInput } from '../../platform/events/events.ts';
import { setOutletSoldOut } from '../catalog/index.ts';
import { recipeUsage } from './costing.ts';
import { soldOutChangedEvent } from './inventory.events.ts';
import * as repo from './inventory.repo.ts';
import * as recipesRepo from './recipes.repo.ts';
import * as saleStockRepo from './sale-stock.repo.ts';

const num = (v: string | number) => Number(v);

/**
 * Sold out by stock, at an outlet that blocks negative stock: an item none of whose variants can
 * be made once more from what is on hand (a variant uses its own recipe, else the item's) is
 * marked sold out in the catalog — registers get `catalog.changed` and re-read the menu — and
 * cleared again when stock comes back. Only items this module marked are ever cleared, so a
 * manager's own "86" stays. The catalog keeps availability per item, not per variant, so one
 * short variant (the large size) is named in `inventory.sold_out_changed` and refused at sale
 * (`inventory.insufficient_stock`), while the item stays on the menu for its other sizes.
 */
export async function refreshAvailability(
  tx: Tx,
  sink: { tenantId: string; emit(e: EventInput): void },
  outletId: string,
  stockItemIds: readonly string[] | 'all',
  now: Date,
): Promise<void> {
  const tenantId = sink.tenantId;
  const using = await recipesRepo.currentRecipes(
    tx,
    tenantId,
    stockItemIds === 'all' ? {} : { stockItemIds },
  );
  const variantTargets = using.filter((r) => r.target_type === 'variant').map((r) => r.target_id);
  const itemIds = new Set(using.filter((r) => r.target_type === 'item').map((r) => r.target_id));
  for (const v of await recipesRepo.itemsOfVariants(tx, tenantId, variantTargets)) {
    itemIds.add(v.item_id);
  }
  if (stockItemIds === 'all') {
    for (const r of await saleStockRepo.soldOutByStockAll(tx, tenantId, outletId)) {
      itemIds.add(r.item_id);
    }
  }
  if (itemIds.size === 0) {
    return;
  }
  const variants = await recipesRepo.variantsOfItems(tx, tenantId, [...itemIds]);
  const recipes = await recipesRepo.currentRecipes(tx, tenantId, {
    targetIds: [...itemIds, ...variants.map((v) => v.id)],
  });
  const recipeOf = new Map(
    recipes.filter((r) => r.target_type !== 'modifier_option').map((r) => [r.target_id, r]),
  );
  const needed = [...new Set(recipes.flatMap((r) => r.lines.map((l) => l.stock_item_id)))];
  const onHand = new Map(
    (await recipesRepo.levelsAt(tx, tenantId, outletId, needed)).map((l) => [l.stock_item_id, num(l.qty)]),
  );
  const marked = new Set(
    (await saleStockRepo.soldOutByStock(tx, tenantId, outletId, [...itemIds])).map((r) => r.item_id),
  );
  const policy = await repo.getNegativePolicy(tx, tenantId, outletId);
  for (const itemId of itemIds) {
    const own = variants.filter((v) => v.item_id === itemId);
    const short = own.filter((v) => {
      const r = recipeOf.get(v.id) ?? recipeOf.get(itemId);
      return r
        ? r.lines.some((l) => (onHand.get(l.stock_item_id) ?? 0) < recipeUsage(num(l.qty), 1, r.yield_bp))
        : false;
    });
    const soldOut = policy === 'block' && own.length > 0 && short.length === own.length;
    if (soldOut && !marked.has(itemId)) {
      await saleStockRepo.markSoldOutByStock(tx, tenantId, outletId, itemId, now);
      await setOutletSoldOut(tx, sink, outletId, itemId, true);
      sink.emit(
        soldOutChangedEvent({ outletId, itemId, soldOut: true, shortVariantIds: short.map((v) => v.id) }),
      );
    } else if (!soldOut && marked.has(itemId)) {
      await saleStockRepo.clearSoldOutByStock(tx, tenantId, outletId, itemId);
      await setOutletSoldOut(tx, sink, outletId, itemId, false);
      sink.emit(
        soldOutChangedEvent({ outletId, itemId, soldOut: false, shortVariantIds: short.map((v) => v.id) }),
      );
    }
  }
}
