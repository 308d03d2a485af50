import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers on every response, worked out once (and again when `varies()` changes):
 * they depend on the options only (no nonces, no per-route options), so each request just sets them. (The
 * `@fastify/helmet` plugin ran `helmet(options)` — parsing the Content-Security-Policy — and two
 * async hooks on every request: ~40 µs of CPU each time.)
 *
 * Strict-Transport-Security only on responses served over HTTPS (TLS here, or a proxy saying so in
 * X-Forwarded-Proto with KASIR_TRUST_PROXY=1). Over plain http browsers ignore it anyway, and a
 * Kasir on a LAN address has no certificate to pin anybody to.
 */
export function registerSecurityHeaders(
  app: FastifyInstance,
  options: { contentSecurityPolicy: NonNullable<Parameters<typeof helmet.contentSecurityPolicy>[0]> },
  /**
   * What the options' function directives depend on (they take no request): the headers are
   * worked out again whenever it changes.
   */
  varies: () => string = () => '',
): void {
  let key: string | undefined;
  let headers: [string, string][] = [];
  app.addHook('onRequest', (_request, reply, done) => {
    const now = varies();
    if (now !== key) {
      headers = helmetHeaders({
        contentSecurityPolicy: options.contentSecurityPolicy,
        strictTransportSecurity: false,
      });
      key = now;
    }
    const res = reply.raw;
    for (const [name, value] of headers) {
      res.setHeader(name, value);
    }
    res.removeHeader('X-Powered-By');
    done();
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') {
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    }
  });
}

/** The headers helmet sets with these options, in its order. */
export function helmetHeaders(options: HelmetOptions): [string, string][] {
  const headers: [string, string][] = [];
  const res = {
    setHeader: (name: string, value: unknown) => {
      headers.push([name, String(value)]);
    },
    removeHeader: () => undefined,
  };
  // helmet (v8) throws a bad option itself; it calls `next` when done, synchronously.
  helmet(options)({} as never, res as never, () => undefined);
  return headers;
}
