// One actor, one stored reference for "who did it": `<kind>:<id>` in orders, payments, refunds,
// approvals, fee schedules and the event log; the audit log holds the same two parts.
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPaymentMenu, type PaymentMenu } from './support/payments.ts';
import { client, createTenant, createTestApp, type TenantFixture, type TestApp } from './support/test-app.ts';

let t: TestApp;
let f: TenantFixture;
let menu: PaymentMenu;
beforeAll(async () => {
  t = await createTestApp();
  f = await createTenant(t.app);
  menu = await seedPaymentMenu(t, f);
});
afterAll(async () => {
  await t.close();
});

const sale = () => ({
  outletId: f.outletId,
  diningOption: 'takeaway',
  lines: [{ itemId: menu.drink.id, variantId: menu.drink.variants[0].id, quantity: 1 }],
  payments: [{ method: 'cash', tendered: 100_000_000 }],
});

/** Every record of who made an order and its money. */
async function whoMade(orderId: string) {
  const db = t.database.db;
  const order = await db
    .selectFrom('orders')
    .select('created_by')
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
  const payments = await db
    .selectFrom('payments')
    .select('created_by')
    .where('order_id', '=', orderId)
    .execute();
  const events = await db.selectFrom('events').select('actor').where('order_id', '=', orderId).execute();
  const audit = await db
    .selectFrom('audit_log')
    .select(['actor_type', 'actor_id'])
    .where('tenant_id', '=', f.tenantId)
    .where('target_id', '=', orderId)
    .execute();
  return [
    order.created_by,
    ...payments.map((p) => p.created_by),
    ...events.map((e) => e.actor),
    ...audit.map((a) => `${a.actor_type}:${a.actor_id}`),
  ];
}

describe('who did it', () => {
  it('a staff member is user:<userId> everywhere a sale is recorded', async () => {
    const res = await client(t.app).post('/v1/sales', sale(), f.ownerToken);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const refs = await whoMade(res.body.order.id);
    expect(refs.length).toBeGreaterThan(4);
    expect(new Set(refs)).toEqual(new Set([`user:${f.ownerUserId}`]));
  });

  it('an API key is api_key:<id> everywhere', async () => {
    const api = client(t.app);
    const key = (
      await api.post(
        '/v1/api-keys',
        { name: 'Kiosk', scopes: ['orders:create', 'orders:read', 'payments:create', 'payments:read'] },
        f.ownerToken,
      )
    ).body;
    const res = await api.post('/v1/sales', sale(), key.secret);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(new Set(await whoMade(res.body.order.id))).toEqual(new Set([`api_key:${key.apiKey.id}`]));
  });

  it('migration 0016 turns the old references (membership ids, bare kinds) into the one format', async () => {
    const api = client(t.app);
    const db = t.database.db;
    const res = await api.post('/v1/sales', sale(), f.ownerToken);
    const orderId = res.body.order.id as string;
    // As an order and an approval were stored before.
    await sql`update orders set created_by = ${f.ownerMembershipId} where id = ${orderId}`.execute(db);
    const approvalId = (
      await db
        .insertInto('approvals')
        .values({
          tenant_id: f.tenantId,
          id: crypto.randomUUID(),
          permission: 'orders:void',
          target_type: 'order',
          target_id: orderId,
          approver_id: f.ownerMembershipId,
          requested_by: f.ownerMembershipId,
          used_by: `user:${f.ownerMembershipId}`,
          expires_at: new Date(Date.now() + 60_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await sql
      .raw(await readFile(new URL('../migrations/0016_shared_actor_refs.sql', import.meta.url), 'utf8'))
      .execute(db);
    const order = await db
      .selectFrom('orders')
      .select('created_by')
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(order.created_by).toBe(`user:${f.ownerUserId}`);
    const approval = await db
      .selectFrom('approvals')
      .select(['requested_by', 'used_by'])
      .where('id', '=', approvalId)
      .executeTakeFirstOrThrow();
    expect(approval).toEqual({ requested_by: `user:${f.ownerUserId}`, used_by: `user:${f.ownerUserId}` });
  });
});
