// Requests derived from the live OpenAPI document: for every operation, path parameters, query
// strings and bodies generated from its own schemas — ids drawn from a seeded tenant (so most
// requests reach the use cases), the right kind of credential for the route, and one field broken
// some of the time. fuzz.test.ts runs them and judges the responses.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { PERMISSIONS } from '../../src/modules/identity/permissions.ts';
import type { FuzzWorld } from './fuzz-world.ts';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  $ref?: string;
}

export interface Operation {
  method: string;
  /** `/v1/orders/{id}`, as in the OpenAPI document. */
  template: string;
  auth: 'public' | 'staff' | 'device' | 'platform';
  path: { name: string; schema: JsonSchema }[];
  query: { name: string; required: boolean; schema: JsonSchema }[];
  body: JsonSchema | null;
}

export type Credential = 'owner' | 'foreign' | 'device' | 'platform' | 'logout' | 'none' | 'garbage';

export interface Spec {
  op: Operation;
  url: string;
  credential: Credential;
  payload: string | undefined;
  idempotencyKey: string | undefined;
  /** Top-level body fields sent with a schema-valid value. */
  validFields: string[];
}

/** Follows a local `$ref` (`#/components/schemas/Order`) to the schema it names. */
export function dereferencer(doc: any): (schema: JsonSchema) => JsonSchema {
  const deref = (schema: JsonSchema): JsonSchema =>
    schema.$ref
      ? deref(
          schema.$ref
            .slice(2)
            .split('/')
            .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'))
            .reduce<any>((node, key) => node?.[key], doc) as JsonSchema,
        )
      : schema;
  return deref;
}

/** Every operation of the OpenAPI document, with its auth kind from the live route table. */
export function operationsOf(app: FastifyInstance, doc: any): Operation[] {
  const auth = new Map(app.routeTable().map((r) => [`${r.method} ${r.url}`, r.auth]));
  const deref = dereferencer(doc);
  const resolve = (s: JsonSchema | undefined): JsonSchema | undefined => (s ? deref(s) : s);
  const ops: Operation[] = [];
  for (const [template, byMethod] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(byMethod)) {
      const parameters: any[] = op.parameters ?? [];
      const url = template.replace(/\{(\w+)\}/g, ':$1');
      const content = op.requestBody?.content?.['application/json'];
      ops.push({
        method: method.toUpperCase(),
        template,
        auth: auth.get(`${method.toUpperCase()} ${url}`) ?? 'staff',
        path: parameters
          .filter((p) => p.in === 'path')
          .map((p) => ({ name: p.name, schema: deref(p.schema) })),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required === true, schema: deref(p.schema) })),
        body: content ? (resolve(content.schema) ?? null) : null,
      });
    }
  }
  return ops;
}

const SEGMENT_KIND: Record<string, string> = {
  orders: 'order',
  lines: 'line',
  payments: 'payment',
  refunds: 'refund',
  items: 'item',
  categories: 'category',
  'tax-rates': 'taxRate',
  'service-charges': 'serviceCharge',
  discounts: 'discount',
  'modifier-groups': 'modifierGroup',
  outlets: 'outlet',
  registers: 'register',
  staff: 'membership',
  roles: 'role',
  'api-keys': 'apiKey',
  devices: 'device',
  endpoints: 'endpoint',
  deliveries: 'delivery',
  tenants: 'tenant',
  stations: 'station',
  floors: 'floor',
  tables: 'table',
};
const FIELD_KIND: Record<string, string> = {
  discountId: 'discount',
  variantId: 'variant',
  itemId: 'item',
  outletId: 'outlet',
  outletIds: 'outlet',
  registerId: 'register',
  lineId: 'line',
  lineIds: 'line',
  taxRateIds: 'taxRate',
  modifierGroupIds: 'modifierGroup',
  modifierOptionIds: 'modifierOption',
  categoryId: 'category',
  approvalId: 'approval',
  roleId: 'role',
  approverId: 'membership',
  membershipId: 'membership',
  orderId: 'order',
  floorId: 'floor',
  tableId: 'table',
  intoTableId: 'table',
  stationId: 'station',
  tenantId: 'tenant',
  after: 'tenant',
};
/** Fields whose uuid is chosen by the client for a new entity. */
const FRESH_IDS = new Set(['id', 'newOrderId']);

/** encodeURIComponent, but a lone surrogate goes out as the (invalid) UTF-8 of one. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value
      .split(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
      .map(encodeURIComponent)
      .join('%ED%A0%80');
  }
}

/** An enabled gateway account would send real requests to an address that does not answer. */
function disabled(payload: string | undefined): string | undefined {
  try {
    const body: unknown = JSON.parse(payload ?? '');
    return body && typeof body === 'object' && !Array.isArray(body)
      ? JSON.stringify({ ...body, enabled: false })
      : payload;
  } catch {
    return payload;
  }
}

/** The kind of entity a path parameter names: `{id}` after `orders` is an order. */
export function pathKind(template: string, name: string): string {
  if (name !== 'id') {
    return FIELD_KIND[name] ?? name;
  }
  const segments = template.split('/');
  const at = segments.indexOf('{id}');
  return SEGMENT_KIND[segments[at - 1] ?? ''] ?? 'unknown';
}

export function createGenerators(world: FuzzWorld, doc: any) {
  const deref = dereferencer(doc);
  const all = [...world.pool.values()].flat();
  const idOf = (kind: string): fc.Arbitrary<string> => {
    const own = world.pool.get(kind) ?? [];
    return fc.oneof(
      { weight: own.length ? 12 : 0, arbitrary: own.length ? fc.constantFrom(...own) : fc.uuid() },
      { weight: 2, arbitrary: fc.constantFrom(...world.foreign) },
      { weight: 2, arbitrary: fc.constantFrom(...all) },
      { weight: 1, arbitrary: fc.uuid() },
    );
  };
  const text = (min: number, max: number) => {
    const random = fc.string({
      unit: 'grapheme',
      minLength: min,
      maxLength: Math.max(min, Math.min(max, 24)),
    });
    const words = ['Kopi', 'Meja 4', 'fuzz', 'Jl. Sudirman 1'].filter(
      (v) => v.length >= min && v.length <= max,
    );
    return words.length ? fc.oneof(fc.constantFrom(...words), random) : random;
  };
  const NAMED: Record<string, fc.Arbitrary<unknown>> = {
    email: fc.uuid().map((u) => `fz.${u.slice(-12)}@test.kasir`),
    password: fc.constantFrom('fuzz password 1', 'correct horse battery'),
    pin: fc.constantFrom('2468', '1357', '0000'),
    currency: fc.constantFrom('IDR', 'USD', 'JPY'),
    timezone: fc.constantFrom('Asia/Jakarta', 'UTC', 'Asia/Makassar'),
    locale: fc.constantFrom('id-ID', 'en-US'),
    // IP literals only: nothing resolves a name, nothing leaves the machine (port 9 refuses).
    url: fc.constantFrom(
      'http://127.0.0.1:9/fuzz',
      'https://127.0.0.1:9/h',
      'http://[::1]:9/x',
      'ftp://127.0.0.1/x',
    ),
    baseUrl: fc.constantFrom('http://127.0.0.1:9', 'https://127.0.0.1:9/api', 'not a url'),
    imageUrl: fc.constantFrom('https://img.example/kopi.png', null),
    permission: fc.constantFrom(...Object.keys(PERMISSIONS)),
    permissions: fc.uniqueArray(fc.constantFrom(...Object.keys(PERMISSIONS)), { maxLength: 4 }),
    scopes: fc.uniqueArray(fc.constantFrom(...Object.keys(PERMISSIONS)), { minLength: 1, maxLength: 4 }),
    key: fc.stringMatching(/^[a-z][a-z0-9_-]{0,20}$/),
    targetType: fc.constantFrom('register', 'order', 'order_line', 'payment'),
    targetId: fc.constantFrom(...all),
    code: fc.constantFrom('ABCD-EFGH', 'ZZZZ-ZZZZ'),
    refreshToken: fc.uuid().map((u) => `krt_${u}.AAAAAAAAAAAAAAAAAAAAAAAA`),
    channel: fc.constantFrom('qris', 'gopay', 'card'),
    last4: fc.constantFrom('4242', '0000'),
    from: fc.constantFrom('2020-01-01T00:00:00Z', '2026-01-01T00:00:00+07:00'),
    to: fc.constantFrom('2099-12-31T23:59:59Z', new Date().toISOString()),
    since: fc.constantFrom('0', '1', '5', '999999999999999999'),
    quantity: fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: 1, max: 3 }) },
      fc.constantFrom(10_000, 9_999),
    ),
  };

  /** A value that satisfies `schema` (`name` picks ids of the right kind and realistic strings). */
  function valid(ref: JsonSchema, name: string): fc.Arbitrary<unknown> {
    const schema = deref(ref);
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives) {
      return fc.oneof(
        ...alternatives.map((s) => ({ weight: s.type === 'null' ? 1 : 4, arbitrary: valid(s, name) })),
      );
    }
    if (schema.enum) {
      return fc.constantFrom(...schema.enum);
    }
    if (schema.const !== undefined) {
      return fc.constant(schema.const);
    }
    const named = NAMED[name];
    if (named) {
      return named;
    }
    switch (schema.type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
      case 'number': {
        const min = schema.minimum ?? 0;
        const max = schema.maximum ?? min + 1_000_000;
        return fc.oneof(
          { weight: 6, arbitrary: fc.integer({ min, max: Math.min(max, min + 5_000_000) }) },
          { weight: 1, arbitrary: fc.constantFrom(min, max) },
          { weight: 1, arbitrary: fc.integer({ min, max }) },
        );
      }
      case 'string': {
        if (schema.format === 'uuid') {
          return FRESH_IDS.has(name) ? fc.uuid() : idOf(FIELD_KIND[name] ?? 'unknown');
        }
        if (schema.format === 'date-time') {
          return fc.constantFrom('2026-06-01T10:00:00Z', '2030-01-01T00:00:00+07:00');
        }
        if (schema.format === 'date') {
          return fc.constantFrom('2026-06-01', '2031-12-31');
        }
        if (schema.format === 'email') {
          return NAMED.email!;
        }
        if (schema.pattern) {
          const matching = fc
            .stringMatching(new RegExp(schema.pattern))
            .filter((v) => v.length >= (schema.minLength ?? 0) && v.length <= (schema.maxLength ?? 200));
          // The largest number a digits-only pattern allows (a bigint column's edge).
          const digits = /^\^\[0-9\]\{\d+,(\d+)\}\$$/.exec(schema.pattern);
          return digits ? fc.oneof(matching, fc.constant('9'.repeat(Number(digits[1])))) : matching;
        }
        return text(schema.minLength ?? 0, schema.maxLength ?? 200);
      }
      case 'array': {
        const item = schema.items ? valid(schema.items, name) : fc.constant(null);
        const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) };
        return schema.uniqueItems
          ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) })
          : fc.array(item, constraints);
      }
      case 'object': {
        const props = schema.properties ?? {};
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, s] of Object.entries(props)) {
          model[key] = valid(s, key);
        }
        return fc.record(model, { requiredKeys: schema.required ?? [] });
      }
      case undefined:
      default:
        return fc.jsonValue({ maxDepth: 1 });
    }
  }

  /** A value `schema` refuses, or one at the edge of what it allows. */
  function broken(ref: JsonSchema): fc.Arbitrary<unknown> {
    const schema = deref(ref);
    const types = new Set(
      [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap((s) => [deref(s).type ?? []].flat()),
    );
    const common = fc.constantFrom<unknown>(null, true, {}, [], '', 'x'.repeat(300), '\u0000', -1, 1.5, 1e40);
    const specific: fc.Arbitrary<unknown>[] = [];
    if (types.has('integer') || types.has('number')) {
      const max = schema.maximum ?? 0;
      const min = schema.minimum ?? 0;
      specific.push(fc.constantFrom(max + 1, min - 1, 2 ** 53, -(2 ** 53), 9.5, '12', 1e308, -0));
    }
    if (types.has('string')) {
      specific.push(
        fc.constantFrom(
          'x'.repeat((schema.maxLength ?? 200) + 1),
          'not-a-uuid',
          '2030-02-30T00:00:00Z',
          '\ud800',
          '😀'.repeat(60),
          "' OR 1=1 --",
          42,
        ),
      );
    }
    if (types.has('array')) {
      specific.push(
        fc.constant(Array.from({ length: (schema.maxItems ?? 10) + 1 }, () => null)),
        fc.constant('a'),
      );
    }
    return specific.length ? fc.oneof(common, ...specific) : common;
  }

  /** Top-level fields of a body schema (the unit of "every field"). */
  const fieldsOf = (body: JsonSchema | null) => Object.entries((body ? deref(body) : {}).properties ?? {});

  type Body = { payload: string | undefined; validFields: string[] };
  function bodyArb(op: Operation): fc.Arbitrary<Body> {
    if (!op.body) {
      return fc.oneof(
        { weight: 8, arbitrary: fc.constant<Body>({ payload: undefined, validFields: [] }) },
        { weight: 1, arbitrary: fc.json({ maxDepth: 2 }).map((payload) => ({ payload, validFields: [] })) },
      );
    }
    const instance = valid(op.body, 'body') as fc.Arbitrary<Record<string, unknown>>;
    const fields = fieldsOf(op.body);
    const asIs = instance.map((b) => ({ payload: JSON.stringify(b), validFields: Object.keys(b) }));
    const oneBroken = fields.length
      ? fc.tuple(instance, fc.constantFrom(...fields)).chain(([b, [key, s]]) =>
          broken(s).map((value) => ({
            payload: JSON.stringify({ ...b, [key]: value }),
            validFields: Object.keys(b).filter((k) => k !== key),
          })),
        )
      : asIs;
    return fc.oneof(
      { weight: 6, arbitrary: asIs },
      { weight: 3, arbitrary: oneBroken },
      {
        weight: 1,
        arbitrary: fc
          .oneof(fc.json({ maxDepth: 2 }), fc.constantFrom('{', '[]', 'null', '{"a":'))
          .map((payload) => ({ payload, validFields: [] })),
      },
    );
  }

  function paramsArb(op: Operation): fc.Arbitrary<string[]> {
    const single = fc.tuple(
      ...op.path.map((p) =>
        fc.oneof(
          { weight: 10, arbitrary: valid(p.schema, p.name === 'id' ? '' : p.name) },
          { weight: 1, arbitrary: fc.constantFrom('not-a-uuid', '%00', 'x'.repeat(120)) },
        ),
      ),
    );
    // The `id` parameter has no kind of its own: draw it from the entity the path names.
    const byKind = fc.tuple(
      ...op.path.map((p) =>
        p.schema.format === 'uuid' ? idOf(pathKind(op.template, p.name)) : valid(p.schema, p.name),
      ),
    );
    const known = world.params.get(op.template);
    return fc.oneof(
      { weight: 6, arbitrary: byKind.map((v) => v.map(String)) },
      { weight: 1, arbitrary: single.map((v) => v.map(String)) },
      ...(known ? [{ weight: 6, arbitrary: fc.constantFrom(...known) }] : []),
    );
  }

  function queryArb(op: Operation): fc.Arbitrary<string> {
    if (op.query.length === 0) {
      return fc.oneof({ weight: 9, arbitrary: fc.constant('') }, fc.constant('?unknown=1'));
    }
    const entries = op.query.map((q) =>
      fc
        .oneof(
          { weight: q.required ? 10 : 4, arbitrary: valid(q.schema, q.name).map((v) => [q.name, v]) },
          { weight: q.required ? 0 : 5, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: broken(q.schema).map((v) => [q.name, v]) },
        )
        .map((e) => e as [string, unknown] | null),
    );
    return fc.tuple(...entries).map((pairs) => {
      const present = pairs.filter((p): p is [string, unknown] => p !== null);
      const qs = present
        .map(([k, v]) => `${encode(k)}=${encode(typeof v === 'string' ? v : JSON.stringify(v))}`)
        .join('&');
      return qs ? `?${qs}` : '';
    });
  }

  function credentialArb(op: Operation): fc.Arbitrary<Credential> {
    if (op.method === 'POST' && op.template === '/v1/auth/logout') {
      return fc.constantFrom<Credential>('logout', 'none', 'garbage');
    }
    const main: Record<Operation['auth'], Credential> = {
      public: 'none',
      staff: 'owner',
      device: 'device',
      platform: 'platform',
    };
    return fc.oneof(
      { weight: 16, arbitrary: fc.constant(main[op.auth]) },
      { weight: op.auth === 'staff' ? 3 : 1, arbitrary: fc.constant<Credential>('foreign') },
      { weight: 1, arbitrary: fc.constantFrom<Credential>('none', 'garbage', 'owner', 'device') },
    );
  }

  /** One request to `op`. */
  function specArb(op: Operation): fc.Arbitrary<Spec> {
    return fc
      .record({
        params: paramsArb(op),
        query: queryArb(op),
        body: bodyArb(op),
        credential: credentialArb(op),
        idempotencyKey: fc.oneof(
          { weight: 4, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: fc.uuid() },
        ),
      })
      .map(({ params, query, body, credential, idempotencyKey }) => ({
        op,
        url:
          op.path.reduce((path, p, i) => path.replace(`{${p.name}}`, encode(params[i]!)), op.template) +
          query,
        credential,
        payload: op.template === '/v1/payment-gateways/{gateway}' ? disabled(body.payload) : body.payload,
        idempotencyKey: idempotencyKey ?? undefined,
        validFields: body.validFields,
      }));
  }

  return { valid, broken, specArb, fieldsOf };
}
