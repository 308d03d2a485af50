// The back office's Settings and pictures, in a real browser against the real server: an item
// picture uploaded in the menu shows on a register tile; the receipt logo and text set in
// Settings are on the hosted receipt; a webhook endpoint is created, delivers, and is sent again;
// the audit chain checks OK; a custom role is created and given to a person.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngImage } from '../support/images.ts';
import { pollUntil } from '../support/poll.ts';
import {
  api,
  DEMO,
  launchBrowser,
  openOffice,
  login,
  newRegister,
  pairWithCode,
  shot,
  signInByPin,
  startWebServer,
  TABLET,
  type WebServer,
} from './support.ts';

let server: WebServer;
let browser: Browser;
let owner: string;
let office: Page;
let receiver: http.Server;
const received: Array<{ type: string; delivery: string }> = [];

beforeAll(async () => {
  // The webhook receiver is on 127.0.0.1: this server may call private addresses (a LAN install).
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      try {
        received.push({
          type: String(JSON.parse(body).type),
          delivery: String(req.headers['webhook-id'] ?? ''),
        });
      } catch {
        received.push({ type: 'unparsable', delivery: '' });
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  server = await startWebServer({ outboundAllowPrivate: true });
  browser = await launchBrowser();
  owner = await login(server.url, DEMO.owner.email);
  office = await openOffice(browser, server.url, TABLET);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

const outlet = () => server.demo.outlets[0]!;

/** Waits until `check` holds (30 s), failing the test if it never does. */
async function until(check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  expect(
    await pollUntil(
      async () => await check(),
      (v) => v,
      ms,
    ),
  ).toBe(true);
}

/** A cash sale of one item through the API (as the owner); returns the order id. */
async function sell(itemId: string, variantId: string): Promise<string> {
  const res = await api(server.url, owner, 'POST', '/v1/sales', {
    outletId: outlet().id,
    registerId: outlet().registers[0]!.id,
    diningOption: 'takeaway',
    lines: [{ itemId, variantId, quantity: 1 }],
    payments: [{ method: 'cash', tendered: 100_000_000 }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.order.id as string;
}

async function openSettings(pane: string) {
  await office
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'Settings' })
    .click();
  await office.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  await office.getByRole('radio', { name: pane }).click();
}

describe('office settings and pictures', { timeout: 150_000 }, () => {
  it('an item picture uploaded in the menu shows on the register tile, live', async () => {
    const item = await api(server.url, owner, 'POST', '/v1/catalog/items', {
      name: 'Es Kopi Foto',
      variants: [{ name: 'Regular', price: 2_500_000 }],
    });
    expect(item.status).toBe(201);
    const { page: register } = await newRegister(browser, server.url);
    await pairWithCode(register, server.url, outlet().registers[0]!.id);
    await register.getByRole('heading', { name: 'Who is selling?' }).waitFor();
    await signInByPin(register, 'Ani', DEMO.cashiers[0].pin);
    const tile = register.getByRole('button', { name: /^Es Kopi Foto,/ });
    await tile.waitFor();
    expect(await tile.locator('img').count()).toBe(0);

    await office.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Menu' }).click();
    await office.getByRole('heading', { name: 'Menu', level: 1 }).waitFor();
    await office.getByLabel('Picture of Es Kopi Foto').setInputFiles({
      name: 'kopi.png',
      mimeType: 'image/png',
      buffer: pngImage(160, 120, [120, 70, 40], [230, 200, 160]),
    });
    const thumb = office.getByRole('img', { name: 'Picture of Es Kopi Foto' });
    await thumb.waitFor();
    const stored = await api(server.url, owner, 'GET', `/v1/catalog/items/${item.body.id}`);
    expect(stored.body.imageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await thumb.getAttribute('src')).toBe(stored.body.imageUrl);
    await shot(office, 'office-settings-01-item-picture');

    // The register shows it on the tile without a reload (the catalog change is pushed).
    const image = tile.locator('img.tile-image');
    await image.waitFor();
    expect(await image.getAttribute('src')).toBe(`/media/${server.demo.tenantId}/${stored.body.imageId}`);
    await until(() =>
      image.evaluate(
        (img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth === 160,
      ),
    );
    await shot(register, 'office-settings-02-register-tile-picture');
    await register.context().close();
  });

  it('receipt logo, tax id and footer set in Settings are on the hosted receipt', async () => {
    await openSettings('Receipts & cash');
    await office.getByLabel('Outlet to set up').selectOption(outlet().id);
    await office.getByLabel(`Receipt logo of ${outlet().name}`).setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: pngImage(240, 80, [20, 90, 160], [255, 255, 255]),
    });
    await office.getByRole('img', { name: `Receipt logo of ${outlet().name}` }).waitFor();
    const text = office.getByRole('form', { name: 'Receipt text' });
    await text.getByLabel('Tax ID (NPWP)').fill('01.234.567.8-901.000');
    await text.getByLabel('Footer lines').fill('Terima kasih, sampai jumpa lagi!');
    await text.getByRole('button', { name: 'Save' }).click();
    await until(async () => {
      const s = await api(server.url, owner, 'GET', `/v1/outlets/${outlet().id}/cash-settings`);
      return s.body.receiptFooter === 'Terima kasih, sampai jumpa lagi!' && s.body.logoImageId !== null;
    });
    await shot(office, 'office-settings-03-receipt-branding');

    const items = await api(server.url, owner, 'GET', '/v1/catalog/items?limit=200');
    const kopi = (
      items.body.items as Array<{ id: string; name: string; variants: Array<{ id: string }> }>
    ).find((i) => i.name === 'Es Kopi Foto')!;
    const orderId = await sell(kopi.id, kopi.variants[0]!.id);
    const receipt = await api(server.url, owner, 'GET', `/v1/orders/${orderId}/receipt`);
    const link = new URL(receipt.body.link as string, server.url);
    const hosted = await office.context().newPage();
    await hosted.goto(`${server.url}${link.pathname}${link.search}`);
    await hosted
      .getByText('NPWP: 01.234.567.8-901.000')
      .or(hosted.getByText('Tax ID: 01.234.567.8-901.000'))
      .waitFor();
    await hosted.getByText('Terima kasih, sampai jumpa lagi!').waitFor();
    const logo = hosted.locator('img').first();
    await until(() =>
      logo.evaluate(
        (img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth === 240,
      ),
    );
    await shot(hosted, 'office-settings-04-hosted-receipt-logo');
    await hosted.close();
  });

  it('a webhook endpoint created here delivers, and a delivery is sent again', async () => {
    await openSettings('Webhooks');
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/kasir`;
    const form = office.getByRole('form', { name: 'New endpoint' });
    await form.getByLabel('URL').fill(url);
    await form.getByLabel('Description').fill('Accounting sync');
    await form.getByLabel('order.completed').check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await office.getByRole('heading', { name: 'Signing secret' }).waitFor();
    await office.getByRole('listitem', { name: url }).waitFor();

    const items = await api(server.url, owner, 'GET', '/v1/catalog/items?limit=200');
    const kopi = (
      items.body.items as Array<{ id: string; name: string; variants: Array<{ id: string }> }>
    ).find((i) => i.name === 'Es Kopi Foto')!;
    await sell(kopi.id, kopi.variants[0]!.id);
    await until(() => received.filter((r) => r.type === 'order.completed').length === 1);

    const row = office.getByRole('listitem', { name: url });
    await row.getByRole('button', { name: 'Deliveries' }).click();
    const resend = row.getByRole('button', { name: /^Send order\.completed #\d+ again$/ });
    await resend.waitFor();
    await shot(office, 'office-settings-05-webhook-deliveries');
    await resend.click();
    await until(() => received.filter((r) => r.type === 'order.completed').length === 2);
    const [first, second] = received.filter((r) => r.type === 'order.completed');
    expect(second!.delivery).toBe(first!.delivery); // the same delivery, sent again
  });

  it('the audit log lists what was done here, and its chain checks OK', async () => {
    await openSettings('Audit log');
    await office
      .getByRole('table', { name: 'Audit log' })
      .getByText('media.image_uploaded')
      .first()
      .waitFor();
    await office.getByRole('button', { name: 'Check the chain' }).click();
    await office
      .getByRole('status')
      .getByText(/^Chain OK: \d+ entries, none changed\.$/)
      .waitFor();
    await shot(office, 'office-settings-06-audit-chain');
  });

  it('a custom role is created with its permissions and given to a person', async () => {
    await openSettings('Roles');
    const form = office.getByRole('form', { name: 'New role' });
    await form.getByLabel('Role name').fill('Shift lead');
    await form.getByLabel('Read sales, tax and labour reports').check();
    await form.getByLabel('See orders').check();
    await form.getByRole('button', { name: 'Create role' }).click();
    const listed = office.getByRole('listitem', { name: 'Shift lead' });
    await listed.getByText('2 permissions').waitFor();
    await shot(office, 'office-settings-07-roles');

    await office.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Staff' }).click();
    await office.getByLabel(`Role of ${DEMO.cashiers[1].name}`).selectOption({ label: 'Shift lead' });
    await until(async () => {
      const staff = await api(server.url, owner, 'GET', '/v1/staff?limit=100');
      const dewi = (staff.body.items as Array<{ displayName: string; role: { key: string } }>).find(
        (m) => m.displayName === DEMO.cashiers[1].name,
      );
      return dewi?.role.key === 'shift_lead';
    });
  });

  it('the business name is changed in Settings', async () => {
    await openSettings('Business');
    const form = office.getByRole('form', { name: 'Business' });
    await form.getByLabel('Business name').fill('Warung Demo Jaya');
    await form.getByRole('button', { name: 'Save' }).click();
    await until(
      async () => (await api(server.url, owner, 'GET', '/v1/tenant')).body.name === 'Warung Demo Jaya',
    );
    await shot(office, 'office-settings-08-business');
  });
});
