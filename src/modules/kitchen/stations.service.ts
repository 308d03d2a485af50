import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { assertOutletAccess, outletFilter } from '../identity/index.ts';
import { requireOutlet } from '../tenancy/index.ts';
import type { CreateRouteInput, CreateStationInput, UpdateStationInput } from './kitchen.contracts.ts';
import * as repo from './stations.repo.ts';

const stationDto = (s: repo.StationRow) => ({
  id: s.id,
  outletId: s.outlet_id,
  key: s.key,
  name: s.name,
  isDefault: s.is_default,
  lateAfterSeconds: s.late_after_seconds,
  position: s.position,
  archived: s.archived_at !== null,
});
const routeDto = (r: repo.RouteRow) => ({
  id: r.id,
  outletId: r.outlet_id,
  stationId: r.station_id,
  itemId: r.item_id,
  categoryId: r.category_id,
  course: r.course,
});

/** Stations per outlet and the routing rules (item or category → station, default course). */
export function createStationsService(deps: { clock: Clock }) {
  const { clock } = deps;

  return {
    async list(db: Executor, ctx: ServiceContext, outletId?: string) {
      const rows = await repo.listStations(db, ctx.tenantId, outletFilter(ctx));
      return rows.filter((s) => !outletId || s.outlet_id === outletId).map(stationDto);
    },

    async get(db: Executor, ctx: ServiceContext, id: string) {
      const s = await repo.getStation(db, ctx.tenantId, id);
      assertOutletAccess(ctx, s.outlet_id);
      return stationDto(s);
    },

    async create(tx: Tx, ctx: ServiceContext, input: CreateStationInput) {
      await requireOutlet(tx, ctx, input.outletId);
      const now = clock.now();
      const id = newId();
      if (input.isDefault) {
        await repo.clearDefault(tx, ctx.tenantId, input.outletId, id);
      }
      const row = await repo.insertStation(tx, {
        tenant_id: ctx.tenantId,
        id,
        outlet_id: input.outletId,
        key: input.key,
        name: input.name,
        is_default: input.isDefault ?? false,
        late_after_seconds: input.lateAfterSeconds ?? 900,
        position: input.position ?? 0,
        created_at: now,
        updated_at: now,
      });
      if (!row) {
        throw new AppError('kitchen_stations.already_exists', 'A station with this key exists already.', {
          key: input.key,
        });
      }
      ctx.audit({
        action: 'kitchen.station_created',
        targetType: 'kitchen_station',
        targetId: id,
        after: input,
      });
      return stationDto(row);
    },

    async update(tx: Tx, ctx: ServiceContext, id: string, input: UpdateStationInput) {
      const s = await repo.getStation(tx, ctx.tenantId, id, true);
      assertOutletAccess(ctx, s.outlet_id);
      const archiving = input.archived === true && s.archived_at === null;
      if (s.archived_at !== null && input.archived === undefined) {
        throw new AppError('kitchen_stations.archived', 'The station is archived: restore it first.');
      }
      if (archiving && (s.is_default || input.isDefault)) {
        throw new AppError(
          'kitchen_stations.conflict',
          "This is the outlet's default station: make another station the default first.",
        );
      }
      if (archiving && (await repo.hasLiveTickets(tx, ctx.tenantId, id))) {
        throw new AppError(
          'kitchen_stations.conflict',
          'The station still has tickets to cook: bump or move them first.',
        );
      }
      // Its routing rules go with it: those lines go to the outlet's default station from now on.
      const routesDropped = archiving ? await repo.deleteStationRoutes(tx, ctx.tenantId, id) : 0;
      if (input.isDefault) {
        await repo.clearDefault(tx, ctx.tenantId, s.outlet_id, id);
      }
      const row = await repo.updateStation(tx, ctx.tenantId, id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.isDefault !== undefined ? { is_default: input.isDefault } : {}),
        ...(input.lateAfterSeconds !== undefined ? { late_after_seconds: input.lateAfterSeconds } : {}),
        ...(input.position !== undefined ? { position: input.position } : {}),
        ...(input.archived !== undefined
          ? { archived_at: input.archived ? (s.archived_at ?? clock.now()) : null }
          : {}),
        updated_at: clock.now(),
      });
      ctx.audit({
        action: 'kitchen.station_updated',
        targetType: 'kitchen_station',
        targetId: id,
        after: routesDropped ? { ...input, routesDropped } : input,
      });
      return stationDto(row);
    },

    async listRoutes(db: Executor, ctx: ServiceContext, outletId?: string) {
      const rows = await repo.listRoutes(db, ctx.tenantId, outletFilter(ctx));
      return rows.filter((r) => !outletId || r.outlet_id === outletId).map(routeDto);
    },

    /** Routes an item or a category to a station of its outlet (replacing its earlier rule there). */
    async setRoute(tx: Tx, ctx: ServiceContext, input: CreateRouteInput) {
      if ((input.itemId === undefined) === (input.categoryId === undefined)) {
        throw new AppError('kitchen.invalid', 'Route either an item or a category.', { field: 'itemId' });
      }
      const s = await repo.getStation(tx, ctx.tenantId, input.stationId);
      assertOutletAccess(ctx, s.outlet_id);
      if (s.archived_at !== null) {
        throw new AppError('kitchen_stations.archived', 'The station is archived: restore it first.');
      }
      if (!(await repo.catalogEntryExists(tx, ctx.tenantId, input))) {
        throw new AppError(
          input.itemId ? 'items.not_found' : 'categories.not_found',
          'No such item or category.',
        );
      }
      const row = await repo.upsertRoute(tx, {
        tenant_id: ctx.tenantId,
        id: newId(),
        outlet_id: s.outlet_id,
        station_id: s.id,
        item_id: input.itemId ?? null,
        category_id: input.categoryId ?? null,
        course: input.course ?? null,
        created_at: clock.now(),
      });
      ctx.audit({ action: 'kitchen.route_set', targetType: 'kitchen_route', targetId: row.id, after: input });
      return routeDto(row);
    },

    async deleteRoute(tx: Tx, ctx: ServiceContext, id: string) {
      const r = await repo.findRoute(tx, ctx.tenantId, id);
      if (!r) {
        throw new AppError('kitchen_routes.not_found', 'No such routing rule.', { id });
      }
      assertOutletAccess(ctx, r.outlet_id);
      await repo.deleteRoute(tx, ctx.tenantId, id);
      ctx.audit({
        action: 'kitchen.route_deleted',
        targetType: 'kitchen_route',
        targetId: id,
        before: routeDto(r),
      });
      return routeDto(r);
    },
  };
}
export type StationsService = ReturnType<typeof createStationsService>;
