import type { FastifySchema, RouteOptions } from 'fastify';
import { isDeepStrictEqual } from 'node:util';
import './fastify-types.ts';

/**
 * The integrator's contract, derived from the routes so it cannot drift from them:
 * - a schema declared with an `$id` (`Type.Object({…}, { $id: 'Order' })`) is a named component
 *   (`#/components/schemas/Order`) wherever a route uses it, so generated clients get real type
 *   names; the validators and serializers get the same schema without `$id`s (two copies of one
 *   `$id` in a compiled schema are an error to Ajv and fast-json-stringify);
 * - errors (4xx/5xx `Problem` responses) are `application/problem+json`;
 * - every mutating operation declares the `Idempotency-Key` header;
 * - public routes (`config.auth: 'public'`) declare no security, the others say who may call them;
 * - `examples` in a route schema become named examples of its request and response media types.
 */

/** One named example of a request or response body. */
export interface ContractExample {
  summary: string;
  value: unknown;
}

declare module 'fastify' {
  interface FastifySchema {
    /** Named examples for the OpenAPI document: of the request body and the success response. */
    examples?: {
      request?: Record<string, ContractExample>;
      response?: Record<string, ContractExample>;
    };
  }
}

type Json = Record<string, unknown>;
const COMPONENTS = '#/components/schemas/';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Keywords whose values are data, not schemas: never walked for `$id`s. */
const DATA_KEYWORDS = new Set(['default', 'examples', 'enum', 'const']);
const EXAMPLES_KEY = 'x-kasir-examples';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Gives schemas their component names (`$id`) in the OpenAPI document: one list per contracts
 * file, right after the declarations. The schemas are the very objects the routes use (nested
 * ones too, e.g. `OrderSchema.properties.lines.items`), so every use becomes a `$ref`.
 */
export function nameSchemas(schemas: Record<string, object>): void {
  for (const [name, schema] of Object.entries(schemas)) {
    const named = schema as { $id?: string };
    if (named.$id !== undefined && named.$id !== name) {
      throw new Error(`The schema named "${named.$id}" cannot also be named "${name}".`);
    }
    named.$id = name;
  }
}

/** A deep copy of a schema without its `$id`s (and without TypeBox's non-enumerable markers). */
export function withoutIds<T>(schema: T): T {
  if (Array.isArray(schema)) {
    return schema.map(withoutIds) as T;
  }
  if (!isObject(schema)) {
    return schema;
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key !== '$id') {
      out[key] = DATA_KEYWORDS.has(key) ? value : withoutIds(value);
    }
  }
  return out as T;
}

function methodsOf(route: Pick<RouteOptions, 'method'>): string[] {
  return (Array.isArray(route.method) ? route.method : [route.method]).map((m) => String(m).toUpperCase());
}

/** Who may call a route, in words, from its `config` (appended to the operation's description). */
function accessNote(config: RouteOptions['config']): string {
  const auth = config?.auth ?? 'staff';
  const permission = config?.permission ? ` with the \`${config.permission}\` permission` : '';
  switch (auth) {
    case 'public':
      return 'Access: public, no credential.';
    case 'device':
      return `Access: a paired register device token${permission}.`;
    case 'platform':
      return 'Access: a platform administrator session.';
    case 'staff':
      return `Access: a staff session or an API key of the tenant${permission}.`;
  }
}

/** Whether a mutating route replays a retry with the same `Idempotency-Key` (see runMutation). */
function replays(config: RouteOptions['config']): boolean {
  const auth = config?.auth ?? 'staff';
  return auth === 'staff' && config?.idempotency !== false;
}

const idempotencyHeader = (replay: boolean) => ({
  type: 'string',
  minLength: 1,
  maxLength: 255,
  pattern: '^[\\x21-\\x7e]+$',
  description: replay
    ? 'Makes a retry safe: the same key with the same request within 48 hours replays the first ' +
      'response (header `Idempotent-Replayed: true`); the same key with a different request is a 422 ' +
      '`idempotency.key_reused`.'
    : 'Accepted for uniformity, but this operation does not replay: its response carries a fresh ' +
      'secret, or it stores nothing.',
});

/** Converts the few keywords our schemas use that docs tools read better in another form. */
function forDocument(schema: Json): Json {
  if ('const' in schema && !('enum' in schema)) {
    const { const: value, ...rest } = schema;
    return { ...rest, enum: [value] };
  }
  return schema;
}

/**
 * Builds the document hooks for one app. `onRoute` must be added before any route is declared;
 * `transform` and `completeDocument` (as `transformObject`) serve @fastify/swagger.
 */
export function createContract() {
  const documented = new WeakMap<object, FastifySchema>();
  const components = new Map<string, Json>();

  /** Replaces every `$id` schema under `node` by a reference, collecting the components. */
  function refify(node: unknown): unknown {
    if (Array.isArray(node)) {
      return node.map(refify);
    }
    if (!isObject(node)) {
      return node;
    }
    if (typeof node.$id === 'string') {
      const name = node.$id;
      const { $id: _id, ...body } = node;
      const component = forDocument(refifyChildren(body));
      const known = components.get(name);
      if (known === undefined) {
        components.set(name, component);
      } else if (!isDeepStrictEqual(known, component)) {
        throw new Error(`Two different schemas are named "${name}": give one another $id.`);
      }
      return { $ref: `${COMPONENTS}${name}` };
    }
    return forDocument(refifyChildren(node));
  }

  function refifyChildren(node: Json): Json {
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = DATA_KEYWORDS.has(key) ? value : refify(value);
    }
    return out;
  }

  /**
   * A request or response body: a reference when named, with the component's description beside
   * it (@fastify/swagger reads it as the response's description, then drops it from the schema).
   */
  function bodyOf(schema: Json): Json {
    const out = refify(schema) as Json;
    const name = typeof out.$ref === 'string' ? out.$ref.slice(COMPONENTS.length) : undefined;
    const ref = name === undefined ? undefined : components.get(name);
    return ref ? { ...out, description: ref.description ?? name } : out;
  }

  /** A 4xx/5xx answered by the error handler: problem+json with the `Problem` schema. */
  function problemResponse(schema: Json): Json {
    return {
      description: 'Error: RFC 9457 problem details with a stable `code`',
      content: { 'application/problem+json': { schema: refify(schema) } },
    };
  }

  function responses(response: Json): Json {
    const out: Json = {};
    for (const [status, schema] of Object.entries(response)) {
      if (!isObject(schema)) {
        continue;
      }
      out[status] =
        /^[45]/.test(status) && schema.$id === 'Problem'
          ? problemResponse(schema)
          : status === '204' || schema.type === 'null'
            ? { type: 'null', description: 'No content' }
            : bodyOf(schema);
    }
    return out;
  }

  return {
    /** Keeps the documented schema and gives Fastify's compilers a copy without `$id`s. */
    onRoute(route: RouteOptions): void {
      if (route.schema) {
        documented.set(route, route.schema);
        route.schema = withoutIds(route.schema);
      }
    },

    /** The operation as documented: named components, problem+json, headers, security, examples. */
    transform({ schema: compiled, url, route }: { schema: FastifySchema; url: string; route: RouteOptions }) {
      const schema = (documented.get(route) ?? compiled ?? {}) as FastifySchema & Json;
      if (schema.hide) {
        return { schema: { hide: true }, url };
      }
      const { examples, body, response, querystring, params, headers, description, ...rest } = schema;
      const config = route.config;
      const doc: Json = { ...rest };
      if (description) {
        doc.description = `${String(description)}\n\n${accessNote(config)}`;
      }
      if (querystring) {
        doc.querystring = withoutIds(querystring);
      }
      if (params) {
        doc.params = withoutIds(params);
      }
      if (isObject(body)) {
        doc.body = bodyOf(body);
      }
      if (isObject(response)) {
        doc.response = responses(response);
      }
      const ownHeaders = isObject(headers) ? withoutIds(headers) : undefined;
      if (methodsOf(route).some((m) => MUTATING.has(m))) {
        const properties = isObject(ownHeaders?.properties) ? ownHeaders.properties : {};
        doc.headers = {
          ...ownHeaders,
          type: 'object',
          properties: { ...properties, 'Idempotency-Key': idempotencyHeader(replays(config)) },
        };
      } else if (ownHeaders) {
        doc.headers = ownHeaders;
      }
      if (config?.auth === 'public') {
        doc.security = [];
      }
      if (config?.permission) {
        doc['x-kasir-permission'] = config.permission;
      }
      if (examples) {
        doc[EXAMPLES_KEY] = examples;
      }
      return { schema: doc, url };
    },

    /** Adds the collected components and moves each operation's examples to its media types. */
    completeDocument<T extends object>(openapiObject: T): T {
      const doc = openapiObject as {
        components?: { schemas?: Json };
        paths?: Record<string, Record<string, Json>>;
      };
      const sorted = [...components.entries()].sort(([a], [b]) => a.localeCompare(b));
      doc.components = {
        ...doc.components,
        schemas: { ...doc.components?.schemas, ...Object.fromEntries(sorted) },
      };
      for (const item of Object.values(doc.paths ?? {})) {
        for (const op of Object.values(item)) {
          const examples = op[EXAMPLES_KEY] as FastifySchema['examples'];
          if (!examples) {
            continue;
          }
          delete op[EXAMPLES_KEY];
          const body = (op.requestBody as { content?: Record<string, Json> } | undefined)?.content?.[
            'application/json'
          ];
          if (examples.request && body) {
            body.examples = examples.request;
          }
          const responses = (op.responses ?? {}) as Record<string, { content?: Record<string, Json> }>;
          const success = Object.keys(responses).find((code) => /^2/.test(code));
          const media = success ? responses[success]?.content?.['application/json'] : undefined;
          if (examples.response && media) {
            media.examples = examples.response;
          }
        }
      }
      return openapiObject;
    },
  };
}
