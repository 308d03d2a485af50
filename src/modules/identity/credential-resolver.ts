import type { FastifyRequest } from 'fastify';
import { parseOpaque, type AccessTokens } from '../../platform/auth/jwt.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { safeEqual, sha256Hex } from '../../platform/crypto/secrets.ts';
import type { Db } from '../../platform/db/db.ts';
import type { Principal } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { TenantId } from '../../platform/ids/ids.ts';
import * as repo from './identity.repo.ts';
import type { SessionCache, SessionSources } from './session-cache.ts';

const NO_SOURCES = { tenantId: null, membershipId: null, roleId: null, deviceId: null };

/** Every credential of a suspended business stops at once, with this error. */
export const tenantSuspended = () =>
  new AppError('auth.tenant_suspended', 'This business is suspended; contact the platform operator.');

/**
 * Who a credential is: an access token's session, an API key or a register device's token, each
 * checked against what is stored now (revoked, suspended, access ended). The auth hook and the
 * realtime gateway resolve through it. The auth hook's access tokens go through this node's
 * session cache when there is one (`sessions`); everything else reads the database each time.
 */
export function createCredentialResolver(deps: {
  db: Db;
  clock: Clock;
  tokens: AccessTokens;
  sessions?: SessionCache | undefined;
}) {
  const { db, clock, tokens, sessions } = deps;
  const resolver = {
    /** A session's principal, from this node's session cache when it holds a fresh one. */
    async cachedPrincipalForSession(sessionId: string): Promise<Principal> {
      if (!sessions) {
        return resolver.principalForSession(sessionId);
      }
      const hit = sessions.get(sessionId);
      if (hit) {
        return hit;
      }
      const readAt = sessions.generation();
      return resolver.principalForSession(sessionId, (sources, principal) =>
        sessions.set(sources, principal, readAt),
      );
    },

    async principalForSession(
      sessionId: string,
      keep?: (sources: SessionSources, principal: Principal) => void,
    ): Promise<Principal> {
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
        const principal: Principal = { kind: 'platform', userId: s.user_id, sessionId: s.id };
        keep?.({ ...NO_SOURCES, sessionId: s.id, userId: s.user_id }, principal);
        return principal;
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
      const principal: Principal = {
        kind: 'user',
        tenantId: s.tenant_id as TenantId,
        userId: s.user_id,
        name: s.user_name,
        membershipId: s.membership_id,
        sessionId: s.id,
        deviceId: s.device_id,
        roleKey: s.role_key,
        permissions: new Set(s.permissions),
        outletIds: s.outlet_ids,
      };
      keep?.(
        {
          sessionId: s.id,
          userId: s.user_id,
          tenantId: s.tenant_id,
          membershipId: s.membership_id,
          roleId: s.role_id,
          deviceId: s.device_id,
        },
        principal,
      );
      return principal;
    },

    /**
     * The resolver behind the auth hook: access token, API key or device token → principal. An
     * access token's session comes from the session cache when it holds it.
     */
    async resolvePrincipal(token: string, _request?: FastifyRequest): Promise<Principal> {
      return (await resolver.resolveCredential(token, { cached: true })).principal;
    },

    /**
     * A credential's principal and when the credential expires (access tokens, API keys with an
     * expiry; null = until revoked): realtime ends a socket at that instant. Reads the session
     * from the database unless `cached` (realtime re-checks a socket when the event log says its
     * credential changed; that event and the cache's NOTIFY reach a node on different
     * connections, so the re-check must not depend on which arrives first).
     */
    async resolveCredential(
      token: string,
      options: { cached?: boolean } = {},
    ): Promise<{ principal: Principal; expiresAt: Date | null }> {
      const opaque = parseOpaque(token);
      const now = clock.now();
      if (!opaque) {
        const claims = await tokens.verify(token, now);
        return {
          principal: await (options.cached
            ? resolver.cachedPrincipalForSession(claims.sid)
            : resolver.principalForSession(claims.sid)),
          expiresAt: new Date(claims.exp * 1000),
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
  return resolver;
}
