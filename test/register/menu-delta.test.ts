import { describe, expect, it } from 'vitest';
import { applyMenuDelta, type MenuDelta } from '../../apps/register/offline/menu-delta.ts';
import type { MenuShape } from '../../apps/shared/pricing.ts';

type Item = MenuShape['items'][number];
const item = (id: string, name: string, price: number, soldOut = false) =>
  ({
    id,
    name,
    soldOut,
    variants: [{ id: `${id}-v`, name: 'R', price, basePrice: price }],
  }) as unknown as Item;
const cat = (id: string, name: string, sortOrder: number) =>
  ({ id, name, sortOrder }) as unknown as MenuShape['categories'][number];
const menu = {
  outletId: 'o1',
  version: '10',
  categories: [cat('c1', 'Drinks', 1), cat('c2', 'Food', 2)],
  items: [item('a', 'Kopi', 25_000), item('b', 'Roti', 15_000), item('c', 'Teh', 10_000)],
  modifierGroups: [],
  taxRates: [],
  serviceCharges: [],
  discounts: [],
} as unknown as MenuShape;
const delta = (d: Partial<MenuDelta>): MenuDelta => ({
  outletId: 'o1',
  since: '10',
  version: '12',
  full: false,
  items: [],
  removedItemIds: [],
  categories: [],
  removedCategoryIds: [],
  ...d,
});

describe('applyMenuDelta', () => {
  it('replaces changed items, drops removed ones, keeps the rest in name order, takes the new version', () => {
    const next = applyMenuDelta(
      menu,
      delta({ items: [item('a', 'Kopi', 27_000, true), item('d', 'Air', 5_000)], removedItemIds: ['b'] }),
    )!;
    expect(next.version).toBe('12');
    expect(next.items.map((i) => [i.name, i.variants[0]!.price, i.soldOut])).toEqual([
      ['Air', 5_000, false],
      ['Kopi', 27_000, true],
      ['Teh', 10_000, false],
    ]);
    expect(menu.items).toHaveLength(3); // the held menu is not touched
  });

  it('changes and removes categories, ordered like the menu', () => {
    const next = applyMenuDelta(
      menu,
      delta({ categories: [cat('c2', 'Food', 0), cat('c3', 'Snacks', 5)], removedCategoryIds: ['c1'] }),
    )!;
    expect(next.categories.map((c) => c.id)).toEqual(['c2', 'c3']);
  });

  it('gives null (read the whole menu) when told full, or for another version or outlet', () => {
    expect(applyMenuDelta(menu, delta({ full: true }))).toBeNull();
    expect(applyMenuDelta(menu, delta({ since: '9' }))).toBeNull();
    expect(applyMenuDelta(menu, delta({ outletId: 'o2' }))).toBeNull();
  });

  it('an empty delta changes only nothing', () => {
    expect(applyMenuDelta(menu, delta({ version: '10' }))).toEqual(menu);
  });
});
