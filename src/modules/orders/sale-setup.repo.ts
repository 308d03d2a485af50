import { NoResultError, SelectQueryNode, sql } from 'kysely';
import type { Executor } from '../../platform/db/db.ts';
import { precompiled } from '../../platform/db/precompiled.ts';

/**
 * What pricing and numbering a sale need, in one read: the tenant's money settings, the outlet (and
 * its timezone), the catalog version, the fee schedule (a sale's payments need no read of their
 * own) and — with a register — the register's outlet.
 */
export async function getSaleSetup(
  db: Executor,
  tenantId: string,
  outletId: string,
  registerId: string | null | undefined,
  cache?: SaleSetupCache,
) {
  const key = `${tenantId}:${outletId}:${registerId ?? ''}`;
  const cached = cache?.get(key);
  if (cached) {
    return cached;
  }
  const [row] = registerId
    ? await saleSetupWithRegister(db, tenantId, outletId, registerId)
    : await saleSetup(db, tenantId, outletId);
  if (!row) {
    throw new NoResultError(SelectQueryNode.create());
  }
  cache?.set(key, row);
  return row;
}

export type SaleSetupRow = Awaited<ReturnType<typeof saleSetup>>[number];
/**
 * Sale setups already read in one transaction, by tenant, outlet and register: several sales
 * recorded together (an offline upload's batch) read it once — as if they had been made at once.
 */
export type SaleSetupCache = Map<string, SaleSetupRow>;

/** Read by every sale: built and compiled once per shape (platform/db/precompiled). */
function saleSetupQuery(db: Executor, tenantId: string, outletId: string, registerId: string | null) {
  return db
    .selectFrom('tenants as t')
    .leftJoin('outlets as o', (j) => j.onRef('o.tenant_id', '=', 't.id').on('o.id', '=', outletId))
    .select((eb) => [
      't.currency',
      't.timezone',
      't.rounding_mode',
      't.tax_rounding',
      't.cash_rounding_increment',
      't.practical_increment',
      'o.id as outlet_id',
      'o.timezone as outlet_timezone',
      // The fee schedule a sale's payments are charged (payments' terms: read here, not per tender).
      eb
        .selectFrom('fee_schedules as f')
        .select('f.platform_fee_ppm')
        .whereRef('f.tenant_id', '=', 't.id')
        .as('platform_fee_ppm'),
      eb
        .selectFrom('fee_schedules as f')
        .select('f.processing_fee_ppm')
        .whereRef('f.tenant_id', '=', 't.id')
        .as('processing_fee_ppm'),
      eb
        .selectFrom('catalog_heads as h')
        .select('h.version')
        .whereRef('h.tenant_id', '=', 't.id')
        .as('catalog_version'),
      registerId !== null
        ? eb
            .selectFrom('registers as r')
            .select('r.outlet_id')
            .whereRef('r.tenant_id', '=', 't.id')
            .where('r.id', '=', registerId)
            .as('register_outlet_id')
        : sql<string | null>`null::uuid`.as('register_outlet_id'),
    ])
    .where('t.id', '=', tenantId);
}
const saleSetup = precompiled((db: Executor, tenantId: string, outletId: string) =>
  saleSetupQuery(db, tenantId, outletId, null),
);
const saleSetupWithRegister = precompiled(
  (db: Executor, tenantId: string, outletId: string, registerId: string) =>
    saleSetupQuery(db, tenantId, outletId, registerId),
);
