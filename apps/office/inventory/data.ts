// The inventory screens' shared reads: stock items and the levels at one outlet, as the API gives
// them, plus the few derived figures the screens show (on hand with no level yet is 0).
import type { Ok } from '../../shared/api-types.ts';
import { mulDiv, recipeUsage } from '../../../src/modules/inventory/costing.ts';
import { call } from '../session.ts';

export type StockItem = Ok<'/v1/inventory/items', 'get'>['items'][number];
export type Level = Ok<'/v1/inventory/levels', 'get'>['items'][number];
export type PurchaseOrder = Ok<'/v1/inventory/purchase-orders/{id}', 'get'>;
export type Supplier = Ok<'/v1/inventory/suppliers', 'get'>['items'][number];
export type Transfer = Ok<'/v1/inventory/transfers/{id}', 'get'>;
export type Recipe = Ok<'/v1/inventory/recipes', 'get'>['items'][number];
export type MenuItem = Ok<'/v1/catalog/items', 'get'>['items'][number];
export type ModifierGroup = Ok<'/v1/catalog/modifier-groups', 'get'>['items'][number];

/** Every live stock item, by name. */
export async function loadStockItems(): Promise<StockItem[]> {
  const out: StockItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await call((api) =>
      api.GET('/v1/inventory/items', { params: { query: { limit: 500, ...(cursor ? { cursor } : {}) } } }),
    );
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** The levels at one outlet, keyed by stock item. */
export async function loadLevels(outletId: string): Promise<Map<string, Level>> {
  const out = new Map<string, Level>();
  let cursor: string | undefined;
  do {
    const page = await call((api) =>
      api.GET('/v1/inventory/levels', {
        params: { query: { outletId, limit: 500, ...(cursor ? { cursor } : {}) } },
      }),
    );
    page.items.forEach((l) => out.set(l.stockItemId, l));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/**
 * What `usage` base units of an item cost at the outlet's moving average (value ÷ quantity of its
 * level), rounded to a minor unit; null when the outlet holds none to price it by.
 */
export function costOf(usage: number, level: Level | undefined): number | null {
  if (!level || level.qty <= 0) {
    return null;
  }
  return mulDiv(level.value, usage, level.qty);
}

/** A recipe line's usage per portion, grossed up by the yield (the server's own rule). */
export const usageOf = (qty: number, yieldBp: number): number => recipeUsage(qty, 1, yieldBp);
