// The typed Kasir API client: openapi-fetch over the types generated from /openapi.json.
// The web apps use exactly this (no private endpoints); integrators can too (see README.md).
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.d.ts';

export type { components, paths } from './schema.d.ts';
export type KasirClient = Client<paths>;

export interface KasirClientOptions {
  /** The server, e.g. `http://127.0.0.1:3000` (or `location.origin` in a browser). */
  baseUrl: string;
  /** The bearer credential for each request: access token, API key (`kak_…`) or device token (`kdv_…`). */
  token?: () => string | null | undefined;
  fetch?: typeof globalThis.fetch;
}

/** A client whose every request carries the current bearer credential. */
export function createKasirClient(options: KasirClientOptions): KasirClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const auth: Middleware = {
    onRequest({ request }) {
      const token = options.token?.();
      if (token && !request.headers.has('authorization')) {
        request.headers.set('authorization', `Bearer ${token}`);
      }
      return request;
    },
  };
  client.use(auth);
  return client;
}

/** A fresh `Idempotency-Key`: make one per intent (one sale, one payment) and reuse it on retries. */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}
