// The benchmark scenarios. To add one, append a `defineScenario({...})` to the list: `setup` seeds
// through the HTTP API and returns JSON state, `request` builds each request from that state.
import { randomBytes } from 'node:crypto';
import { expectStatus, signUp } from './api.ts';
import type { HttpRequest, Scenario } from './types.ts';

/** Identity, for type inference: `request` and `check` get the state type `setup` returns. */
function defineScenario<S>(scenario: Scenario<S>): Scenario<S> {
  return scenario;
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

function postJson(path: string, body: unknown, headers: Record<string, string> = {}): HttpRequest {
  return {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

export const scenarios: readonly Scenario[] = [
  defineScenario({
    // argon2id verification on every request: slow by design.
    name: 'login',
    async setup(api) {
      const { email, password } = await signUp(api, 'login');
      return { email, password };
    },
    request(state) {
      const req = postJson('/v1/auth/login', state);
      return () => req;
    },
  }),

  defineScenario({
    // Token check (JWT + session lookup) and a small indexed read.
    name: 'authenticated read',
    async setup(api) {
      const { token } = await signUp(api, 'read');
      for (const name of ['Kemang', 'Bandung', 'Surabaya']) {
        expectStatus(await api.call('POST', '/v1/outlets', { token, body: { name } }), 201, 'create outlet');
      }
      return { token };
    },
    request(state) {
      const req: HttpRequest = { method: 'GET', path: '/v1/outlets', headers: bearer(state.token) };
      return () => req;
    },
  }),

  defineScenario({
    // A transaction per request: the outlet, an audit entry on the tenant's hash chain (one head
    // row, so writes of one tenant serialise) and the idempotency record.
    name: 'idempotent create',
    async setup(api) {
      const { token } = await signUp(api, 'create');
      return { token };
    },
    request(state) {
      const prefix = randomBytes(8).toString('hex');
      let n = 0;
      return () => {
        n += 1;
        return postJson(
          '/v1/outlets',
          { name: `Outlet ${n}` },
          { ...bearer(state.token), 'idempotency-key': `bench-${prefix}-${n}` },
        );
      };
    },
    async check(api, state) {
      const res = await api.call('GET', '/v1/audit/verify', { token: state.token });
      if (res.status !== 200) {
        return [`audit verify answered ${res.status}`];
      }
      const v = res.body as { ok: boolean; entries: number; firstBroken: unknown };
      return v.ok ? [] : [`audit chain broken after ${v.entries} entries: ${JSON.stringify(v.firstBroken)}`];
    },
  }),
];
