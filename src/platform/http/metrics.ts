import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { safeEqual } from '../crypto/secrets.ts';
import { AppError } from './errors.ts';

export interface MetricsOptions {
  /** When set, /metrics needs `Authorization: Bearer <token>` (KASIR_METRICS_TOKEN). */
  token?: string | undefined;
  /** false: no /metrics route on the API port (it is served by `createMetricsServer` instead). */
  route?: boolean;
}

/** Whether an Authorization header carries the metrics token (always, when there is none). */
export function metricsAuthorized(header: string | undefined, token: string | undefined): boolean {
  if (token === undefined) {
    return true;
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match !== null && safeEqual(match[1]!, token);
}

/** Per-app Prometheus registry (several apps may live in one test process). */
export function registerMetrics(
  app: FastifyInstance,
  options: MetricsOptions = {},
  registry = new Registry(),
): Registry {
  collectDefaultMetrics({ register: registry, prefix: 'kasir_' });
  const duration = new Histogram({
    name: 'kasir_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        // The route pattern, never the raw URL (bounded label cardinality).
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  if (options.route === false) {
    return registry;
  }
  app.get(
    '/metrics',
    { schema: { hide: true }, config: { auth: 'public', rateLimit: false } },
    async (req, reply) => {
      if (!metricsAuthorized(req.headers.authorization, options.token)) {
        throw new AppError(
          'auth.unauthenticated',
          'Metrics need "Authorization: Bearer <KASIR_METRICS_TOKEN>".',
        );
      }
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
  return registry;
}

/**
 * A bare HTTP server that answers only GET /metrics (KASIR_METRICS_PORT): scrapers reach it on a
 * port the firewall keeps internal, while the API port faces the shop's network.
 */
export function createMetricsServer(registry: Registry, token?: string): http.Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (!metricsAuthorized(req.headers.authorization, token)) {
      res
        .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
        .end('unauthorized\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
}
