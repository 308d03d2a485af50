import type { FastifyRequest } from 'fastify';
import { initAuditChain } from '../platform/audit/audit.ts';
import { hashPassword } from '../platform/crypto/passwords.ts';
import type { Tx } from '../platform/db/db.ts';
import { runSystemMutation } from '../platform/http/mutation.ts';
import { AppError } from '../platform/http/errors.ts';
import { newId, type TenantId } from '../platform/ids/ids.ts';
import { findUserByEmail, type AuthService, type StaffService } from '../modules/identity/index.ts';
import type { TenancyService, TenantDto } from '../modules/tenancy/index.ts';

export interface SignUpInput {
  businessName: string;
  currency: string;
  timezone: string;
  locale: string;
  ownerName: string;
  email: string;
  password: string;
}

/**
 * Creates a business in one transaction: the tenant, its built-in roles, its audit chain, the owner
 * (a new user) and the owner's membership. Spans tenancy and identity, so it lives in flows/.
 */
export async function createTenantWithOwner(
  tx: Tx,
  deps: { tenancy: TenancyService; staff: StaffService },
  input: SignUpInput,
): Promise<{ tenant: TenantDto; userId: string; membershipId: string }> {
  if (await findUserByEmail(tx, input.email)) {
    throw new AppError('users.already_exists', 'An account with this email already exists; log in instead.');
  }
  const tenant = await deps.tenancy.insertTenant(tx, {
    name: input.businessName,
    currency: input.currency,
    timezone: input.timezone,
    locale: input.locale,
  });
  await initAuditChain(tx, tenant.id as TenantId);
  const roles = await deps.staff.createBuiltinRoles(tx, tenant.id);
  const userId = newId();
  await tx
    .insertInto('users')
    .values({
      id: userId,
      email: input.email,
      name: input.ownerName,
      password_hash: await hashPassword(input.password),
    })
    .execute();
  const membershipId = newId();
  await tx
    .insertInto('memberships')
    .values({
      tenant_id: tenant.id,
      id: membershipId,
      user_id: userId,
      role_id: roles.owner!,
      display_name: input.ownerName,
    })
    .execute();
  return { tenant, userId, membershipId };
}

/**
 * With sign-up closed (KASIR_SIGNUP=closed), POST /v1/signup is for the platform operator only: the
 * route stays public for the documents, so the bearer token is checked here.
 */
export async function assertOperator(request: FastifyRequest, deps: { auth: AuthService }): Promise<void> {
  const closed = () =>
    new AppError('auth.signup_closed', 'Sign-up is closed on this server; ask its operator for an account.');
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) {
    throw closed();
  }
  const principal = await deps.auth.resolvePrincipal(match[1]!, request).catch(() => null);
  if (principal?.kind !== 'platform') {
    throw closed();
  }
}

/** POST /v1/signup: the business, its owner and the owner's first session. */
export async function signUp(
  request: FastifyRequest,
  deps: { tenancy: TenancyService; staff: StaffService; auth: AuthService },
  input: SignUpInput,
) {
  try {
    return await runSystemMutation(request, async (tx, audit) => {
      const created = await createTenantWithOwner(tx, deps, input);
      const tokens = await deps.auth.openSession(tx, {
        userId: created.userId,
        tenantId: created.tenant.id,
        membershipId: created.membershipId,
        deviceId: null,
        kind: 'password',
        client: { ip: request.ip, userAgent: null, requestId: String(request.id) },
      });
      audit({
        tenantId: created.tenant.id as TenantId,
        actorType: 'user',
        actorId: created.userId,
        action: 'tenant.created',
        targetType: 'tenant',
        targetId: created.tenant.id,
        after: created.tenant,
      });
      const { sessionId: _sessionId, ...pair } = tokens;
      return { ...created, ...pair };
    });
  } catch (err) {
    // Two concurrent sign-ups with one email: the unique index decides, the loser gets a 409.
    if (String((err as { code?: string }).code) === '23505') {
      throw new AppError(
        'users.already_exists',
        'An account with this email already exists; log in instead.',
      );
    }
    throw err;
  }
}
