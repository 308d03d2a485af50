// The back office's own sign-in (email + password), kept apart from the register's PIN session on
// the same origin (its own storage key), with token refresh and CSV downloads over the public API.
import { createKasirClient, type KasirClient } from '../../packages/client/index.ts';
import { ApiError, unwrap } from '../shared/api.ts';

export interface OfficeSession {
  accessToken: string;
  refreshToken: string;
  /** epoch ms */
  expiresAt: number;
  userId: string;
  email: string;
}

const KEY = 'kasir.office.session';
let current: OfficeSession | null = (() => {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? 'null') as OfficeSession | null;
  } catch {
    return null;
  }
})();
const listeners = new Set<() => void>();

function save(s: OfficeSession | null) {
  current = s;
  if (s) {
    localStorage.setItem(KEY, JSON.stringify(s));
  } else {
    localStorage.removeItem(KEY);
  }
  listeners.forEach((l) => l());
}

export const session = () => current;
export function onSessionChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const baseUrl = typeof location === 'undefined' ? 'http://127.0.0.1:3000' : location.origin;
export const officeApi: KasirClient = createKasirClient({ baseUrl, token: () => current?.accessToken });

/** Signs in by email and password; refuses a person who works for no business. */
export async function signIn(email: string, password: string): Promise<void> {
  const r = await unwrap(officeApi.POST('/v1/auth/login', { body: { email, password } }));
  if (!r.tenantId) {
    throw new ApiError(403, 'office.no_business', 'This account does not belong to a business.');
  }
  save({
    accessToken: r.accessToken,
    refreshToken: r.refreshToken,
    expiresAt: Date.now() + r.expiresIn * 1000,
    userId: r.userId,
    email,
  });
}

export async function signOut(): Promise<void> {
  await officeApi.POST('/v1/auth/logout', {}).catch(() => undefined);
  save(null);
}

async function refresh(): Promise<void> {
  const s = current;
  if (!s) {
    throw new ApiError(401, 'auth.unauthenticated', 'Not signed in');
  }
  try {
    const t = await unwrap(officeApi.POST('/v1/auth/refresh', { body: { refreshToken: s.refreshToken } }));
    save({
      ...s,
      accessToken: t.accessToken,
      refreshToken: t.refreshToken,
      expiresAt: Date.now() + t.expiresIn * 1000,
    });
  } catch (err) {
    save(null);
    throw err;
  }
}

type Result<T> = { data?: T; error?: unknown; response: Response };
/** A call as the signed-in person: refreshes the access token when it is (about to be) expired. */
export async function call<T>(fn: (api: KasirClient) => Promise<Result<T>>): Promise<T> {
  if (current && current.expiresAt - Date.now() < 30_000) {
    await refresh().catch(() => undefined);
  }
  try {
    return await unwrap(fn(officeApi));
  } catch (err) {
    if (err instanceof ApiError && err.code === 'auth.token_expired') {
      await refresh();
      return unwrap(fn(officeApi));
    }
    if (err instanceof ApiError && err.status === 401) {
      save(null);
    }
    throw err;
  }
}

/** Downloads a report as CSV (the browser saves it under the server's file name). */
export async function downloadCsv(path: string): Promise<void> {
  if (current && current.expiresAt - Date.now() < 30_000) {
    await refresh();
  }
  const res = await fetch(path, {
    headers: { authorization: `Bearer ${current?.accessToken ?? ''}`, accept: 'text/csv' },
  });
  if (!res.ok) {
    throw new ApiError(res.status, `http.${res.status}`, res.statusText);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'report.csv';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What an upload answers: the image's id and where it is served. */
export interface UploadedImage {
  id: string;
  url: string;
  width: number;
  height: number;
}

/** Uploads an image file (PNG, JPEG or WebP, ≤ 1 MiB): its bytes are the request body. */
export async function uploadImage(file: Blob): Promise<UploadedImage> {
  if (current && current.expiresAt - Date.now() < 30_000) {
    await refresh();
  }
  const res = await fetch('/v1/media/images', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${current?.accessToken ?? ''}`,
      'content-type': file.type || 'application/octet-stream',
    },
    body: file,
  });
  const body = (await res.json().catch(() => ({}))) as { code?: string; detail?: string };
  if (!res.ok) {
    throw new ApiError(res.status, body.code ?? `http.${res.status}`, body.detail ?? res.statusText);
  }
  return body as unknown as UploadedImage;
}

/** A fresh access token (refreshed when about to expire), for the realtime handshake. */
export async function freshToken(): Promise<string> {
  if (current && current.expiresAt - Date.now() < 60_000) {
    await refresh();
  }
  if (!current) {
    throw new ApiError(401, 'auth.unauthenticated', 'Not signed in');
  }
  return current.accessToken;
}
