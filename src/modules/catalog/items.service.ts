import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { assertIdsExist, nextCatalogVersion, toMinor, uniqueViolation } from './catalog.repo.ts';

export interface CategoryDto {
  id: string;
  name: string;
  sortOrder: number;
  taxRateIds: string[];
  archived: boolean;
  version: string;
}
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
  taxRateIds: string[];
  overrideCategoryTaxes: boolean;
  modifierGroupIds: string[];
  variants: VariantDto[];
  archived: boolean;
  version: string;
}
export interface ModifierGroupDto {
  id: string;
  name: string;
  minSelect: number;
  maxSelect: number | null;
  options: { id: string; name: string; price: number; sortOrder: number; archived: boolean }[];
  archived: boolean;
  version: string;
}

export interface VariantInput {
  id?: string;
  name: string;
  sku?: string | null;
  barcode?: string | null;
  price: number;
}
export interface ItemInput {
  id?: string;
  categoryId?: string | null;
  name: string;
  description?: string | null;
  imageUrl?: string | null;
  taxRateIds?: string[];
  overrideCategoryTaxes?: boolean;
  modifierGroupIds?: string[];
  variants: VariantInput[];
}
export interface OptionInput {
  id?: string;
  name: string;
  price: number;
}

const archivedAt = (archived: boolean | undefined, current: Date | null, now: Date) =>
  archived === undefined ? {} : { archived_at: archived ? (current ?? now) : null };

/** Categories, items with their variants, and modifier groups with their options. */
export function createItemsService(deps: { clock: Clock }) {
  const { clock } = deps;

  async function getCategory(db: Executor, tenantId: string, id: string): Promise<CategoryDto> {
    const row = await db
      .selectFrom('categories')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) {
      throw notFound('categories', id);
    }
    const taxes = await db
      .selectFrom('category_taxes')
      .select('tax_rate_id')
      .where('tenant_id', '=', tenantId)
      .where('category_id', '=', id)
      .execute();
    return {
      id: row.id,
      name: row.name,
      sortOrder: row.sort_order,
      taxRateIds: taxes.map((t) => t.tax_rate_id).sort(),
      archived: row.archived_at !== null,
      version: row.version,
    };
  }

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
      imageUrl: i.image_url,
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

  /** Modifier groups with their options in two queries (all of the tenant's, or just `ids`). */
  async function loadModifierGroups(
    db: Executor,
    tenantId: string,
    ids?: string[],
  ): Promise<ModifierGroupDto[]> {
    if (ids && ids.length === 0) {
      return [];
    }
    let q = db.selectFrom('modifier_groups').selectAll().where('tenant_id', '=', tenantId);
    if (ids) {
      q = q.where('id', 'in', [...new Set(ids)]);
    }
    const rows = await q.orderBy('name').orderBy('id').execute();
    if (rows.length === 0) {
      return [];
    }
    const options = await db
      .selectFrom('modifier_options')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where(
        'group_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      minSelect: row.min_select,
      maxSelect: row.max_select,
      options: options
        .filter((o) => o.group_id === row.id)
        .map((o) => ({
          id: o.id,
          name: o.name,
          price: toMinor(o.price),
          sortOrder: o.sort_order,
          archived: o.archived_at !== null,
        })),
      archived: row.archived_at !== null,
      version: row.version,
    }));
  }

  async function getModifierGroup(db: Executor, tenantId: string, id: string): Promise<ModifierGroupDto> {
    const [group] = await loadModifierGroups(db, tenantId, [id]);
    if (!group) {
      throw notFound('modifier_groups', id);
    }
    return group;
  }

  async function writeOptions(
    tx: Tx,
    tenantId: string,
    groupId: string,
    options: OptionInput[],
    version: string,
  ): Promise<void> {
    const now = clock.now();
    const existing = await tx
      .selectFrom('modifier_options')
      .select(['id', 'archived_at'])
      .where('tenant_id', '=', tenantId)
      .where('group_id', '=', groupId)
      .execute();
    const keep = new Set(options.map((o) => o.id).filter((id): id is string => id !== undefined));
    const toArchive = existing.filter((o) => !keep.has(o.id) && o.archived_at === null).map((o) => o.id);
    if (toArchive.length) {
      await tx
        .updateTable('modifier_options')
        .set({ archived_at: now, version, updated_at: now })
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', toArchive)
        .execute();
    }
    for (const [index, o] of options.entries()) {
      const row = {
        name: o.name,
        price: o.price,
        sort_order: index,
        archived_at: null,
        version,
        updated_at: now,
      };
      const updated =
        o.id !== undefined
          ? await tx
              .updateTable('modifier_options')
              .set(row)
              .where('tenant_id', '=', tenantId)
              .where('group_id', '=', groupId)
              .where('id', '=', o.id)
              .executeTakeFirst()
          : undefined;
      if (!updated || updated.numUpdatedRows === 0n) {
        const inserted = await tx
          .insertInto('modifier_options')
          .values({ tenant_id: tenantId, id: o.id ?? newId(), group_id: groupId, ...row })
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
          .executeTakeFirst();
        if (inserted.numInsertedOrUpdatedRows === 0n) {
          throw new AppError('modifier_groups.conflict', 'That option id belongs to another group.', {
            id: o.id,
          });
        }
      }
    }
  }

  function assertSelectRange(min: number, max: number | null, optionCount: number): void {
    if (max !== null && max < min) {
      throw new AppError('modifier_groups.invalid', 'maxSelect must be at least minSelect.', {
        field: 'maxSelect',
      });
    }
    if (min > optionCount) {
      throw new AppError('modifier_groups.invalid', 'minSelect is more than the number of options.', {
        field: 'minSelect',
      });
    }
  }

  return {
    loadItems,
    getItem,
    getModifierGroup,
    loadModifierGroups,

    // ---- Categories -----------------------------------------------------------------------------
    async listCategories(db: Executor, ctx: ServiceContext): Promise<CategoryDto[]> {
      const [rows, taxes] = await Promise.all([
        db
          .selectFrom('categories')
          .selectAll()
          .where('tenant_id', '=', ctx.tenantId)
          .orderBy('sort_order')
          .orderBy('name')
          .execute(),
        db.selectFrom('category_taxes').selectAll().where('tenant_id', '=', ctx.tenantId).execute(),
      ]);
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        sortOrder: row.sort_order,
        taxRateIds: taxes
          .filter((t) => t.category_id === row.id)
          .map((t) => t.tax_rate_id)
          .sort(),
        archived: row.archived_at !== null,
        version: row.version,
      }));
    },
    getCategory: (db: Executor, ctx: ServiceContext, id: string) => getCategory(db, ctx.tenantId, id),
    async saveCategory(
      tx: Tx,
      ctx: ServiceContext,
      id: string | undefined,
      input: { id?: string; name?: string; sortOrder?: number; taxRateIds?: string[]; archived?: boolean },
    ): Promise<CategoryDto> {
      const before = id ? await getCategory(tx, ctx.tenantId, id) : null;
      const version = await nextCatalogVersion(tx, ctx.tenantId);
      const now = clock.now();
      const categoryId = id ?? input.id ?? newId();
      if (!before) {
        const inserted = await tx
          .insertInto('categories')
          .values({
            tenant_id: ctx.tenantId,
            id: categoryId,
            name: input.name ?? '',
            sort_order: input.sortOrder ?? 0,
            version,
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
          .executeTakeFirst();
        if (inserted.numInsertedOrUpdatedRows === 0n) {
          throw new AppError('categories.already_exists', 'A category with this id already exists.');
        }
      } else {
        const current = await tx
          .selectFrom('categories')
          .select('archived_at')
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', categoryId)
          .executeTakeFirstOrThrow();
        await tx
          .updateTable('categories')
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
            ...archivedAt(input.archived, current.archived_at, now),
            version,
            updated_at: now,
          })
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', categoryId)
          .execute();
      }
      if (input.taxRateIds) {
        await assertIdsExist(tx, 'tax_rates', ctx.tenantId, input.taxRateIds, { live: true });
        await tx
          .deleteFrom('category_taxes')
          .where('tenant_id', '=', ctx.tenantId)
          .where('category_id', '=', categoryId)
          .execute();
        if (input.taxRateIds.length) {
          await tx
            .insertInto('category_taxes')
            .values(
              [...new Set(input.taxRateIds)].map((t) => ({
                tenant_id: ctx.tenantId,
                category_id: categoryId,
                tax_rate_id: t,
              })),
            )
            .execute();
        }
        // Items of the category are priced differently now: terminals must re-pull them.
        await tx
          .updateTable('items')
          .set({ version })
          .where('tenant_id', '=', ctx.tenantId)
          .where('category_id', '=', categoryId)
          .execute();
      }
      const after = await getCategory(tx, ctx.tenantId, categoryId);
      ctx.audit({
        action: before ? 'category.updated' : 'category.created',
        targetType: 'category',
        targetId: categoryId,
        before,
        after,
      });
      return after;
    },

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

    async createItem(tx: Tx, ctx: ServiceContext, input: ItemInput): Promise<ItemDto> {
      if (input.categoryId) {
        await assertIdsExist(tx, 'categories', ctx.tenantId, [input.categoryId], { live: true });
      }
      const version = await nextCatalogVersion(tx, ctx.tenantId);
      const id = input.id ?? newId();
      const inserted = await tx
        .insertInto('items')
        .values({
          tenant_id: ctx.tenantId,
          id,
          category_id: input.categoryId ?? null,
          name: input.name,
          description: input.description ?? null,
          image_url: input.imageUrl ?? null,
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

    async updateItem(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      input: Partial<ItemInput> & { archived?: boolean },
    ): Promise<ItemDto> {
      const before = await getItem(tx, ctx.tenantId, id);
      if (input.categoryId) {
        await assertIdsExist(tx, 'categories', ctx.tenantId, [input.categoryId], { live: true });
      }
      const version = await nextCatalogVersion(tx, ctx.tenantId);
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
          ...(input.imageUrl !== undefined ? { image_url: input.imageUrl } : {}),
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

    // ---- Modifier groups ------------------------------------------------------------------------
    async listModifierGroups(db: Executor, ctx: ServiceContext): Promise<ModifierGroupDto[]> {
      return loadModifierGroups(db, ctx.tenantId);
    },

    async saveModifierGroup(
      tx: Tx,
      ctx: ServiceContext,
      id: string | undefined,
      input: {
        id?: string;
        name?: string;
        minSelect?: number;
        maxSelect?: number | null;
        options?: OptionInput[];
        archived?: boolean;
      },
    ): Promise<ModifierGroupDto> {
      const before = id ? await getModifierGroup(tx, ctx.tenantId, id) : null;
      const groupId = id ?? input.id ?? newId();
      const min = input.minSelect ?? before?.minSelect ?? 0;
      const max = input.maxSelect !== undefined ? input.maxSelect : (before?.maxSelect ?? null);
      const liveOptions = input.options
        ? input.options.length
        : (before?.options.filter((o) => !o.archived).length ?? 0);
      assertSelectRange(min, max, liveOptions);
      const version = await nextCatalogVersion(tx, ctx.tenantId);
      const now = clock.now();
      if (!before) {
        const inserted = await tx
          .insertInto('modifier_groups')
          .values({
            tenant_id: ctx.tenantId,
            id: groupId,
            name: input.name ?? '',
            min_select: min,
            max_select: max,
            version,
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
          .executeTakeFirst();
        if (inserted.numInsertedOrUpdatedRows === 0n) {
          throw new AppError(
            'modifier_groups.already_exists',
            'A modifier group with this id already exists.',
          );
        }
      } else {
        const current = await tx
          .selectFrom('modifier_groups')
          .select('archived_at')
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', groupId)
          .executeTakeFirstOrThrow();
        await tx
          .updateTable('modifier_groups')
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            min_select: min,
            max_select: max,
            ...archivedAt(input.archived, current.archived_at, now),
            version,
            updated_at: now,
          })
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', groupId)
          .execute();
        // Items using the group present differently now.
        await tx
          .updateTable('items')
          .set({ version })
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('item_modifier_groups')
              .select('item_id')
              .where('tenant_id', '=', ctx.tenantId)
              .where('group_id', '=', groupId),
          )
          .execute();
      }
      if (input.options) {
        await writeOptions(tx, ctx.tenantId, groupId, input.options, version);
      }
      const after = await getModifierGroup(tx, ctx.tenantId, groupId);
      ctx.audit({
        action: before ? 'modifier_group.updated' : 'modifier_group.created',
        targetType: 'modifier_group',
        targetId: groupId,
        before,
        after,
      });
      return after;
    },
  };
}
export type ItemsService = ReturnType<typeof createItemsService>;
