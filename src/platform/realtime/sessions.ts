import type { FastifyBaseLogger } from 'fastify';
import type { Socket } from 'socket.io';
import type { Clock } from '../clock/clock.ts';
import { isAffected, readCredentialEvent, type SessionEndReason } from '../events/credential-events.ts';
import { readableOutlets, readableTopics } from '../events/access.ts';
import type { StoredEvent } from '../events/events.ts';
import type { Principal, TenantPrincipal } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { sharedPrincipal } from './shared.ts';

/** A credential resolved: who, and when it stops being valid (null = until revoked). */
export interface ResolvedCredential {
  principal: Principal;
  expiresAt: Date | null;
}
export type CredentialResolver = (token: string) => Promise<ResolvedCredential>;

interface Guarded {
  token: string;
  principal: TenantPrincipal;
  expiresAt: Date | null;
  timer: NodeJS.Timeout | undefined;
  refreshing: boolean;
}

// setTimeout takes at most 2^31−1 ms (~24.8 days); a later expiry is re-armed on the way.
const MAX_TIMER_MS = 2 ** 31 - 1;

const MESSAGES: Record<SessionEndReason, string> = {
  logout: 'You logged out.',
  session_revoked: 'This session has ended; log in again.',
  api_key_revoked: 'This API key was revoked.',
  device_revoked: 'This register device was revoked.',
  membership_disabled: 'Your access to this business has ended.',
  tenant_suspended: 'This business is suspended.',
  access_changed: 'What you may see has changed; reconnect (with lastSeq) to continue.',
  token_expired: 'The credential expired; reconnect (or send `auth`) with a fresh token.',
};

/** Same session, API key or device: a refresh may not switch to another credential. */
function sameCredential(a: TenantPrincipal, b: TenantPrincipal): boolean {
  if (a.tenantId !== b.tenantId) {
    return false;
  }
  switch (a.kind) {
    case 'user':
      return b.kind === 'user' && a.sessionId === b.sessionId;
    case 'api_key':
      return b.kind === 'api_key' && a.apiKeyId === b.apiKeyId;
    case 'device':
      return b.kind === 'device' && a.deviceId === b.deviceId;
    case 'customer':
      return b.kind === 'customer' && a.tableId === b.tableId;
  }
}

/** Same topics and outlets: the rooms a socket joined still show exactly what it may read. */
function sameView(a: TenantPrincipal, b: TenantPrincipal): boolean {
  const key = (p: TenantPrincipal) =>
    JSON.stringify([readableTopics(p).sort(), [...(readableOutlets(p) ?? ['*'])].sort()]);
  return key(a) === key(b);
}

/** Why a credential that no longer resolves ended. */
function reasonFor(err: AppError, p: TenantPrincipal): SessionEndReason {
  if (err.code === 'auth.token_expired') {
    return 'token_expired';
  }
  if (err.code === 'auth.tenant_suspended') {
    return 'tenant_suspended';
  }
  if (err.code === 'auth.session_revoked' && err.details?.['reason'] === 'logout') {
    return 'logout';
  }
  return p.kind === 'api_key'
    ? 'api_key_revoked'
    : p.kind === 'device'
      ? 'device_revoked'
      : 'session_revoked';
}

/**
 * Ends realtime sessions when their credential ends: at the credential's expiry (a timer per
 * socket), on a `credential.revoked` / `access.changed` event in the tenant's log (every node's
 * dispatcher reads it, in log order, so no event after the revocation reaches the socket), and when
 * a fresh check right after joining fails. Clients extend a session with an `auth` message.
 * An ended socket first receives `session_ended` `{ reason, message }`, then is disconnected.
 */
export function createSessionGuard(deps: {
  resolve: CredentialResolver;
  clock: Clock;
  log: FastifyBaseLogger;
}) {
  const guarded = new Map<Socket, Guarded>();
  const byTenant = new Map<string, Set<Socket>>();

  function end(socket: Socket, reason: SessionEndReason): void {
    if (!guarded.has(socket) || !socket.connected) {
      return;
    }
    socket.emit('session_ended', { reason, message: MESSAGES[reason] });
    socket.disconnect(true); // leaves every room synchronously: nothing more is emitted to it
  }

  function arm(socket: Socket, g: Guarded): void {
    clearTimeout(g.timer);
    g.timer = undefined;
    if (!g.expiresAt) {
      return;
    }
    const left = g.expiresAt.getTime() - deps.clock.now().getTime();
    if (left <= 0) {
      end(socket, 'token_expired');
      return;
    }
    g.timer = setTimeout(() => arm(socket, g), Math.min(left, MAX_TIMER_MS));
    g.timer.unref();
  }

  /** Swaps in a fresh token for the same credential and moves the expiry; acks the outcome. */
  async function refresh(socket: Socket, g: Guarded, message: unknown): Promise<Record<string, unknown>> {
    const token = (message as { token?: unknown } | null)?.token;
    if (typeof token !== 'string') {
      throw new AppError('request.invalid', 'Send { token } with a fresh access token.');
    }
    if (g.refreshing) {
      throw new AppError('request.invalid', 'A refresh is already in progress.');
    }
    g.refreshing = true;
    try {
      const next = await deps.resolve(token);
      if (next.principal.kind === 'platform' || !sameCredential(g.principal, next.principal)) {
        throw new AppError('auth.forbidden', 'A refresh must be for the same session; reconnect to switch.');
      }
      if (!socket.connected) {
        throw new AppError('auth.session_revoked', 'This realtime session has ended.');
      }
      if (!sameView(g.principal, next.principal)) {
        setImmediate(() => end(socket, 'access_changed'));
        throw new AppError('auth.forbidden', MESSAGES.access_changed);
      }
      Object.assign(g, { token, principal: sharedPrincipal(next.principal), expiresAt: next.expiresAt });
      arm(socket, g);
      return { ok: true, expiresAt: next.expiresAt?.toISOString() ?? null };
    } finally {
      g.refreshing = false;
    }
  }

  return {
    /** Guards a socket that has joined its rooms (call in the same tick as the join). */
    attach(socket: Socket, token: string, principal: TenantPrincipal, expiresAt: Date | null): void {
      const g: Guarded = { token, principal, expiresAt, timer: undefined, refreshing: false };
      guarded.set(socket, g);
      let peers = byTenant.get(principal.tenantId);
      if (!peers) {
        peers = new Set();
        byTenant.set(principal.tenantId, peers);
      }
      peers.add(socket);
      socket.once('disconnect', () => {
        clearTimeout(g.timer);
        guarded.delete(socket);
        peers.delete(socket);
        if (peers.size === 0 && byTenant.get(principal.tenantId) === peers) {
          byTenant.delete(principal.tenantId);
        }
      });
      socket.on('auth', (message: unknown, ack: unknown) => {
        const reply = typeof ack === 'function' ? (ack as (r: unknown) => void) : () => undefined;
        refresh(socket, g, message).then(reply, (err: unknown) =>
          reply(
            err instanceof AppError
              ? { ok: false, code: err.code, message: err.message }
              : { ok: false, code: 'auth.unavailable', message: 'The token could not be checked; retry.' },
          ),
        );
      });
      arm(socket, g);
    },

    /**
     * Checks the credential once more after the socket joined: a revocation that committed between
     * the handshake and the join was dispatched before this socket was guarded. One that commits
     * later has a higher sequence number than the join point, so the dispatcher sees it.
     */
    async recheck(socket: Socket): Promise<void> {
      const g = guarded.get(socket);
      if (!g) {
        return;
      }
      try {
        const now = await deps.resolve(g.token);
        if (now.principal.kind === 'platform' || !sameView(g.principal, now.principal)) {
          end(socket, 'access_changed');
        }
      } catch (err) {
        if (err instanceof AppError) {
          end(socket, reasonFor(err, g.principal));
        } else {
          deps.log.warn({ err }, 'realtime credential re-check failed');
        }
      }
    },

    /** Handles an internal (`system` topic) event of a tenant's log; the dispatcher calls it in log order. */
    onSystemEvent(tenantId: string, e: StoredEvent): void {
      const c = readCredentialEvent(e);
      const peers = byTenant.get(tenantId);
      if (!c || !peers) {
        return;
      }
      for (const socket of [...peers]) {
        const g = guarded.get(socket);
        if (g && isAffected(g.principal, c.target)) {
          end(socket, c.reason);
        }
      }
    },
  };
}
export type SessionGuard = ReturnType<typeof createSessionGuard>;
