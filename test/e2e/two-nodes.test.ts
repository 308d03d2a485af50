import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/platform/db/embedded.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { request, seedBusiness, startServer, type ServerProcess } from './spawn-server.ts';

// Two real server processes on one PostgreSQL database: every event reaches every client, on
// either node, exactly once and in order, wherever the change was made.
let database: TestDatabase;
let nodes: ServerProcess[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const env = {
    DATABASE_URL: database.url,
    KASIR_JWT_SECRET: 'two-node-secret-two-node-secret!!',
    KASIR_DEMO: '0',
    KASIR_SIGNUP: 'open', // the test signs up its business (closed by default with DATABASE_URL)
    KASIR_RATE_LIMIT: '100000',
    KASIR_AUTH_RATE_LIMIT: '100000',
  };
  nodes = await Promise.all([startServer(env, await freePort()), startServer(env, await freePort())]);
}, 240_000);
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await Promise.all(nodes.map((n) => n.stop()));
  await database.destroy();
});

describe('two nodes', () => {
  it('deliver every event to clients on either node exactly once, in log order', async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const biz = await seedBusiness(a.url, 'Two Nodes');
    const clients = await Promise.all(
      [a, a, b, b].map(
        (node) =>
          new Promise<{ events: { seq: string; orderId: string | null }[]; ready: string }>(
            (resolve, reject) => {
              const socket = connect(node.url, {
                path: '/realtime',
                auth: { token: biz.token },
                transports: ['websocket'],
                reconnection: false,
                forceNew: true,
              });
              sockets.push(socket);
              const events: { seq: string; orderId: string | null }[] = [];
              socket.on('event', (e: { seq: string; orderId: string | null }) => events.push(e));
              socket.once('ready', (r: { seq: string }) => resolve({ events, ready: r.seq }));
              socket.once('connect_error', reject);
            },
          ),
      ),
    );
    // 30 orders, made concurrently through both nodes.
    const made = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        request(i % 2 ? b.url : a.url, 'POST', '/v1/orders', biz.order, biz.token),
      ),
    );
    expect(made.every((r) => r.status === 201)).toBe(true);
    const ids = made.map((r) => r.body.id as string);
    const deadline = Date.now() + 15_000;
    while (!clients.every((c) => ids.every((id) => c.events.some((e) => e.orderId === id)))) {
      if (Date.now() > deadline) {
        throw new Error(`not delivered: ${clients.map((c) => c.events.length).join(', ')}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const c of clients) {
      const seqs = c.events.map((e) => Number(e.seq));
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => Number(c.ready) + 1 + i));
      expect(c.events.filter((e) => ids.includes(e.orderId ?? '')).length).toBe(30);
    }
  }, 60_000);

  it('a logout through one node ends that session’s sockets on the other node at once', async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const biz = await seedBusiness(a.url, 'Two Nodes Logout');
    const session = await request(a.url, 'POST', '/v1/auth/login', {
      email: biz.email,
      password: 'e2e password 1',
    });
    const socket = connect(b.url, {
      path: '/realtime',
      auth: { token: session.body.accessToken },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise((resolve, reject) => {
      socket.once('ready', resolve);
      socket.once('connect_error', reject);
    });
    const ended = new Promise<{ reason: string }>((resolve) => socket.once('session_ended', resolve));
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const started = Date.now();
    expect(
      (await request(a.url, 'POST', '/v1/auth/logout', undefined, session.body.accessToken)).status,
    ).toBe(204);
    expect(await ended).toEqual({ reason: 'logout', message: expect.any(String) });
    expect(await disconnected).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(3000);
  }, 30_000);
});
