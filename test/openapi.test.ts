// The API contract an integrator builds on (GET /openapi.json): every operation is named, tagged,
// summarised and described; bodies are named component schemas; errors are problem+json; every
// mutation declares Idempotency-Key; public operations declare no security (and really need no
// credential); binary responses declare their media types; every list has the one page shape;
// the main operations carry examples that validate against their schemas.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContract, nameSchemas } from '../src/platform/http/openapi-contract.ts';
import { Nullable } from '../src/platform/http/schemas.ts';
import { client, createTestApp, type TestApp } from './support/test-app.ts';

type Json = Record<string, any>;
interface Operation {
  key: string;
  method: string;
  path: string;
  op: Json;
}

let t: TestApp;
let doc: Json;
let operations: Operation[];

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const MUTATING = new Set(['post', 'put', 'patch', 'delete']);
const COMPONENTS = '#/components/schemas/';
/** First words an operationId may start with. */
const VERBS = new Set(
  'get list create update delete add remove set put cancel complete send split void calculate log refresh pair revoke rotate redeliver receive confirm configure suspend reactivate verify check sign open close merge move request bump recall serve fire rush accept reject place scan track pay'.split(
    ' ',
  ),
);
/** Operations that need no credential. Adding a public route means adding it here, on purpose. */
const PUBLIC = new Set([
  'logIn',
  'refreshSession',
  'pairDevice',
  'signUp',
  'receiveGatewayNotification',
  'getLiveness',
  'getReadiness',
  'getOpenApiDocument',
  'getHostedReceipt',
  'getImage',
  'scanTableCode',
  'getTableMenu',
  'placeTableOrder',
  'trackQrOrder',
  'payQrOrder',
]);
/** Operations that must carry examples (request body, or response for reads). */
const WITH_EXAMPLES = ['logIn', 'createOrder', 'createOrderPayment', 'createPaymentRefund', 'getMenu'];
const BINARY: Record<string, string> = {
  getPaymentQrSvg: 'image/svg+xml',
  getPaymentQrPng: 'image/png',
  getOrderReceiptText: 'text/plain',
  getOrderReceiptEscPos: 'application/octet-stream',
  getHostedReceipt: 'text/html',
  getImage: 'image/*',
  getTableCodeSvg: 'image/svg+xml',
  getTableCodePng: 'image/png',
  getTableCodeSheet: 'text/html',
};

beforeAll(async () => {
  t = await createTestApp();
  doc = (await client(t.app).get('/openapi.json')).body;
  operations = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      operations.push({ key: `${method.toUpperCase()} ${path}`, method, path, op });
    }
  }
});
afterAll(async () => {
  await t.close();
});

/** The component a `$ref` names, or undefined. */
function component(schema: Json | undefined): Json | undefined {
  const ref = schema?.$ref;
  return typeof ref === 'string' && ref.startsWith(COMPONENTS)
    ? doc.components.schemas[ref.slice(COMPONENTS.length)]
    : undefined;
}

function successResponses(op: Json): [string, Json][] {
  return Object.entries<Json>(op.responses ?? {}).filter(([code]) => /^2/.test(code));
}

/** Collects every problem with one check as `METHOD /path: what`, so a failure lists them all. */
function problems(check: (o: Operation) => string[]): string[] {
  return operations.flatMap((o) => check(o).map((p) => `${o.key}: ${p}`));
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with every operation named once, verb first', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(operations.length).toBeGreaterThan(100);
    const seen = new Map<string, string>();
    const missing = problems(({ key, op }) => {
      const id = op.operationId;
      if (typeof id !== 'string' || !/^[a-z]+(?:[A-Z][a-z0-9]*)*$/.test(id)) {
        return [`operationId ${String(id)} is not camelCase`];
      }
      const out: string[] = [];
      if (!VERBS.has(id.split(/(?=[A-Z])/)[0]!)) {
        out.push(`operationId ${id} does not start with a verb`);
      }
      if (seen.has(id)) {
        out.push(`operationId ${id} is also ${seen.get(id)}`);
      }
      seen.set(id, key);
      return out;
    });
    expect(missing).toEqual([]);
  });

  it('tags every operation with a declared, described tag, and gives a summary and a description', () => {
    const declared = new Map<string, string>((doc.tags as Json[]).map((tag) => [tag.name, tag.description]));
    const missing = problems(({ op }) => {
      const out: string[] = [];
      if (!Array.isArray(op.tags) || op.tags.length === 0) {
        out.push('no tag');
      }
      for (const tag of op.tags ?? []) {
        if (!declared.get(tag)) {
          out.push(`tag "${tag}" is not declared with a description`);
        }
      }
      if (!op.summary) {
        out.push('no summary');
      }
      // The access note is appended to the route's own description, never a description alone.
      if (typeof op.description !== 'string' || !/\S[\s\S]*\n\nAccess: /.test(op.description)) {
        out.push('no description');
      }
      return out;
    });
    expect(missing).toEqual([]);
  });

  it('uses named component schemas for every request and response body', () => {
    const missing = problems(({ op }) => {
      const out: string[] = [];
      const body = op.requestBody?.content;
      // A binary upload (an image) is bytes, not a JSON document: no component to name.
      const binaryBody =
        body &&
        Object.entries<Json>(body).every(
          ([type, c]) => type !== 'application/json' && c.schema?.format === 'binary',
        );
      if (body && !binaryBody && !component(body['application/json']?.schema)) {
        out.push('request body is not a named component ($ref)');
      }
      for (const [code, res] of successResponses(op)) {
        if (!res.content) {
          continue; // no body (204)
        }
        const binary = Object.keys(res.content).every((type) => type !== 'application/json');
        if (!binary && !component(res.content['application/json']?.schema)) {
          out.push(`${code} response is not a named component ($ref)`);
        }
      }
      return out;
    });
    expect(missing).toEqual([]);
    // Every reference resolves.
    const dangling = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)]
      .map((m) => m[1]!)
      .filter((name) => !doc.components.schemas[name]);
    expect(dangling).toEqual([]);
    for (const name of ['Order', 'OrderLine', 'Payment', 'Refund', 'Problem', 'MenuItem', 'Menu']) {
      expect(doc.components.schemas[name], name).toBeDefined();
    }
  });

  it('declares 4xx and 5xx errors as application/problem+json with the Problem schema', () => {
    const missing = problems(({ op }) =>
      ['4XX', '5XX'].flatMap((code) => {
        const content = op.responses?.[code]?.content;
        return content &&
          Object.keys(content).join() === 'application/problem+json' &&
          content['application/problem+json'].schema.$ref === `${COMPONENTS}Problem`
          ? []
          : [`${code} is not problem+json with Problem`];
      }),
    );
    expect(missing).toEqual([]);
    expect(doc.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'code']),
    );
  });

  it('declares the Idempotency-Key header on every mutating operation', () => {
    const missing = problems(({ method, op }) => {
      const header = (op.parameters ?? []).find(
        (p: Json) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key',
      );
      if (MUTATING.has(method)) {
        return header && header.required === false && header.schema.maxLength === 255
          ? []
          : ['no optional Idempotency-Key header'];
      }
      return header ? ['a read declares Idempotency-Key'] : [];
    });
    expect(missing).toEqual([]);
  });

  it('declares no security on public operations, and the bearer scheme on the others', async () => {
    expect(doc.security).toEqual([{ bearer: [] }]);
    const documented = operations.filter((o) => Array.isArray(o.op.security) && o.op.security.length === 0);
    expect(new Set(documented.map((o) => o.op.operationId))).toEqual(PUBLIC);
    // The document matches what the server does: without a credential, only public operations
    // get past authentication.
    const uuid = '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c80';
    const wrong: string[] = [];
    for (const { key, method, path, op } of operations) {
      const url = path.replace(/\{gateway\}/g, 'stripe').replace(/\{[^}]+\}/g, uuid);
      const res = await t.app.inject({ method: method.toUpperCase() as 'GET', url });
      const unauthenticated = res.statusCode === 401 && res.json().code === 'auth.unauthenticated';
      const isPublic = PUBLIC.has(op.operationId);
      if (unauthenticated === isPublic) {
        wrong.push(`${key}: ${isPublic ? 'documented public but' : 'documented secured but not'} refused`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('declares the media types of binary responses', () => {
    for (const [operationId, type] of Object.entries(BINARY)) {
      const found = operations.find((o) => o.op.operationId === operationId);
      expect(found, operationId).toBeDefined();
      const content = found!.op.responses['200'].content;
      expect(Object.keys(content)).toEqual([type]);
      expect(content[type].schema).toMatchObject({ type: 'string', format: 'binary' });
    }
    const others = problems(({ op }) =>
      BINARY[op.operationId]
        ? []
        : successResponses(op).flatMap(([code, res]) =>
            Object.keys(res.content ?? {})
              .filter((type) => type !== 'application/json')
              .map((type) => `${code} has undeclared binary media type ${type}`),
          ),
    );
    expect(others).toEqual([]);
  });

  it('gives every list the one page shape, with cursor and limit', () => {
    // A list is an operation named list…; it answers a …Page, and only lists do.
    const missing = problems(({ method, op }) => {
      const out: string[] = [];
      const query = new Set(
        (op.parameters ?? []).filter((p: Json) => p.in === 'query').map((p: Json) => p.name),
      );
      const isList = /^list[A-Z]/.test(op.operationId);
      for (const [code, res] of successResponses(op)) {
        const schema = res.content?.['application/json']?.schema;
        const named = component(schema);
        if (!named) {
          continue;
        }
        if (named.type === 'array') {
          out.push(`${code} response is a bare array`);
        }
        const isPage = /Page$/.test(schema.$ref) || named.properties?.nextCursor !== undefined;
        if (isPage !== isList) {
          out.push(
            isList ? `a list answering ${schema.$ref}, not a …Page` : `answers a page but is not list…`,
          );
        }
        if (!isPage) {
          continue;
        }
        if (
          !/Page$/.test(schema.$ref) ||
          named.properties?.items?.type !== 'array' ||
          JSON.stringify(named.properties?.nextCursor?.anyOf?.map((s: Json) => s.type)) !==
            '["string","null"]' ||
          !['items', 'nextCursor'].every((f) => named.required?.includes(f))
        ) {
          out.push(`${code} page schema ${schema.$ref} is not a …Page { items, nextCursor }`);
        }
        if (method !== 'get' || !query.has('cursor') || !query.has('limit')) {
          out.push('a list without ?cursor= and ?limit=');
        }
      }
      if (query.has('cursor') !== isList) {
        out.push(isList ? 'a list without ?cursor=' : 'takes a cursor but is not a list');
      }
      return out;
    });
    expect(missing).toEqual([]);
    // No component is a bare array: a list is always a page.
    const arrays = Object.entries<Json>(doc.components.schemas)
      .filter(([, s]) => s.type === 'array')
      .map(([name]) => name);
    expect(arrays).toEqual([]);
  });

  it('carries examples on the main operations, and every example matches its schema', () => {
    const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
    ajv.addSchema({ $id: 'kasir', components: doc.components });
    const validate = (schema: Json, value: unknown) => {
      const fn = ajv.compile({ $ref: `kasir${schema.$ref}` });
      return fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    };
    const invalid: string[] = [];
    const found = new Set<string>();
    for (const { key, op } of operations) {
      const media = [
        op.requestBody?.content?.['application/json'],
        ...successResponses(op).map(([, r]) => r.content?.['application/json']),
      ];
      for (const m of media) {
        for (const [name, example] of Object.entries<Json>(m?.examples ?? {})) {
          found.add(op.operationId);
          expect(example.summary, `${key} example ${name}`).toBeTruthy();
          invalid.push(...validate(m!.schema, example.value).map((e) => `${key} example ${name}: ${e}`));
        }
      }
    }
    expect(invalid).toEqual([]);
    expect([...found].filter((id) => WITH_EXAMPLES.includes(id)).sort()).toEqual([...WITH_EXAMPLES].sort());
  });

  it('serves the docs page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});

describe('named schemas at run time', () => {
  it('still validate request bodies and still drop unknown response fields (the leak guard)', async () => {
    // One named schema used several times in one route, nullable and in arrays: two copies of
    // an `$id` in one compiled schema broke both Ajv and fast-json-stringify before the compilers
    // were given schemas without `$id`s.
    const Line = Type.Object({ id: Type.String(), quantity: Type.Integer() });
    const Sale = Type.Object({ id: Type.String(), lines: Type.Array(Line), first: Nullable(Line) });
    nameSchemas({ TestLine: Line, TestSale: Sale });
    const app = Fastify();
    const contract = createContract();
    app.addHook('onRoute', (route) => contract.onRoute(route));
    app.post(
      '/sales',
      {
        schema: {
          body: Type.Object({ a: Line, b: Nullable(Line) }, { additionalProperties: false }),
          response: { 200: Type.Object({ sale: Sale, other: Nullable(Sale), all: Type.Array(Sale) }) },
        },
      },
      async () => {
        const leaky = { id: 's1', secret: 'x', lines: [{ id: 'l1', quantity: 1, cost: 5 }], first: null };
        return {
          sale: leaky,
          other: { ...leaky, first: { id: 'l2', quantity: 2, cost: 9 } },
          all: [leaky],
          hidden: 1,
        };
      },
    );
    await app.ready();
    const ok = await app.inject({
      method: 'POST',
      url: '/sales',
      payload: { a: { id: 'x', quantity: 1 }, b: null },
    });
    expect(ok.statusCode).toBe(200);
    const sale = { id: 's1', lines: [{ id: 'l1', quantity: 1 }], first: null };
    expect(ok.json()).toEqual({ sale, other: { ...sale, first: { id: 'l2', quantity: 2 } }, all: [sale] });
    const bad = await app.inject({
      method: 'POST',
      url: '/sales',
      payload: { a: { id: 'x', quantity: 'one' } },
    });
    expect(bad.statusCode).toBe(400);
    // The route schema itself still names its parts, for the document.
    expect((Line as { $id?: string }).$id).toBe('TestLine');
    await app.close();
  });
});
