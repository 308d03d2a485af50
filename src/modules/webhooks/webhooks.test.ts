import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { addStaff, client } from '../../../test/support/test-app.ts';
import { createWebhooksModule, verifyKasirSignature } from './index.ts';
import {
  createWebhookTenant,
  createWebhookTestApp,
  emitEvents,
  fannedOut,
  startReceiver,
  TEST_JWT_SECRET,
  type Receiver,
} from '../../../test/support/webhooks.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let t: Awaited<ReturnType<typeof createWebhookTestApp>>;
let rx: Receiver;
let a: Awaited<ReturnType<typeof createWebhookTenant>>;
let b: Awaited<ReturnType<typeof createWebhookTenant>>;
let item: { id: string; variants: { id: string }[] };

const api = () => client(t.app);
const waitFor = <T>(fn: () => Promise<T>, timeout = 15_000) => vi.waitFor(fn, { timeout, interval: 20 });

beforeAll(async () => {
  // A 1 s receiver timeout: short for the hang test, yet no ordinary delivery times out while
  // another test file runs alongside on a loaded machine (at 400 ms, some did).
  t = await createWebhookTestApp({ allowPrivate: true, webhooks: { timeoutMs: 1_000 } });
  rx = await startReceiver();
  a = await createWebhookTenant(t.app, 'Hook Café A');
  b = await createWebhookTenant(t.app, 'Hook Café B');
  item = (
    await api().post(
      '/v1/catalog/items',
      { name: 'Kopi', variants: [{ name: 'Cup', price: 2_500_000 }] },
      a.key,
    )
  ).body;
});
afterEach(async () => {
  // Every test starts with no endpoint, so moving the clock never wakes another test's retries.
  for (const fx of [a, b]) {
    for (const ep of (await api().get('/v1/webhooks/endpoints', fx.key)).body.items) {
      await api().delete(`/v1/webhooks/endpoints/${ep.id}`, fx.key);
    }
  }
});
afterAll(async () => {
  await t?.close();
  await rx?.close();
});

async function createEndpoint(key: string, path: string, eventTypes: string[]) {
  const res = await api().post('/v1/webhooks/endpoints', { url: rx.url(path), eventTypes }, key);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { endpoint: { id: string; url: string }; secret: string };
}

async function deliveries(key: string, endpointId: string) {
  const res = await api().get(`/v1/webhooks/endpoints/${endpointId}/deliveries`, key);
  expect(res.status).toBe(200);
  return res.body.items as any[];
}

/** Waits until the endpoint's only delivery satisfies `check`; returns it. */
async function waitForDelivery(key: string, endpointId: string, check: (d: any) => void) {
  return waitFor(async () => {
    const list = await deliveries(key, endpointId);
    expect(list).toHaveLength(1);
    check(list[0]);
    return list[0];
  });
}

const createOrder = async () =>
  (
    await api().post(
      '/v1/orders',
      {
        outletId: a.outletId,
        diningOption: 'takeaway',
        lines: [{ itemId: item.id, variantId: item.variants[0]!.id, quantity: 1 }],
      },
      a.key,
    )
  ).body;

describe('webhooks', () => {
  it('signs each delivery: the receiver verifies the body with the secret; a wrong secret or a stale timestamp fails', async () => {
    const { endpoint, secret } = await createEndpoint(a.key, '/sig', ['order.created']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    // The secret is shown once: never by reads, never stored in clear.
    for (const url of ['/v1/webhooks/endpoints', `/v1/webhooks/endpoints/${endpoint.id}`]) {
      expect(JSON.stringify((await api().get(url, a.key)).body)).not.toContain(secret);
    }
    const stored = await sql<{ row: string }>`select t::text as row from webhook_endpoints t`.execute(
      t.database.db,
    );
    const keys = await sql<{ row: string }>`select k::text as row from idempotency_keys k`.execute(
      t.database.db,
    );
    const audit = await sql<{ row: string }>`select l::text as row from audit_log l`.execute(t.database.db);
    for (const r of [...stored.rows, ...keys.rows, ...audit.rows]) {
      expect(r.row).not.toContain(secret.slice(6));
    }

    const order = await createOrder();
    await waitFor(async () => expect(rx.requests('/sig')).toHaveLength(1));
    const req = rx.requests('/sig')[0]!;
    const event = (await api().get(`/v1/events?orderId=${order.id}`, a.key)).body.items[0];
    expect(JSON.parse(req.rawBody)).toEqual(event);
    expect(event).toMatchObject({ type: 'order.created', topic: 'orders', orderId: order.id });
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['kasir-event-id']).toBe(event.id);
    expect(req.headers['kasir-event-type']).toBe('order.created');

    const header = req.headers['kasir-signature'] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const now = t.clock.now();
    expect(verifyKasirSignature(req.rawBody, header, [secret], 300, now)).toBe(true);
    expect(verifyKasirSignature(Buffer.from(req.rawBody), header, [secret], 300, now)).toBe(true);
    expect(verifyKasirSignature(req.rawBody, header, ['whsec_wrong'], 300, now)).toBe(false);
    expect(verifyKasirSignature(req.rawBody + ' ', header, [secret], 300, now)).toBe(false);
    expect(verifyKasirSignature(req.rawBody, header, [secret], 300, now.getTime() + 301_000)).toBe(false);
    expect(verifyKasirSignature(req.rawBody, header, [secret], 300, now.getTime() - 301_000)).toBe(false);

    const d = await waitForDelivery(a.key, endpoint.id, (d) => expect(d.status).toBe('succeeded'));
    expect(req.headers['kasir-delivery-id']).toBe(d.id);
    expect(d).toMatchObject({
      eventId: event.id,
      eventSeq: event.seq,
      eventType: 'order.created',
      attempts: 1,
      lastResponseCode: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(d.lastLatencyMs).toBeGreaterThanOrEqual(0);
  });

  it('delivers only the event types an endpoint subscribed to (`*` = all)', async () => {
    const created = await createEndpoint(a.key, '/only-created', ['order.created']);
    const all = await createEndpoint(a.key, '/all', ['*']);
    const order = await createOrder();
    // An internal event (a credential revoked, for realtime) is never delivered, not even to `*`.
    const temp = await api().post('/v1/api-keys', { name: 'temp', scopes: ['orders:read'] }, a.ownerToken);
    expect((await api().delete(`/v1/api-keys/${temp.body.apiKey.id}`, a.ownerToken)).status).toBe(200);
    expect((await api().post(`/v1/orders/${order.id}/cancel`, { reason: 'test' }, a.key)).status).toBe(200);
    await waitFor(async () => {
      expect(await fannedOut(t.database.db, a.tenantId)).toBe(true);
      expect(rx.requests('/all')).toHaveLength(3);
    });
    expect((await deliveries(a.key, all.endpoint.id)).map((d) => d.eventType).sort()).toEqual([
      'order.canceled',
      'order.created',
      'order.status_changed',
    ]);
    expect((await deliveries(a.key, created.endpoint.id)).map((d) => d.eventType)).toEqual(['order.created']);
    expect(rx.requests('/only-created').map((r) => r.headers['kasir-event-type'])).toEqual(['order.created']);
  });

  it('retries after 500s with exponential back-off shown in the delivery log, then succeeds', async () => {
    rx.setMode('/flaky', 'fail');
    const { endpoint } = await createEndpoint(a.key, '/flaky', ['order.updated']);
    await emitEvents(t.database.db, a.tenantId, ['order.updated'], t.clock.now());
    const first = await waitForDelivery(a.key, endpoint.id, (d) =>
      expect(d).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastResponseCode: 500,
        lastError: 'HTTP 500',
      }),
    );
    expect(Date.parse(first.nextAttemptAt) - Date.parse(first.lastAttemptAt)).toBe(1 * MIN);
    expect((await api().get(`/v1/webhooks/endpoints/${endpoint.id}`, a.key)).body.failingSince).toBe(
      first.firstAttemptAt,
    );

    t.clock.advance(1 * MIN);
    const second = await waitForDelivery(a.key, endpoint.id, (d) =>
      expect(d).toMatchObject({ status: 'failed', attempts: 2, lastResponseCode: 500 }),
    );
    expect(Date.parse(second.nextAttemptAt) - Date.parse(second.lastAttemptAt)).toBe(2 * MIN);
    expect(second.firstAttemptAt).toBe(first.firstAttemptAt);

    // Not due yet: nothing happens before the scheduled time.
    t.clock.advance(1 * MIN);
    await new Promise((r) => setTimeout(r, 150));
    expect(rx.requests('/flaky')).toHaveLength(2);

    rx.setMode('/flaky', 'ok');
    t.clock.advance(1 * MIN);
    const done = await waitForDelivery(a.key, endpoint.id, (d) =>
      expect(d).toMatchObject({ status: 'succeeded', attempts: 3, lastResponseCode: 200, lastError: null }),
    );
    expect(done.nextAttemptAt).toBeNull();
    const attempts = rx.requests('/flaky');
    expect(attempts.map((r) => r.headers['kasir-delivery-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(attempts.map((r) => r.headers['kasir-event-id'])).size).toBe(1);
    expect((await api().get(`/v1/webhooks/endpoints/${endpoint.id}`, a.key)).body.failingSince).toBeNull();
  });

  it('cuts off a receiver that hangs after the timeout, and retries it', async () => {
    rx.setMode('/hang', 'hang');
    const { endpoint } = await createEndpoint(a.key, '/hang', ['order.updated']);
    await emitEvents(t.database.db, a.tenantId, ['order.updated'], t.clock.now());
    const failed = await waitForDelivery(a.key, endpoint.id, (d) =>
      expect(d).toMatchObject({ status: 'failed', attempts: 1, lastResponseCode: null }),
    );
    expect(failed.lastError).toMatch(/^timeout: no response within 1000 ms/);
    expect(failed.lastLatencyMs).toBeGreaterThanOrEqual(990);
    expect(failed.lastLatencyMs).toBeLessThan(5_000);
    expect(Date.parse(failed.nextAttemptAt) - Date.parse(failed.lastAttemptAt)).toBe(1 * MIN);

    rx.setMode('/hang', 'ok');
    t.clock.advance(1 * MIN);
    await waitForDelivery(a.key, endpoint.id, (d) =>
      expect(d).toMatchObject({ status: 'succeeded', attempts: 2, lastResponseCode: 200 }),
    );
    expect(rx.requests('/hang')).toHaveLength(2);
  });

  it('treats a redirect as a failure and never follows it', async () => {
    rx.setMode('/moved', 'redirect');
    const { endpoint } = await createEndpoint(a.key, '/moved', ['order.updated']);
    await emitEvents(t.database.db, a.tenantId, ['order.updated'], t.clock.now());
    const d = await waitForDelivery(a.key, endpoint.id, (d) => expect(d.status).toBe('failed'));
    expect(d).toMatchObject({ lastResponseCode: 302, lastError: 'redirect to /elsewhere not followed' });
    expect(rx.requests('/elsewhere')).toHaveLength(0);
  });

  it('redelivers on request: a new attempt now, also after success; refused for a disabled endpoint', async () => {
    const { endpoint } = await createEndpoint(a.key, '/again', ['order.updated']);
    await emitEvents(t.database.db, a.tenantId, ['order.updated'], t.clock.now());
    const d = await waitForDelivery(a.key, endpoint.id, (d) => expect(d.status).toBe('succeeded'));

    const res = await api().post(`/v1/webhooks/deliveries/${d.id}/redeliver`, {}, a.key);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      id: d.id,
      status: 'pending',
      nextAttemptAt: t.clock.now().toISOString(),
    });
    await waitForDelivery(a.key, endpoint.id, (x) =>
      expect(x).toMatchObject({ status: 'succeeded', attempts: 2 }),
    );
    const got = rx.requests('/again');
    expect(got).toHaveLength(2);
    expect(got[1]!.headers['kasir-event-id']).toBe(got[0]!.headers['kasir-event-id']);
    expect(got[1]!.headers['kasir-delivery-id']).toBe(d.id);
    expect(got[1]!.rawBody).toBe(got[0]!.rawBody);

    const single = await api().get(`/v1/webhooks/deliveries/${d.id}`, a.key);
    expect(single.body).toMatchObject({ id: d.id, attempts: 2, status: 'succeeded' });

    await api().patch(`/v1/webhooks/endpoints/${endpoint.id}`, { status: 'disabled' }, a.key);
    const refused = await api().post(`/v1/webhooks/deliveries/${d.id}/redeliver`, {}, a.key);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('webhooks.endpoint_disabled');
    const audit = await api().get('/v1/audit?limit=200', a.key);
    expect(JSON.stringify(audit.body)).toContain('webhook_delivery.redelivery_requested');
  });

  it('rotating the secret signs with both for 24 hours, then with the new one only', async () => {
    const { endpoint, secret: oldSecret } = await createEndpoint(a.key, '/rotate', ['order.updated']);
    const rotated = await api().post(`/v1/webhooks/endpoints/${endpoint.id}/rotate-secret`, {}, a.key);
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.secret as string;
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.body.endpoint.previousSecretExpiresAt).toBe(
      new Date(t.clock.now().getTime() + DAY).toISOString(),
    );

    await emitEvents(t.database.db, a.tenantId, ['order.updated'], t.clock.now());
    await waitFor(async () => expect(rx.requests('/rotate')).toHaveLength(1));
    const during = rx.requests('/rotate')[0]!;
    const duringHeader = during.headers['kasir-signature'] as string;
    expect(duringHeader.split(',').filter((p) => p.startsWith('v1='))).toHaveLength(2);
    for (const s of [oldSecret, newSecret]) {
      expect(verifyKasirSignature(during.rawBody, duringHeader, [s], 300, t.clock.now())).toBe(true);
    }

    t.clock.advance(DAY + 1_000);
    await emitEvents(t.database.db, a.tenantId, ['order.updated'], t.clock.now());
    await waitFor(async () => expect(rx.requests('/rotate')).toHaveLength(2));
    const after = rx.requests('/rotate')[1]!;
    const afterHeader = after.headers['kasir-signature'] as string;
    expect(afterHeader.split(',').filter((p) => p.startsWith('v1='))).toHaveLength(1);
    expect(verifyKasirSignature(after.rawBody, afterHeader, [newSecret], 300, t.clock.now())).toBe(true);
    expect(verifyKasirSignature(after.rawBody, afterHeader, [oldSecret], 300, t.clock.now())).toBe(false);
    expect(
      (await api().get(`/v1/webhooks/endpoints/${endpoint.id}`, a.key)).body.previousSecretExpiresAt,
    ).toBeNull();
  });

  it('disables an endpoint whose deliveries have all failed for more than 3 days and raises an alert event', async () => {
    rx.setMode('/down', 'fail');
    const down = await createEndpoint(a.key, '/down', ['order.updated']);
    const alerts = await createEndpoint(a.key, '/alerts', ['alert']);
    await emitEvents(t.database.db, a.tenantId, ['order.updated'], t.clock.now());
    const first = await waitForDelivery(a.key, down.endpoint.id, (d) =>
      expect(d).toMatchObject({ status: 'failed', attempts: 1 }),
    );

    // Days later the retry (due long ago) fails again: failing for > 3 days → disabled.
    t.clock.advance(3 * DAY + MIN);
    const dead = await waitForDelivery(a.key, down.endpoint.id, (d) =>
      expect(d).toMatchObject({ status: 'dead', attempts: 2, nextAttemptAt: null }),
    );
    expect(dead.firstAttemptAt).toBe(first.firstAttemptAt);
    const ep = (await api().get(`/v1/webhooks/endpoints/${down.endpoint.id}`, a.key)).body;
    expect(ep).toMatchObject({
      status: 'disabled',
      disabledReason: 'failing',
      disabledAt: t.clock.now().toISOString(),
      failingSince: first.firstAttemptAt,
    });

    const log = (await api().get('/v1/events?limit=1000', a.key)).body.items;
    const alert = log.find((e: any) => e.type === 'alert');
    expect(alert).toMatchObject({
      topic: 'alerts',
      payload: { kind: 'webhook_endpoint_disabled', endpointId: down.endpoint.id, url: down.endpoint.url },
    });
    // The alert is an event like any other: an endpoint subscribed to alerts receives it.
    await waitFor(async () => expect(rx.requests('/alerts')).toHaveLength(1));
    expect(JSON.parse(rx.requests('/alerts')[0]!.rawBody)).toEqual(alert);
    expect(alerts.endpoint.id).toBeDefined();
    const audit = await sql<{ actor_type: string }>`
      select actor_type from audit_log where tenant_id = ${a.tenantId} and action = 'webhook_endpoint.disabled'`.execute(
      t.database.db,
    );
    expect(audit.rows).toEqual([{ actor_type: 'system' }]);

    // Disabled: new events are not queued for it.
    await emitEvents(t.database.db, a.tenantId, ['order.updated'], t.clock.now());
    await waitFor(async () => expect(await fannedOut(t.database.db, a.tenantId)).toBe(true));
    expect(await deliveries(a.key, down.endpoint.id)).toHaveLength(1);

    // Re-enabled: a fresh start with events from now on.
    rx.setMode('/down', 'ok');
    const enabled = await api().patch(
      `/v1/webhooks/endpoints/${down.endpoint.id}`,
      { status: 'active' },
      a.key,
    );
    expect(enabled.body).toMatchObject({ status: 'active', disabledReason: null, failingSince: null });
    await emitEvents(t.database.db, a.tenantId, ['order.updated'], t.clock.now());
    await waitFor(async () => {
      const list = await deliveries(a.key, down.endpoint.id);
      expect(list.map((d) => d.status)).toEqual(['succeeded', 'dead']);
    });
  });

  it("keeps tenants apart: another tenant's endpoint and delivery ids are 404, and events never cross", async () => {
    const epA = await createEndpoint(a.key, '/tenant-a', ['*']);
    const epB = await createEndpoint(b.key, '/tenant-b', ['*']);
    await emitEvents(t.database.db, a.tenantId, ['order.updated'], t.clock.now());
    const dA = await waitForDelivery(a.key, epA.endpoint.id, (d) => expect(d.status).toBe('succeeded'));
    await emitEvents(t.database.db, b.tenantId, ['order.updated', 'order.updated'], t.clock.now());
    await waitFor(async () => expect(rx.requests('/tenant-b')).toHaveLength(2));
    await waitFor(async () => expect(await fannedOut(t.database.db, a.tenantId)).toBe(true));
    expect(rx.requests('/tenant-a')).toHaveLength(1);
    const eventsOfA = (await api().get('/v1/events?limit=1000', a.key)).body.items.map((e: any) => e.id);
    const eventsOfB = (await api().get('/v1/events?limit=1000', b.key)).body.items.map((e: any) => e.id);
    const seenByB = rx.requests('/tenant-b').map((r) => r.headers['kasir-event-id']);
    expect(seenByB.every((id) => eventsOfB.includes(id) && !eventsOfA.includes(id))).toBe(true);
    expect(eventsOfA).toContain(rx.requests('/tenant-a')[0]!.headers['kasir-event-id']);
    const probes: [string, string, Record<string, unknown>?][] = [
      ['GET', `/v1/webhooks/endpoints/${epA.endpoint.id}`],
      ['PATCH', `/v1/webhooks/endpoints/${epA.endpoint.id}`, { description: 'pwned' }],
      ['POST', `/v1/webhooks/endpoints/${epA.endpoint.id}/rotate-secret`, {}],
      ['GET', `/v1/webhooks/endpoints/${epA.endpoint.id}/deliveries`],
      ['GET', `/v1/webhooks/deliveries/${dA.id}`],
      ['POST', `/v1/webhooks/deliveries/${dA.id}/redeliver`, {}],
      ['DELETE', `/v1/webhooks/endpoints/${epA.endpoint.id}`],
    ];
    for (const [method, url, body] of probes) {
      const r = await api().call(method, url, { token: b.key, ...(body ? { body } : {}) });
      expect(r.status, `${method} ${url}`).toBe(404);
      expect(r.body.code, `${method} ${url}`).toMatch(/^webhook_(endpoints|deliveries)\.not_found$/);
    }
    const listB = JSON.stringify((await api().get('/v1/webhooks/endpoints', b.key)).body);
    expect(listB).toContain(epB.endpoint.id);
    expect(listB).not.toContain(epA.endpoint.id);
    expect((await api().get(`/v1/webhooks/endpoints/${epA.endpoint.id}`, a.key)).body.description).toBe('');
    expect(rx.requests('/tenant-a')).toHaveLength(1);
  });

  it('two workers on one database send each delivery exactly once', async () => {
    rx.setMode('/many', 'slow');
    const { endpoint } = await createEndpoint(a.key, '/many', ['order.updated']);
    const second = createWebhooksModule({
      db: t.database.db,
      clock: t.clock,
      sealingKeys: { current: TEST_JWT_SECRET },
      outbound: t.app.outbound,
      databaseUrl: undefined,
      log: { warn: () => undefined, error: () => undefined },
      options: { pollMs: 5, timeoutMs: 2_000, random: () => 1 },
    });
    await second.services.worker.start();
    try {
      await emitEvents(t.database.db, a.tenantId, Array<string>(40).fill('order.updated'), t.clock.now());
      await waitFor(async () => {
        const list = (await api().get(`/v1/webhooks/endpoints/${endpoint.id}/deliveries?limit=100`, a.key))
          .body.items;
        expect(list).toHaveLength(40);
        expect(list.every((d: any) => d.status === 'succeeded' && d.attempts === 1)).toBe(true);
      }, 20_000); // done in ~1 s on an idle machine; room for a loaded one (files run in parallel)
      // Both nodes took part.
      expect(second.services.worker.stats().attempted).toBeGreaterThan(0);
      expect(second.services.worker.stats().attempted).toBeLessThan(40);
    } finally {
      await second.services.worker.stop();
    }
    const ids = rx.requests('/many').map((r) => r.headers['kasir-delivery-id']);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  it('pages the delivery log newest first and filters by status', async () => {
    const { endpoint } = await createEndpoint(a.key, '/pages', ['order.updated']);
    await emitEvents(t.database.db, a.tenantId, Array<string>(5).fill('order.updated'), t.clock.now());
    await waitFor(async () => expect(rx.requests('/pages')).toHaveLength(5));
    const p1 = await api().get(`/v1/webhooks/endpoints/${endpoint.id}/deliveries?limit=3`, a.key);
    const p2 = await api().get(
      `/v1/webhooks/endpoints/${endpoint.id}/deliveries?limit=3&cursor=${p1.body.nextCursor}`,
      a.key,
    );
    const seqs = [...p1.body.items, ...p2.body.items].map((d: any) => Number(d.eventSeq));
    expect(seqs).toHaveLength(5);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    expect(p2.body.nextCursor).toBeNull();
    await waitFor(async () => {
      const ok = await api().get(`/v1/webhooks/endpoints/${endpoint.id}/deliveries?status=succeeded`, a.key);
      expect(ok.body.items).toHaveLength(5);
    });
    const dead = await api().get(`/v1/webhooks/endpoints/${endpoint.id}/deliveries?status=dead`, a.key);
    expect(dead.body.items).toEqual([]);
  });

  it('validates endpoints: known event types, http(s) URLs, the webhooks:manage permission', async () => {
    const bad = await api().post(
      '/v1/webhooks/endpoints',
      { url: rx.url('/x'), eventTypes: ['order.exploded'] },
      a.key,
    );
    expect(bad.status).toBe(400);
    const none = await api().post('/v1/webhooks/endpoints', { url: rx.url('/x'), eventTypes: [] }, a.key);
    expect(none.status).toBe(400);
    for (const url of ['ftp://example.com/x', 'not a url', 'https://user:pw@example.com/x']) {
      const r = await api().post('/v1/webhooks/endpoints', { url, eventTypes: ['*'] }, a.key);
      expect(r.status, url).toBe(422);
      expect(r.body.code, url).toBe('webhooks.url_invalid');
    }
    const types = await api().get('/v1/webhooks/event-types', a.key);
    expect(types.body.items).toEqual(
      expect.arrayContaining(['*', 'order.created', 'alert', 'payment.completed']),
    );
    // The clock has moved by days: the owner's first access token has expired; sign in again.
    const login = await api().post('/v1/auth/login', { email: a.email, password: a.password });
    const manager = await addStaff(t.app, { ...a, ownerToken: login.body.accessToken }, 'manager');
    const forbidden = await api().post(
      '/v1/webhooks/endpoints',
      { url: rx.url('/x'), eventTypes: ['*'] },
      manager.token,
    );
    expect(forbidden.status).toBe(403);
    expect((await api().get('/v1/webhooks/endpoints', manager.token)).status).toBe(403);
  });
});
