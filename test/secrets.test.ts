import type { FastifyInstance } from 'fastify';
import { SignJWT, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.ts';
import { resealGatewayCredentials } from '../src/modules/payments/index.ts';
import { resealSigningSecrets, verifyKasirSignature } from '../src/modules/webhooks/index.ts';
import { emitEvents, startReceiver, type Receiver } from './support/webhooks.ts';
import { loadConfig, type Config } from '../src/platform/config/config.ts';
import { sealingKeys } from '../src/platform/crypto/secret-box.ts';
import { client, createTenant, type TenantFixture } from './support/test-app.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

// Secrets at rest outlive a JWT secret rotation and an encryption key rotation: every app below
// runs on the same database, as a restarted server with changed configuration would.

const J1 = 'jwt-secret-one-0123456789abcdef0123456789';
const J2 = 'jwt-secret-two-0123456789abcdef0123456789';
const J3 = 'jwt-secret-three-0123456789abcdef01234567';
const K1 = 'encryption-key-one-0123456789abcdef012345';
const K2 = 'encryption-key-two-0123456789abcdef012345';

let database: TestDatabase;
let rx: Receiver;
const open: FastifyInstance[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
  rx = await startReceiver();
});
afterAll(async () => {
  await Promise.all(open.map((a) => a.close()));
  await rx?.close();
  await database?.destroy();
});

/** A Kasir app on the shared database with this JWT secret and these key settings. */
async function start(jwtSecret: string, keys: Partial<Config>, worker = false): Promise<FastifyInstance> {
  const app = await buildApp({
    db: database.db,
    databaseUrl: database.url,
    config: {
      ...loadConfig({}),
      rateLimit: { max: 1_000_000, authMax: 1_000_000, windowMs: 60_000 },
      outboundAllowPrivate: true, // the receiver and the gateway URL are on 127.0.0.1
      ...keys,
    },
    jwtSecret,
    logger: false,
    webhooks: { worker, pollMs: 20, timeoutMs: 2_000, random: () => 1 },
  });
  await app.ready();
  open.push(app);
  return app;
}
async function stop(app: FastifyInstance): Promise<void> {
  open.splice(open.indexOf(app), 1);
  await app.close();
}

const STRIPE = { baseUrl: 'http://127.0.0.1:9', secretKey: 'sk_test_rotation', webhookSecret: 'whsec_rot' };
const MIDTRANS = { baseUrl: 'http://127.0.0.1:9', secretKey: 'SB-Mid-server-legacy' };

describe('secrets at rest', () => {
  let fx: TenantFixture;
  let signingSecret: string;

  /** Emits an event and returns the delivery the receiver got, checked against the endpoint's secret. */
  async function deliveredAndVerified(count: number): Promise<void> {
    await emitEvents(database.db, fx.tenantId, ['order.updated'], new Date());
    await vi.waitFor(() => expect(rx.requests('/rotation')).toHaveLength(count), {
      timeout: 10_000,
      interval: 20,
    });
    const got = rx.requests('/rotation')[count - 1]!;
    expect(verifyKasirSignature(got.rawBody, got.headers['kasir-signature'] as string, [signingSecret])).toBe(
      true,
    );
  }

  it('rotating the JWT secret keeps gateway credentials and webhook signing secrets readable', async () => {
    // Before KASIR_ENCRYPTION_KEY existed, the JWT secret sealed gateway credentials.
    const legacy = await start(J1, {});
    fx = await createTenant(legacy, 'Rotation Café');
    const put = (app: FastifyInstance, gateway: string, body: Record<string, string>) =>
      client(app).call('PUT', `/v1/payment-gateways/${gateway}`, { token: fx.ownerToken, body });
    expect((await put(legacy, 'midtrans', MIDTRANS)).status).toBe(200);
    await stop(legacy);

    // The operator sets KASIR_ENCRYPTION_KEY: the old credentials still open; new ones use the key.
    const a = await start(J1, { encryptionKey: K1 });
    expect((await a.payments.accounts.credentials(database.db, fx.tenantId, 'midtrans'))?.secretKey).toBe(
      MIDTRANS.secretKey,
    );
    expect((await put(a, 'stripe', STRIPE)).status).toBe(200);
    const endpoint = await client(a).post(
      '/v1/webhooks/endpoints',
      { url: rx.url('/rotation'), eventTypes: ['order.updated'] },
      fx.ownerToken,
    );
    expect(endpoint.status).toBe(201);
    signingSecret = endpoint.body.secret;
    const moved = await resealGatewayCredentials(
      database.db,
      sealingKeys({ encryptionKey: K1, jwtSecret: J1 }),
    );
    expect(moved).toEqual({ resealed: 1, unreadable: 0 }); // the legacy midtrans row
    await stop(a);

    // A new JWT secret: nothing sealed depends on it any more.
    const b = await start(J2, { encryptionKey: K1 }, true);
    for (const [gateway, creds] of [
      ['stripe', STRIPE],
      ['midtrans', MIDTRANS],
    ] as const) {
      const read = await b.payments.accounts.credentials(database.db, fx.tenantId, gateway);
      expect(read?.secretKey, gateway).toBe(creds.secretKey);
    }
    await deliveredAndVerified(1);
    await stop(b);
  });

  it('a previous encryption key still opens; secrets:reseal moves every secret to the current key', async () => {
    const withPrevious = await start(J2, { encryptionKey: K2, encryptionKeyPrevious: K1 });
    expect(
      (await withPrevious.payments.accounts.credentials(database.db, fx.tenantId, 'stripe'))?.secretKey,
    ).toBe(STRIPE.secretKey);
    await stop(withPrevious);

    // Without the previous key nothing sealed under K1 opens…
    const after = await start(J3, { encryptionKey: K2 }, true);
    await expect(
      after.payments.accounts.credentials(database.db, fx.tenantId, 'stripe'),
    ).rejects.toMatchObject({
      code: 'payments.gateway_credentials_unreadable',
    });

    // …until the secrets are sealed again with K2 (what `npm run secrets:reseal` does).
    const keys = sealingKeys({ encryptionKey: K2, previousEncryptionKey: K1, jwtSecret: J2 });
    expect(await resealGatewayCredentials(database.db, keys)).toEqual({ resealed: 2, unreadable: 0 });
    expect(await resealSigningSecrets(database.db, keys)).toEqual({ resealed: 1, unreadable: 0 });
    expect(await resealGatewayCredentials(database.db, keys)).toEqual({ resealed: 0, unreadable: 0 });
    for (const [gateway, creds] of [
      ['stripe', STRIPE],
      ['midtrans', MIDTRANS],
    ] as const) {
      const read = await after.payments.accounts.credentials(database.db, fx.tenantId, gateway);
      expect(read?.secretKey, gateway).toBe(creds.secretKey);
    }
    await deliveredAndVerified(2);
    await stop(after);
  });
});

describe('access tokens', () => {
  it('a token signed with the right secret but without exp is refused (401)', async () => {
    const app = await start(J1, {});
    const fx = await createTenant(app, 'No Expiry Café');
    const claims = decodeJwt(fx.ownerToken);
    const sign = (withExp: boolean) => {
      const jwt = new SignJWT({ sid: claims.sid, tid: claims.tid })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub!)
        .setIssuer('kasir')
        .setAudience('kasir-api')
        .setIssuedAt();
      return (withExp ? jwt.setExpirationTime('5m') : jwt).sign(new TextEncoder().encode(J1));
    };
    const me = (token: string) => client(app).get('/v1/auth/me', token);
    expect((await me(await sign(true))).status).toBe(200); // the same claims with exp are fine
    const forever = await me(await sign(false));
    expect(forever.status).toBe(401);
    expect(forever.body.code).toBe('auth.token_invalid');
    await stop(app);
  });
});
