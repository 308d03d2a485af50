import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { KitchenRoutes, KitchenStations } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/http/errors.ts';

export type StationRow = Selectable<KitchenStations>;
export type RouteRow = Selectable<KitchenRoutes>;

const notFound = (id: string) =>
  new AppError('kitchen_stations.not_found', 'No such kitchen station.', { id });

/** Stations in use at some outlets (null = all), by position then name; archived ones are left out. */
export function listStations(db: Executor, tenantId: string, outletIds: readonly string[] | null) {
  let q = db
    .selectFrom('kitchen_stations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('archived_at', 'is', null);
  if (outletIds) {
    q = outletIds.length ? q.where('outlet_id', 'in', [...outletIds]) : q.where((eb) => eb.val(false));
  }
  return q.orderBy('position').orderBy('name').orderBy('id').execute();
}

/** One station; with `lock`, its row is held to commit (bump and recall of a station take turns). */
export async function getStation(
  db: Executor,
  tenantId: string,
  id: string,
  lock = false,
): Promise<StationRow> {
  let q = db
    .selectFrom('kitchen_stations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id);
  if (lock) {
    q = q.forUpdate();
  }
  const row = await q.executeTakeFirst();
  if (!row) {
    throw notFound(id);
  }
  return row;
}

/** Inserts a station; null when its key is taken in this business. */
export async function insertStation(tx: Tx, row: Insertable<KitchenStations>): Promise<StationRow | null> {
  return (
    (await tx
      .insertInto('kitchen_stations')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
      .returningAll()
      .executeTakeFirst()) ?? null
  );
}

export async function updateStation(
  tx: Tx,
  tenantId: string,
  id: string,
  change: Updateable<KitchenStations>,
): Promise<StationRow> {
  const row = await tx
    .updateTable('kitchen_stations')
    .set(change)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw notFound(id);
  }
  return row;
}

/** Takes the default flag from the outlet's other stations (one default per outlet). */
export async function clearDefault(
  tx: Tx,
  tenantId: string,
  outletId: string,
  exceptId: string,
): Promise<void> {
  await tx
    .updateTable('kitchen_stations')
    .set({ is_default: false })
    .where('tenant_id', '=', tenantId)
    .where('outlet_id', '=', outletId)
    .where('id', '!=', exceptId)
    .where('is_default', '=', true)
    .execute();
}

/** Whether a station still has tickets the cooks have not bumped (held or open). */
export async function hasLiveTickets(db: Executor, tenantId: string, stationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('kitchen_tickets')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('station_id', '=', stationId)
    .where('status', 'in', ['held', 'open'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Drops every routing rule that sends lines to a station (its lines go to the default station). */
export async function deleteStationRoutes(tx: Tx, tenantId: string, stationId: string): Promise<number> {
  const rows = await tx
    .deleteFrom('kitchen_routes')
    .where('tenant_id', '=', tenantId)
    .where('station_id', '=', stationId)
    .returning('id')
    .execute();
  return rows.length;
}

export function listRoutes(db: Executor, tenantId: string, outletIds: readonly string[] | null) {
  let q = db.selectFrom('kitchen_routes').selectAll().where('tenant_id', '=', tenantId);
  if (outletIds) {
    q = outletIds.length ? q.where('outlet_id', 'in', [...outletIds]) : q.where((eb) => eb.val(false));
  }
  return q.orderBy('created_at').orderBy('id').execute();
}

/** Sets the rule of an item or category at an outlet (replacing its earlier rule). */
export async function upsertRoute(tx: Tx, row: Insertable<KitchenRoutes>): Promise<RouteRow> {
  await tx
    .deleteFrom('kitchen_routes')
    .where('tenant_id', '=', row.tenant_id)
    .where('outlet_id', '=', row.outlet_id)
    .where((eb) =>
      row.item_id ? eb('item_id', '=', row.item_id) : eb('category_id', '=', row.category_id ?? null),
    )
    .execute();
  return tx.insertInto('kitchen_routes').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Deletes a rule; the outlet it was in, or null when there was none. */
export async function deleteRoute(tx: Tx, tenantId: string, id: string): Promise<string | null> {
  const row = await tx
    .deleteFrom('kitchen_routes')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning('outlet_id')
    .executeTakeFirst();
  return row?.outlet_id ?? null;
}

export async function findRoute(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('kitchen_routes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Whether an item or category exists in the business (routing rules point at real ones). */
export async function catalogEntryExists(
  db: Executor,
  tenantId: string,
  entry: { itemId?: string | undefined; categoryId?: string | undefined },
): Promise<boolean> {
  const row = entry.itemId
    ? await db
        .selectFrom('items')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', entry.itemId)
        .executeTakeFirst()
    : await db
        .selectFrom('categories')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', entry.categoryId ?? '')
        .executeTakeFirst();
  return row !== undefined;
}
