// The back office in a real browser against the real server (see support.ts): the demo owner signs
// in, sees today's sales on the dashboard as the API reports them, downloads a report as CSV with
// the same figures, and changes an item's price.
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
  rupiah,
  shot,
  startWebServer,
  TABLET,
  type WebServer,
} from './support.ts';

let server: WebServer;
let browser: Browser;
let owner: string;
let page: Page;
let today: string;

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, DEMO.owner.email);
  const tenant = await api(server.url, owner, 'GET', '/v1/tenant');
  today = businessDay(tenant.body.timezone);
  // Three sales today through the API, at two outlets, cash and card.
  for (const [i, outlet] of server.demo.outlets.slice(0, 2).entries()) {
    const menu = await api(server.url, owner, 'GET', `/v1/catalog/menu?outletId=${outlet.id}`);
    const simple = (
      menu.body.items as Array<{ id: string; modifierGroupIds: string[]; variants: Array<{ id: string }> }>
    )
      .filter((it) => it.modifierGroupIds.length === 0)
      .slice(0, 2);
    for (const [n, item] of simple.entries()) {
      const sale = await api(server.url, owner, 'POST', '/v1/sales', {
        outletId: outlet.id,
        registerId: outlet.registers[0]!.id,
        diningOption: n === 0 ? 'dine_in' : 'takeaway',
        lines: [{ itemId: item.id, variantId: item.variants[0]!.id, quantity: i + n + 1 }],
        payments: [
          i === 0
            ? { method: 'cash', tendered: 100_000_000 }
            : { method: 'card', card: { brand: 'visa', last4: '4242' } },
        ],
      });
      expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    }
  }
  const context = await browser.newContext({ viewport: TABLET, locale: 'en-US', deviceScaleFactor: 1 });
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('back office', { timeout: 90_000 }, () => {
  it('the owner signs in and sees today’s figures as the API reports them', async () => {
    await page.goto(`${server.url}/office/`);
    await page.getByRole('heading', { name: 'Sign in to the back office' }).waitFor();
    await shot(page, 'office-01-sign-in');
    await page.getByLabel('Email').fill(DEMO.owner.email);
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /^Today/ }).waitFor();

    const summary = await api(server.url, owner, 'GET', `/v1/reports/sales-summary?from=${today}`);
    expect(summary.body.current.orders).toBeGreaterThanOrEqual(3);
    const tile = (name: string) => page.getByRole('region', { name }).locator('.tile-value');
    await expect.poll(() => tile('Net sales').textContent()).toBe(rupiah(summary.body.current.netSales));
    expect(await tile('Transactions').textContent()).toBe(String(summary.body.current.orders));
    expect(await tile('Collected').textContent()).toBe(rupiah(summary.body.current.netCollected));
    // The top items are the API's, in its order.
    const items = await api(server.url, owner, 'GET', `/v1/reports/items?from=${today}`);
    const top = page.getByRole('region', { name: 'Top items' }).getByRole('listitem');
    expect(await top.first().textContent()).toContain(items.body.rows[0].label);
    // Payment mix names both tenders.
    const mix = page.getByRole('region', { name: 'Payment mix' });
    await mix.getByText('cash').waitFor();
    await mix.getByText('card').waitFor();
    await page.waitForTimeout(300); // the chart draws on the next frame
    await shot(page, 'office-02-dashboard');

    // A sale at a register shows on the open dashboard by itself (realtime), as the API counts it.
    const outlet = server.demo.outlets[0]!;
    const menu = await api(server.url, owner, 'GET', `/v1/catalog/menu?outletId=${outlet.id}`);
    const item = (
      menu.body.items as Array<{ id: string; modifierGroupIds: string[]; variants: Array<{ id: string }> }>
    ).find((it) => it.modifierGroupIds.length === 0)!;
    const sale = await api(server.url, owner, 'POST', '/v1/sales', {
      outletId: outlet.id,
      registerId: outlet.registers[0]!.id,
      diningOption: 'takeaway',
      lines: [{ itemId: item.id, variantId: item.variants[0]!.id, quantity: 1 }],
      payments: [{ method: 'cash', tendered: 100_000_000 }],
    });
    expect(sale.status).toBe(201);
    const after = await api(server.url, owner, 'GET', `/v1/reports/sales-summary?from=${today}`);
    expect(after.body.current.orders).toBe(summary.body.current.orders + 1);
    await expect
      .poll(() => tile('Transactions').textContent(), { timeout: 10_000 })
      .toBe(String(after.body.current.orders));
    expect(await tile('Net sales').textContent()).toBe(rupiah(after.body.current.netSales));
  });

  it('reports: items for today, downloaded as CSV with the same figures', async () => {
    await page.getByRole('button', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    await page.getByLabel('Report').selectOption('items');
    await page.getByLabel('From').fill(today);
    await page.getByLabel('To').fill(today);
    await page.getByRole('button', { name: 'Show' }).click();
    const table = page.getByRole('region', { name: 'Items' }).getByRole('table');
    await table.waitFor();
    const json = await api(server.url, owner, 'GET', `/v1/reports/items?from=${today}&to=${today}`);
    const first = json.body.rows[0];
    await expect
      .poll(() => table.getByRole('row', { name: first.label }).first().textContent())
      .toContain(rupiah(first.current.netSales));
    await shot(page, 'office-03-reports-items');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`items-${today}-${today}.csv`);
    const rows = parseCsv(readFileSync(await download.path(), 'utf8'));
    for (const row of json.body.rows) {
      const line = rows.find((r) => r.key === row.key)!;
      expect(line.label).toBe(row.label);
      expect(line.quantity).toBe(String(row.current.quantity));
      expect(line.net_sales).toBe((row.current.netSales / 100).toFixed(2));
    }
    expect(rows.at(-1)).toMatchObject({
      key: 'total',
      net_sales: (json.body.totals.current.netSales / 100).toFixed(2),
    });

    await page.getByLabel('Report').selectOption('sales-summary');
    await page
      .getByRole('region', { name: 'Sales summary' })
      .getByRole('table', { name: 'Payment methods' })
      .waitFor();
    await shot(page, 'office-04-reports-summary');
  });

  it('menu: the owner changes an item’s price; the API has it', async () => {
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('heading', { name: 'Menu', level: 1 }).waitFor();
    const items = await api(server.url, owner, 'GET', '/v1/catalog/items?limit=200');
    const item = (
      items.body.items as Array<{ id: string; name: string; variants: Array<{ price: number }> }>
    ).find((i) => i.variants.length === 1)!;
    const newPrice = item.variants[0]!.price + 100_000; // + Rp 1.000
    const field = page.getByLabel(`Price of ${item.name}`, { exact: true });
    await field.fill(String(newPrice / 100));
    await shot(page, 'office-05-menu');
    await page.getByRole('button', { name: `Save ${item.name}`, exact: true }).click();
    await expect
      .poll(
        async () =>
          (await api(server.url, owner, 'GET', `/v1/catalog/items/${item.id}`)).body.variants[0].price,
      )
      .toBe(newPrice);
    await page.getByRole('form', { name: item.name }).getByText(rupiah(newPrice)).waitFor();
  });

  it('menu: sold out at one outlet; the outlet’s menu says so; the office reads Indonesian', async () => {
    const outlet = server.demo.outlets[0]!;
    await page.getByLabel('Outlet').selectOption({ label: outlet.name });
    const items = await api(server.url, owner, 'GET', '/v1/catalog/items?limit=200');
    const item = (items.body.items as Array<{ id: string; name: string }>)[0]!;
    const toggle = page
      .getByRole('form', { name: item.name })
      .getByRole('checkbox', { name: `Sold out at ${outlet.name}` });
    await toggle.check();
    await expect
      .poll(async () => {
        const menu = await api(server.url, owner, 'GET', `/v1/catalog/menu?outletId=${outlet.id}`);
        return (menu.body.items as Array<{ id: string; soldOut: boolean }>).find((i) => i.id === item.id)
          ?.soldOut;
      })
      .toBe(true);
    await shot(page, 'office-06-menu-outlet');
    await page.getByRole('radio', { name: 'ID', exact: true }).click();
    await page.getByRole('button', { name: 'Dasbor' }).click();
    await page.getByRole('region', { name: 'Penjualan bersih' }).waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'office-07-dashboard-id');
  });
});
