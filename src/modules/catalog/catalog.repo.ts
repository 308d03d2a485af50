import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { EventInput } from '../../platform/events/events.ts';
import { AppError } from '../../platform/http/errors.ts';

/**
 * The next catalog version of a tenant. Locks the tenant's head row until commit, so catalog
 * writes of one tenant are serialised and versions become visible in order (no terminal that
 * pulls "changes since v" can miss a change). Call it once per transaction. Emits
 * `catalog.changed` with the version, so registers refresh their menu live (sold out, prices).
 */
export async function nextCatalogVersion(
  tx: Tx,
  ctx: { tenantId: string; emit(event: EventInput): void },
  outletId?: string,
): Promise<string> {
  const tenantId = ctx.tenantId;
  const row = await tx
    .insertInto('catalog_heads')
    .values({ tenant_id: tenantId, version: 1 })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ version: sql`catalog_heads.version + 1` }))
    .returning('version')
    .executeTakeFirstOrThrow();
  // A change at one outlet (sold out) goes to that outlet's room too: paired registers listen there.
  ctx.emit({
    type: 'catalog.changed',
    topic: 'catalog',
    ...(outletId
      ? { outletId, payload: { version: row.version, outletId } }
      : { payload: { version: row.version } }),
  });
  return row.version;
}

export async function currentCatalogVersion(db: Executor, tenantId: string): Promise<string> {
  const row = await db
    .selectFrom('catalog_heads')
    .select('version')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.version ?? '0';
}

type IdTable = 'tax_rates' | 'categories' | 'modifier_groups' | 'items' | 'outlets';

/** Throws `<table>.not_found` naming the unknown ids unless every id exists in this tenant (archived ones count as unknown when `live`). */
export async function assertIdsExist(
  db: Executor,
  table: IdTable,
  tenantId: string,
  ids: readonly string[],
  options: { live?: boolean } = {},
): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) {
    return;
  }
  let q = db.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('id', 'in', unique);
  if (options.live && table !== 'outlets') {
    q = q.where('archived_at', 'is', null);
  }
  const found = new Set((await q.execute()).map((r) => r.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new AppError(`${table}.not_found`, `Unknown ${table.replace('_', ' ')}.`, { ids: missing });
  }
}

/** bigint column (read as a string) → a safe JS integer of minor units. */
export function toMinor(value: string | number | bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new Error(`amount out of range: ${String(value)}`);
  }
  return n;
}

/** Unique-index violations (SKU, barcode) → a 409 naming the field. */
export function uniqueViolation(err: unknown): AppError | null {
  const e = err as { code?: string; constraint?: string };
  if (e.code !== '23505') {
    return null;
  }
  const field = e.constraint?.includes('barcode') ? 'barcode' : e.constraint?.includes('sku') ? 'sku' : 'id';
  return new AppError('catalog.conflict', `Another live variant already has this ${field}.`, { field });
}

/** The `archived_at` change for an `archived` flag: keep the first archive time, clear on unarchive. */
export function archivedAt(
  archived: boolean | undefined,
  current: Date | null,
  now: Date,
): { archived_at?: Date | null } {
  return archived === undefined ? {} : { archived_at: archived ? (current ?? now) : null };
}

/**
 * Inventory's seam (issue 16): marks an item sold out at an outlet, or available again, because
 * stock ran short or came back — in the caller's transaction, with a new catalog version, so
 * registers get `catalog.changed` and re-read the menu live.
 */
export async function setOutletSoldOut(
  tx: Tx,
  ctx: { tenantId: string; emit(event: EventInput): void },
  outletId: string,
  itemId: string,
  soldOut: boolean,
): Promise<void> {
  const version = await nextCatalogVersion(tx, ctx, outletId);
  await tx
    .insertInto('outlet_items')
    .values({ tenant_id: ctx.tenantId, outlet_id: outletId, item_id: itemId, sold_out: soldOut, version })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'outlet_id', 'item_id']).doUpdateSet({ sold_out: soldOut, version }),
    )
    .execute();
}
