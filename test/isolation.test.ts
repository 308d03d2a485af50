import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids/ids.ts';
import {
  addStaff,
  client,
  createTenant,
  createTestApp,
  pairDevice,
  type TenantFixture,
  type TestApp,
} from './support/test-app.ts';

let t: TestApp;
let a: TenantFixture;
let b: TenantFixture;
const aIds: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.app, 'Tenant A');
  b = await createTenant(t.app, 'Tenant B');
  const api = client(t.app);
  const staff = await addStaff(t.app, a, 'cashier', { pin: '1234' });
  const roles = await api.get('/v1/roles', a.ownerToken);
  const key = await api.post('/v1/api-keys', { name: 'A key', scopes: ['staff:read'] }, a.ownerToken);
  await pairDevice(t.app, a);
  const devices = await api.get('/v1/devices', a.ownerToken);
  const tax = await api.post(
    '/v1/catalog/tax-rates',
    { name: 'PB1', ratePpm: 100_000, inclusive: false },
    a.ownerToken,
  );
  const category = await api.post(
    '/v1/catalog/categories',
    { name: 'Food', taxRateIds: [tax.body.id] },
    a.ownerToken,
  );
  const group = await api.post(
    '/v1/catalog/modifier-groups',
    { name: 'Spice', options: [{ name: 'Hot', price: 0 }] },
    a.ownerToken,
  );
  const item = await api.post(
    '/v1/catalog/items',
    {
      name: 'Nasi Goreng',
      categoryId: category.body.id,
      modifierGroupIds: [group.body.id],
      variants: [{ name: 'R', price: 3_000_000 }],
    },
    a.ownerToken,
  );
  const charge = await api.post(
    '/v1/catalog/service-charges',
    { name: 'SC', ratePpm: 50_000, diningOptions: ['dine_in'], taxable: false },
    a.ownerToken,
  );
  const discount = await api.post(
    '/v1/catalog/discounts',
    { name: 'D', kind: 'fixed', scope: 'order', value: 100 },
    a.ownerToken,
  );
  const order = await api.post(
    '/v1/orders',
    {
      outletId: a.outletId,
      diningOption: 'takeaway',
      lines: [{ itemId: item.body.id, variantId: item.body.variants[0].id, quantity: 2 }],
    },
    a.ownerToken,
  );
  const payment = await api.post(
    `/v1/orders/${order.body.id}/payments`,
    { method: 'card', amount: 1_000_000, card: { brand: 'visa', last4: '4242' } },
    a.ownerToken,
  );
  const refund = await api.post(
    `/v1/payments/${payment.body.id}/refunds`,
    { amount: 1000, reason: 'iso' },
    a.ownerToken,
  );
  Object.assign(aIds, {
    order: order.body.id,
    payment: payment.body.id,
    refund: refund.body.id,
    outlet: a.outletId,
    register: a.registerId,
    staff: staff.membershipId,
    role: roles.body.items[0].id,
    apiKey: key.body.apiKey.id,
    device: devices.body.items[0].id,
    taxRate: tax.body.id,
    category: category.body.id,
    modifierGroup: group.body.id,
    item: item.body.id,
    variant: item.body.variants[0].id,
    serviceCharge: charge.body.id,
    discount: discount.body.id,
  });
});
afterAll(async () => {
  await t.close();
});

describe('tenant isolation', () => {
  it("every route returns 404 (never data) for another tenant's ids", async () => {
    const api = client(t.app);
    const probes: [string, string, Record<string, unknown>?][] = [
      ['GET', `/v1/outlets/${aIds.outlet}`],
      ['PATCH', `/v1/outlets/${aIds.outlet}`, { name: 'pwned' }],
      ['GET', `/v1/registers/${aIds.register}`],
      ['PATCH', `/v1/registers/${aIds.register}`, { name: 'pwned' }],
      ['POST', `/v1/registers/${aIds.register}/pairing-codes`, {}],
      ['POST', `/v1/registers/${aIds.register}/no-sale`, { reason: 'x' }],
      ['GET', `/v1/staff/${aIds.staff}`],
      ['PATCH', `/v1/staff/${aIds.staff}`, { displayName: 'pwned' }],
      ['PATCH', `/v1/roles/${aIds.role}`, { name: 'pwned' }],
      ['DELETE', `/v1/api-keys/${aIds.apiKey}`],
      ['DELETE', `/v1/devices/${aIds.device}`],
      ['POST', '/v1/registers', { outletId: aIds.outlet, name: 'pwned' }],
      ['PATCH', `/v1/catalog/tax-rates/${aIds.taxRate}`, { name: 'pwned' }],
      ['PATCH', `/v1/catalog/categories/${aIds.category}`, { name: 'pwned' }],
      ['PATCH', `/v1/catalog/modifier-groups/${aIds.modifierGroup}`, { name: 'pwned' }],
      ['GET', `/v1/catalog/items/${aIds.item}`],
      ['PATCH', `/v1/catalog/items/${aIds.item}`, { name: 'pwned' }],
      ['PATCH', `/v1/catalog/service-charges/${aIds.serviceCharge}`, { name: 'pwned' }],
      ['PATCH', `/v1/catalog/discounts/${aIds.discount}`, { name: 'pwned' }],
      ['GET', `/v1/outlets/${aIds.outlet}/items/${aIds.item}`],
      ['PATCH', `/v1/outlets/${aIds.outlet}/items/${aIds.item}`, { soldOut: true }],
      ['GET', `/v1/catalog/menu?outletId=${aIds.outlet}`],
      [
        'POST',
        '/v1/catalog/items',
        { name: 'x', categoryId: aIds.category, variants: [{ name: 'R', price: 1 }] },
      ],
      [
        'POST',
        '/v1/catalog/items',
        { name: 'x', taxRateIds: [aIds.taxRate], variants: [{ name: 'R', price: 1 }] },
      ],
      [
        'POST',
        '/v1/catalog/items',
        { name: 'x', modifierGroupIds: [aIds.modifierGroup], variants: [{ name: 'R', price: 1 }] },
      ],
      ['GET', `/v1/orders/${aIds.order}/payments`],
      ['POST', `/v1/orders/${aIds.order}/payments`, { method: 'cash', tendered: 1 }],
      ['GET', `/v1/orders/${aIds.order}/ledger`],
      ['GET', `/v1/payments/${aIds.payment}`],
      ['POST', `/v1/payments/${aIds.payment}/cancel`, {}],
      ['POST', `/v1/payments/${aIds.payment}/refresh`, {}],
      ['GET', `/v1/payments/${aIds.payment}/qr.svg`],
      ['GET', `/v1/payments/${aIds.payment}/refunds`],
      ['POST', `/v1/payments/${aIds.payment}/refunds`, { amount: 1, reason: 'pwned' }],
      ['GET', `/v1/refunds/${aIds.refund}`],
    ];
    for (const [method, url, body] of probes) {
      const r = await api.call(method, url, { token: b.ownerToken, ...(body ? { body } : {}) });
      expect(r.status, `${method} ${url}`).toBe(404);
      expect(r.body.code, `${method} ${url}`).toMatch(/\.not_found$/);
      // The problem may echo the id the caller sent; it must carry nothing else of A's.
      const sent = `${url} ${JSON.stringify(body ?? {})}`;
      for (const id of Object.values(aIds).filter((id) => !sent.includes(id))) {
        expect(JSON.stringify(r.body), `${method} ${url}`).not.toContain(id);
      }
    }
    // A's data is untouched.
    expect((await api.get(`/v1/outlets/${aIds.outlet}`, a.ownerToken)).body.name).toBe('Main');
  });

  it("lists never include another tenant's rows", async () => {
    const api = client(t.app);
    for (const url of [
      '/v1/outlets',
      '/v1/registers',
      '/v1/staff',
      '/v1/roles',
      '/v1/api-keys',
      '/v1/devices',
      '/v1/audit',
      '/v1/tenant',
      '/v1/payment-gateways',
      '/v1/ledger/trial-balance',
      '/v1/ledger/check',
      '/v1/fee-schedule',
      `/v1/reports/settlement?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`,
      '/v1/events?after=0',
    ]) {
      const r = await api.get(url, b.ownerToken);
      expect(r.status, url).toBe(200);
      const text = JSON.stringify(r.body);
      for (const id of [...Object.values(aIds), a.tenantId, a.ownerUserId]) {
        expect(text, url).not.toContain(id);
      }
    }
  });

  it('staff of B cannot be given outlets of A, and an approval of A cannot be used in B', async () => {
    const api = client(t.app);
    const roles = await api.get('/v1/roles', b.ownerToken);
    const cashierRole = roles.body.items.find((r: { key: string }) => r.key === 'cashier').id;
    const r = await api.post(
      '/v1/staff',
      {
        email: `iso-${Date.now()}@test.kasir`,
        name: 'X',
        password: 'password123',
        roleId: cashierRole,
        outletIds: [a.outletId],
      },
      b.ownerToken,
    );
    expect(r.status).toBe(404);
    const aRole = await api.post(
      '/v1/staff',
      { email: `iso2-${Date.now()}@test.kasir`, name: 'X', password: 'password123', roleId: aIds.role },
      b.ownerToken,
    );
    expect(aRole.status).toBe(404);
  });

  it('the database refuses a row that points into another tenant', async () => {
    const db = t.database.db;
    // A register in tenant B whose outlet is tenant A's outlet: the composite FK refuses it.
    await expect(
      sql`insert into registers (tenant_id, id, outlet_id, name) values (${b.tenantId}, ${newId()}, ${a.outletId}, 'cross')`.execute(
        db,
      ),
    ).rejects.toThrow(/foreign key/);
    await expect(
      sql`insert into memberships (tenant_id, id, user_id, role_id, display_name) values (${b.tenantId}, ${newId()}, ${b.ownerUserId}, ${aIds.role}, 'x')`.execute(
        db,
      ),
    ).rejects.toThrow(/foreign key|duplicate key/);
    await expect(
      sql`insert into payments (tenant_id, id, order_id, outlet_id, method, status, currency, amount, created_by) values (${b.tenantId}, ${newId()}, ${aIds.order}, ${b.outletId}, 'cash', 'pending', 'IDR', 1, 'x')`.execute(
        db,
      ),
    ).rejects.toThrow(/foreign key/);
    await expect(
      sql`insert into devices (tenant_id, id, register_id, name, secret_hash, paired_by) values (${b.tenantId}, ${newId()}, ${a.registerId}, 'd', 'h', ${aIds.staff})`.execute(
        db,
      ),
    ).rejects.toThrow(/foreign key/);
  });

  it('every tenant-owned table leads its primary key with tenant_id', async () => {
    const global = new Set([
      'tenants',
      'users',
      'auth_sessions',
      'refresh_tokens',
      'credential_lockouts',
      'kysely_migration',
      'kysely_migration_lock',
    ]);
    const rows = await sql<{ table_name: string; first_col: string }>`
      select c.relname as table_name, a.attname as first_col
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
      where i.indisprimary`.execute(t.database.db);
    const offenders = rows.rows.filter((r) => !global.has(r.table_name) && r.first_col !== 'tenant_id');
    expect(offenders).toEqual([]);
    const fks = await sql<{ conname: string; table_name: string; first_col: string }>`
      select con.conname, c.relname as table_name, a.attname as first_col
      from pg_constraint con
      join pg_class c on c.oid = con.conrelid
      join pg_attribute a on a.attrelid = c.oid and a.attnum = con.conkey[1]
      join pg_class f on f.oid = con.confrelid
      where con.contype = 'f' and f.relname not in ('tenants', 'users', 'auth_sessions')`.execute(
      t.database.db,
    );
    expect(fks.rows.filter((r) => r.first_col !== 'tenant_id')).toEqual([]);
  });
});
