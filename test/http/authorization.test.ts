// Authorisation gaps (issue 9, point 5): payment reads need `payments:read` (the kitchen role does
// not have it), existing tenants' built-in roles gain it through a migration, the realtime payments
// topic follows the same permission, and an outlet id that is not the caller's is unknown (404).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/platform/db/migrate.ts';
import { newId } from '../../src/platform/ids/ids.ts';
import {
  addStaff,
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../support/test-app.ts';
import { createOrder, seedPaymentMenu, type PaymentMenu } from '../support/payments.ts';

let t: TestApp;
let a: TenantFixture;
let b: TenantFixture;
let menu: PaymentMenu;
let orderId: string;
let paymentId: string;
let refundId: string;

const api = () => client(t.app);

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.app, 'Authz Alpha');
  b = await createTenant(t.app, 'Authz Beta');
  menu = await seedPaymentMenu(t, a);
  const order = await createOrder(t, a, menu, { drinks: 1, snacks: 1 });
  orderId = order.id;
  const paid = await api().post(
    `/v1/orders/${orderId}/payments`,
    { method: 'card', card: { brand: 'visa', last4: '4242' } },
    a.ownerToken,
  );
  expect(paid.status).toBe(201);
  paymentId = paid.body.id;
  const refund = await api().post(
    `/v1/payments/${paymentId}/refunds`,
    { amount: 100_000, reason: 'cold tea' },
    a.ownerToken,
  );
  expect(refund.status).toBe(201);
  refundId = refund.body.id;
});
afterAll(async () => {
  await t.close();
});

const paymentReads = () => [
  `/v1/payments/${paymentId}`,
  `/v1/orders/${orderId}/payments`,
  `/v1/refunds/${refundId}`,
  `/v1/payments/${paymentId}/refunds`,
  `/v1/payments/${paymentId}/qr.svg`,
  `/v1/payments/${paymentId}/qr.png`,
];

describe('payment reads need payments:read', () => {
  it('the kitchen role gets 403 on every payment and refund read, and on the order (its totals are money)', async () => {
    const kitchen = await addStaff(t.app, a, 'kitchen');
    for (const url of paymentReads()) {
      const res = await api().get(url, kitchen.token);
      expect(res.status, url).toBe(403);
      expect(res.body, url).toMatchObject({ code: 'auth.forbidden', permission: 'payments:read' });
      expect(JSON.stringify(res.body), url).not.toContain('4242');
    }
    // Since issue 13 the kitchen reads tickets (no prices), never orders.
    expect((await api().get(`/v1/orders/${orderId}`, kitchen.token)).status).toBe(403);
  });

  it('owner, manager, cashier and waiter read payments and refunds', async () => {
    const staff = await Promise.all(['manager', 'cashier', 'waiter'].map((role) => addStaff(t.app, a, role)));
    for (const token of [a.ownerToken, ...staff.map((s) => s.token)]) {
      const payment = await api().get(`/v1/payments/${paymentId}`, token);
      expect(payment.status).toBe(200);
      expect(payment.body.card).toMatchObject({ brand: 'visa', last4: '4242' });
      expect((await api().get(`/v1/orders/${orderId}/payments`, token)).status).toBe(200);
      expect((await api().get(`/v1/refunds/${refundId}`, token)).status).toBe(200);
    }
  });

  it('the built-in roles carry payments:read except kitchen', async () => {
    const roles = (await api().get('/v1/roles', a.ownerToken)).body.items as {
      key: string;
      permissions: string[];
    }[];
    const holders = roles
      .filter((r) => r.permissions.includes('payments:read'))
      .map((r) => r.key)
      .sort();
    expect(holders).toEqual(['admin', 'cashier', 'manager', 'owner', 'waiter']);
  });

  it('an API key with orders:read only does not read payments; with payments:read it does', async () => {
    const key = async (scopes: string[]) =>
      (await api().post('/v1/api-keys', { name: scopes.join(' '), scopes }, a.ownerToken)).body
        .secret as string;
    const ordersOnly = await key(['orders:read']);
    const withPayments = await key(['orders:read', 'payments:read']);
    expect((await api().get(`/v1/payments/${paymentId}`, ordersOnly)).status).toBe(403);
    expect((await api().get(`/v1/payments/${paymentId}`, withPayments)).status).toBe(200);
  });

  it('the payments topic of the event log follows payments:read, not payments:create', async () => {
    const roles = [
      { key: 'takes_money', name: 'Takes money', permissions: ['payments:create', 'events:read'] },
      { key: 'reads_money', name: 'Reads money', permissions: ['payments:read', 'events:read'] },
    ];
    const topicsOf: Record<string, Set<string>> = {};
    for (const role of roles) {
      const created = await api().post('/v1/roles', role, a.ownerToken);
      expect(created.status).toBe(201);
      const member = await addStaff(t.app, a, role.key);
      const events = await api().get('/v1/events?limit=1000', member.token);
      expect(events.status).toBe(200);
      topicsOf[role.key] = new Set((events.body.items as { topic: string }[]).map((e) => e.topic));
    }
    expect(topicsOf.takes_money!.has('payments')).toBe(false);
    expect(topicsOf.reads_money!.has('payments')).toBe(true);
  });
});

describe('migration 0009 grants payments:read to existing tenants', () => {
  it('built-in roles except kitchen, and custom roles and API keys that take or refund payments', async () => {
    const db = t.app.db;
    const c = await createTenant(t.app, 'Authz Legacy');
    const taker = await api().post(
      '/v1/roles',
      { key: 'till', name: 'Till', permissions: ['orders:read', 'payments:create'] },
      c.ownerToken,
    );
    const looker = await api().post(
      '/v1/roles',
      { key: 'looker', name: 'Looker', permissions: ['orders:read'] },
      c.ownerToken,
    );
    const refunderKey = await api().post(
      '/v1/api-keys',
      { name: 'refunds', scopes: ['payments:refund'] },
      c.ownerToken,
    );
    const readerKey = await api().post(
      '/v1/api-keys',
      { name: 'orders', scopes: ['orders:read'] },
      c.ownerToken,
    );
    // The state before the migration: nobody holds payments:read.
    await sql`update roles set permissions = array_remove(permissions, 'payments:read') where tenant_id = ${c.tenantId}`.execute(
      db,
    );
    await sql`update api_keys set scopes = array_remove(scopes, 'payments:read') where tenant_id = ${c.tenantId}`.execute(
      db,
    );
    const migration = readFileSync(path.join(MIGRATIONS_DIR, '0011_authz_payments_read.sql'), 'utf8');
    await sql.raw(migration).execute(db);
    await sql.raw(migration).execute(db); // idempotent: no duplicates on a second run

    const roles = await db
      .selectFrom('roles')
      .select(['key', 'permissions'])
      .where('tenant_id', '=', c.tenantId)
      .execute();
    const granted = Object.fromEntries(
      roles.map((r) => [r.key, r.permissions.filter((p) => p === 'payments:read').length]),
    );
    expect(granted).toEqual({
      owner: 1,
      admin: 1,
      manager: 1,
      cashier: 1,
      waiter: 1,
      kitchen: 0,
      till: 1,
      looker: 0,
    });
    expect(taker.status).toBe(201);
    expect(looker.status).toBe(201);
    const keys = await db
      .selectFrom('api_keys')
      .select(['id', 'scopes'])
      .where('tenant_id', '=', c.tenantId)
      .execute();
    const scopesOf = (id: string) => keys.find((k) => k.id === id)!.scopes;
    expect(scopesOf(refunderKey.body.apiKey.id)).toEqual(['payments:refund', 'payments:read']);
    expect(scopesOf(readerKey.body.apiKey.id)).toEqual(['orders:read']);
  });
});

describe('an outlet id that is not the caller’s is unknown', () => {
  it('GET /v1/outlets/:outletId/items/:itemId: 404 for another tenant’s outlet and an unknown one', async () => {
    const item = menu.drink.id as string;
    const own = await api().get(`/v1/outlets/${a.outletId}/items/${item}`, a.ownerToken);
    expect(own.status).toBe(200);
    for (const outletId of [b.outletId, newId()]) {
      const res = await api().get(`/v1/outlets/${outletId}/items/${item}`, a.ownerToken);
      expect(res.status, outletId).toBe(404);
      expect(res.body.code).toBe('outlets.not_found');
      const patch = await api().patch(
        `/v1/outlets/${outletId}/items/${item}`,
        { soldOut: true },
        a.ownerToken,
      );
      expect(patch.status, outletId).toBe(404);
      expect(patch.body.code).toBe('outlets.not_found');
    }
  });

  it('the other routes that name an outlet answer 404 (path, menu) or filter to nothing (lists)', async () => {
    for (const outletId of [b.outletId, newId()]) {
      expect((await api().get(`/v1/outlets/${outletId}`, a.ownerToken)).status).toBe(404);
      expect((await api().patch(`/v1/outlets/${outletId}`, { name: 'x' }, a.ownerToken)).status).toBe(404);
      expect((await api().get(`/v1/catalog/menu?outletId=${outletId}`, a.ownerToken)).status).toBe(404);
      const orders = await api().get(`/v1/orders?outletId=${outletId}`, a.ownerToken);
      expect(orders.status).toBe(200);
      expect(orders.body.items).toEqual([]);
      const registers = await api().get(`/v1/registers?outletId=${outletId}`, a.ownerToken);
      expect(registers.status).toBe(200);
      expect(registers.body.items).toEqual([]);
      const order = await api().post(
        '/v1/orders',
        { outletId, diningOption: 'takeaway', lines: [] },
        a.ownerToken,
      );
      expect(order.status).toBe(404);
      const register = await api().post('/v1/registers', { outletId, name: 'x' }, a.ownerToken);
      expect(register.status).toBe(404);
    }
  });
});
