import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { archivedAt, assertIdsExist, nextCatalogVersion } from './catalog.repo.ts';
import type { CategoryInput } from './catalog.contracts.ts';

export interface CategoryDto {
  id: string;
  name: string;
  sortOrder: number;
  taxRateIds: string[];
  archived: boolean;
  version: string;
}

/** Categories (with the taxes their items inherit). */
export function createCategoriesService(deps: { clock: Clock }) {
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

  return {
    // ---- Categories -----------------------------------------------------------------------------
    async listCategories(db: Executor, ctx: ServiceContext): Promise<CategoryDto[]> {
      const [rows, taxes] = await Promise.all([
        db
          .selectFrom('categories')
          .selectAll()
          .where('tenant_id', '=', ctx.tenantId)
          .orderBy('sort_order')
          .orderBy('name')
          .orderBy('id')
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
      input: CategoryInput,
    ): Promise<CategoryDto> {
      const before = id ? await getCategory(tx, ctx.tenantId, id) : null;
      const version = await nextCatalogVersion(tx, ctx);
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
  };
}
