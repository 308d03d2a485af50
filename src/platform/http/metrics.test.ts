import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../db/embedded.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

const apps: TestApp[] = [];
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
});

describe('/metrics', () => {
  it('with KASIR_METRICS_TOKEN, answers only to that bearer token', async () => {
    const t = await createTestApp({
      config: { metrics: { port: undefined, host: undefined, token: 's3cret-scrape' } },
    });
    apps.push(t);
    const anonymous = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect(anonymous.body).not.toContain('kasir_');
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    const ok = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer s3cret-scrape' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('kasir_process_cpu_seconds_total');
  });

  it('with KASIR_METRICS_PORT, is served on that port only (and still checks the token)', async () => {
    const port = await freePort();
    const t = await createTestApp({ config: { metrics: { port, host: '127.0.0.1', token: 'tok' } } });
    apps.push(t);
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const res = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer tok' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/kasir_http_request_duration_seconds_bucket\{[^}]*route="\/healthz"/);
    expect((await fetch(`${base}/healthz`)).status).toBe(404);
  });
});
