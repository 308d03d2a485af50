import {
  ACCESS_TOKEN_TTL_SECONDS,
  formatOpaque,
  parseOpaque,
  type AccessTokens,
} from '../../platform/auth/jwt.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { verifyDummy, verifyPassword } from '../../platform/crypto/passwords.ts';
import { randomSecret, safeEqual, sha256Hex } from '../../platform/crypto/secrets.ts';
import type { Db, Tx } from '../../platform/db/db.ts';
import type { AuditInput } from '../../platform/audit/audit.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { credentialRevoked } from '../../platform/events/credential-events.ts';
import { appendEvents } from '../../platform/events/events.ts';
import type { Principal, ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId, type TenantId } from '../../platform/ids/ids.ts';
import * as repo from './identity.repo.ts';
import { createLockout } from './lockout.ts';
import { createCredentialResolver, tenantSuspended } from './credential-resolver.ts';
import type { SessionCache } from './session-cache.ts';

const REFRESH_TTL_MS: Record<'password' | 'pin' | 'platform', number> = {
  password: 30 * 24 * 3600_000,
  pin: 12 * 3600_000,
  platform: 24 * 3600_000,
};

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
}

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

const invalidCredentials = () => new AppError('auth.invalid_credentials', 'Email or password is wrong.');

/** Sessions and tokens: login, refresh, logout, PIN sign-in; credential checks from the resolver. */
export function createAuthService(deps: {
  db: Db;
  clock: Clock;
  tokens: AccessTokens;
  /** This node's session cache for the auth hook (none: every request reads its session). */
  sessions?: SessionCache | undefined;
}) {
  const { db, clock, tokens } = deps;
  const lockout = createLockout(db);
  const resolver = createCredentialResolver(deps);

  async function newRefreshToken(
    tx: Tx,
    sessionId: string,
    kind: keyof typeof REFRESH_TTL_MS,
  ): Promise<string> {
    const id = newId();
    const secret = randomSecret();
    await repo.insertRefreshToken(tx, {
      id,
      session_id: sessionId,
      secret_hash: sha256Hex(secret),
      expires_at: new Date(clock.now().getTime() + REFRESH_TTL_MS[kind]),
    });
    return formatOpaque('krt', id, secret);
  }

  async function tokenPair(
    userId: string,
    sessionId: string,
    tenantId: string | null,
    refreshToken: string,
  ): Promise<TokenPair> {
    const accessToken = await tokens.sign(
      { sub: userId, sid: sessionId, ...(tenantId ? { tid: tenantId } : {}) },
      clock.now(),
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_SECONDS, refreshToken };
  }

  /** Opens a session (refresh-token family) inside `tx` and returns its first tokens. */
  async function openSession(
    tx: Tx,
    input: {
      userId: string;
      tenantId: string | null;
      membershipId: string | null;
      deviceId: string | null;
      kind: 'password' | 'pin' | 'platform';
      client: ClientInfo;
    },
  ): Promise<TokenPair & { sessionId: string }> {
    const sessionId = newId();
    await repo.insertSession(tx, {
      id: sessionId,
      user_id: input.userId,
      tenant_id: input.tenantId,
      membership_id: input.membershipId,
      device_id: input.deviceId,
      kind: input.kind,
      ip: input.client.ip,
      user_agent: input.client.userAgent,
    });
    const refresh = await newRefreshToken(tx, sessionId, input.kind);
    return { ...(await tokenPair(input.userId, sessionId, input.tenantId, refresh)), sessionId };
  }

  /** Verifies email + password with lockout; returns the user. */
  async function checkPassword(email: string, password: string) {
    const subject = email.toLowerCase();
    const now = clock.now();
    await lockout.assertNotLocked('password', subject, now);
    const user = await repo.findUserByEmail(db, email);
    const ok = user
      ? await verifyPassword(user.password_hash, password)
      : (await verifyDummy(password), false);
    if (!user || !ok) {
      await lockout.recordFailure('password', subject, now);
      throw invalidCredentials();
    }
    await lockout.recordSuccess('password', subject);
    return user;
  }

  const service = {
    openSession,
    checkPassword,
    lockout,

    /** Email + password login into one tenant (or the platform console for platform admins). */
    async login(input: { email: string; password: string; tenantId?: string }, client: ClientInfo) {
      const user = await checkPassword(input.email, input.password);
      const memberships = await repo.listMembershipsOfUser(db, user.id);
      let chosen = input.tenantId ? memberships.find((m) => m.tenant_id === input.tenantId) : undefined;
      if (input.tenantId && !chosen) {
        throw new AppError('auth.forbidden', 'You are not a member of that business.');
      }
      if (!chosen && memberships.length > 1) {
        throw new AppError(
          'auth.tenant_required',
          'You belong to several businesses; say which with tenantId.',
          {
            tenants: memberships.map((m) => ({ id: m.tenant_id, name: m.tenant_name })),
          },
        );
      }
      chosen ??= memberships[0];
      if (!chosen) {
        if (user.platform_role !== 'admin') {
          throw new AppError('auth.forbidden', 'This account is not a member of any business.');
        }
        const pair = await db.transaction().execute((tx) =>
          openSession(tx, {
            userId: user.id,
            tenantId: null,
            membershipId: null,
            deviceId: null,
            kind: 'platform',
            client,
          }),
        );
        return { tokens: pair, userId: user.id, tenantId: null, membershipId: null };
      }
      if (chosen.tenant_status !== 'active') {
        throw tenantSuspended();
      }
      const tenantId = chosen.tenant_id as TenantId;
      const membershipId = chosen.id;
      const pair = await db.transaction().execute(async (tx) => {
        const opened = await openSession(tx, {
          userId: user.id,
          tenantId,
          membershipId,
          deviceId: null,
          kind: 'password',
          client,
        });
        await appendAudit(
          tx,
          [
            {
              tenantId,
              actorType: 'user',
              actorId: user.id,
              action: 'auth.login',
              targetType: 'session',
              targetId: opened.sessionId,
              ip: client.ip,
              requestId: client.requestId,
            },
          ],
          clock.now(),
        );
        return opened;
      });
      return { tokens: pair, userId: user.id, tenantId, membershipId };
    },

    /**
     * Rotates a refresh token. Presenting a token that was already rotated means it leaked (or a
     * client raced itself): the whole family is revoked.
     */
    async refresh(refreshToken: string): Promise<TokenPair> {
      const parsed = parseOpaque(refreshToken);
      if (!parsed || parsed.kind !== 'krt') {
        throw new AppError('auth.token_invalid', 'The refresh token is not valid.');
      }
      const now = clock.now();
      const outcome = await db.transaction().execute(async (tx) => {
        const row = await repo.lockRefreshToken(tx, parsed.id);
        if (!row || !safeEqual(row.secret_hash, sha256Hex(parsed.secret))) {
          return { error: 'auth.token_invalid' } as const;
        }
        if (row.revoked_at) {
          return { error: 'auth.session_revoked' } as const;
        }
        if (row.used_at) {
          await repo.revokeSession(tx, row.session_id, 'refresh_reused', now);
          if (row.tenant_id) {
            const ended = credentialRevoked({ kind: 'session', id: row.session_id }, 'session_revoked');
            await appendEvents(tx, row.tenant_id, [ended], now, 'system:auth');
          }
          return { error: 'auth.refresh_reused' } as const;
        }
        if (row.expires_at <= now) {
          return { error: 'auth.token_expired' } as const;
        }
        await tx.updateTable('refresh_tokens').set({ used_at: now }).where('id', '=', row.id).execute();
        const next = await newRefreshToken(tx, row.session_id, row.kind as keyof typeof REFRESH_TTL_MS);
        return { error: null, row, next } as const;
      });
      if (outcome.error !== null) {
        const messages = {
          'auth.token_invalid': 'The refresh token is not valid.',
          'auth.session_revoked': 'This session has ended; log in again.',
          'auth.refresh_reused':
            'This refresh token was already used; the session has been revoked for safety.',
          'auth.token_expired': 'The refresh token has expired; log in again.',
        } as const;
        throw new AppError(outcome.error, messages[outcome.error]);
      }
      const principal = await resolver.principalForSession(outcome.row.session_id);
      return tokenPair(
        outcome.row.user_id,
        outcome.row.session_id,
        principal.kind === 'platform' ? null : principal.tenantId,
        outcome.next,
      );
    },

    async logout(tx: Tx, ctx: ServiceContext, sessionId: string): Promise<void> {
      await repo.revokeSession(tx, sessionId, 'logout', clock.now());
      ctx.emit(credentialRevoked({ kind: 'session', id: sessionId }, 'logout'));
      ctx.audit({ action: 'auth.logout', targetType: 'session', targetId: sessionId });
    },

    /** Staff PIN login on a paired register device. */
    async pinLogin(
      device: Extract<Principal, { kind: 'device' }>,
      input: { membershipId: string; pin: string },
      client: ClientInfo,
    ) {
      const now = clock.now();
      await lockout.assertNotLocked('pin', input.membershipId, now);
      const m = await repo.findMembershipWithRole(db, device.tenantId, input.membershipId);
      if (!m || m.status !== 'active' || !m.pin_hash) {
        await verifyDummy(input.pin);
        throw new AppError('auth.invalid_credentials', 'Staff member or PIN is wrong.');
      }
      if (m.outlet_ids !== null && !m.outlet_ids.includes(device.outletId)) {
        throw new AppError('auth.outlet_forbidden', 'This staff member may not work at this outlet.');
      }
      if (!(await verifyPassword(m.pin_hash, input.pin))) {
        await lockout.recordFailure('pin', input.membershipId, now);
        throw new AppError('auth.invalid_credentials', 'Staff member or PIN is wrong.');
      }
      await lockout.recordSuccess('pin', input.membershipId);
      return db.transaction().execute(async (tx) => {
        const opened = await openSession(tx, {
          userId: m.user_id,
          tenantId: device.tenantId,
          membershipId: m.id,
          deviceId: device.deviceId,
          kind: 'pin',
          client,
        });
        const entry: AuditInput = {
          tenantId: device.tenantId,
          actorType: 'user',
          actorId: m.user_id,
          deviceId: device.deviceId,
          action: 'auth.pin_login',
          targetType: 'session',
          targetId: opened.sessionId,
          ip: client.ip,
          requestId: client.requestId,
        };
        await appendAudit(tx, [entry], clock.now());
        return { tokens: opened, membershipId: m.id, userId: m.user_id };
      });
    },

    ...resolver,
  };
  return service;
}
export type AuthService = ReturnType<typeof createAuthService>;
