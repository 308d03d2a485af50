// Prices as the customer should see them. Where menus show prices with their taxes (Indonesia:
// PB1 included; the server says so in `priceDisplay`), each item's exclusive taxes are added to
// its variant prices, and a modifier option's to its price (by the first item that offers it).
// The server prices the order itself: these figures are for reading the menu only.
import type { CartLine, MenuShape } from '../shared/pricing.ts';
import { saleItem, snapshotCartLine } from '../shared/pricing.ts';

const withTax = (price: number, ppm: number) => Math.round((price * (1_000_000 + ppm)) / 1_000_000);

/** The menu with display prices (tax added where the country shows prices with tax). */
export function displayMenu(menu: MenuShape, taxInclusive: boolean): MenuShape {
  if (!taxInclusive) {
    return menu;
  }
  const groupPpm = new Map<string, number>();
  const items = menu.items.map((item) => {
    const ppm = (saleItem(menu, item.id)?.taxRates ?? [])
      .filter((r) => !r.inclusive)
      .reduce((s, r) => s + r.ratePpm, 0);
    for (const g of item.modifierGroupIds) {
      if (!groupPpm.has(g)) {
        groupPpm.set(g, ppm);
      }
    }
    return { ...item, variants: item.variants.map((v) => ({ ...v, price: withTax(v.price, ppm) })) };
  });
  const modifierGroups = menu.modifierGroups.map((g) => ({
    ...g,
    options: g.options.map((o) => ({ ...o, price: withTax(o.price, groupPpm.get(g.id) ?? 0) })),
  }));
  // Taxes are in the display prices now: the engine must not add them a second time.
  return { ...menu, items, modifierGroups, taxRates: menu.taxRates.map((r) => ({ ...r, inclusive: true })) };
}

/** A cart line's shown total on a display menu (0 when the menu no longer allows it). */
export function lineTotal(menu: MenuShape, line: CartLine): number {
  try {
    const s = snapshotCartLine(menu, line);
    return (s.unitPrice + s.modifiers.reduce((sum, m) => sum + m.price, 0)) * line.quantity;
  } catch {
    return 0;
  }
}

/** The lowest price of an item on a display menu ("from Rp 15.000" when variants differ). */
export function fromPrice(menu: MenuShape, itemId: string): number {
  const item = menu.items.find((i) => i.id === itemId);
  const prices = (item?.variants ?? []).filter((v) => !v.archived).map((v) => v.price);
  return prices.length ? Math.min(...prices) : 0;
}
