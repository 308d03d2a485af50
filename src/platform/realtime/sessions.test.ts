import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_TTL_SECONDS } from '../auth/jwt.ts';
import { realtimeClients, until } from '../../../test/support/realtime-clients.ts';
import {
  addStaff,
  client,
  createPlatformAdmin,
  createTenant,
  createTestApp,
  pairDevice,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';

// A realtime session lasts no longer than its credential: every way a credential ends reaches the
// socket at once, with a reason the client can read, and nothing is delivered to it afterwards.

let t: TestApp;
let url: string;
let a: TenantFixture;
let item: { id: string; variants: { id: string }[] };
const clients = realtimeClients<{ seq: string; type: string; orderId: string | null }>(() => url);
const open = clients.open;
const api = () => client(t.app);
/** How long a revocation may take to reach a socket on this node. */
const ENDS_WITHIN_MS = 3000;

type Opened = Awaited<ReturnType<typeof open>>;

async function ended(c: Opened, reason: string): Promise<void> {
  await until(() => c.end.disconnected !== null, ENDS_WITHIN_MS);
  expect(c.end.sessionEnded?.reason).toBe(reason);
  expect(c.end.sessionEnded?.message).toEqual(expect.any(String));
  expect(c.end.disconnected).toBe('io server disconnect');
}

const newOrder = async (fx: TenantFixture = a) =>
  (
    await api().post(
      '/v1/orders',
      {
        outletId: fx.outletId,
        diningOption: 'takeaway',
        lines: [{ itemId: item.id, variantId: item.variants[0]!.id, quantity: 1 }],
      },
      fx.ownerToken,
    )
  ).body as { id: string };

/** A live socket receives the next order: the session is still delivering. */
async function stillLive(...sockets: Opened[]): Promise<void> {
  const order = await newOrder();
  await until(() => sockets.every((s) => s.events.some((e) => e.orderId === order.id)));
}

async function login(fx: { email: string; password: string }) {
  const res = await api().post('/v1/auth/login', { email: fx.email, password: fx.password });
  expect(res.status).toBe(200);
  return res.body as { accessToken: string; refreshToken: string };
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  a = await createTenant(t.app, 'Sessions A');
  item = (
    await api().post(
      '/v1/catalog/items',
      { name: 'Teh', variants: [{ name: 'R', price: 800_000 }] },
      a.ownerToken,
    )
  ).body;
});
afterAll(async () => {
  clients.closeAll();
  await t.close();
});

describe('realtime sessions end with their credential', () => {
  it('logout ends that session’s sockets at once, with a reason; the same user’s other session keeps going', async () => {
    const first = await login(a);
    const second = await login(a);
    const gone = await open({ token: first.accessToken });
    const stays = await open({ token: second.accessToken });
    expect((await api().post('/v1/auth/logout', undefined, first.accessToken)).status).toBe(204);
    await ended(gone, 'logout');
    const after = await newOrder();
    await until(() => stays.events.some((e) => e.orderId === after.id));
    expect(gone.events.some((e) => e.orderId === after.id)).toBe(false);
    // The internal event is not part of anyone's feed.
    const feed = await api().get('/v1/events?after=0&limit=500', a.ownerToken);
    expect(feed.body.items.map((e: { type: string }) => e.type)).not.toContain('credential.revoked');
    expect(stays.events.map((e) => e.type)).not.toContain('credential.revoked');
  });

  it('a reused refresh token revokes the session, and its sockets end', async () => {
    const s = await login(a);
    const socket = await open({ token: s.accessToken });
    expect((await api().post('/v1/auth/refresh', { refreshToken: s.refreshToken })).status).toBe(200);
    const reused = await api().post('/v1/auth/refresh', { refreshToken: s.refreshToken });
    expect(reused.body.code).toBe('auth.refresh_reused');
    await ended(socket, 'session_revoked');
  });

  it('revoking an API key ends its sockets; another key keeps going', async () => {
    const key = async () =>
      (await api().post('/v1/api-keys', { name: 'feed', scopes: ['orders:read'] }, a.ownerToken)).body as {
        apiKey: { id: string };
        secret: string;
      };
    const [revoked, kept] = [await key(), await key()];
    const gone = await open({ token: revoked.secret });
    const stays = await open({ token: kept.secret });
    expect((await api().delete(`/v1/api-keys/${revoked.apiKey.id}`, a.ownerToken)).status).toBe(200);
    await ended(gone, 'api_key_revoked');
    await stillLive(stays);
    await expect(open({ token: revoked.secret })).rejects.toMatchObject({ code: 'auth.token_invalid' });
  });

  it('unpairing a device ends its own socket and the staff PIN sessions opened on it', async () => {
    const deviceToken = await pairDevice(t.app, a);
    const deviceId = (await api().get('/v1/devices', a.ownerToken)).body.items[0].id as string;
    const cashier = await addStaff(t.app, a, 'cashier', { pin: '2468' });
    const pin = await api().post(
      '/v1/auth/pin',
      { membershipId: cashier.membershipId, pin: '2468' },
      deviceToken,
    );
    expect(pin.status).toBe(200);
    const device = await open({ token: deviceToken });
    const onDevice = await open({ token: pin.body.accessToken });
    const elsewhere = await open({ token: cashier.token }); // the same cashier's password session
    expect((await api().delete(`/v1/devices/${deviceId}`, a.ownerToken)).status).toBe(200);
    await ended(device, 'device_revoked');
    await ended(onDevice, 'device_revoked');
    await stillLive(elsewhere);
  });

  it('disabling a staff member ends their sockets; a role change ends them so they reconnect with what they may see now', async () => {
    const leaving = await addStaff(t.app, a, 'cashier');
    const moved = await addStaff(t.app, a, 'cashier');
    const renamed = await addStaff(t.app, a, 'cashier');
    const sLeaving = await open({ token: leaving.token });
    const sMoved = await open({ token: moved.token });
    const sRenamed = await open({ token: renamed.token });
    const patch = (id: string, body: Record<string, unknown>) =>
      api().patch(`/v1/staff/${id}`, body, a.ownerToken);
    expect((await patch(leaving.membershipId, { status: 'disabled' })).status).toBe(200);
    await ended(sLeaving, 'membership_disabled');
    await expect(open({ token: leaving.token })).rejects.toMatchObject({ code: 'auth.session_revoked' });

    const roles = (await api().get('/v1/roles', a.ownerToken)).body.items as { id: string; key: string }[];
    // Cashier → waiter (the kitchen role no longer reads orders, and stillLive below waits for one).
    const waiter = roles.find((r) => r.key === 'waiter')!.id;
    expect((await patch(moved.membershipId, { roleId: waiter })).status).toBe(200);
    await ended(sMoved, 'access_changed');
    // The member may still connect: reconnecting from where it was, it gets the waiter's view.
    const back = await open({ token: moved.token, lastSeq: sMoved.ready.seq });
    expect(BigInt(back.ready.seq)).toBeGreaterThan(BigInt(sMoved.ready.seq));

    // A change that does not touch access leaves the socket alone.
    expect((await patch(renamed.membershipId, { displayName: 'New name' })).status).toBe(200);
    await stillLive(sRenamed, back);
    expect(sRenamed.end.disconnected).toBeNull();
  });

  it('changing a custom role’s permissions ends the sockets of everyone holding it; renaming it does not', async () => {
    const role = await api().post(
      '/v1/roles',
      { key: 'runner', name: 'Runner', permissions: ['orders:read', 'payments:create'] },
      a.ownerToken,
    );
    expect(role.status).toBe(201);
    const runner = await open({ token: (await addStaff(t.app, a, 'runner')).token });
    const rename = await api().patch(`/v1/roles/${role.body.id}`, { name: 'Floor runner' }, a.ownerToken);
    expect(rename.status).toBe(200);
    await stillLive(runner);
    const narrowed = await api().patch(
      `/v1/roles/${role.body.id}`,
      { permissions: ['orders:read'] },
      a.ownerToken,
    );
    expect(narrowed.status).toBe(200);
    await ended(runner, 'access_changed');
  });

  it('suspending a tenant ends every socket of that tenant, and only of that tenant', async () => {
    const c = await createTenant(t.app, 'Sessions C');
    const key = (await api().post('/v1/api-keys', { name: 'k', scopes: ['orders:read'] }, c.ownerToken)).body
      .secret as string;
    const owner = await open({ token: c.ownerToken });
    const integration = await open({ token: key });
    const otherTenant = await open({ token: a.ownerToken });
    const admin = await createPlatformAdmin(t.app);
    expect(
      (await api().post(`/v1/platform/tenants/${c.tenantId}/suspend`, undefined, admin.token)).status,
    ).toBe(200);
    await ended(owner, 'tenant_suspended');
    await ended(integration, 'tenant_suspended');
    await stillLive(otherTenant);
    await expect(open({ token: c.ownerToken })).rejects.toMatchObject({ code: 'auth.tenant_suspended' });
  });

  it('an access token ends at its expiry; `auth` with a fresh token of the same session extends it', async () => {
    const { sid, sub, tid } = decodeJwt(a.ownerToken) as { sid: string; sub: string; tid: string };
    // Signed as if 2 s before the end of its lifetime: it expires ~2 s from now (the real clock).
    const shortLived = () =>
      t.services.tokens.sign({ sub, sid, tid }, new Date(Date.now() - (ACCESS_TOKEN_TTL_SECONDS - 2) * 1000));
    const expiring = await open({ token: await shortLived() });
    const refreshed = await open({ token: await shortLived() });
    expect(Date.parse(expiring.ready.expiresAt!)).toBeLessThanOrEqual(Date.now() + 2000);

    const ack = (socket: Opened['socket'], message: unknown) =>
      new Promise<{ ok: boolean; code?: string; expiresAt?: string }>((resolve) =>
        socket.emit('auth', message, resolve),
      );
    // Another session's token, or garbage, is refused and changes nothing.
    const other = await login(a);
    expect(await ack(refreshed.socket, { token: other.accessToken })).toMatchObject({
      ok: false,
      code: 'auth.forbidden',
    });
    expect(await ack(refreshed.socket, {})).toMatchObject({ ok: false, code: 'request.invalid' });
    expect(await ack(refreshed.socket, { token: 'garbage' })).toMatchObject({
      ok: false,
      code: 'auth.token_invalid',
    });
    const fresh = await t.services.tokens.sign({ sub, sid, tid }, new Date());
    const ok = await ack(refreshed.socket, { token: fresh });
    expect(ok.ok).toBe(true);
    expect(Date.parse(ok.expiresAt!)).toBeGreaterThan(Date.now() + 60_000);

    await ended(expiring, 'token_expired');
    await stillLive(refreshed);
    expect(refreshed.end.disconnected).toBeNull();
  });

  it('an unknown room kind or a malformed subscription is a clean connect_error; the server keeps serving', async () => {
    const refused = async (subscribe: unknown) => {
      const err = await open({ token: a.ownerToken, subscribe }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, JSON.stringify(subscribe)).toMatchObject({ code: 'realtime.subscription_invalid' });
      return err as { details?: unknown };
    };
    expect(await refused([{ room: 'galaxy', id: a.outletId }])).toMatchObject({
      details: { room: 'galaxy' },
    });
    await refused('tenant');
    await refused([null]);
    await refused([{ room: 'outlet', id: 42 }]);
    await refused(Array.from({ length: 51 }, () => ({ room: 'tenant' })));
    // An id that is not even a UUID is simply not a room you may join.
    await expect(
      open({ token: a.ownerToken, subscribe: [{ room: 'order', id: 'x' }] }),
    ).rejects.toMatchObject({
      code: 'auth.forbidden',
    });
    await stillLive(await open({ token: a.ownerToken, subscribe: [{ room: 'outlet', id: a.outletId }] }));
  });
});
