import type { AuditInput } from '../audit/audit.ts';
import { actorRef, type Actor } from '../auth/actor.ts';
import type { EventInput } from '../events/events.ts';
import type { TenantId } from '../ids/ids.ts';

/** Who is calling. Resolved from the Authorization header by the identity module. */
export type Principal =
  | {
      kind: 'user';
      tenantId: TenantId;
      userId: string;
      /** The user's name as staff know it (the kitchen shows who sent a ticket). */
      name?: string;
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
  /** A customer at a table, from the table's signed QR code (public QR ordering routes only). */
  | { kind: 'customer'; tenantId: TenantId; outletId: string; tableId: string }
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

/** Who a principal is, as every record of "who did it" stores it (`platform/auth/actor.ts`). */
export function actorOf(p: Principal): Actor {
  switch (p.kind) {
    case 'user':
      return { kind: 'user', id: p.userId };
    case 'api_key':
      return { kind: 'api_key', id: p.apiKeyId };
    case 'device':
      return { kind: 'device', id: p.deviceId };
    case 'platform':
      return { kind: 'platform', id: p.userId };
    case 'customer':
      return { kind: 'customer', id: p.tableId };
  }
}

/** The stored reference of who a principal is: `user:<userId>`, `api_key:<id>`, `device:<id>`. */
export function actorRefOf(p: Principal): string {
  return actorRef(actorOf(p));
}

/** Who an audit entry is attributed to: the actor in two columns, and the device it came from. */
export function auditActor(p: Principal): {
  actorType: AuditInput['actorType'];
  actorId: string;
  deviceId: string | null;
} {
  const a = actorOf(p);
  const deviceId = p.kind === 'user' || p.kind === 'device' ? p.deviceId : null;
  return { actorType: a.kind, actorId: a.id, deviceId };
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
    case 'customer':
      return `table:${p.tableId}`;
  }
}

/** True when the principal may act in `outletId` (API keys and users may be outlet-limited). */
export function canAccessOutlet(p: TenantPrincipal, outletId: string): boolean {
  if (p.kind === 'device' || p.kind === 'customer') {
    return p.outletId === outletId;
  }
  return p.outletIds === null || p.outletIds.includes(outletId);
}

export function hasPermission(p: Principal, permission: string): boolean {
  return (p.kind === 'user' || p.kind === 'api_key') && p.permissions.has(permission);
}
