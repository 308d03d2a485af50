import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { client } from '../../../test/support/test-app.ts';
import { addressRange, isPublicAddress, systemResolver } from './targets.ts';
import {
  createWebhookTenant,
  createWebhookTestApp,
  emitEvents,
  startReceiver,
  type Receiver,
} from '../../../test/support/webhooks.ts';

describe('address classification (ipaddr.js ranges)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['not an address', 'invalid'],
  ])('%s is %s, not a public target', (address, range) => {
    expect(addressRange(address)).toBe(range);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

// DNS for the tests: names in the map resolve as listed; anything else goes to the system resolver.
const dns = new Map<string, string[]>();
const resolve = async (host: string) => {
  const listed = dns.get(host);
  if (listed) {
    return listed;
  }
  if (host.endsWith('.test')) {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  }
  return systemResolver(host);
};

let t: Awaited<ReturnType<typeof createWebhookTestApp>>;
let rx: Receiver;
let fx: Awaited<ReturnType<typeof createWebhookTenant>>;
beforeAll(async () => {
  // The production default: private targets are not allowed.
  t = await createWebhookTestApp({ allowPrivate: false, outbound: { resolve } });
  rx = await startReceiver();
  fx = await createWebhookTenant(t.app, 'SSRF Café');
});
afterAll(async () => {
  await t?.close();
  await rx?.close();
});

describe('webhook targets when private addresses are not allowed', () => {
  it('refuses loopback, private, link-local, CGNAT, unique-local, unspecified and multicast targets at registration', async () => {
    const api = client(t.app);
    dns.set('mixed.test', ['93.184.215.14', '10.0.0.1']);
    dns.set('internal.test', ['fd00::5']);
    const refused = [
      rx.url('/hook'),
      `http://localhost:${rx.port}/hook`,
      'http://[::1]/hook',
      'http://10.0.0.5/hook',
      'https://172.16.0.1/hook',
      'http://192.168.1.1/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/hook',
      'http://[fc00::1]/hook',
      'http://[fe80::1]/hook',
      'http://0.0.0.0/hook',
      'http://224.0.0.1/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://0x7f000001/hook', // the URL parser normalises it to 127.0.0.1
      'https://mixed.test/hook', // one private address among public ones is enough
      'https://internal.test/hook',
    ];
    for (const url of refused) {
      const res = await api.post('/v1/webhooks/endpoints', { url, eventTypes: ['*'] }, fx.key);
      expect(res.status, url).toBe(422);
      expect(res.body.code, url).toBe('webhooks.target_forbidden');
    }
    const unresolvable = await api.post(
      '/v1/webhooks/endpoints',
      { url: 'https://nowhere.test/hook', eventTypes: ['*'] },
      fx.key,
    );
    expect(unresolvable.status).toBe(422);
    expect(unresolvable.body.code).toBe('webhooks.target_unresolvable');
    expect((await api.get('/v1/webhooks/endpoints', fx.key)).body.items).toEqual([]);

    // A public target is accepted; changing it to a private one is refused the same way.
    dns.set('hooks.example.test', ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']);
    const ok = await api.post(
      '/v1/webhooks/endpoints',
      { url: 'https://hooks.example.test/kasir', eventTypes: ['payment.refunded'] },
      fx.key,
    );
    expect(ok.status).toBe(201);
    const moved = await api.patch(
      `/v1/webhooks/endpoints/${ok.body.endpoint.id}`,
      { url: 'http://127.0.0.1:9/x' },
      fx.key,
    );
    expect(moved.status).toBe(422);
    expect(moved.body.code).toBe('webhooks.target_forbidden');
    expect((await api.delete(`/v1/webhooks/endpoints/${ok.body.endpoint.id}`, fx.key)).status).toBe(204);
  });

  it('checks again at delivery time: a name that now resolves to loopback is not called', async () => {
    const api = client(t.app);
    dns.set('rebind.test', ['93.184.215.14']);
    const created = await api.post(
      '/v1/webhooks/endpoints',
      { url: `http://rebind.test:${rx.port}/rebind`, eventTypes: ['order.updated'] },
      fx.key,
    );
    expect(created.status).toBe(201);
    dns.set('rebind.test', ['127.0.0.1']);
    await emitEvents(t.database.db, fx.tenantId, ['order.updated'], t.clock.now());
    const d = await vi.waitFor(
      async () => {
        const list = (await api.get(`/v1/webhooks/endpoints/${created.body.endpoint.id}/deliveries`, fx.key))
          .body.items;
        expect(list[0]?.status).toBe('failed');
        return list[0];
      },
      { timeout: 5_000, interval: 20 },
    );
    expect(d).toMatchObject({ attempts: 1, lastResponseCode: null, lastLatencyMs: null });
    expect(d.lastError).toMatch(/^webhooks\.target_forbidden: .*loopback/);
    expect(rx.requests('/rebind')).toEqual([]);
  });
});
