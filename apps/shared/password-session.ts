// A sign-in by email and password for the apps a person opens on their own device (back office,
// waiter phone, kitchen display): its own storage key per app, token refresh, calls through the generated client.
// The register instead pairs the device and signs staff in by PIN (api.ts).
import { createKasirClient, type KasirClient } from '../../packages/client/index.ts';
import { ApiError, unwrap } from './api.ts';

export interface PasswordSession {
  accessToken: string;
  refreshToken: string;
  /** epoch ms */
  expiresAt: number;
  userId: string;
  email: string;
  tenantId: string;
  membershipId: string | null;
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** One app's session, kept under `storageKey` in localStorage. */
export function createPasswordSession(storageKey: string) {
  let current: PasswordSession | null = (() => {
    try {
      return JSON.parse(localStorage.getItem(storageKey) ?? 'null') as PasswordSession | null;
    } catch {
      return null;
    }
  })();
  const listeners = new Set<() => void>();

  function save(s: PasswordSession | null) {
    current = s;
    if (s) {
      localStorage.setItem(storageKey, JSON.stringify(s));
    } else {
      localStorage.removeItem(storageKey);
    }
    listeners.forEach((l) => l());
  }

  const baseUrl = typeof location === 'undefined' ? 'http://127.0.0.1:3000' : location.origin;
  const api: KasirClient = createKasirClient({ baseUrl, token: () => current?.accessToken });

  async function refresh(): Promise<void> {
    const s = current;
    if (!s) {
      throw new ApiError(401, 'auth.unauthenticated', 'Not signed in');
    }
    try {
      const t = await unwrap(api.POST('/v1/auth/refresh', { body: { refreshToken: s.refreshToken } }));
      save({
        ...s,
        accessToken: t.accessToken,
        refreshToken: t.refreshToken,
        expiresAt: Date.now() + t.expiresIn * 1000,
      });
    } catch (err) {
      // A refusal ends the session; a network or server failure keeps it (an offline kitchen display or
      // phone must not fall back to the sign-in screen): the next call tries again.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) {
        save(null);
      }
      throw err;
    }
  }

  /** Refreshes the access token when it expires within `marginMs`. */
  async function ensureFresh(marginMs = 30_000): Promise<void> {
    if (current && current.expiresAt - Date.now() < marginMs) {
      await refresh();
    }
  }

  return {
    api,
    session: () => current,
    onSessionChange: (fn: () => void): (() => void) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    /** Signs in by email and password; refuses a person who works for no business. */
    signIn: async (email: string, password: string): Promise<void> => {
      const r = await unwrap(api.POST('/v1/auth/login', { body: { email, password } }));
      if (!r.tenantId) {
        throw new ApiError(403, 'auth.no_business', 'This account does not belong to a business.');
      }
      save({
        accessToken: r.accessToken,
        refreshToken: r.refreshToken,
        expiresAt: Date.now() + r.expiresIn * 1000,
        userId: r.userId,
        email,
        tenantId: r.tenantId,
        membershipId: r.membershipId,
      });
    },
    signOut: async (): Promise<void> => {
      await api.POST('/v1/auth/logout', {}).catch(() => undefined);
      save(null);
    },
    ensureFresh,
    /** A call as the signed-in person: refreshes the access token when it is (about to be) expired. */
    call: async <T>(fn: (api: KasirClient) => Promise<Result<T>>): Promise<T> => {
      await ensureFresh().catch(() => undefined);
      try {
        return await unwrap(fn(api));
      } catch (err) {
        if (err instanceof ApiError && err.code === 'auth.token_expired') {
          await refresh();
          return unwrap(fn(api));
        }
        if (err instanceof ApiError && err.status === 401) {
          save(null);
        }
        throw err;
      }
    },
    /** A fresh access token (refreshed when about to expire), for the realtime handshake. */
    freshToken: async (): Promise<string> => {
      await ensureFresh(60_000);
      if (!current) {
        throw new ApiError(401, 'auth.unauthenticated', 'Not signed in');
      }
      return current.accessToken;
    },
  };
}
