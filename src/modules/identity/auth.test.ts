import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  client,
  createManualClock,
  createPlatformAdmin,
  createTenant,
  createTestApp,
  pairDevice,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { lockDurationMs } from './lockout.ts';

let t: TestApp;
const clock = createManualClock(new Date());
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => {
  await t.close();
});

describe('password login and tokens', () => {
  it('logs in, reads /me, and refuses expired and forged tokens', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    const login = await api.post('/v1/auth/login', { email: tenant.email, password: tenant.password });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, tenantId: tenant.tenantId });
    const me = await api.get('/v1/auth/me', login.body.accessToken);
    expect(me.body).toMatchObject({
      kind: 'user',
      role: 'owner',
      tenantId: tenant.tenantId,
      outletIds: null,
    });

    // Forged: same claims, another secret.
    const forged = await new SignJWT({ sid: 'x', tid: tenant.tenantId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(tenant.ownerUserId)
      .setIssuer('kasir')
      .setAudience('kasir-api')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('not-the-server-secret-not-the-server'));
    expect((await api.get('/v1/auth/me', forged)).body.code).toBe('auth.token_invalid');
    // alg=none and garbage.
    const [h, p] = login.body.accessToken.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`;
    expect((await api.get('/v1/auth/me', none)).status).toBe(401);
    expect((await api.get('/v1/auth/me', `${h}.${p}.AAAA`)).body.code).toBe('auth.token_invalid');
    expect((await api.get('/v1/auth/me', 'garbage')).status).toBe(401);

    // Expired: 16 minutes later.
    clock.advance(16 * 60_000);
    const expired = await api.get('/v1/auth/me', login.body.accessToken);
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('auth.token_expired');
    clock.set(new Date());
  });

  it('rotates refresh tokens and revokes the whole family when a rotated one is reused', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    const login = await api.post('/v1/auth/login', { email: tenant.email, password: tenant.password });
    const first = login.body.refreshToken as string;
    const r1 = await api.post('/v1/auth/refresh', { refreshToken: first });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(first);
    const r2 = await api.post('/v1/auth/refresh', { refreshToken: r1.body.refreshToken });
    expect(r2.status).toBe(200);
    // Reuse of the first (rotated) token: refused, and the family is revoked...
    const reuse = await api.post('/v1/auth/refresh', { refreshToken: first });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('auth.refresh_reused');
    // ...so the newest refresh token and the live access tokens stop working too.
    expect((await api.post('/v1/auth/refresh', { refreshToken: r2.body.refreshToken })).body.code).toBe(
      'auth.session_revoked',
    );
    expect((await api.get('/v1/auth/me', r2.body.accessToken)).body.code).toBe('auth.session_revoked');
    // A forged refresh token (right id, wrong secret) is just invalid.
    const [prefix] = (r2.body.refreshToken as string).split('.');
    expect(
      (await api.post('/v1/auth/refresh', { refreshToken: `${prefix}.${'A'.repeat(43)}` })).body.code,
    ).toBe('auth.token_invalid');
  });

  it('logout ends the session at once', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    const login = await api.post('/v1/auth/login', { email: tenant.email, password: tenant.password });
    expect((await api.post('/v1/auth/logout', undefined, login.body.accessToken)).status).toBe(204);
    expect((await api.get('/v1/auth/me', login.body.accessToken)).status).toBe(401);
    expect((await api.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401);
    // The owner's sign-up session is unaffected.
    expect((await api.get('/v1/auth/me', tenant.ownerToken)).status).toBe(200);
  });

  it('asks which business when a user belongs to several', async () => {
    const api = client(t.app);
    const a = await createTenant(t.app, 'Alpha');
    const b = await createTenant(t.app, 'Beta');
    const roles = await api.get('/v1/roles', b.ownerToken);
    const cashierRole = roles.body.items.find((r: { key: string }) => r.key === 'cashier').id;
    expect(
      (await api.post('/v1/staff', { email: a.email, name: 'Shared', roleId: cashierRole }, b.ownerToken))
        .status,
    ).toBe(201);
    const ambiguous = await api.post('/v1/auth/login', { email: a.email, password: a.password });
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.body.code).toBe('auth.tenant_required');
    expect(ambiguous.body.tenants.map((x: { id: string }) => x.id).sort()).toEqual(
      [a.tenantId, b.tenantId].sort(),
    );
    const intoB = await api.post('/v1/auth/login', {
      email: a.email,
      password: a.password,
      tenantId: b.tenantId,
    });
    expect(intoB.status).toBe(200);
    expect((await api.get('/v1/auth/me', intoB.body.accessToken)).body).toMatchObject({
      tenantId: b.tenantId,
      role: 'cashier',
    });
  });
});

describe('lockout', () => {
  it('locks an account after repeated wrong passwords, with back-off, and unlocks after the wait', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    for (let i = 0; i < 5; i++) {
      const r = await api.post('/v1/auth/login', { email: tenant.email, password: 'wrong password' });
      expect(r.body.code).toBe('auth.invalid_credentials');
    }
    // Locked now: even the right password is refused, with a Retry-After hint.
    const locked = await api.post('/v1/auth/login', { email: tenant.email, password: tenant.password });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('auth.locked');
    expect(locked.body.retryAfterSeconds).toBe(30);
    clock.advance(31_000);
    // One more failure doubles the lock.
    await api.post('/v1/auth/login', { email: tenant.email.toUpperCase(), password: 'wrong again' });
    const locked2 = await api.post('/v1/auth/login', { email: tenant.email, password: tenant.password });
    expect(locked2.body.retryAfterSeconds).toBe(60);
    clock.advance(61_000);
    expect(
      (await api.post('/v1/auth/login', { email: tenant.email, password: tenant.password })).status,
    ).toBe(200);
    clock.set(new Date());
  });

  it('back-off doubles and is capped at an hour', () => {
    expect([0, 4, 5, 6, 7].map(lockDurationMs)).toEqual([0, 0, 30_000, 60_000, 120_000]);
    expect(lockDurationMs(40)).toBe(3_600_000);
  });

  it('unknown emails are refused the same way', async () => {
    const r = await client(t.app).post('/v1/auth/login', {
      email: 'nobody@nowhere.test',
      password: 'whatever1',
    });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('auth.invalid_credentials');
  });
});

describe('roles, outlet limits and API keys', () => {
  it('enforces role permissions', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    const cashier = await addStaff(t.app, tenant, 'cashier');
    const denied = await api.post('/v1/outlets', { name: 'X' }, cashier.token);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'auth.forbidden', permission: 'outlets:manage' });
    expect((await api.get('/v1/staff', cashier.token)).status).toBe(403);
    expect((await api.get('/v1/outlets', cashier.token)).status).toBe(200);
  });

  it('limits an outlet-scoped manager to their outlets', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    const other = await api.post('/v1/outlets', { name: 'Other' }, tenant.ownerToken);
    const otherRegister = await api.post(
      '/v1/registers',
      { outletId: other.body.id, name: 'R' },
      tenant.ownerToken,
    );
    const manager = await addStaff(t.app, tenant, 'manager', { outletIds: [tenant.outletId] });
    const outlets = await api.get('/v1/outlets', manager.token);
    expect(outlets.body.items.map((o: { id: string }) => o.id)).toEqual([tenant.outletId]);
    expect((await api.get(`/v1/outlets/${other.body.id}`, manager.token)).body.code).toBe(
      'auth.outlet_forbidden',
    );
    expect((await api.get(`/v1/registers/${otherRegister.body.id}`, manager.token)).status).toBe(403);
    expect(
      (await api.post('/v1/registers', { outletId: other.body.id, name: 'Sneaky' }, manager.token)).status,
    ).toBe(403);
    expect(
      (await api.post(`/v1/registers/${otherRegister.body.id}/pairing-codes`, {}, manager.token)).status,
    ).toBe(403);
    const registers = await api.get('/v1/registers', manager.token);
    expect(registers.body.items.map((r: { id: string }) => r.id)).toEqual([tenant.registerId]);
    expect(
      (await api.post('/v1/registers', { outletId: tenant.outletId, name: 'Mine' }, manager.token)).status,
    ).toBe(201);
  });

  it('prevents privilege escalation', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    const manager = await addStaff(t.app, tenant, 'manager');
    const roles = await api.get('/v1/roles', tenant.ownerToken);
    const byKey = Object.fromEntries(roles.body.items.map((r: { key: string; id: string }) => [r.key, r.id]));
    const asOwner = await api.post(
      '/v1/staff',
      { email: 'x-owner@test.kasir', name: 'X', password: 'password123', roleId: byKey.owner },
      manager.token,
    );
    expect(asOwner.status).toBe(403);
    const asAdmin = await api.post(
      '/v1/staff',
      { email: 'x-admin@test.kasir', name: 'X', password: 'password123', roleId: byKey.admin },
      manager.token,
    );
    expect(asAdmin.status).toBe(403);
    const cashier = await api.post(
      '/v1/staff',
      {
        email: `x-cashier-${Date.now()}@test.kasir`,
        name: 'X',
        password: 'password123',
        roleId: byKey.cashier,
      },
      manager.token,
    );
    expect(cashier.status).toBe(201);
  });

  it('builds custom roles from the catalogue', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    const bad = await api.post(
      '/v1/roles',
      { key: 'shift_lead', name: 'Shift lead', permissions: ['orders:create', 'rockets:launch'] },
      tenant.ownerToken,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.permissions).toEqual(['rockets:launch']);
    const role = await api.post(
      '/v1/roles',
      { key: 'shift_lead', name: 'Shift lead', permissions: ['orders:create', 'cash:no_sale', 'staff:read'] },
      tenant.ownerToken,
    );
    expect(role.status).toBe(201);
    const dup = await api.post(
      '/v1/roles',
      { key: 'shift_lead', name: 'Again', permissions: [] },
      tenant.ownerToken,
    );
    expect(dup.status).toBe(409);
    const staff = await api.post(
      '/v1/staff',
      { email: `lead-${Date.now()}@test.kasir`, name: 'Lead', password: 'password123', roleId: role.body.id },
      tenant.ownerToken,
    );
    const login = await api.post('/v1/auth/login', { email: staff.body.email, password: 'password123' });
    expect((await api.get('/v1/staff', login.body.accessToken)).status).toBe(200);
    expect((await api.post('/v1/outlets', { name: 'no' }, login.body.accessToken)).status).toBe(403);
    // Changing the role applies to live sessions at once.
    await api.patch(`/v1/roles/${role.body.id}`, { permissions: ['orders:create'] }, tenant.ownerToken);
    expect((await api.get('/v1/staff', login.body.accessToken)).status).toBe(403);
  });

  it('API keys: shown once, stored hashed, scoped, revocable', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    const created = await api.post(
      '/v1/api-keys',
      { name: 'Integration', scopes: ['staff:read'] },
      tenant.ownerToken,
    );
    expect(created.status).toBe(201);
    const key = created.body.secret as string;
    expect(key).toMatch(/^kak_/);
    const stored = await t.database.db
      .selectFrom('api_keys')
      .select('secret_hash')
      .where('id', '=', created.body.apiKey.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret_hash).not.toContain(key.split('.')[1]);
    const list = await api.get('/v1/api-keys', tenant.ownerToken);
    expect(JSON.stringify(list.body)).not.toContain(key.split('.')[1]);
    expect((await api.get('/v1/staff', key)).status).toBe(200);
    const outside = await api.post('/v1/outlets', { name: 'nope' }, key);
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('auth.forbidden');
    // A cashier cannot mint a key with scopes they do not hold (nor manage keys at all).
    const cashier = await addStaff(t.app, tenant, 'cashier');
    expect(
      (await api.post('/v1/api-keys', { name: 'x', scopes: ['staff:read'] }, cashier.token)).status,
    ).toBe(403);
    expect((await api.delete(`/v1/api-keys/${created.body.apiKey.id}`, tenant.ownerToken)).status).toBe(200);
    expect((await api.get('/v1/staff', key)).status).toBe(401);
  });
});

describe('register devices, PIN login and manager approval', () => {
  it('pairs a device with a one-time code and signs staff in with a PIN', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    const cashier = await addStaff(t.app, tenant, 'cashier', { pin: '4321' });
    const code = await api.post(`/v1/registers/${tenant.registerId}/pairing-codes`, {}, tenant.ownerToken);
    expect(code.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const paired = await api.post('/v1/devices/pair', {
      code: code.body.code.toLowerCase().replace('-', ' '),
      name: 'Tablet',
    });
    expect(paired.status).toBe(201);
    // One-time: a second use fails.
    expect((await api.post('/v1/devices/pair', { code: code.body.code, name: 'Tablet 2' })).body.code).toBe(
      'auth.pairing_code_invalid',
    );
    const device = paired.body.deviceToken as string;
    // A device token is not a staff credential.
    expect((await api.get('/v1/outlets', device)).status).toBe(403);
    const staffList = await api.get('/v1/device/staff', device);
    expect(staffList.body.items.map((s: { id: string }) => s.id)).toContain(cashier.membershipId);
    const wrong = await api.post('/v1/auth/pin', { membershipId: cashier.membershipId, pin: '0000' }, device);
    expect(wrong.body.code).toBe('auth.invalid_credentials');
    const pin = await api.post('/v1/auth/pin', { membershipId: cashier.membershipId, pin: '4321' }, device);
    expect(pin.status).toBe(200);
    const me = await api.get('/v1/auth/me', pin.body.accessToken);
    expect(me.body).toMatchObject({
      kind: 'user',
      role: 'cashier',
      membershipId: cashier.membershipId,
      deviceId: paired.body.device.id,
    });
    // Revoking the device ends its PIN sessions.
    expect((await api.delete(`/v1/devices/${paired.body.device.id}`, tenant.ownerToken)).status).toBe(200);
    expect((await api.get('/v1/auth/me', pin.body.accessToken)).status).toBe(401);
    expect((await api.get('/v1/device/staff', device)).status).toBe(401);
  });

  it('locks a PIN after repeated failures', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    const cashier = await addStaff(t.app, tenant, 'cashier', { pin: '5555' });
    const device = await pairDevice(t.app, tenant);
    for (let i = 0; i < 5; i++) {
      await api.post('/v1/auth/pin', { membershipId: cashier.membershipId, pin: '1234' }, device);
    }
    const locked = await api.post(
      '/v1/auth/pin',
      { membershipId: cashier.membershipId, pin: '5555' },
      device,
    );
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('auth.locked');
  });

  it("a manager's PIN approves one no-sale, once; the audit log names both", async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    const manager = await addStaff(t.app, tenant, 'manager', { pin: '9876' });
    const cashier = await addStaff(t.app, tenant, 'cashier', { pin: '1111' });
    const noSale = (approvalId?: string) =>
      api.post(
        `/v1/registers/${tenant.registerId}/no-sale`,
        { reason: 'change for a 100k note', ...(approvalId ? { approvalId } : {}) },
        cashier.token,
      );

    const denied = await noSale();
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'auth.forbidden', approvalRequired: true });

    const badPin = await api.post(
      '/v1/approvals',
      {
        approverId: manager.membershipId,
        pin: '0000',
        permission: 'cash:no_sale',
        targetType: 'register',
        targetId: tenant.registerId,
      },
      cashier.token,
    );
    expect(badPin.status).toBe(401);
    // A cashier cannot approve (no permission), even with the right PIN.
    const byCashier = await api.post(
      '/v1/approvals',
      {
        approverId: cashier.membershipId,
        pin: '1111',
        permission: 'cash:no_sale',
        targetType: 'register',
        targetId: tenant.registerId,
      },
      cashier.token,
    );
    expect(byCashier.status).toBe(403);

    const approval = await api.post(
      '/v1/approvals',
      {
        approverId: manager.membershipId,
        pin: '9876',
        permission: 'cash:no_sale',
        targetType: 'register',
        targetId: tenant.registerId,
      },
      cashier.token,
    );
    expect(approval.status).toBe(201);
    const ok = await noSale(approval.body.approvalId);
    expect(ok.status).toBe(200);
    expect(ok.body.approvedBy).toBe(manager.membershipId);
    const again = await noSale(approval.body.approvalId);
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('auth.approval_invalid');

    // Approval for another target does not work here.
    const other = await api.post(
      '/v1/approvals',
      {
        approverId: manager.membershipId,
        pin: '9876',
        permission: 'cash:no_sale',
        targetType: 'register',
        targetId: '00000000-0000-7000-8000-000000000000',
      },
      cashier.token,
    );
    expect((await noSale(other.body.approvalId)).body.code).toBe('auth.approval_invalid');

    // Expired after five minutes.
    const late = await api.post(
      '/v1/approvals',
      {
        approverId: manager.membershipId,
        pin: '9876',
        permission: 'cash:no_sale',
        targetType: 'register',
        targetId: tenant.registerId,
      },
      cashier.token,
    );
    clock.advance(5 * 60_000 + 1000);
    const refreshed = await api.post('/v1/auth/login', { email: cashier.email, password: cashier.password });
    expect(
      (
        await api.post(
          `/v1/registers/${tenant.registerId}/no-sale`,
          { reason: 'late', approvalId: late.body.approvalId },
          refreshed.body.accessToken,
        )
      ).body.code,
    ).toBe('auth.approval_invalid');
    clock.set(new Date());

    const audit = await api.get('/v1/audit?action=register.no_sale', tenant.ownerToken);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      actorId: cashier.userId,
      approverId: manager.membershipId,
      approvalId: approval.body.approvalId,
    });
    // The manager may do it without approval.
    expect(
      (await api.post(`/v1/registers/${tenant.registerId}/no-sale`, { reason: 'count' }, manager.token))
        .status,
    ).toBe(200);
  });
});

describe('platform administration', () => {
  it("lists and suspends tenants; a suspended tenant's credentials stop working", async () => {
    const api = client(t.app);
    const admin = await createPlatformAdmin(t.app);
    const tenant = await createTenant(t.app);
    const key = await api.post('/v1/api-keys', { name: 'k', scopes: ['staff:read'] }, tenant.ownerToken);
    const device = await pairDevice(t.app, tenant);
    expect((await api.get('/v1/platform/tenants', tenant.ownerToken)).status).toBe(403);
    const list = await api.get('/v1/platform/tenants?limit=500', admin.token);
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(tenant.tenantId);
    // The platform token is not a tenant credential.
    expect((await api.get('/v1/outlets', admin.token)).status).toBe(403);

    const suspended = await api.post(
      `/v1/platform/tenants/${tenant.tenantId}/suspend`,
      undefined,
      admin.token,
    );
    expect(suspended.body.status).toBe('suspended');
    for (const token of [tenant.ownerToken, key.body.secret, device]) {
      const r = await api.get('/v1/auth/me', token);
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('auth.tenant_suspended');
    }
    expect(
      (await api.post('/v1/auth/login', { email: tenant.email, password: tenant.password })).body.code,
    ).toBe('auth.tenant_suspended');
    await api.post(`/v1/platform/tenants/${tenant.tenantId}/reactivate`, undefined, admin.token);
    expect((await api.get('/v1/auth/me', tenant.ownerToken)).status).toBe(200);
    const audit = await api.get('/v1/audit?action=tenant.suspended', tenant.ownerToken);
    expect(audit.body.items[0]).toMatchObject({ actorType: 'platform' });
  });
});
