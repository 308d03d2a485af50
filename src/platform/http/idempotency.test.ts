import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';

let t: TestApp;
let tenant: TenantFixture;
beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.app);
});
afterAll(async () => {
  await t.close();
});

async function outletCount(name: string): Promise<number> {
  const r = await t.database.db
    .selectFrom('outlets')
    .select('id')
    .where('tenant_id', '=', tenant.tenantId)
    .where('name', '=', name)
    .execute();
  return r.length;
}

describe('Idempotency-Key', () => {
  it('replays the stored response for the same key and body', async () => {
    const api = client(t.app);
    const first = await api.post('/v1/outlets', { name: 'Idem A' }, tenant.ownerToken, {
      'idempotency-key': 'key-a',
    });
    const second = await api.post('/v1/outlets', { name: 'Idem A' }, tenant.ownerToken, {
      'idempotency-key': 'key-a',
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await outletCount('Idem A')).toBe(1);
  });

  it('refuses the same key with a different body (422)', async () => {
    const api = client(t.app);
    await api.post('/v1/outlets', { name: 'Idem B' }, tenant.ownerToken, { 'idempotency-key': 'key-b' });
    const other = await api.post('/v1/outlets', { name: 'Idem B2' }, tenant.ownerToken, {
      'idempotency-key': 'key-b',
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency.key_reused');
    expect(await outletCount('Idem B2')).toBe(0);
  });

  it('runs concurrent duplicates exactly once and gives both the same answer', async () => {
    const api = client(t.app);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.post('/v1/outlets', { name: 'Idem C' }, tenant.ownerToken, { 'idempotency-key': 'key-c' }),
      ),
    );
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await outletCount('Idem C')).toBe(1);
    // One audit entry for one execution.
    const audit = await api.get(
      `/v1/audit?action=outlet.created&targetId=${results[0]!.body.id}`,
      tenant.ownerToken,
    );
    expect(audit.body.items).toHaveLength(1);
  });

  it('scopes keys per credential: another user with the same key runs their own request', async () => {
    const api = client(t.app);
    const other = await createTenant(t.app);
    const mine = await api.post('/v1/outlets', { name: 'Idem D' }, tenant.ownerToken, {
      'idempotency-key': 'shared-key',
    });
    const theirs = await api.post('/v1/outlets', { name: 'Idem D' }, other.ownerToken, {
      'idempotency-key': 'shared-key',
    });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
  });

  it('does not store failed requests: a retry after a 4xx runs again', async () => {
    const api = client(t.app);
    const bad = await api.post(
      '/v1/registers',
      { outletId: '00000000-0000-7000-8000-000000000001', name: 'R' },
      tenant.ownerToken,
      { 'idempotency-key': 'key-e' },
    );
    expect(bad.status).toBe(404);
    const again = await api.post(
      '/v1/registers',
      { outletId: '00000000-0000-7000-8000-000000000001', name: 'R' },
      tenant.ownerToken,
      { 'idempotency-key': 'key-e' },
    );
    expect(again.status).toBe(404);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });

  it('stores the key in the same transaction as the mutation', async () => {
    const api = client(t.app);
    await api.post('/v1/outlets', { name: 'Idem F' }, tenant.ownerToken, { 'idempotency-key': 'key-f' });
    const row = await t.database.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('key', '=', 'key-f')
      .executeTakeFirstOrThrow();
    expect(row.response_status).toBe(201);
    expect(row.scope).toBe(`user:${tenant.ownerUserId}`);
  });
});
