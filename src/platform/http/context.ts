import type { AuditInput } from '../audit/audit.ts';
import type { EventInput } from '../events/events.ts';
import type { TenantId } from '../ids/ids.ts';

/** Who is calling. Resolved from the Authorization header by the identity module. */
export type Principal =
  | {
      kind: 'user';
      tenantId: TenantId;
      userId: string;
      membershipId: string;
      sessionId: string;
      /** Set when the session was opened with a staff PIN on a paired register device. */
      deviceId: string | null;
      roleKey: string;
      permissions: ReadonlySet<string>;
      /** null = every outlet. */
      outletIds: readonly string[] | null;
    }
  | {
      kind: 'api_key';
      tenantId: TenantId;
      apiKeyId: string;
      permissions: ReadonlySet<string>;
      outletIds: readonly string[] | null;
    }
  | { kind: 'device'; tenantId: TenantId; deviceId: string; registerId: string; outletId: string }
  | { kind: 'platform'; userId: string; sessionId: string };

export type TenantPrincipal = Exclude<Principal, { kind: 'platform' }>;

/** What a use case records; actor, IP and request id are filled in from the context. */
export type AuditEntry = Pick<AuditInput, 'action' | 'targetType' | 'targetId' | 'before' | 'after'> &
  Partial<Pick<AuditInput, 'approvalId' | 'approverId'>> & { tenantId?: TenantId };

/** What use cases receive first: who, for which tenant, and where to record the audit trail. */
export interface ServiceContext {
  tenantId: TenantId;
  principal: TenantPrincipal;
  requestId: string;
  ip: string;
  /** Records an audit entry; written in the same transaction, just before commit. */
  audit(entry: AuditEntry): void;
  /** Records an event for the tenant's log; written in the same transaction, just before commit. */
  emit(event: EventInput): void;
  /** Set by a use case that consumed a manager approval, so the audit entries name the approver. */
  approval: { id: string; approverId: string } | null;
}

/** The stored reference of who did something (`user:<id>`, `api_key:<id>`, `device:<id>`). */
export function actorRef(ctx: { principal: TenantPrincipal }): string {
  const p = ctx.principal;
  return `${p.kind}:${p.kind === 'user' ? p.userId : p.kind === 'api_key' ? p.apiKeyId : p.deviceId}`;
}

/** Who an audit entry is attributed to. */
export function auditActor(p: Principal): {
  actorType: AuditInput['actorType'];
  actorId: string;
  deviceId: string | null;
} {
  switch (p.kind) {
    case 'user':
      return { actorType: 'user', actorId: p.userId, deviceId: p.deviceId };
    case 'api_key':
      return { actorType: 'api_key', actorId: p.apiKeyId, deviceId: null };
    case 'device':
      return { actorType: 'device', actorId: p.deviceId, deviceId: p.deviceId };
    case 'platform':
      return { actorType: 'platform', actorId: p.userId, deviceId: null };
  }
}

/** The credential an idempotency key is scoped to. */
export function credentialScope(p: Principal): string {
  switch (p.kind) {
    case 'user':
      return `user:${p.userId}`;
    case 'api_key':
      return `apikey:${p.apiKeyId}`;
    case 'device':
      return `device:${p.deviceId}`;
    case 'platform':
      return `platform:${p.userId}`;
  }
}

/** True when the principal may act in `outletId` (API keys and users may be outlet-limited). */
export function canAccessOutlet(p: TenantPrincipal, outletId: string): boolean {
  if (p.kind === 'device') {
    return p.outletId === outletId;
  }
  return p.outletIds === null || p.outletIds.includes(outletId);
}

export function hasPermission(p: Principal, permission: string): boolean {
  return (p.kind === 'user' || p.kind === 'api_key') && p.permissions.has(permission);
}
