// The back office's people and devices in a real browser against the real server (see support.ts):
// the owner adds a person with a PIN limited to one outlet, adds a register, issues a pairing code
// that pairs a real register app (which then offers the new person), and revokes the device; a
// register's close (Z report) opens in Registers › Z reports with the figures the API stored.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  DEMO,
  launchBrowser,
  officeShots,
  openOffice,
  login,
  newRegister,
  rupiah,
  shot,
  startWebServer,
  TABLET,
  type WebServer,
} from './support.ts';

let server: WebServer;
let browser: Browser;
let owner: string;
let office: Page;

interface Member {
  id: string;
  displayName: string;
  email: string;
  role: { key: string };
  outletIds: string[] | null;
  hasPin: boolean;
  status: string;
}

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, DEMO.owner.email);
  office = await openOffice(browser, server.url, TABLET);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const staffList = async (): Promise<Member[]> =>
  (await api(server.url, owner, 'GET', '/v1/staff?limit=500')).body.items;

describe('office: staff, outlets, registers and devices', { timeout: 120_000 }, () => {
  it('adds a cashier limited to one outlet, then disables another person', async () => {
    const outlet = server.demo.outlets[0]!;
    await office.getByRole('button', { name: 'Staff' }).click();
    await office.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();
    const form = office.getByRole('form', { name: 'Add staff' });
    await form.getByLabel('Name').fill('Rina Kasir');
    await form.getByLabel('Email').fill('rina@warung.demo');
    await form.getByLabel(/^Password/).fill('rina-rahasia-1');
    await form.getByLabel('Role').selectOption({ label: 'Cashier' });
    await form.getByLabel(/^PIN/).fill('4826');
    await form.getByRole('checkbox', { name: outlet.name }).check();
    await form.getByRole('button', { name: 'Add person' }).click();
    await office.getByRole('row', { name: /Rina Kasir/ }).waitFor();
    const rina = (await staffList()).find((m) => m.email === 'rina@warung.demo')!;
    expect(rina).toMatchObject({
      displayName: 'Rina Kasir',
      role: { key: 'cashier' },
      outletIds: [outlet.id],
      hasPin: true,
      status: 'active',
    });
    expect(await office.getByRole('row', { name: /Rina Kasir/ }).textContent()).toContain(outlet.name);

    const dewi = (await staffList()).find((m) => m.displayName.startsWith('Dewi'))!;
    await office
      .getByRole('checkbox', { name: `${dewi.displayName} active` })
      .click(); /* shown once the server has it */
    await expect.poll(async () => (await staffList()).find((m) => m.id === dewi.id)!.status).toBe('disabled');
    await shot(office, 'office-11-staff');
  });

  it('adds a register, pairs a tablet with its code, and revokes the device', async () => {
    const outlet = server.demo.outlets[0]!;
    await office.getByRole('button', { name: 'Registers' }).click();
    await office.getByRole('heading', { name: 'Outlets and registers', level: 1 }).waitFor();
    const section = office.getByRole('region', { name: outlet.name, exact: true });
    const add = section.getByRole('form', { name: `New register at ${outlet.name}` });
    await add.getByLabel('Register name').fill('Bar');
    await add.getByRole('button', { name: 'Add register' }).click();
    const row = section.getByRole('listitem', { name: 'Bar', exact: true });
    await row.waitFor();
    const registers = await api(server.url, owner, 'GET', `/v1/registers?outletId=${outlet.id}`);
    const bar = (registers.body.items as Array<{ id: string; name: string }>).find((r) => r.name === 'Bar')!;
    expect(bar).toBeDefined();

    await row.getByRole('button', { name: 'Pairing code' }).click();
    const code = (await row
      .getByRole('status', { name: 'Pairing code for Bar' })
      .locator('.code')
      .textContent())!;
    expect(code.length).toBeGreaterThanOrEqual(4);
    await shot(office, 'office-12-registers-code');

    // The code pairs a real register app to "Bar"; the new cashier can sign in there.
    const { page: tablet } = await newRegister(browser, server.url);
    await tablet.getByLabel('Pairing code').fill(code);
    await tablet.getByRole('button', { name: 'Pair this device' }).click();
    await tablet.getByRole('heading', { name: 'Who is selling?' }).waitFor();
    await tablet.getByRole('button', { name: /Rina Kasir/ }).waitFor();
    const devices = await api(server.url, owner, 'GET', '/v1/devices?limit=500');
    const device = (devices.body.items as Array<{ id: string; name: string; registerId: string }>).find(
      (d) => d.registerId === bar.id,
    )!;
    expect(device).toBeDefined();

    // The office lists the device under the register; revoking it ends it.
    await office.getByRole('button', { name: 'Staff' }).click();
    await office.getByRole('button', { name: 'Registers' }).click();
    await row.getByText('1 device').waitFor();
    await shot(office, 'office-13-registers-device');
    await row.getByRole('button', { name: `Revoke ${device.name}` }).click();
    await row.getByText('0 devices').waitFor();
    await expect
      .poll(async () => {
        const list = await api(server.url, owner, 'GET', '/v1/devices?limit=500');
        return (list.body.items as Array<{ id: string; revokedAt: string | null }>).find(
          (d) => d.id === device.id,
        )?.revokedAt;
      })
      .toBeTruthy();
    await tablet.context().close();
  });

  it('adds an outlet', async () => {
    const form = office.getByRole('form', { name: 'Add outlet' });
    await form.getByLabel('Name').fill('Warung Demo Bintaro');
    await form.getByLabel('Address').fill('Jl. Bintaro Utama 9');
    await form.getByRole('button', { name: 'Add' }).click();
    await office.getByRole('region', { name: 'Warung Demo Bintaro' }).waitFor();
    const outlets = await api(server.url, owner, 'GET', '/v1/outlets?limit=100');
    expect(
      (outlets.body.items as Array<{ name: string; address: string }>).map((o) => [o.name, o.address]),
    ).toContainEqual(['Warung Demo Bintaro', 'Jl. Bintaro Utama 9']);
  });

  it('a register’s close opens in Registers › Z reports as the API stored it', async () => {
    const outlet = server.demo.outlets[0]!;
    const made = await api(server.url, owner, 'POST', '/v1/registers', {
      outletId: outlet.id,
      name: 'Kasir Z',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const registerId = made.body.id as string;
    // A day at that register through the API: a float, a cash sale, a count Rp 1.000 short.
    const open = await api(server.url, owner, 'POST', '/v1/drawer-sessions', {
      registerId,
      float: { amount: 10_000_000 },
    });
    expect(open.status, JSON.stringify(open.body)).toBe(201);
    const menu = await api(server.url, owner, 'GET', `/v1/catalog/menu?outletId=${outlet.id}`);
    const item = (
      menu.body.items as Array<{ id: string; modifierGroupIds: string[]; variants: Array<{ id: string }> }>
    ).find((i) => i.modifierGroupIds.length === 0)!;
    const sale = await api(server.url, owner, 'POST', '/v1/sales', {
      outletId: outlet.id,
      registerId,
      diningOption: 'takeaway',
      lines: [{ itemId: item.id, variantId: item.variants[0]!.id, quantity: 2 }],
      payments: [{ method: 'cash', tendered: 100_000_000 }],
    });
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    const x = await api(server.url, owner, 'GET', `/v1/drawer-sessions/${open.body.id}/x-report`);
    const closed = await api(server.url, owner, 'POST', `/v1/drawer-sessions/${open.body.id}/close`, {
      counted: { amount: (x.body.cash.expected as number) - 100_000 },
      reason: 'uang kembalian kurang',
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const z = closed.body.zReport;

    await office.getByRole('button', { name: 'Staff' }).click();
    await office.getByRole('button', { name: 'Registers' }).click();
    const panel = office.getByRole('region', { name: 'Z reports' });
    await panel.getByRole('combobox', { name: /^Register/ }).selectOption(registerId);
    const row = panel.getByRole('row', { name: `Z ${z.number}` });
    // The register's Z reports load after the choice: wait for the row (allTextContents does not).
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(1, 6)).toEqual([
      String(z.sales.orders),
      rupiah(z.sales.total),
      rupiah(z.cash.expected),
      rupiah(z.cash.counted),
      rupiah(-100_000),
    ]);
    await row.getByRole('button', { name: `Open Z ${z.number}` }).click();
    const report = panel.getByRole('article', { name: `Z ${z.number} · Kasir Z` });
    await report.waitFor();
    const figure = async (term: string) =>
      (await report
        .locator('dt', { hasText: new RegExp(`^${term}$`) })
        .locator('xpath=following-sibling::dd[1]')
        .textContent())!;
    expect(await figure('Opening float')).toBe(rupiah(10_000_000));
    expect(await figure('Cash sales')).toBe(rupiah(z.cash.sales));
    expect(await figure('Expected')).toBe(rupiah(z.cash.expected));
    expect(await figure('Difference')).toBe(rupiah(-100_000));
    expect(await figure('Total')).toBe(rupiah(z.sales.total));
    await report.scrollIntoViewIfNeeded();
    await officeShots(office, 'office-14-z-report');
  });

  it('taxes, service charges and discounts: added and removed as the API stores them', async () => {
    await office.getByRole('button', { name: 'Pricing' }).click();
    await office.getByRole('heading', { name: 'Taxes, service charges and discounts', level: 1 }).waitFor();
    const tax = office.getByRole('form', { name: 'New tax' });
    await tax.getByLabel('Name').fill('PPN 11%');
    await tax.getByLabel('Rate (%)').fill('11');
    await tax.getByRole('button', { name: 'Add' }).click();
    await office.getByRole('region', { name: 'Taxes' }).getByRole('listitem', { name: 'PPN 11%' }).waitFor();

    const charge = office.getByRole('form', { name: 'New service charge' });
    await charge.getByLabel('Name').fill('Service takeaway 2.5%');
    await charge.getByLabel('Rate (%)').fill('2.5');
    await charge.getByRole('checkbox', { name: 'Dine in' }).uncheck();
    await charge.getByRole('checkbox', { name: 'Takeaway' }).check();
    await charge.getByRole('button', { name: 'Add' }).click();
    const charges = office.getByRole('region', { name: 'Service charges' });
    await charges.getByRole('listitem', { name: 'Service takeaway 2.5%' }).waitFor();

    const discount = office.getByRole('form', { name: 'New discount' });
    await discount.getByLabel('Name').fill('Happy hour');
    await discount.getByLabel(/^Percent/).fill('20');
    await discount.getByLabel('Manager approval above').fill('10');
    await discount.getByRole('button', { name: 'Add' }).click();
    await office
      .getByRole('region', { name: 'Discounts' })
      .getByRole('listitem', { name: 'Happy hour' })
      .getByText('approval over 10%')
      .waitFor();

    // The seeded 5% service charge is removed (archived).
    const seeded = (await api(server.url, owner, 'GET', '/v1/catalog/service-charges?limit=200')).body
      .items as Array<{ id: string; name: string }>;
    const old = seeded.find((c) => c.name === 'Service 5%')!;
    await charges.getByRole('button', { name: 'Remove Service 5%' }).click();
    await charges.getByRole('listitem', { name: 'Service 5%' }).waitFor({ state: 'detached' });
    await shot(office, 'office-14-pricing');

    const taxes = (await api(server.url, owner, 'GET', '/v1/catalog/tax-rates?limit=200')).body.items;
    expect(taxes).toContainEqual(
      expect.objectContaining({ name: 'PPN 11%', ratePpm: 110_000, inclusive: false }),
    );
    const after = (await api(server.url, owner, 'GET', '/v1/catalog/service-charges?limit=200')).body.items;
    expect(after).toContainEqual(
      expect.objectContaining({
        name: 'Service takeaway 2.5%',
        ratePpm: 25_000,
        diningOptions: ['takeaway'],
        taxable: true,
      }),
    );
    expect(after.find((c: { id: string }) => c.id === old.id).archived).toBe(true);
    const discounts = (await api(server.url, owner, 'GET', '/v1/catalog/discounts?limit=200')).body.items;
    expect(discounts).toContainEqual(
      expect.objectContaining({
        name: 'Happy hour',
        kind: 'percentage',
        scope: 'order',
        value: 200_000,
        approvalThreshold: 100_000,
      }),
    );
  });
});
