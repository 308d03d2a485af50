// Webhook endpoints managed in the back office, in a real browser against the real server: one is
// added (its secret shown once), its URL, description and events edited, paused and resumed, given
// a new secret (shown once; the old one keeps signing for a while) and deleted after a confirmation.
// Then a payment gateway's server is changed, and an outlet is archived and restored. Every change
// is read back through the API.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  DEMO,
  launchBrowser,
  login,
  officeSection,
  OFFICE_DESKTOP,
  officeShots,
  openOffice,
  startWebServer,
  type WebServer,
} from './support.ts';

let server: WebServer;
let browser: Browser;
let owner: string;
let office: Page;

beforeAll(async () => {
  // The endpoints point at 127.0.0.1: this server may call private addresses (a LAN install).
  server = await startWebServer({ outboundAllowPrivate: true });
  browser = await launchBrowser();
  owner = await login(server.url, DEMO.owner.email);
  office = await openOffice(browser, server.url, OFFICE_DESKTOP);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Endpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  status: string;
  disabledReason: string | null;
  previousSecretExpiresAt: string | null;
}
const endpoints = async () =>
  (await api(server.url, owner, 'GET', '/v1/webhooks/endpoints?limit=100')).body.items as Endpoint[];

describe('office: webhook endpoints, a gateway’s server, outlet archive', { timeout: 150_000 }, () => {
  it('an endpoint is added, edited, paused, resumed, given a new secret and deleted', async () => {
    await officeSection(office, 'Settings');
    await office.getByRole('radio', { name: 'Webhooks' }).click();
    const first = 'http://127.0.0.1:9/kasir';
    const form = office.getByRole('form', { name: 'New endpoint' });
    await form.getByLabel('URL').fill(first);
    await form.getByLabel('order.completed').check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secretPanel = office.getByRole('region', { name: 'Signing secret' });
    const secret = await secretPanel.locator('code').innerText();
    expect(secret.length).toBeGreaterThan(20);

    await office.getByRole('button', { name: `Edit ${first}` }).click();
    const url = 'http://127.0.0.1:9/erp';
    const edit = office.getByRole('form', { name: `Edit ${first}` });
    expect(await edit.getByLabel('order.completed').isChecked()).toBe(true);
    await edit.getByLabel('URL').fill(url);
    await edit.getByLabel('Description').fill('ERP sync');
    await edit.getByLabel('order.canceled').check();
    await edit.getByRole('button', { name: 'Save changes' }).click();
    const row = office.getByRole('listitem', { name: url });
    await row.getByText('ERP sync').waitFor();
    await office.getByRole('form', { name: 'New endpoint' }).waitFor();
    let [stored] = await endpoints();
    expect(stored).toMatchObject({
      url,
      description: 'ERP sync',
      eventTypes: ['order.completed', 'order.canceled'],
      status: 'active',
    });

    await row.getByRole('button', { name: `Pause ${url}` }).click();
    await row.getByText('Paused', { exact: true }).waitFor();
    [stored] = await endpoints();
    expect(stored).toMatchObject({ status: 'disabled', disabledReason: 'manual' });
    await row.getByRole('button', { name: `Resume ${url}` }).click();
    await row.getByText('Active', { exact: true }).waitFor();
    [stored] = await endpoints();
    expect(stored).toMatchObject({ status: 'active', disabledReason: null });

    await row.getByRole('button', { name: `New secret for ${url}` }).click();
    await row.getByText(/old secret also signs until/).waitFor();
    const rotated = await secretPanel.locator('code').innerText();
    expect(rotated).not.toBe(secret);
    [stored] = await endpoints();
    expect(stored!.previousSecretExpiresAt).not.toBeNull();
    await officeShots(office, 'office-webhooks-01-endpoint');

    await row.getByRole('button', { name: `Delete ${url}` }).click();
    const confirm = office.getByRole('dialog', { name: 'Delete this endpoint?' });
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    // The question closes once the server has deleted it (while it is open the rest of the page is
    // hidden from the accessibility tree, so the row alone would look gone too early).
    await confirm.waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    expect(await endpoints()).toEqual([]);
  });

  it('a payment gateway’s server is shown in its form and changed there', async () => {
    await office.getByRole('radio', { name: 'Payments' }).click();
    const accounts = async () =>
      (await api(server.url, owner, 'GET', '/v1/payment-gateways?limit=10')).body.items as Array<{
        gateway: string;
        baseUrl: string;
      }>;
    const before = (await accounts()).find((a) => a.gateway === 'midtrans')!;
    await office.getByRole('button', { name: 'Connect Midtrans' }).click();
    const form = office.getByRole('form', { name: 'Connect Midtrans' });
    expect(await form.getByLabel('Server (optional)').inputValue()).toBe(before.baseUrl);
    const proxy = 'http://127.0.0.1:9/midtrans-proxy';
    await form.getByLabel('Server (optional)').fill(proxy);
    await form.getByLabel('Secret key').fill('SB-Mid-server-office-proxy');
    await form.getByRole('button', { name: 'Replace keys' }).click();
    await office.getByRole('listitem', { name: 'Midtrans' }).getByText(proxy).waitFor();
    expect((await accounts()).find((a) => a.gateway === 'midtrans')!.baseUrl).toBe(proxy);
  });

  it('an outlet is archived after a confirmation and restored', async () => {
    const outlets = async () =>
      (await api(server.url, owner, 'GET', '/v1/outlets?limit=100&includeArchived=true')).body
        .items as Array<{
        id: string;
        name: string;
        archived: boolean;
      }>;
    const outlet = server.demo.outlets[1]!;
    await officeSection(office, 'Registers', 'Outlets and registers');
    await office.getByRole('button', { name: `Edit ${outlet.name}` }).click();
    await office.getByRole('button', { name: 'Archive outlet' }).click();
    const confirm = office.getByRole('dialog', { name: `Archive ${outlet.name}?` });
    await confirm.getByRole('button', { name: 'Archive outlet' }).click();
    await confirm.waitFor({ state: 'detached' });
    await office.getByRole('heading', { name: outlet.name, level: 2 }).waitFor({ state: 'detached' });
    expect((await outlets()).find((o) => o.id === outlet.id)!.archived).toBe(true);
    const archived = office.getByRole('region', { name: 'Archived outlets' });
    await archived.getByRole('listitem', { name: outlet.name }).waitFor();
    await officeShots(office, 'office-webhooks-02-outlet-archived');
    await archived.getByRole('button', { name: `Restore ${outlet.name}` }).click();
    await office.getByRole('heading', { name: outlet.name, level: 2 }).waitFor();
    expect((await outlets()).find((o) => o.id === outlet.id)!.archived).toBe(false);
  });
});
