import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { actorRefOf, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import type { RecipeDto, RecipeInput } from './inventory.contracts.ts';
import { recipeDto } from './inventory-view.ts';
import { unitsOf } from './inventory-view.ts';
import * as repo from './inventory.repo.ts';
import * as recipesRepo from './recipes.repo.ts';
import { toBase } from './units.ts';

/** Recipes: each save is a new version of what an item, variant or option uses. */
export function createRecipesService(deps: { clock: Clock }) {
  const { clock } = deps;
  return {
    /** Saves a new version of a recipe; sales from `effectiveFrom` on deduct it. */
    async saveRecipe(tx: Tx, ctx: ServiceContext, input: RecipeInput): Promise<RecipeDto> {
      const target = { type: input.targetType, id: input.targetId };
      if (!(await recipesRepo.findTarget(tx, ctx.tenantId, target))) {
        throw new AppError(
          input.targetType === 'item'
            ? 'items.not_found'
            : input.targetType === 'variant'
              ? 'item_variants.not_found'
              : 'modifier_options.not_found',
          'No such menu entry for this recipe.',
          { id: input.targetId },
        );
      }
      const ids = input.lines.map((l) => l.stockItemId);
      if (new Set(ids).size !== ids.length) {
        throw new AppError('inventory.invalid', 'Name each stock item once in a recipe.', { field: 'lines' });
      }
      const items = new Map((await repo.getStockItemRows(tx, ctx.tenantId, ids)).map((i) => [i.id, i]));
      const missing = ids.filter((id) => !items.has(id));
      if (missing.length) {
        throw new AppError('stock_items.not_found', 'Unknown stock items.', { ids: missing });
      }
      const now = clock.now();
      const version = await recipesRepo.nextRecipeVersion(tx, ctx.tenantId, target);
      const id = newId();
      const lines = input.lines.map((l) => ({
        stockItemId: l.stockItemId,
        qty: toBase(l.amount.quantity, l.amount.unit, unitsOf(items.get(l.stockItemId)!)),
      }));
      await recipesRepo.insertRecipe(
        tx,
        {
          tenant_id: ctx.tenantId,
          id,
          target_type: target.type,
          target_id: target.id,
          version,
          yield_bp: input.yieldBp ?? 10_000,
          effective_from: input.effectiveFrom ? new Date(input.effectiveFrom) : now,
          created_at: now,
          actor: actorRefOf(ctx.principal),
        },
        lines,
      );
      const [saved] = (await recipesRepo.currentRecipes(tx, ctx.tenantId, { targetIds: [target.id] })).filter(
        (r) => r.id === id,
      );
      const dto = saved
        ? recipeDto(saved)
        : {
            id,
            targetType: target.type,
            targetId: target.id,
            version,
            yieldBp: input.yieldBp ?? 10_000,
            effectiveFrom: (input.effectiveFrom ? new Date(input.effectiveFrom) : now).toISOString(),
            createdAt: now.toISOString(),
            lines: lines.map((l) => ({ stockItemId: l.stockItemId, qty: l.qty })),
          };
      ctx.audit({ action: 'recipe.saved', targetType: 'recipe', targetId: id, after: dto });
      return dto;
    },

    async listRecipes(db: Executor, ctx: ServiceContext, q: { targetId?: string; history?: boolean }) {
      const rows =
        q.history && q.targetId
          ? await recipesRepo.recipeHistory(db, ctx.tenantId, q.targetId)
          : await recipesRepo.currentRecipes(db, ctx.tenantId, q.targetId ? { targetIds: [q.targetId] } : {});
      return rows.map(recipeDto);
    },
  };
}
