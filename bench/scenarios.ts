// The benchmark scenarios. To add one, append a `defineScenario({...})` to the list: `setup` seeds
// through the HTTP API and returns JSON state, `request` builds each request from that state
// (and `followUps` the further requests of a multi-request operation, from the responses).
import { randomBytes } from 'node:crypto';
import { expectStatus, signUp, type Api } from './api.ts';
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

/**
 * A café menu for order scenarios: a tax rate, a service charge, items with variants and modifiers.
 * Returns the body of a dine-in order with 3 lines (2 modified drinks and a dish), priced at
 * Rp142,065 — Rp123,000 of lines, 5% taxable service, 10% exclusive PB1.
 */
async function seedOrderMenu(api: Api, token: string) {
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
  return {
    outletId: outlet.id as string,
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
}

/** Cash a customer hands over for `total`: the next Rp50,000 note above it (minor units). */
function cashTendered(total: number): number {
  const note = 5_000_000;
  return (Math.floor(total / note) + 1) * note;
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
      const body = await seedOrderMenu(api, token);
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
  defineScenario({
    // A checkout at a register, as the issue measures it: the order of "create order (3 lines)"
    // on a register, then a cash payment of its whole balance with change and cash rounding
    // (Rp100) that completes the order — the payment, the order's money, a ledger entry, the
    // sale entry and the completion in one transaction. Each request has its own Idempotency-Key.
    name: 'checkout (3 lines + cash)',
    unit: 'checkouts/s',
    async setup(api) {
      const { token } = await signUp(api, 'checkout');
      const order = await seedOrderMenu(api, token);
      const register = expectStatus(
        await api.call('POST', '/v1/registers', {
          token,
          body: { outletId: order.outletId, name: 'Kasir 1' },
        }),
        201,
        'create register',
      );
      expectStatus(
        await api.call('PATCH', '/v1/tenant', { token, body: { cashRoundingIncrement: 10_000 } }),
        200,
        'set cash rounding',
      );
      return { token, body: { ...order, registerId: register.id as string } };
    },
    request(state) {
      const prefix = randomBytes(8).toString('hex');
      let n = 0;
      return () => {
        n += 1;
        return postJson('/v1/orders', state.body, {
          ...bearer(state.token),
          'idempotency-key': `checkout-${prefix}-${n}`,
        });
      };
    },
    followUps(state) {
      return [
        (order: { id: string; total: number }) =>
          postJson(
            `/v1/orders/${order.id}/payments`,
            { method: 'cash', tendered: cashTendered(order.total), completeOrder: true },
            { ...bearer(state.token), 'idempotency-key': `pay-${order.id}` },
          ),
      ];
    },
    async check(api, state) {
      const problems: string[] = [];
      const ledger = await api.call('GET', '/v1/ledger/check', { token: state.token });
      if (ledger.status !== 200) {
        problems.push(`ledger check answered ${ledger.status}`);
      } else if (!ledger.body.ok) {
        problems.push(`ledger check failed: ${JSON.stringify(ledger.body).slice(0, 500)}`);
      }
      // The payment completed its order (same transaction): the newest completed order is paid.
      const done = await api.call('GET', '/v1/orders?status=completed&limit=1', { token: state.token });
      const newest = done.body?.items?.[0];
      if (done.status !== 200 || newest?.paymentStatus !== 'paid') {
        problems.push(`no completed, paid order: ${done.status} ${JSON.stringify(done.body).slice(0, 500)}`);
      }
      const audit = await api.call('GET', '/v1/audit/verify', { token: state.token });
      if (audit.status !== 200 || !audit.body.ok) {
        problems.push(`audit verify: ${audit.status} ${JSON.stringify(audit.body).slice(0, 500)}`);
      }
      return problems;
    },
  }),
  defineScenario({
    // Issue 10: the same sale in one request — POST /v1/sales with the order and its cash tender;
    // one transaction creates, pays and completes it. One Idempotency-Key.
    name: 'sale (one request)',
    unit: 'sales/s',
    async setup(api) {
      const { token } = await signUp(api, 'sale');
      const order = await seedOrderMenu(api, token);
      const register = expectStatus(
        await api.call('POST', '/v1/registers', {
          token,
          body: { outletId: order.outletId, name: 'Kasir 1' },
        }),
        201,
        'create register',
      );
      expectStatus(
        await api.call('PATCH', '/v1/tenant', { token, body: { cashRoundingIncrement: 10_000 } }),
        200,
        'set cash rounding',
      );
      const body = { ...order, registerId: register.id as string };
      const priced = expectStatus(
        await api.call('POST', '/v1/orders/calculate', { token, body }),
        200,
        'calculate',
      );
      return {
        token,
        body: { ...body, payments: [{ method: 'cash', tendered: cashTendered(priced.total) }] },
      };
    },
    request(state) {
      const prefix = randomBytes(8).toString('hex');
      let n = 0;
      return () => {
        n += 1;
        return postJson('/v1/sales', state.body, {
          ...bearer(state.token),
          'idempotency-key': `sale-${prefix}-${n}`,
        });
      };
    },
    async check(api, state) {
      const problems: string[] = [];
      const ledger = await api.call('GET', '/v1/ledger/check', { token: state.token });
      if (ledger.status !== 200 || !ledger.body.ok) {
        problems.push(`ledger check: ${ledger.status} ${JSON.stringify(ledger.body).slice(0, 500)}`);
      }
      const audit = await api.call('GET', '/v1/audit/verify', { token: state.token });
      if (audit.status !== 200 || !audit.body.ok) {
        problems.push(`audit verify: ${audit.status} ${JSON.stringify(audit.body).slice(0, 500)}`);
      }
      return problems;
    },
  }),
];
