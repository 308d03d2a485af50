import type { Insertable } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';
import { precompiled } from '../../platform/db/precompiled.ts';
import { AppError } from '../../platform/http/errors.ts';

/** Tenant-scoped (and global identity) queries of the identity module. */

export function findUserByEmail(db: Executor, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

/** A new user (global); `platform_role: 'admin'` makes the platform operator. */
export async function insertUser(db: Executor, row: Insertable<DB['users']>): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

/** Sets a user's password hash and platform role (the operator command). */
export async function setUserCredentials(
  db: Executor,
  userId: string,
  set: { passwordHash: string; platformRole: 'admin' | null; name?: string },
  now: Date,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      password_hash: set.passwordHash,
      platform_role: set.platformRole,
      updated_at: now,
      ...(set.name ? { name: set.name } : {}),
    })
    .where('id', '=', userId)
    .execute();
}

/** Ends every open session of a user (password reset). */
export async function revokeUserSessions(db: Executor, userId: string, reason: string, now: Date) {
  await db
    .updateTable('auth_sessions')
    .set({ revoked_at: now, revoke_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** A user's active memberships in active or suspended tenants, with tenant names. */
export function listMembershipsOfUser(db: Executor, userId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('tenants as t', 't.id', 'm.tenant_id')
    .select(['m.tenant_id', 'm.id', 't.name as tenant_name', 't.status as tenant_status'])
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .orderBy('t.name')
    .execute();
}

/** Membership with role, for building a principal or a login response. */
export function findMembershipWithRole(db: Executor, tenantId: string, membershipId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('roles as r', (j) =>
      j.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.id', '=', 'm.role_id'),
    )
    .select([
      'm.tenant_id',
      'm.id',
      'm.user_id',
      'm.display_name',
      'm.status',
      'm.outlet_ids',
      'm.pin_hash',
      'r.id as role_id',
      'r.key as role_key',
      'r.permissions',
    ])
    .where('m.tenant_id', '=', tenantId)
    .where('m.id', '=', membershipId)
    .executeTakeFirst();
}

export async function insertSession(
  tx: Tx,
  row: {
    id: string;
    user_id: string;
    tenant_id: string | null;
    membership_id: string | null;
    device_id: string | null;
    kind: 'password' | 'pin' | 'platform';
    ip: string | null;
    user_agent: string | null;
  },
): Promise<void> {
  await tx.insertInto('auth_sessions').values(row).execute();
}

export async function insertRefreshToken(
  tx: Tx,
  row: { id: string; session_id: string; secret_hash: string; expires_at: Date },
): Promise<void> {
  await tx.insertInto('refresh_tokens').values(row).execute();
}

/** Locks a refresh token and its session for rotation. */
export function lockRefreshToken(tx: Tx, id: string) {
  return tx
    .selectFrom('refresh_tokens as rt')
    .innerJoin('auth_sessions as s', 's.id', 'rt.session_id')
    .select([
      'rt.id',
      'rt.secret_hash',
      'rt.expires_at',
      'rt.used_at',
      's.id as session_id',
      's.user_id',
      's.tenant_id',
      's.membership_id',
      's.device_id',
      's.kind',
      's.revoked_at',
    ])
    .where('rt.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function revokeSession(
  db: Executor,
  sessionId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('auth_sessions')
    .set({ revoked_at: now, revoke_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Everything needed to turn a verified access token into a principal, in one query. */
/** Every authenticated request reads its session: built and compiled once (platform/db/precompiled). */
const sessionPrincipal = precompiled((db: Executor, sessionId: string) =>
  db
    .selectFrom('auth_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('tenants as t', 't.id', 's.tenant_id')
    .leftJoin('memberships as m', (j) =>
      j.onRef('m.tenant_id', '=', 's.tenant_id').onRef('m.id', '=', 's.membership_id'),
    )
    .leftJoin('roles as r', (j) => j.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.id', '=', 'm.role_id'))
    .leftJoin('devices as d', (j) =>
      j.onRef('d.tenant_id', '=', 's.tenant_id').onRef('d.id', '=', 's.device_id'),
    )
    .select([
      's.id',
      's.user_id',
      's.tenant_id',
      's.membership_id',
      's.device_id',
      's.kind',
      's.revoked_at',
      's.revoke_reason',
      'u.platform_role',
      'u.name as user_name',
      't.status as tenant_status',
      'm.status as membership_status',
      'm.outlet_ids',
      'r.id as role_id',
      'r.key as role_key',
      'r.permissions',
      'd.revoked_at as device_revoked_at',
    ])
    .where('s.id', '=', sessionId),
);

export async function findSessionPrincipal(db: Executor, sessionId: string) {
  return (await sessionPrincipal(db, sessionId))[0];
}

export function findApiKeyPrincipal(db: Executor, id: string) {
  return db
    .selectFrom('api_keys as k')
    .innerJoin('tenants as t', 't.id', 'k.tenant_id')
    .select([
      'k.tenant_id',
      'k.id',
      'k.secret_hash',
      'k.scopes',
      'k.outlet_ids',
      'k.revoked_at',
      'k.expires_at',
      'k.last_used_at',
      't.status as tenant_status',
    ])
    .where('k.id', '=', id)
    .executeTakeFirst();
}

export function findDevicePrincipal(db: Executor, id: string) {
  return db
    .selectFrom('devices as d')
    .innerJoin('tenants as t', 't.id', 'd.tenant_id')
    .innerJoin('registers as r', (j) =>
      j.onRef('r.tenant_id', '=', 'd.tenant_id').onRef('r.id', '=', 'd.register_id'),
    )
    .select([
      'd.tenant_id',
      'd.id',
      'd.secret_hash',
      'd.revoked_at',
      'd.register_id',
      'r.outlet_id',
      't.status as tenant_status',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

/**
 * Outlet limits (memberships, API keys) are uuid arrays, which no foreign key can guard: check
 * that every id is an outlet of this tenant (another tenant's outlet is as unknown as a made-up one).
 */
export async function assertOutletsExist(
  db: Executor,
  tenantId: string,
  outletIds: readonly string[] | null | undefined,
): Promise<void> {
  if (!outletIds || outletIds.length === 0) {
    return;
  }
  const found = await db
    .selectFrom('outlets')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...outletIds])
    .execute();
  const known = new Set(found.map((o) => o.id));
  const unknown = outletIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppError('outlets.not_found', 'Unknown outlet.', { ids: unknown });
  }
}
