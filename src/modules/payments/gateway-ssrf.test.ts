import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemResolver } from '../../platform/net/outbound.ts';
import {
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { createOrder, seedPaymentMenu, type PaymentMenu } from '../../../test/support/payments.ts';

// SSRF through gateway accounts: a tenant must not make Kasir call (and report on) an internal
// address by pointing a gateway's base URL at it.

/** A local HTTP service standing for something internal; `answer` decides what it says. */
async function startInternal(answer: (path: string) => [number, string]) {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      const [status, body] = answer(req.url ?? '/');
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
type Internal = Awaited<ReturnType<typeof startInternal>>;

// DNS for the strict app: names in the map resolve as listed (changeable per test), `localhost`
// through the system resolver.
const dns = new Map<string, string[]>();
const resolve = async (host: string) => {
  const listed = dns.get(host);
  if (listed) {
    return listed;
  }
  if (host === 'localhost') {
    return systemResolver(host);
  }
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

const SECRET_LOOKING = 'sk_live_INTERNAL_4f9c2a7e1b';

let t: TestApp;
let fx: TenantFixture;
let menu: PaymentMenu;
let internal: Internal;
beforeAll(async () => {
  // The production default: no private addresses.
  t = await createTestApp({ outbound: { resolve } });
  fx = await createTenant(t.app, 'SSRF Gateway Café');
  menu = await seedPaymentMenu(t, fx);
  internal = await startInternal(() => [200, `{"status":"ok","secret":"${SECRET_LOOKING}"}`]);
});
afterAll(async () => {
  await t?.close();
  await internal?.close();
});

const api = () => client(t.app);
const put = (gateway: string, body: Record<string, unknown>) =>
  api().call('PUT', `/v1/payment-gateways/${gateway}`, { token: fx.ownerToken, body });
const stripeKeys = { secretKey: 'sk_test_abc', webhookSecret: 'whsec_abc' };

describe('gateway base URLs when private addresses are not allowed', () => {
  it('refuses loopback, private and metadata base URLs at configuration: 422, nothing stored, nothing called', async () => {
    dns.set('gateway.internal.test', ['10.20.30.40']);
    dns.set('sneaky.test', ['127.0.0.1']);
    const refused = [
      internal.url,
      `http://localhost:${internal.port}`, // the system resolver: 127.0.0.1
      `http://sneaky.test:${internal.port}`, // a name whose DNS answer is loopback
      'http://169.254.169.254/latest/meta-data',
      'http://[fd00:ec2::254]',
      'https://gateway.internal.test',
      'http://192.168.0.10:8080',
      'http://[::1]:9000',
    ];
    for (const baseUrl of refused) {
      const res = await put('stripe', { baseUrl, ...stripeKeys });
      expect(res.status, baseUrl).toBe(422);
      expect(res.body.code, baseUrl).toBe('payments.gateway_url_forbidden');
      expect(JSON.stringify(res.body), baseUrl).not.toContain(SECRET_LOOKING);
    }
    const unresolvable = await put('stripe', { baseUrl: 'https://nowhere.test', ...stripeKeys });
    expect(unresolvable.status).toBe(422);
    expect(unresolvable.body.code).toBe('payments.gateway_url_unresolvable');
    expect((await api().get('/v1/payment-gateways', fx.ownerToken)).body.items).toEqual([]);
    expect(internal.hits).toEqual([]);
  });

  it("defaults to the gateways' real API hosts when baseUrl is omitted", async () => {
    const expected = {
      stripe: ['https://api.stripe.com', stripeKeys],
      razorpay: ['https://api.razorpay.com', { keyId: 'rzp_test_1', secretKey: 's', webhookSecret: 'w' }],
      xendit: ['https://api.xendit.co', { secretKey: 'xnd_development_1', webhookSecret: 'cb' }],
      midtrans: ['https://api.midtrans.com', { secretKey: 'Mid-server-abc' }],
    } as const;
    for (const [gateway, [baseUrl, keys]] of Object.entries(expected)) {
      const res = await put(gateway, keys);
      expect(res.status, gateway).toBe(200);
      expect(res.body.baseUrl, gateway).toBe(baseUrl);
    }
    const sandbox = await put('midtrans', { secretKey: 'SB-Mid-server-abc' });
    expect(sandbox.body.baseUrl).toBe('https://api.sandbox.midtrans.com');
    for (const gateway of Object.keys(expected)) {
      await api().call('DELETE', `/v1/payment-gateways/${gateway}`, { token: fx.ownerToken });
    }
  });

  it('refuses at connect time a base URL whose name turned to loopback after configuration (DNS rebinding)', async () => {
    dns.set('rebind-gateway.test', ['93.184.215.14']);
    const ok = await put('stripe', { baseUrl: `http://rebind-gateway.test:${internal.port}`, ...stripeKeys });
    expect(ok.status).toBe(200);
    dns.set('rebind-gateway.test', ['127.0.0.1']);
    const order = await createOrder(t, fx, menu, { drinks: 0, snacks: 1 });
    const res = await api().post(
      `/v1/orders/${order.id}/payments`,
      { method: 'gateway', gateway: 'stripe', paymentMethod: 'pm_card_visa' },
      fx.ownerToken,
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('payments.gateway_url_forbidden');
    expect(internal.hits).toEqual([]);
    expect((await api().get(`/v1/orders/${order.id}/payments`, fx.ownerToken)).body.items).toEqual([]);
    await api().call('DELETE', '/v1/payment-gateways/stripe', { token: fx.ownerToken });
  });
});

describe("a gateway's error answer (development: private addresses allowed)", () => {
  let dev: TestApp;
  let devFx: TenantFixture;
  let fake: Internal;
  const lines: string[] = [];
  beforeAll(async () => {
    dev = await createTestApp({
      config: { outboundAllowPrivate: true },
      logger: { level: 'warn', stream: { write: (line: string) => void lines.push(line) } },
    });
    devFx = await createTenant(dev.app, 'Echo Café');
    // A "Stripe" that refuses every request with an error text carrying something internal.
    fake = await startInternal(() => [
      400,
      JSON.stringify({
        error: { type: 'invalid_request_error', message: `upstream said: db=${SECRET_LOOKING}` },
      }),
    ]);
  });
  afterAll(async () => {
    await dev?.close();
    await fake?.close();
  });

  it('is never echoed to the client; it is logged (warn) under the request id', async () => {
    const dapi = client(dev.app);
    const configured = await dapi.call('PUT', '/v1/payment-gateways/stripe', {
      token: devFx.ownerToken,
      body: { baseUrl: fake.url, ...stripeKeys },
    });
    expect(configured.status).toBe(200);
    const devMenu = await seedPaymentMenu(dev, devFx);
    const order = await createOrder(dev, devFx, devMenu, { drinks: 0, snacks: 1 });
    const res = await dapi.post(
      `/v1/orders/${order.id}/payments`,
      { method: 'gateway', gateway: 'stripe', paymentMethod: 'pm_card_visa' },
      devFx.ownerToken,
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('payments.gateway_rejected');
    expect(fake.hits).toHaveLength(1); // it was called: the refusal is its answer
    expect(JSON.stringify(res.body)).not.toContain(SECRET_LOOKING);
    expect(JSON.stringify(res.body)).not.toContain('upstream said');
    const logged = lines
      .map((l) => JSON.parse(l) as { reqId?: string; upstream?: string; level: number })
      .find((l) => l.reqId === res.body.requestId && l.upstream !== undefined);
    expect(logged?.level).toBe(40);
    expect(logged?.upstream).toContain(SECRET_LOOKING);
  });
});
