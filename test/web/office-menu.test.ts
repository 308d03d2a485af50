// The story across both apps, in a real browser against the real server (see support.ts):
// an owner adds a modifier group and an item with it in the back office → a signed-in register
// shows the item live → a cashier sells it with an option → it is in today's top items on the
// dashboard, as the API reports them; the items report downloaded as CSV has the same figures.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../support/csv.ts';
import {
  api,
  businessDay,
  DEMO,
  launchBrowser,
  login,
  newRegister,
  pairWithCode,
  rupiah,
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
let register: Page;

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, DEMO.owner.email);
  const context = await browser.newContext({ viewport: TABLET, locale: 'en-US', deviceScaleFactor: 1 });
  office = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('office menu → register → dashboard', { timeout: 120_000 }, () => {
  it('a new item with a modifier group is sold on a register and tops the dashboard', async () => {
    const outlet = server.demo.outlets[0]!;
    // A register at the outlet, paired and signed in before the item exists.
    ({ page: register } = await newRegister(browser, server.url));
    await pairWithCode(register, server.url, outlet.registers[0]!.id);
    await register.getByRole('heading', { name: 'Who is selling?' }).waitFor();
    await signInByPin(register, 'Ani', DEMO.cashiers[0].pin);
    await register.getByText('Tap an item to start a sale').waitFor();

    await office.goto(`${server.url}/office/`);
    await office.getByLabel('Email').fill(DEMO.owner.email);
    await office.getByLabel('Password').fill(DEMO.password);
    await office.getByRole('button', { name: 'Sign in' }).click();
    await office.getByRole('heading', { name: /^Today/ }).waitFor();
    await office.getByRole('button', { name: 'Menu' }).click();
    await office.getByRole('heading', { name: 'Menu', level: 1 }).waitFor();

    // The modifier group: exactly one spice level, the hot one costs Rp 2.000 more.
    const newGroup = office.getByRole('form', { name: 'New modifier group' });
    await newGroup.getByLabel('Name').fill('Level pedas');
    await newGroup.getByLabel('At least').fill('1');
    await newGroup.getByLabel('At most').fill('1');
    await newGroup.getByLabel('Option 1', { exact: true }).fill('Sedang');
    await newGroup.getByRole('button', { name: '+ Another option' }).click();
    await newGroup.getByLabel('Option 2', { exact: true }).fill('Pedas banget');
    await newGroup.getByLabel('Extra price of option 2').fill('2000');
    await newGroup.getByRole('button', { name: 'Create group' }).click();
    const listed = office.getByRole('region', { name: 'Modifier groups' }).getByRole('listitem', {
      name: 'Level pedas',
    });
    await listed.getByText('pick 1').waitFor();
    await listed.getByText(`Pedas banget +${rupiah(200_000)}`).waitFor();
    const groups = await api(server.url, owner, 'GET', '/v1/catalog/modifier-groups?limit=200');
    const group = (
      groups.body.items as Array<{
        id: string;
        name: string;
        minSelect: number;
        maxSelect: number | null;
        options: Array<{ name: string; price: number }>;
      }>
    ).find((g) => g.name === 'Level pedas')!;
    expect(group).toMatchObject({ minSelect: 1, maxSelect: 1 });
    expect(group.options.map((o) => [o.name, o.price])).toEqual([
      ['Sedang', 0],
      ['Pedas banget', 200_000],
    ]);

    // The item, with the group attached.
    const addItem = office.getByRole('form', { name: 'Add item' });
    await addItem.getByLabel('Name').fill('Seblak Komplit');
    await addItem.getByLabel('Price').fill('18000');
    await addItem.getByRole('checkbox', { name: 'Level pedas' }).check();
    await shot(office, 'office-08-menu-modifiers');
    await addItem.getByRole('button', { name: 'Add' }).click();
    await office.getByRole('form', { name: 'Seblak Komplit' }).getByText('Level pedas').waitFor();
    const items = await api(server.url, owner, 'GET', '/v1/catalog/items?limit=200');
    const item = (
      items.body.items as Array<{
        name: string;
        modifierGroupIds: string[];
        variants: Array<{ price: number }>;
      }>
    ).find((i) => i.name === 'Seblak Komplit')!;
    expect(item.modifierGroupIds).toEqual([group.id]);
    expect(item.variants[0]!.price).toBe(1_800_000);

    // The open register shows it without a reload; the spice level must be chosen.
    const tile = register.getByRole('button', { name: /^Seblak Komplit/ });
    await tile.waitFor({ timeout: 20_000 });
    await tile.click();
    const dialog = register.getByRole('dialog', { name: 'Seblak Komplit' });
    const add = dialog.getByRole('button', { name: /^Add/ });
    expect(await add.isDisabled()).toBe(true);
    await dialog.getByRole('radio', { name: /Pedas banget/ }).click();
    await shot(register, 'office-09-register-new-item');
    await add.click();
    await register.getByRole('button', { name: /^Pay/ }).click();
    await register
      .getByRole('dialog', { name: 'Payment' })
      .getByRole('button', { name: /^Exact cash/ })
      .click();
    await register.getByRole('dialog', { name: 'Payment complete' }).waitFor();

    // Today's dashboard: the item is among the top items, with the API's figure (item + option).
    await office.getByRole('button', { name: 'Dashboard' }).click();
    const tenant = await api(server.url, owner, 'GET', '/v1/tenant');
    const today = businessDay(tenant.body.timezone);
    const report = await api(server.url, owner, 'GET', `/v1/reports/items?from=${today}`);
    const row = (
      report.body.rows as Array<{ label: string; current: { netSales: number; quantity: number } }>
    ).find((r) => r.label.startsWith('Seblak Komplit'))!;
    expect(row.current.quantity).toBe(1);
    expect(row.current.netSales).toBeGreaterThan(1_800_000); // the option's Rp 2.000 counts
    const top = office.getByRole('region', { name: 'Top items' }).getByRole('listitem');
    await expect
      .poll(async () => (await top.allTextContents()).find((x) => x.includes('Seblak Komplit')) ?? '', {
        timeout: 10_000,
      })
      .toContain(rupiah(row.current.netSales));
    await office.waitForTimeout(300);
    await shot(office, 'office-10-dashboard-new-item');

    // Reports → Items for today, downloaded as CSV: the same figures for the new item and its option.
    await office.getByRole('button', { name: 'Reports' }).click();
    await office.getByLabel('Report').selectOption('items');
    await office.getByLabel('From').fill(today);
    await office.getByLabel('To').fill(today);
    await office.getByRole('button', { name: 'Show' }).click();
    await office
      .getByRole('region', { name: 'Items' })
      .getByRole('row', { name: /^Seblak Komplit/ })
      .waitFor();
    const [download] = await Promise.all([
      office.waitForEvent('download'),
      office.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const lines = parseCsv(readFileSync(await download.path(), 'utf8'));
    const line = lines.find((r) => r.label?.startsWith('Seblak Komplit'))!;
    expect(line).toMatchObject({ quantity: '1', net_sales: (row.current.netSales / 100).toFixed(2) });
    const modifiers = await api(server.url, owner, 'GET', `/v1/reports/modifiers?from=${today}`);
    expect(modifiers.body.rows.length).toBeGreaterThan(0);
  });

  it('per-outlet price: the item costs more at one outlet only', async () => {
    const [outlet, other] = server.demo.outlets;
    await office.getByRole('button', { name: 'Menu' }).click();
    await office.getByLabel('Outlet').selectOption({ label: outlet!.name });
    const field = office.getByLabel(`Price of Seblak Komplit at ${outlet!.name}`, { exact: true });
    await field.fill('21000');
    await office
      .getByRole('button', { name: `Save Seblak Komplit for ${outlet!.name}`, exact: true })
      .click();
    const priceAt = async (outletId: string) => {
      const menu = await api(server.url, owner, 'GET', `/v1/catalog/menu?outletId=${outletId}`);
      const item = (
        menu.body.items as Array<{ name: string; variants: Array<{ price: number; basePrice: number }> }>
      ).find((i) => i.name === 'Seblak Komplit')!;
      return item.variants[0]!;
    };
    await expect.poll(async () => (await priceAt(outlet!.id)).price).toBe(2_100_000);
    expect(await priceAt(other!.id)).toMatchObject({ price: 1_800_000, basePrice: 1_800_000 });
    await office
      .getByRole('group', { name: `Seblak Komplit at ${outlet!.name}` })
      .getByText(rupiah(2_100_000))
      .waitFor();
    await office.getByRole('group', { name: `Seblak Komplit at ${outlet!.name}` }).scrollIntoViewIfNeeded();
    await shot(office, 'office-15-outlet-price');
  });

  it('an existing item gets a modifier group from its row', async () => {
    const items = await api(server.url, owner, 'GET', '/v1/catalog/items?limit=200');
    const mie = (items.body.items as Array<{ id: string; name: string; modifierGroupIds: string[] }>).find(
      (i) => i.name === 'Mie Ayam',
    )!;
    expect(mie.modifierGroupIds).toEqual([]);
    await office.getByText('Modifier groups of Mie Ayam').click();
    await office
      .getByRole('group', { name: 'Modifier groups of Mie Ayam' })
      .getByRole('checkbox', { name: 'Level pedas' })
      .click();
    await office.getByRole('form', { name: 'Mie Ayam' }).getByText('Level pedas').waitFor();
    const after = await api(server.url, owner, 'GET', `/v1/catalog/items/${mie.id}`);
    expect(after.body.modifierGroupIds).toHaveLength(1);
    await shot(office, 'office-16-item-groups');
  });
});
