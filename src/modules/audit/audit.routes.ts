import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { verifyAuditChain } from '../../platform/audit/audit.ts';
import { listAuditEntries } from './audit.service.ts';
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
    async (req) => listAuditEntries(req.server.db, serviceContext(req).tenantId, req.query),
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
