import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { systemClock } from './platform/clock/clock.ts';
import { registerAuthHook } from './platform/http/auth-hook.ts';
import { frameworkErrorHandler, registerErrorHandling } from './platform/http/error-handler.ts';
import { registerHealth } from './platform/http/health.ts';
import { registerJsonBody } from './platform/http/json-body.ts';
import { RequestLogController } from './platform/http/logging.ts';
import { createMetricsServer, registerMetrics } from './platform/http/metrics.ts';
import { registerOpenApi } from './platform/http/openapi.ts';
import { registerRouteTable } from './platform/http/route-table.ts';
import { registerStaticApps } from './platform/http/static-apps.ts';
import { newId } from './platform/ids/ids.ts';
import { sealingKeys } from './platform/crypto/secret-box.ts';
import { createOutbound, type Outbound } from './platform/net/outbound.ts';
import type { Payments } from './modules/payments/index.ts';
import type { AppModule } from './platform/module.ts';
import './platform/http/fastify-types.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';
import { createModules, type AppDeps, type Services } from './composition.ts';

export type { AppDeps, Services } from './composition.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The payments module (tests drive its status poller directly). */
    payments: Payments;
    /** The outbound-address policy for tenant-chosen URLs (the demo trusts its simulators here). */
    outbound: Outbound;
    /** The domain services (the demo seed and tests use them, as the routes do). */
    services: Services;
  }
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
/**
 * ajv-formats, tightened to what PostgreSQL stores: `uuid` without the `urn:uuid:` form, and
 * `date-time` that is a real instant in years 0000–9999 (no leap second 60, no overflow).
 */
function withFormats(ajv: Ajv): Ajv {
  addFormats(ajv);
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  const dateTime = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (value: string) => {
      if (!dateTime.test(value)) {
        return false;
      }
      const ms = Date.parse(value);
      return Number.isFinite(ms) && new Date(ms).getUTCFullYear() <= 9999;
    },
  });
  return ajv;
}

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;

/** A logger instance (the process logger, see server.ts) goes in `loggerInstance`, options in `logger`. */
function loggerOptions(
  logger: AppDeps['logger'],
  level: string,
): { logger?: boolean | { level: string }; loggerInstance?: FastifyBaseLogger } {
  if (typeof logger === 'object' && 'child' in logger) {
    return { loggerInstance: logger };
  }
  return { logger: logger ?? { level } };
}

/** Builds the Fastify app (not listening). Callers own the database handle. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? systemClock;
  const app = Fastify({
    ...loggerOptions(deps.logger, deps.config.logLevel),
    // One line per request, with the route, tenant and actor (platform/http/logging.ts).
    logController: new RequestLogController(),
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.trustProxy,
    // genReqId reads X-Request-Id itself: with `requestIdHeader` Fastify would trust any value.
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID_RE.test(incoming) ? incoming : newId();
    },
    return503OnClosing: true,
    frameworkErrors: frameworkErrorHandler,
    ajv: { customOptions: { allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Bodies are validated strictly (no type coercion: "1" is not a number); query strings and
  // path parameters are coerced, because they are always strings on the wire.
  const ajvOptions = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false } as const;
  const strictAjv = withFormats(new Ajv({ ...ajvOptions, coerceTypes: false }));
  const coercingAjv = withFormats(new Ajv({ ...ajvOptions, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema),
  );

  app.decorate('db', deps.db);
  app.decorate('clock', clock);
  registerRouteTable(app);
  // Only JSON bodies: a text/plain body is a 415, not a string handed to a JSON schema.
  app.removeContentTypeParser(['text/plain']);
  registerJsonBody(app);
  // Graceful close: in-flight requests finish, and their keep-alive connections are closed after
  // the response (Fastify closes only the connections that are idle at the moment close starts).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) {
      reply.header('connection', 'close');
    }
  });

  registerErrorHandling(app);
  // Gateway APIs a page calls from the browser itself (the QR page confirms a card with Stripe, as
  // Stripe.js does): Stripe's API, and the demo's local Stripe simulator once it has started.
  const browserGatewayOrigins = new Set<string>(['https://api.stripe.com']);
  app.decorate('browserGatewayOrigins', browserGatewayOrigins);
  registerSecurityHeaders(
    app,
    {
      // The docs page needs inline scripts and styles of its own. No `upgrade-insecure-requests`: over
      // plain http (a shop's LAN) it sent the page's assets to an https:// that does not exist.
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'", () => [...browserGatewayOrigins].join(' ')],
          'upgrade-insecure-requests': null,
        },
      },
    },
    // The one part of the headers that changes at run time: they are worked out again when it does.
    () => [...browserGatewayOrigins].join(' '),
  );
  await app.register(cors, {
    origin: deps.config.corsOrigins,
    // A bare OPTIONS (no preflight headers) is answered like any request, not with plain text.
    strictPreflight: false,
    exposedHeaders: ['x-request-id', 'idempotent-replayed', 'retry-after'],
  });
  await app.register(rateLimit, {
    global: true,
    max: deps.config.rateLimit.max,
    timeWindow: deps.config.rateLimit.windowMs,
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      code: 'request.rate_limited',
      message: `Rate limit exceeded; retry in ${Math.ceil(context.ttl / 1000)} s.`,
    }),
  });
  await registerOpenApi(app);
  const metrics = deps.config.metrics;
  const registry = registerMetrics(app, { token: metrics.token, route: metrics.port === undefined });
  if (metrics.port !== undefined) {
    const port = metrics.port;
    const metricsServer = createMetricsServer(registry, metrics.token);
    app.addHook('onReady', async () => {
      await new Promise<void>((resolve, reject) => {
        metricsServer.once('error', reject).listen(port, metrics.host ?? deps.config.host, resolve);
      });
    });
    app.addHook('preClose', async () => {
      await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
    });
  }
  registerHealth(app);
  await registerStaticApps(app);

  const outbound = createOutbound({ allowPrivate: deps.config.outboundAllowPrivate, ...deps.outbound });
  app.decorate('outbound', outbound);
  app.addHook('onClose', () => outbound.close());
  const keys = sealingKeys({
    encryptionKey: deps.encryptionKey ?? deps.config.encryptionKey,
    previousEncryptionKey: deps.config.encryptionKeyPrevious,
    jwtSecret: deps.jwtSecret,
  });
  const { modules, services } = createModules(deps, {
    clock,
    outbound,
    keys,
    log: app.log,
    registry,
    server: app.server,
  });
  registerAuthHook(app, (token, request) => services.auth.resolvePrincipal(token, request));
  // Every module the same way: its routes, then its background work with the app's life.
  for (const m of Object.values(modules) as AppModule[]) {
    if (m.routes) {
      await app.register(m.routes);
    }
    if (m.start) {
      app.addHook('onReady', m.start);
    }
    if (m.stop) {
      app.addHook('preClose', m.stop);
    }
  }
  app.decorate('services', services);
  app.decorate('payments', modules.payments.services);
  app.decorate('realtime', modules.realtime.services.realtime);

  app.get('/', { schema: { hide: true }, config: { auth: 'public' } }, async (_req, reply) =>
    reply
      .type('text/html')
      .send(
        '<!doctype html><meta charset="utf-8"><title>Kasir</title><body style="font-family:system-ui;max-width:40em;margin:3em auto">' +
          '<h1>Kasir</h1><p>The server is running.</p><ul><li><a href="/register/">Register (cashier)</a></li><li><a href="/docs">API documentation</a></li>' +
          '<li><a href="/openapi.json">OpenAPI 3.1 document</a></li><li><a href="/healthz">Health</a> · <a href="/readyz">Readiness</a> · <a href="/metrics">Metrics</a></li></ul></body>',
      ),
  );
  return app;
}
