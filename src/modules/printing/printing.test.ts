import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { seedPaymentMenu, type PaymentMenu } from '../../../test/support/payments.ts';
import { pollUntil } from '../../../test/support/poll.ts';

let t: TestApp;
let fx: TenantFixture;
let menu: PaymentMenu;

beforeAll(async () => {
  t = await createTestApp({
    config: { outboundAllowPrivate: true },
    printing: { pollMs: 50, retryBaseMs: 50, retryMaxMs: 200, alertAfterMs: 300, sendTimeoutMs: 2_000 },
  });
  fx = await createTenant(t.app, 'Print Café');
  menu = await seedPaymentMenu(t, fx);
});
afterAll(async () => {
  await t.close();
});

const api = () => client(t.app);

/** A free local port among the raw printing ports (found by listening and closing again). */
async function freePort(): Promise<number> {
  for (let port = 9100 + Math.floor(Math.random() * 90); port <= 9199; port++) {
    const s = net.createServer();
    const ok = await new Promise<boolean>((resolve) => {
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) {
      await new Promise<void>((resolve) => s.close(() => resolve()));
      return port;
    }
  }
  throw new Error('no free port in 9100–9199');
}

async function sale() {
  const res = await api().post(
    '/v1/sales',
    {
      outletId: fx.outletId,
      registerId: fx.registerId,
      diningOption: 'takeaway',
      lines: [{ itemId: menu.snack.id, variantId: menu.snack.variants[0].id, quantity: 1 }],
      payments: [{ method: 'cash', tendered: 500_000 }],
    },
    fx.ownerToken,
  );
  expect(res.status).toBe(201);
  return res.body.order as { id: string; receiptNumber: number };
}

describe('network printers and the print queue', () => {
  it('a printer down then up receives each job once, in order; an alert says it was down', async () => {
    const port = await freePort();
    const printer = await api().post(
      '/v1/printers',
      { outletId: fx.outletId, name: 'Kasir printer', kind: 'receipt', host: '127.0.0.1', port, paper: 58 },
      fx.ownerToken,
    );
    expect(printer.status, JSON.stringify(printer.body)).toBe(201);
    const orders = [await sale(), await sale(), await sale()];
    const jobs: string[] = [];
    for (const o of orders) {
      const job = await api().post(`/v1/orders/${o.id}/receipt/print`, { kick: true }, fx.ownerToken);
      expect(job.status, JSON.stringify(job.body)).toBe(202);
      expect(job.body).toMatchObject({ status: 'queued', printerId: printer.body.id });
      jobs.push(job.body.id);
    }

    // Down: attempts fail, the printer is offline, and an alert is raised once.
    const down = await pollUntil(
      async () => (await api().get(`/v1/printers/${printer.body.id}`, fx.ownerToken)).body,
      (p) => p.status === 'offline',
    );
    expect(down.status).toBe('offline');
    const alerts = await pollUntil(
      async () =>
        (await api().get('/v1/events?limit=500', fx.ownerToken)).body.items.filter(
          (e: { type: string; payload: { kind?: string } }) =>
            e.type === 'alert' && e.payload.kind === 'printer.down',
        ),
      (a: unknown[]) => a.length > 0,
    );
    expect(alerts).toHaveLength(1);
    const first = (await api().get(`/v1/print-jobs/${jobs[0]}`, fx.ownerToken)).body;
    expect(first.status).toBe('queued');
    expect(first.attempts).toBeGreaterThanOrEqual(1);
    expect(first.lastError).toBeTruthy();

    // Up: a listener that decodes what it gets.
    const received: Buffer[] = [];
    const server = net.createServer((socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('end', () => {
        received.push(Buffer.concat(chunks));
        socket.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const done = await pollUntil(
        async () =>
          Promise.all(jobs.map(async (id) => (await api().get(`/v1/print-jobs/${id}`, fx.ownerToken)).body)),
        (js) => js.every((j) => j.status === 'printed'),
      );
      expect(done.map((j) => j.status)).toEqual(['printed', 'printed', 'printed']);
      await new Promise((r) => setTimeout(r, 400)); // nothing more arrives
      expect(received).toHaveLength(3);
      received.forEach((bytes, i) => {
        expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]); // ESC @
        expect(bytes.includes(Buffer.from(`No. ${orders[i]!.receiptNumber}`))).toBe(true); // in order
        expect([...bytes.subarray(bytes.length - 5)]).toEqual([0x1b, 0x70, 0x00, 0x32, 0xfa]); // drawer kick
      });
      const up = (await api().get(`/v1/printers/${printer.body.id}`, fx.ownerToken)).body;
      expect(up).toMatchObject({ status: 'online', lastError: null, downSince: null });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses other tenants, an outlet without a printer, and a printer given by name', async () => {
    const other = await createTenant(t.app, 'Other');
    const o = await sale();
    const printers = (await api().get('/v1/printers', fx.ownerToken)).body.items;
    expect((await api().get(`/v1/printers/${printers[0].id}`, other.ownerToken)).status).toBe(404);
    expect((await api().post(`/v1/orders/${o.id}/receipt/print`, {}, other.ownerToken)).status).toBe(404);
    const noPrinter = await createTenant(t.app, 'No printer');
    const m = await seedPaymentMenu(t, noPrinter);
    const s = await api().post(
      '/v1/sales',
      {
        outletId: noPrinter.outletId,
        diningOption: 'takeaway',
        lines: [{ itemId: m.snack.id, variantId: m.snack.variants[0].id, quantity: 1 }],
        payments: [{ method: 'cash', tendered: 500_000 }],
      },
      noPrinter.ownerToken,
    );
    const none = await api().post(`/v1/orders/${s.body.order.id}/receipt/print`, {}, noPrinter.ownerToken);
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('printers.no_printer');
    const byName = await api().post(
      '/v1/printers',
      { outletId: fx.outletId, name: 'x', kind: 'receipt', host: 'printer.local' },
      fx.ownerToken,
    );
    expect(byName.status).toBe(400);
  });
});

describe('printer addresses', () => {
  it('refuses loopback, link-local (cloud metadata) and non-printing ports outside development', async () => {
    const strict = await createTestApp();
    try {
      const f = await createTenant(strict.app, 'Strict');
      const c = client(strict.app);
      for (const [host, port, status] of [
        ['127.0.0.1', 9100, 422],
        ['169.254.169.254', 9100, 422],
        ['192.168.1.50', 6379, 400],
      ] as const) {
        const res = await c.post(
          '/v1/printers',
          { outletId: f.outletId, name: 'p', kind: 'receipt', host, port },
          f.ownerToken,
        );
        expect(res.status, `${host}:${port}`).toBe(status);
      }
      const lan = await c.post(
        '/v1/printers',
        { outletId: f.outletId, name: 'Bar', kind: 'kitchen', station: 'bar', host: '192.168.1.50' },
        f.ownerToken,
      );
      expect(lan.status).toBe(201);
      expect(lan.body).toMatchObject({ port: 9100, paper: 80, station: 'bar', status: 'unknown' });
    } finally {
      await strict.close();
    }
  });
});
