import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../../test/support/poll.ts';
import {
  addStaff,
  client,
  createPlatformAdmin,
  createSecondNode,
  createTenant,
  createTestApp,
  pairDevice,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { upsertPlatformAdmin } from './index.ts';

// Two nodes of one installation (two apps, each with its own pool, LISTEN connections and session
// cache) on one database. Each node answers a warm token from its session cache; a change made
// through either node is refused on the node that made it at once and on the other one as soon
// as the commit's NOTIFY arrives (polled here for at most 2 s; the entries would live 30 s).
let a: TestApp;
let b: Awaited<ReturnType<typeof createSecondNode>>;
beforeAll(async () => {
  a = await createTestApp();
  b = await createSecondNode(a);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const me = (node: 'a' | 'b', token: string) => client(node === 'a' ? a.app : b.app).get('/v1/auth/me', token);

/** Both nodes accept the token twice (the second answer from their caches). */
async function warm(token: string, path = '/v1/auth/me'): Promise<void> {
  for (const app of [a.app, a.app, b.app, b.app]) {
    expect((await client(app).get(path, token)).status).toBe(200);
  }
}

/** The other node's answer once it refuses, or its last answer after 2 s. */
function onB(token: string, path = '/v1/auth/me') {
  return pollUntil(
    () => client(b.app).get(path, token),
    (r) => r.status !== 200,
    2000,
  );
}

describe('session cache on two nodes', () => {
  it('a logout on one node is refused on both', async () => {
    const tenant = await createTenant(a.app);
    const login = await client(a.app).post('/v1/auth/login', {
      email: tenant.email,
      password: tenant.password,
    });
    const token = login.body.accessToken as string;
    await warm(token);
    expect((await client(a.app).post('/v1/auth/logout', undefined, token)).status).toBe(204);
    expect((await me('a', token)).body.code).toBe('auth.session_revoked');
    expect((await onB(token)).body).toMatchObject({ code: 'auth.session_revoked', reason: 'logout' });
  });

  it('a role change, a disabled membership and new outlet limits apply on both nodes', async () => {
    const tenant = await createTenant(a.app);
    const api = client(a.app);
    const role = await api.post(
      '/v1/roles',
      { key: 'lead', name: 'Lead', permissions: ['staff:read'] },
      tenant.ownerToken,
    );
    const lead = await api.post(
      '/v1/staff',
      { email: `lead-${Date.now()}@test.kasir`, name: 'Lead', password: 'password123', roleId: role.body.id },
      tenant.ownerToken,
    );
    const login = await api.post('/v1/auth/login', { email: lead.body.email, password: 'password123' });
    const token = login.body.accessToken as string;
    await warm(token, '/v1/staff');
    await api.patch(`/v1/roles/${role.body.id}`, { permissions: ['orders:create'] }, tenant.ownerToken);
    expect((await api.get('/v1/staff', token)).status).toBe(403);
    expect((await onB(token, '/v1/staff')).status).toBe(403);

    const cashier = await addStaff(a.app, tenant, 'cashier');
    await warm(cashier.token);
    const other = await api.post('/v1/outlets', { name: 'Other' }, tenant.ownerToken);
    await api.patch(`/v1/staff/${cashier.membershipId}`, { outletIds: [other.body.id] }, tenant.ownerToken);
    for (const node of ['a', 'b'] as const) {
      const seen = await pollUntil(
        () => me(node, cashier.token),
        (r) => JSON.stringify(r.body.outletIds) === JSON.stringify([other.body.id]),
        node === 'a' ? 0 : 2000,
      );
      expect(seen.body.outletIds).toEqual([other.body.id]);
    }
    await client(b.app).patch(`/v1/staff/${cashier.membershipId}`, { status: 'disabled' }, tenant.ownerToken);
    expect((await me('b', cashier.token)).body.code).toBe('auth.session_revoked');
    expect(
      (
        await pollUntil(
          () => me('a', cashier.token),
          (r) => r.status !== 200,
          2000,
        )
      ).status,
    ).toBe(401);
  });

  it('a suspended business, a revoked device and a password reset are refused on both nodes', async () => {
    const tenant = await createTenant(a.app);
    const admin = await createPlatformAdmin(a.app);
    await warm(tenant.ownerToken);
    const suspended = await client(b.app).post(
      `/v1/platform/tenants/${tenant.tenantId}/suspend`,
      undefined,
      admin.token,
    );
    expect(suspended.body.status).toBe('suspended');
    expect((await me('b', tenant.ownerToken)).body.code).toBe('auth.tenant_suspended');
    const onA = await pollUntil(
      () => me('a', tenant.ownerToken),
      (r) => r.status !== 200,
      2000,
    );
    expect(onA.body.code).toBe('auth.tenant_suspended');
    await client(b.app).post(`/v1/platform/tenants/${tenant.tenantId}/reactivate`, undefined, admin.token);
    expect((await me('b', tenant.ownerToken)).status).toBe(200);
    expect(
      (
        await pollUntil(
          () => me('a', tenant.ownerToken),
          (r) => r.status === 200,
          2000,
        )
      ).status,
    ).toBe(200);

    // A staff PIN session opened on a register device ends with the device.
    const cashier = await addStaff(a.app, tenant, 'cashier', { pin: '4321' });
    const device = await pairDevice(a.app, tenant);
    const pin = await client(a.app).post(
      '/v1/auth/pin',
      { membershipId: cashier.membershipId, pin: '4321' },
      device,
    );
    await warm(pin.body.accessToken);
    const devices = await client(a.app).get('/v1/devices', tenant.ownerToken);
    const deviceId = (devices.body.items as { id: string }[])[0]!.id;
    expect((await client(a.app).delete(`/v1/devices/${deviceId}`, tenant.ownerToken)).status).toBe(200);
    expect((await me('a', pin.body.accessToken)).status).toBe(401);
    expect((await onB(pin.body.accessToken)).status).toBe(401);

    // The operator's password reset (a command, not a route) ends the admin's sessions.
    await warm(admin.token, '/v1/platform/tenants');
    await upsertPlatformAdmin(a.app.db, { email: admin.email, password: 'a new password' }, new Date());
    for (const node of [a.app, b.app]) {
      const r = await pollUntil(
        () => client(node).get('/v1/platform/tenants', admin.token),
        (x) => x.status !== 200,
        2000,
      );
      expect(r.body.code).toBe('auth.session_revoked');
    }
  });

  it('answers from the cache only while its LISTEN connection is up', async () => {
    const tenant = await createTenant(a.app);
    const token = tenant.ownerToken;
    await warm(token);
    // A change the triggers do not see (replication role) is not seen by a warm cache: the
    // answers above came from it, not from the database.
    const sessionOf = async () =>
      (
        await a.database.db
          .selectFrom('auth_sessions')
          .select('id')
          .where('user_id', '=', tenant.ownerUserId)
          .executeTakeFirstOrThrow()
      ).id;
    const sessionId = await sessionOf();
    const silently = (revoked: boolean) =>
      a.database.db.connection().execute(async (db) => {
        await sql`set session_replication_role = replica`.execute(db);
        await db
          .updateTable('auth_sessions')
          .set({ revoked_at: revoked ? new Date() : null })
          .where('id', '=', sessionId)
          .execute();
        await sql`set session_replication_role = origin`.execute(db);
      });
    await silently(true);
    expect((await me('b', token)).status).toBe(200);
    // Without its LISTEN connection a node could miss an invalidation: it reads the database
    // until the connection is back (and starts from an empty cache then).
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = 'kasir-cache' and datname = current_database()`.execute(a.database.db);
    const refused = await pollUntil(
      () => me('b', token),
      (r) => r.status !== 200,
      2000,
    );
    expect(refused.body.code).toBe('auth.session_revoked');
    await silently(false);
    expect((await me('b', token)).status).toBe(200);
    // Back after the reconnection (1 s): cached again, so the silent revoke is not seen.
    await new Promise((r) => setTimeout(r, 3000));
    await warm(token);
    await silently(true);
    expect((await me('b', token)).status).toBe(200);
    expect((await me('a', token)).status).toBe(200);
    await silently(false);
  });
});
