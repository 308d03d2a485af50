// Catching up: the register applies a menu delta (GET /v1/catalog/menu/changes) to the menu it
// holds instead of reading the whole menu again. Pure, so examples pin it.
import type { Ok } from '../../shared/api-types.ts';
import type { MenuShape } from '../../shared/pricing.ts';

export type MenuDelta = Ok<'/v1/catalog/menu/changes', 'get'>;

const byName = (a: { name: string; id: string }, b: { name: string; id: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The menu after the delta, or null when the server said `full` (or the delta is for another menu). */
export function applyMenuDelta(menu: MenuShape, delta: MenuDelta): MenuShape | null {
  if (delta.full || delta.outletId !== menu.outletId || delta.since !== menu.version) {
    return null;
  }
  const changed = new Map(delta.items.map((i) => [i.id, i]));
  const gone = new Set([...delta.removedItemIds, ...changed.keys()]);
  const items = [...menu.items.filter((i) => !gone.has(i.id)), ...delta.items].sort(byName);
  const changedCats = new Map(delta.categories.map((c) => [c.id, c]));
  const goneCats = new Set([...delta.removedCategoryIds, ...changedCats.keys()]);
  const categories = [...menu.categories.filter((c) => !goneCats.has(c.id)), ...delta.categories].sort(
    (a, b) => a.sortOrder - b.sortOrder || byName(a, b),
  );
  return { ...menu, version: delta.version, items, categories };
}
