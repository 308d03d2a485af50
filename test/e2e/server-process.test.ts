import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/platform/db/embedded.ts';
import { request, startServer } from './spawn-server.ts';

// The real process: `tsx src/server.ts` on an embedded PostgreSQL in a data directory of its own.
let dataDir: string;
let port: number;

const start = () => startServer({ KASIR_DATA_DIR: dataDir, LOG_LEVEL: 'info' }, port);

const url = (p: string) => `http://127.0.0.1:${port}${p}`;
const login = (email: string, password: string) =>
  fetch(url('/v1/auth/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

const postOwnConnection = async (p: string, body: unknown) =>
  (await request(`http://127.0.0.1:${port}`, 'POST', p, body)).status;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kasir-e2e-'));
  await chmod(dataDir, 0o755);
  port = await freePort();
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('seeds the demo on an empty data directory, prints logins, and does nothing extra on restart', async () => {
    const first = await start();
    try {
      expect(first.output()).toContain('Demo business "Warung Demo" (just created)');
      expect(first.output()).toContain('owner@warung.demo');
      const res = await login('owner@warung.demo', 'kasir-demo-123');
      expect(res.status).toBe(200);
      const token = ((await res.json()) as { accessToken: string }).accessToken;
      const { items: outlets } = (await (
        await fetch(url('/v1/outlets'), { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { items: unknown[] };
      expect(outlets).toHaveLength(2);
      expect((await fetch(url('/readyz'))).status).toBe(200);
    } finally {
      first.proc.kill('SIGTERM');
      expect(await first.exited).toBe(0);
    }

    const second = await start();
    try {
      expect(second.output()).toContain('already there');
      const res = await login('platform@kasir.demo', 'kasir-platform-123');
      const token = ((await res.json()) as { accessToken: string }).accessToken;
      const { items: tenants } = (await (
        await fetch(url('/v1/platform/tenants'), { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { items: unknown[] };
      expect(tenants).toHaveLength(1);
    } finally {
      second.proc.kill('SIGTERM');
      await second.exited;
    }
  }, 120_000);

  it('finishes in-flight requests on SIGTERM, then exits cleanly', async () => {
    const server = await start();
    // 20 logins hash with argon2id on a 4-thread pool: a few hundred milliseconds of queued work.
    // SIGTERM goes as soon as the server has logged all 20 as received (inside their handlers).
    const received = () => server.output().split('"msg":"incoming request"').length - 1;
    const already = received();
    const finished: number[] = [];
    const inflight = Array.from({ length: 20 }, () =>
      postOwnConnection('/v1/auth/login', { email: 'kasir1@warung.demo', password: 'kasir-demo-123' }).then(
        (status) => {
          finished.push(Date.now());
          return status;
        },
      ),
    );
    for (let i = 0; i < 300 && received() - already < 20; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(received() - already).toBe(20);
    const killedAt = Date.now();
    server.proc.kill('SIGTERM');
    const statuses = await Promise.all(inflight);
    // Some of them were still being worked on when the signal arrived, and they completed.
    expect(finished.filter((t) => t >= killedAt).length).toBeGreaterThan(0);
    expect(statuses, server.output()).toEqual(Array(20).fill(200));
    expect(await server.exited).toBe(0);
    // After close: refused.
    await expect(fetch(url('/healthz'))).rejects.toThrow();
  }, 120_000);
});
