import { sql } from 'kysely';
import type { Executor } from '../../platform/db/db.ts';
import { FIGURES, zeroFigures, type Dimension, type Figures } from './rollup-facts.ts';
import type { Period } from './period.ts';

const sums = FIGURES.map((f) => sql<string>`coalesce(sum(${sql.ref(f)}), 0)`.as(f));

function figuresOf(row: Record<string, unknown>): Figures {
  const out = zeroFigures();
  for (const f of FIGURES) {
    out[f] = Number(row[f] ?? 0);
  }
  return out;
}

function rollups(
  db: Executor,
  tenantId: string,
  dimension: Dimension,
  p: Period,
  outlets: readonly string[] | null,
) {
  let q = db
    .selectFrom('report_rollups')
    .where('tenant_id', '=', tenantId)
    .where('dimension', '=', dimension)
    .where('business_date', '>=', p.from)
    .where('business_date', '<=', p.to);
  if (outlets) {
    q = outlets.length === 0 ? q.where(sql<boolean>`false`) : q.where('outlet_id', 'in', outlets);
  }
  return q;
}

/** A dimension's figures over a period, one row per key (summed over days and outlets). */
export async function sumByKey(
  db: Executor,
  tenantId: string,
  dimension: Dimension,
  p: Period,
  outlets: readonly string[] | null,
): Promise<Array<{ key: string; label: string; figures: Figures }>> {
  const rows = await rollups(db, tenantId, dimension, p, outlets)
    .select(['key', sql<string>`max(label)`.as('label'), ...sums])
    .groupBy('key')
    .orderBy('key')
    .execute();
  return rows.map((r) => ({ key: r.key, label: r.label, figures: figuresOf(r) }));
}

/** A dimension's figures over a period, one row per business date (summed over keys and outlets). */
export async function sumByDate(
  db: Executor,
  tenantId: string,
  dimension: Dimension,
  p: Period,
  outlets: readonly string[] | null,
): Promise<Array<{ date: string; figures: Figures }>> {
  const rows = await rollups(db, tenantId, dimension, p, outlets)
    .select([sql<string>`to_char(business_date, 'YYYY-MM-DD')`.as('date'), ...sums])
    .groupBy('business_date')
    .orderBy('business_date')
    .execute();
  return rows.map((r) => ({ date: r.date, figures: figuresOf(r) }));
}

/** The tenant's currency and the outlet, if one is named (null when it is not the tenant's). */
export async function reportSetting(db: Executor, tenantId: string, outletId: string | undefined) {
  const tenant = await db
    .selectFrom('tenants')
    .select(['currency', 'timezone'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const outlet = outletId
    ? await db
        .selectFrom('outlets')
        .select(['id', 'timezone'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', outletId)
        .executeTakeFirst()
    : undefined;
  return { currency: tenant.currency.trim(), timezone: tenant.timezone, outlet };
}
