// The back office's Settings panes that connect the business to the world, in a real browser
// against the real server: a printer is added and edited in place; a payment gateway is connected
// with its secrets written once and shown masked; an API key is created (its key shown once, and
// it works), then revoked (and it stops working). Each change is checked through the API too.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  DEMO,
  launchBrowser,
  OFFICE_DESKTOP,
  officeShots,
  openOffice,
  officeSection,
  login,
  startWebServer,
  type WebServer,
} from './support.ts';

let server: WebServer;
let browser: Browser;
let owner: string;
let office: Page;

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, DEMO.owner.email);
  office = await openOffice(browser, server.url, OFFICE_DESKTOP);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openSettings(pane: string) {
  await officeSection(office, 'Settings');
  await office.getByRole('radio', { name: pane }).click();
}

interface Printer {
  id: string;
  outletId: string;
  name: string;
  kind: string;
  station: string | null;
  host: string;
  port: number;
  paper: number;
  enabled: boolean;
}

describe('office settings: printers, payment gateways, API keys', { timeout: 120_000 }, () => {
  it('a kitchen printer is added, then edited in place; the API has each change', async () => {
    await openSettings('Printers');
    const outlet = server.demo.outlets[0]!;
    const form = office.getByRole('form', { name: 'New printer' });
    await form.getByLabel('Outlet').selectOption(outlet.id);
    await form.getByLabel('Name').fill('Grill printer');
    await form.getByLabel('Prints').selectOption('kitchen');
    await form.getByLabel('Kitchen station').fill('grill');
    await form.getByLabel('IP address').fill('192.168.1.60');
    await form.getByLabel('Paper').selectOption('58');
    await form.getByRole('button', { name: 'Add printer' }).click();
    const row = office.getByRole('listitem', { name: 'Grill printer' });
    await row.getByText(/Kitchen \(grill\) · 192\.168\.1\.60:9100 · 58 mm/).waitFor();
    const list = async (): Promise<Printer[]> =>
      (await api(server.url, owner, 'GET', '/v1/printers?limit=200')).body.items;
    const added = (await list()).find((p) => p.name === 'Grill printer')!;
    expect(added).toMatchObject({
      outletId: outlet.id,
      kind: 'kitchen',
      station: 'grill',
      host: '192.168.1.60',
      port: 9100,
      paper: 58,
      enabled: true,
    });

    await row.getByRole('button', { name: 'Edit Grill printer' }).click();
    const edit = office.getByRole('form', { name: 'Edit Grill printer' });
    expect(await edit.getByLabel('IP address').inputValue()).toBe('192.168.1.60');
    await edit.getByLabel('Name').fill('Grill & wok printer');
    await edit.getByLabel('IP address').fill('192.168.1.61');
    await edit.getByLabel('Port').fill('9101');
    await edit.getByLabel('In use').uncheck();
    await edit.getByRole('button', { name: 'Save' }).click();
    await office
      .getByRole('listitem', { name: 'Grill & wok printer' })
      .getByText(/192\.168\.1\.61:9101 · 58 mm · not in use/)
      .waitFor();
    const edited = (await list()).find((p) => p.id === added.id)!;
    expect(edited).toMatchObject({
      name: 'Grill & wok printer',
      host: '192.168.1.61',
      port: 9101,
      enabled: false,
    });
    await office.getByRole('form', { name: 'New printer' }).waitFor();
    await officeShots(office, 'office-connect-01-printers');
  });

  it('a bad printer address is refused with the server’s reason, nothing stored', async () => {
    const before = (await api(server.url, owner, 'GET', '/v1/printers?limit=200')).body.items.length;
    const form = office.getByRole('form', { name: 'New printer' });
    await form.getByLabel('Name').fill('Bar printer');
    await form.getByLabel('IP address').fill('10.0.0.5');
    await form.getByLabel('Port').fill('80');
    await form.getByRole('button', { name: 'Add printer' }).click();
    await office.getByText(/^Something went wrong: /).waitFor();
    expect((await api(server.url, owner, 'GET', '/v1/printers?limit=200')).body.items.length).toBe(before);
  });

  it('a payment gateway is removed, then connected: its secrets go in and are only ever shown masked', async () => {
    await openSettings('Payments');
    const listed = async () =>
      (await api(server.url, owner, 'GET', '/v1/payment-gateways?limit=10')).body.items as Array<{
        gateway: string;
        enabled: boolean;
        baseUrl: string;
      }>;
    // The demo business has its four gateways wired to the local simulators.
    expect((await listed()).map((a) => a.gateway).sort()).toEqual([
      'midtrans',
      'razorpay',
      'stripe',
      'xendit',
    ]);
    const row = office.getByRole('listitem', { name: 'Xendit' });
    await row.getByText('taking payments').waitFor();
    await row.getByRole('button', { name: 'Remove Xendit' }).click();
    await row.getByText('not connected').waitFor();
    expect((await listed()).some((a) => a.gateway === 'xendit')).toBe(false);

    await row.getByRole('button', { name: 'Connect Xendit' }).click();
    const form = office.getByRole('form', { name: 'Connect Xendit' });
    await form.getByLabel('Secret key').fill('xnd_development_office_secret_1234');
    await form.getByLabel('Webhook secret').fill('whsec_office_callback_token');
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await row.getByText('taking payments').waitFor();
    await row.getByText('••••••••').waitFor();
    const xendit = (await listed()).find((a) => a.gateway === 'xendit')!;
    expect(xendit).toMatchObject({ enabled: true, baseUrl: 'https://api.xendit.co' });
    const raw = await api(server.url, owner, 'GET', '/v1/payment-gateways?limit=10');
    expect(JSON.stringify(raw.body)).not.toContain('office_secret');
    expect(await office.content()).not.toContain('office_secret');
    expect(await form.getByLabel('Secret key').inputValue()).toBe('');
    await form.getByRole('button', { name: 'Replace keys' }).waitFor();
    await officeShots(office, 'office-connect-02-gateways');
  });

  it('an API key is shown once, works with its scopes, and stops working when revoked', async () => {
    await openSettings('API keys');
    const form = office.getByRole('form', { name: 'New API key' });
    await form.getByLabel('What it is for').fill('Accounting export');
    await form.getByLabel('Read sales, tax and labour reports').check();
    await form.getByRole('button', { name: 'Create key' }).click();
    const secret = (await office
      .getByRole('region', { name: 'Key for Accounting export' })
      .locator('code')
      .textContent())!;
    expect(secret.length).toBeGreaterThan(20);
    const row = office.getByRole('listitem', { name: 'Accounting export' });
    await row.getByText(/1 permission · All outlets · no expiry · never used/).waitFor();
    await officeShots(office, 'office-connect-03-api-keys');

    const keys = await api(server.url, owner, 'GET', '/v1/api-keys?limit=50');
    const key = (
      keys.body.items as Array<{ id: string; name: string; scopes: string[]; prefix: string }>
    ).find((k) => k.name === 'Accounting export')!;
    expect(key.scopes).toEqual(['reports:read']);
    expect(secret.startsWith(key.prefix)).toBe(true);
    expect(JSON.stringify(keys.body)).not.toContain(secret);
    const today = new Date().toISOString().slice(0, 10);
    expect((await api(server.url, secret, 'GET', `/v1/reports/sales-summary?from=${today}`)).status).toBe(
      200,
    );
    expect((await api(server.url, secret, 'GET', '/v1/staff')).status).toBe(403);

    await row.getByRole('button', { name: 'Revoke Accounting export' }).click();
    await row.getByText('revoked').waitFor();
    expect((await api(server.url, secret, 'GET', `/v1/reports/sales-summary?from=${today}`)).status).toBe(
      401,
    );
  });
});
