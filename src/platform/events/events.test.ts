import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';

let t: TestApp;
let fx: TenantFixture;
let item: { id: string; variants: { id: string }[] };

beforeAll(async () => {
  t = await createTestApp();
  fx = await createTenant(t.app, 'Events Café');
  const api = client(t.app);
  item = (
    await api.post(
      '/v1/catalog/items',
      { name: 'Teh', variants: [{ name: 'Gelas', price: 800_000 }] },
      fx.ownerToken,
    )
  ).body;
});
afterAll(async () => {
  await t.close();
});

const line = () => ({ itemId: item.id, variantId: item.variants[0]!.id, quantity: 1 });

describe('event log (outbox)', () => {
  it('numbers events per tenant without gaps, in commit order, under concurrent writes', async () => {
    const api = client(t.app);
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        api.post(
          '/v1/orders',
          { outletId: fx.outletId, diningOption: 'takeaway', lines: [line()] },
          fx.ownerToken,
        ),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const rows = await sql<{
      seq: string;
      occurred_at: Date;
    }>`select seq, occurred_at from events where tenant_id = ${fx.tenantId} order by seq`.execute(
      t.database.db,
    );
    const seqs = rows.rows.map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const page = await api.get('/v1/events?limit=1000', fx.ownerToken);
    const created = page.body.items.filter((e: { type: string }) => e.type === 'order.created');
    expect(new Set(created.map((e: { orderId: string }) => e.orderId))).toEqual(
      new Set(results.map((r) => r.body.id)),
    );
    expect(page.body.head).toBe(String(seqs.length));
    expect(created[0].payload).toMatchObject({ status: 'open', currency: 'IDR', outletId: fx.outletId });
  });

  it('a failed request writes no event and consumes no number', async () => {
    const api = client(t.app);
    const head = (await api.get('/v1/events?limit=1', fx.ownerToken)).body.head;
    const bad = await api.post(
      '/v1/orders',
      { outletId: fx.outletId, diningOption: 'takeaway', lines: [{ ...line(), variantId: fx.outletId }] },
      fx.ownerToken,
    );
    expect(bad.status).toBe(404);
    const ok = await api.post(
      '/v1/orders',
      { outletId: fx.outletId, diningOption: 'takeaway', lines: [line()] },
      fx.ownerToken,
    );
    const after = await api.get(`/v1/events?after=${head}`, fx.ownerToken);
    expect(after.body.items.map((e: { seq: string; orderId: string }) => [e.seq, e.orderId])).toEqual([
      [String(Number(head) + 1), ok.body.id],
    ]);
  });

  it('records every state change of an order, with its payload version', async () => {
    const api = client(t.app);
    const o = (
      await api.post(
        '/v1/orders',
        { outletId: fx.outletId, diningOption: 'dine_in', lines: [line()] },
        fx.ownerToken,
      )
    ).body;
    await api.post(`/v1/orders/${o.id}/lines`, { lines: [line()] }, fx.ownerToken);
    await api.post(`/v1/orders/${o.id}/send`, {}, fx.ownerToken);
    await api.post(`/v1/orders/${o.id}/cancel`, { reason: 'test' }, fx.ownerToken);
    const log = await api.get(`/v1/events?orderId=${o.id}`, fx.ownerToken);
    expect(log.body.items.map((e: { type: string }) => e.type)).toEqual([
      'order.created',
      'order.updated',
      'order.status_changed',
      'order.status_changed',
      'order.canceled',
    ]);
    expect(log.body.items[2].payload).toMatchObject({
      from: 'open',
      to: 'sent',
      version: expect.any(Number),
    });
    expect(log.body.items.every((e: { version: number }) => e.version === 1)).toBe(true);
  });

  it('readers see only their topics and outlets', async () => {
    const api = client(t.app);
    const other = (await api.post('/v1/outlets', { name: 'Second' }, fx.ownerToken)).body;
    await api.post(
      '/v1/orders',
      { outletId: other.id, diningOption: 'takeaway', lines: [line()] },
      fx.ownerToken,
    );
    const limited = await addStaff(t.app, fx, 'manager', { outletIds: [other.id] });
    const seen = await api.get('/v1/events?limit=1000', limited.token);
    expect(seen.body.items.length).toBeGreaterThan(0);
    // Their outlet's events, plus tenant-wide ones (catalog changes have no outlet).
    expect(
      seen.body.items.every(
        (e: { outletId: string | null; topic: string }) =>
          e.outletId === other.id || (e.outletId === null && e.topic === 'catalog'),
      ),
    ).toBe(true);
    expect(seen.body.items.some((e: { outletId: string }) => e.outletId === other.id)).toBe(true);

    const role = await api.post(
      '/v1/roles',
      { key: 'auditor', name: 'Event reader', permissions: ['events:read'] },
      fx.ownerToken,
    );
    const reader = await api.post(
      '/v1/staff',
      { email: `reader-${Date.now()}@test.kasir`, name: 'R', password: 'password123', roleId: role.body.id },
      fx.ownerToken,
    );
    const login = await api.post('/v1/auth/login', { email: reader.body.email, password: 'password123' });
    expect((await api.get('/v1/events', login.body.accessToken)).body.items).toEqual([]);
    const noPerm = await addStaff(t.app, fx, 'kitchen');
    expect((await api.get('/v1/events', noPerm.token)).status).toBe(200);
  });
});
