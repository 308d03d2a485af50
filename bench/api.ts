// A small JSON client over fetch, for seeding through the HTTP API (not used for the load itself).
import { randomBytes } from 'node:crypto';

export interface ApiResponse {
  status: number;
  body: any;
}

export interface Api {
  readonly baseUrl: string;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse>;
}

export function createApi(baseUrl: string): Api {
  return {
    baseUrl,
    async call(method, path, options = {}) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body };
    },
  };
}

/** Throws unless the response has the expected status; returns its body. */
export function expectStatus(res: ApiResponse, status: number, what: string): any {
  if (res.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

export interface BenchTenant {
  tenantId: string;
  email: string;
  password: string;
  /** The owner's access token (valid 15 minutes). */
  token: string;
}

/** Signs up a new business with its owner through POST /v1/signup. */
export async function signUp(api: Api, label: string): Promise<BenchTenant> {
  const email = `bench.${label.replace(/[^a-z0-9]+/gi, '-')}.${randomBytes(6).toString('hex')}@bench.kasir`;
  const password = 'bench password 123';
  const body = expectStatus(
    await api.call('POST', '/v1/signup', {
      body: {
        businessName: `Bench ${label}`,
        currency: 'IDR',
        timezone: 'Asia/Jakarta',
        locale: 'id-ID',
        ownerName: 'Bench Owner',
        email,
        password,
      },
    }),
    201,
    'signup',
  );
  return { tenantId: body.tenant.id, email, password, token: body.accessToken };
}
