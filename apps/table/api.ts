// The customer's calls: the public QR routes only, the table code or customer token in the path.
import type { BodyOf, Ok } from '../shared/api-types.ts';

export type Scan = Ok<'/v1/qr/tables/{token}/scan', 'post'>;
export type Menu = Ok<'/v1/qr/tables/{token}/menu', 'get'>;
export type Placed = Ok<'/v1/qr/tables/{token}/orders', 'post'>;
export type Tracked = Ok<'/v1/qr/track/{token}', 'get'>;
export type PayResult = Ok<'/v1/qr/track/{token}/payments', 'post'>;
export type PlaceInput = BodyOf<'/v1/qr/tables/{token}/orders', 'post'>;

/** A problem+json answer: its status, code and the server's words (shown to the customer). */
export class CallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json().catch(() => null)) as { code?: string; detail?: string } | null;
  if (!res.ok) {
    throw new CallError(res.status, json?.code ?? 'request.failed', json?.detail ?? res.statusText);
  }
  return json as T;
}

const enc = encodeURIComponent;
export const api = {
  scan: (code: string) => call<Scan>('POST', `/v1/qr/tables/${enc(code)}/scan`, {}),
  menu: (code: string) => call<Menu>('GET', `/v1/qr/tables/${enc(code)}/menu`),
  place: (code: string, input: PlaceInput) =>
    call<Placed>('POST', `/v1/qr/tables/${enc(code)}/orders`, input),
  track: (token: string) => call<Tracked>('GET', `/v1/qr/track/${enc(token)}`),
  pay: (token: string, method: PayResult['method'], id: string, lineIds?: string[]) =>
    call<PayResult>('POST', `/v1/qr/track/${enc(token)}/payments`, {
      id,
      method,
      ...(lineIds ? { lineIds } : {}),
    }),
};
