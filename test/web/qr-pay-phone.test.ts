// Paying from the phone by card and by e-wallet (issue 17): the order is placed and accepted through
// the API, the phone opens the table page and pays. Card: a declined test card shows why, a test
// Visa goes through Stripe (the simulator, confirmed from the phone as Stripe.js does) and the
// signed webhook completes the order. E-wallet: GoPay's deeplink, paid on the Midtrans simulator.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, DEMO, launchBrowser, login, PHONE, shot, startWebServer, type WebServer } from './support.ts';
import { pollUntil } from '../support/poll.ts';

let server: WebServer;
let browser: Browser;
let owner: string;
let codes: { tableId: string; tableName: string; token: string; url: string }[];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, DEMO.owner.email);
  const kemang = server.demo.outlets.find((o) => o.name.includes('Kemang'))!;
  codes = (await api(server.url, owner, 'POST', `/v1/outlets/${kemang.id}/table-codes`, {})).body.items;
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await server?.close();
});

/** Two dishes ordered at a table and accepted by staff; the phone opens the table page on its order. */
async function seatedPhone(table: (typeof codes)[number]): Promise<{ phone: Page }> {
  const menu = (await api(server.url, null, 'GET', `/v1/qr/tables/${table.token}/menu`)).body;
  const required = new Set(
    (menu.modifierGroups as { id: string; minSelect: number }[])
      .filter((g) => g.minSelect > 0)
      .map((g) => g.id),
  );
  const items = (
    menu.items as { id: string; soldOut: boolean; modifierGroupIds: string[]; variants: { id: string }[] }[]
  )
    .filter((i) => !i.soldOut && i.variants.length > 0 && !i.modifierGroupIds.some((g) => required.has(g)))
    .slice(0, 2);
  const placed = await api(server.url, null, 'POST', `/v1/qr/tables/${table.token}/orders`, {
    id: crypto.randomUUID(),
    lines: items.map((i) => ({ itemId: i.id, variantId: i.variants[0]!.id, quantity: 1 })),
  });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  const accepted = await api(server.url, owner, 'POST', `/v1/qr/orders/${placed.body.order.id}/accept`, {});
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  const context = await browser.newContext({
    viewport: PHONE,
    locale: 'id-ID',
    deviceScaleFactor: 2,
    hasTouch: true,
    serviceWorkers: 'block',
  });
  contexts.push(context);
  // The phone that placed the order keeps its customer token per table (as the page does).
  await context.addInitScript(
    ([key, value]) =>
      (
        globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
      ).localStorage.setItem(key!, value!),
    [`kasir.t.orders.${table.tableId}`, JSON.stringify([placed.body.customerToken])],
  );
  const phone = await context.newPage();
  await phone.goto(table.url);
  await phone.getByRole('heading', { name: 'Tagihan meja' }).waitFor({ timeout: 20_000 });
  return { phone };
}

async function tableOrder(tableId: string) {
  const list = (await api(server.url, owner, 'GET', `/v1/qr/orders?tableId=${tableId}`)).body;
  return list.items[0].orderId as string;
}

describe('paying from the phone', { timeout: 180_000 }, () => {
  it('card: a declined test card says so; a test Visa pays and the order completes', async () => {
    const table = codes[1]!;
    const { phone } = await seatedPhone(table);
    await shot(phone, 'qr-pay-01-methods');
    await phone.getByRole('button', { name: /^Bayar dengan Kartu/ }).click();
    await phone.getByRole('heading', { name: 'Bayar dengan kartu' }).waitFor();
    await phone.getByLabel('Nomor kartu').fill('4000 0000 0000 0002');
    await phone.getByLabel('Berlaku s.d.').fill('12/34');
    await phone.getByLabel('CVC').fill('123');
    await shot(phone, 'qr-pay-02-card-form');
    await phone.getByRole('button', { name: /^Bayar Rp/ }).click();
    await phone.getByRole('alert').filter({ hasText: 'Kartu Anda ditolak' }).waitFor();
    await shot(phone, 'qr-pay-03-declined');

    await phone.getByLabel('Nomor kartu').fill('4242 4242 4242 4242');
    await phone.getByRole('button', { name: /^Bayar Rp/ }).click();
    await phone.getByText('Lunas — terima kasih!').waitFor({ timeout: 60_000 });
    await shot(phone, 'qr-pay-04-card-paid');
    const orderId = await tableOrder(table.tableId);
    const done = await pollUntil(
      async () => (await api(server.url, owner, 'GET', `/v1/orders/${orderId}`)).body,
      (o) => o.status === 'completed',
    );
    expect(done).toMatchObject({ status: 'completed', balanceAmount: 0 });
    const list = (await api(server.url, owner, 'GET', `/v1/orders/${orderId}/payments`)).body.items as {
      gateway: string;
      status: string;
    }[];
    expect(list.map((p) => `${p.gateway}:${p.status}`).sort()).toEqual(['stripe:completed', 'stripe:failed']);
  });

  it('e-wallet: GoPay opens by its deeplink, paid on the simulator', async () => {
    const table = codes[2]!;
    const { phone } = await seatedPhone(table);
    await phone.getByRole('button', { name: /^Bayar dengan GoPay/ }).click();
    const open = phone.getByRole('link', { name: 'Buka GoPay' });
    await open.waitFor();
    expect(await open.getAttribute('href')).toMatch(/^gojek:\/\//);
    await shot(phone, 'qr-pay-05-gopay');
    const orderId = await tableOrder(table.tableId);
    const list = (await api(server.url, owner, 'GET', `/v1/orders/${orderId}/payments`)).body.items as {
      gatewayRef: string;
      channel: string;
    }[];
    expect(list[0]!.channel).toBe('gopay');
    await server.sims.midtrans.pay(list[0]!.gatewayRef);
    await phone.getByText('Lunas — terima kasih!').waitFor({ timeout: 60_000 });
    await shot(phone, 'qr-pay-06-gopay-paid');
  });
});
