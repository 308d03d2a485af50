import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTenant, createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createLogger, prettyMessage } from './logging.ts';

// The app's log lines, as JSON objects.
const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ logger: pino({ level: 'info' }, sink) });
});
afterAll(async () => {
  await t.close();
});

const completed = (reqId: string) => lines.find((l) => l.reqId === reqId && l.msg === 'request completed');

describe('request log lines', () => {
  it('say which tenant, which actor and which route', async () => {
    const tenant = await createTenant(t.app);
    const res = await client(t.app).get(`/v1/outlets/${tenant.outletId}`, tenant.ownerToken, {
      'x-request-id': 'log-test-1',
    });
    expect(res.status).toBe(200);
    expect(completed('log-test-1')).toMatchObject({
      route: '/v1/outlets/:id',
      tenantId: tenant.tenantId,
      actor: `user:${tenant.ownerUserId}`,
      req: { method: 'GET', url: `/v1/outlets/${tenant.outletId}` },
      res: { statusCode: 200 },
      level: 30,
    });
    expect(completed('log-test-1')!.responseTime).toEqual(expect.any(Number));
    // One line per request: the "incoming request" line is debug-level only.
    expect(lines.filter((l) => l.reqId === 'log-test-1')).toHaveLength(1);
  });

  it('carry the route (and no actor) when the request was not authenticated', async () => {
    await client(t.app).get('/v1/outlets', undefined, { 'x-request-id': 'log-test-2' });
    const line = completed('log-test-2');
    expect(line).toMatchObject({ route: '/v1/outlets', res: { statusCode: 401 } });
    expect(line).not.toHaveProperty('actor');
    expect(line).not.toHaveProperty('tenantId');
  });
});

describe('the process logger', () => {
  it('writes JSON when stdout is not a terminal, and readable lines on a terminal', async () => {
    const output = (isTTY: boolean) => {
      let text = '';
      const out = Object.assign(
        new Writable({
          write(chunk: Buffer, _enc, done) {
            text += chunk.toString();
            done();
          },
        }),
        { isTTY },
      );
      return { out, text: () => text };
    };
    const piped = output(false);
    const terminal = output(true);
    for (const { out } of [piped, terminal]) {
      createLogger({ level: 'info', format: 'auto' }, out).info(
        { reqId: 'r1', req: { method: 'GET', url: '/v1/orders' } },
        'incoming request',
      );
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(piped.text())).toMatchObject({ msg: 'incoming request', reqId: 'r1' });
    expect(terminal.text()).toContain('→ GET /v1/orders');
    expect(terminal.text()).toContain('"reqId":"r1"');
    expect(() => JSON.parse(terminal.text())).toThrow();
  });

  it('shows a request as one short line on a terminal', () => {
    expect(prettyMessage({ req: { method: 'POST', url: '/v1/orders' } }, 'incoming request')).toBe(
      '→ POST /v1/orders',
    );
    expect(
      prettyMessage(
        { res: { statusCode: 201 }, route: '/v1/orders', responseTime: 12.4 },
        'request completed',
      ),
    ).toBe('← 201 /v1/orders 12 ms');
    expect(
      prettyMessage(
        {
          req: { method: 'POST', url: '/v1/orders' },
          res: { statusCode: 201 },
          route: '/v1/orders',
          responseTime: 3,
        },
        'request completed',
      ),
    ).toBe('← 201 POST /v1/orders 3 ms');
  });
});
