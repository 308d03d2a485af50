import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/platform/db/embedded.ts';
import { request, startServer, type ServerProcess } from './spawn-server.ts';

// The demo story through the real process: `tsx src/server.ts` on an embedded PostgreSQL in a data
// directory of its own, with the demo business and the local gateway simulators `npm start` runs.
const PASSWORD = 'kasir-demo-123';
const PLATFORM_PPM = 20_000; // the demo's revenue share (src/demo/payments.ts)
const PROCESSING_PPM = 10_000;

let dataDir: string;
let server: ServerProcess | undefined;
let base: string;
/** The QRIS sale of the story (the completeOrder test below looks at its order again). */
let qris: { orderId: string; paymentId: string; cashier: string } | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kasir-e2e-pay-'));
  await chmod(dataDir, 0o755);
});
afterAll(async () => {
  // Only if a step failed before the test stopped it.
  await server?.stop('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) {
      return v;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}: ${JSON.stringify(v)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function login(email: string): Promise<string> {
  const res = await request(base, 'POST', '/v1/auth/login', { email, password: PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.accessToken as string;
}

const api = async (method: string, p: string, token: string, body?: unknown, status = 200) => {
  const res = await request(base, method, p, body, token);
  expect(res.status, `${method} ${p}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
};

describe('npm start: the payments demo', () => {
  it('a QRIS sale paid on the Midtrans simulator page, a Stripe card sale, the settlement and the books', async () => {
    const startedAt = new Date(Date.now() - 60_000);
    server = await startServer({ KASIR_DATA_DIR: dataDir }, await freePort());
    base = server.url;
    const s = server;

    // The banner names the simulators (printed together with "Kasir is running", but wait a moment in
    // case the pipe split the write).
    const banner = await until(
      'the gateways banner',
      async () => s.output(),
      (out) => /Razorpay \(UPI, cards\)\s+http:\/\/\S+/.test(out),
      5_000,
    );
    const midtransUrl = /Midtrans \(QRIS, GoPay, ShopeePay\)\s+(http:\/\/127\.0\.0\.1:\d+)\/\s*$/m.exec(
      banner,
    )?.[1];
    expect(midtransUrl, banner).toBeDefined();
    expect(banner).toMatch(/Stripe \(cards, Apple\/Google Pay\)\s+http:\/\/127\.0\.0\.1:\d+\//);
    expect(banner).toContain('Revenue share: platform 2%, processing 1%');

    // A demo cashier finds the outlet, a register and Es Teh Manis (PB1 10%, a sugar choice required).
    const cashier = await login('kasir1@warung.demo');
    const outlets = (await api('GET', '/v1/outlets', cashier)).items as { id: string; name: string }[];
    const outlet = outlets.find((o) => o.name.includes('Kemang'));
    expect(outlet, JSON.stringify(outlets)).toBeDefined();
    const registers = (await api('GET', `/v1/registers?outletId=${outlet!.id}`, cashier)).items as {
      id: string;
      outletId: string;
      name: string;
    }[];
    const register = registers.find((r) => r.outletId === outlet!.id);
    expect(register, JSON.stringify(registers)).toBeDefined();
    const items = (await api('GET', '/v1/catalog/items', cashier)).items as {
      id: string;
      name: string;
      modifierGroupIds: string[];
      variants: { id: string; price: number }[];
    }[];
    const esTeh = items.find((i) => i.name === 'Es Teh Manis');
    expect(esTeh, JSON.stringify(items.map((i) => i.name))).toBeDefined();
    expect(esTeh!.variants[0]!.price).toBe(800_000);
    const groups = (await api('GET', '/v1/catalog/modifier-groups', cashier)).items as {
      id: string;
      name: string;
      options: { id: string; name: string; price: number }[];
    }[];
    const sugar = groups.find((g) => g.name === 'Gula' && esTeh!.modifierGroupIds.includes(g.id));
    const normal = sugar?.options.find((o) => o.name === 'Normal');
    expect(normal, JSON.stringify(groups)).toBeDefined();
    const newOrder = async () =>
      (await api(
        'POST',
        '/v1/orders',
        cashier,
        {
          outletId: outlet!.id,
          registerId: register!.id,
          diningOption: 'takeaway',
          lines: [
            {
              itemId: esTeh!.id,
              variantId: esTeh!.variants[0]!.id,
              quantity: 1,
              modifierOptionIds: [normal!.id],
            },
          ],
        },
        201,
      )) as { id: string; total: number };

    // QRIS through Midtrans: whole rupiah (Indonesian gateways refuse sen).
    const order = await newOrder();
    expect(order.total).toBe(880_000);
    expect(order.total % 100).toBe(0);
    const pending = await api(
      'POST',
      `/v1/orders/${order.id}/payments`,
      cashier,
      { method: 'gateway', gateway: 'midtrans', channel: 'qris', completeOrder: true },
      201,
    );
    expect(pending).toMatchObject({
      status: 'pending',
      method: 'gateway',
      gateway: 'midtrans',
      channel: 'qris',
      amount: order.total,
    });
    expect(pending.qrString).toMatch(/^000201/);
    expect(pending.gatewayRef).toEqual(expect.any(String));
    const svg = await fetch(`${base}/v1/payments/${pending.id}/qr.svg`, {
      headers: { authorization: `Bearer ${cashier}` },
    });
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(await svg.text()).toContain('<svg');

    // The simulator's page lists the pending payment with its QR and the Pay button.
    const page = await fetch(`${midtransUrl}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(pending.gatewayRef);
    expect(html).toContain(`/_sim/payments/${encodeURIComponent(pending.gatewayRef)}/pay`);

    // The customer scans and pays; the simulator notifies the server, which completes the payment.
    const paid = await fetch(`${midtransUrl}/_sim/payments/${encodeURIComponent(pending.gatewayRef)}/pay`, {
      method: 'POST',
    });
    expect(paid.status, await paid.clone().text()).toBe(200);
    expect(((await paid.json()) as { transaction_status: string }).transaction_status).toBe('settlement');
    const done = await until(
      'the QRIS payment to complete',
      () => api('GET', `/v1/payments/${pending.id}`, cashier),
      (p) => p.status === 'completed',
      10_000,
    );
    expect(done).toMatchObject({ status: 'completed', gatewayStatus: 'settlement', amount: order.total });
    const after = await api('GET', `/v1/orders/${order.id}`, cashier);
    expect(after).toMatchObject({ paymentStatus: 'paid', paidAmount: order.total, balanceAmount: 0 });
    qris = { orderId: order.id, paymentId: pending.id, cashier };

    // A Stripe card sale in the same server: confirmed at once with a test card.
    const cardOrder = await newOrder();
    const card = await api(
      'POST',
      `/v1/orders/${cardOrder.id}/payments`,
      cashier,
      {
        method: 'gateway',
        gateway: 'stripe',
        channel: 'card',
        paymentMethod: 'pm_card_visa',
        completeOrder: true,
      },
      201,
    );
    expect(card).toMatchObject({ status: 'completed', gateway: 'stripe', amount: cardOrder.total });
    expect(card.gatewayRef).toMatch(/^pi_/);
    // Confirmed within the request, so `completeOrder` completes the sale too.
    expect(await api('GET', `/v1/orders/${cardOrder.id}`, cashier)).toMatchObject({
      status: 'completed',
      paymentStatus: 'paid',
      balanceAmount: 0,
    });

    // The owner's settlement shows both sales with the demo revenue share; the books balance.
    const owner = await login('owner@warung.demo');
    const from = startedAt.toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const settlement = await api(
      'GET',
      `/v1/reports/settlement?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      owner,
    );
    expect(settlement.feeSchedule).toEqual({ platformPpm: PLATFORM_PPM, processingPpm: PROCESSING_PPM });
    const fee = (amount: number, ppm: number) => (amount * ppm) / 1_000_000;
    expect(fee(order.total, PLATFORM_PPM)).toBe(17_600);
    expect(fee(order.total, PROCESSING_PPM)).toBe(8_800);
    const line = (gateway: string) =>
      (settlement.lines as { method: string; gateway: string | null }[]).find(
        (l) => l.method === 'gateway' && l.gateway === gateway,
      );
    expect(line('midtrans'), JSON.stringify(settlement)).toMatchObject({
      currency: 'IDR',
      payments: 1,
      gross: order.total,
      platformFees: fee(order.total, PLATFORM_PPM),
      processingFees: fee(order.total, PROCESSING_PPM),
      tenantNet: order.total - fee(order.total, PLATFORM_PPM) - fee(order.total, PROCESSING_PPM),
    });
    expect(line('stripe'), JSON.stringify(settlement)).toMatchObject({
      payments: 1,
      gross: cardOrder.total,
      platformFees: fee(cardOrder.total, PLATFORM_PPM),
      processingFees: fee(cardOrder.total, PROCESSING_PPM),
    });
    const check = await api('GET', '/v1/ledger/check', owner);
    expect(check.ok, JSON.stringify(check)).toBe(true);
  }, 60_000);

  it('completeOrder on a QRIS payment completes the order when the notification settles it', async () => {
    // The flag is stored on the payment: the order completes in the transaction that applies the
    // gateway's notification, not in the request that created the (then pending) payment.
    expect(qris, 'the QRIS story above did not get this far').toBeDefined();
    const o = await api('GET', `/v1/orders/${qris!.orderId}`, qris!.cashier);
    expect(o).toMatchObject({ paymentStatus: 'paid', balanceAmount: 0 });
    expect(o.status).toBe('completed');
  });

  it('stops cleanly: simulators, app and embedded database close, exit code 0', async () => {
    expect(server, 'the server was not started').toBeDefined();
    expect(await server!.stop()).toBe(0);
    server = undefined;
  }, 40_000);
});
