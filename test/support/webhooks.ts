// Test helpers for the webhooks tests: a local HTTP receiver and an app with short timings.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createManualClock } from '../../src/platform/clock/clock.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import type { Db } from '../../src/platform/db/db.ts';
import type { OutboundOptions } from '../../src/platform/net/outbound.ts';
import { appendEvents } from '../../src/platform/events/events.ts';
import { client, createTenant, type TenantFixture } from './test-app.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';
import type { WebhookOptions } from '../../src/modules/webhooks/webhooks.module.ts';

/** ok = 200, fail = 500, hang = never answers, redirect = 302, slow = 200 after 30 ms. */
export type ReceiverMode = 'ok' | 'fail' | 'hang' | 'redirect' | 'slow';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** A real HTTP receiver on 127.0.0.1 (port 0) whose answer is chosen per path. */
export async function startReceiver() {
  const modes = new Map<string, ReceiverMode>();
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      const mode = modes.get(path) ?? 'ok';
      switch (mode) {
        case 'ok':
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
          break;
        case 'fail':
          res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
          break;
        case 'hang':
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          break;
        case 'redirect':
          res.writeHead(302, { location: '/elsewhere' }).end();
          break;
        case 'slow':
          setTimeout(() => res.writeHead(200).end('ok'), 30);
          break;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    setMode: (path: string, mode: ReceiverMode) => {
      modes.set(path, mode);
    },
    requests: (path: string) => received.filter((r) => r.path === path),
    close: async () => {
      for (const res of hanging) {
        res.destroy();
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret!';

/** An app on a fresh database with a manual clock and short webhook timings. */
export async function createWebhookTestApp(options: {
  allowPrivate: boolean;
  webhooks?: WebhookOptions;
  /** DNS answers for the outbound-address policy. */
  outbound?: OutboundOptions;
}) {
  const database: TestDatabase = await createTestDatabase();
  const clock = createManualClock(new Date('2026-03-02T09:00:00Z'));
  const app: FastifyInstance = await buildApp({
    db: database.db,
    databaseUrl: database.url,
    config: {
      ...loadConfig({}),
      rateLimit: { max: 1_000_000, authMax: 1_000_000, windowMs: 60_000 },
      outboundAllowPrivate: options.allowPrivate,
    },
    ...(options.outbound ? { outbound: options.outbound } : {}),
    jwtSecret: TEST_JWT_SECRET,
    clock,
    logger: false,
    webhooks: { pollMs: 20, timeoutMs: 400, random: () => 1, ...options.webhooks },
  });
  await app.ready();
  return {
    app,
    database,
    clock,
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}

/**
 * A tenant and an API key of its owner for webhooks, orders, catalog and the event log. The key
 * does not expire, so tests can move the clock by days (access tokens last 15 minutes).
 */
export async function createWebhookTenant(
  app: FastifyInstance,
  name: string,
): Promise<TenantFixture & { key: string }> {
  const fx = await createTenant(app, name);
  const res = await client(app).post(
    '/v1/api-keys',
    {
      name: 'webhooks test',
      scopes: [
        'webhooks:manage',
        'orders:create',
        'orders:read',
        'orders:void',
        'catalog:manage',
        'catalog:read',
        'events:read',
        'reports:read',
        'audit:read',
      ],
    },
    fx.ownerToken,
  );
  if (res.status !== 201) {
    throw new Error(`api key: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { ...fx, key: (res.body as { secret: string }).secret };
}

/** Appends events to a tenant's log as a committed use case would. */
export async function emitEvents(db: Db, tenantId: string, types: string[], at: Date): Promise<void> {
  await db.transaction().execute((tx) =>
    appendEvents(
      tx,
      tenantId,
      types.map((type, i) => ({ type, topic: 'orders', payload: { test: true, i } })),
      at,
      'test',
    ),
  );
}

/** True once the fan-out has passed every event of the tenant. */
export async function fannedOut(db: Db, tenantId: string): Promise<boolean> {
  const [cursor, head] = await Promise.all([
    db.selectFrom('webhook_cursors').select('seq').where('tenant_id', '=', tenantId).executeTakeFirst(),
    db.selectFrom('event_heads').select('seq').where('tenant_id', '=', tenantId).executeTakeFirst(),
  ]);
  return (cursor?.seq ?? '0') === (head?.seq ?? '0');
}
