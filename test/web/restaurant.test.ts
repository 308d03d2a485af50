// The restaurant in real browsers against the real server (issue 13): a waiter on a phone opens a
// table on the live floor plan, orders per seat and course, sends to the kitchen, sees the kitchen
// make it ready, fires the next course and asks for the bill, while a second waiter's phone shows
// the table change colour live.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, DEMO, launchBrowser, login, PHONE, shot, startWebServer, type WebServer } from './support.ts';

let server: WebServer;
let browser: Browser;
let owner: string;
let kitchen: string;
let kemang: { id: string };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
  owner = await login(server.url, DEMO.owner.email);
  kitchen = await login(server.url, DEMO.kitchen.email);
  kemang = server.demo.outlets.find((o) => o.name.includes('Kemang'))!;
  // The demo's stations at Kemang: "Dapur" takes every line no rule routes, "Bar" the drinks.
  const stations = await api(server.url, owner, 'GET', `/v1/kitchen/stations?outletId=${kemang.id}`);
  expect(stations.body.items.map((s: { name: string; isDefault: boolean }) => [s.name, s.isDefault])).toEqual(
    [
      ['Dapur', true],
      ['Bar', false],
    ],
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await server?.close();
});

/** A phone with the waiter app, signed in as the demo waiter. */
async function waiterPhone(): Promise<Page> {
  const context = await browser.newContext({
    viewport: PHONE,
    locale: 'en-US',
    deviceScaleFactor: 1,
    serviceWorkers: 'block',
    hasTouch: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/waiter/`);
  await page.getByLabel('Email').fill(DEMO.waiter.email);
  await page.getByLabel('Password').fill(DEMO.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('tab', { name: /Dalam/ }).waitFor();
  return page;
}

const table = (page: Page, name: string, status: string) =>
  page.getByRole('button', { name: `${name}, ${status}`, exact: true });
const line = (page: Page, name: string) => page.getByRole('listitem').filter({ hasText: name });
const ticketsOf = async (orderId: string) =>
  (await api(server.url, kitchen, 'GET', `/v1/kitchen/tickets?orderId=${orderId}&state=all`)).body.items as {
    id: string;
    status: string;
    course: number | null;
    tableRef: string | null;
    lines: { name: string; seat: number | null; course: number | null; status: string }[];
  }[];

describe('waiter on a phone', () => {
  it('opens a table, orders by seat and course, sends, sees it ready, fires course 2, asks for the bill', async () => {
    const phone = await waiterPhone();
    const other = await waiterPhone(); // a second waiter watching the floor
    await expect(table(phone, 'Meja 3', 'Free').isVisible()).resolves.toBe(true);
    expect(await phone.getByRole('tab', { name: /Teras/ }).isVisible()).toBe(true);
    await shot(phone, 'waiter-floor');

    // Open Meja 3 for two guests: the other phone sees it occupied, live.
    await table(phone, 'Meja 3', 'Free').click();
    const open = phone.getByRole('dialog', { name: 'Open Meja 3' });
    await open.getByRole('radio', { name: '2', exact: true }).click();
    await shot(phone, 'waiter-open-table');
    await open.getByRole('button', { name: 'Open table · 2 guests' }).click();
    await phone.getByRole('heading', { name: 'Meja 3' }).waitFor();
    await table(other, 'Meja 3', 'Occupied').waitFor({ timeout: 2000 });
    const orderId = /#\/order\/([0-9a-f-]{36})/.exec(phone.url())![1]!;

    // Items per seat and course: seat 1 and 2 in course 1, then in course 2.
    await phone.getByRole('button', { name: '+ Add items' }).click();
    const menu = phone.getByRole('dialog', { name: 'Add to Meja 3' });
    await menu.getByRole('radio', { name: 'Seat 1' }).click();
    await menu.getByRole('radio', { name: 'Course 1' }).click();
    await menu.getByRole('button', { name: /^Nasi Goreng Spesial, / }).click();
    await menu.getByRole('button', { name: 'Done · 1' }).waitFor();
    await menu.getByRole('radio', { name: 'Seat 2' }).click();
    await menu.getByRole('button', { name: /^Es Teh Manis, / }).click();
    const tea = phone.getByRole('dialog', { name: 'Es Teh Manis' });
    await tea.getByRole('radio', { name: 'Normal' }).click();
    await shot(phone, 'waiter-item-options');
    await tea.getByRole('button', { name: /^Add · / }).click();
    await tea.waitFor({ state: 'detached' });
    await menu.getByRole('button', { name: 'Done · 2' }).waitFor();
    await shot(phone, 'waiter-menu');
    await menu.getByRole('radio', { name: 'Course 2' }).click();
    await menu.getByRole('radio', { name: 'Seat 1' }).click();
    await menu.getByRole('button', { name: /^Mie Ayam, / }).click();
    await menu.getByRole('button', { name: 'Done · 3' }).waitFor();
    await menu.getByRole('radio', { name: 'Seat 2' }).click();
    await menu.getByRole('button', { name: /^Sate Ayam/ }).click();
    await menu.getByRole('button', { name: 'Done · 4' }).click();
    await line(phone, 'Sate Ayam').getByText('not sent').waitFor();

    const order = (await api(server.url, owner, 'GET', `/v1/orders/${orderId}`)).body;
    expect(
      order.lines.map((l: { name: string; seat: number; course: number }) => [l.name, l.seat, l.course]),
    ).toEqual([
      ['Nasi Goreng Spesial', 1, 1],
      ['Es Teh Manis', 2, 1],
      ['Mie Ayam', 1, 2],
      ['Sate Ayam (10 tusuk)', 2, 2],
    ]);
    // Waiters see money: the server's total, as the tenant writes it.
    const rupiah = new Intl.NumberFormat('id-ID', {
      style: 'currency',
      currency: 'IDR',
      maximumFractionDigits: 0,
    })
      .format(order.total / 100)
      .replace(/\s/g, '\u00a0');
    await phone.getByLabel(`Total ${rupiah}`).waitFor();
    await shot(phone, 'waiter-order-unsent');

    // Send: course 1 goes to the kitchen, course 2 is held until fired.
    await phone.getByRole('button', { name: 'Send to kitchen (4)' }).click();
    await line(phone, 'Nasi Goreng Spesial').getByText('new', { exact: true }).waitFor();
    await line(phone, 'Mie Ayam').getByText('held', { exact: true }).waitFor();
    let tickets = await ticketsOf(orderId);
    // The demo routes drinks to the bar: course 1 is one ticket per station.
    const first = tickets.filter((t) => t.status === 'open');
    expect(first.map((t) => t.tableRef)).toEqual(['Meja 3', 'Meja 3']);
    expect(first.map((t) => t.lines.map((l) => [l.name, l.seat]))).toEqual(
      expect.arrayContaining([[['Nasi Goreng Spesial', 1]], [['Es Teh Manis', 2]]]),
    );
    expect(tickets.filter((t) => t.status === 'held').map((t) => t.course)).toEqual([2]);

    // The kitchen and the bar bump their tickets: the waiter sees the lines ready, live.
    for (const t of first) {
      const bumped = await api(server.url, kitchen, 'POST', `/v1/kitchen/tickets/${t.id}/bump`);
      expect(bumped.status).toBe(200);
    }
    await line(phone, 'Nasi Goreng Spesial').getByText('ready', { exact: true }).waitFor({ timeout: 2000 });
    await line(phone, 'Es Teh Manis').getByText('ready', { exact: true }).waitFor();
    await shot(phone, 'waiter-ready');

    // Fire course 2: a second ticket opens in the kitchen.
    await phone.getByRole('button', { name: /Fire course 2/ }).click();
    await line(phone, 'Mie Ayam').getByText('new', { exact: true }).waitFor();
    tickets = await ticketsOf(orderId);
    const second = tickets.find((t) => t.course === 2)!;
    expect(second.status).toBe('open');
    expect(second.lines.map((l) => l.name)).toEqual(['Mie Ayam', 'Sate Ayam (10 tusuk)']);
    expect(await phone.getByRole('button', { name: /Fire course/ }).count()).toBe(0);

    // The bill: the other phone's floor plan shows it, live.
    await phone.getByRole('button', { name: 'Request bill' }).click();
    await phone.getByRole('button', { name: 'Bill requested' }).waitFor();
    await table(other, 'Meja 3', 'Bill').waitFor({ timeout: 2000 });
    await shot(phone, 'waiter-bill');
    await shot(other, 'waiter-floor-live');
    await phone.getByRole('button', { name: 'Back to the floor' }).click();
    await table(phone, 'Meja 3', 'Bill').waitFor();
  }, 120_000);
});
