import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTenant, createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { verifyAuditChain } from './audit.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('audit log', () => {
  it('records every mutation with actor, before/after, IP and request id', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    const renamed = await api.patch(
      `/v1/outlets/${tenant.outletId}`,
      { name: 'Renamed' },
      tenant.ownerToken,
      { 'x-request-id': 'req-123' },
    );
    expect(renamed.headers['x-request-id']).toBe('req-123');
    const audit = await api.get(`/v1/audit?action=outlet.updated`, tenant.ownerToken);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      actorType: 'user',
      actorId: tenant.ownerUserId,
      targetType: 'outlet',
      targetId: tenant.outletId,
      before: { name: 'Main' },
      after: { name: 'Renamed' },
      ip: '127.0.0.1',
      requestId: 'req-123',
    });
    const all = await api.get('/v1/audit', tenant.ownerToken);
    expect(all.body.items.map((e: { action: string }) => e.action)).toEqual([
      'tenant.created',
      'outlet.created',
      'register.created',
      'outlet.updated',
    ]);
  });

  it('is append-only at the database', async () => {
    const tenant = await createTenant(t.app);
    await expect(
      sql`update audit_log set action = 'x' where tenant_id = ${tenant.tenantId}`.execute(t.database.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`delete from audit_log where tenant_id = ${tenant.tenantId}`.execute(t.database.db),
    ).rejects.toThrow(/append-only/);
  });

  it('verifies the hash chain and reports the first broken link', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    for (let i = 0; i < 5; i++) {
      await api.post('/v1/outlets', { name: `Outlet ${i}` }, tenant.ownerToken);
    }
    const ok = await api.get('/v1/audit/verify', tenant.ownerToken);
    expect(ok.body).toEqual({ ok: true, entries: 8, firstBroken: null });

    // Someone with database access edits entry 4 behind the trigger's back.
    const db = t.database.db;
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
    try {
      await sql`update audit_log set after = '{"name":"Forged"}' where tenant_id = ${tenant.tenantId} and seq = 4`.execute(
        db,
      );
      const broken = await verifyAuditChain(db, tenant.tenantId);
      expect(broken.ok).toBe(false);
      expect(broken.firstBroken).toMatchObject({ seq: '4' });
      expect((await api.get('/v1/audit/verify', tenant.ownerToken)).body.firstBroken.seq).toBe('4');
      // Deleting the last entry is caught by the chain head.
      const other = await createTenant(t.app);
      await sql`delete from audit_log where tenant_id = ${other.tenantId} and seq = 3`.execute(db);
      expect((await verifyAuditChain(db, other.tenantId)).firstBroken?.reason).toMatch(/removed/);
    } finally {
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
    }
  });

  it('keeps each tenant chain gap-free under concurrent writes', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.post('/v1/outlets', { name: `C${i}` }, tenant.ownerToken)),
    );
    const verified = await api.get('/v1/audit/verify', tenant.ownerToken);
    expect(verified.body).toMatchObject({ ok: true, entries: 23 });
  });
});
