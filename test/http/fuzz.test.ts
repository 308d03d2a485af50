// Generated-input run over the live route table (GET /openapi.json): a few thousand requests with
// arbitrary methods, paths, ids, query strings, headers, credentials and bodies. Every response must
// be < 500; every 4xx must be problem+json with a `code`; responses to anyone but tenant A must never
// carry tenant A's ids; routes that need credentials must never answer 2xx without them.
//
// Reproduce a run with FUZZ_SEED=<seed> (printed on failure); FUZZ_RUNS changes its length.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  captureLogs,
  client,
  createTenant,
  createTestApp,
  pairDevice,
  type TenantFixture,
  type TestApp,
} from '../support/test-app.ts';
import { createFuzzWorld, type FuzzWorld } from '../support/fuzz-world.ts';
import {
  createGenerators,
  operationsOf,
  type Operation,
  type Spec as SchemaSpec,
} from '../support/openapi-fuzz.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_611);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3_000);
const ROUND_TRIP_RUNS = 150;

let t: TestApp;
/** The server's error-level log lines (a database refusing a value that passed validation). */
const runLogs = captureLogs();
let a: TenantFixture;
let b: TenantFixture;
let c: TenantFixture;
let tokens: Record<TokenKind, string | null>;
let roleOf: Record<'A' | 'B', string>;
let routes: Route[];
/** Ids of tenant A that no other caller is ever given: none may appear in their responses. */
const aSecret = new Set<string>();
/** Ids of tenant A that the generator hands to every caller (so they may be echoed back in errors). */
let aPublic: string[];
/** Every fixed id in the generator's pool (never harvested as an A secret). */
let pool: Set<string>;
/** Ids that tenant B itself created with a client-chosen id (ids are per tenant, so B may reuse A's). */
const bOwns = new Set<string>();
/** Every id that a caller other than A has sent so far. */
const othersSent = new Set<string>();

type TokenKind = 'none' | 'garbage' | 'forged' | 'ownerA' | 'deviceA' | 'ownerB';
const A_KINDS: ReadonlySet<TokenKind> = new Set(['ownerA', 'deviceA']);

interface Route {
  method: string;
  /** `/v1/outlets/{id}` style, as in the OpenAPI document. */
  template: string;
  params: string[];
  query: string[];
  public: boolean;
}

const PUBLIC_PATHS = new Set([
  '/',
  '/healthz',
  '/readyz',
  '/metrics',
  '/openapi.json',
  '/v1/signup',
  '/v1/auth/login',
  '/v1/auth/refresh',
  '/v1/devices/pair',
  '/media/{tenantId}/{id}',
]);

beforeAll(async () => {
  t = await createTestApp({ logger: runLogs.logger });
  a = await createTenant(t.app, 'Alpha Coffee');
  b = await createTenant(t.app, 'Beta Bakery');
  c = await createTenant(t.app, 'Gamma Grill');
  const api = client(t.app);

  // Tenant A: a second outlet + register that the generator never mentions, staff, a device, a key.
  const secretOutlet = await api.post('/v1/outlets', { name: 'Alpha Back Room' }, a.ownerToken);
  const secretRegister = await api.post(
    '/v1/registers',
    { outletId: secretOutlet.body.id, name: 'Hidden till' },
    a.ownerToken,
  );
  const staffA = await addStaff(t.app, a, 'cashier', { pin: '2468' });
  const deviceA = await pairDevice(t.app, a);
  const keyA = await api.post('/v1/api-keys', { name: 'Alpha key', scopes: ['audit:read'] }, a.ownerToken);
  const devicesA = await api.get('/v1/devices', a.ownerToken);
  const rolesA = (await api.get('/v1/roles', a.ownerToken)).body.items as { id: string; key: string }[];
  const rolesB = (await api.get('/v1/roles', b.ownerToken)).body.items as { id: string; key: string }[];
  roleOf = {
    A: rolesA.find((r) => r.key === 'cashier')!.id,
    B: rolesB.find((r) => r.key === 'cashier')!.id,
  };
  for (const id of [
    a.tenantId,
    a.ownerUserId,
    staffA.userId,
    secretOutlet.body.id,
    secretRegister.body.id,
    keyA.body.apiKey.id,
    ...(devicesA.body.items as { id: string }[]).map((d) => d.id),
    ...rolesA.map((r) => r.id),
  ]) {
    aSecret.add(String(id).toLowerCase());
  }
  aPublic = [a.outletId, a.registerId, a.ownerMembershipId, staffA.membershipId];
  pool = new Set(
    [...aPublic, b.tenantId, b.outletId, b.registerId, b.ownerMembershipId, ...FIXED_IDS].map((id) =>
      id.toLowerCase(),
    ),
  );
  for (const id of pool) {
    expect(aSecret.has(id), 'a secret id is in the public pool').toBe(false);
  }

  const [header, payload, signature] = a.ownerToken.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const tampered = Buffer.from(JSON.stringify({ ...claims, tid: b.tenantId })).toString('base64url');
  tokens = {
    none: null,
    garbage: null,
    forged: `${header}.${tampered}.${signature}`,
    ownerA: a.ownerToken,
    deviceA,
    ownerB: b.ownerToken,
  };

  // The route table, from the live OpenAPI document plus the routes it hides.
  const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
  }>();
  routes = [];
  for (const [template, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const parameters = op.parameters ?? [];
      routes.push({
        method: method.toUpperCase(),
        template,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        public: PUBLIC_PATHS.has(template),
      });
    }
  }
  expect(routes.length).toBeGreaterThan(30);
  for (const template of [
    '/',
    '/openapi.json',
    '/metrics',
    '/docs',
    '/docs/json',
    '/docs/static/index.html',
  ]) {
    routes.push({ method: 'GET', template, params: [], query: [], public: true });
  }
}, 60_000);

afterAll(async () => {
  await t?.close();
});

// ---- the generator --------------------------------------------------------------------------------

const FIXED_IDS = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '01890a5d-ac96-774b-bcce-b302099a8057',
];

const OWN_ROLE = '__OWN_ROLE__';
const OWN_OUTLET = '__OWN_OUTLET__';
const UNIQUE_EMAIL = '__UNIQUE_EMAIL__';

/** A valid body per route (placeholders are filled in for the caller's own tenant at send time). */
const EXAMPLES: Record<string, () => Record<string, unknown>> = {
  'POST /v1/signup': () => ({
    businessName: 'Fuzz Foods',
    currency: 'IDR',
    timezone: 'Asia/Jakarta',
    locale: 'id-ID',
    ownerName: 'Fuzz Owner',
    email: UNIQUE_EMAIL,
    password: 'fuzz password 1',
  }),
  'POST /v1/auth/login': () => ({ email: UNIQUE_EMAIL, password: 'fuzz password 1' }),
  'POST /v1/auth/refresh': () => ({
    refreshToken: 'krt_01890a5d-ac96-774b-bcce-b302099a8057.AAAAAAAAAAAAAAAAAAAAAAAA',
  }),
  'POST /v1/auth/pin': () => ({ membershipId: aPublic[3], pin: '2468' }),
  'POST /v1/roles': () => ({ key: 'fuzz_role', name: 'Fuzz role', permissions: ['audit:read'] }),
  'PATCH /v1/roles/{id}': () => ({ name: 'Renamed role', permissions: ['audit:read'] }),
  'POST /v1/staff': () => ({
    email: UNIQUE_EMAIL,
    name: 'Fuzz staff',
    password: 'fuzz password 1',
    roleId: OWN_ROLE,
    outletIds: null,
  }),
  'PATCH /v1/staff/{id}': () => ({ displayName: 'Renamed staff' }),
  'POST /v1/api-keys': () => ({
    name: 'Fuzz key',
    scopes: ['audit:read'],
    expiresAt: '2031-01-01T00:00:00Z',
  }),
  'POST /v1/devices/pair': () => ({ code: 'ABCD-EFGH', name: 'Fuzz tablet' }),
  'POST /v1/approvals': () => ({
    approverId: aPublic[2],
    pin: '1234',
    permission: 'cash:no_sale',
    targetType: 'register',
    targetId: 'till-1',
  }),
  'PATCH /v1/tenant': () => ({ name: 'Renamed business', timezone: 'Asia/Jakarta', locale: 'id-ID' }),
  'POST /v1/outlets': () => ({ name: 'Fuzz outlet', address: 'Jl. Fuzz 1', timezone: 'Asia/Makassar' }),
  'PATCH /v1/outlets/{id}': () => ({ name: 'Renamed outlet', address: null }),
  'POST /v1/registers': () => ({ outletId: OWN_OUTLET, name: 'Fuzz register' }),
  'PATCH /v1/registers/{id}': () => ({ name: 'Renamed register' }),
  'POST /v1/registers/{id}/no-sale': () => ({ reason: 'change for a customer' }),
};

interface Spec {
  route: Route | null;
  method: string;
  /** Path without the query string, with param values already encoded (or deliberately not). */
  path: string;
  query: string;
  token: TokenKind;
  garbageAuth: string;
  contentType: string | undefined;
  idempotencyKey: string | undefined;
  payload: string | undefined;
}

const printable = (maxLength: number, minLength = 0) =>
  fc.string({ unit: 'grapheme-ascii', minLength, maxLength });

function idArb(): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.constantFrom(...aPublic, b.outletId, b.registerId, b.ownerMembershipId, b.tenantId),
    },
    { weight: 3, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom(...FIXED_IDS) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        a.outletId.toUpperCase(),
        `urn:uuid:${b.outletId}`,
        `{${b.outletId}}`,
        b.outletId.replace(/-/g, ''),
        `${b.outletId}0`,
        'not-a-uuid',
      ),
    },
  );
}

function nastyArb(): fc.Arbitrary<unknown> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom<unknown>(
        null,
        true,
        false,
        0,
        -1,
        1.5,
        1e308,
        Number.MAX_SAFE_INTEGER + 2,
        '',
        ' ',
        '\u0000',
        'a\u0000b',
        '\ud800',
        '😀'.repeat(60),
        'x'.repeat(201),
        'x'.repeat(5000),
        '<script>alert(1)</script>',
        "' OR 1=1 --",
        '../../etc/passwd',
        '2030-06-30T23:59:60Z',
        '0000-01-01T00:00:00Z',
        '9999-12-31T23:59:59-23:59',
        'Mars/Olympus_Mons',
        'XYZ',
        'idr',
        'UTC',
        'en',
        'audit:read',
        'nope:nope',
        '1234',
        'disabled',
        [],
        {},
        ['audit:read', 5],
        [null],
      ),
    },
    { weight: 3, arbitrary: idArb() },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.array(idArb(), { maxLength: 3 }) },
  );
}

function exampleFor(route: Route | null): Record<string, unknown> | undefined {
  return route ? EXAMPLES[`${route.method} ${route.template}`]?.() : undefined;
}

/** A valid-looking body with one field changed, dropped or added. */
function mutatedArb(example: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(example);
  const extraKey = fc.oneof(
    printable(12, 1),
    fc.constantFrom('__proto__', 'constructor', 'id', 'tenantId', 'archived'),
  );
  const added = fc.tuple(extraKey, nastyArb()).map(([key, value]) => ({ ...example, [key]: value }));
  if (keys.length === 0) {
    return added;
  }
  return fc.oneof(
    { weight: 1, arbitrary: added },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...keys), nastyArb())
        .map(([key, value]) => ({ ...example, [key]: value })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...keys).map((key) => {
        const copy = { ...example };
        delete copy[key];
        return copy;
      }),
    },
  );
}

function bodyArb(route: Route | null): fc.Arbitrary<string | undefined> {
  const example = exampleFor(route) ?? {};
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: fc.constant(JSON.stringify(example)) },
    { weight: 6, arbitrary: mutatedArb(example).map((body) => JSON.stringify(body)) },
    { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
    {
      weight: 2,
      arbitrary: fc.anything({ maxDepth: 3 }).map((v) => {
        try {
          return JSON.stringify(v);
        } catch {
          return undefined;
        }
      }),
    },
    {
      weight: 1,
      arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }).map((v) => JSON.stringify(v)),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(20_000, 300_000, 1024 * 1024 + 1), fc.constantFrom('name', 'reason', 'email'))
        .map(([n, key]) => JSON.stringify({ ...example, [key]: 'x'.repeat(n) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(64, 1_000, 20_000), fc.boolean())
        .map(([depth, asArray]) =>
          asArray ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
        ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
  );
}

/** A path parameter: mostly ids (valid, foreign, unknown, malformed), sometimes raw garbage. */
function paramArb(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: idArb().map(encodeURIComponent) },
    { weight: 2, arbitrary: printable(40).map(encodeURIComponent) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('%', '%ZZ', '%E0%A4%A', '%00', '..', '%2F', 'a'.repeat(150), ''),
    },
  );
}

function queryArb(route: Route | null): fc.Arbitrary<string> {
  const key = fc.oneof(
    {
      weight: 4,
      arbitrary: route && route.query.length > 0 ? fc.constantFrom(...route.query) : printable(8, 1),
    },
    { weight: 1, arbitrary: fc.oneof(printable(8, 1), fc.constantFrom('__proto__', 'limit[]', 'a[b]')) },
  );
  const value = fc.oneof(
    fc.constantFrom(
      'true',
      'false',
      '1',
      '0',
      '-1',
      '100',
      '500',
      '501',
      '1e400',
      'abc',
      '',
      'active',
      'x'.repeat(300),
    ),
    idArb(),
    printable(20),
    fc.constantFrom('\u0000', 'a\u0000b', '😀'),
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant('') },
    {
      weight: 5,
      arbitrary: fc
        .array(fc.tuple(key, value), { minLength: 1, maxLength: 4 })
        .map(
          (pairs) =>
            '?' + pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('?%', '?a=%ZZ', '?&&&', '?=', '?limit=1&limit=2', '?after=1&after=x'),
    },
  );
}

function randomPathArb(): fc.Arbitrary<string> {
  const segment = fc.oneof(
    fc.constantFrom(
      'v1',
      'v2',
      'outlets',
      'registers',
      'staff',
      'tenant',
      'docs',
      'static',
      'auth',
      'admin',
      '..',
      '%2e%2e',
      '',
    ),
    idArb().map(encodeURIComponent),
    printable(12).map(encodeURIComponent),
  );
  return fc.array(segment, { minLength: 1, maxLength: 5 }).map((segments) => '/' + segments.join('/'));
}

/** The example with its string fields replaced by arbitrary Unicode (control characters included). */
function fuzzedStringsArb(example: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  );
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, value] of Object.entries(example)) {
    const placeholder = value === OWN_ROLE || value === OWN_OUTLET || value === UNIQUE_EMAIL;
    fields[key] =
      typeof value === 'string' && !placeholder ? fc.oneof(fc.constant(value), text) : fc.constant(value);
  }
  return fc.record(fields);
}

const DEVICE_ROUTES = new Set(['/v1/auth/pin', '/v1/device/staff']);

/** A well-formed request to a real route, by the right kind of caller, with one thing wrong (or none). */
function structuredSpecArb(): fc.Arbitrary<Spec> {
  return fc.constantFrom(...routes.filter((r) => r.template.startsWith('/v1/'))).chain((route) => {
    const example = exampleFor(route);
    const token: fc.Arbitrary<TokenKind> = DEVICE_ROUTES.has(route.template)
      ? fc.constant('deviceA')
      : route.public
        ? fc.constant('none')
        : fc.constantFrom('ownerA', 'ownerB');
    const knownQuery =
      route.query.length === 0
        ? fc.constant('')
        : fc
            .array(
              fc.tuple(
                fc.constantFrom(...route.query),
                fc.oneof(
                  fc.constantFrom(
                    'true',
                    'false',
                    '1',
                    '100',
                    '500',
                    '501',
                    'active',
                    'suspended',
                    'outlet.created',
                  ),
                  idArb(),
                  fc.string({ unit: 'binary', maxLength: 20 }),
                ),
              ),
              { maxLength: 3 },
            )
            .map((pairs) =>
              pairs.length === 0
                ? ''
                : '?' + pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
            );
    const body: fc.Arbitrary<string | undefined> = example
      ? fc
          .oneof(
            { weight: 1, arbitrary: fc.constant(example) },
            { weight: 3, arbitrary: mutatedArb(example) },
            { weight: 2, arbitrary: fuzzedStringsArb(example) },
          )
          .map((b) => JSON.stringify(b))
      : fc.constant(undefined);
    return fc.record({
      route: fc.constant<Route | null>(route),
      method: fc.constant(route.method),
      path: fc
        .tuple(...route.params.map(() => idArb().map(encodeURIComponent)))
        .map((values) =>
          route.params.reduce((path, name, i) => path.replace(`{${name}}`, values[i]!), route.template),
        ),
      query: knownQuery,
      token,
      garbageAuth: fc.constant(''),
      contentType: fc.constant(example ? 'application/json' : undefined),
      idempotencyKey: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: printable(40, 1) },
        { weight: 1, arbitrary: fc.constantFrom('fuzz-shared-1', 'fuzz-shared-2') },
      ),
      payload: body,
    });
  });
}

function specArb(): fc.Arbitrary<Spec> {
  return fc.oneof(structuredSpecArb(), chaosSpecArb());
}

/** Anything goes: methods, paths, headers, credentials and bodies. */
function chaosSpecArb(): fc.Arbitrary<Spec> {
  const routeArb: fc.Arbitrary<Route | null> = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...routes) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  return routeArb.chain((route) =>
    fc.record({
      route: fc.constant(route),
      method: fc.oneof(
        { weight: 5, arbitrary: fc.constant(route?.method ?? 'GET') },
        { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS') },
      ),
      path: route
        ? fc
            .tuple(...route.params.map(() => paramArb()))
            .map((values) =>
              route.params.reduce((path, name, i) => path.replace(`{${name}}`, values[i]!), route.template),
            )
        : randomPathArb(),
      query: queryArb(route),
      token: fc.oneof(
        { weight: 2, arbitrary: fc.constant<TokenKind>('none') },
        { weight: 1, arbitrary: fc.constant<TokenKind>('garbage') },
        { weight: 1, arbitrary: fc.constant<TokenKind>('forged') },
        { weight: 6, arbitrary: fc.constant<TokenKind>('ownerA') },
        { weight: 1, arbitrary: fc.constant<TokenKind>('deviceA') },
        { weight: 6, arbitrary: fc.constant<TokenKind>('ownerB') },
      ),
      garbageAuth: fc.oneof(
        printable(40).map((s) => `Bearer ${s}`),
        printable(40),
        fc.constantFrom(
          'Basic dXNlcjpwYXNz',
          'Bearer',
          'Bearer kak_01890a5d-ac96-774b-bcce-b302099a8057.AAAAAAAAAAAAAAAAAAAA',
        ),
      ),
      contentType: fc.oneof(
        { weight: 8, arbitrary: fc.constant('application/json') },
        { weight: 2, arbitrary: fc.constant(undefined) },
        {
          weight: 3,
          arbitrary: fc.constantFrom(
            'application/json; charset=utf-8',
            'APPLICATION/JSON',
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=fuzz',
            'application/xml',
            'application/problem+json',
            'application/json, text/plain',
            '',
          ),
        },
        { weight: 1, arbitrary: printable(30) },
      ),
      idempotencyKey: fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        { weight: 2, arbitrary: printable(40, 1) },
        { weight: 2, arbitrary: fc.constantFrom('fuzz-shared-1', 'fuzz-shared-2') },
        { weight: 1, arbitrary: fc.constantFrom('k'.repeat(300), '', 'two words') },
      ),
      payload: bodyArb(route),
    }),
  );
}

// ---- running one request and judging the response -------------------------------------------------

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const INTERNAL_RE =
  /node_modules|\(\/[^)]*:\d+:\d+\)|\bat (?:async )?[\w.<>]+ \(|\.ts:\d+|postgres|kysely|\bselect\b[^"]*\bfrom\b|insert into|violates|duplicate key|invalid byte sequence|syntax error at|relation "|FST_ERR|TypeError|RangeError|ReferenceError|SyntaxError|ECONN/gi;

const uuidsIn = (text: string): string[] => (text.match(UUID_RE) ?? []).map((u) => u.toLowerCase());

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One request as sent through `inject`. */
interface Req {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

interface Violation {
  count: number;
  size: number;
  repro: Record<string, unknown>;
}
const violations = new Map<string, Violation>();
let emailCounter = 0;
let sent = 0;
const statusCounts = new Map<number, number>();

function record(
  kind: string,
  spec: Spec,
  token: TokenKind,
  req: Req,
  status: number,
  body: string,
  note = '',
): void {
  const code = (() => {
    try {
      return String(JSON.parse(body).code ?? '');
    } catch {
      return '';
    }
  })();
  // Route-independent shape problems are grouped by method and status, the rest by route.
  const where = kind.startsWith('4xx not problem+json')
    ? `${spec.method} (any path)`
    : `${spec.method} ${spec.route?.template ?? '(random path)'}`;
  const signature = `${kind} | ${where} | ${status} ${code}${kind.startsWith('4xx not') ? ` ${note}` : ''}`;
  const payload = req.payload ?? '';
  const size = req.url.length + payload.length;
  const existing = violations.get(signature);
  if (existing && existing.size <= size) {
    existing.count += 1;
    return;
  }
  violations.set(signature, {
    count: (existing?.count ?? 0) + 1,
    size,
    repro: {
      method: req.method,
      url: req.url.slice(0, 300),
      credential: token,
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [
          k,
          k === 'authorization' && token !== 'garbage' ? `Bearer <${token}>` : v,
        ]),
      ),
      body: payload.length > 300 ? `${payload.slice(0, 300)}… (${payload.length} chars)` : payload,
      status,
      response: body.slice(0, 300),
      ...(note ? { note } : {}),
    },
  });
}

function buildRequest(spec: Spec): { req: Req; token: TokenKind } {
  let token = spec.token;
  // Logging out would end the session the rest of the run depends on.
  if (
    spec.method === 'POST' &&
    spec.path === '/v1/auth/logout' &&
    (token === 'ownerA' || token === 'ownerB')
  ) {
    token = 'garbage';
  }
  const headers: Record<string, string> = {};
  const credential =
    token === 'garbage' ? spec.garbageAuth : token === 'none' ? null : `Bearer ${tokens[token]}`;
  if (credential !== null) {
    headers.authorization = credential;
  }
  if (spec.contentType !== undefined) {
    headers['content-type'] = spec.contentType;
  }
  if (spec.idempotencyKey !== undefined) {
    headers['idempotency-key'] = spec.idempotencyKey;
  }
  const tenant = token === 'ownerB' ? 'B' : 'A';
  const payload = spec.payload
    ?.replaceAll(`"${OWN_ROLE}"`, JSON.stringify(roleOf[tenant]))
    .replaceAll(`"${OWN_OUTLET}"`, JSON.stringify(tenant === 'B' ? b.outletId : a.outletId))
    .replaceAll(`"${UNIQUE_EMAIL}"`, () => JSON.stringify(`fuzz.${token}.${++emailCounter}@test.kasir`));
  return {
    token,
    req: {
      method: spec.method,
      url: spec.path + spec.query,
      headers,
      ...(payload !== undefined ? { payload } : {}),
    },
  };
}

async function execute(spec: Spec): Promise<void> {
  const { req, token } = buildRequest(spec);
  const res = await t.app.inject(req);
  sent += 1;
  statusCounts.set(res.statusCode, (statusCounts.get(res.statusCode) ?? 0) + 1);
  const status = res.statusCode;
  const body = res.body;
  const requestText = `${safeDecode(req.url)}\n${req.payload ?? ''}`;
  const requestIds = new Set(uuidsIn(requestText));
  const fromA = A_KINDS.has(token);

  // 1. Never a server error.
  if (status >= 500) {
    record('5xx', spec, token, req, status, body);
  }

  // 2. Every 4xx is problem+json with a stable code.
  if (status >= 400 && status < 500) {
    const contentType = String(res.headers['content-type'] ?? '');
    if (!contentType.startsWith('application/problem+json')) {
      record('4xx not problem+json', spec, token, req, status, body, `content-type: ${contentType}`);
    } else if (spec.method !== 'HEAD') {
      let problem: any;
      try {
        problem = JSON.parse(body);
      } catch {
        problem = undefined;
      }
      if (
        typeof problem?.code !== 'string' ||
        problem.code.length === 0 ||
        problem.status !== status ||
        typeof problem.requestId !== 'string'
      ) {
        record('4xx problem without code/status/requestId', spec, token, req, status, body);
      }
    }
  }

  // 3. No stack traces, SQL or driver text in errors (unless the client sent that text itself).
  if (status >= 400) {
    for (const match of body.match(INTERNAL_RE) ?? []) {
      if (!requestText.toLowerCase().includes(match.toLowerCase())) {
        record('internal text leaked', spec, token, req, status, body, `matched "${match}"`);
        break;
      }
    }
  }

  // 4. Routes that need a credential never succeed without a valid one. (A CORS preflight —
  //    OPTIONS — is answered without credentials by design and carries no data.)
  if (
    status < 300 &&
    req.method !== 'OPTIONS' &&
    spec.route &&
    !spec.route.public &&
    !spec.route.template.startsWith('/docs') &&
    (token === 'none' || token === 'garbage' || token === 'forged')
  ) {
    record('2xx without a valid credential', spec, token, req, status, body);
  }

  if (fromA) {
    // Harvest the ids the server minted for tenant A: nobody else can know them. (The API
    // document is the same for everyone: its example ids are nobody's.)
    const isDocument = spec.route?.template === '/openapi.json' || spec.route?.template.startsWith('/docs');
    if (status < 300 && !isDocument) {
      for (const id of uuidsIn(body)) {
        if (!requestIds.has(id) && !pool.has(id) && !othersSent.has(id) && !bOwns.has(id)) {
          aSecret.add(id);
        }
      }
    }
    return;
  }

  // 5. Nobody but tenant A ever sees tenant A's ids.
  for (const id of requestIds) {
    othersSent.add(id);
  }
  const lower = `${JSON.stringify(res.headers)}\n${body}`.toLowerCase();
  const leaked = uuidsIn(lower).filter((id) => aSecret.has(id));
  for (const id of [a.tenantId, a.ownerUserId]) {
    if (lower.includes(id.toLowerCase()) && !leaked.includes(id.toLowerCase())) {
      leaked.push(id.toLowerCase());
    }
  }
  if (leaked.length > 0) {
    record(
      "tenant A's id in another caller's response",
      spec,
      token,
      req,
      status,
      body,
      `ids: ${leaked.join(', ')}`,
    );
  }
  if (token === 'ownerB' && status < 300) {
    const publicSeen = aPublic
      .map((id) => id.toLowerCase())
      .filter((id) => lower.includes(id) && !bOwns.has(id));
    const inPath = publicSeen.filter((id) => safeDecode(spec.path).toLowerCase().includes(id));
    if (inPath.length > 0) {
      record(
        "tenant B reached tenant A's entity",
        spec,
        token,
        req,
        status,
        body,
        `ids: ${inPath.join(', ')}`,
      );
    }
    const unasked = publicSeen.filter((id) => !othersSent.has(id));
    if (unasked.length > 0) {
      record(
        "tenant A's id in tenant B's response",
        spec,
        token,
        req,
        status,
        body,
        `ids: ${unasked.join(', ')}`,
      );
    }
    // Ids are per tenant: B may create an outlet or register with an id A also uses.
    if (spec.method === 'POST' && status === 201 && /^\/v1\/(outlets|registers)$/.test(spec.path)) {
      const id = String(JSON.parse(body).id ?? '').toLowerCase();
      bOwns.add(id);
    }
  }
}

function report(): string {
  const lines = [
    `fuzz: ${violations.size} distinct problem(s) in ${sent} requests (seed ${SEED}, ${RUNS} runs; rerun with FUZZ_SEED=${SEED})`,
  ];
  for (const [signature, v] of [...violations.entries()].sort()) {
    lines.push(`\n● ${signature}  ×${v.count}`, `  smallest repro: ${JSON.stringify(v.repro)}`);
  }
  return lines.join('\n');
}

// ---- the runs ------------------------------------------------------------------------------------

describe('fuzzing the HTTP API', () => {
  it(`${RUNS} generated requests: no 5xx, every 4xx problem+json, no cross-tenant leak`, async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(specArb(), async (spec) => {
        await execute(spec);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    const statuses = [...statusCounts.entries()].sort(([x], [y]) => x - y).map(([s, n]) => `${s}×${n}`);
    console.info(
      `fuzz: ${sent} requests in ${Date.now() - started} ms (seed ${SEED}); statuses ${statuses.join(' ')}; ` +
        `${aSecret.size} tenant-A ids watched`,
    );
    expect(violations.size, report()).toBe(0);
    // The run must have exercised success and failure paths alike.
    expect(statusCounts.get(200) ?? 0).toBeGreaterThan(50);
    expect(statusCounts.get(201) ?? 0).toBeGreaterThan(10);
    expect(statusCounts.get(400) ?? 0).toBeGreaterThan(100);
    expect(statusCounts.get(404) ?? 0).toBeGreaterThan(50);
  }, 180_000);

  it('outlet names round-trip exactly: POST /v1/outlets then GET /v1/outlets/:id', async () => {
    const api = client(t.app);
    const name = fc
      .oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 40 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
        fc.constantFrom(
          ' ',
          '  padded  ',
          '\t',
          'Ａ',
          'ﬁ',
          'e\u0301',
          '👩‍👩‍👧‍👦',
          'x'.repeat(200),
          '𝕏'.repeat(200),
        ),
      )
      // U+0000 cannot be stored in PostgreSQL text: bad-input.test.ts covers its refusal.
      .filter((s) => !s.includes('\u0000') && [...s].length <= 200);
    await fc.assert(
      fc.asyncProperty(name, async (outletName) => {
        const created = await api.post('/v1/outlets', { name: outletName }, c.ownerToken);
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        expect(created.body.name).toBe(outletName);
        const got = await api.get(`/v1/outlets/${created.body.id}`, c.ownerToken);
        expect(got.status).toBe(200);
        expect(got.body.name).toBe(outletName);
      }),
      { seed: SEED, numRuns: ROUND_TRIP_RUNS },
    );
  });

  it('names longer than 200 characters are refused with 400, counted in code points', async () => {
    const api = client(t.app);
    const res = await api.post('/v1/outlets', { name: '𝕏'.repeat(201) }, c.ownerToken);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.name']);
  });
});

// ---- every operation, from its own schemas -----------------------------------------------------
//
// The run above draws routes and bodies loosely; this one derives requests from the OpenAPI
// document itself: for every operation, schema-valid path parameters, queries and bodies with ids
// of a seeded business (so requests reach the use cases), the right credential for the route, and
// one field broken some of the time. A sweep first sends every field of every PATCH route on its
// own until one is accepted. Requests run a few at a time. Together with the run above: at least
// MIN_TOTAL requests, no 5xx, no error logged by the server. FUZZ_SEED reproduces a run;
// FUZZ_SCHEMA_RUNS (minimum length) and FUZZ_MIN_TOTAL change its length.

const MIN_TOTAL = Number(process.env.FUZZ_MIN_TOTAL ?? 5_000);
const SCHEMA_MIN_RUNS = Number(process.env.FUZZ_SCHEMA_RUNS ?? 1_500);
const CONCURRENCY = 4;
/** Routes that hash or verify a password or PIN (argon2, ~50 ms each): a few requests each. */
const SLOW = new Set([
  'POST /v1/signup',
  'POST /v1/auth/login',
  'POST /v1/auth/pin',
  'POST /v1/staff',
  'PATCH /v1/staff/{id}',
  'POST /v1/approvals',
]);

describe('generated requests for every operation, from its schemas', () => {
  let s: TestApp;
  let world: FuzzWorld;
  let ops: Operation[];
  let gen: ReturnType<typeof createGenerators>;
  const logs = captureLogs();
  const schemaViolations = new Map<string, { count: number; repro: Record<string, unknown> }>();
  const opCounts = new Map<string, number>();
  /** PATCH field → statuses of the requests that carried it with a valid value. */
  const patchFields = new Map<string, number[]>();
  let schemaSent = 0;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    s = await createTestApp({ logger: logs.logger, config: { outboundAllowPrivate: true } });
    world = await createFuzzWorld(s.app);
    const doc = (await s.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    ops = operationsOf(s.app, doc);
    gen = createGenerators(world, doc);
    for (const op of ops.filter((o) => o.method === 'PATCH')) {
      for (const [field] of gen.fieldsOf(op.body)) {
        patchFields.set(`${op.template} ${field}`, []);
      }
    }
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  const secretIds = () => new Set([...world.pool.values()].flat().map((id) => id.toLowerCase()));

  function flag(kind: string, spec: SchemaSpec, status: number, body: string, note = ''): void {
    const key = `${kind} | ${spec.op.method} ${spec.op.template} | ${status}`;
    const v = schemaViolations.get(key);
    const size = spec.url.length + (spec.payload?.length ?? 0);
    if (v && JSON.stringify(v.repro).length <= size + 400) {
      v.count += 1;
      return;
    }
    schemaViolations.set(key, {
      count: (v?.count ?? 0) + 1,
      repro: {
        url: spec.url,
        credential: spec.credential,
        body: spec.payload?.slice(0, 400),
        status,
        response: body.slice(0, 300),
        ...(note ? { note } : {}),
      },
    });
  }

  async function send(spec: SchemaSpec): Promise<number> {
    const token = {
      owner: world.tokens.owner,
      foreign: world.tokens.foreign,
      device: world.tokens.device,
      platform: world.tokens.platform,
      logout: world.tokens.logout,
      none: null,
      garbage: 'kak_garbage.garbage',
    }[spec.credential];
    const res = await s.app.inject({
      method: spec.op.method as 'GET',
      url: spec.url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(spec.payload !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(spec.idempotencyKey ? { 'idempotency-key': spec.idempotencyKey } : {}),
      },
      ...(spec.payload !== undefined ? { payload: spec.payload } : {}),
    });
    schemaSent += 1;
    const status = res.statusCode;
    const body = res.body;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const opKey = `${spec.op.method} ${spec.op.template}`;
    opCounts.set(opKey, (opCounts.get(opKey) ?? 0) + 1);
    if (spec.op.method === 'PATCH' && spec.credential === 'owner') {
      for (const field of spec.validFields) {
        patchFields.get(`${spec.op.template} ${field}`)?.push(status);
      }
    }

    if (status >= 500) {
      flag('5xx', spec, status, body);
    }
    if (status >= 400 && status < 500) {
      const type = String(res.headers['content-type'] ?? '');
      const problem = type.startsWith('application/problem+json') ? JSON.parse(body) : null;
      if (!problem || typeof problem.code !== 'string' || problem.status !== status) {
        flag('4xx not problem+json with a code', spec, status, body, type);
      }
    }
    const requestText = `${safeDecode(spec.url)}\n${spec.payload ?? ''}`;
    if (status >= 400) {
      for (const match of body.match(INTERNAL_RE) ?? []) {
        if (!requestText.toLowerCase().includes(match.toLowerCase())) {
          flag('internal text leaked', spec, status, body, match);
          break;
        }
      }
    }
    if (status < 300 && spec.op.auth !== 'public' && ['none', 'garbage'].includes(spec.credential)) {
      flag('2xx without a valid credential', spec, status, body);
    }
    if (status < 300 && spec.credential === 'foreign') {
      const secrets = secretIds();
      const sent = new Set(uuidsIn(requestText));
      // A path naming the seeded tenant's entity must not answer; a filter naming it finds nothing.
      const path = safeDecode(spec.url.split('?')[0]!).toLowerCase();
      const reached = [...sent].filter((id) => secrets.has(id) && path.includes(id));
      const shown = uuidsIn(body).filter((id) => secrets.has(id) && !sent.has(id));
      if (reached.length + shown.length > 0) {
        flag(
          "another tenant reached the seeded tenant's data",
          spec,
          status,
          body,
          [...reached, ...shown].join(),
        );
      }
    }
    return status;
  }

  async function sendAll(specs: SchemaSpec[]): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < specs.length) {
          await send(specs[next++]!);
        }
      }),
    );
  }

  it('every field of every PATCH route, alone, is accepted on a live entity', async () => {
    for (const [i, op] of ops.filter((o) => o.method === 'PATCH').entries()) {
      const params = world.sweep.get(op.template) ?? [];
      expect(params.length, `no sweep target for ${op.template}`).toBe(op.path.length);
      const path = op.path.reduce((p, param, j) => p.replace(`{${param.name}}`, params[j]!), op.template);
      for (const [j, [field, schema]] of gen.fieldsOf(op.body).entries()) {
        const values = fc.sample(gen.valid(schema, field), { seed: SEED + i * 100 + j, numRuns: 12 });
        for (const value of values) {
          let v = value;
          if (field === 'version') {
            v = (await client(s.app).get(`/v1/orders/${params[0]}`, world.tokens.owner)).body.version;
          }
          if (field === 'cashRoundingIncrement' && typeof v === 'number') {
            v -= v % 100; // a multiple of the practical increment (Rp 1 = 100 sen)
          }
          const status = await send({
            op,
            url: path,
            credential: 'owner',
            payload: JSON.stringify({ [field]: v }),
            idempotencyKey: undefined,
            validFields: [field],
          });
          if (status < 300) {
            break;
          }
        }
      }
    }
    expect(patchFields.size, 'PATCH fields found in /openapi.json').toBeGreaterThan(50);
    const refused = [...patchFields.entries()]
      .filter(([, got]) => !got.some((status) => status < 300))
      .map(([field, got]) => `${field}: ${got.join(' ')}`);
    expect(refused).toEqual([]);
  }, 120_000);

  it(`covers every operation of /openapi.json; with the run above ≥ ${MIN_TOTAL} requests, no 5xx, no error logged`, async () => {
    const started = Date.now();
    const total = Math.max(SCHEMA_MIN_RUNS, MIN_TOTAL - sent - schemaSent);
    const weightOf = (op: Operation) =>
      SLOW.has(`${op.method} ${op.template}`) ? 0 : op.method === 'PATCH' ? 3 : 1;
    const sum = ops.reduce((a, op) => a + weightOf(op), 0);
    const specs = ops.flatMap((op, i) =>
      fc.sample(gen.specArb(op), {
        seed: SEED + 7 * i,
        numRuns: Math.max(3, Math.ceil((total * weightOf(op)) / sum)),
      }),
    );
    // Interleave operations (a run of one route would only exercise its own locks).
    const shuffled = fc.sample(fc.shuffledSubarray(specs, { minLength: specs.length }), {
      seed: SEED,
      numRuns: 1,
    })[0]!;
    await sendAll(shuffled);
    console.info(
      `schema fuzz: ${schemaSent} requests over ${ops.length} operations in ${Date.now() - started} ms ` +
        `(seed ${SEED}); statuses ${[...statuses.entries()]
          .sort(([x], [y]) => x - y)
          .map(([k, n]) => `${k}×${n}`)
          .join(' ')}`,
    );

    const report = [...schemaViolations.entries()]
      .map(([k, v]) => `● ${k} ×${v.count}\n  ${JSON.stringify(v.repro)}`)
      .join('\n');
    expect(schemaViolations.size, report).toBe(0);
    expect(
      logs.errors().map((l) => l.msg),
      'error-level server logs (schema run)',
    ).toEqual([]);
    expect(
      runLogs.errors().map((l) => l.msg),
      'error-level server logs (first run)',
    ).toEqual([]);
    const documented = ops.map((op) => `${op.method} ${op.template}`).sort();
    expect([...opCounts.keys()].sort()).toEqual(documented);
    expect(Math.min(...opCounts.values())).toBeGreaterThanOrEqual(3);
    expect(sent + schemaSent).toBeGreaterThanOrEqual(MIN_TOTAL);
    // Requests reached the use cases, not just the validators.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(schemaSent / 10);
    expect(statuses.get(201) ?? 0).toBeGreaterThan(schemaSent / 50);
  }, 180_000);
});
