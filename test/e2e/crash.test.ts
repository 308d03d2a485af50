import { chmod, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/platform/db/embedded.ts';
import { request, seedBusiness, startServer, type ServerProcess } from './spawn-server.ts';

// Kill -9 the server (on its embedded, durable PostgreSQL) while orders are being created; after
// a restart every acknowledged order and its events are there, in a gap-free log, and are
// delivered to a realtime client — and nothing that was not committed shows up.
let dataDir: string;
let server: ServerProcess | undefined;
// A webhook receiver: event ids and the order ids of the order.created events it was sent.
const hooked = new Map<string, string | null>();
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const e = JSON.parse(body) as { id: string; type: string; orderId: string | null };
    hooked.set(e.id, e.type === 'order.created' ? e.orderId : null);
    res.writeHead(200).end();
  });
});

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kasir-crash-'));
  await chmod(dataDir, 0o755);
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await server?.stop();
  receiver.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('crash', () => {
  it('after SIGKILL mid-write, every committed order and event survives; nothing else appears', async () => {
    const port = await freePort();
    const env = {
      KASIR_DATA_DIR: dataDir,
      KASIR_DEMO: '0',
      KASIR_RATE_LIMIT: '100000',
      KASIR_AUTH_RATE_LIMIT: '100000',
      KASIR_WEBHOOKS_ALLOW_PRIVATE: '1', // the receiver is on 127.0.0.1
      // A delivery the killed process had claimed is retried when its lease ends (default ~30 s).
      KASIR_WEBHOOK_LEASE_MS: '1500',
    };
    server = await startServer(env, port);
    const biz = await seedBusiness(server.url, 'Crash Cafe');
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/kasir`;
    const endpoint = await request(
      server.url,
      'POST',
      '/v1/webhooks/endpoints',
      { url: hookUrl, eventTypes: ['*'] },
      biz.token,
    );
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);

    // Four writers create orders as fast as they can until the process dies under them.
    const acknowledged: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        try {
          const r = await request(server!.url, 'POST', '/v1/orders', biz.order, biz.token);
          if (r.status === 201) {
            acknowledged.push(r.body.id as string);
          }
        } catch {
          return; // connection reset: the server is gone
        }
      }
    });
    while (acknowledged.length < 20) {
      await new Promise((r) => setTimeout(r, 10));
    }
    server.proc.kill('SIGKILL');
    await server.exited;
    stop = true;
    await Promise.all(writers);

    // Restart on the same data directory (the orphaned PostgreSQL is stopped and restarted).
    server = await startServer(env, port);
    const login = await request(server.url, 'POST', '/v1/auth/login', {
      email: biz.email,
      password: 'e2e password 1',
    });
    const token = login.body.accessToken as string;

    for (const id of acknowledged) {
      expect((await request(server.url, 'GET', `/v1/orders/${id}`, undefined, token)).status, id).toBe(200);
    }
    const events: { seq: string; type: string; orderId: string | null }[] = [];
    let next: string | null = null;
    do {
      const url = `/v1/events?limit=1000${next ? `&cursor=${next}` : ''}`;
      const page = await request(server.url, 'GET', url, undefined, token);
      events.push(...page.body.items);
      next = page.body.nextCursor;
      if (!next) {
        expect(page.body.head).toBe(events.length === 0 ? '0' : events[events.length - 1]!.seq);
      }
    } while (next);
    // Gap-free, and every order.created belongs to an order that exists (nothing uncommitted).
    expect(events.map((e) => Number(e.seq))).toEqual(events.map((_, i) => i + 1));
    const created = events.filter((e) => e.type === 'order.created').map((e) => e.orderId!);
    for (const id of acknowledged) {
      expect(created).toContain(id);
    }
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await request(
        server.url,
        'GET',
        `/v1/orders?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        undefined,
        token,
      );
      listed.push(...page.body.items.map((o) => o.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(created)).toEqual(new Set(listed));

    // A realtime client that saw nothing gets the whole log, in order.
    const received = await new Promise<string[]>((resolve, reject) => {
      const socket = connect(server!.url, {
        path: '/realtime',
        auth: { token, lastSeq: '0' },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const seqs: string[] = [];
      socket.on('event', (e: { seq: string }) => seqs.push(e.seq));
      socket.once('ready', () => {
        socket.disconnect();
        resolve(seqs);
      });
      socket.once('connect_error', reject);
    });
    expect(received).toEqual(events.map((e) => e.seq));

    // And the webhook receiver gets every committed event (at least once; receivers dedupe by id).
    // A delivery the killed process had claimed is retried when its lease (1.5 s here) runs out;
    // the deadline is shorter than the default lease (~30 s), which it used to wait for.
    const deadline = Date.now() + 20_000;
    while (![...created].every((id) => [...hooked.values()].includes(id))) {
      if (Date.now() > deadline) {
        const log = await request(
          server.url,
          'GET',
          `/v1/webhooks/endpoints/${endpoint.body.endpoint.id}/deliveries`,
          undefined,
          token,
        );
        throw new Error(
          `webhooks: ${[...hooked.values()].filter(Boolean).length} of ${created.length} orders delivered; log: ${JSON.stringify(log.body).slice(0, 2000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const createdIds = new Set(created);
    for (const orderId of hooked.values()) {
      if (orderId) {
        expect(createdIds.has(orderId)).toBe(true); // nothing uncommitted was ever sent
      }
    }
  }, 180_000);
});
