import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { archivedAt, nextCatalogVersion, toMinor } from './catalog.repo.ts';
import type { CreateDiscountInput, UpdateDiscountInput } from './catalog.contracts.ts';

export interface DiscountDto {
  id: string;
  name: string;
  kind: 'percentage' | 'fixed';
  scope: 'item' | 'order';
  value: number | null;
  approvalThreshold: number | null;
  archived: boolean;
  version: string;
}

const discountDto = (r: {
  id: string;
  name: string;
  kind: string;
  scope: string;
  value: string | null;
  approval_threshold: string | null;
  archived_at: Date | null;
  version: string;
}): DiscountDto => ({
  id: r.id,
  name: r.name,
  kind: r.kind as DiscountDto['kind'],
  scope: r.scope as DiscountDto['scope'],
  value: r.value === null ? null : toMinor(r.value),
  approvalThreshold: r.approval_threshold === null ? null : toMinor(r.approval_threshold),
  archived: r.archived_at !== null,
  version: r.version,
});

function assertDiscountValue(kind: string, value: number | null | undefined, field: string): void {
  if (kind === 'percentage' && value !== null && value !== undefined && value > 1_000_000) {
    throw new AppError('discounts.invalid', 'A percentage is at most 1,000,000 ppm (100%).', { field });
  }
}

/** Discounts: percentage or fixed, item or order level, with an optional approval threshold. */
export function createDiscountsService(deps: { clock: Clock }) {
  const { clock } = deps;

  return {
    /** Live discounts by id (archived and unknown ones are absent). */
    async findLiveDiscounts(
      db: Executor,
      tenantId: string,
      ids: string[],
    ): Promise<Map<string, DiscountDto>> {
      if (ids.length === 0) {
        return new Map();
      }
      const rows = await db
        .selectFrom('discounts')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', [...new Set(ids)])
        .where('archived_at', 'is', null)
        .execute();
      return new Map(rows.map((r) => [r.id, discountDto(r)]));
    },

    // ---- Discounts -------------------------------------------------------------------------------
    async listDiscounts(db: Executor, ctx: ServiceContext): Promise<DiscountDto[]> {
      return (
        await db
          .selectFrom('discounts')
          .selectAll()
          .where('tenant_id', '=', ctx.tenantId)
          .orderBy('name')
          .orderBy('id')
          .execute()
      ).map(discountDto);
    },
    async createDiscount(tx: Tx, ctx: ServiceContext, input: CreateDiscountInput): Promise<DiscountDto> {
      assertDiscountValue(input.kind, input.value, 'value');
      assertDiscountValue(input.kind, input.approvalThreshold, 'approvalThreshold');
      const version = await nextCatalogVersion(tx, ctx);
      const row = await tx
        .insertInto('discounts')
        .values({
          tenant_id: ctx.tenantId,
          id: input.id ?? newId(),
          name: input.name,
          kind: input.kind,
          scope: input.scope,
          value: input.value,
          approval_threshold: input.approvalThreshold ?? null,
          version,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        throw new AppError('discounts.already_exists', 'A discount with this id already exists.');
      }
      ctx.audit({
        action: 'discount.created',
        targetType: 'discount',
        targetId: row.id,
        after: discountDto(row),
      });
      return discountDto(row);
    },
    async updateDiscount(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      input: UpdateDiscountInput,
    ): Promise<DiscountDto> {
      const before = await tx
        .selectFrom('discounts')
        .selectAll()
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!before) {
        throw notFound('discounts', id);
      }
      assertDiscountValue(before.kind, input.value, 'value');
      assertDiscountValue(before.kind, input.approvalThreshold, 'approvalThreshold');
      const version = await nextCatalogVersion(tx, ctx);
      const now = clock.now();
      const row = await tx
        .updateTable('discounts')
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.value !== undefined ? { value: input.value } : {}),
          ...(input.approvalThreshold !== undefined ? { approval_threshold: input.approvalThreshold } : {}),
          ...archivedAt(input.archived, before.archived_at, now),
          version,
          updated_at: now,
        })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      ctx.audit({
        action: 'discount.updated',
        targetType: 'discount',
        targetId: id,
        before: discountDto(before),
        after: discountDto(row),
      });
      return discountDto(row);
    },
  };
}
