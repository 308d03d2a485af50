import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { verifyAuditChain } from '../../platform/audit/audit.ts';
import { listAuditEntries } from './audit.service.ts';
import { serviceContext } from '../../platform/http/mutation.ts';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Page, pageQuery } from '../../platform/http/pagination.ts';
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
const AuditPage = Page('AuditEntryPage', AuditEntry, 'A page of the audit log, oldest first');
const AuditQuery = Type.Object(
  {
    ...pageQuery(),
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

nameSchemas({ AuditEntry, AuditVerification: Verification });

/** Read and verify the tenant's audit log. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/audit',
    {
      schema: {
        tags: ['audit'],
        operationId: 'listAuditEntries',
        description:
          'Every recorded change of the business, oldest first: who (user, device, API key, platform, system, and any approving manager), what, on which target, before and after, from which IP and request. Filter by action or target.',
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
        operationId: 'verifyAuditChain',
        description:
          'Recomputes the hash chain of the whole log and names the first entry that was altered, removed or cut off, if any.',
        summary: 'Verify the hash chain; reports the first broken link',
        response: { 200: Verification, ...errorResponses },
      },
      config: { permission: 'audit:read' },
    },
    async (req) => verifyAuditChain(req.server.db, serviceContext(req).tenantId),
  );
};
