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

  defineScenario({
    // Issue 3: an order with 3 lines (modifiers, an exclusive tax, a taxable service charge),
    // priced by the engine on the server: catalog lookups, order number, lines, totals, audit,
    // idempotency record — one transaction.
    name: 'create order (3 lines)',
    async setup(api) {
      const { token } = await signUp(api, 'orders');
      const call = async (path: string, body: unknown) =>
        expectStatus(await api.call('POST', path, { token, body }), 201, path);
      const outlet = await call('/v1/outlets', { name: 'Kemang' });
      const pb1 = await call('/v1/catalog/tax-rates', { name: 'PB1', ratePpm: 100_000, inclusive: false });
      await call('/v1/catalog/service-charges', {
        name: 'Service',
        ratePpm: 50_000,
        diningOptions: ['dine_in'],
        taxable: true,
        taxRateIds: [pb1.id],
      });
      const category = await call('/v1/catalog/categories', { name: 'Drinks', taxRateIds: [pb1.id] });
      const sugar = await call('/v1/catalog/modifier-groups', {
        name: 'Sugar',
        minSelect: 1,
        maxSelect: 1,
        options: [
          { name: 'Less', price: 0 },
          { name: 'Normal', price: 0 },
        ],
      });
      const extras = await call('/v1/catalog/modifier-groups', {
        name: 'Extras',
        minSelect: 0,
        maxSelect: 2,
        options: [
          { name: 'Shot', price: 500_000 },
          { name: 'Boba', price: 600_000 },
        ],
      });
      const coffee = await call('/v1/catalog/items', {
        name: 'Es Kopi Susu',
        categoryId: category.id,
        modifierGroupIds: [sugar.id, extras.id],
        variants: [
          { name: 'Regular', price: 2_200_000 },
          { name: 'Large', price: 2_800_000 },
        ],
      });
      const food = await call('/v1/catalog/items', {
        name: 'Nasi Goreng',
        categoryId: category.id,
        variants: [{ name: 'Porsi', price: 3_500_000 }],
      });
      const body = {
        outletId: outlet.id,
        diningOption: 'dine_in',
        lines: [
          {
            itemId: coffee.id,
            variantId: coffee.variants[1].id,
            quantity: 2,
            modifierOptionIds: [sugar.options[0].id, extras.options[0].id],
          },
          {
            itemId: coffee.id,
            variantId: coffee.variants[0].id,
            quantity: 1,
            modifierOptionIds: [sugar.options[1].id],
          },
          { itemId: food.id, variantId: food.variants[0].id, quantity: 1 },
        ],
      };
      return { token, body };
    },
    request(state) {
      const prefix = randomBytes(8).toString('hex');
      let n = 0;
      return () => {
        n += 1;
        return postJson('/v1/orders', state.body, {
          ...bearer(state.token),
          'idempotency-key': `order-${prefix}-${n}`,
        });
      };
    },
  }),
];
