import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { assertOutletAccess } from '../identity/index.ts';
import { requireOutlet } from '../tenancy/index.ts';
import type {
  CreateTableInput,
  FloorPlanDto,
  UpdateFloorInput,
  UpdateTableInput,
} from './floor.contracts.ts';
import { tabDto, tableDto, tableEvent } from './floor-record.ts';
import * as repo from './floor.repo.ts';

const floorDto = (f: repo.FloorRow) => ({
  id: f.id,
  outletId: f.outlet_id,
  name: f.name,
  position: f.position,
});

/** The plan: floors and tables of an outlet (set-up) and the plan with every table's status. */
export function createFloorPlanService(deps: { clock: Clock }) {
  const { clock } = deps;

  /** A table as it is now (its status from its open orders). */
  async function currentTable(db: Executor, ctx: ServiceContext, t: repo.TableRow) {
    return tableDto(t, await repo.liveOrders(db, ctx.tenantId, { tableIds: [t.id] }));
  }

  return {
    currentTable,

    async plan(db: Executor, ctx: ServiceContext, outletId: string): Promise<FloorPlanDto> {
      await requireOutlet(db, ctx, outletId);
      const [floors, tables, live] = await Promise.all([
        repo.listFloors(db, ctx.tenantId, outletId),
        repo.listTables(db, ctx.tenantId, outletId),
        repo.liveOrders(db, ctx.tenantId, { outletId }),
      ]);
      return {
        outletId,
        floors: floors.map((f) => ({
          ...floorDto(f),
          tables: tables.filter((t) => t.floor_id === f.id).map((t) => tableDto(t, live)),
        })),
        tabs: live.filter((o) => o.tab_name !== null).map(tabDto),
      };
    },

    async createFloor(
      tx: Tx,
      ctx: ServiceContext,
      input: { outletId: string; name: string; position?: number },
    ) {
      await requireOutlet(tx, ctx, input.outletId);
      const now = clock.now();
      const row = await repo.insertFloor(tx, {
        tenant_id: ctx.tenantId,
        id: newId(),
        outlet_id: input.outletId,
        name: input.name,
        position: input.position ?? 0,
        created_at: now,
        updated_at: now,
      });
      ctx.audit({ action: 'floor.created', targetType: 'floor', targetId: row.id, after: input });
      return floorDto(row);
    },

    async updateFloor(tx: Tx, ctx: ServiceContext, id: string, input: UpdateFloorInput) {
      const f = await repo.getFloor(tx, ctx.tenantId, id);
      assertOutletAccess(ctx, f.outlet_id);
      const { archived, ...change } = input;
      if (f.archived_at !== null && archived === undefined) {
        throw new AppError('floors.archived', 'The floor is archived: restore it first.');
      }
      const now = clock.now();
      // Archiving takes the floor's tables with it, only when none has an order still open.
      const removed: repo.TableRow[] = [];
      if (archived && f.archived_at === null) {
        const tables = await repo.floorTables(tx, ctx.tenantId, id);
        const live = tables.length
          ? await repo.liveOrders(tx, ctx.tenantId, { tableIds: tables.map((t) => t.id) })
          : [];
        if (live.length) {
          throw new AppError(
            'floors.conflict',
            'A table on this floor has open orders: move or close them first.',
            {
              tableIds: [...new Set(live.map((o) => o.table_id))],
            },
          );
        }
        removed.push(...(await repo.archiveFloorTables(tx, ctx.tenantId, id, now)));
      }
      const row = await repo.updateFloor(tx, ctx.tenantId, id, {
        ...change,
        ...(archived !== undefined ? { archived_at: archived ? (f.archived_at ?? now) : null } : {}),
        updated_at: now,
      });
      for (const t of removed) {
        ctx.emit(tableEvent(tableDto(t, [])));
      }
      ctx.audit({
        action: 'floor.updated',
        targetType: 'floor',
        targetId: id,
        after: removed.length ? { ...input, tablesArchived: removed.map((t) => t.id) } : input,
      });
      return floorDto(row);
    },

    async createTable(tx: Tx, ctx: ServiceContext, input: CreateTableInput) {
      const f = await repo.getFloor(tx, ctx.tenantId, input.floorId);
      assertOutletAccess(ctx, f.outlet_id);
      if (f.archived_at !== null) {
        throw new AppError('floors.archived', 'The floor is archived: restore it first.', {
          field: 'floorId',
        });
      }
      const now = clock.now();
      const row = await repo.insertTable(tx, {
        tenant_id: ctx.tenantId,
        id: newId(),
        outlet_id: f.outlet_id,
        floor_id: f.id,
        name: input.name,
        seats: input.seats,
        shape: input.shape ?? 'square',
        x: input.x ?? 0,
        y: input.y ?? 0,
        width: input.width ?? 100,
        height: input.height ?? 100,
        created_at: now,
        updated_at: now,
      });
      if (!row) {
        throw new AppError('tables.already_exists', 'A table of this outlet has this name.', {
          name: input.name,
        });
      }
      ctx.audit({ action: 'table.created', targetType: 'table', targetId: row.id, after: input });
      return tableDto(row, []);
    },

    async changeTable(tx: Tx, ctx: ServiceContext, id: string, input: UpdateTableInput) {
      const t = await repo.getTable(tx, ctx.tenantId, id, true);
      assertOutletAccess(ctx, t.outlet_id);
      const { archived, floorId, ...layout } = input;
      const to = floorId !== undefined ? await repo.getFloor(tx, ctx.tenantId, floorId) : null;
      if (to && to.outlet_id !== t.outlet_id) {
        throw new AppError('floor.invalid', 'A table moves only between floors of its outlet.', {
          field: 'floorId',
        });
      }
      // A table comes back (or moves) only onto a floor in use.
      const onto = to ?? (archived === false ? await repo.getFloor(tx, ctx.tenantId, t.floor_id) : null);
      if (onto?.archived_at) {
        throw new AppError('floors.archived', 'The floor is archived: restore it first.', {
          field: 'floorId',
        });
      }
      const live = await repo.liveOrders(tx, ctx.tenantId, { tableIds: [id] });
      if (archived && live.length) {
        throw new AppError('tables.conflict', 'The table has open orders: move or close them first.');
      }
      const row = await repo.changeTable(tx, ctx.tenantId, id, {
        ...layout,
        ...(floorId !== undefined ? { floor_id: floorId } : {}),
        ...(archived !== undefined ? { archived_at: archived ? clock.now() : null } : {}),
        updated_at: clock.now(),
      });
      const dto = tableDto(row, live);
      ctx.emit(tableEvent(dto));
      ctx.audit({ action: 'table.updated', targetType: 'table', targetId: id, after: input });
      return dto;
    },
  };
}
export type FloorPlanService = ReturnType<typeof createFloorPlanService>;
