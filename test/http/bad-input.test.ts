// Bad input, class by class: every failure is an RFC 9457 problem+json with a stable `code` and a
// `requestId`, never a stack trace or SQL text, and a failing mutation leaves nothing behind.
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessTokens } from '../../src/platform/auth/jwt.ts';
import {
  client,
  createPlatformAdmin,
  createTenant,
  createTestApp,
  pairDevice,
  uniqueEmail,
  type TenantFixture,
  type TestApp,
} from '../support/test-app.ts';

let t: TestApp;
let a: TenantFixture;
let b: TenantFixture;
let platformToken: string;
let deviceToken: string;
let cashierRoleId: string;
let bOutletName: string;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.app, 'Alpha Coffee');
  b = await createTenant(t.app, 'Beta Bakery');
  platformToken = (await createPlatformAdmin(t.app)).token;
  deviceToken = await pairDevice(t.app, a);
  const api = client(t.app);
  const roles = await api.get('/v1/roles', a.ownerToken);
  cashierRoleId = (roles.body.items as { id: string; key: string }[]).find((r) => r.key === 'cashier')!.id;
  bOutletName = (await api.get(`/v1/outlets/${b.outletId}`, b.ownerToken)).body.name;
});
afterAll(async () => {
  await t.close();
});

// ---- helpers ------------------------------------------------------------------------------------

interface Res {
  status: number;
  headers: Record<string, unknown>;
  text: string;
  json: any;
}

/** Raw `inject`, so tests control the payload bytes and every header. */
async function send(opts: InjectOptions): Promise<Res> {
  const res = await t.app.inject(opts);
  let json: any;
  try {
    json = res.body ? JSON.parse(res.body) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text: res.body, json };
}

const auth = (token = a.ownerToken) => ({ authorization: `Bearer ${token}` });
const jsonHeaders = (token = a.ownerToken) => ({ ...auth(token), 'content-type': 'application/json' });

/** Things that must never reach a client: stack frames, file paths, SQL, driver and framework internals. */
const INTERNAL_RE =
  /node_modules|\(\/[^)]*:\d+:\d+\)|\bat (?:async )?[\w.<>]+ \(|\.ts:\d+|postgres|kysely|\bselect\b[^"]*\bfrom\b|insert into|violates|duplicate key|invalid byte sequence|syntax error at|relation "|FST_ERR|TypeError|RangeError|ReferenceError|SyntaxError|ECONN/i;

/** Asserts an RFC 9457 problem document with the given status and code; returns its body. */
function expectProblem(res: Res, status: number, code: string | RegExp): any {
  const where = `${res.status} ${res.text.slice(0, 500)}`;
  expect(res.status, where).toBe(status);
  expect(String(res.headers['content-type']), where).toMatch(/^application\/problem\+json/);
  const body = res.json;
  expect(body, where).toBeTypeOf('object');
  if (typeof code === 'string') {
    expect(body.code, where).toBe(code);
  } else {
    expect(body.code, where).toMatch(code);
  }
  expect(body.status, where).toBe(status);
  expect(body.type, where).toBe(`https://kasir.dev/problems/${body.code}`);
  expect(body.title, where).toBeTypeOf('string');
  expect(body.requestId, where).toBeTypeOf('string');
  expect(body.requestId.length, where).toBeGreaterThan(0);
  expect(res.headers['x-request-id'], where).toBe(body.requestId);
  expect(body, where).not.toHaveProperty('stack');
  expect(res.text, where).not.toMatch(INTERNAL_RE);
  return body;
}

/** The field paths named in a `request.invalid` problem. */
const paths = (body: any): string[] => (body.errors as { path: string }[]).map((e) => e.path);

/** Everything a failing mutation could have half-written, read back through the API. */
async function snapshot(tenant: TenantFixture = a) {
  const api = client(t.app);
  const token = tenant.ownerToken;
  const list = async (url: string) => {
    const res = await api.get(url, token);
    expect(res.status, url).toBe(200);
    return res.body.items as { id: string }[];
  };
  let auditEntries = 0;
  let lastAudit: string | null = null;
  for (let cursor: string | null = ''; cursor !== null;) {
    const page = await api.get(`/v1/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`, token);
    expect(page.status).toBe(200);
    auditEntries += page.body.items.length;
    lastAudit = page.body.items.at(-1)?.hash ?? lastAudit;
    cursor = page.body.nextCursor;
  }
  const tenants = await api.get('/v1/platform/tenants?limit=500', platformToken);
  expect(tenants.status).toBe(200);
  return {
    tenant: (await api.get('/v1/tenant', token)).body,
    outlets: await list('/v1/outlets?includeArchived=true'),
    registers: await list('/v1/registers?includeArchived=true'),
    staff: await list('/v1/staff'),
    roles: await list('/v1/roles'),
    apiKeys: await list('/v1/api-keys'),
    devices: await list('/v1/devices'),
    auditEntries,
    lastAudit,
    tenantCount: (tenants.body.items as unknown[]).length,
  };
}

/** Runs a failing request and checks that nothing changed, in tenant A nor anywhere else. */
async function expectNoWrites<T>(fn: () => Promise<T>, tenant: TenantFixture = a): Promise<T> {
  const before = await snapshot(tenant);
  const result = await fn();
  expect(await snapshot(tenant)).toEqual(before);
  return result;
}

// ---- malformed bodies -----------------------------------------------------------------------------

describe('malformed JSON and empty bodies', () => {
  it.each([
    ['truncated', '{"name":'],
    ['unquoted key', '{name: "x"}'],
    ['single quotes', "{'name':'x'}"],
    ['trailing comma', '{"name":"x",}'],
    ['trailing garbage', '{"name":"x"} {}'],
    ['NaN', '{"name":NaN}'],
    ['bare word', 'hello'],
    ['lone brace', '}'],
  ])('%s → 400 request.malformed_json, nothing written', async (_label, payload) => {
    const res = await expectNoWrites(() =>
      send({ method: 'POST', url: '/v1/outlets', headers: jsonHeaders(), payload }),
    );
    expectProblem(res, 400, 'request.malformed_json');
  });

  it('malformed JSON on a public route (sign-up) → 400 request.malformed_json', async () => {
    const res = await expectNoWrites(() =>
      send({
        method: 'POST',
        url: '/v1/signup',
        headers: { 'content-type': 'application/json' },
        payload: '{"businessName":"x",',
      }),
    );
    expectProblem(res, 400, 'request.malformed_json');
  });

  it.each([
    ['POST', '/v1/outlets'],
    ['PATCH', '/v1/tenant'],
    ['POST', '/v1/signup'],
    ['POST', '/v1/auth/login'],
  ] as const)(
    'empty body with a JSON content type on %s %s → 400 request.malformed_json',
    async (method, url) => {
      const res = await expectNoWrites(() => send({ method, url, headers: jsonHeaders(), payload: '' }));
      const body = expectProblem(res, 400, 'request.malformed_json');
      expect(body.detail).toMatch(/empty/i);
    },
  );

  it('no body at all on a route that needs one → 400 request.invalid naming `body`', async () => {
    const res = await expectNoWrites(() => send({ method: 'POST', url: '/v1/outlets', headers: auth() }));
    const body = expectProblem(res, 400, 'request.invalid');
    expect(paths(body)).toEqual(['body']);
  });

  it.each([
    ['null', 'null'],
    ['an array', '[{"name":"x"}]'],
    ['a string', '"x"'],
    ['a number', '42'],
    ['a boolean', 'true'],
  ])('a JSON body that is %s is not an object → 400 request.invalid', async (_label, payload) => {
    const res = await expectNoWrites(() =>
      send({ method: 'POST', url: '/v1/outlets', headers: jsonHeaders(), payload }),
    );
    const body = expectProblem(res, 400, 'request.invalid');
    expect(paths(body)).toEqual(['body']);
  });

  it('prototype-pollution keys are refused with a 400, and nothing is polluted', async () => {
    for (const payload of [
      '{"name":"x","__proto__":{"polluted":true}}',
      '{"name":"x","constructor":{"prototype":{"polluted":true}}}',
    ]) {
      const res = await expectNoWrites(() =>
        send({ method: 'POST', url: '/v1/outlets', headers: jsonHeaders(), payload }),
      );
      expectProblem(res, 400, /^request\.(malformed_json|invalid)$/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// ---- media types ----------------------------------------------------------------------------------

describe('unsupported media types → 415 request.unsupported_media_type', () => {
  const cases: [string, string][] = [
    ['text/plain', '{"name":"x"}'],
    ['text/plain; charset=utf-8', 'name=x'],
    ['application/x-www-form-urlencoded', 'name=x'],
    [
      'multipart/form-data; boundary=XyZ',
      '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--XyZ--\r\n',
    ],
    ['application/xml', '<outlet><name>x</name></outlet>'],
    ['application/octet-stream', 'x'],
    ['application/vnd.api+json', '{"name":"x"}'],
  ];

  it.each(cases)('%s on POST /v1/outlets', async (contentType, payload) => {
    const res = await expectNoWrites(() =>
      send({
        method: 'POST',
        url: '/v1/outlets',
        headers: { ...auth(), 'content-type': contentType },
        payload,
      }),
    );
    const body = expectProblem(res, 415, 'request.unsupported_media_type');
    expect(body.detail).toMatch(/application\/json/);
  });

  it.each(cases)('%s on the public sign-up route', async (contentType, payload) => {
    const res = await expectNoWrites(() =>
      send({ method: 'POST', url: '/v1/signup', headers: { 'content-type': contentType }, payload }),
    );
    expectProblem(res, 415, 'request.unsupported_media_type');
  });

  it('text/plain on PATCH and on DELETE with a body', async () => {
    const patch = await expectNoWrites(() =>
      send({
        method: 'PATCH',
        url: `/v1/outlets/${a.outletId}`,
        headers: { ...auth(), 'content-type': 'text/plain' },
        payload: '{"name":"changed"}',
      }),
    );
    expectProblem(patch, 415, 'request.unsupported_media_type');
    const del = await expectNoWrites(() =>
      send({
        method: 'DELETE',
        url: `/v1/api-keys/${randomUUID()}`,
        headers: { ...auth(), 'content-type': 'text/plain' },
        payload: 'x',
      }),
    );
    expectProblem(del, 415, 'request.unsupported_media_type');
  });
});

// ---- size -----------------------------------------------------------------------------------------

describe('bodies over 1 MiB → 413 request.body_too_large', () => {
  const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024) });

  it('on an authenticated mutation', async () => {
    const res = await expectNoWrites(() =>
      send({ method: 'POST', url: '/v1/outlets', headers: jsonHeaders(), payload: big }),
    );
    const body = expectProblem(res, 413, 'request.body_too_large');
    expect(body.detail).toMatch(/1 MiB/);
  });

  it('on a public route, and even when the oversized body is not JSON at all', async () => {
    const res = await expectNoWrites(() =>
      send({
        method: 'POST',
        url: '/v1/signup',
        headers: { 'content-type': 'application/json' },
        payload: big,
      }),
    );
    expectProblem(res, 413, 'request.body_too_large');
    const garbage = await send({
      method: 'POST',
      url: '/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{'.repeat(1024 * 1024 + 1),
    });
    expectProblem(garbage, 413, 'request.body_too_large');
  });

  it('a body just under the limit is parsed and then judged on its fields', async () => {
    const payload = JSON.stringify({ name: 'x'.repeat(1024 * 1024 - 100) });
    const res = await expectNoWrites(() =>
      send({ method: 'POST', url: '/v1/outlets', headers: jsonHeaders(), payload }),
    );
    const body = expectProblem(res, 400, 'request.invalid');
    expect(paths(body)).toEqual(['body.name']);
  });
});

// ---- schema validation ----------------------------------------------------------------------------

describe('wrong types and unknown fields → 400 request.invalid naming each field', () => {
  async function invalid(method: 'POST' | 'PATCH', url: string, payload: unknown, token = a.ownerToken) {
    const res = await expectNoWrites(() =>
      send({ method, url, headers: jsonHeaders(token), payload: JSON.stringify(payload) }),
    );
    const body = expectProblem(res, 400, 'request.invalid');
    for (const e of body.errors) {
      expect(e.message).toBeTypeOf('string');
      expect(e.message.length).toBeGreaterThan(0);
    }
    // A union (e.g. `Pin | null`) reports one error per branch, all for the same path.
    return [...new Set(paths(body))];
  }

  it('names a wrong type and an unknown field together', async () => {
    expect((await invalid('POST', '/v1/outlets', { name: 5, bogus: true })).sort()).toEqual([
      'body.bogus',
      'body.name',
    ]);
  });

  it('reports every bad field of a register at once', async () => {
    const got = await invalid('POST', '/v1/registers', { outletId: 'not-a-uuid', name: ['a'], extra: 1 });
    expect(got.sort()).toEqual(['body.extra', 'body.name', 'body.outletId']);
  });

  it('names missing required fields', async () => {
    expect((await invalid('POST', '/v1/staff', {})).sort()).toEqual([
      'body.email',
      'body.name',
      'body.roleId',
    ]);
  });

  it('names a bad element inside an array', async () => {
    const got = await invalid('POST', '/v1/roles', {
      key: 'fuzzy',
      name: 'Fuzzy',
      permissions: ['audit:read', 5, 'NOT VALID'],
    });
    expect(got.sort()).toEqual(['body.permissions[1]', 'body.permissions[2]']);
  });

  it('does not coerce strings to numbers, booleans or arrays in bodies', async () => {
    expect(await invalid('PATCH', `/v1/outlets/${a.outletId}`, { archived: 'true' })).toEqual([
      'body.archived',
    ]);
    expect(await invalid('PATCH', `/v1/outlets/${a.outletId}`, { archived: 1 })).toEqual(['body.archived']);
    expect(await invalid('PATCH', `/v1/outlets/${a.outletId}`, { name: 123 })).toEqual(['body.name']);
    expect(await invalid('POST', '/v1/roles', { key: 'k', name: 'K', permissions: 'audit:read' })).toEqual([
      'body.permissions',
    ]);
    expect(
      await invalid('POST', '/v1/api-keys', { name: 'k', scopes: ['audit:read'], expiresAt: 1893456000000 }),
    ).toEqual(['body.expiresAt']);
    expect(await invalid('PATCH', `/v1/staff/${a.ownerMembershipId}`, { pin: 1234 })).toEqual(['body.pin']);
  });

  it('enforces string lengths and formats', async () => {
    expect(await invalid('POST', '/v1/outlets', { name: '' })).toEqual(['body.name']);
    expect(await invalid('POST', '/v1/outlets', { name: 'x'.repeat(201) })).toEqual(['body.name']);
    expect(await invalid('POST', '/v1/outlets', { name: 'ok', id: 'not-a-uuid' })).toEqual(['body.id']);
    expect(
      await invalid('POST', '/v1/api-keys', { name: 'k', scopes: ['audit:read'], expiresAt: 'tomorrow' }),
    ).toEqual(['body.expiresAt']);
    expect(
      await invalid('POST', '/v1/staff', { email: 'not an email', name: 'S', roleId: cashierRoleId }),
    ).toEqual(['body.email']);
  });

  it('the currency is not a field of PATCH /v1/tenant (it is fixed at sign-up)', async () => {
    expect(await invalid('PATCH', '/v1/tenant', { currency: 'USD' })).toEqual(['body.currency']);
  });

  it('a field of the wrong type on the public sign-up route', async () => {
    const got = await invalid('POST', '/v1/signup', {
      businessName: 'Typed',
      currency: 360,
      timezone: 'Asia/Jakarta',
      locale: 'id-ID',
      ownerName: 'Owner',
      email: uniqueEmail('typed'),
      password: 12345678,
    });
    expect(got.sort()).toEqual(['body.currency', 'body.password']);
  });

  it('query strings: unknown keys, wrong types and bad formats', async () => {
    const cases: [string, string[]][] = [
      ['/v1/audit?limit=abc', ['querystring.limit']],
      ['/v1/audit?limit=0', ['querystring.limit']],
      ['/v1/audit?limit=501', ['querystring.limit']],
      ['/v1/audit?after=1', ['querystring.after']],
      ['/v1/audit?cursor=not%20a%20cursor', ['querystring.cursor']],
      // Cursors this API never gave out: not JSON, and JSON with the wrong kind of key.
      ['/v1/audit?cursor=bm90LWEtY3Vyc29y', ['querystring.cursor']],
      [`/v1/audit?cursor=${Buffer.from('["1; drop table"]').toString('base64url')}`, ['querystring.cursor']],
      [
        `/v1/staff?cursor=${Buffer.from('["Ani","not-a-uuid"]').toString('base64url')}`,
        ['querystring.cursor'],
      ],
      ['/v1/outlets?includeArchived=maybe', ['querystring.includeArchived']],
      ['/v1/outlets?bogus=1', ['querystring.bogus']],
      ['/v1/registers?outletId=nope', ['querystring.outletId']],
    ];
    for (const [url, expected] of cases) {
      const res = await send({ method: 'GET', url, headers: auth() });
      const body = expectProblem(res, 400, 'request.invalid');
      expect(paths(body), url).toEqual(expected);
    }
  });
});

// ---- ids ------------------------------------------------------------------------------------------

describe('path ids', () => {
  const badIds = [
    'abc',
    '123',
    '0',
    randomUUID().replace(/-/g, ''),
    `${randomUUID()}0`,
    `{${randomUUID()}}`,
    "'%20OR%201=1--",
    '%00',
    'null',
    'undefined',
  ];
  const byIdRoutes: [method: 'GET' | 'PATCH' | 'POST' | 'DELETE', template: string, body?: object][] = [
    ['GET', '/v1/outlets/:id'],
    ['PATCH', '/v1/outlets/:id', { name: 'x' }],
    ['GET', '/v1/registers/:id'],
    ['PATCH', '/v1/registers/:id', { name: 'x' }],
    ['POST', '/v1/registers/:id/no-sale', { reason: 'x' }],
    ['POST', '/v1/registers/:id/pairing-codes'],
    ['GET', '/v1/staff/:id'],
    ['PATCH', '/v1/staff/:id', { displayName: 'x' }],
    ['PATCH', '/v1/roles/:id', { name: 'x' }],
    ['DELETE', '/v1/api-keys/:id'],
    ['DELETE', '/v1/devices/:id'],
  ];

  it.each(byIdRoutes)(
    'invalid UUIDs in %s %s → 400 request.invalid naming params.id',
    async (method, tpl, body) => {
      await expectNoWrites(async () => {
        for (const id of badIds) {
          const res = await send({
            method,
            url: tpl.replace(':id', id),
            headers: body ? jsonHeaders() : auth(),
            ...(body ? { payload: JSON.stringify(body) } : {}),
          });
          const problem = expectProblem(res, 400, 'request.invalid');
          expect(paths(problem), `${method} ${tpl} ${id}`).toEqual(['params.id']);
        }
      });
    },
  );

  // ajv-formats' "uuid" format also accepts the URN form; PostgreSQL's uuid type does not.
  it.each(byIdRoutes)('a URN-form UUID in %s %s → 400, never 500', async (method, tpl, body) => {
    await expectNoWrites(async () => {
      const res = await send({
        method,
        url: tpl.replace(':id', `urn:uuid:${randomUUID()}`),
        headers: body ? jsonHeaders() : auth(),
        ...(body ? { payload: JSON.stringify(body) } : {}),
      });
      const problem = expectProblem(res, 400, 'request.invalid');
      expect(paths(problem)).toEqual(['params.id']);
    });
  });

  it('a URN-form UUID in a body or query field → 400, never 500', async () => {
    const urn = `urn:uuid:${randomUUID()}`;
    await expectNoWrites(async () => {
      const register = await send({
        method: 'POST',
        url: '/v1/registers',
        headers: jsonHeaders(),
        payload: JSON.stringify({ outletId: urn, name: 'Urn' }),
      });
      expect(paths(expectProblem(register, 400, 'request.invalid'))).toEqual(['body.outletId']);
      const list = await send({ method: 'GET', url: `/v1/registers?outletId=${urn}`, headers: auth() });
      expect(paths(expectProblem(list, 400, 'request.invalid'))).toEqual(['querystring.outletId']);
      const login = await send({
        method: 'POST',
        url: '/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ email: a.email, password: a.password, tenantId: urn }),
      });
      expect(paths(expectProblem(login, 400, 'request.invalid'))).toEqual(['body.tenantId']);
    });
  });

  const notFound: [
    method: 'GET' | 'PATCH' | 'POST' | 'DELETE',
    template: string,
    code: string,
    body?: object,
  ][] = [
    ['GET', '/v1/outlets/:id', 'outlets.not_found'],
    ['PATCH', '/v1/outlets/:id', 'outlets.not_found', { name: 'pwned' }],
    ['GET', '/v1/registers/:id', 'registers.not_found'],
    ['PATCH', '/v1/registers/:id', 'registers.not_found', { archived: true }],
    ['POST', '/v1/registers/:id/no-sale', 'registers.not_found', { reason: 'x' }],
    ['POST', '/v1/registers/:id/pairing-codes', 'registers.not_found'],
    ['GET', '/v1/staff/:id', 'staff.not_found'],
    ['PATCH', '/v1/staff/:id', 'staff.not_found', { displayName: 'pwned' }],
    ['PATCH', '/v1/roles/:id', 'roles.not_found', { name: 'pwned' }],
    ['DELETE', '/v1/api-keys/:id', 'api_keys.not_found'],
    ['DELETE', '/v1/devices/:id', 'devices.not_found'],
  ];

  it.each(notFound)('unknown ids in %s %s → 404 %s, nothing written', async (method, tpl, code, body) => {
    await expectNoWrites(async () => {
      for (const id of [
        randomUUID(),
        '00000000-0000-0000-0000-000000000000',
        'ffffffff-ffff-ffff-ffff-ffffffffffff',
      ]) {
        const res = await send({
          method,
          url: tpl.replace(':id', id),
          headers: body ? jsonHeaders() : auth(),
          ...(body ? { payload: JSON.stringify(body) } : {}),
        });
        expectProblem(res, 404, code);
      }
    });
  });

  it("another tenant's ids are 404 (not 403), reveal nothing, and change nothing there", async () => {
    const bBefore = await snapshot(b);
    await expectNoWrites(async () => {
      const probes: [method: 'GET' | 'PATCH' | 'POST', url: string, code: string, body?: object][] = [
        ['GET', `/v1/outlets/${b.outletId}`, 'outlets.not_found'],
        ['PATCH', `/v1/outlets/${b.outletId}`, 'outlets.not_found', { name: 'pwned', archived: true }],
        ['GET', `/v1/registers/${b.registerId}`, 'registers.not_found'],
        ['PATCH', `/v1/registers/${b.registerId}`, 'registers.not_found', { name: 'pwned' }],
        ['POST', `/v1/registers/${b.registerId}/pairing-codes`, 'registers.not_found'],
        ['POST', `/v1/registers/${b.registerId}/no-sale`, 'registers.not_found', { reason: 'x' }],
        ['GET', `/v1/staff/${b.ownerMembershipId}`, 'staff.not_found'],
        ['PATCH', `/v1/staff/${b.ownerMembershipId}`, 'staff.not_found', { status: 'disabled' }],
        ['POST', '/v1/registers', 'outlets.not_found', { outletId: b.outletId, name: 'pwned' }],
      ];
      for (const [method, url, code, body] of probes) {
        const res = await send({
          method,
          url,
          headers: body ? jsonHeaders() : auth(),
          ...(body ? { payload: JSON.stringify(body) } : {}),
        });
        expectProblem(res, 404, code);
        expect(res.text).not.toContain(bOutletName);
        expect(res.text).not.toContain(b.tenantId);
      }
    });
    expect(await snapshot(b)).toEqual(bBefore);
  });

  it("an API key cannot be limited to another tenant's outlet (or an outlet that does not exist)", async () => {
    // Staff outlet lists are checked (outlets.not_found); API-key outlet lists must be too, or a
    // key row points into another tenant.
    for (const outletId of [b.outletId, randomUUID()]) {
      const res = await expectNoWrites(() =>
        send({
          method: 'POST',
          url: '/v1/api-keys',
          headers: jsonHeaders(),
          payload: JSON.stringify({ name: 'scoped', scopes: ['audit:read'], outletIds: [outletId] }),
        }),
      );
      expectProblem(res, 404, 'outlets.not_found');
    }
  });

  it("staff cannot be limited to another tenant's outlet", async () => {
    const res = await expectNoWrites(() =>
      send({
        method: 'POST',
        url: '/v1/staff',
        headers: jsonHeaders(),
        payload: JSON.stringify({
          email: uniqueEmail('scoped'),
          name: 'Scoped',
          password: 'scoped password',
          roleId: cashierRoleId,
          outletIds: [b.outletId],
        }),
      }),
    );
    expectProblem(res, 404, 'outlets.not_found');
  });
});

// ---- routes and methods ---------------------------------------------------------------------------

describe('unknown routes and methods', () => {
  it.each([
    ['GET', '/v1/nope'],
    ['GET', '/v2/outlets'],
    ['GET', '/v1/outlets/x/y'],
    ['POST', '/v1/nope'],
    ['DELETE', '/nope'],
    ['GET', '/v1/outlets;drop'],
  ] as const)('%s %s → 404 route.not_found, with or without credentials', async (method, url) => {
    for (const headers of [{}, auth(), { authorization: 'Bearer garbage' }]) {
      const res = await send({ method, url, headers });
      const body = expectProblem(res, 404, 'route.not_found');
      expect(body.detail).toContain(method);
    }
  });

  it.each([
    ['application/json', '{'],
    ['application/json', ''],
    ['text/plain', 'x'],
  ])(
    'an unknown route with a %s body %j is still a 404 (the body of no route is not judged)',
    async (contentType, payload) => {
      const res = await send({
        method: 'POST',
        url: '/v1/nope',
        headers: { 'content-type': contentType },
        payload,
      });
      expectProblem(res, 404, 'route.not_found');
    },
  );

  it.each([
    ['PUT', '/v1/outlets'],
    ['DELETE', '/v1/outlets'],
    ['PATCH', '/v1/outlets'],
    ['DELETE', '/v1/outlets/:id'],
    ['PUT', '/v1/outlets/:id'],
    ['POST', '/v1/tenant'],
    ['DELETE', '/v1/tenant'],
    ['GET', '/v1/signup'],
    ['GET', '/v1/auth/login'],
    ['PUT', '/v1/registers/:id/no-sale'],
  ] as const)('unsupported method %s %s → 404/405 problem+json, nothing written', async (method, tpl) => {
    const res = await expectNoWrites(() =>
      send({
        method,
        url: tpl.replace(':id', a.outletId),
        headers: jsonHeaders(),
        payload: JSON.stringify({ name: 'x' }),
      }),
    );
    expect([404, 405]).toContain(res.status);
    expectProblem(res, res.status, res.status === 404 ? 'route.not_found' : /^(route|request)\./);
  });

  it.each(['/v1/outlets/%E0%A4%A', '/v1/%ZZ', '/v1/outlets/%', '/v1/%E0%A4%A/x'])(
    'a malformed percent-encoding in the path (%s) → 400 problem+json, the raw URL not echoed as JSON',
    async (url) => {
      const res = await send({ method: 'GET', url, headers: auth() });
      expectProblem(res, 400, /^(request|route)\./);
    },
  );

  it('a path parameter over the router limit → 4xx problem+json', async () => {
    const res = await send({ method: 'GET', url: `/v1/outlets/${'a'.repeat(5000)}`, headers: auth() });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectProblem(res, res.status, /^request\./);
  });

  it('OPTIONS without CORS preflight headers is a 204 or a problem+json 4xx', async () => {
    const res = await send({ method: 'OPTIONS', url: '/v1/outlets' });
    if (res.status !== 204) {
      expectProblem(res, res.status, /^(request|route)\./);
    }
  });
});

// ---- authorization --------------------------------------------------------------------------------

describe('missing, malformed and forged credentials → 401 auth.*', () => {
  const otherSecret = createAccessTokens('another-secret-another-secret-another!');

  async function expectUnauthorized(headers: Record<string, string>, code: string | RegExp) {
    for (const [method, url, body] of [
      ['GET', '/v1/outlets', undefined],
      ['GET', '/v1/audit', undefined],
      ['POST', '/v1/outlets', { name: 'sneaky' }],
      ['PATCH', `/v1/outlets/${a.outletId}`, { name: 'sneaky' }],
    ] as const) {
      const res = await send({
        method,
        url,
        headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
        ...(body ? { payload: JSON.stringify(body) } : {}),
      });
      expectProblem(res, 401, code);
    }
  }

  it('missing Authorization → auth.unauthenticated', async () => {
    await expectNoWrites(() => expectUnauthorized({}, 'auth.unauthenticated'));
  });

  it.each([
    ['Basic', 'Basic dXNlcjpwYXNz'],
    ['Token scheme', 'Token abc'],
    ['scheme only', 'Bearer'],
    ['scheme and space', 'Bearer '],
    ['two tokens', 'Bearer a b'],
    ['JWT without scheme', 'eyJhbGciOiJIUzI1NiJ9.e30.x'],
  ])('malformed Authorization (%s) → auth.token_invalid or auth.unauthenticated', async (_label, value) => {
    await expectNoWrites(() =>
      expectUnauthorized({ authorization: value }, /^auth\.(token_invalid|unauthenticated)$/),
    );
  });

  it('garbage, tampered, unsigned and foreign-key tokens → auth.token_invalid', async () => {
    const [header, payload] = a.ownerToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tamperedPayload = Buffer.from(JSON.stringify({ ...claims, tid: b.tenantId })).toString('base64url');
    const forged = [
      'garbage',
      'a.b.c',
      `${header}.${payload}.${Buffer.from('x'.repeat(32)).toString('base64url')}`,
      `${header}.${tamperedPayload}.${a.ownerToken.split('.')[2]}`,
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`,
      await otherSecret.sign({ sub: a.ownerUserId, sid: randomUUID(), tid: a.tenantId }, new Date()),
      `kak_${randomUUID()}.${'A'.repeat(43)}`,
      `kdv_${randomUUID()}.${'A'.repeat(43)}`,
      `krt_${randomUUID()}.${'A'.repeat(43)}`,
      `kak_not-a-uuid.${'A'.repeat(43)}`,
    ];
    await expectNoWrites(async () => {
      for (const token of forged) {
        await expectUnauthorized({ authorization: `Bearer ${token}` }, 'auth.token_invalid');
      }
    });
  });

  it('a refresh token is not an access credential', async () => {
    const login = await client(t.app).post('/v1/auth/login', { email: a.email, password: a.password });
    expect(login.status).toBe(200);
    await expectNoWrites(() =>
      expectUnauthorized({ authorization: `Bearer ${login.body.refreshToken}` }, 'auth.token_invalid'),
    );
  });

  it('a correctly signed token that has expired → auth.token_expired', async () => {
    const claims = JSON.parse(Buffer.from(a.ownerToken.split('.')[1]!, 'base64url').toString());
    const expired = await t.services.tokens.sign(
      { sub: claims.sub, sid: claims.sid, tid: claims.tid },
      new Date(Date.now() - 2 * 3600_000),
    );
    await expectNoWrites(() =>
      expectUnauthorized({ authorization: `Bearer ${expired}` }, 'auth.token_expired'),
    );
  });

  it('a correctly signed token for a session that does not exist → auth.session_revoked', async () => {
    const token = await t.services.tokens.sign(
      { sub: a.ownerUserId, sid: randomUUID(), tid: a.tenantId },
      new Date(),
    );
    await expectNoWrites(() =>
      expectUnauthorized({ authorization: `Bearer ${token}` }, 'auth.session_revoked'),
    );
  });

  it('authentication is checked before the body: no token + bad body → 401, not 400/415', async () => {
    for (const [contentType, payload] of [
      ['application/json', '{'],
      ['text/plain', 'x'],
      ['application/json', JSON.stringify({ name: 'x'.repeat(1024 * 1024) })],
    ] as const) {
      const res = await send({
        method: 'POST',
        url: '/v1/outlets',
        headers: { 'content-type': contentType },
        payload,
      });
      expectProblem(res, 401, 'auth.unauthenticated');
    }
  });

  it('a device token on a staff route, and a staff token on a device route → 403 auth.forbidden', async () => {
    expectProblem(
      await send({ method: 'GET', url: '/v1/outlets', headers: auth(deviceToken) }),
      403,
      'auth.forbidden',
    );
    expectProblem(
      await send({ method: 'GET', url: '/v1/device/staff', headers: auth() }),
      403,
      'auth.forbidden',
    );
    expectProblem(
      await send({ method: 'GET', url: '/v1/platform/tenants', headers: auth() }),
      403,
      'auth.forbidden',
    );
  });
});

// ---- idempotency ----------------------------------------------------------------------------------

describe('Idempotency-Key', () => {
  it.each([
    ['300 characters', 'k'.repeat(300)],
    ['256 characters', 'k'.repeat(256)],
    ['empty', ''],
    ['a space inside', 'two words'],
    ['non-ASCII', 'ключ-1'],
    ['a tab', 'a\tb'],
  ])('an invalid key (%s) → 400 idempotency.key_invalid, nothing written', async (_label, key) => {
    const res = await expectNoWrites(() =>
      send({
        method: 'POST',
        url: '/v1/outlets',
        headers: { ...jsonHeaders(), 'idempotency-key': key },
        payload: JSON.stringify({ name: 'Keyed' }),
      }),
    );
    const body = expectProblem(res, 400, 'idempotency.key_invalid');
    expect(body.detail).toMatch(/Idempotency-Key/);
  });

  it('a 255-character key works; a replay returns the same outlet; another body is 422', async () => {
    const api = client(t.app);
    const key = 'k'.repeat(255);
    const before = await snapshot();
    const first = await api.post('/v1/outlets', { name: 'Once' }, a.ownerToken, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const replay = await api.post('/v1/outlets', { name: 'Once' }, a.ownerToken, { 'idempotency-key': key });
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const reused = await send({
      method: 'POST',
      url: '/v1/outlets',
      headers: { ...jsonHeaders(), 'idempotency-key': key },
      payload: JSON.stringify({ name: 'Twice' }),
    });
    expectProblem(reused, 422, 'idempotency.key_reused');
    const after = await snapshot();
    expect(after.outlets.length).toBe(before.outlets.length + 1);
    expect(after.auditEntries).toBe(before.auditEntries + 1);
  });

  it('a failed mutation does not store its key: the same request fails the same way again', async () => {
    const key = `failing-${randomUUID()}`;
    const payload = JSON.stringify({ name: 'Bad zone', timezone: 'Mars/Olympus_Mons' });
    await expectNoWrites(async () => {
      for (let i = 0; i < 2; i++) {
        const res = await send({
          method: 'POST',
          url: '/v1/outlets',
          headers: { ...jsonHeaders(), 'idempotency-key': key },
          payload,
        });
        expectProblem(res, 422, 'tenants.invalid');
        expect(res.headers['idempotent-replayed']).toBeUndefined();
      }
    });
  });
});

// ---- sign-up settings -----------------------------------------------------------------------------

describe('sign-up with an invalid currency, time zone or locale', () => {
  const valid = () => ({
    businessName: 'Gamma Grill',
    currency: 'IDR',
    timezone: 'Asia/Jakarta',
    locale: 'id-ID',
    ownerName: 'Gamma Owner',
    email: uniqueEmail('gamma'),
    password: 'gamma password 1',
  });

  it.each([
    ['currency', 'XYZ', 422, 'tenants.invalid'],
    ['currency', 'ABC', 422, 'tenants.invalid'],
    ['currency', 'idr', 400, 'request.invalid'],
    ['currency', 'RP', 400, 'request.invalid'],
    ['currency', 'IDRX', 400, 'request.invalid'],
    ['timezone', 'Mars/Olympus_Mons', 422, 'tenants.invalid'],
    ['timezone', 'Asia/Jakarta ', 422, 'tenants.invalid'],
    ['timezone', 'GMT+7', 422, 'tenants.invalid'],
    ['timezone', '', 400, 'request.invalid'],
    ['locale', 'not a locale!!', 422, 'tenants.invalid'],
    ['locale', 'en_US', 422, 'tenants.invalid'],
    ['locale', 'x', 400, 'request.invalid'],
  ] as const)('%s = %j → %i %s, and no business or user is created', async (field, value, status, code) => {
    const body = { ...valid(), [field]: value };
    const res = await expectNoWrites(() =>
      send({
        method: 'POST',
        url: '/v1/signup',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      }),
    );
    const problem = expectProblem(res, status, code);
    if (code === 'tenants.invalid') {
      expect(problem.field).toBe(field);
      expect(problem.detail).toContain(value);
    } else {
      expect(paths(problem)).toEqual([`body.${field}`]);
    }
    const login = await send({
      method: 'POST',
      url: '/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: body.email, password: body.password }),
    });
    expectProblem(login, 401, 'auth.invalid_credentials');
  });

  it('an email that already has an account → 409 users.already_exists, nothing created', async () => {
    const res = await expectNoWrites(() =>
      send({
        method: 'POST',
        url: '/v1/signup',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ ...valid(), email: a.email.toUpperCase() }),
      }),
    );
    expectProblem(res, 409, 'users.already_exists');
  });

  it('PATCH /v1/tenant with an invalid time zone or locale → 422 tenants.invalid, tenant unchanged', async () => {
    for (const patch of [
      { timezone: 'Mars/Olympus_Mons' },
      { locale: 'not a locale!!' },
      { timezone: 'Nowhere' },
    ]) {
      const res = await expectNoWrites(() =>
        send({ method: 'PATCH', url: '/v1/tenant', headers: jsonHeaders(), payload: JSON.stringify(patch) }),
      );
      expectProblem(res, 422, 'tenants.invalid');
    }
  });
});

// ---- failing mutations leave nothing behind -------------------------------------------------------

describe('domain failures roll the whole mutation back', () => {
  const cases: [
    label: string,
    method: 'POST' | 'PATCH',
    url: () => string,
    body: () => object,
    status: number,
    code: string,
  ][] = [
    [
      'outlet with an unknown time zone',
      'POST',
      () => '/v1/outlets',
      () => ({ name: 'Zoned', timezone: 'Nowhere/Land' }),
      422,
      'tenants.invalid',
    ],
    [
      'outlet whose id is taken',
      'POST',
      () => '/v1/outlets',
      () => ({ id: a.outletId, name: 'Dup' }),
      409,
      'outlets.already_exists',
    ],
    [
      'register whose id is taken',
      'POST',
      () => '/v1/registers',
      () => ({ id: a.registerId, outletId: a.outletId, name: 'Dup' }),
      409,
      'registers.already_exists',
    ],
    [
      'register in an unknown outlet',
      'POST',
      () => '/v1/registers',
      () => ({ outletId: randomUUID(), name: 'Lost' }),
      404,
      'outlets.not_found',
    ],
    [
      'role with unknown permissions',
      'POST',
      () => '/v1/roles',
      () => ({ key: 'bogus', name: 'Bogus', permissions: ['nope:nope'] }),
      422,
      'roles.invalid',
    ],
    [
      'API key with unknown scopes',
      'POST',
      () => '/v1/api-keys',
      () => ({ name: 'k', scopes: ['nope:nope'] }),
      422,
      'api_keys.invalid',
    ],
    [
      'staff with an unknown role',
      'POST',
      () => '/v1/staff',
      () => ({ email: uniqueEmail('norole'), name: 'N', password: 'no role password', roleId: randomUUID() }),
      404,
      'roles.not_found',
    ],
    [
      'staff in an unknown outlet',
      'POST',
      () => '/v1/staff',
      () => ({
        email: uniqueEmail('nooutlet'),
        name: 'N',
        password: 'no outlet password',
        roleId: cashierRoleId,
        outletIds: [randomUUID()],
      }),
      404,
      'outlets.not_found',
    ],
    [
      'owner disabling themselves',
      'PATCH',
      () => `/v1/staff/${a.ownerMembershipId}`,
      () => ({ status: 'disabled' }),
      409,
      'staff.conflict',
    ],
    [
      'outlet rename with an unknown time zone',
      'PATCH',
      () => `/v1/outlets/${a.outletId}`,
      () => ({ name: 'Renamed', timezone: 'Nowhere/Land' }),
      422,
      'tenants.invalid',
    ],
  ];

  it.each(cases)('%s', async (_label, method, url, body, status, code) => {
    const res = await expectNoWrites(() =>
      send({ method, url: url(), headers: jsonHeaders(), payload: JSON.stringify(body()) }),
    );
    expectProblem(res, status, code);
  });

  it('a staff member that failed to be added cannot log in (no user row left behind)', async () => {
    const email = uniqueEmail('ghost');
    const res = await expectNoWrites(() =>
      send({
        method: 'POST',
        url: '/v1/staff',
        headers: jsonHeaders(),
        payload: JSON.stringify({
          email,
          name: 'Ghost',
          password: 'ghost password',
          roleId: cashierRoleId,
          outletIds: [randomUUID()],
        }),
      }),
    );
    expectProblem(res, 404, 'outlets.not_found');
    const login = await client(t.app).post('/v1/auth/login', { email, password: 'ghost password' });
    expect(login.status).toBe(401);
  });
});

// ---- text and timestamps the database cannot hold -------------------------------------------------

describe('values the server cannot store or hash are refused as 4xx, never 500', () => {
  it.each([
    ['POST', '/v1/outlets', () => ({ name: 'Nul\u0000Outlet' })],
    ['POST', '/v1/outlets', () => ({ name: 'ok', address: 'Jl.\u0000' })],
    ['PATCH', '/v1/tenant', () => ({ name: 'Nul\u0000Name' })],
    ['POST', '/v1/roles', () => ({ key: 'nul', name: 'Nul\u0000', permissions: [] })],
    ['POST', '/v1/registers/:register/no-sale', () => ({ reason: 'drawer\u0000' })],
    ['POST', '/v1/api-keys', () => ({ name: 'nul\u0000', scopes: ['audit:read'] })],
  ] as const)('a U+0000 in %s %s → 400/422 problem+json, nothing written', async (method, tpl, body) => {
    const res = await expectNoWrites(() =>
      send({
        method,
        url: tpl.replace(':register', a.registerId),
        headers: jsonHeaders(),
        payload: JSON.stringify(body()),
      }),
    );
    expect([400, 422], res.text).toContain(res.status);
    expectProblem(res, res.status, /\.invalid$/);
  });

  it('a U+0000 in sign-up fields → 4xx, no business created', async () => {
    const res = await expectNoWrites(() =>
      send({
        method: 'POST',
        url: '/v1/signup',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          businessName: 'Nul\u0000Co',
          currency: 'IDR',
          timezone: 'UTC',
          locale: 'en',
          ownerName: 'Owner',
          email: uniqueEmail('nul'),
          password: 'nul password 1',
        }),
      }),
    );
    expect([400, 422], res.text).toContain(res.status);
    expectProblem(res, res.status, /\.invalid$/);
  });

  it.each(['/v1/audit?action=%00', '/v1/audit?targetId=a%00b'])(
    'a U+0000 in a query string (%s) → 400',
    async (url) => {
      const res = await send({ method: 'GET', url, headers: auth() });
      expectProblem(res, 400, 'request.invalid');
    },
  );

  // Routes without a body schema accept any JSON body; with an Idempotency-Key the body is hashed.
  it.each([
    ['DELETE', '/v1/api-keys/:id', '['],
    ['DELETE', '/v1/devices/:id', '['],
    ['DELETE', '/v1/api-keys/:id', '{"a":'],
  ] as const)(
    '%s %s with a body nested 5,000 deep (%s…) and an Idempotency-Key → 4xx',
    async (method, tpl, open) => {
      const close = open === '[' ? ']' : '}';
      const payload = open.repeat(5_000) + (open === '[' ? '' : '1') + close.repeat(5_000);
      const res = await expectNoWrites(() =>
        send({
          method,
          url: tpl.replace(':id', randomUUID()),
          headers: { ...jsonHeaders(), 'idempotency-key': `deep-${randomUUID()}` },
          payload,
        }),
      );
      expect(res.status, res.text).toBeGreaterThanOrEqual(400);
      expect(res.status, res.text).toBeLessThan(500);
      expectProblem(res, res.status, /^(request\.|api_keys\.|devices\.)/);
    },
  );

  it('a lone surrogate in a name is refused, or stored exactly as sent (never silently replaced)', async () => {
    const api = client(t.app);
    const res = await send({
      method: 'POST',
      url: '/v1/outlets',
      headers: jsonHeaders(),
      payload: '{"name":"Caf\\ud800"}',
    });
    if (res.status === 201) {
      const got = await api.get(`/v1/outlets/${res.json.id}`, a.ownerToken);
      expect(got.body.name).toBe('Caf\ud800');
    } else {
      expectProblem(res, 400, 'request.invalid');
    }
  });

  it.each(['2030-06-30T23:59:60Z', '2030-12-31T23:59:60+00:00', '9999-12-31T23:59:59-23:59'])(
    'an API key expiry of %s → 201 or 400, never 500',
    async (expiresAt) => {
      const res = await send({
        method: 'POST',
        url: '/v1/api-keys',
        headers: jsonHeaders(),
        payload: JSON.stringify({ name: 'edge', scopes: ['audit:read'], expiresAt }),
      });
      if (res.status !== 201) {
        expectProblem(res, 400, 'request.invalid');
      }
    },
  );
});
