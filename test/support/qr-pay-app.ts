// A listening test app with the gateway simulators and one business whose account at a gateway
// points its webhooks back at the app, plus two menu items: what the QR payment tests start from.
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { startSimulators, type Simulators } from '../../src/simulators/index.ts';
import { client, createTenant, createTestApp, type TenantFixture, type TestApp } from './test-app.ts';

export type MenuItem = { id: string; variants: { id: string }[] };

export interface QrPayApp {
  t: TestApp;
  sims: Simulators;
  fx: TenantFixture;
  soup: MenuItem;
  tea: MenuItem;
  close(): Promise<void>;
}

export async function startQrPayApp(o: {
  gateway: 'stripe' | 'midtrans';
  business: string;
  /** The status poller's first look (0: never, the webhook settles). */
  pollAfterMs: number;
}): Promise<QrPayApp> {
  const t = await createTestApp({
    config: { outboundAllowPrivate: true }, // the simulators listen on 127.0.0.1
    payments: {
      gateway: { timeoutMs: 1000, retries: 1, retryDelayMs: 10 },
      poller: { pollAfterMs: o.pollAfterMs, everyMs: 0 },
    },
    logger: { level: 'error' },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const sims = await startSimulators();
  const fx = await createTenant(t.app, o.business);
  const api = client(t.app);
  const creds = sims[o.gateway].createAccount({
    webhookUrl: `${baseUrl}/v1/payments/webhooks/${o.gateway}/${fx.tenantId}`,
  });
  const put = await api.call('PUT', `/v1/payment-gateways/${o.gateway}`, {
    token: fx.ownerToken,
    body: { ...creds },
  });
  expect(put.status).toBe(200);
  const item = async (name: string, price: number): Promise<MenuItem> =>
    (await api.post('/v1/catalog/items', { name, variants: [{ name: 'R', price }] }, fx.ownerToken)).body;
  return {
    t,
    sims,
    fx,
    soup: await item('Soto', 3_000_000),
    tea: await item('Teh', 1_000_000),
    async close() {
      await t.close();
      await sims.close();
    },
  };
}

/** One portion of an item's first variant, as an order line. */
export const line = (i: MenuItem) => ({ itemId: i.id, variantId: i.variants[0]!.id, quantity: 1 });
