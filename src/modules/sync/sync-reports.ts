import type { Executor } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { decodeCursor, toPage, type PageOf } from '../../platform/http/pagination.ts';
import { assertOutletAccess, outletFilter } from '../identity/index.ts';
import type { SyncReportDto } from './sync.contracts.ts';
import * as repo from './sync.repo.ts';

function reportDto(r: repo.ReportRow): SyncReportDto {
  return {
    id: r.id,
    outletId: r.outlet_id,
    registerId: r.register_id,
    deviceId: r.device_id,
    saleId: r.sale_id,
    refundId: r.refund_id,
    outcome: r.outcome as 'accepted' | 'refused',
    receiptNumber: r.receipt_number === null ? null : Number(r.receipt_number),
    catalogVersion: r.catalog_version,
    reasons: repo.reasonsOf(r.reasons),
    createdAt: r.created_at.toISOString(),
  };
}

/** Reading the conflict reports of offline syncs (newest first). */
export function createSyncReports() {
  return {
    async list(
      db: Executor,
      ctx: ServiceContext,
      q: { cursor?: string; limit?: number; outletId?: string },
    ): Promise<PageOf<SyncReportDto>> {
      if (q.outletId) {
        assertOutletAccess(ctx, q.outletId);
      }
      const limit = q.limit ?? 100;
      const after = decodeCursor(q.cursor, ['timestamp', 'uuid'] as const);
      const rows = await repo.listReports(db, ctx.tenantId, {
        outletIds: outletFilter(ctx),
        ...(q.outletId ? { outletId: q.outletId } : {}),
        limit: limit + 1,
        ...(after ? { cursor: { at: after[0], id: after[1] } } : {}),
      });
      return toPage(rows, limit, (r) => [r.created_at, r.id], reportDto);
    },
  };
}
export type SyncReportsService = ReturnType<typeof createSyncReports>;
