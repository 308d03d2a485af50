import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.ts';
import { hashPassword } from '../platform/crypto/passwords.ts';
import { MIGRATIONS_DIR } from '../platform/db/migrate.ts';
import { newId } from '../platform/ids/ids.ts';
import {
  client,
  createTenant,
  createTestApp,
  uniqueEmail,
  type TestApp,
} from '../../test/support/test-app.ts';
import type { CliIo } from './cli-kit.ts';
import { platformAdminCommand } from './platform-admin.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const KNOWN = { email: 'platform@kasir.demo', password: 'kasir-platform-123' };

function capture(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l) };
}

/** `npm run platform:admin` on this test's database (stdin is not a terminal here: the password is generated). */
async function runCommand(email: string) {
  const io = capture();
  const code = await platformAdminCommand(['--email', email], io, { DATABASE_URL: t.database.url });
  const password = /password \(shown once, keep it safe\): (\S+)/.exec(io.lines.join('\n'))?.[1];
  return { code, lines: io.lines, password };
}

describe('no published platform credentials', () => {
  it('the demo seeds no platform operator, and the old published login does not work', async () => {
    const demo = await seedDemo(t.app.db, t.services, () => new Date());
    expect(demo?.created).toBe(true);
    const admins = await t.app.db
      .selectFrom('users')
      .select('email')
      .where('platform_role', '=', 'admin')
      .execute();
    expect(admins).toEqual([]);
    expect((await client(t.app).post('/v1/auth/login', KNOWN)).status).toBe(401);
  });

  it('an install seeded by an earlier version loses the published operator at migration', async () => {
    const id = newId();
    await t.app.db
      .insertInto('users')
      .values({
        id,
        email: KNOWN.email,
        name: 'Platform admin',
        password_hash: await hashPassword(KNOWN.password),
        platform_role: 'admin',
      })
      .execute();
    const before = await client(t.app).post('/v1/auth/login', KNOWN);
    expect(before.status).toBe(200);
    const migration = await readFile(
      path.join(MIGRATIONS_DIR, '0010_ops_retire_demo_platform_admin.sql'),
      'utf8',
    );
    await sql.raw(migration).execute(t.app.db);
    expect((await client(t.app).post('/v1/auth/login', KNOWN)).status).toBe(401);
    expect((await client(t.app).get('/v1/platform/tenants', before.body.accessToken)).status).toBe(401);
    const row = await t.app.db
      .selectFrom('users')
      .select('platform_role')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.platform_role).toBeNull();
  });
});

describe('npm run platform:admin', () => {
  it('creates the operator with a generated password shown once, who can log in to the platform console', async () => {
    const email = uniqueEmail('ops');
    const run = await runCommand(email);
    expect(run.code).toBe(0);
    expect(run.lines.join('\n')).toContain(`created the platform operator ${email}`);
    expect(run.password).toMatch(/^\S{20,}$/);
    const login = await client(t.app).post('/v1/auth/login', { email, password: run.password });
    expect(login.status).toBe(200);
    expect((await client(t.app).get('/v1/platform/tenants', login.body.accessToken)).status).toBe(200);
  });

  it('resets the password of an existing operator and ends its sessions', async () => {
    const email = uniqueEmail('ops');
    const first = await runCommand(email);
    const session = await client(t.app).post('/v1/auth/login', { email, password: first.password });
    const second = await runCommand(email);
    expect(second.lines.join('\n')).toContain(`reset the password of ${email}`);
    expect(second.password).not.toBe(first.password);
    expect((await client(t.app).get('/v1/platform/tenants', session.body.accessToken)).status).toBe(401);
    expect((await client(t.app).post('/v1/auth/login', { email, password: first.password })).status).toBe(
      401,
    );
    expect((await client(t.app).post('/v1/auth/login', { email, password: second.password })).status).toBe(
      200,
    );
  });

  it('refuses to turn a business member into the operator, and says what is wrong on the command line', async () => {
    const tenant = await createTenant(t.app);
    await expect(runCommand(tenant.email)).rejects.toThrow(/belongs to 1 business/);
    await expect(
      platformAdminCommand(['--name', 'x'], capture(), { DATABASE_URL: t.database.url }),
    ).rejects.toThrow(/--email is required/);
    await expect(
      platformAdminCommand(['--email', 'not-an-email'], capture(), { DATABASE_URL: t.database.url }),
    ).rejects.toThrow(/not an email address/);
  });
});
