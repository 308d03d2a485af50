import type { Executor } from '../../platform/db/db.ts';

/** One page of a tenant's audit log, oldest first, after sequence number `after`. */
export async function listAuditEntries(
  db: Executor,
  tenantId: string,
  query: { after?: string; limit?: number; action?: string; targetId?: string },
) {
  const limit = query.limit ?? 100;
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', query.after ?? '0')
    .orderBy('seq')
    .limit(limit);
  if (query.action) {
    q = q.where('action', '=', query.action);
  }
  if (query.targetId) {
    q = q.where('target_id', '=', query.targetId);
  }
  const rows = await q.execute();
  return {
    entries: rows.map((r) => ({
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
    })),
    next: rows.length === limit ? rows[rows.length - 1]!.seq : null,
  };
}
