import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { afterKey } from '../../platform/db/keyset.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { decodeCursor, encodeCursor, type PageOf, type PageRequest } from '../../platform/http/pagination.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { assertIdsExist, nextCatalogVersion, toMinor, uniqueViolation, archivedAt } from './catalog.repo.ts';
import { createCategoriesService } from './categories.service.ts';
import { assertTenantImage, imagePath } from '../media/index.ts';
import { createModifierGroupsService } from './modifier-groups.service.ts';
import type { ItemInput, UpdateItemInput, VariantInput } from './catalog.contracts.ts';
export type { CategoryDto } from './categories.service.ts';
export type { ModifierGroupDto, OptionInput } from './modifier-groups.service.ts';

export interface VariantDto {
  id: string;
  name: string;
  sku: string | null;
  barcode: string | null;
  price: number;
  sortOrder: number;
  archived: boolean;
}
export interface ItemDto {
  id: string;
  categoryId: string | null;
  name: string;
  description: string | null;
  imageUrl: string | null;
  imageId: string | null;
  taxRateIds: string[];
  overrideCategoryTaxes: boolean;
  modifierGroupIds: string[];
  variants: VariantDto[];
  archived: boolean;
  version: string;
}
export type { ItemInput, VariantInput };
/** An item's picture is an uploaded image of this business, or a URL, not both. */
async function checkImage(
  db: Executor,
  tenantId: string,
  input: { imageId?: string | null | undefined; imageUrl?: string | null | undefined },
): Promise<void> {
  if (input.imageId && input.imageUrl) {
    throw new AppError('items.invalid', 'Give an item imageId or imageUrl, not both.', { field: 'imageId' });
  }
  if (input.imageId) {
    await assertTenantImage(db, tenantId, input.imageId);
  }
}

function createItemRecords(deps: { clock: Clock }) {
  const { clock } = deps;

  /** Items with variants, taxes and modifier groups, in three queries. */
  async function loadItems(
    db: Executor,
    tenantId: string,
    filter: { ids?: string[]; sinceVersion?: string },
  ): Promise<ItemDto[]> {
    let q = db.selectFrom('items').selectAll().where('tenant_id', '=', tenantId);
    if (filter.ids) {
      if (filter.ids.length === 0) {
        return [];
      }
      q = q.where('id', 'in', filter.ids);
    }
    if (filter.sinceVersion !== undefined) {
      // An item changes when any of its variants changes: item rows are bumped with them.
      q = q.where('version', '>', filter.sinceVersion);
    }
    const items = await q.orderBy('name').orderBy('id').execute();
    if (items.length === 0) {
      return [];
    }
    const ids = items.map((i) => i.id);
    const [variants, taxes, groups] = await Promise.all([
      db
        .selectFrom('item_variants')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('item_id', 'in', ids)
        .orderBy('sort_order')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('item_taxes')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('item_id', 'in', ids)
        .execute(),
      db
        .selectFrom('item_modifier_groups')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('item_id', 'in', ids)
        .orderBy('sort_order')
        .execute(),
    ]);
    return items.map((i) => ({
      id: i.id,
      categoryId: i.category_id,
      name: i.name,
      description: i.description,
      imageUrl: i.image_id ? imagePath(tenantId, i.image_id) : i.image_url,
      imageId: i.image_id,
      taxRateIds: taxes
        .filter((t) => t.item_id === i.id)
        .map((t) => t.tax_rate_id)
        .sort(),
      overrideCategoryTaxes: i.override_category_taxes,
      modifierGroupIds: groups.filter((g) => g.item_id === i.id).map((g) => g.group_id),
      variants: variants
        .filter((v) => v.item_id === i.id)
        .map((v) => ({
          id: v.id,
          name: v.name,
          sku: v.sku,
          barcode: v.barcode,
          price: toMinor(v.price),
          sortOrder: v.sort_order,
          archived: v.archived_at !== null,
        })),
      archived: i.archived_at !== null,
      version: i.version,
    }));
  }

  async function getItem(db: Executor, tenantId: string, id: string): Promise<ItemDto> {
    const [item] = await loadItems(db, tenantId, { ids: [id] });
    if (!item) {
      throw notFound('items', id);
    }
    return item;
  }

  /** Replaces an item's variants: listed ones are upserted in order, the others archived. */
  async function writeVariants(
    tx: Tx,
    tenantId: string,
    itemId: string,
    variants: VariantInput[],
    version: string,
  ): Promise<void> {
    if (variants.length === 0) {
      throw new AppError('items.invalid', 'An item needs at least one variant.', { field: 'variants' });
    }
    const now = clock.now();
    const existing = await tx
      .selectFrom('item_variants')
      .select(['id', 'item_id', 'archived_at'])
      .where('tenant_id', '=', tenantId)
      .where('item_id', '=', itemId)
      .execute();
    const keep = new Set(variants.map((v) => v.id).filter((id): id is string => id !== undefined));
    const toArchive = existing.filter((v) => !keep.has(v.id) && v.archived_at === null).map((v) => v.id);
    if (toArchive.length) {
      await tx
        .updateTable('item_variants')
        .set({ archived_at: now, version, updated_at: now })
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', toArchive)
        .execute();
    }
    for (const [index, v] of variants.entries()) {
      const row = {
        name: v.name,
        sku: v.sku ?? null,
        barcode: v.barcode ?? null,
        price: v.price,
        sort_order: index,
        archived_at: null,
        version,
        updated_at: now,
      };
      const updated =
        v.id !== undefined
          ? await tx
              .updateTable('item_variants')
              .set(row)
              .where('tenant_id', '=', tenantId)
              .where('item_id', '=', itemId)
              .where('id', '=', v.id)
              .executeTakeFirst()
          : undefined;
      if (!updated || updated.numUpdatedRows === 0n) {
        const inserted = await tx
          .insertInto('item_variants')
          .values({ tenant_id: tenantId, id: v.id ?? newId(), item_id: itemId, ...row })
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
          .executeTakeFirst();
        if (inserted.numInsertedOrUpdatedRows === 0n) {
          throw new AppError('items.conflict', 'That variant id belongs to another item.', { id: v.id });
        }
      }
    }
  }

  async function writeItemLinks(
    tx: Tx,
    tenantId: string,
    itemId: string,
    input: { taxRateIds?: string[]; modifierGroupIds?: string[] },
  ): Promise<void> {
    if (input.taxRateIds) {
      await assertIdsExist(tx, 'tax_rates', tenantId, input.taxRateIds, { live: true });
      await tx
        .deleteFrom('item_taxes')
        .where('tenant_id', '=', tenantId)
        .where('item_id', '=', itemId)
        .execute();
      if (input.taxRateIds.length) {
        await tx
          .insertInto('item_taxes')
          .values(
            [...new Set(input.taxRateIds)].map((t) => ({
              tenant_id: tenantId,
              item_id: itemId,
              tax_rate_id: t,
            })),
          )
          .execute();
      }
    }
    if (input.modifierGroupIds) {
      await assertIdsExist(tx, 'modifier_groups', tenantId, input.modifierGroupIds, { live: true });
      await tx
        .deleteFrom('item_modifier_groups')
        .where('tenant_id', '=', tenantId)
        .where('item_id', '=', itemId)
        .execute();
      const unique = [...new Set(input.modifierGroupIds)];
      if (unique.length) {
        await tx
          .insertInto('item_modifier_groups')
          .values(
            unique.map((g, i) => ({ tenant_id: tenantId, item_id: itemId, group_id: g, sort_order: i })),
          )
          .execute();
      }
    }
  }

  return {
    loadItems,
    getItem,

    // ---- Items ----------------------------------------------------------------------------------
    async listItems(
      db: Executor,
      ctx: ServiceContext,
      filter: { categoryId?: string; includeArchived?: boolean },
    ): Promise<ItemDto[]> {
      let q = db.selectFrom('items').select('id').where('tenant_id', '=', ctx.tenantId);
      if (filter.categoryId) {
        q = q.where('category_id', '=', filter.categoryId);
      }
      if (!filter.includeArchived) {
        q = q.where('archived_at', 'is', null);
      }
      const ids = (await q.execute()).map((r) => r.id);
      return loadItems(db, ctx.tenantId, { ids });
    },

    /** Items by name, a page at a time (keyset on name, id). */
    async pageItems(
      db: Executor,
      ctx: ServiceContext,
      query: PageRequest & { categoryId?: string; includeArchived?: boolean },
    ): Promise<PageOf<ItemDto>> {
      const limit = query.limit ?? 100;
      const after = decodeCursor(query.cursor, ['string', 'uuid'] as const);
      let q = db.selectFrom('items').select(['id', 'name']).where('tenant_id', '=', ctx.tenantId);
      if (query.categoryId) {
        q = q.where('category_id', '=', query.categoryId);
      }
      if (!query.includeArchived) {
        q = q.where('archived_at', 'is', null);
      }
      if (after) {
        q = q.where(afterKey(['name', 'id'], after));
      }
      const keys = await q
        .orderBy('name')
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      const page = keys.slice(0, limit);
      const last = page[page.length - 1];
      return {
        // loadItems keeps the (name, id) order.
        items: await loadItems(db, ctx.tenantId, { ids: page.map((k) => k.id) }),
        nextCursor: keys.length > limit && last ? encodeCursor([last.name, last.id]) : null,
      };
    },

    async createItem(tx: Tx, ctx: ServiceContext, input: ItemInput): Promise<ItemDto> {
      if (input.categoryId) {
        await assertIdsExist(tx, 'categories', ctx.tenantId, [input.categoryId], { live: true });
      }
      await checkImage(tx, ctx.tenantId, input);
      const version = await nextCatalogVersion(tx, ctx);
      const id = input.id ?? newId();
      const inserted = await tx
        .insertInto('items')
        .values({
          tenant_id: ctx.tenantId,
          id,
          category_id: input.categoryId ?? null,
          name: input.name,
          description: input.description ?? null,
          image_url: input.imageId ? null : (input.imageUrl ?? null),
          image_id: input.imageId ?? null,
          override_category_taxes: input.overrideCategoryTaxes ?? false,
          version,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
        .executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows === 0n) {
        throw new AppError('items.already_exists', 'An item with this id already exists.');
      }
      try {
        await writeVariants(tx, ctx.tenantId, id, input.variants, version);
      } catch (err) {
        throw uniqueViolation(err) ?? err;
      }
      await writeItemLinks(tx, ctx.tenantId, id, {
        taxRateIds: input.taxRateIds ?? [],
        modifierGroupIds: input.modifierGroupIds ?? [],
      });
      const dto = await getItem(tx, ctx.tenantId, id);
      ctx.audit({ action: 'item.created', targetType: 'item', targetId: id, after: dto });
      return dto;
    },

    async updateItem(tx: Tx, ctx: ServiceContext, id: string, input: UpdateItemInput): Promise<ItemDto> {
      const before = await getItem(tx, ctx.tenantId, id);
      if (input.categoryId) {
        await assertIdsExist(tx, 'categories', ctx.tenantId, [input.categoryId], { live: true });
      }
      await checkImage(tx, ctx.tenantId, input);
      const version = await nextCatalogVersion(tx, ctx);
      const now = clock.now();
      const current = await tx
        .selectFrom('items')
        .select('archived_at')
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('items')
        .set({
          ...(input.categoryId !== undefined ? { category_id: input.categoryId } : {}),
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.imageUrl !== undefined ? { image_url: input.imageUrl, image_id: null } : {}),
          ...(input.imageId !== undefined
            ? { image_id: input.imageId, ...(input.imageId ? { image_url: null } : {}) }
            : {}),
          ...(input.overrideCategoryTaxes !== undefined
            ? { override_category_taxes: input.overrideCategoryTaxes }
            : {}),
          ...archivedAt(input.archived, current.archived_at, now),
          version,
          updated_at: now,
        })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .execute();
      if (input.variants) {
        try {
          await writeVariants(tx, ctx.tenantId, id, input.variants, version);
        } catch (err) {
          throw uniqueViolation(err) ?? err;
        }
      }
      await writeItemLinks(tx, ctx.tenantId, id, input);
      const after = await getItem(tx, ctx.tenantId, id);
      ctx.audit({ action: 'item.updated', targetType: 'item', targetId: id, before, after });
      return after;
    },
  };
}

/**
 * The catalog's menu structure: categories, items with variants, modifier groups — one service
 * object composed of the three (each in its own file).
 */
export function createItemsService(deps: { clock: Clock }) {
  return {
    ...createCategoriesService(deps),
    ...createModifierGroupsService(deps),
    ...createItemRecords(deps),
  };
}
export type ItemsService = ReturnType<typeof createItemsService>;
