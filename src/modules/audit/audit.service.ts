import type { Executor } from '../../platform/db/db.ts';
import { decodeCursor, toPage, type PageRequest } from '../../platform/http/pagination.ts';

/** One page of a tenant's audit log, oldest first (keyset on the sequence number). */
export async function listAuditEntries(
  db: Executor,
  tenantId: string,
  query: PageRequest & { action?: string; targetId?: string },
) {
  const limit = query.limit ?? 100;
  const [after] = decodeCursor(query.cursor, ['seq'] as const) ?? ['0'];
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit + 1);
  if (query.action) {
    q = q.where('action', '=', query.action);
  }
  if (query.targetId) {
    q = q.where('target_id', '=', query.targetId);
  }
  return toPage(
    await q.execute(),
    limit,
    (r) => [r.seq],
    (r) => ({
      seq: r.seq,
      id: r.id,
      at: r.at.toISOString(),
      actorType: r.actor_type,
      actorId: r.actor_id,
      deviceId: r.device_id,
      approvalId: r.approval_id,
      approverId: r.approver_id,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      before: r.before,
      after: r.after,
      ip: r.ip,
      requestId: r.request_id,
      hash: r.hash,
    }),
  );
}
