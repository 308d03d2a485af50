// Bad input that used to reach the engine (issue 9, point 6): every integer a client sends has a
// maximum that fits its column, and every sum the server computes from them (order figures,
// amount + tip, tips on an order) is checked against MAX_AMOUNT — a 4xx with a stable code,
// never a 500 and never a value PostgreSQL has to refuse (that would log an error).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_AMOUNT } from '../../src/platform/http/schemas.ts';
import {
  captureLogs,
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../support/test-app.ts';

let t: TestApp;
let f: TenantFixture;
let logs: ReturnType<typeof captureLogs>;
const api = () => client(t.app);

beforeAll(async () => {
  logs = captureLogs();
  t = await createTestApp({ logger: logs.logger });
  f = await createTenant(t.app, 'Bounds Café');
});
afterAll(async () => {
  await t.close();
});

type Schema = Record<string, unknown>;

/** Every integer/number schema reachable from `schema` (properties, items, unions, $refs). */
function numbersIn(doc: Schema, schema: unknown, where: string, out: [string, Schema][]): void {
  if (!schema || typeof schema !== 'object') {
    return;
  }
  let s = schema as Schema;
  if (typeof s.$ref === 'string') {
    s = s.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Schema | undefined)?.[key], doc) as Schema;
  }
  const types = ([] as unknown[]).concat(s.type ?? []);
  if (types.includes('integer') || types.includes('number')) {
    out.push([where, s]);
  }
  for (const [key, value] of Object.entries((s.properties as Schema | undefined) ?? {})) {
    numbersIn(doc, value, `${where}.${key}`, out);
  }
  for (const key of ['items', 'additionalProperties', 'not']) {
    numbersIn(doc, s[key], `${where}[]`, out);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    for (const part of (s[key] as unknown[] | undefined) ?? []) {
      numbersIn(doc, part, where, out);
    }
  }
}

describe('integer inputs are bounded', () => {
  it('every integer in every request body, path and query has a minimum and a maximum within MAX_AMOUNT', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<Schema>();
    const found: [string, Schema][] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const p of (op.parameters as Schema[] | undefined) ?? []) {
          numbersIn(
            doc,
            p.schema,
            `${method.toUpperCase()} ${path} ${String(p.in)}.${String(p.name)}`,
            found,
          );
        }
        const content = ((op.requestBody as Schema | undefined)?.content ?? {}) as Record<string, Schema>;
        for (const media of Object.values(content)) {
          numbersIn(doc, media.schema, `${method.toUpperCase()} ${path} body`, found);
        }
      }
    }
    expect(found.length).toBeGreaterThan(40);
    const unbounded = found
      .filter(
        ([, s]) =>
          s.type !== 'integer' ||
          typeof s.minimum !== 'number' ||
          typeof s.maximum !== 'number' ||
          s.minimum < -MAX_AMOUNT ||
          s.maximum > MAX_AMOUNT,
      )
      .map(([where, s]) => `${where} ${JSON.stringify(s)}`);
    expect(unbounded).toEqual([]);
  });

  it('1e40 and 2^53 are 400s naming the field, in bodies and query strings, with no error logged', async () => {
    const item = await api().post(
      '/v1/catalog/items',
      { name: 'Huge', variants: [{ name: 'One', price: 2 ** 53 - 1 }] },
      f.ownerToken,
    );
    expect(item.status).toBe(400);
    expect(item.body.errors.map((e: { path: string }) => e.path)).toContain('body.variants[0].price');
    const order = await api().post(
      '/v1/orders',
      { outletId: f.outletId, diningOption: 'takeaway', lines: [] },
      f.ownerToken,
    );
    expect(order.status).toBe(201);
    for (const [method, url, payload, field] of [
      ['PATCH', `/v1/orders/${order.body.id}`, '{"version":1e40}', 'body.version'],
      [
        'PATCH',
        `/v1/orders/${order.body.id}`,
        '{"discounts":[{"discountId":"01890a5d-ac96-774b-bcce-b302099a8057","value":1e40}]}',
        'body.discounts[0].value',
      ],
      ['GET', '/v1/orders?number=1e40', undefined, 'querystring.number'],
      ['GET', '/v1/orders?number=2147483648', undefined, 'querystring.number'],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${f.ownerToken}`,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, `${method} ${url} ${payload ?? ''}`).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect(logs.errors()).toEqual([]);
  });
});

describe('computed sums are bounded by MAX_AMOUNT', () => {
  let big: { id: string; variants: { id: string }[] };
  const line = (quantity: number) => ({ itemId: big.id, variantId: big.variants[0]!.id, quantity });

  beforeAll(async () => {
    const res = await api().post(
      '/v1/catalog/items',
      { name: 'Gold bar', variants: [{ name: 'Bar', price: MAX_AMOUNT }] },
      f.ownerToken,
    );
    expect(res.status).toBe(201);
    big = res.body;
  });

  it('an order whose total would pass MAX_AMOUNT is a 422 orders.amount_too_large, on every path', async () => {
    const body = { outletId: f.outletId, diningOption: 'takeaway', lines: [line(2)] };
    for (const url of ['/v1/orders/calculate', '/v1/orders']) {
      const res = await api().post(url, body, f.ownerToken);
      expect(res.status, url).toBe(422);
      expect(res.body).toMatchObject({ code: 'orders.amount_too_large', max: MAX_AMOUNT });
    }
    // Beyond 2^53 as well (10,000 × MAX_AMOUNT): the same code, not the engine's overflow.
    const huge = await api().post('/v1/orders', { ...body, lines: [line(10_000)] }, f.ownerToken);
    expect(huge.body.code).toBe('orders.amount_too_large');

    const one = await api().post('/v1/orders', { ...body, lines: [line(1)] }, f.ownerToken);
    expect(one.status).toBe(201);
    expect(one.body.total).toBe(MAX_AMOUNT);
    const added = await api().post(`/v1/orders/${one.body.id}/lines`, { lines: [line(1)] }, f.ownerToken);
    expect(added.status).toBe(422);
    expect(added.body.code).toBe('orders.amount_too_large');
    const raised = await api().patch(
      `/v1/orders/${one.body.id}/lines/${one.body.lines[0].id}`,
      { quantity: 2 },
      f.ownerToken,
    );
    expect(raised.status).toBe(422);
    expect(raised.body.code).toBe('orders.amount_too_large');
    const after = await api().get(`/v1/orders/${one.body.id}`, f.ownerToken);
    expect(after.body).toMatchObject({ total: MAX_AMOUNT, version: one.body.version });
  });

  it('a card payment whose amount + tip passes MAX_AMOUNT is a 422 payments.amount_too_large, and so are the order’s tips', async () => {
    const order = await api().post(
      '/v1/orders',
      { outletId: f.outletId, diningOption: 'takeaway', lines: [line(1)] },
      f.ownerToken,
    );
    const pay = (body: Record<string, unknown>) =>
      api().post(
        `/v1/orders/${order.body.id}/payments`,
        { method: 'card', card: { brand: 'visa', last4: '4242' }, ...body },
        f.ownerToken,
      );
    const over = await pay({ tipAmount: 1 });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'payments.amount_too_large', max: MAX_AMOUNT });
    const overMax = await pay({ tipAmount: MAX_AMOUNT + 1 });
    expect(overMax.status).toBe(400);

    const first = await pay({ amount: 1, tipAmount: MAX_AMOUNT - 1 });
    expect(first.status).toBe(201);
    const second = await pay({ amount: 1, tipAmount: 2 }); // tips on the order: MAX_AMOUNT + 1
    expect(second.status).toBe(422);
    expect(second.body.code).toBe('payments.amount_too_large');
    const noTip = await pay({ amount: 1 });
    expect(noTip.status).toBe(201);
    const ledger = await api().get('/v1/ledger/check', f.ownerToken);
    expect(ledger.body.ok).toBe(true);
    expect(logs.errors()).toEqual([]);
  });
});
