// The apps' API layer: the generated client, the device and staff credentials kept on this
// device, access-token refresh, problem+json errors as ApiError. Every call an app makes goes
// through here, over the public API.
import { createKasirClient, newIdempotencyKey, type KasirClient } from '../../packages/client/index.ts';
import type { Ok } from './api-types.ts';

export { newIdempotencyKey };

/** A problem+json answer: `code` is stable (e.g. `payments.amount_exceeds_balance`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type PairedDevice = Ok<'/v1/devices/pair', 'post'>['device'] & { token: string };
export interface StaffSession {
  accessToken: string;
  refreshToken: string;
  /** epoch ms */
  expiresAt: number;
  membershipId: string;
  userId: string;
  displayName: string;
  role: string;
}

const DEVICE_KEY = 'kasir.device';
const SESSION_KEY = 'kasir.session';

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}
function write(key: string, value: unknown): void {
  if (value === null) {
    localStorage.removeItem(key);
  } else {
    localStorage.setItem(key, JSON.stringify(value));
  }
}

export const credentials = {
  device: read<PairedDevice>(DEVICE_KEY),
  session: read<StaffSession>(SESSION_KEY),
  setDevice(d: PairedDevice | null) {
    this.device = d;
    write(DEVICE_KEY, d);
  },
  setSession(s: StaffSession | null) {
    this.session = s;
    write(SESSION_KEY, s);
  },
};

const baseUrl = typeof location === 'undefined' ? 'http://127.0.0.1:3000' : location.origin;
/** Requests as the paired device (staff list, PIN sign-in). */
export const deviceApi: KasirClient = createKasirClient({ baseUrl, token: () => credentials.device?.token });
/** Requests as the signed-in person. */
export const staffApi: KasirClient = createKasirClient({
  baseUrl,
  token: () => credentials.session?.accessToken,
});

type Result<T> = { data?: T; error?: unknown; response: Response };

function toError(res: Result<unknown>): ApiError {
  const e = (res.error ?? {}) as { code?: string; message?: string; detail?: string } & Record<
    string,
    unknown
  >;
  return new ApiError(
    res.response.status,
    e.code ?? `http.${res.response.status}`,
    e.message ?? e.detail ?? res.response.statusText,
    e,
  );
}

let networkDown = false;
const networkListeners = new Set<(down: boolean) => void>();
/** Whether the last request could not reach the server (no answer at all), told to listeners on change. */
export const network = {
  get down(): boolean {
    return networkDown;
  },
  report(down: boolean): void {
    if (down !== networkDown) {
      networkDown = down;
      networkListeners.forEach((fn) => fn(down));
    }
  },
  listen(fn: (down: boolean) => void): () => void {
    networkListeners.add(fn);
    return () => networkListeners.delete(fn);
  },
};

/** The data of a call, or an ApiError. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let res: Result<T>;
  try {
    res = await call;
  } catch (err) {
    network.report(true);
    throw new ApiError(0, 'network.offline', err instanceof Error ? err.message : 'Network error');
  }
  // A gateway's 502/503/504 (a proxy before a stopped server) is no answer either.
  network.report(res.response.status >= 502 && res.response.status <= 504);
  if (res.error !== undefined || !res.response.ok) {
    throw toError(res);
  }
  return res.data as T;
}

let refreshing: Promise<void> | null = null;
/** Rotates the refresh token for a new access token (one at a time). Ends the session if refused. */
export async function refreshSession(): Promise<void> {
  const s = credentials.session;
  if (!s) {
    throw new ApiError(401, 'auth.unauthenticated', 'Not signed in');
  }
  refreshing ??= (async () => {
    try {
      const t = await unwrap(staffApi.POST('/v1/auth/refresh', { body: { refreshToken: s.refreshToken } }));
      credentials.setSession({
        ...s,
        accessToken: t.accessToken,
        refreshToken: t.refreshToken,
        expiresAt: Date.now() + t.expiresIn * 1000,
      });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        credentials.setSession(null);
        onSessionEnded?.();
      }
      throw err;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

let onSessionEnded: (() => void) | null = null;
/** Called when the server refuses the session (revoked, expired refresh token): back to the lock screen. */
export function onSessionEnd(fn: () => void): void {
  onSessionEnded = fn;
}

/** A fresh access token (refreshed when it is about to expire). For realtime handshakes. */
export async function accessToken(): Promise<string> {
  const s = credentials.session;
  if (!s) {
    throw new ApiError(401, 'auth.unauthenticated', 'Not signed in');
  }
  if (s.expiresAt - Date.now() < 60_000) {
    await refreshSession();
  }
  return credentials.session!.accessToken;
}

/** A staff call; refreshes the access token once when it expired, then repeats the call. */
export async function staff<T>(call: (api: KasirClient) => Promise<Result<T>>): Promise<T> {
  if (credentials.session && credentials.session.expiresAt - Date.now() < 30_000) {
    await refreshSession().catch(() => undefined);
  }
  try {
    return await unwrap(call(staffApi));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401 && err.code === 'auth.token_expired') {
      await refreshSession();
      return unwrap(call(staffApi));
    }
    if (err instanceof ApiError && err.status === 401 && err.code !== 'auth.invalid_credentials') {
      credentials.setSession(null);
      onSessionEnded?.();
    }
    throw err;
  }
}

/** Headers for a mutation: its Idempotency-Key (one per intent, kept across retries). */
export const idem = (key: string) => ({ 'idempotency-key': key });
