import type { Db } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { assertOutletAccess } from '../identity/index.ts';
import { assertIdsExist, currentCatalogVersion } from './catalog.repo.ts';
import type { ItemsService } from './items.service.ts';
import type { MenuService } from './menu.service.ts';
import type { PricingSetupService } from './pricing-setup.service.ts';

/** More changed items than this and the terminal reads the whole menu instead (`full`). */
export const MENU_DELTA_MAX_ITEMS = 200;

/**
 * The menu of one outlet as a delta since a catalog version: changed items exactly as
 * `GET /v1/catalog/menu` shows them (the same builder), removed item ids, changed and removed
 * categories. `full: true` (and nothing else) when a delta would be unsafe or too big: a tax rate,
 * service charge, discount or modifier group changed (they reshape prices across the menu), the
 * cursor is ahead of the server (another database), or more than MENU_DELTA_MAX_ITEMS items moved.
 */
export function createMenuChangesService(deps: {
  db: Db;
  items: ItemsService;
  setup: PricingSetupService;
  menu: MenuService;
}) {
  const { items, setup, menu } = deps;
  return {
    async menuChangesSince(ctx: ServiceContext, outletId: string, since: string) {
      assertOutletAccess(ctx, outletId);
      return deps.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (tx) => {
          await assertIdsExist(tx, 'outlets', ctx.tenantId, [outletId]);
          const version = await currentCatalogVersion(tx, ctx.tenantId);
          const empty = {
            outletId,
            since,
            version,
            items: [],
            removedItemIds: [],
            categories: [],
            removedCategoryIds: [],
          };
          if (BigInt(since) > BigInt(version)) {
            return { ...empty, full: true };
          }
          const newer = <T extends { version: string }>(rows: T[]) =>
            rows.some((r) => BigInt(r.version) > BigInt(since));
          const [categories, groups, taxRates, serviceCharges, discounts] = await Promise.all([
            items.listCategories(tx, ctx),
            items.listModifierGroups(tx, ctx),
            setup.listTaxRates(tx, ctx),
            setup.listServiceCharges(tx, ctx),
            setup.listDiscounts(tx, ctx),
          ]);
          if (newer(groups) || newer(taxRates) || newer(serviceCharges) || newer(discounts)) {
            return { ...empty, full: true };
          }
          const changedCategories = categories.filter((c) => BigInt(c.version) > BigInt(since));
          const changedCategoryIds = changedCategories.map((c) => c.id);
          const none = ['00000000-0000-0000-0000-000000000000'];
          // Items touched: their own row, this outlet's sold-out or prices, or their category (taxes).
          const touched = await tx
            .selectFrom('items')
            .select('id')
            .where('tenant_id', '=', ctx.tenantId)
            .where((eb) =>
              eb.or([
                eb('version', '>', since),
                eb('category_id', 'in', changedCategoryIds.length ? changedCategoryIds : none),
                eb(
                  'id',
                  'in',
                  eb
                    .selectFrom('outlet_items')
                    .select('item_id')
                    .where('tenant_id', '=', ctx.tenantId)
                    .where('outlet_id', '=', outletId)
                    .where('version', '>', since),
                ),
                eb(
                  'id',
                  'in',
                  eb
                    .selectFrom('outlet_variant_prices as p')
                    .innerJoin('item_variants as v', (j) =>
                      j.onRef('v.tenant_id', '=', 'p.tenant_id').onRef('v.id', '=', 'p.variant_id'),
                    )
                    .select('v.item_id')
                    .where('p.tenant_id', '=', ctx.tenantId)
                    .where('p.outlet_id', '=', outletId)
                    .where('p.version', '>', since),
                ),
              ]),
            )
            .limit(MENU_DELTA_MAX_ITEMS + 1)
            .execute();
          if (touched.length > MENU_DELTA_MAX_ITEMS) {
            return { ...empty, full: true };
          }
          const rows = touched.length
            ? await items.loadItems(tx, ctx.tenantId, { ids: touched.map((r) => r.id) })
            : [];
          const live = rows.filter((i) => !i.archived);
          return {
            ...empty,
            full: false,
            items: await menu.menuItems(tx, ctx.tenantId, outletId, live, categories),
            removedItemIds: rows.filter((i) => i.archived).map((i) => i.id),
            categories: changedCategories.filter((c) => !c.archived),
            removedCategoryIds: changedCategories.filter((c) => c.archived).map((c) => c.id),
          };
        });
    },
  };
}
export type MenuChangesService = ReturnType<typeof createMenuChangesService>;
