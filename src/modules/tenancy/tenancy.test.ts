import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTenant, createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('sign-up and outlets', () => {
  it('creates a business with its owner, outlets and registers', async () => {
    const api = client(t.app);
    const tenant = await createTenant(t.app, 'Kopi Kita');
    const me = await api.get('/v1/tenant', tenant.ownerToken);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      name: 'Kopi Kita',
      currency: 'IDR',
      timezone: 'Asia/Jakarta',
      locale: 'id-ID',
      status: 'active',
    });
    const outlets = await api.get('/v1/outlets', tenant.ownerToken);
    expect(outlets.body).toEqual({
      items: [expect.objectContaining({ id: tenant.outletId })],
      nextCursor: null,
    });
    const registers = await api.get(`/v1/registers?outletId=${tenant.outletId}`, tenant.ownerToken);
    expect(registers.body.items.map((r: { id: string }) => r.id)).toEqual([tenant.registerId]);
  });
});
