import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { verifyAuditChain } from '../../platform/audit/audit.ts';
import { serviceContext } from '../../platform/http/mutation.ts';
import { errorResponses, Nullable, Timestamp, Uuid } from '../../platform/http/schemas.ts';

const AuditEntry = Type.Object({
  seq: Type.String(),
  id: Uuid,
  at: Timestamp,
  actorType: Type.String(),
  actorId: Nullable(Type.String()),
  deviceId: Nullable(Uuid),
  approvalId: Nullable(Uuid),
  approverId: Nullable(Uuid),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Nullable(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  ip: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  hash: Type.String(),
});
const AuditPage = Type.Object({
  entries: Type.Array(AuditEntry),
  next: Nullable(Type.String({ description: 'pass as `after` for the next page' })),
});
const AuditQuery = Type.Object(
  {
    after: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    targetId: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
const Verification = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  firstBroken: Nullable(Type.Object({ seq: Type.String(), reason: Type.String() })),
});

/** Read and verify the tenant's audit log. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log, oldest first, paged by sequence number',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errorResponses },
      },
      config: { permission: 'audit:read' },
    },
    async (req) => {
      const ctx = serviceContext(req);
      const limit = req.query.limit ?? 100;
      let q = req.server.db
        .selectFrom('audit_log')
        .selectAll()
        .where('tenant_id', '=', ctx.tenantId)
        .where('seq', '>', req.query.after ?? '0')
        .orderBy('seq')
        .limit(limit);
      if (req.query.action) {
        q = q.where('action', '=', req.query.action);
      }
      if (req.query.targetId) {
        q = q.where('target_id', '=', req.query.targetId);
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
    },
  );
  app.get(
    '/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain; reports the first broken link',
        response: { 200: Verification, ...errorResponses },
      },
      config: { permission: 'audit:read' },
    },
    async (req) => verifyAuditChain(req.server.db, serviceContext(req).tenantId),
  );
};
