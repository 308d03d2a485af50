import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createPlatformAdmin,
  createTestApp,
  uniqueEmail,
  type TestApp,
} from '../../test/support/test-app.ts';

// KASIR_SIGNUP=closed: nobody signs up a business on their own; the platform operator still can.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { signup: 'closed' } });
});
afterAll(async () => {
  await t.close();
});

const business = () => ({
  businessName: 'Kedai Tutup',
  currency: 'IDR',
  timezone: 'Asia/Jakarta',
  locale: 'id-ID',
  ownerName: 'Owner',
  email: uniqueEmail('owner'),
  password: 'correct horse battery',
});

describe('sign-up closed', () => {
  it('answers 403 auth.signup_closed to anyone but the platform operator', async () => {
    const api = client(t.app);
    const anonymous = await api.post('/v1/signup', business());
    expect(anonymous.status).toBe(403);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect(anonymous.body.code).toBe('auth.signup_closed');
    expect((await api.post('/v1/signup', business(), 'not-a-token')).body.code).toBe('auth.signup_closed');
    const tenants = await t.app.db.selectFrom('tenants').select('id').execute();
    expect(tenants).toEqual([]);
  });

  it('lets the platform operator create a business, whose owner can log in', async () => {
    const admin = await createPlatformAdmin(t.app);
    const input = business();
    const created = await client(t.app).post('/v1/signup', input, admin.token);
    expect(created.status).toBe(201);
    const login = await client(t.app).post('/v1/auth/login', {
      email: input.email,
      password: input.password,
    });
    expect(login.status).toBe(200);
  });

  it('a business owner cannot open another business through it', async () => {
    const admin = await createPlatformAdmin(t.app);
    const input = business();
    await client(t.app).post('/v1/signup', input, admin.token);
    const owner = await client(t.app).post('/v1/auth/login', {
      email: input.email,
      password: input.password,
    });
    const denied = await client(t.app).post('/v1/signup', business(), owner.body.accessToken);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('auth.signup_closed');
  });
});
