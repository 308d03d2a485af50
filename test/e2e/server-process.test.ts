import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/platform/db/embedded.ts';
import { createTestDatabase } from '../support/test-db.ts';
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

/** An operator command (`npm run <script>`) as its own process, on this test's data directory. */
const command = (script: string, args: string[], input?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, KASIR_DATA_DIR: dataDir, DATABASE_URL: '', KASIR_JWT_SECRET: '' },
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
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
      const out = first.output();
      expect(out).toContain('Demo business "Warung Demo" (just created)');
      expect(out).toContain('owner@warung.demo');
      // The banner comes last, once seeded and listening, and says where the data really is.
      expect(out.indexOf('Server listening at')).toBeGreaterThan(-1);
      expect(out.indexOf('Kasir is running')).toBeGreaterThan(out.indexOf('Server listening at'));
      expect(out).toContain(`Database: embedded PostgreSQL in ${path.join(dataDir, 'pg')} (127.0.0.1:`);
      expect(out).toContain(`Secrets:  ${path.join(dataDir, 'secrets.json')}`);
      // No platform operator with a published password.
      expect(out).not.toContain('kasir-platform-123');
      expect((await login('platform@kasir.demo', 'kasir-platform-123')).status).toBe(401);
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
      // The operator account comes from `npm run platform:admin`, run while Kasir is running: it
      // uses the running server's PostgreSQL (a second one would stop it).
      const admin = command(
        'src/cli/platform-admin.ts',
        ['--email', 'ops@e2e.kasir', '--password-stdin'],
        'ops password 1\n',
      );
      expect(admin.status, admin.stderr).toBe(0);
      expect(admin.stdout).toMatch(/run by Kasir pid \d+/);
      expect(admin.stdout).toContain('created the platform operator ops@e2e.kasir');
      // So does a backup, while the shop keeps selling.
      const backup = command('src/cli/db-backup.ts', [path.join(dataDir, 'live.kasir.gz')]);
      expect(backup.status, backup.stderr).toBe(0);
      expect((await stat(path.join(dataDir, 'live.kasir.gz'))).size).toBeGreaterThan(1000);
      // A restore needs the server stopped.
      const restore = command('src/cli/db-restore.ts', [path.join(dataDir, 'live.kasir.gz'), '--replace']);
      expect(restore.status).toBe(1);
      expect(restore.stderr).toMatch(/in use by another Kasir process \(pid \d+\): stop it first/);
      const res = await login('ops@e2e.kasir', 'ops password 1');
      const token = ((await res.json()) as { accessToken: string }).accessToken;
      const { items: tenants } = (await (
        await fetch(url('/v1/platform/tenants'), { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { items: unknown[] };
      expect(tenants).toHaveLength(1);
    } finally {
      second.proc.kill('SIGTERM');
      await second.exited;
    }
  }, 180_000); // three operator commands run as processes too

  it('finishes in-flight requests on SIGTERM, then exits cleanly', async () => {
    // At debug level: the "incoming request" line (platform/http/logging.ts) says a request arrived.
    const server = await startServer({ KASIR_DATA_DIR: dataDir, LOG_LEVEL: 'debug' }, port);
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

describe('npm start on a server PostgreSQL (DATABASE_URL)', () => {
  it('seeds no demo business and keeps sign-up closed', async () => {
    const database = await createTestDatabase();
    const server = await startServer(
      {
        DATABASE_URL: database.url,
        KASIR_JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret!',
        LOG_LEVEL: 'info',
      },
      await freePort(),
    );
    try {
      const out = server.output();
      expect(out).not.toContain('Warung Demo');
      const where = new URL(database.url);
      where.password = '';
      expect(out).toContain(`Database: ${where.toString()}`);
      expect(out).toContain('Sign-up:  closed');
      expect(await database.db.selectFrom('tenants').select('id').execute()).toEqual([]);
      const signup = await request(server.url, 'POST', '/v1/signup', {
        businessName: 'Stranger',
        currency: 'IDR',
        timezone: 'Asia/Jakarta',
        locale: 'id-ID',
        ownerName: 'Stranger',
        email: 'stranger@e2e.kasir',
        password: 'stranger password',
      });
      expect(signup.status).toBe(403);
      expect(signup.body.code).toBe('auth.signup_closed');
    } finally {
      expect(await server.stop()).toBe(0);
      await database.destroy();
    }
  }, 120_000);
});
