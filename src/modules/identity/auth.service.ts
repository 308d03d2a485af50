import type { FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
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

/** Sessions, tokens and credential checks. */
/** Every credential of a suspended business stops at once, with this error. */
const tenantSuspended = () =>
  new AppError('auth.tenant_suspended', 'This business is suspended; contact the platform operator.');

export function createAuthService(deps: { db: Db; clock: Clock; tokens: AccessTokens }) {
  const { db, clock, tokens } = deps;
  const lockout = createLockout(db);

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
      const principal = await service.principalForSession(outcome.row.session_id);
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

    async principalForSession(sessionId: string): Promise<Principal> {
      const s = await repo.findSessionPrincipal(db, sessionId);
      if (!s || s.revoked_at) {
        // A session ended by its own logout says so (a socket's re-check can lose the race to
        // the logout's event, and should still end with the reason the user caused).
        throw new AppError(
          'auth.session_revoked',
          'This session has ended; log in again.',
          s?.revoke_reason === 'logout' ? { reason: 'logout' } : undefined,
        );
      }
      if (s.kind === 'platform') {
        if (s.platform_role !== 'admin') {
          throw new AppError('auth.session_revoked', 'This session has ended; log in again.');
        }
        return { kind: 'platform', userId: s.user_id, sessionId: s.id };
      }
      if (s.tenant_status !== 'active') {
        throw tenantSuspended();
      }
      if (
        s.membership_status !== 'active' ||
        !s.role_key ||
        !s.permissions ||
        !s.membership_id ||
        !s.tenant_id
      ) {
        throw new AppError('auth.session_revoked', 'Your access to this business has ended.');
      }
      if (s.device_id && s.device_revoked_at) {
        throw new AppError('auth.session_revoked', 'This register device has been revoked.');
      }
      return {
        kind: 'user',
        tenantId: s.tenant_id as TenantId,
        userId: s.user_id,
        membershipId: s.membership_id,
        sessionId: s.id,
        deviceId: s.device_id,
        roleKey: s.role_key,
        permissions: new Set(s.permissions),
        outletIds: s.outlet_ids,
      };
    },

    /** The resolver behind the auth hook: access token, API key or device token → principal. */
    async resolvePrincipal(token: string, _request?: FastifyRequest): Promise<Principal> {
      return (await service.resolveCredential(token)).principal;
    },

    /**
     * A credential's principal and when the credential expires (access tokens, API keys with an
     * expiry; null = until revoked): realtime ends a socket at that instant.
     */
    async resolveCredential(token: string): Promise<{ principal: Principal; expiresAt: Date | null }> {
      const opaque = parseOpaque(token);
      const now = clock.now();
      if (!opaque) {
        const claims = await tokens.verify(token, now);
        // Verified just above; only the expiry is read here.
        const { exp } = decodeJwt(token);
        return {
          principal: await service.principalForSession(claims.sid),
          expiresAt: typeof exp === 'number' ? new Date(exp * 1000) : null,
        };
      }
      const invalid = new AppError('auth.token_invalid', 'The credential is not valid.');
      if (opaque.kind === 'kak') {
        const key = await repo.findApiKeyPrincipal(db, opaque.id);
        if (!key || !safeEqual(key.secret_hash, sha256Hex(opaque.secret)) || key.revoked_at) {
          throw invalid;
        }
        if (key.expires_at && key.expires_at <= now) {
          throw new AppError('auth.token_expired', 'This API key has expired.');
        }
        if (key.tenant_status !== 'active') {
          throw tenantSuspended();
        }
        // Record use at most once a minute: no write per request.
        if (!key.last_used_at || now.getTime() - key.last_used_at.getTime() > 60_000) {
          await db
            .updateTable('api_keys')
            .set({ last_used_at: now })
            .where('tenant_id', '=', key.tenant_id)
            .where('id', '=', key.id)
            .execute();
        }
        return {
          principal: {
            kind: 'api_key',
            tenantId: key.tenant_id as TenantId,
            apiKeyId: key.id,
            permissions: new Set(key.scopes),
            outletIds: key.outlet_ids,
          },
          expiresAt: key.expires_at,
        };
      }
      if (opaque.kind === 'kdv') {
        const device = await repo.findDevicePrincipal(db, opaque.id);
        if (!device || !safeEqual(device.secret_hash, sha256Hex(opaque.secret)) || device.revoked_at) {
          throw invalid;
        }
        if (device.tenant_status !== 'active') {
          throw tenantSuspended();
        }
        return {
          principal: {
            kind: 'device',
            tenantId: device.tenant_id as TenantId,
            deviceId: device.id,
            registerId: device.register_id,
            outletId: device.outlet_id,
          },
          expiresAt: null,
        };
      }
      throw invalid; // a refresh token is not an access credential
    },
  };
  return service;
}
export type AuthService = ReturnType<typeof createAuthService>;
