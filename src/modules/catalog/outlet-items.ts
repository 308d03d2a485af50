// One outlet's overrides of the catalog: an item sold out ("86'd") there, and its variants' own
// prices there (null = the base price). Read by the menu and its deltas, written by the manager.
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { nextCatalogVersion, toMinor } from './catalog.repo.ts';
import type { OutletItemInput } from './catalog.contracts.ts';
import type { ItemsService } from './items.service.ts';

export interface OutletItemDto {
  outletId: string;
  itemId: string;
  soldOut: boolean;
  variantPrices: { variantId: string; price: number | null }[];
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Sold-out flags and own prices at one outlet: for some items, or (no ids) the whole outlet. */
export async function outletOverrides(db: Executor, tenantId: string, outletId: string, itemIds?: string[]) {
  let soldOutQ = db
    .selectFrom('outlet_items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('outlet_id', '=', outletId);
  let pricesQ = db
    .selectFrom('outlet_variant_prices as p')
    .innerJoin('item_variants as v', (j) =>
      j.onRef('v.tenant_id', '=', 'p.tenant_id').onRef('v.id', '=', 'p.variant_id'),
    )
    .select(['p.variant_id', 'p.price', 'v.item_id', 'p.version'])
    .where('p.tenant_id', '=', tenantId)
    .where('p.outlet_id', '=', outletId);
  if (itemIds) {
    soldOutQ = soldOutQ.where('item_id', 'in', itemIds.length ? itemIds : [NO_ID]);
    pricesQ = pricesQ.where('v.item_id', 'in', itemIds.length ? itemIds : [NO_ID]);
  }
  const [soldOut, prices] = await Promise.all([soldOutQ.execute(), pricesQ.execute()]);
  return {
    soldOut: new Map(soldOut.map((r) => [r.item_id, r.sold_out])),
    prices: new Map(prices.filter((p) => p.price !== null).map((p) => [p.variant_id, toMinor(p.price!)])),
  };
}

/** One item at one outlet (the caller has checked the outlet is the tenant's and the actor's). */
export async function readOutletItem(
  db: Executor,
  items: ItemsService,
  tenantId: string,
  outletId: string,
  itemId: string,
): Promise<OutletItemDto> {
  const item = await items.getItem(db, tenantId, itemId);
  const o = await outletOverrides(db, tenantId, outletId, [itemId]);
  return {
    outletId,
    itemId,
    soldOut: o.soldOut.get(itemId) ?? false,
    variantPrices: item.variants.map((v) => ({ variantId: v.id, price: o.prices.get(v.id) ?? null })),
  };
}

/** Sets the sold-out flag and/or variant prices at one outlet, at a new catalog version, audited. */
export async function writeOutletItem(
  tx: Tx,
  ctx: ServiceContext,
  items: ItemsService,
  outletId: string,
  itemId: string,
  input: OutletItemInput,
): Promise<OutletItemDto> {
  const before = await readOutletItem(tx, items, ctx.tenantId, outletId, itemId);
  const variantIds = new Set(before.variantPrices.map((v) => v.variantId));
  const foreign = (input.variantPrices ?? [])
    .filter((v) => !variantIds.has(v.variantId))
    .map((v) => v.variantId);
  if (foreign.length) {
    throw new AppError('item_variants.not_found', 'Unknown variant of this item.', { ids: foreign });
  }
  const version = await nextCatalogVersion(tx, ctx);
  if (input.soldOut !== undefined) {
    await tx
      .insertInto('outlet_items')
      .values({
        tenant_id: ctx.tenantId,
        outlet_id: outletId,
        item_id: itemId,
        sold_out: input.soldOut,
        version,
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'outlet_id', 'item_id']).doUpdateSet({ sold_out: input.soldOut, version }),
      )
      .execute();
  }
  for (const v of input.variantPrices ?? []) {
    await tx
      .insertInto('outlet_variant_prices')
      .values({
        tenant_id: ctx.tenantId,
        outlet_id: outletId,
        variant_id: v.variantId,
        price: v.price,
        version,
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'outlet_id', 'variant_id']).doUpdateSet({ price: v.price, version }),
      )
      .execute();
  }
  const after = await readOutletItem(tx, items, ctx.tenantId, outletId, itemId);
  ctx.audit({ action: 'outlet_item.updated', targetType: 'item', targetId: itemId, before, after });
  return after;
}
