import type { Clock } from '../../platform/clock/clock.ts';
import type { Db, Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { assertOutletAccess } from '../identity/index.ts';
import { createVersionedCache, deepFreeze } from './versioned-cache.ts';
import { assertIdsExist, currentCatalogVersion, toMinor } from './catalog.repo.ts';
import type { ItemDto, ItemsService } from './items.service.ts';
import type { PricingSetupService } from './pricing-setup.service.ts';
import type { OutletItemInput } from './catalog.contracts.ts';
import { outletOverrides, readOutletItem, writeOutletItem } from './outlet-items.ts';

export type { OutletItemDto } from './outlet-items.ts';

export interface SaleTaxRate {
  id: string;
  name: string;
  ratePpm: number;
  inclusive: boolean;
}
/** An item as it can be sold at one outlet now (see resolveForSale). */
export interface SaleItem {
  id: string;
  name: string;
  soldOut: boolean;
  variants: { id: string; name: string; price: number }[];
  taxRates: SaleTaxRate[];
  modifierGroups: {
    id: string;
    name: string;
    minSelect: number;
    maxSelect: number | null;
    options: { id: string; name: string; price: number }[];
  }[];
}

/** Taxes that apply to an item: its own, plus its category's unless it overrides them. */
export function effectiveTaxRateIds(
  item: { taxRateIds: string[]; overrideCategoryTaxes: boolean },
  categoryTaxRateIds: string[],
): string[] {
  return [
    ...new Set(item.overrideCategoryTaxes ? item.taxRateIds : [...categoryTaxRateIds, ...item.taxRateIds]),
  ].sort();
}

/** What a register sees: an outlet's menu with effective prices, taxes and availability; and deltas by version. */
export function createMenuService(deps: {
  db: Db;
  clock: Clock;
  items: ItemsService;
  setup: PricingSetupService;
}) {
  const { items, setup } = deps;
  const saleCache = createVersionedCache<SaleItem | null>(2000);

  /** resolveForSale without the cache: what the catalog says now. */
  async function resolveUncached(
    db: Executor,
    tenantId: string,
    outletId: string,
    unique: string[],
  ): Promise<Map<string, SaleItem>> {
    const found = (await items.loadItems(db, tenantId, { ids: unique })).filter((i) => !i.archived);
    if (found.length === 0) {
      return new Map();
    }
    const o = await outletOverrides(
      db,
      tenantId,
      outletId,
      found.map((i) => i.id),
    );
    const categoryIds = [...new Set(found.map((i) => i.categoryId).filter((c): c is string => c !== null))];
    const categoryTaxes = categoryIds.length
      ? await db
          .selectFrom('category_taxes')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('category_id', 'in', categoryIds)
          .execute()
      : [];
    const groupIds = [...new Set(found.flatMap((i) => i.modifierGroupIds))];
    const groups = new Map((await items.loadModifierGroups(db, tenantId, groupIds)).map((g) => [g.id, g]));
    const taxIds = new Set<string>();
    const perItemTaxes = new Map<string, string[]>();
    for (const item of found) {
      const ids = effectiveTaxRateIds(
        item,
        categoryTaxes.filter((c) => c.category_id === item.categoryId).map((c) => c.tax_rate_id),
      );
      perItemTaxes.set(item.id, ids);
      ids.forEach((id) => taxIds.add(id));
    }
    const rates = taxIds.size
      ? await db
          .selectFrom('tax_rates')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', [...taxIds])
          .where('archived_at', 'is', null)
          .execute()
      : [];
    const rateById = new Map(
      rates.map((r) => [r.id, { id: r.id, name: r.name, ratePpm: r.rate_ppm, inclusive: r.inclusive }]),
    );
    return new Map(
      found.map((item) => [
        item.id,
        {
          id: item.id,
          name: item.name,
          soldOut: o.soldOut.get(item.id) ?? false,
          variants: item.variants
            .filter((v) => !v.archived)
            .map((v) => ({ id: v.id, name: v.name, price: o.prices.get(v.id) ?? v.price })),
          taxRates: (perItemTaxes.get(item.id) ?? [])
            .map((id) => rateById.get(id))
            .filter((r): r is SaleTaxRate => r !== undefined),
          modifierGroups: item.modifierGroupIds
            .map((g) => groups.get(g))
            .filter((g): g is NonNullable<typeof g> => g !== undefined && !g.archived)
            .map((g) => ({
              id: g.id,
              name: g.name,
              minSelect: g.minSelect,
              maxSelect: g.maxSelect,
              options: g.options.filter((op) => !op.archived),
            })),
        },
      ]),
    );
  }

  /** Items as the menu shows them at one outlet (the one builder for the menu and its deltas). */
  async function menuItems(
    db: Executor,
    tenantId: string,
    outletId: string,
    live: ItemDto[],
    categories: { id: string; taxRateIds: string[] }[],
  ) {
    // A delta's few items by id; a whole menu reads the outlet's overrides without a long IN list.
    const o = await outletOverrides(
      db,
      tenantId,
      outletId,
      live.length <= 500 ? live.map((i) => i.id) : undefined,
    );
    const categoryTaxes = new Map(categories.map((c) => [c.id, c.taxRateIds]));
    return live.map((item) => ({
      ...item,
      soldOut: o.soldOut.get(item.id) ?? false,
      effectiveTaxRateIds: effectiveTaxRateIds(
        item,
        item.categoryId ? (categoryTaxes.get(item.categoryId) ?? []) : [],
      ),
      variants: item.variants
        .filter((v) => !v.archived)
        .map((v) => ({ ...v, price: o.prices.get(v.id) ?? v.price, basePrice: v.price })),
    }));
  }

  return {
    /**
     * What selling these items at this outlet needs right now: the effective price of each live
     * variant, the sold-out flag, the effective tax rates (with their rates), and the live
     * modifier groups and options. Unknown or archived items are simply absent.
     */
    async resolveForSale(
      db: Executor,
      tenantId: string,
      outletId: string,
      itemIds: string[],
      version?: string,
    ): Promise<Map<string, SaleItem>> {
      // Cached per outlet and catalog version: every catalog write bumps the version in its own
      // transaction, so a version read here names exactly the catalog these items were read from.
      // A caller that has read the version in its transaction already passes it.
      const unique = [...new Set(itemIds)];
      const entry = saleCache.entry(
        `${tenantId}|${outletId}`,
        version ?? (await currentCatalogVersion(db, tenantId)),
      );
      const missing = unique.filter((id) => !entry.has(id));
      if (missing.length > 0) {
        const resolved = await resolveUncached(db, tenantId, outletId, missing);
        for (const id of missing) {
          entry.set(id, deepFreeze(resolved.get(id) ?? null));
        }
      }
      const out = new Map<string, SaleItem>();
      for (const id of unique) {
        const item = entry.get(id);
        if (item) {
          out.set(id, item);
        }
      }
      return out;
    },

    /** An item at one outlet: an outlet that is not this tenant's is unknown (404), like any id. */
    async getOutletItem(db: Executor, ctx: ServiceContext, outletId: string, itemId: string) {
      await assertIdsExist(db, 'outlets', ctx.tenantId, [outletId]);
      assertOutletAccess(ctx, outletId);
      return readOutletItem(db, items, ctx.tenantId, outletId, itemId);
    },

    /** Marks an item sold out ("86'd") at one outlet and/or sets per-outlet variant prices (null = the base price). */
    async setOutletItem(
      tx: Tx,
      ctx: ServiceContext,
      outletId: string,
      itemId: string,
      input: OutletItemInput,
    ) {
      await assertIdsExist(tx, 'outlets', ctx.tenantId, [outletId]);
      assertOutletAccess(ctx, outletId);
      return writeOutletItem(tx, ctx, items, outletId, itemId, input);
    },

    menuItems,

    /** The live menu of one outlet: effective prices, effective taxes, sold-out flags, at one catalog version. */
    async outletMenu(ctx: ServiceContext, outletId: string) {
      assertOutletAccess(ctx, outletId);
      return deps.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (tx) => {
          await assertIdsExist(tx, 'outlets', ctx.tenantId, [outletId]);
          const version = await currentCatalogVersion(tx, ctx.tenantId);
          const [categories, liveItems, groups, taxRates, serviceCharges, discounts] = await Promise.all([
            items.listCategories(tx, ctx),
            items.listItems(tx, ctx, {}),
            items.listModifierGroups(tx, ctx),
            setup.listTaxRates(tx, ctx),
            setup.listServiceCharges(tx, ctx),
            setup.listDiscounts(tx, ctx),
          ]);
          return {
            outletId,
            version,
            categories: categories.filter((c) => !c.archived),
            items: await menuItems(tx, ctx.tenantId, outletId, liveItems, categories),
            modifierGroups: groups
              .filter((g) => !g.archived)
              .map((g) => ({ ...g, options: g.options.filter((op) => !op.archived) })),
            taxRates: taxRates.filter((t) => !t.archived),
            serviceCharges: serviceCharges.filter((s) => !s.archived),
            discounts: discounts.filter((d) => !d.archived),
          };
        });
    },

    /**
     * Everything that changed after `since` (archived rows included, so terminals drop them), read
     * in one snapshot together with the version it brings the terminal to.
     */
    async changesSince(ctx: ServiceContext, since: string) {
      return deps.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (tx) => {
          const version = await currentCatalogVersion(tx, ctx.tenantId);
          const after = <T extends { version: string }>(rows: T[]) =>
            rows.filter((r) => BigInt(r.version) > BigInt(since));
          const [
            categories,
            changedItems,
            groups,
            taxRates,
            serviceCharges,
            discounts,
            outletItems,
            outletPrices,
          ] = await Promise.all([
            items.listCategories(tx, ctx),
            items.loadItems(tx, ctx.tenantId, { sinceVersion: since }),
            items.listModifierGroups(tx, ctx),
            setup.listTaxRates(tx, ctx),
            setup.listServiceCharges(tx, ctx),
            setup.listDiscounts(tx, ctx),
            tx
              .selectFrom('outlet_items')
              .selectAll()
              .where('tenant_id', '=', ctx.tenantId)
              .where('version', '>', since)
              .execute(),
            tx
              .selectFrom('outlet_variant_prices')
              .selectAll()
              .where('tenant_id', '=', ctx.tenantId)
              .where('version', '>', since)
              .execute(),
          ]);
          return {
            since,
            version,
            categories: after(categories),
            items: changedItems,
            modifierGroups: after(groups),
            taxRates: after(taxRates),
            serviceCharges: after(serviceCharges),
            discounts: after(discounts),
            outletItems: outletItems.map((r) => ({
              outletId: r.outlet_id,
              itemId: r.item_id,
              soldOut: r.sold_out,
            })),
            outletPrices: outletPrices.map((r) => ({
              outletId: r.outlet_id,
              variantId: r.variant_id,
              price: r.price === null ? null : toMinor(r.price),
            })),
          };
        });
    },
  };
}
export type MenuService = ReturnType<typeof createMenuService>;
