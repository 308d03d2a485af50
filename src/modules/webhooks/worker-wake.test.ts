import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { client } from '../../../test/support/test-app.ts';
import { createWebhooksModule } from './index.ts';
import {
  createWebhookTenant,
  createWebhookTestApp,
  emitEvents,
  startReceiver,
  TEST_JWT_SECRET,
  type Receiver,
} from '../../../test/support/webhooks.ts';

let t: Awaited<ReturnType<typeof createWebhookTestApp>>;
let rx: Receiver;

beforeAll(async () => {
  t = await createWebhookTestApp({ allowPrivate: true });
  rx = await startReceiver();
});
afterAll(async () => {
  await t?.close();
  await rx?.close();
});

describe('webhook worker wake-ups', () => {
  it('a NOTIFY wakes the worker only for a business that has endpoints', async () => {
    const without = await createWebhookTenant(t.app, 'No Hooks');
    const withHooks = await createWebhookTenant(t.app, 'Hooks');
    // Subscribed to a type the test never emits: no delivery, so no attempt re-wakes the worker.
    const res = await client(t.app).post(
      '/v1/webhooks/endpoints',
      { url: rx.url('/x'), eventTypes: ['order.created'] },
      withHooks.key,
    );
    expect(res.status).toBe(201);
    // A worker that polls once a minute: every round it runs now comes from a NOTIFY.
    const worker = createWebhooksModule({
      db: t.database.db,
      clock: t.clock,
      sealingKeys: { current: TEST_JWT_SECRET },
      outbound: t.app.outbound,
      databaseUrl: t.database.url,
      log: { warn: () => undefined, error: () => undefined },
      options: { pollMs: 60_000 },
    }).services.worker;
    await worker.start();
    try {
      expect(worker.watches(withHooks.tenantId)).toBe(true);
      expect(worker.watches(without.tenantId)).toBe(false);
      await vi.waitFor(() => expect(worker.stats().inFlight).toBe(0));
      const before = worker.stats().rounds;
      // Both NOTIFYs arrive on one connection in commit order: once the second has woken the
      // worker, the first has been seen — and ignored.
      await emitEvents(t.database.db, without.tenantId, ['order.updated', 'order.updated'], t.clock.now());
      await emitEvents(t.database.db, withHooks.tenantId, ['order.updated'], t.clock.now());
      await vi.waitFor(() => expect(worker.stats().rounds).toBeGreaterThan(before), { timeout: 5_000 });
      await new Promise((r) => setTimeout(r, 100));
      expect(worker.stats().rounds).toBe(before + 1);
    } finally {
      await worker.stop();
    }
  });
});
