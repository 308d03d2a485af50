import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../config/config.ts';
import { createDb } from '../db/db.ts';
import { client, createTenant, createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { rateLimit: { max: 1_000_000, authMax: 5, windowMs: 60_000 } } });
});
afterAll(async () => {
  await t.close();
});

describe('HTTP platform', () => {
  it('sends security headers and a request id, and honours a sane incoming one', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';" +
        "img-src 'self' data:;object-src 'none';script-src 'self' 'unsafe-inline';script-src-attr 'none';" +
        "style-src 'self' https: 'unsafe-inline';connect-src 'self' https://api.stripe.com",
    );
    // helmet's other headers, worked out once at start-up (platform/http/security-headers.ts).
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // A gateway origin added at run time (the demo's Stripe simulator) is in the next response's CSP.
    t.app.browserGatewayOrigins.add('http://127.0.0.1:9');
    const later = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(later.headers['content-security-policy']).toContain(
      "connect-src 'self' https://api.stripe.com http://127.0.0.1:9",
    );
    t.app.browserGatewayOrigins.delete('http://127.0.0.1:9');
    const back = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(back.headers['content-security-policy']).toBe(res.headers['content-security-policy']);
    const evil = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'a b;c'.repeat(30) },
    });
    expect(evil.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends Strict-Transport-Security only over HTTPS, and never upgrade-insecure-requests', async () => {
    // Plain http (a tablet on the shop's LAN): no HSTS, and the docs page's assets stay on http.
    const plain = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(plain.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    // A proxy's X-Forwarded-Proto is believed only with KASIR_TRUST_PROXY=1.
    const spoofed = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    const behindTls = await createTestApp({ config: { trustProxy: true } });
    try {
      const res = await behindTls.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const http = await behindTls.app.inject({ method: 'GET', url: '/healthz' });
      expect(http.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await behindTls.close();
    }
  });

  it('answers CORS preflights', async () => {
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/outlets',
      headers: {
        origin: 'https://pos.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,idempotency-key',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://pos.example');
  });

  it('rate-limits credential routes per IP with a problem+json 429', async () => {
    const api = client(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await api.post('/v1/auth/refresh', { refreshToken: 'krt_nope' })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const limited = await api.post('/v1/auth/refresh', { refreshToken: 'krt_nope' });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.body.code).toBe('request.rate_limited');
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('exports request latency by route and status in /metrics', async () => {
    const tenant = await createTenant(t.app);
    await client(t.app).get(`/v1/outlets/${tenant.outletId}`, tenant.ownerToken);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(
      /kasir_http_request_duration_seconds_bucket\{[^}]*route="\/v1\/outlets\/:id"[^}]*status_code="200"/,
    );
    expect(metrics.body).toContain('kasir_process_cpu_seconds_total');
  });

  it('readiness fails with 503 when the database is unreachable; liveness stays up', async () => {
    const db = createDb({ connectionString: 'postgres://nobody:x@127.0.0.1:1/none', max: 1 });
    const app = await buildApp({ db, config: loadConfig({}), jwtSecret: 'x'.repeat(32), logger: false });
    try {
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      // A database outage on a real route is a 5xx that leaks nothing.
      const res = await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: 'a@b.co', password: 'whatever1' },
      });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ code: 'internal.error' });
      expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres/);
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});
