import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock/clock.ts';
import {
  addStaff,
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { createGatewayAccounts } from './gateway-accounts.ts';
import { createGatewayRegistry } from './gateways/index.ts';

let t: TestApp;
let fx: TenantFixture;

// DNS for the tests: the example hosts resolve to a public address (nothing is called here).
const resolve = async (host: string) => {
  if (host.endsWith('.example')) {
    return ['93.184.215.14'];
  }
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

beforeAll(async () => {
  t = await createTestApp({ outbound: { resolve } });
  fx = await createTenant(t.app, 'Accounts Café');
});
afterAll(async () => {
  await t.close();
});

const stripe = {
  baseUrl: 'https://api.stripe.example/',
  secretKey: 'sk_test_secret_value_123',
  webhookSecret: 'whsec_signing_value_456',
};

describe('gateway accounts', () => {
  it('seals secrets bound to tenant and gateway; another key (or row) cannot read them', async () => {
    const api = client(t.app);
    const put = await api.call('PUT', '/v1/payment-gateways/stripe', { token: fx.ownerToken, body: stripe });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      gateway: 'stripe',
      baseUrl: 'https://api.stripe.example',
      keyId: null,
      enabled: true,
      channels: ['card', 'apple_pay', 'google_pay'],
      updatedAt: expect.any(String),
    });
    const row = await t.database.db
      .selectFrom('payment_gateway_accounts')
      .selectAll()
      .where('tenant_id', '=', fx.tenantId)
      .executeTakeFirstOrThrow();
    expect(row.secrets_sealed).not.toContain(stripe.secretKey);
    expect(row.secrets_sealed).not.toContain(stripe.webhookSecret);

    const gateways = createGatewayRegistry();
    const same = createGatewayAccounts({
      clock: systemClock,
      sealingKeys: { current: 'test-secret-test-secret-test-secret!' },
      outbound: t.app.outbound,
      gateways,
    });
    expect(await same.credentials(t.database.db, fx.tenantId, 'stripe')).toEqual({
      baseUrl: 'https://api.stripe.example',
      secretKey: stripe.secretKey,
      webhookSecret: stripe.webhookSecret,
    });
    // Another encryption key (KASIR_ENCRYPTION_KEY changed): a clear error, never garbage.
    const other = createGatewayAccounts({
      clock: systemClock,
      sealingKeys: { current: 'another key entirely, 32 bytes or more' },
      outbound: t.app.outbound,
      gateways,
    });
    await expect(other.credentials(t.database.db, fx.tenantId, 'stripe')).rejects.toMatchObject({
      code: 'payments.gateway_credentials_unreadable',
    });
    // The sealed value copied to another tenant's row does not open there.
    const second = await createTenant(t.app, 'Copycat Café');
    await t.database.db
      .insertInto('payment_gateway_accounts')
      .values({ ...row, tenant_id: second.tenantId })
      .execute();
    await expect(same.credentials(t.database.db, second.tenantId, 'stripe')).rejects.toMatchObject({
      code: 'payments.gateway_credentials_unreadable',
    });
  });

  it('asks for what each gateway needs, and only the tenant manager may configure', async () => {
    const api = client(t.app);
    const noWebhook = await api.call('PUT', '/v1/payment-gateways/razorpay', {
      token: fx.ownerToken,
      body: { baseUrl: 'https://api.razorpay.example', secretKey: 'x', webhookSecret: 'y' },
    });
    expect(noWebhook.status).toBe(422);
    expect(noWebhook.body.code).toBe('payments.gateway_invalid');
    const badUrl = await api.call('PUT', '/v1/payment-gateways/midtrans', {
      token: fx.ownerToken,
      body: { baseUrl: 'ftp://api.midtrans.example', secretKey: 'x' },
    });
    expect(badUrl.status).toBe(422);
    const unknown = await api.call('PUT', '/v1/payment-gateways/paypal', {
      token: fx.ownerToken,
      body: { baseUrl: 'https://x.example', secretKey: 'x' },
    });
    expect(unknown.status).toBe(400);
    const removed = await api.call('DELETE', '/v1/payment-gateways/xendit', { token: fx.ownerToken });
    expect(removed.status).toBe(404);
    const cashier = await addStaff(t.app, fx, 'cashier');
    const denied = await api.call('PUT', '/v1/payment-gateways/stripe', {
      token: cashier.token,
      body: stripe,
    });
    expect(denied.status).toBe(403);
    expect((await api.get('/v1/payment-gateways', cashier.token)).status).toBe(403);
  });

  it('forgets gateway notification ids after 30 days (gateways stop redelivering long before)', async () => {
    const db = t.database.db;
    const row = (eventId: string, daysAgo: number) => ({
      tenant_id: fx.tenantId,
      gateway: 'stripe',
      event_id: eventId,
      kind: 'payment',
      outcome: 'applied',
      received_at: new Date(Date.now() - daysAgo * 24 * 3600_000),
    });
    await db
      .insertInto('gateway_notifications')
      .values([row('evt_old', 31), row('evt_recent', 29)])
      .execute();
    expect(await t.app.payments.poller.pruneNotifications()).toBe(1);
    const left = await db
      .selectFrom('gateway_notifications')
      .select('event_id')
      .where('tenant_id', '=', fx.tenantId)
      .execute();
    expect(left.map((r) => r.event_id)).toEqual(['evt_recent']);
  });
});
