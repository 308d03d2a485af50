import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { archivedAt, nextCatalogVersion, toMinor } from './catalog.repo.ts';
import type { ModifierGroupInput, OptionInput } from './catalog.contracts.ts';

export interface ModifierGroupDto {
  id: string;
  name: string;
  minSelect: number;
  maxSelect: number | null;
  options: { id: string; name: string; price: number; sortOrder: number; archived: boolean }[];
  archived: boolean;
  version: string;
}

export type { OptionInput };

/** Categories, items with their variants, and modifier groups with their options. */

/** Modifier groups (min/max selections) and their priced options. */
export function createModifierGroupsService(deps: { clock: Clock }) {
  const { clock } = deps;

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
    getModifierGroup,
    loadModifierGroups,

    // ---- Modifier groups ------------------------------------------------------------------------
    async listModifierGroups(db: Executor, ctx: ServiceContext): Promise<ModifierGroupDto[]> {
      return loadModifierGroups(db, ctx.tenantId);
    },

    async saveModifierGroup(
      tx: Tx,
      ctx: ServiceContext,
      id: string | undefined,
      input: ModifierGroupInput,
    ): Promise<ModifierGroupDto> {
      const before = id ? await getModifierGroup(tx, ctx.tenantId, id) : null;
      const groupId = id ?? input.id ?? newId();
      const min = input.minSelect ?? before?.minSelect ?? 0;
      const max = input.maxSelect !== undefined ? input.maxSelect : (before?.maxSelect ?? null);
      const liveOptions = input.options
        ? input.options.length
        : (before?.options.filter((o) => !o.archived).length ?? 0);
      assertSelectRange(min, max, liveOptions);
      const version = await nextCatalogVersion(tx, ctx);
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
