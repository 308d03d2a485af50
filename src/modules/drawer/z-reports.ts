// A register's Z reports, newest first: what the back office lists so a manager can open any day's
// close. Each row is read from the Z report stored at close (never recomputed).
import type { Executor } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { notFound } from '../../platform/http/errors.ts';
import { decodeCursor, toPage, type PageOf, type PageRequest } from '../../platform/http/pagination.ts';
import { assertOutletAccess } from '../identity/index.ts';
import type { DrawerReport } from './drawer-report.ts';

/** A register of the caller's business in an outlet they may work at (else 404 / 403), with its currency. */
export async function getRegister(db: Executor, ctx: ServiceContext, registerId: string) {
  const r = await db
    .selectFrom('registers as r')
    .innerJoin('tenants as t', 't.id', 'r.tenant_id')
    .select(['r.id', 'r.outlet_id', 'r.archived_at', 't.currency'])
    .where('r.tenant_id', '=', ctx.tenantId)
    .where('r.id', '=', registerId)
    .executeTakeFirst();
  if (!r) {
    throw notFound('registers', registerId);
  }
  assertOutletAccess(ctx, r.outlet_id);
  return r;
}

export interface ZReportSummary {
  id: string;
  number: number;
  sessionId: string;
  openedAt: string;
  closedAt: string | null;
  orders: number;
  salesTotal: number;
  expectedCash: number;
  countedCash: number | null;
  variance: number | null;
}

export function zReportSummary(id: string, r: DrawerReport): ZReportSummary {
  return {
    id,
    number: r.number!,
    sessionId: r.sessionId,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
    orders: r.sales.orders,
    salesTotal: r.sales.total,
    expectedCash: r.cash.expected,
    countedCash: r.cash.counted,
    variance: r.cash.variance,
  };
}

export async function listZReports(
  db: Executor,
  ctx: ServiceContext,
  registerId: string,
  page: PageRequest,
): Promise<PageOf<ZReportSummary>> {
  await getRegister(db, ctx, registerId);
  const limit = page.limit ?? 100;
  const after = decodeCursor(page.cursor, ['int'] as const);
  let q = db
    .selectFrom('z_reports')
    .select(['id', 'number', 'report'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('register_id', '=', registerId)
    .orderBy('number', 'desc')
    .limit(limit + 1);
  if (after) {
    q = q.where('number', '<', after[0]);
  }
  return toPage(
    await q.execute(),
    limit,
    (row) => [row.number],
    (row) => zReportSummary(row.id, row.report as unknown as DrawerReport),
  );
}
